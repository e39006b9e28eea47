"""Which user turn an answer belongs to, shared by the action server and the Rasa server.

An answer with a resident variant may come after the audience question ("Bent u inwoner of werkt
u bij de gemeente?", ``doelgroep_form``, actions/kennis_antwoord.py): then the question it
answers is not the latest user message but the one asked before the form — or, when the reply
named no audience, a knowledge question asked instead. ``action_kennis_antwoord`` answers that
turn; the response generator (bot/nlg.py) puts the reservation of that same turn under it.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, Text, Tuple

from bot.verduidelijking import gegeven_antwoord

DOELGROEP_FORM = "doelgroep_form"
SLOT_ANTWOORD = "doelgroep_antwoord"  # what the reply to the audience question named
GEEN_DOELGROEP = "onbekend"  # the reply to the audience question named no audience


def antwoord_sleutel(parse_data: Dict[Text, Any]) -> Optional[str]:
    """The sub-answer key the answer ranker chose for this user turn, if it was a knowledge question."""
    intent = (parse_data.get("intent") or {}).get("name")
    return (gegeven_antwoord(parse_data, intent) or None) if intent else None


def beantwoorde_beurt(beurten: Iterable[Tuple[Dict[Text, Any], Optional[str]]],
                      nieuwe_vraag_in_form: bool = False) -> Optional[Dict[Text, Any]]:
    """The parse data of the user turn to answer, from (parse data, active loop) per user turn
    in order: the latest turn not said in the audience form; with ``nieuwe_vraag_in_form`` (the
    reply to the audience question named no audience) a knowledge question asked in the form
    instead ("en regisseren?")."""
    for parse, lus in reversed(list(beurten)):
        if lus != DOELGROEP_FORM:
            return parse
        if nieuwe_vraag_in_form and antwoord_sleutel(parse):
            return parse
    return None
