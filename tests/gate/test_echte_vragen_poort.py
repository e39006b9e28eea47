"""Real questions (tests/echte_vragen/): the test part, never tuned on, may not fall back.

A regression floor, not the target: see bot/echte_vragen.py for the measured figures."""
from __future__ import annotations

import pytest

from bot.echte_vragen import (MIN_TEST_BUITEN_DOMEIN, MIN_TEST_EEN_KLIK, MIN_TEST_EERSTE_GOED,
                              MIN_TEST_GEEN_ANTWOORD_EERLIJK, TEST, laad, meet)
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.gate


@pytest.fixture(scope="module")
def testdeel(model_path):
    vragen = laad(PROJECT_ROOT / "tests" / "echte_vragen")
    return meet(model_path, vragen, PROJECT_ROOT / "reports" / "echte_vragen")[TEST]


def test_real_questions_first_answer_right(testdeel):
    assert testdeel["beantwoordbaar"] >= 80
    assert testdeel["eerste_antwoord_goed"] >= MIN_TEST_EERSTE_GOED, testdeel


def test_real_questions_right_within_one_click(testdeel):
    assert testdeel["binnen_een_klik"] >= MIN_TEST_EEN_KLIK, testdeel


def test_real_out_of_scope_questions_are_recognised(testdeel):
    assert testdeel["buiten_domein"] >= 30
    assert testdeel["buiten_domein_herkend"] >= MIN_TEST_BUITEN_DOMEIN, testdeel


def test_without_an_answer_the_assistant_says_it_is_not_sure(testdeel):
    assert testdeel["geen_antwoord"] >= 50
    assert testdeel["geen_antwoord_eerlijk_of_voorbehoud"] >= MIN_TEST_GEEN_ANTWOORD_EERLIJK, testdeel
