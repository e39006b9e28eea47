"""NLU quality gate on the held-out set (tests/nlu_heldout/, never trained on).

The three gates of the issue "Right answers to real questions": intent macro-F1 >= 0.92,
out-of-scope recall >= 0.95, and >= 90 % of in-scope questions answered without fallback.
"""
from __future__ import annotations

import pytest

from bot.evaluate import (MAX_IN_SCOPE_FALLBACK_RATE, MIN_INTENT_MACRO_F1,
                          MIN_OUT_OF_SCOPE_RECALL, evaluate_model)
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.gate


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


def test_out_of_scope_recall_gate(report):
    missed = [e for e in report["errors"] if e["gold"] == "buiten_domein"]
    assert report["out_of_scope_recall"] >= MIN_OUT_OF_SCOPE_RECALL, (
        f"buiten_domein recall {report['out_of_scope_recall']:.3f} < {MIN_OUT_OF_SCOPE_RECALL}; "
        f"gemist: {[(e['text'], e['predicted']) for e in missed]}"
    )


def test_in_scope_answered_without_fallback_gate(report):
    assert report["in_scope_fallback_rate"] <= MAX_IN_SCOPE_FALLBACK_RATE, (
        f"{report['in_scope_fallback_rate']:.1%} van de vragen binnen het domein ging naar de "
        f"terugval (max {MAX_IN_SCOPE_FALLBACK_RATE:.0%})"
    )


def test_report_files_written(report):
    out = PROJECT_ROOT / "reports" / "heldout"
    assert (out / "report.json").exists() and (out / "confusion_matrix.png").exists()
    assert (out / "errors.json").exists()
    assert report["n"] >= 300
    assert report["per_intent"]["buiten_domein"]["support"] >= 60
    assert report["per_intent"]["niet_nederlands"]["support"] >= 20
