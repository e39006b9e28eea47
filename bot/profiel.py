"""Gemeenteprofielen: one YAML file per municipality under data/gemeenten/<slug>.yml.

The profile says where users of *this* municipality should go: its ADV, its general contact,
its departments and the themes they own, the portfolio holder, the policy advisor for staff
and local examples. Unknown fields stay empty (null); nothing is invented. The schema is
checked with pydantic when the servers start; a broken profile stops the start with a Dutch
message naming the file, the field and the fix. Profiles are read at run time, so changing
one needs no retraining.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional

import yaml
from pydantic import BaseModel, Extra, HttpUrl, ValidationError, validator

# The themes a department can own; the entity `thema` uses the same names.
THEMAS = (
    "onderwijs", "wonen", "werk en inkomen", "zorg en welzijn", "sport",
    "veiligheid en handhaving", "hr en eigen organisatie", "inkoop en subsidies", "communicatie",
)


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid  # a typo in a field name is an error, not silently ignored
        anystr_strip_whitespace = True


class Contact(_Model):
    telefoon: Optional[str] = None
    email: Optional[str] = None
    website: Optional[HttpUrl] = None
    adres: Optional[str] = None

    @validator("email")
    def _email(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
            raise ValueError("geen geldig e-mailadres")
        return v

    def is_leeg(self) -> bool:
        return not any((self.telefoon, self.email, self.website, self.adres))


class Adv(_Model):
    naam: str
    website: HttpUrl
    contact: Contact = Contact()


class Afdeling(_Model):
    naam: str
    themas: List[str]
    contact: Contact = Contact()
    intranet: Optional[HttpUrl] = None

    @validator("themas", each_item=True)
    def _thema(cls, v: str) -> str:
        if v not in THEMAS:
            raise ValueError(f"onbekend thema {v!r}; kies uit: {', '.join(THEMAS)}")
        return v


class Persoon(_Model):
    functie: str
    naam: Optional[str] = None
    contact: Contact = Contact()


class Voorbeeld(_Model):
    titel: str
    url: HttpUrl
    omschrijving: Optional[str] = None


class Privacy(_Model):
    """What the privacy statement needs; empty fields are shown as not filled in."""
    verwerkingsverantwoordelijke: Optional[str] = None  # e.g. "het college van B&W van …"
    grondslag: Optional[str] = None                     # the legal basis the municipality chose
    contact: Contact = Contact()                        # privacy contact / the DPO (FG)
    bewaartermijn_dagen: Optional[int] = None           # stricter than BOT_BEWAARTERMIJN_DAGEN wins

    @validator("bewaartermijn_dagen")
    def _termijn(cls, v: Optional[int]) -> Optional[int]:
        if v is not None and v < 1:
            raise ValueError("de bewaartermijn is ten minste 1 dag")
        return v


class GemeenteProfiel(_Model):
    naam: str
    adv: Adv
    algemeen_contact: Contact
    afdelingen: List[Afdeling] = []
    portefeuillehouder: Optional[Persoon] = None
    beleidsadviseur: Optional[Persoon] = None
    voorbeelden: List[Voorbeeld] = []
    privacy: Privacy = Privacy()

    def bewaartermijn(self, standaard: int) -> int:
        """The retention in days: the stricter of the setting and the profile."""
        eigen = self.privacy.bewaartermijn_dagen
        return min(standaard, eigen) if eigen else standaard

    def afdelingen_voor(self, thema: str) -> List[Afdeling]:
        """The departments that own ``thema`` (none, one, or more than one)."""
        return [a for a in self.afdelingen if thema in a.themas]


class ProfielFout(Exception):
    """A profile that cannot be used; the message is Dutch and says what to fix."""


def profiel_pad(gemeenten_dir: Path, slug: str) -> Path:
    return gemeenten_dir / f"{slug}.yml"


def laad_profiel(pad: Path) -> GemeenteProfiel:
    if not pad.exists():
        beschikbaar = sorted(p.stem for p in pad.parent.glob("*.yml"))
        raise ProfielFout(
            f"Gemeenteprofiel {pad} bestaat niet. Zet BOT_GEMEENTE op een van: "
            f"{', '.join(beschikbaar) or '(geen profielen gevonden)'}."
        )
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfielFout(f"Gemeenteprofiel {pad} is geen geldige YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfielFout(f"Gemeenteprofiel {pad} moet velden bevatten (naam, adv, algemeen_contact, …).")
    try:
        return GemeenteProfiel.parse_obj(data)
    except ValidationError as exc:
        regels = [f"Gemeenteprofiel {pad} klopt niet:"]
        for fout in exc.errors():
            veld = ".".join(str(d) for d in fout["loc"])
            regels.append(f"  - veld '{veld}': {_uitleg(fout)}")
        regels.append("Pas het bestand aan (zie data/gemeenten/voorbeeldgemeente.yml) en start opnieuw.")
        raise ProfielFout("\n".join(regels)) from exc


def _uitleg(fout: Dict) -> str:
    soort = fout.get("type", "")
    if soort == "value_error.missing":
        return "ontbreekt; vul het in (of null waar dat mag)"
    if soort == "value_error.extra":
        return "is geen bekend veld; controleer de spelling"
    if soort.startswith("value_error.url"):
        return "moet een volledige URL zijn, zoals https://www.example.nl/"
    return fout.get("msg", "ongeldige waarde")
