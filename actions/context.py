"""Conversation context: which factual answer did the user get last?

Follow-up questions and feedback are about "het vorige antwoord". A factual answer is either
a retrieval answer (the answer ranker's ``intent_response_key`` in the user turn's parse
data, e.g. ``rollen_gemeente/agenderen``) or an answer a custom action gave, which records it
in the slot ``laatste_antwoord``. Whichever came last wins.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, Text

from rasa_sdk import Tracker

from bot.beurten import antwoord_sleutel
from bot.bronnen import bronregels
from bot.themas import DOELGROEPEN

SLOT_LAATSTE_ANTWOORD = "laatste_antwoord"
# The source lines of an answer an action composed itself (action_melding_route), for
# "waar staat dat?" and the "Meer bronnen" button: such an answer has no response to read them from.
SLOT_LAATSTE_BRONNEN = "laatste_bronnen"
FEEDBACK_VRAAG = "utter_feedback_vraag"  # "Had u hier iets aan?" with ja/nee buttons


def laatste_antwoord_uit(events: Iterable[Dict[Text, Any]]) -> Optional[str]:
    for event in reversed(list(events)):
        soort = event.get("event")
        if soort == "slot" and event.get("name") == SLOT_LAATSTE_ANTWOORD and event.get("value"):
            return str(event["value"])
        if soort == "user":
            key = antwoord_sleutel(event.get("parse_data") or {})
            if key:
                return key
    return None


def laatste_antwoord(tracker: Tracker) -> Optional[str]:
    return laatste_antwoord_uit(tracker.events)


def laatste_bronnen_uit(events: Iterable[Dict[Text, Any]]) -> Optional[str]:
    """The sources an action recorded with its answer, if that answer came after the last
    factual answer from the responses; else None (then the response has the sources)."""
    for event in reversed(list(events)):
        soort = event.get("event")
        if soort == "slot" and event.get("name") == SLOT_LAATSTE_BRONNEN:
            return str(event["value"]) if event.get("value") else None
        if soort == "slot" and event.get("name") == SLOT_LAATSTE_ANTWOORD and event.get("value"):
            return None
        if soort == "user" and antwoord_sleutel(event.get("parse_data") or {}):
            return None
    return None


def laatste_intent(tracker: Tracker) -> Optional[str]:
    """The intent of the latest user message (also when it has no intent ranking)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def antwoord_actie(sleutel: str) -> str:
    """The response name of a sub-answer: ``utter_<onderwerp>/<sleutel>``."""
    return f"utter_{sleutel}"


def bron_regels(domain: Dict[Text, Any], sleutel: str) -> Optional[str]:
    """The ``Bron: …`` line(s) of a sub-answer, read from the domain's responses."""
    for variant in (domain.get("responses") or {}).get(antwoord_actie(sleutel), []):
        regels = bronregels(variant.get("text") or "")
        if regels:
            return "\n".join(regels)
    return None


def doelgroep_uit_metadata(tracker: Tracker) -> Optional[str]:
    """What the channel said in the metadata of the latest user message (widget: inwoner,
    intranet: ambtenaar), if anything."""
    for event in reversed(list(tracker.events)):
        if event.get("event") == "user":
            waarde = (event.get("metadata") or {}).get("doelgroep")
            return waarde if waarde in DOELGROEPEN else None
    return None


def doelgroep(tracker: Tracker) -> Optional[str]:
    """inwoner or ambtenaar: the slot ``doelgroep`` if set, else the channel's metadata."""
    waarde = tracker.get_slot("doelgroep")
    if waarde in DOELGROEPEN:
        return waarde
    return doelgroep_uit_metadata(tracker)
