"""afdeling_zoeken: which department of *this* municipality owns discrimination in a theme.

``action_afdeling`` answers with the department(s) the municipality profile gives for the
theme (slot ``thema``, a theme name of bot.profiel.THEMAS), their contact and intranet link,
and the principle that anti-discrimination belongs to every department (Movisie webinar).
A theme without a department in the profile, or an unknown theme ("onbekend"), gets the way
to a person of medewerker_spreken (policy advisor, general contact): nothing is invented.
Residents also hear where to report.

``validate_afdeling_form`` fills ``thema`` when the form asks for it: a button or an entity
gives the theme name; typed text is matched against the same theme words as the NLU
(bot.themas.ThemaTabel on data/nlu/afdeling_zoeken.yml); a stop word stops the search
or another knowledge question stops it (actions.formulier); anything else is an unknown theme.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import SLOT_LAATSTE_ANTWOORD, doelgroep
from actions.formulier import GEEN_ANTWOORD, Onderbreking
from actions.medewerker_spreken import weg_naar_mens
from actions.profiel import ProfielBron, adv_tekst, contact_tekst
from bot.teksten import Teksten
from bot.profiel import THEMAS, GemeenteProfiel
from bot.settings import Settings
from bot.themas import ThemaTabel

SLOT_THEMA = "thema"
ONBEKEND = "onbekend"
# After a department answer, follow-ups ("waar staat dat?") are about the principle.
PRINCIPE_SLEUTEL = "verantwoordelijkheid_organisatie/hele_gemeente"


def afdeling_berichten(profiel: GemeenteProfiel, thema: str, teksten: Dict[str, Any],
                       weg: Dict[str, Any], doelgroep_: Optional[str]) -> List[str]:
    """The answer for a theme name or ONBEKEND, from the profile."""
    afdelingen = profiel.afdelingen_voor(thema)
    regels: List[str] = []
    if afdelingen:
        namen = [a.naam for a in afdelingen]
        if len(namen) == 1:
            regels.append(teksten["afdeling"].format(thema=thema, gemeente=profiel.naam,
                                                     afdeling=namen[0]))
        else:
            regels.append(teksten["meer_afdelingen"].format(
                thema=thema, gemeente=profiel.naam,
                afdelingen=", ".join(f"**{n}**" for n in namen)))
        for afdeling in afdelingen:
            contact = contact_tekst(afdeling.contact, weg["contact"])
            if contact:
                regels.append(teksten["afdeling_contact"].format(afdeling=afdeling.naam,
                                                                 contact=contact))
            if afdeling.intranet:
                regels.append(teksten["afdeling_intranet"].format(afdeling=afdeling.naam,
                                                                  link=afdeling.intranet))
        if doelgroep_ == "inwoner":
            regels.append(teksten["inwoner"].format(adv=adv_tekst(profiel, weg["contact"])))
        regels.append(teksten["principe"])
        regels.append(teksten["bron_profiel"].format(gemeente=profiel.naam))
        regels.append(teksten["bron_principe"])
        return regels
    if thema in THEMAS:
        regels.append(teksten["geen_afdeling"].format(thema=thema, gemeente=profiel.naam))
    else:
        regels.append(teksten["onbekend_thema"])
    # The way to a person: policy advisor (staff) or ADV (residents), and the general contact.
    regels.extend(weg_naar_mens(profiel, weg, doelgroep_)[1:])
    regels.insert(len(regels) - 1, teksten["principe"])
    regels.append(teksten["bron_principe"])
    return regels


class ActionAfdeling(Action):
    def __init__(self, teksten_dir: Optional[Path] = None, profiel_pad: Optional[Path] = None) -> None:
        self._teksten = Teksten("afdeling_zoeken.yml", teksten_dir)
        self._weg = Teksten("medewerker_spreken.yml", teksten_dir)
        self._profiel = ProfielBron(profiel_pad)

    def name(self) -> Text:
        return "action_afdeling"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        teksten = self._teksten.data()
        thema = tracker.get_slot(SLOT_THEMA) or ONBEKEND
        if thema in GEEN_ANTWOORD:
            dispatcher.utter_message(text=teksten[thema])
            return [SlotSet(SLOT_THEMA, None)]
        regels = afdeling_berichten(self._profiel.profiel(), thema, teksten, self._weg.data(),
                                    doelgroep(tracker))
        dispatcher.utter_message(text="\n\n".join(regels))
        return [SlotSet(SLOT_THEMA, None), SlotSet(SLOT_LAATSTE_ANTWOORD, PRINCIPE_SLEUTEL)]


class ValidateAfdelingForm(FormValidationAction):
    def __init__(self, teksten_dir: Optional[Path] = None, themas_pad: Optional[Path] = None) -> None:
        self._onderbreking = Onderbreking(teksten_dir)
        self._themas_pad = themas_pad
        self._tabel: Optional[ThemaTabel] = None

    def name(self) -> Text:
        return "validate_afdeling_form"

    @property
    def tabel(self) -> ThemaTabel:
        if self._tabel is None:
            self._tabel = ThemaTabel.uit_bestand(self._themas_pad or Settings.from_env().themas_pad)
        return self._tabel

    def kies_thema(self, waarde: Any, tracker: Tracker) -> str:
        tekst = str(waarde or "")
        if tekst in THEMAS or tekst == ONBEKEND:
            return tekst
        treffer = self.tabel.vind(tekst)
        if treffer:
            return treffer.label
        return self._onderbreking.van(tekst, tracker) or ONBEKEND

    async def validate_thema(self, slot_value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> Dict[Text, Any]:
        return {SLOT_THEMA: self.kies_thema(slot_value, tracker)}
