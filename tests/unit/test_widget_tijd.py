"""The widget-wait benchmark (bot/widget_tijd.py) compares the page as shipped with rasa-webchat's
own delay by removing one line of web/init.js: that line must be there, and only there once."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.widget_tijd import EIGEN_VERTRAGING, _zonder_eigen_vertraging

INIT_JS = Path(__file__).resolve().parents[2] / "web" / "init.js"


class NepRoute:
    def __init__(self, tekst: str) -> None:
        self.tekst = tekst
        self.body = None

    def fetch(self):
        route = self

        class Antwoord:
            def text(self) -> str:
                return route.tekst

        return Antwoord()

    def fulfill(self, response, body: str) -> None:
        self.body = body


def test_the_page_sets_the_short_delay_once():
    assert INIT_JS.read_text(encoding="utf-8").count(EIGEN_VERTRAGING) == 1


def test_the_baseline_page_has_rasa_webchats_own_delay():
    route = NepRoute(INIT_JS.read_text(encoding="utf-8"))
    _zonder_eigen_vertraging(route)
    assert "customMessageDelay" not in route.body


def test_a_changed_page_stops_the_measurement_instead_of_measuring_twice_the_same():
    with pytest.raises(RuntimeError, match="init.js"):
        _zonder_eigen_vertraging(NepRoute("window.WebChat.default({});"))
