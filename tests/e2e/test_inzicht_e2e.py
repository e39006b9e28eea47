"""The policy report end to end (issue 17): real conversations through the started servers over
all three channels and both audiences — feedback, the report-route form, a fallback, an
out-of-scope question, a message with personal data — then the report of today: what it counts
grew by exactly what was sent, and its page, opened in headless Chromium, draws its charts and
shows no personal value and no group under five."""
from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
import requests

from bot.browser import FLAGS
from bot.channels.intranet import maak_token
from bot.inzicht import html_pagina, tracker_engine, verzamel
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e

ARTIFACTS = PROJECT_ROOT / "reports" / "browser"
GEPLANT = ("Jolanda Verbeek", "06-41234567")


def _rest(stack, sender, tekst, doelgroep=None):
    body = {"sender": sender, "message": tekst}
    if doelgroep:
        body["metadata"] = {"doelgroep": doelgroep}
    r = requests.post(stack.rest_webhook, json=body, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_report_counts_what_was_asked_and_its_page_renders(stack, intranet_geheim,
                                                               widget_gesprek, chromium_pad):
    vandaag = date.today()
    engine = tracker_engine(stack.settings)
    voor = verzamel(engine, vandaag, vandaag)

    # REST, resident: a question, then "ja" on "Had u hier iets aan?"
    inwoner = f"inzicht-{uuid.uuid4().hex[:8]}"
    _rest(stack, inwoner, "Waar kan ik discriminatie melden?", "inwoner")
    _rest(stack, inwoner, "/feedback_ja", "inwoner")  # a button: feedback, not a question
    # REST, audience unknown: out of scope, gibberish, and personal data (redacted first)
    onbekend = f"inzicht-{uuid.uuid4().hex[:8]}"
    _rest(stack, onbekend, "wanneer wordt het grofvuil opgehaald")
    _rest(stack, onbekend, "qxzv brmpf")
    _rest(stack, onbekend, f"Ik ben {GEPLANT[0]} ({GEPLANT[1]}), waar kan ik discriminatie melden?")
    # intranet, civil servant: a question, then "nee"
    kop = {"Authorization": f"Bearer {maak_token(f'inzicht-{uuid.uuid4().hex[:6]}', intranet_geheim)}"}
    for tekst in ("wat is agenderen", "/feedback_nee"):
        r = requests.post(stack.intranet_webhook, json={"message": tekst}, headers=kop, timeout=120)
        assert r.status_code == 200
    # the widget, resident: the report route with its two questions
    antwoorden = widget_gesprek(stack, ["Help mij kiezen waar ik moet melden", "op mijn werk", "nee"])
    assert any("College voor de Rechten van de Mens" in (a.get("text") or "") for a in antwoorden)

    na = verzamel(engine, vandaag, vandaag)

    def erbij(veld):
        return {k: v - getattr(voor, veld).get(k, 0) for k, v in getattr(na, veld).items()
                if v != getattr(voor, veld).get(k, 0)}

    assert na.gesprekken - voor.gesprekken == 4
    # every typed message once (the fallback stores a clarified message twice, with a rewind
    # between), the two feedback buttons not: 4 over REST, 1 intranet, 3 widget
    assert na.vragen - voor.vragen == 8
    assert erbij("per_kanaal") == {"rest": 4, "intranet": 1, "socketio": 3}
    assert erbij("per_doelgroep") == {"inwoner": 4, "onbekend": 3, "ambtenaar": 1}
    # (the form's typed answers are classified too; they may land in the fallback)
    niet_begrepen = erbij("niet_begrepen")
    assert niet_begrepen.get("buiten_domein", 0) >= 1 and niet_begrepen.get("nlu_fallback", 0) >= 1
    assert sum(niet_begrepen.values()) <= 1 + 1 + 2  # at most the two form answers besides
    assert erbij("meldroute") == {"werk": 1}
    assert na.feedback["melden_discriminatie/waar_melden"]["ja"] - \
        voor.feedback["melden_discriminatie/waar_melden"]["ja"] == 1
    assert na.feedback["rollen_gemeente/agenderen"]["nee"] - \
        voor.feedback["rollen_gemeente/agenderen"]["nee"] == 1

    # the page, as a policy maker opens it
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pagina = ARTIFACTS / "inzicht.html"
    pagina.write_text(html_pagina(na), encoding="utf-8")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_pad, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 900, "height": 1200})
        page.goto(pagina.as_uri())
        grafieken = page.locator("svg")
        assert grafieken.count() >= 8
        assert grafieken.first.bounding_box()["height"] > 10  # drawn, not empty
        tekst = page.locator("body").inner_text()
        page.screenshot(path=str(ARTIFACTS / "inzicht.png"), full_page=True)
        browser.close()
    for waarde in GEPLANT:
        assert waarde not in tekst
    assert inwoner not in tekst and onbekend not in tekst
    # every count is "< 5" or at least five
    getallen = [int(g) for g in re.findall(r"(?<![<\w-])(\d+)(?![\w-])", tekst.split("\n", 2)[-1])]
    assert getallen and all(g >= 5 for g in getallen), getallen
