"""NLU quality gate on the held-out set (tests/nlu_heldout/, never trained on)."""
from __future__ import annotations

import pytest

from bot.evaluate import evaluate_model
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.gate

MIN_INTENT_MACRO_F1 = 0.85


@pytest.fixture(scope="module")
def report(model_path):
    return evaluate_model(
        model=model_path,
        heldout=PROJECT_ROOT / "tests" / "nlu_heldout",
        out_dir=PROJECT_ROOT / "reports" / "heldout",
    )


def test_intent_macro_f1_gate(report):
    worst = sorted(report["per_intent"].items(), key=lambda kv: kv[1]["f1"])[:3]
    assert report["intent_macro_f1"] >= MIN_INTENT_MACRO_F1, (
        f"macro-F1 {report['intent_macro_f1']:.3f} < {MIN_INTENT_MACRO_F1}; "
        f"zwakst: {worst}; fouten: reports/heldout/errors.json"
    )


def test_report_files_written(report):
    out = PROJECT_ROOT / "reports" / "heldout"
    assert (out / "report.json").exists() and (out / "confusion_matrix.png").exists()
    assert report["n"] >= 150
