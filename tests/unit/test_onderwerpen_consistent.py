"""House rule: one topic, one name, everywhere (nlu, rules, responses, test stories)."""
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT

KENNIS = ["rollen_gemeente", "grondwet_en_wet", "adv_taken", "adv_financiering",
          "voorbeelden_gemeenten", "verantwoordelijkheid_organisatie",
          "melden_discriminatie", "monitoring"]


def _stems(folder: str, prefix: str = ""):
    return {p.stem[len(prefix):] for p in (PROJECT_ROOT / folder).glob(f"{prefix}*.yml")}


def test_every_knowledge_topic_has_its_files():
    for topic in KENNIS:
        assert topic in _stems("data/nlu"), topic
        assert topic in _stems("data/rules"), topic
        assert topic in _stems("data/responses"), topic
        assert topic in _stems("tests/stories", "test_"), topic


def test_file_names_match_the_intents_inside():
    for folder in ("data/nlu", "data/responses"):
        for path in (PROJECT_ROOT / folder).glob("*.yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if path.stem not in KENNIS:
                continue
            names = [e["intent"] for e in data.get("nlu", [])] + list(data.get("responses", {}))
            for name in names:
                assert name.removeprefix("utter_").split("/")[0] == path.stem, (path, name)


def test_every_intent_is_exercised_by_a_test_story(domain_dict):
    text = "\n".join(p.read_text(encoding="utf-8")
                     for p in (PROJECT_ROOT / "tests/stories").glob("test_*.yml"))
    for intent in domain_dict["intents"]:
        name = intent if isinstance(intent, str) else next(iter(intent))
        assert f"intent: {name}" in text, f"geen testverhaal voor {name}"


def test_no_data_file_is_huge():
    for path in list((PROJECT_ROOT / "data").rglob("*.yml")) + [PROJECT_ROOT / "domain.yml"]:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 1000, path
