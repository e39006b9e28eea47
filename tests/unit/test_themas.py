"""bot.themas + bot.nlu.thema: the theme of a department question, from the NLU synonyms."""
from __future__ import annotations

import pytest
from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.thema import ThemaHerkenner
from bot.profiel import THEMAS
from bot.themas import ThemaTabel, vraagt_naar_wie

# The word list, and words from real questions.
VOORBEELDEN = [
    ("discriminatie bij de huur van een woning", "wonen"),
    ("een huurwoning in de wijk", "wonen"),
    ("discriminatie op de woningmarkt", "wonen"),
    ("huisvesting van statushouders", "wonen"),
    ("racisme op school", "onderwijs"),
    ("geen stageplek gekregen", "onderwijs"),
    ("een leraar die discrimineert", "onderwijs"),
    ("discriminatie bij een sollicitatie", "werk en inkomen"),
    ("mijn baan", "werk en inkomen"),
    ("de bijstand en de uitkeringsintake", "werk en inkomen"),
    ("uitkering", "werk en inkomen"),
    ("racisme bij het voetbal", "sport"),
    ("een sportvereniging in de wijk", "sport"),  # earliest word wins: sportvereniging
    ("de portier van een club", "veiligheid en handhaving"),
    ("discriminatie in de horeca", "veiligheid en handhaving"),
    ("bij het uitgaan", "veiligheid en handhaving"),
    ("discriminatie van eigen medewerkers", "hr en eigen organisatie"),
    ("bij subsidieaanvragen", "inkoop en subsidies"),
    ("een racistische campagne-uiting", "communicatie"),
    ("via social media", "communicatie"),
    ("zorg en welzijn", "zorg en welzijn"),
    ("in de jeugdzorg", "zorg en welzijn"),
    ("gaat over WONEN", "wonen"),
]


@pytest.fixture(scope="module")
def tabel(settings):
    return ThemaTabel.uit_bestand(settings.themas_pad)


@pytest.mark.parametrize("tekst, thema", VOORBEELDEN)
def test_words_map_to_the_profile_themes(tabel, tekst, thema):
    assert tabel.vind(tekst).label == thema


@pytest.mark.parametrize("tekst", ["wat doet een ADV", "hallo", "", "ik wil een klacht indienen",
                                   "hoe werkt dat", "wie gaat erover"])
def test_no_theme_no_match(tabel, tekst):
    assert tabel.vind(tekst) is None


def test_every_theme_has_words_and_every_word_a_profile_theme(tabel):
    assert set(tabel.woorden.values()) == set(THEMAS)
    for thema in THEMAS:
        assert sum(1 for t in tabel.woorden.values() if t == thema) >= 3, thema


def test_a_synonym_to_an_unknown_theme_is_an_error():
    with pytest.raises(ValueError, match="onbekende thema"):
        ThemaTabel({"huur": "woningbouw"})


def test_the_match_keeps_position_and_the_word_as_written(tabel):
    t = tabel.vind("Discriminatie door een Makelaar")
    assert (t.label, t.woord, t.sleutel) == ("wonen", "Makelaar", "makelaar")
    assert "Discriminatie door een Makelaar"[t.start:t.end] == "Makelaar"


@pytest.mark.parametrize("tekst, wie", [
    ("welke afdeling gaat over discriminatie op de woningmarkt", True),
    ("bij wie moet ik zijn", True),
    ("wie is het aanspreekpunt voor racisme op school", True),
    ("horen onderwijs en wonen ook bij de aanpak", False),
    ("wat doet de gemeente tegen discriminatie op de woningmarkt", False),
])
def test_asking_who_to_go_to(tekst, wie):
    assert vraagt_naar_wie(tekst) is wie


# --- the NLU component -------------------------------------------------------------------


@pytest.fixture(scope="module")
def herkenner(nlu_data, train_component):
    return train_component(ThemaHerkenner, nlu_data)


@pytest.fixture(scope="module")
def mapper(nlu_data, train_component):
    return train_component(EntitySynonymMapper, nlu_data)


def _parse(herkenner, mapper, text, intent, confidence=0.9, ranking=None):
    m = Message(data={"text": text})
    m.set("intent", {"name": intent, "confidence": confidence})
    m.set("intent_ranking", ranking or [{"name": intent, "confidence": confidence}])
    herkenner.process([m])
    mapper.process([m])
    return m


def _thema(m):
    return [e["value"] for e in m.get("entities") or [] if e["entity"] == "thema"]


def test_department_question_gets_the_theme_name(herkenner, mapper):
    m = _parse(herkenner, mapper, "welke afdeling gaat over discriminatie bij huurwoningen", "afdeling_zoeken")
    assert _thema(m) == ["wonen"]
    assert m.get("intent")["name"] == "afdeling_zoeken"


def test_department_question_without_theme_gets_no_entity(herkenner, mapper):
    m = _parse(herkenner, mapper, "welke afdeling gaat hierover", "afdeling_zoeken")
    assert _thema(m) == []


def test_theme_words_in_other_questions_change_nothing(herkenner, mapper):
    m = _parse(herkenner, mapper, "wat doet een ADV bij discriminatie op school", "adv_taken")
    assert m.get("intent")["name"] == "adv_taken" and _thema(m) == []


def test_responsibility_question_with_theme_and_who_becomes_a_department_question(herkenner, mapper):
    m = _parse(herkenner, mapper, "bij wie moet ik zijn voor discriminatie door een verhuurder",
               "verantwoordelijkheid_organisatie", 0.81)
    assert m.get("intent") == {"name": "afdeling_zoeken", "confidence": 0.81}
    assert _thema(m) == ["wonen"]


def test_responsibility_question_naming_themes_without_who_keeps_its_answer(herkenner, mapper):
    m = _parse(herkenner, mapper, "horen onderwijs, wonen en werk en inkomen ook bij de aanpak",
               "verantwoordelijkheid_organisatie")
    assert m.get("intent")["name"] == "verantwoordelijkheid_organisatie" and _thema(m) == []


def test_unsure_with_responsibility_on_top_and_a_clear_department_question(herkenner, mapper):
    m = _parse(herkenner, mapper, "welke afdeling pakt racisme bij de sportclub op", "nlu_fallback", 0.45,
               ranking=[{"name": "nlu_fallback", "confidence": 0.45},
                        {"name": "verantwoordelijkheid_organisatie", "confidence": 0.4}])
    assert m.get("intent")["name"] == "afdeling_zoeken" and _thema(m) == ["sport"]


def test_unsure_with_another_intent_on_top_stays_unsure(herkenner, mapper):
    m = _parse(herkenner, mapper, "bij wie meld ik discriminatie op school", "nlu_fallback", 0.45,
               ranking=[{"name": "nlu_fallback", "confidence": 0.45},
                        {"name": "melden_discriminatie", "confidence": 0.4}])
    assert m.get("intent")["name"] == "nlu_fallback"
