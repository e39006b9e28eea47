"""action_kennis_antwoord: a knowledge answer that depends on the audience asks for it once.

Some answers have a variant for residents (a conditional response on slot ``doelgroep``,
e.g. rollen_gemeente/overzicht: a resident gets where to report instead of the municipal
roles). On the widget and the intranet the channel says who is asking; on plain REST nobody
did. Then, for an answer that has such a variant, this action first asks "Bent u inwoner of
werkt u bij de gemeente?" (``doelgroep_form``, via a FollowupAction) — once per conversation:
the form sets ``doelgroep`` or, when the answer says neither, ``doelgroep_gevraagd``. When the
form is done the rule runs this action again, which answers the question asked before the
form — or, when the user asked another question instead of answering ("en regisseren?"),
that question. Answers without a variant, or with the audience known, are given at once. The answer is
the topic's response (``utter_<onderwerp>/<sleutel>``: Rasa picks the variant), followed by
"Had u hier iets aan?", like the rules of the other topics.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import FEEDBACK_VRAAG, SLOT_LAATSTE_ANTWOORD, antwoord_actie, doelgroep
from actions.doelgroep import SLOT_GEVRAAGD
from bot.beurten import (
    DOELGROEP_FORM,
    GEEN_DOELGROEP,
    SLOT_ANTWOORD,
    antwoord_sleutel,
    beantwoorde_beurt,
)
from bot.teksten import Teksten


def hangt_af_van_doelgroep(domain: Dict[Text, Any], sleutel: str) -> bool:
    """True when a variant of the answer has a condition on slot doelgroep."""
    for variant in (domain.get("responses") or {}).get(antwoord_actie(sleutel), []):
        for conditie in variant.get("condition") or []:
            if conditie.get("name") == "doelgroep":
                return True
    return False


def gestelde_vraag(events: Iterable[Dict[Text, Any]], nieuwe_vraag_in_form: bool = False) -> Optional[str]:
    """The answer key of the question to answer: the latest user turn that was not an answer
    to the audience form (after that form, the question asked before it). With
    ``nieuwe_vraag_in_form`` (the reply to the audience question named no audience) a knowledge
    question asked instead ("en regisseren?") is the one to answer."""
    actief: Optional[str] = None
    beurten = []
    for event in events:
        if event.get("event") == "active_loop":
            actief = event.get("name")
        elif event.get("event") == "user":
            beurten.append((event.get("parse_data") or {}, actief))
    return antwoord_sleutel(beantwoorde_beurt(beurten, nieuwe_vraag_in_form) or {})


class ActionKennisAntwoord(Action):
    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("doelgroep.yml", teksten_dir)

    def name(self) -> Text:
        return "action_kennis_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        sleutel = gestelde_vraag(tracker.events,
                                 nieuwe_vraag_in_form=tracker.get_slot(SLOT_ANTWOORD) == GEEN_DOELGROEP)
        if sleutel is None:  # no answer key in the turn (should not happen): ask again
            dispatcher.utter_message(text=self._teksten.data()["geen_vraag"])
            return []
        if (hangt_af_van_doelgroep(domain, sleutel) and doelgroep(tracker) is None
                and not tracker.get_slot(SLOT_GEVRAAGD)):
            return [FollowupAction(DOELGROEP_FORM)]
        dispatcher.utter_message(response=antwoord_actie(sleutel))
        dispatcher.utter_message(response=FEEDBACK_VRAAG)
        return [SlotSet(SLOT_LAATSTE_ANTWOORD, sleutel)]
