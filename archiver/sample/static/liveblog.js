/* Sample liveblog page script: lazy images (data-src), "Toon meer", polling for updates. */
(function () {
  "use strict";
  var feed = document.querySelector(".artstyle__element--livefeed");
  if (!feed) {
    return;
  }
  var list = feed.querySelector(".live-blog__moment-list");
  var button = feed.querySelector(".live-blog__load-more");

  // --- lazy images: data-src becomes src when the image comes near the viewport ---------
  function reveal(img) {
    if (img.getAttribute("data-src") && !img.getAttribute("src")) {
      img.setAttribute("src", img.getAttribute("data-src"));
      img.classList.add("is-loaded");
    }
  }
  var lazy = "IntersectionObserver" in window ? new IntersectionObserver(function (items) {
    items.forEach(function (item) {
      if (item.isIntersecting) {
        reveal(item.target);
        lazy.unobserve(item.target);
      }
    });
  }, { rootMargin: "200px 0px" }) : null;
  function watchImages(root) {
    root.querySelectorAll("img[data-src]").forEach(function (img) {
      if (lazy) {
        lazy.observe(img);
      } else {
        reveal(img);
      }
    });
  }
  watchImages(document);

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return Array.prototype.slice.call(template.content.children);
  }

  function showError(message) {
    var note = feed.querySelector(".live-blog__load-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "live-blog__load-error";
      feed.appendChild(note);
    }
    note.textContent = message;
  }

  // --- "Toon meer": older moments from the API, appended with the same markup -----------
  if (button) {
    button.addEventListener("click", function () {
      var next = button.getAttribute("data-next");
      if (!next || button.disabled) {
        return;
      }
      button.disabled = true;
      fetch(next, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          parse(data.html).forEach(function (item) {
            if (!document.getElementById(item.id)) {
              list.appendChild(item);
              watchImages(item);
            }
          });
          if (data.next) {
            button.setAttribute("data-next", data.next);
            button.disabled = false;
          } else {
            button.remove();
            button = null;
          }
        })
        .catch(function (error) {
          button.disabled = false;
          showError("Oudere berichten konden niet worden geladen (" + error.message + ").");
        });
    });
  }

  // --- polling: new, edited and deleted moments, and the close of the liveblog ----------
  var version = parseInt(feed.getAttribute("data-version"), 10) || 0;
  var pollUrl = feed.getAttribute("data-poll-url");
  var interval = (parseFloat(feed.getAttribute("data-poll-interval")) || 10) * 1000;

  function place(item) {
    var existing = document.getElementById(item.id);
    if (existing) {
      existing.replaceWith(item);
      watchImages(item);
      return;
    }
    var id = parseInt(item.getAttribute("data-moment-id"), 10);
    var items = list.querySelectorAll(".live-blog__moment-list__item");
    for (var i = 0; i < items.length; i++) {
      if (parseInt(items[i].getAttribute("data-moment-id"), 10) < id) {
        list.insertBefore(item, items[i]);
        item.classList.add("is-new");
        watchImages(item);
        return;
      }
    }
    if (!button) {
      list.appendChild(item);
      watchImages(item);
    }
    // Otherwise it is older than every moment shown: "Toon meer" will bring it.
  }

  function close(data) {
    var label = document.querySelector(".artstyle__label");
    if (label) {
      label.textContent = data.label;
    }
    if (data.closed_notice && !feed.querySelector(".live-blog__closed-notice")) {
      var notice = document.createElement("div");
      notice.className = "live-blog__closed-notice";
      notice.textContent = data.closed_notice;
      feed.insertBefore(notice, list);
    }
  }

  function apply(data) {
    data.deleted.forEach(function (id) {
      var gone = document.getElementById("moment-" + id);
      if (gone) {
        gone.remove();
      }
    });
    data.moments.forEach(function (moment) {
      parse(moment.html).forEach(place);
    });
    if (data.status === "closed") {
      close(data);
    }
    version = data.version;
    feed.setAttribute("data-version", String(version));
  }

  function poll() {
    fetch(pollUrl + "?since=" + version, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          apply(data);
        }
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ })
      .then(function () {
        window.setTimeout(poll, interval);
      });
  }
  if (pollUrl) {
    window.setTimeout(poll, interval);
  }
})();
