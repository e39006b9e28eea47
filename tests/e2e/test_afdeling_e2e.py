"""End to end: the same department question in two municipalities names each one's department."""
from __future__ import annotations

import shutil

import pytest
import yaml

pytestmark = pytest.mark.e2e

VRAAG = "welke afdeling gaat over discriminatie op de woningmarkt?"


@pytest.fixture(scope="module")
def teststad(settings, start_stack, tmp_path_factory):
    """The bot started with BOT_GEMEENTE=teststad: a profile with other departments for wonen."""
    tmp = tmp_path_factory.mktemp("teststad")
    data = tmp / "data"
    data.mkdir()
    for deel in ("nlu", "teksten"):
        (data / deel).symlink_to(settings.data_dir.resolve() / deel)
    shutil.copytree(settings.gemeenten_dir, data / "gemeenten")
    profiel = yaml.safe_load((settings.gemeenten_dir / "voorbeeldgemeente.yml").read_text(encoding="utf-8"))
    profiel["naam"] = "Teststad"
    profiel["afdelingen"] = [
        {"naam": "Stadsontwikkeling", "themas": ["wonen"], "contact": {"email": "wonen@teststad.nl"},
         "intranet": "https://intranet.teststad.nl/stadsontwikkeling"},
        {"naam": "Wijkteams", "themas": ["wonen", "zorg en welzijn"]},
    ]
    (data / "gemeenten" / "teststad.yml").write_text(yaml.safe_dump(profiel, allow_unicode=True),
                                                      encoding="utf-8")
    s = start_stack(tmp, data_dir=data, gemeente="teststad")
    yield s
    s.stop()


def test_two_profiles_two_departments_for_the_same_question(stack, teststad, chat_with):
    standaard = chat_with(stack).text(VRAAG)
    in_teststad = chat_with(teststad).text(VRAAG)
    assert "**Wonen en leefomgeving**" in standaard and "Voorbeeldgemeente" in standaard
    assert "**Stadsontwikkeling**" in in_teststad and "**Wijkteams**" in in_teststad
    assert "wonen@teststad.nl" in in_teststad
    assert "https://intranet.teststad.nl/stadsontwikkeling" in in_teststad
    assert "Stadsontwikkeling" not in standaard and "Wonen en leefomgeving" not in in_teststad
    for antwoord in (standaard, in_teststad):
        assert "Bron: afdelingen en contactgegevens van de gemeente" in antwoord
        assert "movisie.nl" in antwoord


def test_no_theme_asks_with_buttons_then_answers(stack, chat_with):
    chat = chat_with(stack)
    vraag = chat.send("welke afdeling gaat hierover")
    buttons = [b["title"] for m in vraag for b in m.get("buttons") or []]
    assert "Sport" in buttons and "Iets anders" in buttons and "Stoppen" in buttons
    antwoord = chat.text('/afdeling_zoeken{"thema": "sport"}')
    assert "**Sport en cultuur**" in antwoord


def test_typed_theme_and_stopping(stack, chat_with):
    chat = chat_with(stack)
    chat.send("bij wie moet ik zijn met een discriminatiezaak")
    assert "**Onderwijs en jeugd**" in chat.text("het gaat om een leraar op de basisschool")
    chat.send("welke afdeling gaat hierover")
    gestopt = chat.text("stoppen")
    assert "geen afdeling meer" in gestopt and "**" not in gestopt
    # the form is over: the next question is answered normally
    assert "Bron:" in chat.text("wat doet een antidiscriminatievoorziening?")


def test_a_profile_without_departments_invents_none(rotterdam_stack, chat_with):
    antwoord = chat_with(rotterdam_stack).text(VRAAG)
    assert "geen afdeling" in antwoord and "Rotterdam" in antwoord
    assert "RADAR" in antwoord  # the way to a person from Rotterdam's profile
    assert "Wonen en leefomgeving" not in antwoord


@pytest.fixture(scope="module")
def rotterdam_stack(stack_for):
    return stack_for(gemeente="rotterdam")
