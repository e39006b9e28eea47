// Start the chat widget (rasa-webchat) with Dutch labels; the socket URL comes from /config.js.
(function () {
  var cfg = window.ASSISTENT_CONFIG;
  window.WebChat.default({
    selector: "#webchat",
    socketUrl: cfg.socketUrl,
    socketPath: cfg.socketPath,
    initPayload: "/groet",
    customData: { language: "nl" },
    title: "Vraag over discriminatie?",
    subtitle: "Deel geen persoonsgegevens in deze chat.",
    inputTextFieldHint: "Typ uw vraag…",
    connectingText: "Verbinden…",
    showFullScreenButton: false,
    params: { storage: "local" }
  }, null);
})();
