"""action_verduidelijking: ask what the user means instead of guessing.

Runs on ``nlu_fallback`` (low NLU confidence) and as the core fallback. It offers the
most likely topics as buttons with readable Dutch titles (never intent names); each
button sends an ordinary example question the assistant understands.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.settings import Settings

MAX_SUGGESTIES = 3


@dataclass(frozen=True)
class Onderwerp:
    titel: str
    vraag: str


@dataclass(frozen=True)
class VerduidelijkingTeksten:
    vraag: str
    geen_suggesties: str
    onderwerpen: Dict[str, Onderwerp]


def laad_teksten(pad: Path) -> VerduidelijkingTeksten:
    with open(pad, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return VerduidelijkingTeksten(
        vraag=data["vraag"],
        geen_suggesties=data["geen_suggesties"],
        onderwerpen={
            intent: Onderwerp(titel=o["titel"], vraag=o["vraag"])
            for intent, o in data["onderwerpen"].items()
        },
    )


def kies_suggesties(
    intent_ranking: List[Dict[str, Any]], onderwerpen: Dict[str, Onderwerp]
) -> List[Onderwerp]:
    """The most likely in-scope topics, best first, at most MAX_SUGGESTIES."""
    gekozen: List[Onderwerp] = []
    for item in intent_ranking:
        naam = (item.get("name") or "").split("/")[0]
        onderwerp = onderwerpen.get(naam)
        if onderwerp is not None and onderwerp not in gekozen:
            gekozen.append(onderwerp)
        if len(gekozen) == MAX_SUGGESTIES:
            break
    return gekozen


class ActionVerduidelijking(Action):
    def __init__(self, teksten_pad: Optional[Path] = None) -> None:
        self._teksten_pad = teksten_pad
        self._teksten: Optional[VerduidelijkingTeksten] = None

    def name(self) -> Text:
        return "action_verduidelijking"

    def teksten(self) -> VerduidelijkingTeksten:
        if self._teksten is None:
            pad = self._teksten_pad or Settings.from_env().texts_dir / "verduidelijking.yml"
            self._teksten = laad_teksten(pad)
        return self._teksten

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        teksten = self.teksten()
        ranking = tracker.latest_message.get("intent_ranking") or []
        suggesties = kies_suggesties(ranking, teksten.onderwerpen)
        if suggesties:
            dispatcher.utter_message(
                text=teksten.vraag,
                buttons=[{"title": s.titel, "payload": s.vraag} for s in suggesties],
            )
        else:
            dispatcher.utter_message(text=teksten.geen_suggesties)
        return []
