"""bot/leesbaarheid.py: the answers residents get are short and plain Dutch (issue 18, item 6).

The gate: every resident answer has at most MAX_WOORDEN words before its sources, a Flesch–Douma
score of at least MIN_FLESCH_DOUMA, and shows a resident at most two source lines."""
from __future__ import annotations

import pytest

from bot.leesbaarheid import (
    MAX_WOORDEN,
    MIN_FLESCH_DOUMA,
    inwoner_antwoorden,
    lichaam,
    meet,
    meet_tekst,
    rapport,
    veel_gevraagd,
)
from bot.settings import PROJECT_ROOT

VRAGEN = PROJECT_ROOT / "tests/echte_vragen/inwoners.yml"


@pytest.fixture(scope="module")
def metingen(settings):
    return meet(PROJECT_ROOT / "domain.yml", settings.data_dir / "responses", VRAGEN)


def test_every_resident_answer_is_short_and_plain(metingen):
    fout = {m.antwoord: m.fouten() for m in metingen if m.fouten()}
    assert not fout, rapport(metingen)


def test_the_measured_answers_are_the_resident_variants_and_the_most_asked(metingen, domain_dict):
    gemeten = {m.antwoord for m in metingen}
    for naam, varianten in domain_dict["responses"].items():
        if any(c.get("value") == "inwoner" for v in varianten for c in v.get("condition") or []):
            assert naam in gemeten, naam
    # what real residents ask most (FAQ pages of ADVs, the College, the police)
    assert {"utter_melden_discriminatie/waar_melden", "utter_melden_discriminatie/college",
            "utter_adv_taken/wat_adv_voor_inwoner"} <= gemeten
    # the texts every resident meets, and every answer of the report route
    assert {"utter_groet", "utter_mogelijkheden", "utter_buiten_domein"} <= gemeten
    assert sum(1 for naam in gemeten if naam.startswith("action_melding_route")) == 18


def test_most_asked_counts_questions_per_answer(tmp_path):
    pad = tmp_path / "v.yml"
    pad.write_text("vragen:\n"
                   "- {vraag: a, label: melden_discriminatie/waar_melden}\n"
                   "- {vraag: b, label: melden_discriminatie/waar_melden}\n"
                   "- {vraag: c, label: melden_discriminatie/online}\n"
                   "- {vraag: d, label: geen_antwoord}\n"
                   "- {vraag: e, label: geen_antwoord}\n", encoding="utf-8")
    assert veel_gevraagd(pad) == ["melden_discriminatie/waar_melden"]


def test_a_resident_is_measured_on_the_variant_a_resident_gets():
    responses = {"utter_x/y": [{"text": "Voor ambtenaren."},
                               {"condition": [{"type": "slot", "name": "doelgroep", "value": "inwoner"}],
                                "text": "Voor inwoners."}],
                 "utter_x/z": [{"text": "Voor iedereen."}]}
    gekozen = inwoner_antwoorden(responses, ["x/z"])
    assert gekozen == {"utter_x/y": responses["utter_x/y"][1], "utter_x/z": responses["utter_x/z"][0]}
    with pytest.raises(KeyError):
        inwoner_antwoorden(responses, ["x/bestaat_niet"])


def test_the_body_is_the_text_as_read_before_the_sources():
    tekst = ("Hier kunt u terecht:\n\n- **Politie**: melden kan online\n- [Discriminatie.nl](https://d.nl)\n\n"
             "Bron: Politie — https://politie.nl")
    assert lichaam(tekst) == "Hier kunt u terecht:.\nPolitie: melden kan online.\nDiscriminatie.nl."


def test_the_measure_fails_a_long_official_text():
    """No test that cannot fail: a text in the voice of a policy memo misses both targets."""
    zin = ("De gemeentelijke antidiscriminatievoorziening registreert klachtmeldingen en "
           "verleent onafhankelijke bijstand overeenkomstig de toepasselijke wetgeving. ")
    meting = meet_tekst("utter_x/y", {"text": zin * 12 + "\nBron: a — https://a\nBron: b — https://b\nBron: c — https://c"})
    assert meting.woorden > MAX_WOORDEN and meting.flesch_douma < MIN_FLESCH_DOUMA
    assert meting.bronregels == 3 and meting.bronnen_zichtbaar == 2
    assert len(meting.fouten()) == 2


def test_the_report_names_every_answer_and_writes_json(metingen, tmp_path):
    tekst = rapport(metingen, tmp_path)
    assert all(m.antwoord in tekst for m in metingen)
    assert (tmp_path / "leesbaarheid.json").exists()
