"""Logs without conversation text, also when an action fails.

Rasa logs a failed custom action with its exception chain, and the action server's answer is in
it: rasa-sdk answers an exception with a 500 whose body is ``{"error": …, "request_body": <the
whole tracker>}``, so every message of the conversation — also what redaction does not remove,
such as someone's religion or origin — would land in the Rasa log at ERROR. :func:`install` sets a
log-record factory for the whole process (so every handler and formatter Rasa configures later
gets clean records): a response or request body in a record's message or traceback is replaced by
a marker; which action failed and why stays. The Rasa server and the action server are started
through it (``python -m bot rasa …``, bot/serve.py).
"""
from __future__ import annotations

import logging
import re
import traceback
from typing import Any

WEGGELATEN = "<weggelaten: kan gesprekstekst bevatten>"
# ClientResponseError: "500, Internal Server Error, body='b'{…}''" — the body runs to the line's end
_BODY = re.compile(r"body=.*$", re.MULTILINE)
# the echoed request in rasa-sdk's error body, wherever it is printed
_REQUEST_BODY = re.compile(r"""(["']request_body["']\s*:\s*).*$""", re.MULTILINE)


def schoon(tekst: str) -> str:
    """``tekst`` without response or request bodies."""
    tekst = _BODY.sub(f"body={WEGGELATEN}", tekst)
    return _REQUEST_BODY.sub(lambda m: m.group(1) + WEGGELATEN, tekst)


def install() -> None:
    """Clean every log record this process creates from now on (once; idempotent)."""
    vorige = logging.getLogRecordFactory()
    if getattr(vorige, "schone_logs", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = vorige(*args, **kwargs)
        if record.exc_info and record.exc_info[0] is not None:
            # a formatter uses exc_text when it is set, instead of formatting exc_info itself
            record.exc_text = schoon("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        try:
            bericht = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logging's own error to report
            return record
        schoner = schoon(bericht)
        if schoner != bericht:
            record.msg, record.args = schoner, None
        return record

    factory.schone_logs = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
