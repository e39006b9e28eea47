"""Every clarification button gives its own answer in one click, on the trained model.

The buttons of action_default_ask_affirmation (actions/verduidelijking.py) send an example
question from data/teksten/verduidelijking.yml. The trained model must send each of them to
exactly the answer (or intent) of the button, surely and not by a hair: a button that leads to
another answer or to a second "Bedoelt u …?" breaks the promise of one click.
"""
from __future__ import annotations

import pytest

from bot.verduidelijking import knop_vragen, laad_teksten
from bot.evaluate import knoppen_fouten

pytestmark = pytest.mark.gate


def test_every_button_question_gives_its_answer_surely(model_path, settings):
    knoppen = knop_vragen(laad_teksten(settings.texts_dir / "verduidelijking.yml"))
    assert len(knoppen) >= 40
    fout = knoppen_fouten(model_path, knoppen)
    assert not fout, f"knoppen die niet (zeker) hun eigen antwoord geven: {fout}"
