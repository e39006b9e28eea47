"""End to end: the same request in two municipalities gets each municipality's own way out."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rotterdam(stack_for):
    return stack_for(gemeente="rotterdam")


def test_two_profiles_two_answers_to_the_same_request(stack, rotterdam, chat_with):
    vraag = "ik wil een medewerker spreken"
    standaard = chat_with(stack).text(vraag)
    in_rotterdam = chat_with(rotterdam).text(vraag)
    assert "Discriminatie.nl" in standaard and "Voorbeeldgemeente" in standaard
    assert "RADAR" in in_rotterdam and "Rotterdam" in in_rotterdam
    assert "RADAR" not in standaard


def test_the_fallback_way_out_uses_the_profile_too(rotterdam, chat_with):
    chat = chat_with(rotterdam)
    chat.send("blorp fnargle zzz")
    assert "RADAR" in chat.text("zzz qwrtz")
