"""Word tables: themes of the municipal organisation (onderwijs, wonen, …) and other labels
recognised in a message (``Woordtabel``; melding_form uses one for places and ja/nee).

One table, as Rasa synonyms in ``data/nlu/afdeling_zoeken.yml``: the words people use map to
a theme (huur, woning, huisvesting → wonen; school, stage, leraar → onderwijs …); the theme
names themselves count too. The NLU component ``bot.nlu.thema.ThemaHerkenner`` gets the
synonyms from the training data; the form validation on the action server reads the same file
(path passed in). Matching is on whole words, lower-cased;
a table word of five letters or more also matches at the start or the end of a compound
("woningtoewijzing", "huurwoning", "sportkantine"). The earliest match in the text wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional

import yaml

from bot.profiel import THEMAS

MIN_SAMENSTELLING = 5

# Who asks: the audiences a channel names in its metadata (widget: inwoner, intranet: ambtenaar);
# the NLU component bot.nlu.doelgroep and the actions (actions/context.py) accept only these.
DOELGROEPEN = ("inwoner", "ambtenaar")

# Where it happened, the first question of the report route (melding_form): the values the form
# keeps, whatever was typed (actions/melding_route.py; the policy report counts only these).
PLAATSEN = ("online", "straat", "werk", "woning", "school", "horeca", "winkel", "overheid", "anders")

# "Welke afdeling / bij wie / wie moet ik hebben": the message asks who to go to.
_WIE_VRAAG = re.compile(
    r"\b(welke afdeling|welk team|welke collega|welke dienst|wie (moet|kan|mag) ik|bij wie|"
    r"naar wie|wie (gaat|is|zijn)|aanspreekpunt|contactpersoon|waar moet ik (zijn|heen|naartoe)|"
    r"wie pakt|wie behandelt)\b",
    re.IGNORECASE,
)


def vraagt_naar_wie(tekst: str) -> bool:
    return bool(_WIE_VRAAG.search(tekst or ""))


@dataclass(frozen=True)
class Treffer:
    label: str  # the theme (or other label) of the word
    woord: str  # the word as written in the message
    sleutel: str  # the table word it matched (for a compound: its part)
    start: int
    end: int


def _voorbeelden(blok: str) -> List[str]:
    return [r.strip()[1:].strip() for r in (blok or "").splitlines() if r.strip().startswith("-")]


class Woordtabel:
    """Words or phrases (lower-case) → a label; finds the earliest one in a text."""

    def __init__(self, woorden: Mapping[str, str]) -> None:
        self.woorden: Dict[str, str] = {w.lower().strip(): t for w, t in woorden.items()}
        self._enkel = {w: t for w, t in self.woorden.items() if " " not in w}
        self._meer = [(re.compile(r"\b" + re.escape(w) + r"\b"), w, t)
                      for w, t in self.woorden.items() if " " in w]

    @classmethod
    def uit_lijsten(cls, lijsten: Mapping[str, List[str]]) -> "Woordtabel":
        """From ``{label: [woord, …]}``, as in the texts of data/teksten/."""
        return cls({str(w): label for label, woorden in lijsten.items() for w in woorden})

    def _past(self, token: str) -> Optional[str]:
        if token in self._enkel:
            return token
        for woord in self._enkel:
            if len(woord) >= MIN_SAMENSTELLING and (token.startswith(woord) or token.endswith(woord)):
                return woord
        return None

    def treffers(self, tekst: str) -> List[Treffer]:
        laag = (tekst or "").lower()
        gevonden: List[Treffer] = []
        for m in re.finditer(r"[\w']+", laag):
            woord = self._past(m.group())
            if woord:
                gevonden.append(Treffer(self._enkel[woord], (tekst or "")[m.start():m.end()],
                                        woord, m.start(), m.end()))
        for patroon, woord, label in self._meer:
            for m in patroon.finditer(laag):
                gevonden.append(Treffer(label, (tekst or "")[m.start():m.end()], woord,
                                        m.start(), m.end()))
        return sorted(gevonden, key=lambda t: (t.start, -(t.end - t.start)))

    def vind(self, tekst: str) -> Optional[Treffer]:
        treffers = self.treffers(tekst)
        return treffers[0] if treffers else None


class ThemaTabel(Woordtabel):
    """Words → theme name; only the themes a profile can use (bot.profiel.THEMAS)."""

    def __init__(self, woorden: Mapping[str, str]) -> None:
        onbekend = sorted({t for t in woorden.values() if t not in THEMAS})
        if onbekend:
            raise ValueError(f"onbekende thema's in de thematabel: {onbekend}")
        super().__init__(woorden)

    @classmethod
    def uit_synoniemen(cls, synoniemen: Mapping[str, str]) -> "ThemaTabel":
        """The theme names and the synonyms whose value is a theme (other synonyms are left)."""
        woorden = {t: t for t in THEMAS}
        woorden.update({w: t for w, t in synoniemen.items() if t in THEMAS})
        return cls(woorden)

    @classmethod
    def uit_bestand(cls, pad: Path) -> "ThemaTabel":
        """Reads the synonyms from a Rasa NLU YAML file."""
        data = yaml.safe_load(Path(pad).read_text(encoding="utf-8")) or {}
        synoniemen: Dict[str, str] = {}
        for item in data.get("nlu") or []:
            if "synonym" in item:
                for woord in _voorbeelden(item.get("examples")):
                    synoniemen[woord] = item["synonym"]
        return cls.uit_synoniemen(synoniemen)
