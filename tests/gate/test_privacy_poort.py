"""Privacy gate: bot.privacy removes planted personal data from realistic messages and leaves
ordinary questions alone (targets of the privacy issue; figures in README, "Privacy").

Corpus: tests/privacy/pii_corpus.yml (fictitious values, written for this test). Messages
without personal data: its look-alikes ("artikel 1", "Wga 2009", "0,5 fte" …), the held-out
questions and the real questions (tests/echte_vragen/).
"""
from __future__ import annotations

import pytest

from bot.echte_vragen import laad
from bot.evaluate import load_heldout
from bot.privacy_meting import (GESTRUCTUREERD, laad_corpus, meet, poort_fouten)
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.gate


@pytest.fixture(scope="module")
def rapport():
    schoon = [t for t, _ in load_heldout(PROJECT_ROOT / "tests" / "nlu_heldout")]
    schoon += [v.vraag for v in laad(PROJECT_ROOT / "tests" / "echte_vragen")]
    return meet(laad_corpus(PROJECT_ROOT / "tests" / "privacy" / "pii_corpus.yml"), schoon)


def test_corpus_is_large_enough(rapport):
    assert sum(rapport["aantal"].values()) >= 600
    for soort in (*GESTRUCTUREERD, "NAAM", "ADRES", "GEBOORTEDATUM"):
        assert rapport["aantal"][soort] >= 30, soort
    assert rapport["berichten_zonder_pii"] >= 300


def test_recall_per_kind_and_false_positives_meet_the_targets(rapport):
    gemist = [(g["soort"], g["waarde"]) for g in rapport["gemist"]][:10]
    vals = [v["uit"][:80] for v in rapport["vals"]][:10]
    assert not poort_fouten(rapport), (poort_fouten(rapport), gemist, vals)
