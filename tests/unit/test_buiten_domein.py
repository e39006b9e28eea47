"""BuitenDomeinHerkenner: unsure + no sign of the theme -> out of scope; never over a victim."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.buiten_domein import BuitenDomeinHerkenner


@pytest.fixture(scope="module")
def herkenner(getrainde_component):
    return getrainde_component(BuitenDomeinHerkenner)


def _run(herkenner, text, intent, confidence):
    m = Message(data={"text": text})
    m.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    m.set("intent_ranking", [{"name": intent, "confidence": confidence}], add_to_output=True)
    herkenner.process([m])
    return m.get("intent")["name"]


@pytest.mark.parametrize("text", [
    "waar kan ik een nieuwe container voor gft krijgen",
    "hoe vraag ik een vergunning voor een steiger aan",
])
def test_unsure_municipal_question_without_theme_is_out_of_scope(herkenner, text):
    assert herkenner.kans_buiten_domein(text) >= 0.3
    assert _run(herkenner, text, "nlu_fallback", 0.45) == "buiten_domein"


@pytest.mark.parametrize("text", [
    "mijn verhuurder behandelt mij anders vanwege mijn geloof, wat kan ik doen",
    "ze schelden mij uit op straat om mijn afkomst",
])
def test_a_message_about_the_theme_keeps_the_clarification(herkenner, text):
    assert herkenner.heeft_domeinsignaal(text)
    assert _run(herkenner, text, "nlu_fallback", 0.45) == "nlu_fallback"


def test_knowledge_answers_are_never_overridden(herkenner):
    assert _run(herkenner, "hoe vraag ik een paspoort aan", "adv_taken", 0.5) == "adv_taken"


def test_unsure_small_talk_that_is_a_municipal_question_is_out_of_scope(herkenner):
    assert _run(herkenner, "waar vraag ik een parkeervergunning aan", "bot_vraag", 0.5) == "buiten_domein"
    # a confident conversational intent stays
    assert _run(herkenner, "ben je een bot", "bot_vraag", 0.98) == "bot_vraag"


def test_payloads_are_left_alone(herkenner):
    assert _run(herkenner, "/feedback_ja", "feedback_ja", 0.3) == "feedback_ja"


@pytest.mark.parametrize("text, signal", [
    ("hoe meld ik discrminatie bij mijn gemeente", True),    # typo
    ("ik word gepest om mijn handicap", True),
    ("waarom worden joden in mijn straat bedreigd", True),  # plural: 'jood' is not its prefix
    ("ik ben gediscrimineerd tijdens een sollicitatie", True),  # prefix ge-
    ("heeft onze gemeente een antidiscriminatiebeleid", True),  # prefix anti-
    ("wat doet de stad aan antiracisme", True),
    ("hoe kom ik aan een gehandicaptenparkeerkaart", False),  # 'handicap' not at a word start
    ("hoe vraag ik kwijtschelding aan", False),                # 'scheld' inside a word
    ("hoe registreer ik een geboorte", False),
])
def test_theme_signals(herkenner, text, signal):
    assert herkenner.heeft_domeinsignaal(text) is signal


def test_diet_saying_out_of_scope_to_someone_who_mentions_discrimination_asks_instead(herkenner):
    m = Message(data={"text": "hoe meld ik discrminatie bij mijn gemeente"})
    m.set("intent", {"name": "buiten_domein", "confidence": 0.98})
    m.set("intent_ranking", [{"name": "buiten_domein", "confidence": 0.98},
                             {"name": "melden_discriminatie", "confidence": 0.01}])
    herkenner.process([m])
    assert m.get("intent")["name"] == "nlu_fallback"
    assert [r["name"] for r in m.get("intent_ranking")] == ["nlu_fallback", "melden_discriminatie"]
    assert _run(herkenner, "hoe vraag ik een paspoort aan", "buiten_domein", 0.9) == "buiten_domein"
