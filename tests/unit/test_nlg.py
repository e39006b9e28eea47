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
