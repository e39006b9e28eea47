"""Pipeline variants for the comparison are derived from config.yml: one change each."""
import pytest
import yaml

from bot.evaluate import SPACY_MET_LEMMA_DIR, derive_config, write_variants
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def base():
    return yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))


def _without(config, names):
    return [s for s in config["pipeline"] if s["name"] not in names]


def test_spacy_is_config_yml_itself(base):
    assert derive_config(base, "spacy") == base


def test_whitespace_swaps_only_the_tokenizer(base):
    ws = derive_config(base, "whitespace")
    names = [s["name"] for s in ws["pipeline"]]
    assert names[0] == "WhitespaceTokenizer"
    assert "SpacyNLP" not in names and "SpacyTokenizer" not in names
    assert _without(ws, {"WhitespaceTokenizer"}) == _without(base, {"SpacyNLP", "SpacyTokenizer"})
    assert ws["policies"] == base["policies"]


def test_met_lemma_only_changes_the_spacy_model(base):
    nl = derive_config(base, "spacy_met_lemma")
    assert nl["pipeline"][0] == {"name": "SpacyNLP", "model": SPACY_MET_LEMMA_DIR}
    assert nl["pipeline"][1:] == base["pipeline"][1:]
    assert base["pipeline"][0]["model"] == ".cache/spacy-nl"  # base not mutated


def test_unknown_variant_is_a_clear_error(base):
    with pytest.raises(ValueError, match="onbekende variant"):
        derive_config(base, "bert")


def test_written_variants_load_back(tmp_path, base):
    paths = write_variants(PROJECT_ROOT / "config.yml", ["whitespace"], tmp_path)
    assert yaml.safe_load(paths[0].read_text()) == derive_config(base, "whitespace")


def test_met_diet_puts_the_former_tensorflow_classifiers_before_the_ranker(base):
    """The former pipeline stays measurable: DIET and one ResponseSelector before the ranker,
    which combines their opinion with the char model's; the rest unchanged."""
    oud = derive_config(base, "met_diet")
    names = [s["name"] for s in oud["pipeline"]]
    ranker = next(i for i, n in enumerate(names) if n.endswith("AntwoordRangschikker"))
    assert names[ranker - 2:ranker] == ["DIETClassifier", "ResponseSelector"]
    assert oud["pipeline"][ranker]["gewicht_diet"] == 0.4
    rest = [{k: v for k, v in s.items() if k not in ("gewicht_diet", "threshold")}
            for s in _without(oud, {"LexicalSyntacticFeaturizer", "CountVectorsFeaturizer",
                                    "DIETClassifier", "ResponseSelector"})]
    assert rest == [{k: v for k, v in s.items() if k != "threshold"} for s in base["pipeline"]]
    assert not any("DIETClassifier" == s["name"] for s in base["pipeline"])  # not mutated
    assert oud["policies"] == base["policies"]
