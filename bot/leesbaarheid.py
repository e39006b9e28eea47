"""Plain Dutch for residents: length and Flesch–Douma of every answer a resident gets.

Which answers: every text of domain.yml (the greeting, "what can you do", out of scope, the
forms' questions — every resident meets some of them), every response variant for
``doelgroep: inwoner``, and the answers that real residents' questions need most — the answer
keys that at least ``MIN_VRAGEN`` questions in tests/echte_vragen/inwoners.yml (FAQ pages of
ADVs, the College, the police, municipalities) are labelled with; of each a resident gets the
inwoner variant where there is one. Also every answer of the report route (action_melding_route:
each place with and without violence, for the municipality's profile), which only residents get.
Left out, with the reason in ``NIET_GEMETEN``: texts that are not (only) Dutch, which Flesch–Douma
cannot measure.

What is measured is the text before the ``Bron:`` lines, as the resident reads it: Markdown marks
removed, and each list item or paragraph one sentence (textstat counts a sentence up to . ! or ?,
so a list without full stops would count as one long sentence). Flesch–Douma is textstat's
``flesch_reading_ease`` for language ``nl`` (206.835 − 0.93 × words per sentence − 77 ×
syllables per word, syllables from pyphen's Dutch hyphenation). Targets (issue 18): at most
``MAX_WOORDEN`` words, a score of at least ``MIN_FLESCH_DOUMA``; residents see at most
``MAX_BRONNEN_INWONER`` source lines (bot/bronnen.py cuts them, for the responses in bot/nlg.py;
measured here on the text that function leaves), the rest behind "Meer bronnen".
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import yaml

from bot.bronnen import BRON, INWONER, MAX_BRONNEN_INWONER, beperk_bronnen, bronregels

MAX_WOORDEN = 120
MIN_FLESCH_DOUMA = 60.0
MIN_VRAGEN = 2  # an answer that at least this many real residents' questions need
NIET_GEMETEN = {
    "utter_niet_nederlands": "half Engels, voor wie geen Nederlands leest; Flesch–Douma meet Nederlands",
}



@dataclass
class Meting:
    antwoord: str  # response name, e.g. utter_melden_discriminatie/waar_melden
    variant: str  # "inwoner" or "standaard"
    woorden: int
    zinnen: int
    flesch_douma: float
    bronregels: int  # in the answer as written
    bronnen_zichtbaar: int  # what a resident sees (bot/bronnen.py), the rest behind "Meer bronnen"

    def fouten(self) -> List[str]:
        fout = []
        if self.woorden > MAX_WOORDEN:
            fout.append(f"{self.woorden} woorden > {MAX_WOORDEN}")
        if self.flesch_douma < MIN_FLESCH_DOUMA:
            fout.append(f"Flesch–Douma {self.flesch_douma:.0f} < {MIN_FLESCH_DOUMA:.0f}")
        if self.bronnen_zichtbaar > MAX_BRONNEN_INWONER:
            fout.append(f"{self.bronnen_zichtbaar} bronregels zichtbaar > {MAX_BRONNEN_INWONER}")
        return fout


def _is_inwoner_variant(variant: Dict[str, Any]) -> bool:
    return any(c.get("name") == "doelgroep" and c.get("value") == INWONER
               for c in variant.get("condition") or [])


def inwoner_variant(varianten: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The variant a resident gets: the one for doelgroep inwoner, else the first without a
    condition."""
    for variant in varianten:
        if _is_inwoner_variant(variant):
            return variant
    return next((v for v in varianten if not v.get("condition")), None)


def veel_gevraagd(vragen_pad: Path, minimum: int = MIN_VRAGEN) -> List[str]:
    """Answer keys that at least ``minimum`` real residents' questions are labelled with."""
    with open(vragen_pad, encoding="utf-8") as fh:
        vragen = (yaml.safe_load(fh) or {}).get("vragen") or []
    telling = Counter(v["label"] for v in vragen if "/" in str(v.get("label", "")))
    return sorted(k for k, n in telling.items() if n >= minimum)


def inwoner_antwoorden(responses: Dict[str, List[Dict[str, Any]]], sleutels: Iterable[str],
                       altijd: Iterable[str] = ()) -> Dict[str, Dict[str, Any]]:
    """Response name -> the variant a resident reads: every inwoner variant, and the variant a
    resident gets of each of ``sleutels`` (answer keys) and of each response named in
    ``altijd``."""
    gekozen = {naam: v for naam, varianten in responses.items()
               for v in varianten if _is_inwoner_variant(v)}
    for naam in altijd:
        variant = inwoner_variant(responses[naam])
        if variant is not None and variant.get("text"):
            gekozen.setdefault(naam, variant)
    for sleutel in sleutels:
        naam = f"utter_{sleutel}"
        if naam not in responses:
            raise KeyError(f"{naam}: geen antwoord met die naam in data/responses/")
        variant = inwoner_variant(responses[naam])
        if variant is not None:
            gekozen.setdefault(naam, variant)
    return dict(sorted(gekozen.items()))


def lichaam(tekst: str) -> str:
    """The text before the source lines, as read: no Markdown marks, each list item and each
    paragraph ending as a sentence."""
    regels = []
    for regel in tekst.splitlines():
        regel = regel.strip()
        if not regel or regel.startswith(BRON):
            continue
        regel = re.sub(r"^(?:[-*]|\d+\.)\s+", "", regel)  # list marks
        regel = regel.replace("**", "").replace("__", "")
        regel = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", regel)  # [text](url) -> text
        if regel[-1] not in ".!?":
            regel += "."  # a list item or heading reads as its own sentence
        regels.append(regel)
    return "\n".join(regels)


def meet_tekst(naam: str, variant: Dict[str, Any]) -> Meting:
    from textstat.textstat import textstatistics

    tekst = variant.get("text") or ""
    leesbaar = lichaam(tekst)
    stat = textstatistics()
    stat.set_lang("nl")
    stat.set_rounding_points(None)
    return Meting(
        antwoord=naam,
        variant=INWONER if _is_inwoner_variant(variant) else "standaard",
        woorden=stat.lexicon_count(leesbaar),
        zinnen=stat.sentence_count(leesbaar),
        flesch_douma=round(float(stat.flesch_reading_ease(leesbaar)), 1),
        bronregels=len(bronregels(tekst)),
        bronnen_zichtbaar=len(bronregels(beperk_bronnen(tekst)[0])),
    )


def _responses(pad: Path) -> Dict[str, List[Dict[str, Any]]]:
    with open(pad, encoding="utf-8") as fh:
        return (yaml.safe_load(fh) or {}).get("responses") or {}


def meet(domain_pad: Path, responses_dir: Path, vragen_pad: Path,
         teksten_dir: Optional[Path] = None, profiel_pad: Optional[Path] = None) -> List[Meting]:
    # the responses of domain.yml and data/responses/*.yml, as Rasa merges them
    gesprek = _responses(domain_pad)
    responses = dict(gesprek)
    for pad in sorted(responses_dir.glob("*.yml")):
        responses.update(_responses(pad))
    altijd = [naam for naam in gesprek if naam not in NIET_GEMETEN]
    gekozen = inwoner_antwoorden(responses, veel_gevraagd(vragen_pad), altijd=altijd)
    metingen = [meet_tekst(naam, variant) for naam, variant in gekozen.items()]
    return metingen + meet_meldroutes(teksten_dir, profiel_pad)


def meet_meldroutes(teksten_dir: Optional[Path] = None,
                    profiel_pad: Optional[Path] = None) -> List[Meting]:
    """Every answer of the report route, as action_melding_route composes it."""
    from actions.melding_route import GEWELD, PLAATSEN, route_berichten
    from actions.profiel import ProfielBron
    from bot.teksten import Teksten

    teksten = Teksten("melding_route.yml", teksten_dir).data()
    labels = Teksten("medewerker_spreken.yml", teksten_dir).data()["contact"]
    profiel = ProfielBron(profiel_pad).profiel()
    return [meet_tekst(f"action_melding_route ({plaats}, geweld {geweld})", {"text": "\n\n".join(
        route_berichten(profiel, plaats, geweld, teksten, labels))})
        for plaats in PLAATSEN for geweld in GEWELD]


def rapport(metingen: List[Meting], out_dir: Optional[Path] = None) -> str:
    """A Dutch table, one line per answer; also written to ``out_dir``/leesbaarheid.json."""
    regels = [f"{'antwoord':58} {'variant':9} {'woorden':>7} {'F-D':>5} {'bronnen':>9}  doel"]
    for m in metingen:
        fout = m.fouten()
        regels.append(f"{m.antwoord:58} {m.variant:9} {m.woorden:7d} {m.flesch_douma:5.0f} "
                      f"{m.bronnen_zichtbaar:3d} van {m.bronregels:d}  {'; '.join(fout) if fout else 'gehaald'}")
    gehaald = sum(1 for m in metingen if not m.fouten())
    regels.append(f"leesbaarheid inwonersantwoorden: {gehaald}/{len(metingen)} binnen "
                  f"{MAX_WOORDEN} woorden en Flesch–Douma ≥ {MIN_FLESCH_DOUMA:.0f}; gemiddeld "
                  f"{_gemiddeld(m.woorden for m in metingen):.0f} woorden, Flesch–Douma "
                  f"{_gemiddeld(m.flesch_douma for m in metingen):.0f}")
    regels += [f"niet gemeten: {naam} ({reden})" for naam, reden in NIET_GEMETEN.items()]
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "leesbaarheid.json").write_text(
            json.dumps([asdict(m) | {"fouten": m.fouten()} for m in metingen],
                       ensure_ascii=False, indent=2), encoding="utf-8")
    return "\n".join(regels)


def _gemiddeld(waarden: Iterable[float]) -> float:
    lijst = list(waarden)
    return sum(lijst) / len(lijst) if lijst else 0.0
