"""The municipality profile for actions: read on first use from Settings.profiel_pad."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, Optional

from bot.profiel import Contact, GemeenteProfiel, laad_profiel
from bot.settings import Settings


class ProfielBron:
    def __init__(self, pad: Optional[Path] = None) -> None:
        self._pad = pad
        self._profiel: Optional[GemeenteProfiel] = None

    def profiel(self) -> GemeenteProfiel:
        if self._profiel is None:
            self._profiel = laad_profiel(self._pad or Settings.from_env().profiel_pad)
        return self._profiel


def contact_tekst(contact: Contact, labels: Dict[str, str]) -> str:
    """'telefoon …, e-mail …, https://…' for the fields the municipality filled in."""
    delen = []
    for veld in ("telefoon", "email", "website", "adres"):
        waarde = getattr(contact, veld)
        if waarde:
            delen.append(labels[veld].format(waarde=waarde))
    return ", ".join(delen)


def adv_contact(profiel: GemeenteProfiel, labels: Dict[str, str]) -> str:
    """How to reach the municipality's ADV: the contact it filled in, else its website."""
    return contact_tekst(profiel.adv.contact, labels) or str(profiel.adv.website)


def adv_tekst(profiel: GemeenteProfiel, labels: Dict[str, str]) -> str:
    """'RADAR (https://radar.nl/)': the ADV's name and how to reach it."""
    return f"{profiel.adv.naam} ({adv_contact(profiel, labels)})"
