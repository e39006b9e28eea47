"""What the clarification offers, shared by the action server and the Rasa server.

The texts of the two-stage fallback (data/teksten/verduidelijking.yml: titles and example
questions of the buttons) and the choice of buttons from a parsed message: the most likely
answers, best first. ``action_default_ask_affirmation`` (actions/verduidelijking.py) shows them
as "Bedoelt u …?"; the response generator (bot/nlg.py) shows the next ones under an answer
given with reservation (bot/nlu/voorbehoud.py), with the text ``voorbehoud``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

MAX_SUGGESTIES = 3
SELECTOR = "response_selector"
VOORBEHOUD = "voorbehoud"  # key in the parse data of a message answered with reservation


@dataclass(frozen=True)
class Onderwerp:
    titel: str
    vraag: str

    def knop(self) -> Dict[str, str]:
        """The button: its title, and the question it sends (which the model surely answers)."""
        return {"title": self.titel, "payload": self.vraag}


@dataclass(frozen=True)
class VerduidelijkingTeksten:
    vraag: str
    voorbehoud: str
    geen_suggesties: str
    iets_anders: str
    anders_stellen: str
    opgeven: str
    onderwerpen: Dict[str, Onderwerp]
    antwoorden: Dict[str, Onderwerp]


def teksten_uit(data: Dict[str, Any]) -> VerduidelijkingTeksten:
    return VerduidelijkingTeksten(
        vraag=data["vraag"],
        voorbehoud=data["voorbehoud"],
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


def knoppen(sleutels: List[str], teksten: VerduidelijkingTeksten) -> List[Onderwerp]:
    """The button of each answer key (or intent such as afdeling_zoeken)."""
    return [teksten.antwoorden.get(s) or teksten.onderwerpen[s] for s in sleutels]


def kies_suggesties(bericht: Dict[str, Any], teksten: VerduidelijkingTeksten) -> List[Onderwerp]:
    """The buttons: each gives its answer in one click."""
    return knoppen(suggestie_sleutels(bericht, teksten), teksten)


def gegeven_antwoord(bericht: Dict[str, Any], onderwerp: str) -> Optional[str]:
    """The answer key Rasa's answer action gives for ``onderwerp`` (its best answer)."""
    antwoord = ((bericht.get(SELECTOR) or {}).get(onderwerp) or {}).get("response") or {}
    return antwoord.get("intent_response_key")


def voorbehoud_van(bericht: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The reservation of a parsed message (bot/nlu/voorbehoud.py), if its intent is still the
    topic answered with reservation (a later component may have made it a fallback again)."""
    voorbehoud = bericht.get(VOORBEHOUD)
    intent = (bericht.get("intent") or {}).get("name")
    if not voorbehoud or voorbehoud.get("onderwerp") != intent:
        return None
    return voorbehoud


def alternatieven(bericht: Dict[str, Any], teksten: VerduidelijkingTeksten) -> List[str]:
    """For an answer given with reservation: the next most likely answers that have a button,
    best first, without the answer given; at most MAX_SUGGESTIES - 1. Otherwise none."""
    voorbehoud = voorbehoud_van(bericht)
    if voorbehoud is None:
        return []
    return [s for s in suggestie_sleutels(bericht, teksten)
            if s != voorbehoud.get("antwoord")][: MAX_SUGGESTIES - 1]
