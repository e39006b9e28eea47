"""The policy report: counts from the tracker store and the kept aggregates, small groups hidden."""
from __future__ import annotations

import csv
import re
import time
import zlib
from datetime import date, datetime, timezone

import pytest

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.bewaartermijn import opschonen
from bot.inzicht import MIN_GROEP, klein, maak_rapport, verzamel

DAG = datetime(2026, 11, 10, 12, tzinfo=timezone.utc).timestamp()


def _vraag(tekst, intent, antwoord="", doelgroep="inwoner", kanaal="socketio", t=DAG):
    parse = {"intent": {"name": intent, "confidence": 0.9,
                        **({"full_retrieval_intent_name": antwoord} if antwoord else {})}}
    return UserUttered(tekst, intent=parse["intent"], parse_data=parse, timestamp=t,
                       input_channel=kanaal, metadata={"doelgroep": doelgroep})


async def _vul(store):
    for i in range(6):  # six residents ask where to report, one says "nee" afterwards
        events = [_vraag("Waar kan ik discriminatie melden?", "melden_discriminatie",
                         "melden_discriminatie/waar_melden"),
                  SlotSet("feedback_antwoord", "melden_discriminatie/waar_melden", timestamp=DAG + 1),
                  SlotSet("feedback_oordeel", "ja" if i else "nee", timestamp=DAG + 2)]
        await store.save(DialogueStateTracker.from_events(f"inwoner-{i}", events))
    for i in range(2):  # two civil servants on the intranet
        await store.save(DialogueStateTracker.from_events(f"ambtenaar-{i}", [
            _vraag("wat is agenderen", "rollen_gemeente", "rollen_gemeente/agenderen",
                   doelgroep="ambtenaar", kanaal="intranet")]))
    for i in range(5):  # the same out-of-scope question, five times
        await store.save(DialogueStateTracker.from_events(f"afval-{i}", [
            _vraag("wanneer komt de vuilniswagen", "buiten_domein", kanaal="rest")]))
    await store.save(DialogueStateTracker.from_events("buiten-periode", [
        _vraag("wat is agenderen", "rollen_gemeente", t=DAG + 40 * 86400)]))


async def test_counts_equal_what_was_asked_and_small_groups_are_hidden(tmp_path):
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    await _vul(store)
    inzicht = verzamel(store.engine, date(2026, 11, 1), date(2026, 11, 30))
    assert inzicht.vragen == 13 and inzicht.gesprekken == 13
    assert inzicht.per_doelgroep == {"inwoner": 11, "ambtenaar": 2}
    assert inzicht.per_kanaal == {"socketio": 6, "intranet": 2, "rest": 5}
    assert inzicht.per_antwoord["melden_discriminatie/waar_melden"] == 6
    assert inzicht.feedback["melden_discriminatie/waar_melden"] == {"ja": 5, "nee": 1}
    assert inzicht.niet_begrepen == {"buiten_domein": 5}

    pagina = maak_rapport(store.engine, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "r")
    inhoud = pagina.read_text(encoding="utf-8")
    assert "wanneer komt de vuilniswagen" in inhoud          # a group of five may be shown
    assert "inwoner-" not in inhoud and "ambtenaar-0" not in inhoud  # no conversation ids
    rijen = list(csv.reader(open(pagina.with_name("cijfers.csv"), encoding="utf-8"), delimiter=";"))
    per_doelgroep = {r[1]: r[2] for r in rijen if r[0] == "Vragen per doelgroep"}
    assert per_doelgroep == {"inwoner": "11", "ambtenaar": f"< {MIN_GROEP}"}
    assert all(not r[2].isdigit() or int(r[2]) >= MIN_GROEP for r in rijen[1:])
    assert "http" not in inhoud.replace("http://www.w3.org/2000/svg", "")  # no CDN


async def test_answers_given_with_reservation_are_counted_per_answer(tmp_path):
    """bot/nlu/voorbehoud.py: the content editor sees where the assistant answered while unsure."""
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    voorbehoud = {"onderwerp": "adv_financiering", "antwoord": "adv_financiering/hoe_gefinancierd",
                  "zekerheid": 0.3}
    for i, intent in enumerate(["adv_financiering"] * 6 + ["nlu_fallback"]):
        vraag = _vraag("hoe zit het met geld voor dat bureau", intent,
                       "adv_financiering/hoe_gefinancierd" if intent != "nlu_fallback" else "")
        vraag.parse_data["voorbehoud"] = voorbehoud  # the last one became a fallback again
        await store.save(DialogueStateTracker.from_events(f"twijfel-{i}", [vraag]))
    await store.save(DialogueStateTracker.from_events("zeker", [
        _vraag("wat is agenderen", "rollen_gemeente", "rollen_gemeente/agenderen")]))
    inzicht = verzamel(store.engine, date(2026, 11, 1), date(2026, 11, 30))
    assert inzicht.met_voorbehoud == {"adv_financiering/hoe_gefinancierd": 6}
    pagina = maak_rapport(store.engine, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "r")
    rijen = list(csv.reader(open(pagina.with_name("cijfers.csv"), encoding="utf-8"), delimiter=";"))
    assert [r[1:] for r in rijen if r[0].startswith("Beantwoord met voorbehoud")] == [
        ["adv_financiering/hoe_gefinancierd", "6"]]


async def test_conversations_deleted_after_retention_still_count(tmp_path):
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    await _vul(store)
    opschonen(store.engine, dagen=1, nu=DAG + 30 * 86400)  # November's conversations go
    inzicht = verzamel(store.engine, date(2026, 11, 1), date(2026, 11, 30))
    assert inzicht.vragen == 13
    assert inzicht.per_doelgroep == {"inwoner": 11, "ambtenaar": 2}


def _pdf_teksten(pdf: bytes) -> list:
    """Every text run drawn in the PDF: the (...) strings of each TJ/Tj, kerning left out."""
    teksten = []
    for stroom in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inhoud = zlib.decompress(stroom)
        except zlib.error:
            continue  # not a Flate content stream (fonts, images)
        for run in re.findall(rb"\[(.*?)\]\s*TJ|(\((?:\\.|[^\\)])*\))\s*Tj", inhoud, re.S):
            delen = re.findall(rb"\(((?:\\.|[^\\)])*)\)", run[0] or run[1])
            ruw = b"".join(re.sub(rb"\\(.)", rb"\1", d) for d in delen)
            teksten.append(ruw.decode("cp1252", "replace"))
    return teksten


async def test_pdf_has_the_reports_charts_and_hides_small_groups(tmp_path):
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    await _vul(store)
    for i in range(2):  # a not-understood question with a name in it, asked only twice
        await store.save(DialogueStateTracker.from_events(f"klein-{i}", [
            _vraag("mijn buurman Piet Klaassen scheldt mij uit", "nlu_fallback")]))
    pagina = maak_rapport(store.engine, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "r")
    pdf = pagina.with_name("rapport.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
    tekst = _pdf_teksten(pdf)
    alles = "\n".join(tekst)
    # the extraction works: titles, labels and counts of the HTML report are found in the PDF
    assert "Vragen per doelgroep" in alles and "Feedback 'nee' per antwoord" in alles
    assert "wanneer komt de vuilniswagen" in tekst               # a group of five may be shown
    assert "melden_discriminatie/waar_melden" in tekst and "13" in tekst  # inwoner: 11 + 2
    assert f"< {MIN_GROEP}" in tekst                             # ambtenaar: 2, shown suppressed
    # privacy: no conversation id, no free text of a group smaller than five, no small count
    for verboden in ("inwoner-", "ambtenaar-0", "afval-", "klein-", "buiten-periode",
                     "Klaassen", "buurman"):
        assert verboden not in alles, verboden
    kale_getallen = [t.strip() for t in tekst if t.strip().isdigit()]
    assert kale_getallen and all(int(t) >= MIN_GROEP for t in kale_getallen), kale_getallen


def test_small_counts_are_shown_as_less_than_five():
    assert [klein(n) for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]


# --- /inzicht on the demo site: only for an intranet token with rol: beleid ---------------------

@pytest.fixture
def web_settings(settings, tmp_path):
    import dataclasses

    return dataclasses.replace(settings, intranet_jwt_secret="w" * 40, tracker_db=tmp_path / "leeg.db")


def test_inzicht_page_asks_for_a_policy_token(web_settings):
    import html

    from bot.channels.intranet import maak_token
    from bot.teksten import platte_teksten
    from bot.web import inzicht_pagina

    teksten = {k: html.escape(v) for k, v in platte_teksten(web_settings.texts_dir / "kanaal.yml").items()}
    geheim = web_settings.intranet_jwt_secret
    status, pagina = inzicht_pagina(web_settings, None, "")
    assert status == 401 and teksten["token_ontbreekt"] in pagina
    status, _ = inzicht_pagina(web_settings, f"Bearer {maak_token('x', 'ander-' + geheim)}", "")
    assert status == 401
    status, pagina = inzicht_pagina(web_settings, f"Bearer {maak_token('marie', geheim)}", "")
    assert status == 403 and teksten["inzicht_geen_rol"] in pagina
    status, pagina = inzicht_pagina(web_settings, f"Bearer {maak_token('marie', geheim, rol='handhaving')}", "")
    assert status == 403


def test_inzicht_page_for_policy_makers_shows_the_report_of_the_period(web_settings):
    from datetime import date

    from bot.channels.intranet import maak_token
    from bot.inzicht import vorige_maand
    from bot.web import inzicht_pagina

    token = f"Bearer {maak_token('beleid-1', web_settings.intranet_jwt_secret, rol='beleid')}"
    status, pagina = inzicht_pagina(web_settings, token, "")
    van, tot = vorige_maand(date.today())
    assert status == 200 and f"{van} tot en met {tot}" in pagina and "<h2>" in pagina
    status, pagina = inzicht_pagina(web_settings, token, "van=2026-11-01&tot=2026-11-30")
    assert status == 200 and "2026-11-01 tot en met 2026-11-30" in pagina
    for fout in ("van=2026-13-01&tot=2026-11-30", "van=2026-11-30&tot=2026-11-01",
                 "van=2020-01-01&tot=2026-01-01", "van=2026-11-01"):
        assert inzicht_pagina(web_settings, token, fout)[0] == 400, fout


def test_the_previous_month():
    from datetime import date

    from bot.inzicht import vorige_maand

    assert vorige_maand(date(2026, 12, 5)) == (date(2026, 11, 1), date(2026, 11, 30))
    assert vorige_maand(date(2027, 1, 1)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_not_understood_questions_are_grouped_by_similarity():
    """The content editor's to-do list: wordings and typos of one question form one group; a
    group under five messages shows no text."""
    from collections import Counter

    from bot.inzicht import Inzicht, groepeer, tabellen

    teksten = Counter({"hoe lang duurt een klacht bij de adv": 3,
                       "hoe lang duurt een klacht bij het adv": 1,
                       "hoelang duurt een klacht bij de adv": 1,
                       "mag mijn werkgever mijn hoofddoek verbieden": 2,
                       "mag de werkgever een hoofddoek verbieden": 1,
                       "wat is het weer morgen": 1})
    groepen = groepeer(teksten)
    assert groepen[0] == (["hoe lang duurt een klacht bij de adv", "hoe lang duurt een klacht bij het adv",
                           "hoelang duurt een klacht bij de adv"], 5)
    assert (["mag mijn werkgever mijn hoofddoek verbieden", "mag de werkgever een hoofddoek verbieden"], 3) in groepen
    assert sum(n for _, n in groepen) == sum(teksten.values())
    inzicht = Inzicht(date(2026, 11, 1), date(2026, 11, 30), onbegrepen_teksten=teksten)
    lijst = dict(tabellen(inzicht))[next(k for k, _ in tabellen(inzicht) if k.startswith("Niet begrepen vragen"))]
    assert lijst == [("hoe lang duurt een klacht bij de adv (+ 2 vergelijkbare)", 5)]
    assert groepeer(Counter()) == []
    # five wordings, each used once: a group, but no one's own words in the report
    eenmalig = Counter({"mijn buurvrouw scheldt mij uit om mijn afkomst": 1,
                        "mijn buurvrouw scheldt me uit om mijn afkomst": 1,
                        "de buurvrouw scheldt mij uit om mijn afkomst": 1,
                        "mijn buurvrouw scheldt ons uit om onze afkomst": 1,
                        "mijn buurvrouw scheldt mij uit vanwege mijn afkomst": 1})
    inzicht = Inzicht(date(2026, 11, 1), date(2026, 11, 30), onbegrepen_teksten=eenmalig)
    lijst = dict(tabellen(inzicht))[next(k for k, _ in tabellen(inzicht) if k.startswith("Niet begrepen vragen"))]
    assert lijst == [("[5 verschillende formuleringen, geen twee keer gebruikt]", 5)]


def test_the_generated_month_of_the_benchmark_is_read_as_rasa_stores_it(tmp_path):
    """bot/inzicht_meting.py writes rows the report reads exactly as Rasa's own store's rows."""
    from bot.inzicht_meting import TOT, VAN, _rijen, vul

    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    assert vul(store.engine, 50) == sum(1 for _ in _rijen(50))
    vragen = sum(1 for _, soort, *_ in _rijen(50) if soort == "user")
    inzicht = verzamel(store.engine, VAN, TOT)
    assert inzicht.gesprekken == 50 and inzicht.vragen == vragen
    assert sum(inzicht.per_doelgroep.values()) == vragen and inzicht.feedback


async def test_a_message_the_fallback_stored_again_is_counted_once(tmp_path):
    """Rasa's two-stage fallback reverts the user's reply (a rewind) and stores it again."""
    from rasa.shared.core.events import UserUtteranceReverted

    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    opnieuw = _vraag("waar kan ik discriminatie melden", "melden_discriminatie",
                     "melden_discriminatie/waar_melden", t=DAG + 2)
    await store.save(DialogueStateTracker.from_events("terugval", [
        _vraag("qxzv brmpf", "nlu_fallback"),
        _vraag("waar kan ik discriminatie melden", "melden_discriminatie", t=DAG + 1),
        UserUtteranceReverted(timestamp=DAG + 1.5), opnieuw]))
    inzicht = verzamel(store.engine, date(2026, 11, 1), date(2026, 11, 30))
    assert inzicht.vragen == 2 and inzicht.per_onderwerp == {"nlu_fallback": 1, "melden_discriminatie": 1}
    assert inzicht.per_antwoord == {"melden_discriminatie/waar_melden": 1}


async def test_a_forms_typed_answer_is_not_in_the_report(tmp_path):
    """The report-route form's slot holds the typed text for a moment ("op mijn werk, bij
    [NAAM]") before validation makes it "werk": only the validated value is counted."""
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    for i in range(5):
        await store.save(DialogueStateTracker.from_events(f"melder-{i}", [
            _vraag("help mij kiezen waar ik meld", "melding_route"),
            SlotSet("melding_plaats", "op mijn werk, bij [NAAM]", timestamp=DAG + 1),
            SlotSet("melding_plaats", "werk", timestamp=DAG + 2),
            SlotSet("thema", "mijn eigen verhaal", timestamp=DAG + 3),
            SlotSet("thema", "wonen", timestamp=DAG + 4)]))
    inzicht = verzamel(store.engine, date(2026, 11, 1), date(2026, 11, 30))
    assert inzicht.meldroute == {"werk": 5} and inzicht.afdeling_thema == {"wonen": 5}
