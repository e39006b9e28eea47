"""End to end on plain REST: the audience is asked once, and only when the answer depends on it."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

VRAAG = "Bent u inwoner of werkt u bij de gemeente?"
ROLLEN = "wat moet de gemeente doen tegen discriminatie"


def test_resident_is_asked_once_then_gets_resident_answers(stack, chat_with):
    chat = chat_with(stack)
    vraag = chat.send(ROLLEN)
    assert VRAAG in vraag[0]["text"]
    assert [b["payload"] for b in vraag[0]["buttons"]] == ["Ik ben inwoner", "Ik werk bij de gemeente"]
    antwoord = chat.answer("Ik ben inwoner")  # the question asked before, now for a resident
    assert "Voor u als inwoner" in antwoord and "Discriminatie.nl" in antwoord
    # the next answer with a resident variant comes at once, for a resident
    tweede = chat.answer("wie binnen de gemeente is verantwoordelijk voor de aanpak van racisme")
    assert "Voor u als inwoner" in tweede
    assert VRAAG not in tweede


def test_civil_servant_gets_the_roles(stack, chat_with):
    chat = chat_with(stack)
    chat.send(ROLLEN)
    antwoord = chat.answer("ik werk bij de gemeente")
    assert "Agenderen" in antwoord and "Voor u als inwoner" not in antwoord


def test_no_question_when_the_answer_does_not_depend_on_it(stack, chat_with):
    assert VRAAG not in chat_with(stack).answer("wat is agenderen")


def test_another_question_instead_is_answered_and_not_asked_again(stack, chat_with):
    chat = chat_with(stack)
    chat.send(ROLLEN)
    assert "naming & faming" in chat.answer("en regisseren?")
    assert VRAAG not in chat.text(ROLLEN)  # asked once per conversation
