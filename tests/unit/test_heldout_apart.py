"""The held-out set is big enough, varied enough, and never part of the training data."""
import re
from collections import Counter

import pytest

from bot.evaluate import load_heldout
from bot.settings import PROJECT_ROOT


def _norm(text: str) -> str:
    return re.sub(r"[^\w ]", "", text.lower()).strip()


@pytest.fixture(scope="module")
def heldout():
    return load_heldout(PROJECT_ROOT / "tests" / "nlu_heldout")


def test_size_and_out_of_scope_share(heldout):
    labels = Counter(g.split("/")[0] for _, g in heldout)
    assert len(heldout) >= 300
    assert labels["buiten_domein"] >= 60
    assert labels["niet_nederlands"] >= 20


def _long_or_messy(text: str) -> bool:
    """12+ words (Kamervraag style), or chat style: lower-case start or no closing punctuation."""
    text = text.strip()
    return len(text.split()) >= 12 or text[0].islower() or not text.endswith(("?", ".", "!"))


def test_at_least_half_long_or_messy(heldout):
    share = sum(_long_or_messy(t) for t, _ in heldout) / len(heldout)
    assert share >= 0.5, f"maar {share:.0%} lang of rommelig"


def test_no_heldout_question_is_in_training_data(heldout, nlu_data):
    train = {_norm(m.get("text")) for m in nlu_data.intent_examples}
    leaked = [t for t, _ in heldout if _norm(t) in train]
    assert not leaked, f"held-out vragen staan ook in de trainingsdata: {leaked}"


def test_heldout_labels_exist_in_training(heldout, nlu_data):
    from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY

    train_labels = {m.get(INTENT_RESPONSE_KEY) or m.get(INTENT) for m in nlu_data.intent_examples}
    assert {g for _, g in heldout} <= train_labels
