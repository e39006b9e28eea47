// Start the chat widget (rasa-webchat) with Dutch labels; the socket URL comes from /config.js.
// Intranet mode: open the page as /#intranet=<token> (token: python -m bot dev-token --sub <naam>);
// the token stays in the URL fragment, which the browser never sends to a server.
(function () {
  var cfg = window.ASSISTENT_CONFIG;
  var match = window.location.hash.match(/intranet=([A-Za-z0-9_\-.]+)/);
  var token = match ? match[1] : null;
  var customData = { language: "nl" };
  if (token) { customData.intranet_token = token; }
  window.WebChat.default({
    selector: "#webchat",
    socketUrl: cfg.socketUrl,
    socketPath: cfg.socketPath,
    initPayload: "/groet",
    customData: customData,
    title: token ? "Intranet: vraag over discriminatie" : "Vraag over discriminatie?",
    subtitle: "Deel geen persoonsgegevens in deze chat.",
    inputTextFieldHint: "Typ uw vraag…",
    connectingText: "Verbinden…",
    showFullScreenButton: false,
    // Privacy: the transcript lives in sessionStorage (survives a reload, gone when the tab
    // closes), never in localStorage on a shared library PC.
    params: { storage: "session" }
  }, null);
})();
