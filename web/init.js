// Start the chat widget (rasa-webchat) with Dutch labels; the socket URL comes from /config.js.
// Intranet mode: open the page as /#intranet=<token> (token: python -m bot dev-token --sub <naam>);
// the token stays in the URL fragment, which the browser never sends to a server.
(function () {
  var cfg = window.ASSISTENT_CONFIG;
  var match = window.location.hash.match(/intranet=([A-Za-z0-9_\-.]+)/);
  var token = match ? match[1] : null;
  var customData = { language: "nl" };
  if (token) { customData.intranet_token = token; }

  // Privacy: when the server removed personal data from a message, it sends the redacted text
  // (socket event "bericht_geredigeerd"); the transcript this tab keeps in sessionStorage then
  // holds that, not what was typed. The originals stay in memory only, for this page's screen.
  var SESSIE = "chat_session";
  var vervangingen = [];  // [typed, redacted]
  var zetItem = Storage.prototype.setItem;
  function geredigeerd(waarde) {
    if (!vervangingen.length) { return waarde; }
    try {
      var sessie = JSON.parse(waarde);
      (sessie.conversation || []).forEach(function (bericht) {
        if (bericht.sender !== "client" || bericht.hidden) { return; }
        vervangingen.forEach(function (v) { if (bericht.text === v[0]) { bericht.text = v[1]; } });
      });
      return JSON.stringify(sessie);
    } catch (e) {
      return waarde;
    }
  }
  Storage.prototype.setItem = function (sleutel, waarde) {
    if (this === window.sessionStorage && sleutel === SESSIE) { waarde = geredigeerd(String(waarde)); }
    return zetItem.call(this, sleutel, waarde);
  };
  function berichtGeredigeerd(data) {
    if (!data || typeof data.tekst !== "string") { return; }
    var opgeslagen = window.sessionStorage.getItem(SESSIE);
    var sessie = opgeslagen ? JSON.parse(opgeslagen) : {};
    // (rasa-webchat also stores a hidden client message after each one sent: not that one)
    var eigen = (sessie.conversation || []).filter(function (b) { return b.sender === "client" && !b.hidden; });
    if (!eigen.length) { return; }
    vervangingen.push([eigen[eigen.length - 1].text, data.tekst]);
    window.sessionStorage.setItem(SESSIE, opgeslagen);
  }

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
    // rasa-webchat shows each reply only after 30 ms per character of "typing" (0.8 to 3 s per
    // message): an answer with its sources and the feedback question kept a resident waiting
    // up to 7 s for text the server had already sent. A short pause keeps the order visible.
    customMessageDelay: function () { return 300; },
    // Privacy: the transcript lives in sessionStorage (survives a reload, gone when the tab
    // closes), never in localStorage on a shared library PC.
    params: { storage: "session" },
    onSocketEvent: { bericht_geredigeerd: berichtGeredigeerd }
  }, null);
})();
