/* Sample embed platform widget (our stand-in for platform.twitter.com's widgets.js): turns each
   tweet placeholder into a cross-site iframe when it comes near the viewport. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var SELECTOR = ".live-blog__moment__embed--twitter[data-embed-url]";

  function tweetId(url) {
    var match = /\/status(?:es)?\/(\d+)/.exec(url || "");
    return match ? match[1] : null;
  }

  function render(box) {
    if (box.getAttribute("data-embed-state")) {
      return;
    }
    var id = tweetId(box.getAttribute("data-embed-url"));
    if (!id) {
      box.setAttribute("data-embed-state", "invalid");
      return;
    }
    var frame = document.createElement("iframe");
    frame.className = "live-blog__moment__embed-frame";
    frame.src = origin + "/embed/tweet.html?id=" + encodeURIComponent(id);
    frame.title = "Twitter bericht";
    frame.setAttribute("data-tweet-id", id);
    frame.setAttribute("scrolling", "no");
    frame.setAttribute("frameborder", "0");
    frame.style.height = "180px";
    var placeholder = box.querySelector(".live-blog__moment__embed-placeholder");
    if (placeholder) {
      placeholder.replaceWith(frame);
    } else {
      box.appendChild(frame);
    }
    box.setAttribute("data-embed-state", "rendered");
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (items) {
    items.forEach(function (item) {
      if (item.isIntersecting) {
        observer.unobserve(item.target);
        render(item.target);
      }
    });
  }, { rootMargin: "300px 0px" }) : null;

  function scan(root) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll(SELECTOR));
    if (root.matches && root.matches(SELECTOR)) {
      boxes.push(root);
    }
    boxes.forEach(function (box) {
      if (box.getAttribute("data-embed-state")) {
        return;
      }
      if (observer) {
        observer.observe(box);
      } else {
        render(box);
      }
    });
  }

  // Moments added later ("Toon meer", polling) get their embeds too.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) {
          scan(node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // The frame reports its height once it has rendered.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "sample-embed:resize") {
      return;
    }
    document.querySelectorAll("iframe.live-blog__moment__embed-frame").forEach(function (frame) {
      if (frame.getAttribute("data-tweet-id") === String(data.id)) {
        frame.style.height = Math.max(60, Math.ceil(data.height)) + "px";
      }
    });
  });

  window.twttr = window.twttr || {};
  window.twttr.widgets = { load: function (element) { scan(element || document); } };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
})();
