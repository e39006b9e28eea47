"""melding_route: where a resident who experienced discrimination can best report it.

``melding_form`` asks two questions with buttons: where it happened (``melding_plaats``:
online, straat, werk, woning, school, horeca, winkel, overheid, anders) and whether there was
violence or a threat (``melding_geweld``: ja / nee). ``action_melding_route`` then names, each
with why and its source (data/teksten/melding_route.yml, from the knowledge base):

* the municipality's ADV (from its profile) — always;
* the police — violence or a threat (a possible criminal offence: aangifte);
* Meld.Online Discriminatie — online;
* the College voor de Rechten van de Mens — unequal treatment at work, school, housing,
  shops, going out or sport; for the government it says the College mostly does not handle it.

The assistant takes no report itself and asks for no personal details. A resident sees two of
the route's source lines and a button "Meer bronnen" for all of them (bot/bronnen.py); the
sources are kept in the slot ``laatste_bronnen`` for that button and for "waar staat dat?".
``validate_melding_form`` reads typed answers with word lists from the same texts file; a stop
word or another knowledge question ends the form (actions.formulier).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import SLOT_LAATSTE_BRONNEN, doelgroep
from actions.formulier import GEEN_ANTWOORD, Onderbreking
from actions.profiel import ProfielBron, adv_contact, adv_tekst
from bot.bronnen import INWONER, MeerBronnen, beperk_bronnen, bronregels
from bot.teksten import Teksten
from bot.profiel import GemeenteProfiel
from bot.themas import PLAATSEN, Woordtabel

SLOT_PLAATS = "melding_plaats"
SLOT_GEWELD = "melding_geweld"
GELIJKE_BEHANDELING = ("werk", "woning", "school", "horeca", "winkel")
GEWELD = ("ja", "nee")


def adv_velden(profiel: GemeenteProfiel, labels: Dict[str, str]) -> Dict[str, str]:
    """{adv_naam}, {adv_contact} and {adv} for the texts: the profile's ADV, never invented."""
    return {"adv_naam": profiel.adv.naam, "adv_contact": adv_contact(profiel, labels),
            "adv": adv_tekst(profiel, labels)}


def route(plaats: str, geweld: str) -> List[str]:
    """The organisations, in order: adv always, then politie, online, college / overheid."""
    stappen = ["adv"]
    if geweld == "ja":
        stappen.append("politie")
    if plaats == "online":
        stappen.append("online")
    if plaats in GELIJKE_BEHANDELING:
        stappen.append("college")
    if plaats == "overheid":
        stappen.append("overheid")
    return stappen


def route_berichten(profiel: GemeenteProfiel, plaats: str, geweld: str,
                    teksten: Dict[str, Any], labels: Dict[str, str]) -> List[str]:
    stappen = route(plaats, geweld)
    regels = [teksten["inleiding"]]
    velden = adv_velden(profiel, labels)
    regels.append("\n".join(teksten[s].format(**velden) for s in stappen if s != "overheid"))
    if "overheid" in stappen:
        regels.append(teksten["overheid"])
    regels.append(teksten["privacy"])
    bronnen = [teksten["bronnen"]["profiel"].format(gemeente=profiel.naam)]
    bronnen += [teksten["bronnen"][s] for s in stappen]
    regels.append("\n".join(bronnen))
    return regels


class ActionMeldingRoute(Action):
    def __init__(self, teksten_dir: Optional[Path] = None, profiel_pad: Optional[Path] = None) -> None:
        self._teksten = Teksten("melding_route.yml", teksten_dir)
        self._weg = Teksten("medewerker_spreken.yml", teksten_dir)
        self._profiel = ProfielBron(profiel_pad)
        self._meer_bronnen = MeerBronnen(teksten_dir)

    def name(self) -> Text:
        return "action_melding_route"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        teksten = self._teksten.data()
        profiel = self._profiel.profiel()
        plaats = tracker.get_slot(SLOT_PLAATS) or "anders"
        geweld = tracker.get_slot(SLOT_GEWELD) or "nee"
        if plaats in GEEN_ANTWOORD:
            dispatcher.utter_message(text=teksten[plaats].format(
                **adv_velden(profiel, self._weg.data()["contact"])))
        else:
            tekst = "\n\n".join(
                route_berichten(profiel, plaats, geweld, teksten, self._weg.data()["contact"]))
            bronnen = "\n".join(bronregels(tekst))
            if doelgroep(tracker) == INWONER:
                tekst, weggelaten = beperk_bronnen(tekst)
                if weggelaten:
                    dispatcher.utter_message(text=tekst, buttons=[self._meer_bronnen.knop()])
                    return self._klaar(bronnen)
            dispatcher.utter_message(text=tekst)
            return self._klaar(bronnen)
        return self._klaar(None)

    @staticmethod
    def _klaar(bronnen: Optional[str]) -> List[Dict[Text, Any]]:
        """The next report starts afresh; the sources stay for "waar staat dat?"."""
        return [SlotSet(SLOT_PLAATS, None), SlotSet(SLOT_GEWELD, None),
                SlotSet(SLOT_LAATSTE_BRONNEN, bronnen)]


class ValidateMeldingForm(FormValidationAction):
    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("melding_route.yml", teksten_dir)
        self._onderbreking = Onderbreking(teksten_dir)
        self._plaatsen: Optional[Woordtabel] = None
        self._geweld: Optional[Woordtabel] = None

    def name(self) -> Text:
        return "validate_melding_form"

    def _tabellen(self) -> None:
        if self._plaatsen is None:
            teksten = self._teksten.data()
            self._plaatsen = Woordtabel.uit_lijsten(teksten["plaatsen"])
            self._geweld = Woordtabel.uit_lijsten({"ja": teksten["geweld_ja"],
                                                   "nee": teksten["geweld_nee"]})

    def _kies(self, waarde: Any, keuzes: tuple, tabel: Woordtabel, tracker: Tracker,
              niet_begrepen: str, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
        tekst = str(waarde or "")
        if tekst in keuzes:
            return {"waarde": tekst}
        treffer = tabel.vind(tekst)
        if treffer:
            return {"waarde": treffer.label}
        onderbreking = self._onderbreking.van(tekst, tracker)
        if onderbreking:
            return {"stop": onderbreking}
        dispatcher.utter_message(text=self._teksten.data()[niet_begrepen])
        return {"waarde": None}

    def _uitkomst(self, slot: str, keuze: Dict[str, Any]) -> Dict[Text, Any]:
        if "stop" in keuze:  # fills both slots: the form is done, the action says it stopped
            return {SLOT_PLAATS: keuze["stop"], SLOT_GEWELD: keuze["stop"]}
        return {slot: keuze["waarde"]}

    async def validate_melding_plaats(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: Dict[Text, Any]) -> Dict[Text, Any]:
        self._tabellen()
        return self._uitkomst(SLOT_PLAATS, self._kies(slot_value, PLAATSEN, self._plaatsen, tracker,
                                                      "niet_begrepen_plaats", dispatcher))

    async def validate_melding_geweld(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: Dict[Text, Any]) -> Dict[Text, Any]:
        self._tabellen()
        return self._uitkomst(SLOT_GEWELD, self._kies(slot_value, GEWELD, self._geweld, tracker,
                                                      "niet_begrepen_geweld", dispatcher))
