"""How long a resident waits in the chat widget: from pressing Enter to the whole answer on screen.

``python -m bot widget-tijd`` (``make widget-tijd``) starts the assistant as ``make run`` does,
opens the demo page in Chromium and asks the same questions twice over, alternately with the
page as shipped and with rasa-webchat's own reply delay (the page's ``customMessageDelay``
removed: 30 ms per character, 0.8 to 3 s per message). The clock stops when "Had u hier iets
aan?" (the last message of an answer) is visible. Same server, same run, same questions, so the
difference is the widget's delay. Written to ``reports/widget-tijd/``; a benchmark, not a test.
"""
from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from bot.browser import CHROMIUM, FLAGS
from bot.serve import losse_stack
from bot.settings import Settings

VRAGEN = [
    "Waar kan ik discriminatie melden?",
    "Wat doet een antidiscriminatievoorziening voor mij?",
    "Wat zegt artikel 1 van de grondwet?",
]
RONDES = 2
EIGEN_VERTRAGING = "customMessageDelay: function () { return 300; },"
LAATSTE = "Had u hier iets aan?"


def _zonder_eigen_vertraging(route) -> None:
    antwoord = route.fetch()
    tekst = antwoord.text()
    if EIGEN_VERTRAGING not in tekst:
        raise RuntimeError(f"web/init.js heeft niet meer '{EIGEN_VERTRAGING}': pas de meting aan")
    route.fulfill(response=antwoord, body=tekst.replace(EIGEN_VERTRAGING, ""))


def _wachttijd(browser, url: str, vraag: str, standaard: bool) -> float:
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        if standaard:
            page.route("**/init.js", _zonder_eigen_vertraging)
        page.goto(url)
        page.locator(".rw-launcher").click()
        page.locator(".rw-response", has_text="digitale assistent").first.wait_for(timeout=60_000)
        page.locator(".rw-typing-indication").wait_for(state="detached", timeout=60_000)
        page.locator(".rw-new-message").fill(vraag)
        begin = time.monotonic()
        page.keyboard.press("Enter")
        page.locator(".rw-response", has_text=LAATSTE).last.wait_for(timeout=60_000)
        return time.monotonic() - begin
    finally:
        context.close()


def meet(settings: Settings, out_dir: Path) -> Dict[str, Dict[str, float]]:
    from playwright.sync_api import sync_playwright

    opstellingen = {"rasa-webchat standaard (30 ms per teken, 0,8-3 s per bericht)": True,
                    "demopagina (300 ms per bericht)": False}
    tijden: Dict[str, List[float]] = {naam: [] for naam in opstellingen}
    with tempfile.TemporaryDirectory(prefix="widget-tijd-") as tmp:
        stack = losse_stack(settings, Path(tmp), "widget-tijd")
        stack.start(timeout=300)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=FLAGS)
                for _ in range(RONDES):
                    for naam, standaard in opstellingen.items():
                        for vraag in VRAGEN:
                            tijden[naam].append(
                                _wachttijd(browser, stack.settings.web_url + "/", vraag, standaard))
                browser.close()
        finally:
            stack.stop()
    uitkomst = {naam: {"mediaan_s": round(statistics.median(t), 2), "max_s": round(max(t), 2),
                       "n": len(t)} for naam, t in tijden.items()}
    regels = [f"Gemeten {time.strftime('%Y-%m-%d %H:%M')} op {platform.node()}, "
              "`make widget-tijd`: van Enter tot het hele antwoord zichtbaar is\n",
              "| widget | mediaan | max | vragen |", "|---|---|---|---|"]
    regels += [f"| {naam} | {u['mediaan_s']:.1f} s | {u['max_s']:.1f} s | {u['n']} |"
               for naam, u in uitkomst.items()]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "resultaat.md").write_text("\n".join(regels) + "\n", encoding="utf-8")
    (out_dir / "resultaat.json").write_text(json.dumps(uitkomst, indent=2), encoding="utf-8")
    print("\n".join(regels))
    return uitkomst
