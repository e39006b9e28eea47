"""Every clarification button gives its own answer in one click, on the trained model.

The buttons of action_default_ask_affirmation (actions/verduidelijking.py) send an example
question from data/teksten/verduidelijking.yml. The trained model must send each of them to
exactly the answer (or intent) of the button, surely and not by a hair: a button that leads to
another answer or to a second "Bedoelt u …?" breaks the promise of one click.
"""
from __future__ import annotations

import asyncio

import pytest

from actions.verduidelijking import laad_teksten
from bot.evaluate import _parse_all, _predicted_label

pytestmark = pytest.mark.gate

MIN_ZEKERHEID = 0.7  # the FallbackClassifier asks at < 0.45; a button stays well clear of that


@pytest.fixture(scope="module")
def knoppen(settings):
    teksten = laad_teksten(settings.texts_dir / "verduidelijking.yml")
    return {**{k: o.vraag for k, o in teksten.onderwerpen.items()},
            **{k: o.vraag for k, o in teksten.antwoorden.items()}}


def test_every_button_question_gives_its_answer_surely(model_path, knoppen):
    sleutels = list(knoppen)
    parses = asyncio.run(_parse_all(model_path, [knoppen[k] for k in sleutels]))
    fout = []
    for sleutel, parse in zip(sleutels, parses):
        label = _predicted_label(parse)
        zeker = parse["intent"]["confidence"]
        goed = label == sleutel if "/" in sleutel else label.split("/")[0] == sleutel
        if not goed or zeker < MIN_ZEKERHEID:
            fout.append((sleutel, knoppen[sleutel], label, round(zeker, 3)))
    assert not fout, f"knoppen die niet (zeker) hun eigen antwoord geven: {fout}"
