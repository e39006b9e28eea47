"""bot/nlg.py: residents see at most two source lines per answer, the rest behind "Meer bronnen"."""
from __future__ import annotations

import pytest
import yaml

from bot.bronnen import MAX_BRONNEN_INWONER, MEER_BRONNEN_PAYLOAD, beperk_bronnen
from bot.nlg import InwonerNLG
from bot.settings import PROJECT_ROOT

WAAR_MELDEN = "utter_melden_discriminatie/waar_melden"  # 6 sources and a button of its own


@pytest.fixture(scope="module")
def nlg(rasa_domain):
    from rasa.core.nlg import NaturalLanguageGenerator
    from rasa.utils.endpoints import read_endpoint_config

    # loaded the way the Rasa server loads it: from endpoints.yml, through Rasa's own factory
    with pytest.MonkeyPatch.context() as mp:  # the file's ${VARS}, as bot/serve.py sets them
        mp.setenv("BOT_ACTIONS_PORT", "5055")
        mp.setenv("BOT_TRACKER_DB", "niet-gebruikt.db")
        config = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "nlg")
    generator = NaturalLanguageGenerator.create(config, rasa_domain)
    assert isinstance(generator, InwonerNLG)
    return generator


@pytest.fixture(scope="module")
def knop_titel(settings):
    data = yaml.safe_load((settings.texts_dir / "vervolgvraag.yml").read_text(encoding="utf-8"))
    return data["teksten"]["meer_bronnen_knop"]


def tracker(rasa_domain, doelgroep):
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [SlotSet("doelgroep", doelgroep)] if doelgroep else []
    return DialogueStateTracker.from_events("t", events, slots=rasa_domain.slots)


def bronnen(text: str) -> list:
    return [r for r in text.splitlines() if r.startswith("Bron:")]


async def test_a_resident_sees_two_sources_and_a_button_for_the_rest(nlg, rasa_domain, knop_titel):
    geschreven = rasa_domain.responses[WAAR_MELDEN][0]
    assert len(bronnen(geschreven["text"])) > MAX_BRONNEN_INWONER
    bericht = await nlg.generate(WAAR_MELDEN, tracker(rasa_domain, "inwoner"), "socketio")
    assert bronnen(bericht["text"]) == bronnen(geschreven["text"])[:MAX_BRONNEN_INWONER]
    # the text before the sources is untouched, and the answer's own button stays first
    assert bericht["text"].split("Bron:")[0] == geschreven["text"].split("Bron:")[0]
    assert bericht["buttons"][:-1] == geschreven["buttons"]
    assert bericht["buttons"][-1] == {"title": knop_titel, "payload": MEER_BRONNEN_PAYLOAD}
    assert rasa_domain.responses[WAAR_MELDEN][0] == geschreven  # the domain is not changed


@pytest.mark.parametrize("doelgroep", ["ambtenaar", None])
async def test_civil_servants_and_unknown_callers_get_every_source(nlg, rasa_domain, doelgroep):
    bericht = await nlg.generate(WAAR_MELDEN, tracker(rasa_domain, doelgroep), "rest")
    geschreven = rasa_domain.responses[WAAR_MELDEN][0]
    assert bericht["text"] == geschreven["text"]
    assert bericht["buttons"] == geschreven["buttons"]


async def test_an_answer_with_few_sources_gets_no_button(nlg, rasa_domain):
    naam = "utter_melden_discriminatie/online"
    assert len(bronnen(rasa_domain.responses[naam][0]["text"])) <= MAX_BRONNEN_INWONER
    bericht = await nlg.generate(naam, tracker(rasa_domain, "inwoner"), "socketio")
    assert bericht["text"] == rasa_domain.responses[naam][0]["text"]
    assert not bericht.get("buttons")


async def test_the_resident_variant_is_still_chosen_by_rasa(nlg, rasa_domain):
    bericht = await nlg.generate("utter_rollen_gemeente/overzicht", tracker(rasa_domain, "inwoner"), "socketio")
    assert bericht["text"].startswith("Voor u als inwoner")
    assert len(bronnen(bericht["text"])) == MAX_BRONNEN_INWONER


def test_the_button_asks_for_the_sources_of_the_previous_answer(domain_dict):
    """The payload is the follow-up intent that action_vervolgvraag answers with every source."""
    assert MEER_BRONNEN_PAYLOAD.lstrip("/") in domain_dict["intents"]
    regels = yaml.safe_load((PROJECT_ROOT / "data/rules/vervolgvraag.yml").read_text())["rules"]
    assert any(r["steps"] == [{"intent": MEER_BRONNEN_PAYLOAD.lstrip("/")},
                              {"action": "action_vervolgvraag"}] for r in regels)


def test_cutting_keeps_everything_but_the_later_sources():
    tekst = "Antwoord.\n\nBron: a — https://a\nBron: b — https://b\nBron: c — https://c"
    assert beperk_bronnen(tekst) == ("Antwoord.\n\nBron: a — https://a\nBron: b — https://b", 1)
    assert beperk_bronnen("Geen bron.") == ("Geen bron.", 0)


def test_the_production_profile_uses_the_same_generator():
    productie = yaml.safe_load((PROJECT_ROOT / "endpoints.production.yml").read_text())
    assert productie["nlg"] == {"type": "bot.nlg.InwonerNLG"}


def gevraagd(rasa_domain, intent: str, voorbehoud=None, doelgroep="inwoner"):
    """A tracker whose last user message was parsed as the NLU pipeline leaves it."""
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    parse = {
        "intent": {"name": intent, "confidence": 0.3},
        "intent_ranking": [{"name": "adv_financiering", "confidence": 0.3},
                           {"name": "adv_taken", "confidence": 0.28}],
        "response_selector": {
            "all_retrieval_intents": ["adv_financiering", "adv_taken"],
            "adv_financiering": {
                "response": {"intent_response_key": "adv_financiering/moet_gemeente_betalen"},
                "ranking": [{"intent_response_key": "adv_financiering/moet_gemeente_betalen",
                             "confidence": 0.6},
                            {"intent_response_key": "adv_financiering/hoe_gefinancierd",
                             "confidence": 0.4}]},
            "adv_taken": {"response": {"intent_response_key": "adv_taken/wat_doet_adv"},
                          "ranking": [{"intent_response_key": "adv_taken/wat_doet_adv",
                                       "confidence": 1.0}]}},
    }
    if voorbehoud:
        parse["voorbehoud"] = voorbehoud
    events = [SlotSet("doelgroep", doelgroep),
              UserUttered("moet de gemeente de adv betalen", parse["intent"], [], parse)]
    return DialogueStateTracker.from_events("t", events, slots=rasa_domain.slots)


VOORBEHOUD = {"onderwerp": "adv_financiering", "antwoord": "adv_financiering/moet_gemeente_betalen",
              "zekerheid": 0.3}


async def test_after_an_answer_with_reservation_the_next_answers_are_offered(nlg, rasa_domain, settings):
    from bot.verduidelijking import laad_teksten

    teksten = laad_teksten(settings.texts_dir / "verduidelijking.yml")
    geschreven = rasa_domain.responses["utter_feedback_vraag"][0]
    bericht = await nlg.generate("utter_feedback_vraag",
                                 gevraagd(rasa_domain, "adv_financiering", VOORBEHOUD), "rest")
    assert bericht["text"] == teksten.voorbehoud
    # the next two answers by likelihood (0.28, 0.3 x 0.4), the answer given not again,
    # then the ja/nee of the feedback question
    assert bericht["buttons"] == [
        {"title": teksten.antwoorden["adv_taken/wat_doet_adv"].titel,
         "payload": teksten.antwoorden["adv_taken/wat_doet_adv"].vraag},
        {"title": teksten.antwoorden["adv_financiering/hoe_gefinancierd"].titel,
         "payload": teksten.antwoorden["adv_financiering/hoe_gefinancierd"].vraag},
        *geschreven["buttons"]]
    assert rasa_domain.responses["utter_feedback_vraag"][0] == geschreven  # domain unchanged


@pytest.mark.parametrize("intent, voorbehoud", [
    ("adv_financiering", None),  # a sure answer
    ("nlu_fallback", VOORBEHOUD),  # made a fallback again after the reservation
])
async def test_otherwise_the_feedback_question_is_as_written(nlg, rasa_domain, intent, voorbehoud):
    bericht = await nlg.generate("utter_feedback_vraag",
                                 gevraagd(rasa_domain, intent, voorbehoud), "rest")
    geschreven = rasa_domain.responses["utter_feedback_vraag"][0]
    assert (bericht["text"], bericht["buttons"]) == (geschreven["text"], geschreven["buttons"])


async def test_the_answer_itself_is_not_changed_by_the_reservation(nlg, rasa_domain):
    naam = "utter_adv_financiering/moet_gemeente_betalen"
    bericht = await nlg.generate(naam, gevraagd(rasa_domain, "adv_financiering", VOORBEHOUD,
                                                doelgroep="ambtenaar"), "rest")
    assert bericht["text"] == rasa_domain.responses[naam][0]["text"]


def na_doelgroepvraag(rasa_domain, tweede_parse):
    """Plain REST: the question (answered with reservation), "Bent u inwoner …?", then a reply."""
    from rasa.shared.core.events import ActiveLoop, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    vraag = gevraagd(rasa_domain, "adv_financiering", VOORBEHOUD, doelgroep=None)
    events = list(vraag.events)[1:] + [
        ActiveLoop("doelgroep_form"), BotUttered("Bent u inwoner of werkt u bij de gemeente?"),
        UserUttered("ik werk bij de gemeente", tweede_parse["intent"], [], tweede_parse),
        ActiveLoop(None)]
    return DialogueStateTracker.from_events("t", events, slots=rasa_domain.slots)


async def test_the_reservation_survives_the_audience_question(nlg, rasa_domain, settings):
    from bot.verduidelijking import laad_teksten

    teksten = laad_teksten(settings.texts_dir / "verduidelijking.yml")
    antwoord = {"intent": {"name": "doelgroep_antwoord", "confidence": 0.9}}
    bericht = await nlg.generate("utter_feedback_vraag", na_doelgroepvraag(rasa_domain, antwoord), "rest")
    assert bericht["text"] == teksten.voorbehoud


async def test_a_sure_question_asked_instead_of_the_audience_gets_no_reservation(nlg, rasa_domain):
    # the reply named no audience, so action_kennis_antwoord answers that question
    # (actions/kennis_antwoord.py): the reservation of the question before does not apply
    from rasa.shared.core.events import SlotSet

    nieuwe_vraag = {"intent": {"name": "adv_taken", "confidence": 0.95},
                    "response_selector": {
                        "all_retrieval_intents": ["adv_financiering", "adv_taken"],
                        "adv_taken": {"response": {"intent_response_key": "adv_taken/wat_doet_adv"}}}}
    tracker = na_doelgroepvraag(rasa_domain, nieuwe_vraag)
    tracker.update(SlotSet("doelgroep_antwoord", "onbekend"))
    bericht = await nlg.generate("utter_feedback_vraag", tracker, "rest")
    assert bericht["text"] == rasa_domain.responses["utter_feedback_vraag"][0]["text"]


def test_the_audience_form_and_slot_have_the_names_both_servers_look_for(rasa_domain):
    from bot.beurten import DOELGROEP_FORM, SLOT_ANTWOORD

    assert DOELGROEP_FORM in rasa_domain.form_names
    assert SLOT_ANTWOORD in [s.name for s in rasa_domain.slots]
