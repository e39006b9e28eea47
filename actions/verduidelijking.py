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

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.medewerker_spreken import ActionMedewerkerSpreken
from bot.teksten import Teksten

MAX_SUGGESTIES = 3


@dataclass(frozen=True)
class Onderwerp:
    titel: str
    vraag: str


@dataclass(frozen=True)
class VerduidelijkingTeksten:
    vraag: str
    geen_suggesties: str
    iets_anders: str
    anders_stellen: str
    opgeven: str
    onderwerpen: Dict[str, Onderwerp]
    antwoorden: Dict[str, Onderwerp]


def teksten_uit(data: Dict[str, Any]) -> VerduidelijkingTeksten:
    return VerduidelijkingTeksten(
        vraag=data["vraag"],
        geen_suggesties=data["geen_suggesties"],
        iets_anders=data["iets_anders"],
        anders_stellen=data["anders_stellen"],
        opgeven=data["opgeven"],
        onderwerpen={
            intent: Onderwerp(titel=o["titel"], vraag=o["vraag"])
            for intent, o in data["onderwerpen"].items()
        },
        antwoorden={
            sleutel: Onderwerp(titel=o["titel"], vraag=o["vraag"])
            for sleutel, o in data["antwoorden"].items()
        },
    )


def laad_teksten(pad: Path) -> VerduidelijkingTeksten:
    with open(pad, encoding="utf-8") as fh:
        return teksten_uit(yaml.safe_load(fh))


def knop_vragen(teksten: VerduidelijkingTeksten) -> Dict[str, str]:
    """Every button the clarification can show: answer key or intent -> the question it sends."""
    return {**{k: o.vraag for k, o in teksten.onderwerpen.items()},
            **{k: o.vraag for k, o in teksten.antwoorden.items()}}


def antwoord_kansen(bericht: Dict[str, Any]) -> List[Tuple[float, str]]:
    """The most likely answers of a parsed message, best first: a topic's confidence split over
    its answers by the ranking under ``response_selector[<topic>]``; an intent without answers
    keeps its own confidence."""
    selectors = bericht.get("response_selector") or {}
    kansen: List[Tuple[float, str]] = []
    for item in bericht.get("intent_ranking") or []:
        naam = item.get("name") or ""
        zekerheid = float(item.get("confidence") or 0.0)
        ranking = (selectors.get(naam) or {}).get("ranking") or []
        if ranking:
            kansen.extend((zekerheid * float(r.get("confidence") or 0.0), r["intent_response_key"])
                          for r in ranking)
        else:
            kansen.append((zekerheid, naam))
    return sorted(kansen, key=lambda x: -x[0])


def suggestie_sleutels(bericht: Dict[str, Any], teksten: VerduidelijkingTeksten) -> List[str]:
    """The most likely in-scope answers (or intents such as afdeling_zoeken) that have a
    button, best first, at most MAX_SUGGESTIES."""
    gekozen: List[str] = []
    for _, sleutel in antwoord_kansen(bericht):
        if sleutel not in teksten.antwoorden and sleutel not in teksten.onderwerpen:
            continue
        if sleutel not in gekozen:
            gekozen.append(sleutel)
        if len(gekozen) == MAX_SUGGESTIES:
            break
    return gekozen


def kies_suggesties(bericht: Dict[str, Any], teksten: VerduidelijkingTeksten) -> List[Onderwerp]:
    """The buttons: each gives its answer in one click."""
    return [teksten.antwoorden.get(s) or teksten.onderwerpen[s]
            for s in suggestie_sleutels(bericht, teksten)]


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
                buttons=[{"title": s.titel, "payload": s.vraag} for s in suggesties]
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
