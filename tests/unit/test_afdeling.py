"""action_afdeling and validate_afdeling_form: the department comes from the municipality profile."""
from __future__ import annotations

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.afdeling import ActionAfdeling, ValidateAfdelingForm
from bot.profiel import THEMAS, laad_profiel

PROFIELEN = ["voorbeeldgemeente", "leiden", "rotterdam"]


def _action(settings, pad):
    return ActionAfdeling(settings.texts_dir, pad)


async def _run(action, tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain_dict)
    assert len(dispatcher.messages) == 1
    return dispatcher.messages[0]["text"], events


@pytest.fixture
def teststad(settings, tmp_path):
    """A profile with two departments for wonen, contacts and an intranet link."""
    data = yaml.safe_load((settings.gemeenten_dir / "voorbeeldgemeente.yml").read_text(encoding="utf-8"))
    data["naam"] = "Teststad"
    data["afdelingen"] = [
        {"naam": "Bouwen en Wonen", "themas": ["wonen"],
         "contact": {"email": "wonen@teststad.nl", "telefoon": "14 099"},
         "intranet": "https://intranet.teststad.nl/wonen"},
        {"naam": "Wijkzaken", "themas": ["wonen", "zorg en welzijn"]},
    ]
    data["beleidsadviseur"] = {"functie": "beleidsadviseur antidiscriminatie", "naam": "B. de Vries",
                               "contact": {"email": "b.devries@teststad.nl"}}
    pad = tmp_path / "teststad.yml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pad


@pytest.mark.parametrize("slug", PROFIELEN)
@pytest.mark.parametrize("thema", THEMAS)
async def test_every_theme_in_every_profile(settings, make_tracker, domain_dict, slug, thema):
    pad = settings.gemeenten_dir / f"{slug}.yml"
    profiel = laad_profiel(pad)
    text, events = await _run(_action(settings, pad),
                              make_tracker("welke afdeling", "afdeling_zoeken", slots={"thema": thema}),
                              domain_dict)
    afdelingen = profiel.afdelingen_voor(thema)
    if afdelingen:
        assert all(f"**{a.naam}**" in text for a in afdelingen)
    else:  # nothing invented: no department, the way to a person instead
        assert "geen afdeling" in text and "beleidsadviseur" in text
    assert profiel.naam in text
    assert "niet alleen de taak van één afdeling" in text  # the principle ...
    assert "movisie.nl" in text  # ... with its source
    assert all(line.startswith("Bron: ") for line in text.splitlines()[-1:])
    assert {"event": "slot", "name": "thema", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


async def test_two_departments_contact_and_intranet_link(settings, make_tracker, domain_dict, teststad):
    text, _ = await _run(_action(settings, teststad),
                         make_tracker("wie gaat over huur", "afdeling_zoeken", slots={"thema": "wonen"}),
                         domain_dict)
    assert "**Bouwen en Wonen**" in text and "**Wijkzaken**" in text
    assert "e-mail wonen@teststad.nl" in text and "telefoon 14 099" in text
    assert "https://intranet.teststad.nl/wonen" in text
    assert "Bron: afdelingen en contactgegevens van de gemeente Teststad" in text


async def test_unknown_theme_gets_the_policy_advisor_and_general_contact(settings, make_tracker, domain_dict,
                                                                          teststad):
    text, _ = await _run(_action(settings, teststad),
                         make_tracker("iets anders", "afdeling_zoeken", slots={"thema": "onbekend"}),
                         domain_dict)
    assert "geen vaste afdeling" in text
    assert "B. de Vries" in text and "b.devries@teststad.nl" in text
    assert "**" not in text  # no department named


async def test_residents_also_hear_where_to_report(settings, make_tracker, domain_dict):
    pad = settings.gemeenten_dir / "voorbeeldgemeente.yml"
    text, _ = await _run(_action(settings, pad), make_tracker(
        "school", "afdeling_zoeken", slots={"thema": "onderwijs", "doelgroep": "inwoner"}), domain_dict)
    assert "**Onderwijs en jeugd**" in text and "Discriminatie.nl" in text
    staff, _ = await _run(_action(settings, pad), make_tracker(
        "school", "afdeling_zoeken", slots={"thema": "onderwijs", "doelgroep": "ambtenaar"}), domain_dict)
    assert "Discriminatie.nl" not in staff


@pytest.mark.parametrize("waarde, sleutel", [("gestopt", "gestopt"), ("andere_vraag", "andere_vraag")])
async def test_stopped_search_says_so_and_names_no_department(settings, make_tracker, domain_dict,
                                                              waarde, sleutel):
    pad = settings.gemeenten_dir / "voorbeeldgemeente.yml"
    text, events = await _run(_action(settings, pad),
                              make_tracker("stop", slots={"thema": waarde}), domain_dict)
    teksten = yaml.safe_load((settings.texts_dir / "afdeling_zoeken.yml").read_text(encoding="utf-8"))
    assert text == teksten[sleutel]
    assert events[0]["name"] == "thema" and events[0]["value"] is None


def test_department_texts_live_in_data(settings):
    teksten = yaml.safe_load((settings.texts_dir / "afdeling_zoeken.yml").read_text(encoding="utf-8"))
    for sleutel in ("afdeling", "meer_afdelingen", "geen_afdeling", "onbekend_thema", "principe",
                    "bron_profiel", "bron_principe", "gestopt", "andere_vraag"):
        assert teksten[sleutel], sleutel


# --- validate_afdeling_form ---------------------------------------------------------------


@pytest.fixture
def validate(settings):
    return ValidateAfdelingForm(settings.texts_dir, settings.themas_pad)


@pytest.mark.parametrize("tekst, thema", [
    ("wonen", "wonen"),  # button payload / entity: the theme name itself
    ("onbekend", "onbekend"),  # button "Iets anders"
    ("het gaat om huurwoningen", "wonen"),
    ("sollicitaties", "werk en inkomen"),
    ("een voetbalclub", "sport"),
    ("stoppen", "gestopt"),
    ("Laat maar!", "gestopt"),
    ("nee bedankt", "gestopt"),
    ("iets met de bibliotheek", "onbekend"),
    ("", "onbekend"),
])
async def test_typed_answers(validate, make_tracker, domain_dict, tekst, thema):
    result = await validate.validate_thema(tekst, CollectingDispatcher(),
                                           make_tracker(tekst, "buiten_domein"), domain_dict)
    assert result == {"thema": thema}


async def test_another_knowledge_question_stops_the_search(validate, make_tracker, domain_dict):
    tekst = "wat doet een antidiscriminatievoorziening"
    tracker = make_tracker(tekst, "adv_taken", extra={"response_selector": {"adv_taken": {
        "response": {"intent_response_key": "adv_taken/overzicht"}}}})
    result = await validate.validate_thema(tekst, CollectingDispatcher(), tracker, domain_dict)
    assert result == {"thema": "andere_vraag"}


async def test_a_theme_wins_over_the_question_around_it(validate, make_tracker, domain_dict):
    tekst = "het gaat om discriminatie bij de bijstand"
    tracker = make_tracker(tekst, "melden_discriminatie", extra={"response_selector": {
        "melden_discriminatie": {"response": {"intent_response_key": "melden_discriminatie/waar"}}}})
    result = await validate.validate_thema(tekst, CollectingDispatcher(), tracker, domain_dict)
    assert result == {"thema": "werk en inkomen"}


def test_form_buttons_cover_every_theme_and_a_way_out(verzonden_knoppen):
    payloads = [b["payload"] for b in verzonden_knoppen("utter_ask_thema")]
    for thema in THEMAS:
        assert f'/afdeling_zoeken{{"thema": "{thema}"}}' in payloads
    assert '/afdeling_zoeken{"thema": "onbekend"}' in payloads
    assert "stoppen" in payloads
