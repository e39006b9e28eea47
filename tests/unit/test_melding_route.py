"""melding_route: where a resident can report, after two questions; nothing asked about the person."""
from __future__ import annotations

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.melding_route import PLAATSEN, ActionMeldingRoute, ValidateMeldingForm, route

ADV = "Discriminatie.nl"
POLITIE = "**Politie**"
ONLINE = "**Meld.Online Discriminatie**"
COLLEGE = "**College voor de Rechten van de Mens**"


def _action(settings, slug="voorbeeldgemeente"):
    return ActionMeldingRoute(settings.texts_dir, settings.gemeenten_dir / f"{slug}.yml")


async def _run(action, tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain_dict)
    assert len(dispatcher.messages) == 1
    return dispatcher.messages[0]["text"], events


@pytest.mark.parametrize("plaats, geweld, verwacht, niet", [
    ("online", "nee", [ONLINE], [POLITIE, COLLEGE]),
    ("online", "ja", [ONLINE, POLITIE], [COLLEGE]),
    ("straat", "ja", [POLITIE], [ONLINE, COLLEGE]),
    ("straat", "nee", [], [POLITIE, ONLINE, COLLEGE]),
    ("werk", "nee", [COLLEGE], [POLITIE, ONLINE]),
    ("woning", "ja", [COLLEGE, POLITIE], [ONLINE]),
    ("school", "nee", [COLLEGE], [POLITIE]),
    ("horeca", "nee", [COLLEGE], [POLITIE]),
    ("winkel", "nee", [COLLEGE], [POLITIE]),
    ("overheid", "nee", ["behandelt het College niet"], [COLLEGE, POLITIE]),
    ("anders", "nee", [], [POLITIE, ONLINE, COLLEGE]),
])
async def test_routes(settings, make_tracker, domain_dict, plaats, geweld, verwacht, niet):
    text, events = await _run(_action(settings), make_tracker(
        "nee", "melding_route", slots={"melding_plaats": plaats, "melding_geweld": geweld}), domain_dict)
    assert f"**{ADV}** (https://discriminatie.nl/), altijd" in text  # the ADV always, from the profile
    for woord in verwacht:
        assert woord in text
    for woord in niet:
        assert woord not in text
    assert "vraag niet naar uw naam" in text
    bronnen = [r for r in text.splitlines() if r.startswith("Bron: ")]
    assert text.splitlines()[-len(bronnen):] == bronnen and len(bronnen) >= 2
    assert [e["value"] for e in events[:2]] == [None, None]  # the next report starts afresh
    assert events[2] == {"event": "slot", "name": "laatste_bronnen", "value": "\n".join(bronnen),
                         "timestamp": None}


async def test_every_route_names_its_sources(settings, make_tracker, domain_dict, facts):
    urls = {f["source_url"] for f in facts}
    for plaats in PLAATSEN:
        text, _ = await _run(_action(settings), make_tracker(
            "ja", "melding_route", slots={"melding_plaats": plaats, "melding_geweld": "ja"}), domain_dict)
        for regel in text.splitlines():
            if regel.startswith("Bron: ") and "http" in regel:
                assert regel.rsplit(" — ", 1)[1] in urls, regel


async def test_the_municipalitys_own_adv(settings, make_tracker, domain_dict):
    text, _ = await _run(_action(settings, "rotterdam"), make_tracker(
        "nee", "melding_route", slots={"melding_plaats": "werk", "melding_geweld": "nee"}), domain_dict)
    assert "**RADAR** (https://radar.nl/), altijd" in text and "gemeente Rotterdam" in text


async def test_a_resident_sees_two_sources_and_the_button_for_the_rest(settings, make_tracker, domain_dict):
    """Issue 18: the widget's residents see two source lines; every source stays a click away."""
    slots = {"melding_plaats": "werk", "melding_geweld": "ja"}
    volledig, _ = await _run(_action(settings), make_tracker("ja", "melding_route", slots=slots), domain_dict)
    alle = [r for r in volledig.splitlines() if r.startswith("Bron: ")]
    assert len(alle) > 2  # a civil servant (no audience given) gets every source

    dispatcher = CollectingDispatcher()
    events = await _action(settings).run(dispatcher, make_tracker(
        "ja", "melding_route", slots={**slots, "doelgroep": "inwoner"}), domain_dict)
    bericht = dispatcher.messages[0]
    assert [r for r in bericht["text"].splitlines() if r.startswith("Bron: ")] == alle[:2]
    assert bericht["text"].split("Bron: ")[0] == volledig.split("Bron: ")[0]
    knop = bericht["buttons"][0]
    assert knop["payload"] == "/vervolgvraag_bron" and knop["title"] == "Meer bronnen"
    assert events[2]["value"] == "\n".join(alle)  # what the button will show


def test_route_order():
    assert route("online", "ja") == ["adv", "politie", "online"]
    assert route("werk", "nee") == ["adv", "college"]


@pytest.mark.parametrize("waarde", ["gestopt", "andere_vraag"])
async def test_stopped_form_says_so(settings, make_tracker, domain_dict, waarde):
    text, _ = await _run(_action(settings), make_tracker(
        "stop", slots={"melding_plaats": waarde, "melding_geweld": waarde}), domain_dict)
    teksten = yaml.safe_load((settings.texts_dir / "melding_route.yml").read_text(encoding="utf-8"))
    assert text.startswith(teksten[waarde].split("{")[0]) and "altijd:" not in text


# --- validate_melding_form ----------------------------------------------------------------


@pytest.fixture
def validate(settings):
    return ValidateMeldingForm(settings.texts_dir)


@pytest.mark.parametrize("tekst, plaats", [
    ("online", "online"),
    ("op facebook", "online"),
    ("in een appgroep", "online"),
    ("bij een sollicitatiegesprek", "werk"),
    ("mijn huisbaas", "woning"),
    ("op straat", "straat"),
    ("in de tram", "straat"),
    ("bij de ingang van een club", "horeca"),
    ("op school", "school"),
    ("in de supermarkt", "winkel"),
    ("bij het loket van de gemeente", "overheid"),
    ("weet ik niet", "anders"),
])
async def test_typed_places(validate, make_tracker, domain_dict, tekst, plaats):
    result = await validate.validate_melding_plaats(tekst, CollectingDispatcher(),
                                                    make_tracker(tekst, "buiten_domein"), domain_dict)
    assert result == {"melding_plaats": plaats}


@pytest.mark.parametrize("tekst, geweld", [
    ("ja", "ja"), ("Ja!", "ja"), ("ik ben bedreigd", "ja"), ("hij heeft me geslagen", "ja"),
    ("nee", "nee"), ("nee gelukkig niet", "nee"), ("Nee.", "nee"),
])
async def test_typed_violence_answers(validate, make_tracker, domain_dict, tekst, geweld):
    result = await validate.validate_melding_geweld(tekst, CollectingDispatcher(),
                                                    make_tracker(tekst, "feedback_ja"), domain_dict)
    assert result == {"melding_geweld": geweld}


async def test_not_understood_asks_again(validate, make_tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    result = await validate.validate_melding_plaats("blauw", dispatcher,
                                                    make_tracker("blauw", "nlu_fallback"), domain_dict)
    assert result == {"melding_plaats": None}
    assert "knoppen" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize("slot", ["melding_plaats", "melding_geweld"])
async def test_stopping_halfway_fills_both_slots(validate, make_tracker, domain_dict, slot):
    result = await getattr(validate, f"validate_{slot}")("laat maar", CollectingDispatcher(),
                                                         make_tracker("laat maar", "afscheid"), domain_dict)
    assert result == {"melding_plaats": "gestopt", "melding_geweld": "gestopt"}


async def test_another_knowledge_question_ends_the_form(validate, make_tracker, domain_dict):
    tekst = "wat kost een procedure bij het college"
    tracker = make_tracker(tekst, "melden_discriminatie", extra={"response_selector": {
        "melden_discriminatie": {"response": {"intent_response_key": "melden_discriminatie/college"}}}})
    result = await validate.validate_melding_geweld(tekst, CollectingDispatcher(), tracker, domain_dict)
    assert result == {"melding_plaats": "andere_vraag", "melding_geweld": "andere_vraag"}


def test_buttons_cover_every_place_and_a_way_out(domain_dict, verzonden_knoppen):
    payloads = [b["payload"] for b in verzonden_knoppen("utter_ask_melding_plaats")]
    for plaats in PLAATSEN:
        assert f'/melding_route{{"melding_plaats": "{plaats}"}}' in payloads
    assert "stoppen" in payloads
    assert [b["payload"] for b in verzonden_knoppen("utter_ask_melding_geweld")][:2] == [
        '/melding_route{"melding_geweld": "ja"}', '/melding_route{"melding_geweld": "nee"}']
    assert "persoonsgegevens" in domain_dict["responses"]["utter_ask_melding_plaats"][0]["text"]


def test_the_report_answer_offers_the_route(domain_dict):
    variant = domain_dict["responses"]["utter_melden_discriminatie/waar_melden"][0]
    assert {"title": "Help mij kiezen waar ik meld", "payload": "/melding_route"} in variant["buttons"]
