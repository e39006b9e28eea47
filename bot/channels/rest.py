"""The REST channel at /webhooks/rest/webhook, with input validation in front of Rasa.

Rasa's own RestInput puts a request without ``sender`` into one shared conversation
called ``default``, answers unparseable JSON with a stack trace in the log, and passes
any text, however long, to the NLU pipeline. This channel keeps Rasa's URL and reply
format but answers bad input itself, before any tracker is touched (the checks are
bot/channels/invoer.py, shared with the intranet and the widget):

* body not JSON / not an object, missing or invalid ``sender`` or ``message`` -> HTTP 400
  with a Dutch JSON error (``{"fout": ...}``);
* body larger than the configured limit -> HTTP 413;
* empty text or text without any letter or digit (emoji only) -> HTTP 200 with a Dutch
  bot message asking for a question in words;
* text longer than the configured limit -> HTTP 200 with a Dutch "te lang" message.

Personal data is taken out of the text (bot.privacy) before a ``UserMessage`` exists, so it is
never stored, logged or classified; the reply then starts with a Dutch line that says so.
Metadata is cut down to the fields the assistant uses.

A client may send a ``message_id`` with every turn. If a turn with that id is already stored
in the conversation (the client retries after a replica died right after storing it), the
stored replies are sent again and the turn is not processed twice.
"""
from __future__ import annotations

import hmac
import inspect
import logging
import threading
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput

from bot.bewaartermijn import registreer as registreer_bewaartermijn
from bot.channels.invoer import (RejectedInput, classify_text, melding_geredigeerd, parse_body,
                                 wis_gesprek)
from bot.channels.limiet import uit_settings as limieten_uit_settings
from bot.privacy import redacteur, redigeer, toegestane_metadata, wil_gesprek_wissen
from bot.settings import Settings
from bot.stores import onder_wrappers
from bot.teksten import platte_teksten

logger = logging.getLogger(__name__)

def stored_replies(events: Iterable[Any], message_id: str) -> Optional[List[Dict[str, Any]]]:
    """The bot's stored messages (``BotUttered.message()``) after the user turn with
    ``message_id``; None if no such turn is stored."""
    replies: Optional[List[Dict[str, Any]]] = None
    for event in events:
        if getattr(event, "type_name", None) == "user":
            if replies is not None:
                break
            if getattr(event, "message_id", None) == message_id:
                replies = []
        elif replies is not None and getattr(event, "type_name", None) == "bot":
            replies.append(event.message())
    return replies


def _misschien_opgeslagen(tracker_store: Any, sender: str, message_id: str) -> bool:
    """Ask the windowed store (bot/stores.py) with one query whether this turn may be stored
    already (under Rasa's wrappers: fail-safe, awaitable); any other store is asked by reading
    the tracker."""
    vraag = getattr(onder_wrappers(tracker_store), "bericht_misschien_opgeslagen", None)
    return True if vraag is None else vraag(sender, message_id)


async def _retrieve(tracker_store: Any, sender: str) -> Any:
    tracker = tracker_store.retrieve(sender)
    return await tracker if inspect.isawaitable(tracker) else tracker


def rest_token_geldig(autorisatie: Optional[str], token: Optional[str]) -> bool:
    """No token configured: REST is open. Else the request must carry ``Bearer <token>``
    (compared in constant time)."""
    if not token:
        return True
    verwacht = f"Bearer {token}".encode("utf-8")
    return hmac.compare_digest((autorisatie or "").encode("utf-8", "surrogatepass"), verwacht)


class VeiligeRestInput(RestInput):
    """Drop-in replacement for Rasa's ``rest`` channel (same URL, same reply format)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self, settings: Optional[Settings] = None) -> None:
        self.settings = settings or Settings.from_env()
        self.texts = platte_teksten(self.settings.texts_dir / "kanaal.yml")
        self.limieten = limieten_uit_settings(self.settings)
        # deduce loads in the background while the server starts; the first message waits
        threading.Thread(target=redacteur().laad, name="deduce-laden", daemon=True).start()

    def bewaartermijn(self) -> int:
        from bot.profiel import laad_profiel

        return laad_profiel(self.settings.profiel_pad).bewaartermijn(
            self.settings.bewaartermijn_dagen)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "VeiligeRestInput":
        return cls()

    def _error(self, status: int, key: str) -> HTTPResponse:
        return response.json({"fout": self.texts[key], "code": key}, status=status)

    async def answer(self, on_new_message: Callable[[UserMessage], Awaitable[None]],
                      sender: str, text: str, metadata: Optional[Dict[str, Any]],
                      message_id: Optional[str] = None,
                      tracker_store: Any = None, adres: Optional[str] = None) -> HTTPResponse:
        """Too long / no words -> a Dutch reply without processing; a turn that is already
        stored -> its stored replies; else Rasa's answers."""
        if not self.limieten.toegestaan(f"{self.name()}:{sender}", adres):
            return response.json([{"recipient_id": sender, "text": self.texts["te_veel_berichten"]}],
                                 status=429)

        reply_key = classify_text(text, self.settings.max_message_chars)
        if reply_key is not None:
            reply = self.texts[reply_key].format(max_tekens=self.settings.max_message_chars)
            return response.json([{"recipient_id": sender, "text": reply}])

        if wil_gesprek_wissen(text):
            return response.json([{"recipient_id": sender,
                                   "text": wis_gesprek(tracker_store, sender, self.texts)}])

        if (message_id is not None and tracker_store is not None
                and _misschien_opgeslagen(tracker_store, sender, message_id)):
            tracker = await _retrieve(tracker_store, sender)
            earlier = stored_replies(tracker.events if tracker else [], message_id)
            if earlier is not None:
                logger.info("Beurt %s van %s is al verwerkt; opgeslagen antwoorden teruggestuurd",
                            message_id, sender)
                replay = CollectingOutputChannel()
                for message in earlier:  # sent the way Rasa sends them the first time
                    await replay.send_response(sender, message)
                return response.json(replay.messages)

        redactie = redigeer(text.strip())
        collector = CollectingOutputChannel()
        try:
            await on_new_message(
                UserMessage(
                    redactie.tekst,
                    collector,
                    sender,
                    input_channel=self.name(),
                    metadata=toegestane_metadata(metadata),
                    message_id=message_id,
                )
            )
        except Exception:  # noqa: BLE001 - the user gets a Dutch apology, the log the trace
            logger.exception("Verwerken van een bericht mislukt (sender %s)", sender)
            collector.messages = []
        if not collector.messages:
            # Rasa logs processing errors and answers nothing; the user gets a
            # Dutch apology instead of silence.
            return response.json(
                [{"recipient_id": sender, "text": self.texts["verwerking_mislukt"]}]
            )
        melding = melding_geredigeerd(redactie, self.texts)
        if melding:
            return response.json([{"recipient_id": sender, "text": melding}, *collector.messages])
        return response.json(collector.messages)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        bp = Blueprint("veilige_rest_webhook", __name__)
        # Privacy: conversations older than the retention period go, at start and daily (the
        # stricter of BOT_BEWAARTERMIJN_DAGEN and the municipality profile).
        registreer_bewaartermijn(bp, self.bewaartermijn())

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not rest_token_geldig(request.headers.get("Authorization"), self.settings.rest_token):
                return self._error(401, "rest_token_ongeldig")
            try:
                sender, text, metadata, message_id = parse_body(
                    request.body or b"", self.settings.max_body_bytes
                )
            except RejectedInput as rejected:
                return self._error(rejected.status, rejected.key)

            agent = getattr(request.app.ctx, "agent", None)
            return await self.answer(on_new_message, sender, text, metadata, message_id,
                                     getattr(agent, "tracker_store", None), adres=request.ip)

        return bp
