"""Two questions in one message: the NLU component finds both, the action answers both."""
from __future__ import annotations

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.executor import CollectingDispatcher

from actions.meerdere_vragen import ActionMeerdereVragen
from bot.nlu.meerdere_vragen import MeerdereVragenHerkenner, is_vraag, splits_vragen


@pytest.mark.parametrize("text,parts", [
    ("wat is agenderen en moeten we de ADV betalen?", ["wat is agenderen", "moeten we de ADV betalen?"]),
    ("Wat is faciliteren? En wat is regisseren?", ["Wat is faciliteren?", "En wat is regisseren?"]),
    # "en" between two nouns is not a second question
    ("wat is het verschil tussen agenderen en faciliteren", ["wat is het verschil tussen agenderen en faciliteren"]),
    ("Welke verantwoordelijkheid heeft de burgemeester in dit soort situaties?",
     ["Welke verantwoordelijkheid heeft de burgemeester in dit soort situaties?"]),
])
def test_splitting_into_questions(text, parts):
    assert splits_vragen(text) == parts


def test_a_statement_is_not_a_question():
    assert not is_vraag("Ik ben gediscrimineerd.")
    assert is_vraag("en hoe meld ik dat")
    assert is_vraag("leg uit wat regisseren is")


@pytest.fixture(scope="module")
def herkenner(getrainde_component):
    return getrainde_component(MeerdereVragenHerkenner)


def _process(herkenner, text, intent="rollen_gemeente"):
    m = Message(data={"text": text})
    m.set("intent", {"name": intent, "confidence": 0.8}, add_to_output=True)
    m.set("intent_ranking", [{"name": intent, "confidence": 0.8},
                             {"name": "meerdere_vragen", "confidence": 0.1}], add_to_output=True)
    herkenner.process([m])
    return m


def test_two_knowledge_questions_get_both_answer_keys(herkenner):
    m = _process(herkenner, "wat is agenderen en moeten we de ADV betalen?")
    assert m.get("intent")["name"] == "meerdere_vragen"
    assert m.get("meerdere_vragen") == ["rollen_gemeente/agenderen", "adv_financiering/moet_gemeente_betalen"]
    assert "meerdere_vragen" in m.as_dict(only_output_properties=True)  # reaches the tracker


def test_one_question_is_left_to_diet(herkenner):
    m = _process(herkenner, "Welke verantwoordelijkheid heeft de burgemeester in dit soort situaties?",
                 intent="verantwoordelijkheid_organisatie")
    assert m.get("intent")["name"] == "verantwoordelijkheid_organisatie"
    assert m.get("meerdere_vragen") is None


def test_diet_alone_cannot_declare_several_questions(herkenner):
    m = _process(herkenner, "ik heb een vraag over discriminatie bij de gemeente", intent="meerdere_vragen")
    m.set("intent_ranking", [{"name": "meerdere_vragen", "confidence": 0.6},
                             {"name": "melden_discriminatie", "confidence": 0.15},
                             {"name": "adv_taken", "confidence": 0.13}])
    m.set("intent", {"name": "meerdere_vragen", "confidence": 0.6})
    herkenner.process([m])
    # next intent 0.15 / (1 - 0.6) = 0.375 < 0.45: ask instead of guessing
    assert m.get("intent")["name"] == "nlu_fallback"
    assert all(r["name"] != "meerdere_vragen" for r in m.get("intent_ranking"))
    m.set("intent_ranking", [{"name": "meerdere_vragen", "confidence": 0.6},
                             {"name": "melden_discriminatie", "confidence": 0.3}])
    m.set("intent", {"name": "meerdere_vragen", "confidence": 0.6})
    herkenner.process([m])
    # 0.3 / 0.4 = 0.75: DIET's own second choice, renormalised
    assert m.get("intent")["name"] == "melden_discriminatie"
    assert m.get("intent")["confidence"] == pytest.approx(0.75)


def test_an_out_of_scope_half_is_not_answered_as_knowledge(herkenner):
    m = _process(herkenner, "wat is agenderen en hoe vraag ik een nieuw paspoort aan?")
    assert m.get("intent")["name"] == "rollen_gemeente"


async def test_action_answers_each_question_in_order(settings, make_tracker, domain_dict):
    keys = ["rollen_gemeente/agenderen", "adv_financiering/moet_gemeente_betalen"]
    tracker = make_tracker("wat is agenderen en moeten we de ADV betalen?", "meerdere_vragen",
                           extra={"meerdere_vragen": keys})
    dispatcher = CollectingDispatcher()
    events = await ActionMeerdereVragen(settings.texts_dir).run(dispatcher, tracker, domain_dict)
    teksten = yaml.safe_load((settings.texts_dir / "meerdere_vragen.yml").read_text(encoding="utf-8"))
    assert dispatcher.messages[0]["text"] == teksten["inleiding"].format(aantal=2)
    assert [m["response"] for m in dispatcher.messages[1:]] == [
        "utter_rollen_gemeente/agenderen", "utter_adv_financiering/moet_gemeente_betalen",
        "utter_feedback_vraag"]
    assert events[0]["name"] == "laatste_antwoord" and events[0]["value"] == keys[-1]


async def test_action_without_usable_keys_asks_one_at_a_time(settings, make_tracker, domain_dict):
    tracker = make_tracker("x en y?", "meerdere_vragen", extra={"meerdere_vragen": ["bestaat/niet"]})
    dispatcher = CollectingDispatcher()
    events = await ActionMeerdereVragen(settings.texts_dir).run(dispatcher, tracker, domain_dict)
    assert events == [] and len(dispatcher.messages) == 1 and "een voor een" in dispatcher.messages[0]["text"]
