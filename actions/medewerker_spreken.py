"""action_medewerker_spreken: the way to a person, filled in from the municipality profile.

Residents get the municipality's ADV and its general contact; civil servants get the policy
advisor for anti-discrimination; with the audience unknown both. The audience is the slot
``doelgroep`` or the channel's metadata (the intranet channel says ``ambtenaar``).
Fields the municipality left empty are not invented: the text then points to the general
entrances. Also the last step of the two-stage fallback (actions.verduidelijking).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import doelgroep
from actions.profiel import ProfielBron, adv_tekst, contact_tekst
from bot.teksten import Teksten
from bot.profiel import GemeenteProfiel



def weg_naar_mens(profiel: GemeenteProfiel, teksten: Dict[str, Any],
                  doelgroep: Optional[str]) -> List[str]:
    """The messages that show the way to a person, for this municipality and audience."""
    labels = teksten["contact"]
    regels = [teksten["inleiding"]]
    if doelgroep in (None, "inwoner"):
        regels.append(teksten["inwoner"].format(adv=adv_tekst(profiel, labels)))
    if doelgroep in (None, "ambtenaar"):
        adviseur = profiel.beleidsadviseur
        if adviseur is not None and (adviseur.naam or not adviseur.contact.is_leeg()):
            contact = contact_tekst(adviseur.contact, labels)
            regels.append(teksten["ambtenaar"].format(
                gemeente=profiel.naam, functie=adviseur.functie,
                naam=f", {adviseur.naam}" if adviseur.naam else "",
                contact=f" ({contact})" if contact else ""))
        else:
            regels.append(teksten["ambtenaar_onbekend"].format(gemeente=profiel.naam))
    algemeen = contact_tekst(profiel.algemeen_contact, labels)
    regels.append(teksten["algemeen"].format(gemeente=profiel.naam, contact=algemeen)
                  if algemeen else teksten["algemeen_onbekend"])
    regels.append(teksten["bron"].format(gemeente=profiel.naam))
    return regels


class ActionMedewerkerSpreken(Action):
    def __init__(self, teksten_dir: Optional[Path] = None, profiel_pad: Optional[Path] = None) -> None:
        self._teksten = Teksten("medewerker_spreken.yml", teksten_dir)
        self._profiel = ProfielBron(profiel_pad)

    def name(self) -> Text:
        return "action_medewerker_spreken"

    def berichten(self, tracker: Tracker) -> List[str]:
        return weg_naar_mens(self._profiel.profiel(), self._teksten.data(), doelgroep(tracker))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="\n\n".join(self.berichten(tracker)))
        return []
