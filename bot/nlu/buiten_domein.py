"""BuitenDomeinHerkenner: recognise out-of-scope questions the classifier is unsure about.

"ik zoek werk als timmerman" or "er zit een gat in de weg" share no theme with the assistant,
yet the classifier is not sure and the FallbackClassifier asks "Bedoelt u …?" with discrimination topics
— the wrong answer for someone with a municipal question. This component asks the
char-n-gram model (bot.nlu.tekenmodel) how likely ``buiten_domein`` is:

- The classifier fell back (``nlu_fallback``) and the char model gives ``buiten_domein`` at least
  ``min_oos_bij_terugval``, and the message has no sign of the theme (discrimination, its
  grounds, the ADV, the law …; ``domein_signalen``) -> ``buiten_domein``. A message that does
  mention the theme keeps the clarification: telling a person who reports discrimination that
  this is "not my subject" is worse than asking.
- The classifier chose a conversational intent (small talk, abuse, a person, feedback …) with less than
  ``max_gesprek_zekerheid`` and the char model says ``buiten_domein`` at least
  ``min_oos_bij_gesprek`` -> ``buiten_domein``.
- The classifier itself chose ``buiten_domein`` but the message does mention the theme ("hoe meld ik
  discrminatie bij mijn gemeente", typos included) -> ``nlu_fallback``: ask what is meant.
Knowledge answers are never overridden here.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tekenmodel import TekenmodelComponent

BUITEN_DOMEIN = "buiten_domein"
FALLBACK_INTENT = "nlu_fallback"
# Intents whose answer is not a fact from the knowledge base nor about another language.
NIET_GESPREK = {BUITEN_DOMEIN, FALLBACK_INTENT, "niet_nederlands", "meerdere_vragen"}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class BuitenDomeinHerkenner(TekenmodelComponent):
    MODEL_FILE = "buiten_domein.joblib"
    SKIP_INTENTS = ("meerdere_vragen",)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "min_oos_bij_terugval": 0.3,
            "min_oos_bij_gesprek": 0.4,
            "max_gesprek_zekerheid": 0.6,
            # Word stems that show a message is about the assistant's theme.
            "domein_signalen": [
                # "gediscrimineerd", "antidiscriminatiebeleid", "antiracisme": the stem is
                # not at the word start there
                "discrimin", "gediscrimin", "antidiscrimin", "racis", "antiracis", "antisemit", "moslim", "islam", "jood", "joden", "religie", "geloof",
                "hoofddoek", "huidskleur", "afkomst", "etni", "homo", "lhbt", "transgender",
                "handicap", "beperking", "zwanger", "vooroordeel", "uitgescholden", "scheld",
                "haat", "ongelijk", "gelijke behandeling", "adv", "meldpunt", "grondwet",
                "artikel 1", "wga", "agender", "faciliter", "regisse", "rechten van de mens",
                "uitsluit", "uitgesloten", "seksis", "profiler",
            ],
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, model: Any = None,
                 kennis: Optional[Set[str]] = None) -> None:
        super().__init__(config, model_storage, resource, model, kennis)
        signalen = [s.lower() for s in self._config["domein_signalen"]]
        # A signal starts a word ("handicap" in "mijn handicap", not in "gehandicaptenkaart").
        self._signaal = re.compile(
            r"\b(?:" + "|".join(re.escape(s) for s in signalen) + ")", re.IGNORECASE
        )
        # Long single-word signals also match with a typo ("discrminatie").
        self._lange_signalen = [s for s in signalen if len(s) >= 8 and " " not in s]

    def kans_buiten_domein(self, tekst: str) -> float:
        if self.model is None or BUITEN_DOMEIN not in self.model.classes_:
            return 0.0
        kansen = self.model.predict_proba([tekst])[0]
        return float(kansen[list(self.model.classes_).index(BUITEN_DOMEIN)])

    def heeft_domeinsignaal(self, tekst: str) -> bool:
        if self._signaal.search(tekst):
            return True
        for woord in re.findall(r"\w+", tekst.lower()):
            for signaal in self._lange_signalen:
                if len(woord) >= len(signaal) - 1 and difflib.SequenceMatcher(
                        None, woord[: len(signaal)], signaal).ratio() >= 0.85:
                    return True
        return False

    def _nieuwe_intent(self, message: Message) -> Optional[str]:
        tekst = message.get(TEXT) or ""
        intent = message.get(INTENT) or {}
        naam = intent.get(INTENT_NAME_KEY)
        if not tekst or tekst.startswith("/") or naam in self.kennis:
            return None
        if naam == BUITEN_DOMEIN:
            return FALLBACK_INTENT if self.heeft_domeinsignaal(tekst) else None
        return BUITEN_DOMEIN if self._buiten_domein(tekst, naam, intent) else None

    def _buiten_domein(self, tekst: str, naam: Optional[str], intent: Dict[str, Any]) -> bool:
        if naam == FALLBACK_INTENT:
            return (not self.heeft_domeinsignaal(tekst)
                    and self.kans_buiten_domein(tekst) >= self._config["min_oos_bij_terugval"])
        if naam in NIET_GESPREK or naam is None:
            return False
        zekerheid = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        return (zekerheid < self._config["max_gesprek_zekerheid"]
                and not self.heeft_domeinsignaal(tekst)
                and self.kans_buiten_domein(tekst) >= self._config["min_oos_bij_gesprek"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            nieuw = self._nieuwe_intent(message)
            if nieuw is None:
                continue
            gekozen = {INTENT_NAME_KEY: nieuw, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in (message.get(INTENT_RANKING_KEY) or [])
                       if r.get(INTENT_NAME_KEY) not in (BUITEN_DOMEIN, FALLBACK_INTENT)]
            message.set(INTENT, gekozen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [gekozen, *ranking], add_to_output=True)
        return messages

