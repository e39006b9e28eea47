"""`make test-seeds` trains the shipped config with other seeds: nothing else may change."""
from __future__ import annotations

import yaml

from bot.evaluate import gate_failures
from bot.seeds import derive_seed_config, seeds_in_config
from bot.settings import PROJECT_ROOT


def test_only_the_seeds_change():
    base = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    derived = derive_seed_config(base, 3)
    seeded = [s for s in derived["pipeline"] if "random_seed" in s]
    assert seeded and all(s["random_seed"] == 3 for s in seeded)
    # put the original seeds back: the rest is identical
    for orig, new in zip(base["pipeline"], derived["pipeline"]):
        if "random_seed" in orig:
            new["random_seed"] = orig["random_seed"]
    assert derived == base


def test_the_shipped_config_trains_with_one_seed_that_make_test_reports():
    assert len(seeds_in_config(PROJECT_ROOT / "config.yml")) == 1


def test_gate_failures_name_each_missed_gate():
    goed = {"intent_macro_f1": 0.95, "out_of_scope_recall": 0.97, "in_scope_fallback_rate": 0.05}
    assert gate_failures(goed) == []
    slecht = {"intent_macro_f1": 0.919, "out_of_scope_recall": 0.94, "in_scope_fallback_rate": 0.11}
    fouten = gate_failures(slecht)
    assert len(fouten) == 3 and fouten[0].startswith("macro-F1 0.919")
