"""End to end: a resident gets help choosing where to report, in two questions, on the real server."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def _buttons(messages):
    return [b for m in messages for b in m.get("buttons") or []]


def test_from_the_report_answer_to_the_route_with_buttons(stack, chat_with):
    chat = chat_with(stack)
    antwoord = chat.send("waar kan ik discriminatie melden?")
    route = [b for b in _buttons(antwoord) if b["payload"] == "/melding_route"]
    assert route, antwoord
    vraag = chat.send(route[0]["payload"])
    assert "Waar gebeurde het?" in " ".join(m.get("text", "") for m in vraag)
    assert "Online" in [b["title"] for b in _buttons(vraag)]
    geweld = chat.send('/melding_route{"melding_plaats": "online"}')
    assert "geweld of een bedreiging" in " ".join(m.get("text", "") for m in geweld)
    uitkomst = chat.text('/melding_route{"melding_geweld": "ja"}')
    assert "**Discriminatie.nl**" in uitkomst and "**Politie**" in uitkomst
    assert "**Meld.Online Discriminatie**" in uitkomst
    assert "College voor de Rechten van de Mens**" not in uitkomst
    assert "Bron: " in uitkomst


def test_typed_answers_and_the_next_question_is_normal_again(stack, chat_with):
    chat = chat_with(stack)
    chat.send("help me kiezen waar ik mijn ervaring het beste kan melden")
    chat.send("bij een sollicitatie")
    uitkomst = chat.text("nee")
    assert "**College voor de Rechten van de Mens**" in uitkomst and "**Politie**" not in uitkomst
    assert "Bron: " in chat.answer("wat doet een antidiscriminatievoorziening?")
    # "sollicitatie" named a theme inside this form; a later department question still asks for it
    vraag = chat.send("welke afdeling gaat hierover")
    assert "Over welk thema gaat het?" in " ".join(m.get("text", "") for m in vraag)


def test_stopping_halfway(stack, chat_with):
    chat = chat_with(stack)
    chat.send("welk meldpunt past bij mij")
    gestopt = chat.text("stoppen")
    assert "ik stop met de vragen" in gestopt and "altijd:" not in gestopt
