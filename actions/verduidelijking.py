"""Verduidelijking: ask "Bedoelt u …?" instead of guessing.

This is the first step of Rasa's two-stage fallback (``action_two_stage_fallback``, started by
the rule for ``nlu_fallback``): Rasa calls ``action_default_ask_affirmation``, which this
custom action replaces. It offers the most likely answers as buttons with short Dutch titles
from data (never intent names); each button sends an example question that the trained model
sends to exactly that answer (checked by a gate test), so one click gives the answer. The last button, "Iets
anders", sends ``/out_of_scope``: Rasa then asks to rephrase (``utter_ask_rephrase``), and when
that fails too it gives up with ``action_default_fallback`` (the way out to a person).
The first step is also the core fallback (no confident next action). All three steps are
custom actions here so their texts live in data/teksten/verduidelijking.yml.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.medewerker_spreken import ActionMedewerkerSpreken
from bot.teksten import Teksten
from bot.verduidelijking import VerduidelijkingTeksten, kies_suggesties, teksten_uit

IETS_ANDERS_PAYLOAD = "/out_of_scope"  # Rasa's two-stage fallback: "none of these"


class _VerduidelijkingTeksten:
    """Texts of the fallback steps, read once on first use (a mixin, not an Action: the SDK
    registers every Action subclass)."""

    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._bestand = Teksten("verduidelijking.yml", teksten_dir)

    def teksten(self) -> VerduidelijkingTeksten:
        return teksten_uit(self._bestand.data())


class ActionVerduidelijking(_VerduidelijkingTeksten, Action):
    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        teksten = self.teksten()
        suggesties = kies_suggesties(tracker.latest_message, teksten)
        if suggesties:
            dispatcher.utter_message(
                text=teksten.vraag,
                buttons=[s.knop() for s in suggesties]
                + [{"title": teksten.iets_anders, "payload": IETS_ANDERS_PAYLOAD}],
            )
        else:
            dispatcher.utter_message(text=teksten.geen_suggesties)
        return []


class ActionVraagAndersStellen(_VerduidelijkingTeksten, Action):
    """Second step: none of the suggestions fitted -> ask to rephrase."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=self.teksten().anders_stellen)
        return []


class ActionWegNaarMens(_VerduidelijkingTeksten, Action):
    """Last step: give up honestly and show the way to a person (from the municipality profile).

    Like Rasa's own default fallback it reverts the user's unclear message, so it does not
    steer the next prediction.
    """

    def __init__(self, teksten_dir: Optional[Path] = None, profiel_pad: Optional[Path] = None) -> None:
        super().__init__(teksten_dir)
        self._weg = ActionMedewerkerSpreken(teksten_dir, profiel_pad)

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=self.teksten().opgeven)
        dispatcher.utter_message(text="\n\n".join(self._weg.berichten(tracker)))
        return [UserUtteranceReverted()]
