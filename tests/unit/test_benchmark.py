"""The benchmark's report: the summary line in the issue's form and the table, from figures."""
from __future__ import annotations

from bot.benchmark import ANKER_CONFIG, _tabel, samenvattingsregel


def _meting(naam, doorvoer50, p95, p50_1, rss, start, training=None, lang=1.2):
    return {"opstelling": naam, "start_s": start, "training_s": training, "rss_mb": {"rasa": rss},
            "lang_gesprek": {"vroeg_ms": 100.0, "laat_ms": 100.0 * lang, "verhouding": lang, "fouten": 0},
            "niveaus": [
                {"gelijktijdig": 1, "doorvoer": 5.0, "p50_ms": p50_1, "p95_ms": p50_1 * 2, "fouten": 0},
                {"gelijktijdig": 50, "doorvoer": doorvoer50, "p50_ms": p95 / 2, "p95_ms": p95, "fouten": 0},
            ]}


def test_summary_line_compares_the_shipped_config_with_the_anchor():
    anker = _meting("anker", 9.0, 8500, 115.0, 1900, 76.0, training=600)
    eigen = _meting("eigen", 22.5, 840, 50.0, 910, 12.0, training=150, lang=1.3)
    assert samenvattingsregel(eigen, anker) == (
        "benchmark: c50 throughput 2.50x default config; c50 p95 840 ms; c1 p50 0.43x; "
        "long 1.30x; RSS 910 MB; start 12 s; train 150 s")


def test_table_holds_every_setup_and_figure():
    tabel = _tabel([_meting("anker", 9.0, 8500, 115.0, 1900, 76.0, training=600),
                    _meting("eigen", 22.5, 840, 50.0, 910, 12.0)], beurten=8)
    assert "| anker | 50 | 9.0 | 4250 ms | 8500 ms | 0 |" in tabel
    assert "| eigen | 1 | 5.0 | 50 ms | 100 ms | 0 |" in tabel
    assert "| anker | 600 s | 76.0 s | 1.20x (100 -> 120 ms) | rasa 1900 MB |" in tabel
    assert "| eigen | - | 12.0 s |" in tabel


def test_anchor_is_rasas_default_config_without_custom_components():
    import yaml

    config = yaml.safe_load(ANKER_CONFIG)
    assert config["recipe"] == "default.v1" and config["language"] == "nl"
    assert "pipeline" not in config and "policies" not in config


def test_the_cached_anchor_belongs_to_this_data(tmp_path, monkeypatch):
    """A cached anchor is used only for the same config, domain and data; else it is trained."""
    import bot.benchmark as benchmark

    getraind = []

    def nep_training(config, out_dir, naam):
        (out_dir / f"{naam}.tar.gz").write_bytes(b"model")
        getraind.append(config.read_text())
        return 123.0

    monkeypatch.setattr(benchmark, "train_model", nep_training)
    model, seconden = benchmark.anker_model(tmp_path)
    assert model.exists() and seconden == 123.0 and getraind == [ANKER_CONFIG]
    assert benchmark.anker_model(tmp_path) == (model, 123.0) and len(getraind) == 1
    monkeypatch.setattr(benchmark, "ANKER_CONFIG", ANKER_CONFIG + "# anders\n")
    assert benchmark.anker_model(tmp_path)[0] != model and len(getraind) == 2


def test_the_anchor_runs_on_rasas_own_tracker_store_with_the_same_database(tmp_path):
    """Only the store's class and the response generator differ from endpoints.yml: Rasa as it
    comes reads every event and sends every source line."""
    import yaml

    from bot.benchmark import rasa_eigen_tracker_store
    from bot.settings import PROJECT_ROOT

    eigen = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    anker = yaml.safe_load(rasa_eigen_tracker_store(tmp_path / "e.yml").read_text())
    assert eigen["tracker_store"]["type"] == "bot.stores.VensterSQLTrackerStore"
    assert anker["tracker_store"] == {**eigen["tracker_store"], "type": "SQL"}
    assert anker["action_endpoint"] == eigen["action_endpoint"]
    assert eigen["nlg"]["type"] == "bot.nlg.InwonerNLG" and "nlg" not in anker
    assert "${BOT_ACTIONS_PORT}" in (tmp_path / "e.yml").read_text()  # still substituted by Rasa
