"""The real questions (tests/echte_vragen/): sourced, labelled with answers that exist, split by
source, and the test part never in the training data."""
from __future__ import annotations

import re
import pytest

from bot.echte_vragen import AFSTEMMEN, BUITEN_DOMEIN, GEEN_ANTWOORD, TEST, laad, normaal
from bot.settings import PROJECT_ROOT

MAP = PROJECT_ROOT / "tests" / "echte_vragen"


@pytest.fixture(scope="module")
def vragen():
    return laad(MAP)


def test_every_question_has_a_source_and_a_known_label(vragen, rasa_domain):
    antwoorden = {n[len("utter_"):] for n in rasa_domain.responses if "/" in n}
    toegestaan = antwoorden | set(rasa_domain.intents) | {GEEN_ANTWOORD}
    for v in vragen:
        assert re.match(r"https?://\S+$", v.bron), v
        assert v.soort in {"raadsvraag", "kamervraag", "faq", "forum", "geschreven"}, v
        assert v.labels <= toegestaan, v


def test_enough_real_questions_in_and_out_of_scope(vragen):
    echt = [v for v in vragen if v.soort != "geschreven"]
    assert len(echt) / len(vragen) >= 0.85
    assert sum(BUITEN_DOMEIN not in v.labels for v in vragen) >= 300
    assert sum(BUITEN_DOMEIN in v.labels for v in vragen) >= 60


def test_split_by_source_has_both_parts_and_one_page_one_part(vragen):
    delen = {}
    for v in vragen:
        delen.setdefault(v.bron, set()).add(v.deel)
    assert all(len(d) == 1 for d in delen.values())
    assert sum(v.deel == TEST for v in vragen) >= 150
    assert sum(v.deel == AFSTEMMEN for v in vragen) >= 150


def test_no_test_question_is_in_the_training_data(vragen, nlu_data):
    train = {normaal(m.get("text")) for m in nlu_data.intent_examples}
    gelekt = [v.vraag for v in vragen if v.deel == TEST and normaal(v.vraag) in train]
    assert not gelekt, f"vragen uit het testdeel staan in de training: {gelekt}"


def test_report_counts_right_answers_clicks_and_honest_refusals(tmp_path):
    from bot.echte_vragen import _rapport

    rijen = [
        {"labels": ["adv_taken/wat_doet_adv"], "voorspeld": "adv_taken/wat_doet_adv", "knoppen": []},
        # asked "Bedoelt u …?" and one button is a right answer: right after one click
        {"labels": ["adv_taken/wat_doet_adv", "melden_discriminatie/waar_melden"],
         "voorspeld": "nlu_fallback",
         "knoppen": ["monitoring/registratie", "melden_discriminatie/waar_melden"]},
        # a button of the right topic but another answer is not right
        {"labels": ["monitoring/registratie"], "voorspeld": "nlu_fallback",
         "knoppen": ["monitoring/discriminatiecijfers", "afdeling_zoeken"]},
        {"labels": ["afdeling_zoeken"], "voorspeld": "nlu_fallback", "knoppen": ["afdeling_zoeken"]},
        {"labels": ["monitoring/registratie"], "voorspeld": "monitoring/discriminatiecijfers",
         "knoppen": []},
        {"labels": ["buiten_domein"], "voorspeld": "adv_taken/wat_doet_adv", "knoppen": []},
        {"labels": ["geen_antwoord"], "voorspeld": "nlu_fallback", "knoppen": []},
    ]
    rapport = _rapport(rijen, "nlu_fallback", tmp_path)
    assert rapport["beantwoordbaar"] == 5
    assert rapport["eerste_antwoord_goed"] == round(1 / 5, 3)
    assert rapport["onderwerp_goed"] == round(2 / 5, 3)
    assert rapport["binnen_een_klik"] == round(3 / 5, 3)
    assert rapport["verduidelijking"] == round(3 / 5, 3)
    assert rapport["buiten_domein_herkend"] == 0 and rapport["geen_antwoord_eerlijk"] == 1
    assert (tmp_path / "fouten.json").exists()
