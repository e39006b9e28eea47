"""The real questions (tests/echte_vragen/): sourced, labelled with answers that exist, split by
source, and the test part never in the training data."""
from __future__ import annotations

import re
import pytest

from bot.echte_vragen import AFSTEMMEN, BUITEN_DOMEIN, GEEN_ANTWOORD, TEST, laad, normaal, pagina
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


def test_real_questions_in_training_have_a_source_and_none_from_a_measured_page(vragen, nlu_data):
    """Real questions taken into the training data (data/nlu, examples with metadata ``bron``)
    come from other pages than the real questions we measure with, so neither part of the split
    is trained on the page it is measured on."""
    gemeten = {pagina(v.bron) for v in vragen}
    echt = [(m.get("text"), ((m.get("metadata") or {}).get("example") or {}).get("bron"))
            for m in nlu_data.intent_examples
            if ((m.get("metadata") or {}).get("intent") or {}).get("soort") == "echte_vraag"]
    assert len(echt) >= 100
    assert all(bron and re.match(r"https?://\S+$", bron) for _, bron in echt), echt
    zelfde_pagina = [(t, b) for t, b in echt if pagina(b) in gemeten]
    assert not zelfde_pagina, zelfde_pagina


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
        # answered with reservation: a wrong answer, but a right one among the buttons under it
        {"labels": ["adv_financiering/moet_gemeente_betalen"], "voorspeld": "adv_financiering/hoe_gefinancierd",
         "voorbehoud": True, "knoppen": ["adv_financiering/moet_gemeente_betalen"]},
        # a wrong answer without reservation: its (unshown) candidates do not count
        {"labels": ["adv_financiering/moet_gemeente_betalen"], "voorspeld": "adv_financiering/hoe_gefinancierd",
         "knoppen": ["adv_financiering/moet_gemeente_betalen"]},
        # no answer exists: an answer with reservation is not a refusal, but says it may not fit
        {"labels": ["geen_antwoord"], "voorspeld": "adv_taken/wat_doet_adv", "voorbehoud": True,
         "knoppen": ["adv_taken/klacht_of_melding"]},
    ]
    rapport = _rapport(rijen, "nlu_fallback", tmp_path)
    assert rapport["beantwoordbaar"] == 7
    assert rapport["eerste_antwoord_goed"] == round(1 / 7, 3)
    assert rapport["onderwerp_goed"] == round(4 / 7, 3)
    assert rapport["binnen_een_klik"] == round(4 / 7, 3)
    assert rapport["verduidelijking"] == round(3 / 7, 3)
    assert rapport["met_voorbehoud"] == round(1 / 7, 3)
    assert rapport["buiten_domein_herkend"] == 0 and rapport["geen_antwoord_eerlijk"] == 0.5
    assert rapport["geen_antwoord_eerlijk_of_voorbehoud"] == 1
    assert (tmp_path / "fouten.json").exists()
    assert (tmp_path / "per_antwoord.md").read_text().startswith("| antwoord |")


def test_confusion_table_per_answer_counts_need_hits_precision_and_what_instead():
    from bot.echte_vragen import per_antwoord

    rijen = [
        {"labels": ["monitoring/registratie"], "voorspeld": "monitoring/registratie"},
        {"labels": ["monitoring/registratie"], "voorspeld": "monitoring/discriminatiecijfers"},
        {"labels": ["monitoring/registratie", "adv_taken/wat_doet_adv"], "voorspeld": "nlu_fallback"},
        {"labels": ["buiten_domein"], "voorspeld": "monitoring/registratie"},
    ]
    tabel = {r["antwoord"]: r for r in per_antwoord(rijen, "nlu_fallback")}
    registratie = tabel["monitoring/registratie"]
    assert (registratie["vragen"], registratie["eerste_goed"], registratie["gegeven"]) == (3, 1, 2)
    assert registratie["precisie"] == 0.5
    assert registratie["in_plaats_daarvan"] == {"monitoring/discriminatiecijfers": 1,
                                                "nlu_fallback": 1}
    # given but never needed: a row with precision 0; the fallback itself is no answer
    assert tabel["monitoring/discriminatiecijfers"]["vragen"] == 0
    assert tabel["monitoring/discriminatiecijfers"]["precisie"] == 0.0
    assert tabel["adv_taken/wat_doet_adv"]["vragen"] == 1
    assert "nlu_fallback" not in tabel
