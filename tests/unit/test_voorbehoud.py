"""bot/nlu/voorbehoud.py and bot.verduidelijking.alternatieven: an unsure but likely answer is
given with reservation, with the next answers as buttons; anything else still gets "Bedoelt u …?"."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.voorbehoud import AntwoordMetVoorbehoud
from bot.verduidelijking import VOORBEHOUD, alternatieven, laad_teksten, voorbehoud_van

KENNIS = ["adv_financiering", "adv_taken", "melden_discriminatie"]


def bericht(tekst: str, ranking, selectors=None) -> Message:
    """A message as the FallbackClassifier leaves it: nlu_fallback first, the ranking behind."""
    fallback = {"name": "nlu_fallback", "confidence": 0.35}
    m = Message(data={"text": tekst})
    m.set("intent", fallback, add_to_output=True)
    m.set("intent_ranking", [fallback] + [{"name": n, "confidence": c} for n, c in ranking],
          add_to_output=True)
    sel = {"all_retrieval_intents": KENNIS}
    for onderwerp, antwoorden in (selectors or {}).items():
        sel[onderwerp] = {
            "response": {"intent_response_key": f"{onderwerp}/{antwoorden[0][0]}"},
            "ranking": [{"intent_response_key": f"{onderwerp}/{k}", "confidence": c}
                        for k, c in antwoorden]}
    m.set("response_selector", sel, add_to_output=True)
    return m


@pytest.fixture
def component():
    return AntwoordMetVoorbehoud({"min_zekerheid": 0.25, "min_zekerheid_antwoord": 0.35})


def test_a_likely_knowledge_answer_is_given_with_reservation(component):
    m = bericht("moet de gemeente de adv betalen uit eigen zak",
                [("adv_financiering", 0.31), ("adv_taken", 0.29), ("buiten_domein", 0.2)],
                {"adv_financiering": [("moet_gemeente_betalen", 0.7), ("hoe_gefinancierd", 0.3)],
                 "adv_taken": [("wat_doet_adv", 1.0)]})
    component.process([m])
    assert m.get("intent") == {"name": "adv_financiering", "confidence": 0.31}
    assert [r["name"] for r in m.get("intent_ranking")] == ["adv_financiering", "adv_taken",
                                                             "buiten_domein"]
    assert m.get(VOORBEHOUD) == {"onderwerp": "adv_financiering",
                                 "antwoord": "adv_financiering/moet_gemeente_betalen", "zekerheid": 0.31}
    assert "voorbehoud" in m.as_dict(only_output_properties=True)  # reaches the tracker


@pytest.mark.parametrize("ranking, selectors", [
    # too unsure: "Bedoelt u …?" as before
    ([("adv_financiering", 0.24), ("adv_taken", 0.2)], {"adv_financiering": [("hoe_gefinancierd", 1.0)]}),
    # the best intent is not a knowledge topic (out of scope, a person, the report route)
    ([("buiten_domein", 0.3), ("adv_taken", 0.28)], {"adv_taken": [("wat_doet_adv", 1.0)]}),
    ([("melding_route", 0.33), ("melden_discriminatie", 0.3)],
     {"melden_discriminatie": [("waar_melden", 1.0)]}),
    # a knowledge topic without an answer under the selector
    ([("adv_taken", 0.3)], {}),
])
def test_anything_else_keeps_the_clarification(component, ranking, selectors):
    m = bericht("iets met discriminatie", ranking, selectors)
    component.process([m])
    assert m.get("intent")["name"] == "nlu_fallback"
    assert m.get(VOORBEHOUD) is None


@pytest.mark.parametrize("tekst", ["/adv_taken", ""])
def test_payloads_and_empty_messages_are_left_alone(component, tekst):
    m = bericht(tekst, [("adv_taken", 0.3)], {"adv_taken": [("wat_doet_adv", 1.0)]})
    component.process([m])
    assert m.get("intent")["name"] == "nlu_fallback"


def beantwoord(ranking, selectors) -> Message:
    """A message the FallbackClassifier let through: its best intent first."""
    m = bericht("hoe zit het met geld voor het bureau", ranking, selectors)
    naam, zekerheid = ranking[0]
    m.set("intent", {"name": naam, "confidence": zekerheid}, add_to_output=True)
    m.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return m


def test_a_sure_answer_gets_no_reservation(component):
    m = beantwoord([("adv_taken", 0.9)], {"adv_taken": [("wat_doet_adv", 1.0)]})
    component.process([m])
    assert m.get(VOORBEHOUD) is None


def test_a_sure_topic_with_an_unsure_answer_is_answered_with_reservation(component):
    # topic 0.8, answer 0.4 of it: the answer itself 0.32, below 0.35
    m = beantwoord([("adv_financiering", 0.8), ("adv_taken", 0.1)],
                   {"adv_financiering": [("moet_gemeente_betalen", 0.4), ("hoe_gefinancierd", 0.35),
                                         ("plannen_2027", 0.25)]})
    component.process([m])
    assert m.get("intent") == {"name": "adv_financiering", "confidence": 0.8}  # not changed
    assert m.get(VOORBEHOUD) == {"onderwerp": "adv_financiering",
                                 "antwoord": "adv_financiering/moet_gemeente_betalen",
                                 "zekerheid": 0.32}


def test_a_sure_topic_with_a_sure_enough_answer_gets_none(component):
    m = beantwoord([("adv_financiering", 0.8)],
                   {"adv_financiering": [("moet_gemeente_betalen", 0.45), ("hoe_gefinancierd", 0.55)]})
    m.get("response_selector")["adv_financiering"]["response"]["intent_response_key"] = \
        "adv_financiering/hoe_gefinancierd"  # the answer given is the best one: 0.8 x 0.55
    component.process([m])
    assert m.get(VOORBEHOUD) is None


@pytest.mark.parametrize("intent", ["afdeling_zoeken", "buiten_domein", "meerdere_vragen"])
def test_only_knowledge_answers_get_a_reservation(component, intent):
    m = beantwoord([(intent, 0.36), ("adv_taken", 0.3)], {"adv_taken": [("wat_doet_adv", 1.0)]})
    component.process([m])
    assert m.get(VOORBEHOUD) is None


def test_the_threshold_comes_from_config_yml():
    import yaml

    from bot.settings import PROJECT_ROOT

    pipeline = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]
    namen = [c["name"] for c in pipeline]
    stap = pipeline[namen.index("bot.nlu.voorbehoud.AntwoordMetVoorbehoud")]
    assert stap["min_zekerheid"] < next(c["threshold"] for c in pipeline
                                        if c["name"] == "FallbackClassifier")
    # after the fallback and the components that decide out of scope / several questions,
    # before the one that makes a message without a known word a fallback again
    assert namen.index("FallbackClassifier") < namen.index("bot.nlu.buiten_domein.BuitenDomeinHerkenner") \
        < namen.index("bot.nlu.meerdere_vragen.MeerdereVragenHerkenner") < namen.index(stap["name"]) \
        < namen.index("bot.nlu.onbekende_woorden.OnbekendeWoordenFallback")


def test_alternatives_are_the_next_answers_with_a_button_without_the_one_given(settings, component):
    teksten = laad_teksten(settings.texts_dir / "verduidelijking.yml")
    m = bericht("moet de gemeente de adv betalen",
                [("adv_financiering", 0.3), ("adv_taken", 0.28), ("melden_discriminatie", 0.1)],
                {"adv_financiering": [("moet_gemeente_betalen", 0.6), ("hoe_gefinancierd", 0.4)],
                 "adv_taken": [("wat_doet_adv", 1.0)],
                 "melden_discriminatie": [("waar_melden", 1.0)]})
    component.process([m])
    parse = m.as_dict(only_output_properties=True)
    # 0.28 (wat_doet_adv) > 0.3 * 0.4 (hoe_gefinancierd) > 0.1 (waar_melden); at most two under an answer
    assert alternatieven(parse, teksten) == ["adv_taken/wat_doet_adv", "adv_financiering/hoe_gefinancierd"]
    # a later component made it a fallback again: no reservation, no alternatives
    parse["intent"] = {"name": "nlu_fallback", "confidence": 1.0}
    assert voorbehoud_van(parse) is None and alternatieven(parse, teksten) == []
