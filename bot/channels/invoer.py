"""The input checks every channel shares (REST, intranet, widget): one place for them.

* the body: JSON object within the size limit, ``sender`` and ``message`` of the right kind, ids
  checked with ``fullmatch`` (``"abc\\n"`` is no id), metadata an object — else ``RejectedInput``
  with the HTTP status and the key of its Dutch text (data/teksten/kanaal.yml);
* the text: too long, or no letter or digit (emoji only) -> the key of a Dutch reply, and the
  text is not processed (:func:`classify_text`);
* personal data: the Dutch line that it was not kept (:func:`melding_geredigeerd`; the redaction
  itself is bot.privacy), and "verwijder mijn gesprek" erases the conversation at once
  (:func:`wis_gesprek`).

Rate limits are bot/channels/limiet.py; the metadata allow-list is bot.privacy.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Dict, Optional, Tuple

from bot.bewaartermijn import sql_engine, wis
from bot.privacy import Redactie

logger = logging.getLogger(__name__)

SENDER_RE = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")  # always with fullmatch: "$" lets "\n" pass
# Conversation ids of the other channels: REST may not write into them.
ANDERE_KANALEN = ("intranet-", "widget-")
HAS_WORD_RE = re.compile(r"\w", re.UNICODE)


class RejectedInput(Exception):
    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key


def parse_json_object(raw: bytes, max_bytes: int) -> Dict[str, Any]:
    """The request body as a JSON object, or RejectedInput (413 too big, 400 not an object)."""
    if len(raw) > max_bytes:
        raise RejectedInput(413, "body_te_groot")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RejectedInput(400, "geen_json")
    except (RecursionError, ValueError):
        # nested deeper than the parser can go, or a number of more than 4,300 digits: found by
        # the fuzz test (tests/unit/test_fuzz_invoer.py); was a 500 with a stack trace
        raise RejectedInput(400, "json_te_complex")
    if not isinstance(payload, dict):
        raise RejectedInput(400, "geen_json_object")
    return payload


def parse_message(payload: Dict[str, Any]) -> str:
    text = payload.get("message")
    if not isinstance(text, str):
        raise RejectedInput(400, "message_ontbreekt")
    return text


def parse_message_id(payload: Dict[str, Any]) -> Optional[str]:
    """The client's optional id of this turn (for safe retries), or None."""
    message_id = payload.get("message_id")
    if message_id is None:
        return None
    if not isinstance(message_id, str) or not SENDER_RE.fullmatch(message_id):
        raise RejectedInput(400, "message_id_ongeldig")
    return message_id


def parse_body(
    raw: bytes, max_bytes: int
) -> Tuple[str, str, Optional[Dict[str, Any]], Optional[str]]:
    """Validate a request body; return (sender, text, metadata, message_id) or raise RejectedInput."""
    payload = parse_json_object(raw, max_bytes)
    sender = payload.get("sender")
    if not isinstance(sender, str) or not SENDER_RE.fullmatch(sender):
        raise RejectedInput(400, "sender_ontbreekt")
    if sender.lower().startswith(ANDERE_KANALEN):
        raise RejectedInput(403, "sender_ander_kanaal")
    text = parse_message(payload)
    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise RejectedInput(400, "metadata_ongeldig")
    return sender, text, metadata, parse_message_id(payload)


def classify_text(text: str, max_chars: int) -> Optional[str]:
    """Return the key of the Dutch reply for text the bot should not process, else None."""
    if len(text) > max_chars:
        return "bericht_te_lang"
    if not HAS_WORD_RE.search(text.replace("_", "")):
        return "bericht_leeg"
    return None


def wis_gesprek(tracker_store: Any, sender: str, texts: Dict[str, str]) -> str:
    """Erase this conversation from the SQL tracker store now ("verwijder mijn gesprek", on
    every channel); the Dutch reply."""
    engine = sql_engine(tracker_store)
    if engine is None:
        return texts["gesprek_wissen_kan_niet"]
    wis(engine, sender)
    logger.info("Gesprek gewist op verzoek van de gebruiker")
    return texts["gesprek_gewist"]


def melding_geredigeerd(redactie: Redactie, texts: Dict[str, str]) -> Optional[str]:
    """The Dutch line that personal data was not kept, or None (every channel)."""
    return texts["persoonsgegevens_verwijderd"] if redactie.geredigeerd else None
