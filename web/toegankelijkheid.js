// Accessibility fixes (WCAG 2.1 AA) for rasa-webchat 1.0.1 that its props cannot set: Dutch
// names for the icon buttons and the input, the chat window as a named dialog, the message list
// as a polite live region that the keyboard can reach and scroll, the typing dots hidden from
// screen readers, quick-reply buttons that work with Tab and Enter, Escape closes the chat, and
// focus goes back to the launcher after closing. The widget re-renders its elements, so a
// MutationObserver applies the fixes after every render. Tests: tests/e2e/test_widget_toegankelijkheid.py
(function () {
  "use strict";
  var TEKST = {
    openen: "Chat met de digitale assistent openen",
    sluiten: "Chat sluiten",
    versturen: "Vraag versturen",
    invoer: "Uw vraag aan de digitale assistent",
    berichten: "Berichten in het gesprek"
  };

  function zet(el, naam, waarde) {
    if (el.getAttribute(naam) !== waarde) { el.setAttribute(naam, waarde); }
  }

  function elk(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  var wasOpen = false;

  function pasToe() {
    var open = document.querySelector(".rw-conversation-container") !== null;
    elk(".rw-launcher", function (knop) {
      zet(knop, "aria-label", open ? TEKST.sluiten : TEKST.openen);
      zet(knop, "aria-expanded", String(open));
    });
    elk(".rw-close-button", function (knop) { zet(knop, "aria-label", TEKST.sluiten); });
    elk(".rw-launcher img, .rw-close-button img", function (img) { zet(img, "alt", ""); });
    elk(".rw-send", function (knop) { zet(knop, "aria-label", TEKST.versturen); });
    elk(".rw-new-message", function (veld) { zet(veld, "aria-label", TEKST.invoer); });
    elk(".rw-conversation-container .rw-title", function (titel) {
      zet(titel, "id", "rw-titel");
      zet(titel, "role", "heading");
      zet(titel, "aria-level", "2");
    });
    elk(".rw-conversation-container", function (venster) {
      zet(venster, "role", "dialog");
      zet(venster, "aria-labelledby", "rw-titel");
    });
    elk(".rw-messages-container", function (lijst) {
      zet(lijst, "role", "log");
      zet(lijst, "aria-live", "polite");
      zet(lijst, "aria-label", TEKST.berichten);
      zet(lijst, "tabindex", "0");
    });
    elk(".rw-typing-indication", function (stippen) { zet(stippen, "aria-hidden", "true"); });
    elk("div.rw-reply", function (antwoord) {
      zet(antwoord, "role", "button");
      zet(antwoord, "tabindex", "0");
    });
    if (wasOpen && !open) {
      var actief = document.activeElement;
      var container = document.querySelector(".rw-widget-container");
      var launcher = document.querySelector(".rw-launcher");
      if (launcher && (!actief || actief === document.body || (container && container.contains(actief)))) {
        launcher.focus();
      }
    }
    wasOpen = open;
  }

  document.addEventListener("keydown", function (e) {
    var doel = e.target;
    if (!doel.closest || !doel.closest(".rw-widget-container")) { return; }
    var antwoord = doel.closest("div.rw-reply");
    if (antwoord && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      antwoord.click();
      // The chosen reply disappears; keep the focus in the chat, on the input.
      var veld = document.querySelector(".rw-new-message");
      if (veld) { veld.focus(); }
    } else if (e.key === "Escape" && document.querySelector(".rw-conversation-container")) {
      var sluit = document.querySelector(".rw-launcher");
      if (!sluit || sluit.getClientRects().length === 0) { sluit = document.querySelector(".rw-close-button"); }
      if (sluit) { sluit.click(); }
    }
  });

  new MutationObserver(pasToe).observe(document.body, { childList: true, subtree: true });
  pasToe();
})();
