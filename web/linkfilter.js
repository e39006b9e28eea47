// Tweede slot naast de server (bot/channels/widget.py, veilige_links): in de chat opent alleen
// een http(s)-, mailto- of tel-link. rasa-webchat zet links uit Markdown zonder eigen filter in de
// pagina; een link met een ander doel (javascript:, data:, vbscript: ...) verliest hier zijn href.
(function () {
  "use strict";
  var TOEGESTAAN = ["http:", "https:", "mailto:", "tel:"];

  function veilig(a) {
    var href = a.getAttribute("href");
    if (href === null) return true;
    try {
      return TOEGESTAAN.indexOf(new URL(href, document.baseURI).protocol) !== -1;
    } catch (e) {
      return false;
    }
  }

  function ontwapen(wortel) {
    var links = wortel.querySelectorAll ? wortel.querySelectorAll("a[href]") : [];
    for (var i = 0; i < links.length; i++) {
      if (!veilig(links[i])) links[i].removeAttribute("href");
    }
  }

  // Vóór elke andere klikafhandeling (capture): een onveilige link doet niets.
  document.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a[href]") : null;
    if (a && !veilig(a)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      a.removeAttribute("href");
    }
  }, true);

  new MutationObserver(function (wijzigingen) {
    wijzigingen.forEach(function (w) {
      if (w.type === "attributes") {
        if (w.target.tagName === "A" && !veilig(w.target)) w.target.removeAttribute("href");
      } else {
        w.addedNodes.forEach(function (n) {
          if (n.nodeType !== 1) return;
          if (n.tagName === "A" && !veilig(n)) n.removeAttribute("href");
          ontwapen(n);
        });
      }
    });
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["href"]
  });
  ontwapen(document);
})();
