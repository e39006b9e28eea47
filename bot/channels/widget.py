"""The website widget's channel: Rasa's socket.io channel, made safe and Dutch.

Same events and session persistence as Rasa's ``socketio`` channel (rasa-webchat talks to it),
with three differences:

* only the configured origins (Settings.web_origins, default the demo page) may open the
  socket — Rasa's own channel switches python-socketio's origin check off — and a packet may
  not exceed the body limit of the other channels (64 KB);
* text over the length limit or without words gets the Dutch reply of the REST channel and is
  not processed;
* every message carries ``{"doelgroep": "inwoner"}`` (the website is for residents), and the
  ``Bron: <titel> — <url>`` lines of the answers become Markdown links, so the widget shows
  them as clickable links;
* only http(s), mailto and tel links reach the widget: rasa-webchat renders Markdown without
  react-markdown's own link filter, so a ``[x](javascript:…)`` or ``data:`` link in a bot text
  would be clickable; such a link becomes its plain label (:func:`veilige_links`);
* intranet mode (demo page opened as ``/#intranet=<token>``): the widget sends the token in
  ``customData.intranet_token``; it must pass the intranet channel's rules (HS256,
  INTRANET_JWT_SECRET, sub and exp), the conversation id is then derived from its ``sub`` and
  the audience is ``ambtenaar``; an invalid token gets the Dutch error and is not processed.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import inspect
import logging
import re
import secrets
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput

from bot.channels.intranet import DOELGROEP as INTRANET_DOELGROEP
from bot.channels.intranet import OngeldigToken, controleer_token, gespreks_id, token_eisen
from bot.bronnen import bronregels
from bot.channels.invoer import classify_text, melding_geredigeerd, wis_gesprek
from bot.channels.limiet import uit_settings as limieten_uit_settings
from bot.privacy import redigeer, wil_gesprek_wissen
from bot.settings import Settings
from bot.teksten import platte_teksten

logger = logging.getLogger(__name__)

DOELGROEP = "inwoner"
# Sent to the widget with the redacted text when personal data was removed from a message: the
# page then keeps that text, not what was typed, in the tab's transcript (web/init.js).
GEREDIGEERD_EVT = "bericht_geredigeerd"
_BRON = re.compile(r"^Bron: (?P<titel>.+?) — (?P<url>https?://\S+)\s*$", re.MULTILINE)


def bron_als_link(text: str) -> str:
    """'Bron: Titel — https://…' -> 'Bron: [Titel](https://…)' (Markdown link), each source on
    its own line (Markdown hard line break)."""
    text = _BRON.sub(lambda m: f"Bron: [{m.group('titel')}]({m.group('url')})", text)
    return text.replace("\nBron: ", "  \nBron: ")


# Link targets the widget may show as a link; everything else (javascript:, data:, vbscript:,
# file:, relative) becomes plain text.
_TOEGESTAAN_DOEL = re.compile(r"(?:https?://|mailto:|tel:)", re.IGNORECASE)
_ESCAPE = r"\\."
_INLINE_LINK = re.compile(
    r"(?P<beeld>!?)\[(?P<label>(?:[^\[\]\\]|" + _ESCAPE + r"|\[(?:[^\[\]\\]|" + _ESCAPE + r")*\])*)\]"
    r"\((?P<doel>\s*(?:<[^<>\n]*>|(?:[^\s()\\]|" + _ESCAPE + r"|\((?:[^\s()\\]|" + _ESCAPE + r")*\))*)"
    r"(?:\s+(?:\"(?:[^\"\\]|" + _ESCAPE + r")*\"|'(?:[^'\\]|" + _ESCAPE + r")*'|\((?:[^()\\]|"
    + _ESCAPE + r")*\)))?\s*)\)", re.DOTALL)
_AUTOLINK = re.compile(r"<(?P<doel>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
# "](" closes an inline link, "]:" a link definition's label (which may span lines)
_LINK_SLUIT = re.compile(r"(?P<escapes>\\*)\](?P<teken>[(:])(?=(?P<doel>\s*<?[^\s)>]*))")


def link_toegestaan(doel: str) -> bool:
    """Is this Markdown link target http(s), mailto or tel as the browser will read it? Markdown
    decodes entities and backslash escapes in it, and browsers skip whitespace and control
    characters in a scheme, so those are taken out before the check."""
    doel = html.unescape(doel.strip().lstrip("<"))
    doel = re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", doel)
    doel = "".join(c for c in doel if c.isprintable() and not c.isspace())
    return bool(_TOEGESTAAN_DOEL.match(doel))


def veilige_links(text: str) -> str:
    """Markdown links, images, autolinks and link definitions whose target is not http(s),
    mailto or tel lose their link: ``[x](javascript:…)`` -> ``x``; allowed links stay as they
    are. A last pass escapes every ``](`` and ``]:`` still followed by another target, so no
    link or link definition the patterns miss can point elsewhere."""
    def inline(m: "re.Match[str]") -> str:
        label = veilige_links(m.group("label"))
        if link_toegestaan(m.group("doel")):
            return f"{m.group('beeld')}[{label}]({m.group('doel')})"
        return label

    text = _INLINE_LINK.sub(inline, text)
    text = _AUTOLINK.sub(lambda m: m.group(0) if link_toegestaan(m.group("doel"))
                         else m.group("doel"), text)

    def sluit(m: "re.Match[str]") -> str:
        if len(m.group("escapes")) % 2 or link_toegestaan(m.group("doel")):
            return m.group(0)  # an escaped "]" closes no link
        return m.group("escapes") + "\\]" + m.group("teken")

    return _LINK_SLUIT.sub(sluit, text)


_LINK_VELDEN = ("url", "src", "image_url", "href")


def veilig_bericht(bericht: Any) -> Any:
    """A bot message for the widget with only allowed links: texts through veilige_links, link
    fields (a button's url, an image's src) with another target left out."""
    if isinstance(bericht, dict):
        schoon = {}
        for sleutel, waarde in bericht.items():
            if sleutel in _LINK_VELDEN and isinstance(waarde, str) and not link_toegestaan(waarde):
                continue
            if sleutel == "text" and isinstance(waarde, str):
                schoon[sleutel] = veilige_links(waarde)
            else:
                schoon[sleutel] = veilig_bericht(waarde)
        return schoon
    if isinstance(bericht, list):
        return [veilig_bericht(b) for b in bericht]
    return bericht


class OngeldigVerzoekFilter(logging.Filter):
    """engine.io refuses a client's malformed polling request (more than 16 packets in one
    payload, a bad encoding) by closing that connection, and logs it at ERROR with a full
    traceback, as if the server failed. It is the client's fault: one WARNING line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        fout = record.exc_info[1] if record.exc_info else None
        if isinstance(fout, ValueError):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = f"Widget: ongeldig verzoek van een client geweigerd ({fout})", None
            record.exc_info, record.exc_text = None, None
        return True


def engineio_logger() -> logging.Logger:
    """The logger engine.io writes to: errors only, as its own default, through the filter."""
    log = logging.getLogger(f"{__name__}.engineio")
    log.setLevel(logging.ERROR)
    if not any(isinstance(f, OngeldigVerzoekFilter) for f in log.filters):
        log.addFilter(OngeldigVerzoekFilter())
    return log


class WidgetOutput(SocketIOOutput):
    """Sends to the widget's session room (also when the conversation id is another one, as in
    intranet mode) and turns source lines into links."""

    def __init__(self, sio: AsyncServer, bot_message_evt: Text, room: Optional[Text] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.room = room

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if isinstance(response, dict) and isinstance(response.get("text"), str):
            response = {**response, "text": bron_als_link(response["text"])}
        await super()._send_message(self.room or socket_id, veilig_bericht(response))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any],
                               **kwargs: Any) -> None:
        await super().send_custom_json(recipient_id, veilig_bericht(json_message), **kwargs)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        """Buttons of an answer (a text with a ``Bron:`` line, e.g. "Meer bronnen") stay under
        that answer: rasa-webchat keeps showing ``buttons`` but hides quick replies as soon as
        another message ("Had u hier iets aan?") follows. Questions to the user (feedback,
        "Bedoelt u …?", the forms) keep Rasa's quick replies, which go once they are answered."""
        if not bronregels(text):
            await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
            return
        delen = text.strip().split("\n\n")  # one bubble per paragraph, as Rasa's channel does
        for deel in delen[:-1]:
            await self._send_message(recipient_id, {"text": deel})
        await self._send_message(recipient_id, {"text": delen[-1], "buttons": [
            {"title": knop["title"], "payload": knop["payload"]} for knop in buttons]})


def nieuwe_sessie(geheim: bytes) -> str:
    """A new session id: 32 random hex characters and their HMAC (16 hex)."""
    willekeurig = uuid.uuid4().hex
    return f"{willekeurig}-{_handtekening(willekeurig, geheim)}"


def _handtekening(deel: str, geheim: bytes) -> str:
    return hmac.new(geheim, deel.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def sessie_geldig(session_id: str, geheim: bytes) -> bool:
    delen = session_id.split("-")
    if len(delen) != 2 or not re.fullmatch(r"[0-9a-f]{32}", delen[0]):
        return False
    return hmac.compare_digest(delen[1], _handtekening(delen[0], geheim))


class WidgetInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WidgetInput":
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", True),
            credentials.get("socketio_path", "/socket.io"),
        )

    def __init__(self, *args: Any, settings: Optional[Settings] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings or Settings.from_env()
        self.texts = platte_teksten(self.settings.texts_dir / "kanaal.yml")
        self._app: Any = None  # the Sanic app, for its tracker store ("verwijder mijn gesprek")
        # Session ids are signed with this secret (BOT_WIDGET_GEHEIM; else one per process, so
        # a session does not survive a restart) and owned by the socket that requested them.
        self._geheim = (self.settings.widget_geheim or secrets.token_hex(32)).encode("utf-8")
        self._eigenaar: Dict[str, str] = {}
        self._adres: Dict[str, Optional[str]] = {}
        self.limieten = limieten_uit_settings(self.settings)

    def get_output_channel(self) -> Optional["WidgetOutput"]:
        if self.sio is None:
            return None
        return WidgetOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.settings.web_origins,
                          max_http_buffer_size=self.settings.max_body_bytes,
                          engineio_logger=engineio_logger())
        bp = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @bp.listener("after_server_start")
        async def onthoud_app(app: Any, _loop: Any) -> None:
            self._app = app

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        # A client may send an event with no data or with more than one argument: the handlers
        # take what comes (python-socketio passes the arguments as sent).
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict] = None, *_: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            # Only a session id this server issued (signed: not guessable, not forgeable) is
            # resumed, e.g. after a reload; the new connection then owns it alone (the old one,
            # which may not have closed yet, can no longer send or receive for it).
            if not isinstance(session_id, str) or not sessie_geldig(session_id, self._geheim):
                session_id = nieuwe_sessie(self._geheim)
            for ander in [k for k, v in self._eigenaar.items() if v == session_id and k != sid]:
                del self._eigenaar[ander]
                verlaten = sio.leave_room(ander, session_id)
                if inspect.isawaitable(verlaten):
                    await verlaten
            self._eigenaar[sid] = session_id
            joined = sio.enter_room(sid, session_id)
            if inspect.isawaitable(joined):  # a coroutine in newer python-socketio releases
                await joined
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict[str, Any], *args: Any) -> None:
            self._adres[sid] = environ.get("REMOTE_ADDR") if isinstance(environ, dict) else None

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text, *args: Any) -> None:
            self._eigenaar.pop(sid, None)
            self._adres.pop(sid, None)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None, *_: Any) -> None:
            if not isinstance(data, dict):
                return
            session_id = data.get("session_id")
            text = data.get("message")
            if not isinstance(session_id, str) or not session_id or not isinstance(text, str):
                return
            if self._eigenaar.get(sid) != session_id:
                logger.warning("Widgetbericht voor een sessie die deze verbinding niet bezit: genegeerd")
                return
            if not self.limieten.toegestaan(f"widget:{session_id}", self._adres.get(sid)):
                await sio.emit(self.bot_message_evt, {"text": self.texts["te_veel_berichten"]},
                               room=sid)
                return
            output = WidgetOutput(sio, self.bot_message_evt, room=session_id)
            # the widget's own id namespace: REST cannot write into a widget conversation
            sender, doelgroep = f"widget-{session_id}", DOELGROEP
            custom = data.get("customData")
            token = custom.get("intranet_token") if isinstance(custom, dict) else None
            if token:
                # Intranet mode of the demo page: the same token rules as the intranet channel.
                try:
                    sub = controleer_token(f"Bearer {token}", self.settings.intranet_jwt_secret,
                                           **token_eisen(self.settings))
                except OngeldigToken as ongeldig:
                    await output.send_text_message(session_id, self.texts[ongeldig.key])
                    return
                sender = gespreks_id(sub, self.settings.intranet_jwt_secret or "")
                doelgroep = INTRANET_DOELGROEP
            reply_key = classify_text(text, self.settings.max_message_chars)
            if reply_key is not None:
                reply = self.texts[reply_key].format(max_tekens=self.settings.max_message_chars)
                await output.send_text_message(session_id, reply)
                return
            if wil_gesprek_wissen(text):
                agent = getattr(getattr(self._app, "ctx", None), "agent", None)
                await output.send_text_message(session_id, wis_gesprek(
                    getattr(agent, "tracker_store", None), sender, self.texts))
                return
            redactie = redigeer(text.strip())
            melding = melding_geredigeerd(redactie, self.texts)
            if melding:  # said before the answer, as on the REST channel
                # the page keeps the redacted text in the tab's transcript (web/init.js)
                await sio.emit(GEREDIGEERD_EVT, {"tekst": redactie.tekst}, room=session_id)
                await output.send_text_message(session_id, melding)
            try:
                await on_new_message(UserMessage(
                    redactie.tekst, output, sender, input_channel=self.name(),
                    metadata={"doelgroep": doelgroep},
                ))
            except Exception:  # noqa: BLE001 - the user gets a Dutch apology, the log the trace
                logger.exception("Verwerken van een widgetbericht mislukt")
                await output.send_text_message(session_id, self.texts["verwerking_mislukt"])

        return bp
