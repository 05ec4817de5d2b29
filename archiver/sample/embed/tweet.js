/* Sample embed frame: fetches the tweet's JSON after a short delay and renders it. */
(function () {
  "use strict";
  var id = new URLSearchParams(window.location.search).get("id") || "";
  var root = document.querySelector(".tweet");
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // "5:05 PM · Jul 16, 2018" in Europe/Amsterdam, built by hand so that every browser and
  // ICU version writes the same characters.
  function when(iso) {
    var date = new Date(iso);
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-US", {
        timeZone: "Europe/Amsterdam", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
    } catch (error) {
      return date.toUTCString();
    }
    var hour = parseInt(parts.hour, 10) % 24;
    var clock = (hour % 12 || 12) + ":" + parts.minute + " " + (hour < 12 ? "AM" : "PM");
    return clock + " \u00b7 " + MONTHS[parseInt(parts.month, 10) - 1] + " " + parts.day + ", " +
      parts.year;
  }

  function resize() {
    window.parent.postMessage({
      type: "sample-embed:resize", id: id, height: document.documentElement.scrollHeight
    }, "*");
  }

  function render(tweet) {
    var article = el("article", { "class": "tweet", "data-testid": "tweet",
                                  "data-tweet-id": tweet.id_str });
    var user = el("div", { "data-testid": "User-Name" });
    user.append(el("span", { "class": "tweet__name" }, tweet.user.name), " ",
                el("span", { "class": "tweet__handle" }, "@" + tweet.user.screen_name));
    var text = el("div", { "data-testid": "tweetText", "class": "tweet__text",
                           "lang": tweet.lang }, tweet.text);
    var link = el("a", { "class": "tweet__permalink", "href": tweet.permalink,
                         "target": "_blank", "rel": "noopener" });
    link.append(el("time", { "datetime": tweet.created_at }, when(tweet.created_at)));
    article.append(user, text, link);
    root.replaceWith(article);
    resize();
  }

  function fail(message) {
    root.className = "tweet tweet--error";
    root.textContent = message;
    resize();
  }

  window.setTimeout(function () {
    fetch("/embed/tweet/" + encodeURIComponent(id) + ".json")
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(render)
      .catch(function () { fail("Deze tweet is niet beschikbaar."); });
  }, 300);
})();
