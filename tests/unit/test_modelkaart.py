"""The Algoritmeregister model card: every register field, filled from the project's own files."""
from __future__ import annotations

import dataclasses
import io
import json
import shutil
import tarfile

import pytest
import yaml

from bot.cli import main
from bot.modelkaart import bouw, markdown
from bot.profiel import GemeenteProfiel
from bot.settings import PROJECT_ROOT

# The fields of the Algoritmeregister publication standard (BZK, chapter "Informatievelden"),
# plus the two the issue asks for (type of algorithm, measured quality).
REGISTER_VELDEN = {
    "naam", "organisatie", "korte_omschrijving", "thema", "status", "begindatum",
    "contactgegevens", "publiekspagina", "publicatiecategorie",
    "doel_en_impact", "afwegingen", "menselijke_tussenkomst", "risicobeheer",
    "wettelijke_grondslag", "link_wettelijke_grondslag", "verwerkingsregister", "impacttoetsen",
    "gegevens", "technische_werking", "leverancier", "broncode",
    "type_algoritme", "gemeten_kwaliteit",
}
ALLEEN_GEMEENTE = ("begindatum", "publiekspagina", "link_wettelijke_grondslag",
                   "verwerkingsregister", "impacttoetsen", "thema", "publicatiecategorie")
TEKSTEN = yaml.safe_load(open(PROJECT_ROOT / "data" / "teksten" / "modelkaart.yml",
                              encoding="utf-8"))
LEEG = TEKSTEN["in_te_vullen"]
CONFIG = yaml.safe_load(open(PROJECT_ROOT / "config.yml", encoding="utf-8"))


def _component(naam):
    return next(c for c in CONFIG["pipeline"] if c["name"] == naam)


def _nep_model(pad, **meta):
    """A model tar with only metadata.json (what the card reads; nothing to load)."""
    with tarfile.open(pad, "w:gz") as tar:
        for naam, inhoud in (("components/x.json", b"{}"),
                             ("metadata.json", json.dumps(meta).encode())):
            info = tarfile.TarInfo(naam)
            info.size = len(inhoud)
            tar.addfile(info, io.BytesIO(inhoud))
    return pad


@pytest.fixture
def root(tmp_path):
    """A project root with the real config.yml and no reports."""
    (tmp_path / "root").mkdir()
    shutil.copy(PROJECT_ROOT / "config.yml", tmp_path / "root" / "config.yml")
    return tmp_path / "root"


@pytest.fixture
def instellingen(settings, tmp_path):
    model = _nep_model(tmp_path / "assistent.tar.gz", trained_at="2026-11-30T10:11:12.5",
                       rasa_open_source_version="3.6.21", model_id="abc123")
    return dataclasses.replace(settings, model_path=model, gemeente="voorbeeldgemeente",
                               bewaartermijn_dagen=30)


def test_every_register_field_is_present_filled_and_labelled_from_the_data_file(instellingen,
                                                                                 root):
    kaart = bouw(instellingen, root)
    velden = kaart["velden"]
    assert REGISTER_VELDEN <= set(velden), REGISTER_VELDEN - set(velden)
    for sleutel, veld in velden.items():
        assert veld["waarde"].strip(), f"{sleutel} is leeg"
        assert "{" not in veld["waarde"] and "}" not in veld["waarde"], veld["waarde"]
        assert veld["label"] == TEKSTEN["velden"][sleutel]["label"]
        assert veld["bronnen"], sleutel
    tekst = markdown(kaart)
    for veld in velden.values():
        assert f"### {veld['label']}" in tekst and veld["waarde"] in tekst
    assert set(TEKSTEN["secties"].values()) == {v["sectie"] for v in velden.values()}


def test_values_come_from_the_real_config_and_the_model_metadata(instellingen, root):
    velden = bouw(instellingen, root)["velden"]
    techniek = velden["technische_werking"]["waarde"]
    from bot.nlu.tekenmodel import nieuw_model

    params = nieuw_model().get_params(deep=True)
    assert f"C = {params['logisticregression__C']:g}" in techniek
    laag, hoog = params["featureunion__tfidfvectorizer-1__ngram_range"]
    assert f"tekenreeks-n-grammen van {laag} tot {hoog}" in techniek
    laag, hoog = params["featureunion__tfidfvectorizer-2__ngram_range"]
    assert f"woord-n-grammen van {laag} tot {hoog}" in techniek
    assert f"taal {CONFIG['language']}" in techniek
    for component in CONFIG["pipeline"]:
        assert component["name"].rsplit(".", 1)[-1] in techniek
    assert "2026-11-30 10:11:12" in techniek and "abc123" in techniek
    drempel = str(_component("FallbackClassifier")["threshold"]).replace(".", ",")
    assert f"zekerheid onder {drempel}" in velden["menselijke_tussenkomst"]["waarde"]
    voorbehoud = _component("bot.nlu.voorbehoud.AntwoordMetVoorbehoud")
    for sleutel in ("min_zekerheid", "min_zekerheid_antwoord"):
        waarde = str(voorbehoud[sleutel]).replace(".", ",")
        assert waarde in velden["menselijke_tussenkomst"]["waarde"], sleutel
    assert "30 dagen" in velden["risicobeheer"]["waarde"]
    risico = velden["risicobeheer"]["waarde"]
    assert "[BSN]" in risico and "[NAAM]" in risico  # the tags of bot.privacy
    assert velden["organisatie"]["waarde"] == "Voorbeeldgemeente"


def test_training_data_counts_are_rasas_own(instellingen, root, nlu_data):
    """Both forms of examples count (blocks of lines and real questions with a source)."""
    gegevens = bouw(instellingen, root)["velden"]["gegevens"]["waarde"]
    echt = sum(1 for m in nlu_data.intent_examples
               if ((m.get("metadata") or {}).get("example") or {}).get("bron"))
    assert echt > 0
    assert f"{len(nlu_data.intent_examples)} voorbeeldvragen" in gegevens
    assert f"waarvan {echt} letterlijk overgenomen echte vragen" in gegevens


def test_without_model_or_reports_the_card_says_so(instellingen, root, tmp_path):
    zonder = dataclasses.replace(instellingen, model_path=tmp_path / "geen.tar.gz",
                                 bewaartermijn_dagen=14)
    velden = bouw(zonder, root)["velden"]
    assert TEKSTEN["niet_getraind"] in velden["technische_werking"]["waarde"]
    assert velden["gemeten_kwaliteit"]["waarde"].count(TEKSTEN["niet_gemeten"]) == 2
    assert "14 dagen" in velden["risicobeheer"]["waarde"]


def test_measured_figures_are_read_from_the_reports(instellingen, root):
    (root / "reports" / "heldout").mkdir(parents=True)
    (root / "reports" / "heldout" / "report.json").write_text(json.dumps({
        "n": 534, "intent_macro_f1": 0.9561, "response_accuracy": 0.924,
        "out_of_scope_recall": 0.982, "in_scope_fallback_rate": 0.042}))
    (root / "reports" / "echte_vragen" / "test").mkdir(parents=True)
    (root / "reports" / "echte_vragen" / "test" / "rapport.json").write_text(json.dumps({
        "n": 191, "eerste_antwoord_goed": 0.41, "binnen_een_klik": 0.59,
        "buiten_domein_herkend": 0.67}))
    kwaliteit = bouw(instellingen, root)["velden"]["gemeten_kwaliteit"]["waarde"]
    assert "534 vragen" in kwaliteit and "macro-F1 0,956" in kwaliteit
    assert "4,2 %" in kwaliteit and "binnen één klik 0,590" in kwaliteit
    assert TEKSTEN["niet_gemeten"] not in kwaliteit


def test_municipality_only_fields_are_placeholders_unless_the_profile_has_them(instellingen,
                                                                               root):
    velden = bouw(instellingen, root)["velden"]  # voorbeeldgemeente: no contact, no legal basis
    for sleutel in ALLEEN_GEMEENTE + ("wettelijke_grondslag", "contactgegevens"):
        assert LEEG in velden[sleutel]["waarde"], sleutel
    assert LEEG not in velden["technische_werking"]["waarde"]

    data = yaml.safe_load(open(instellingen.profiel_pad, encoding="utf-8"))
    data["naam"] = "Gemeente Teststad"
    data["beleidsadviseur"]["contact"]["email"] = "antidiscriminatie@teststad.nl"
    data["privacy"]["grondslag"] = "Algemeen belang (art. 6 lid 1 sub e AVG)"
    data["privacy"]["bewaartermijn_dagen"] = 7
    velden = bouw(instellingen, root, profiel=GemeenteProfiel.parse_obj(data))["velden"]
    assert velden["organisatie"]["waarde"] == "Gemeente Teststad"
    assert velden["contactgegevens"]["waarde"] == "antidiscriminatie@teststad.nl"
    assert velden["wettelijke_grondslag"]["waarde"] == "Algemeen belang (art. 6 lid 1 sub e AVG)"
    assert "7 dagen" in velden["risicobeheer"]["waarde"]  # the stricter retention wins
    for sleutel in ALLEEN_GEMEENTE:
        assert LEEG in velden[sleutel]["waarde"], sleutel


def test_cli_writes_markdown_and_json(instellingen, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOT_MODEL", str(instellingen.model_path))
    assert main(["modelkaart", "--out", str(tmp_path / "uit")]) == 0
    md = (tmp_path / "uit" / "modelkaart.md").read_text(encoding="utf-8")
    kaart = json.loads((tmp_path / "uit" / "modelkaart.json").read_text(encoding="utf-8"))
    assert md.startswith(f"# {TEKSTEN['titel']}")
    assert REGISTER_VELDEN <= set(kaart["velden"])
    assert "logistische regressie" in md and "AntwoordRangschikker" in md
    assert "modelkaart.md" in capsys.readouterr().out
