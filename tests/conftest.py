"""Shared fixtures: settings, the real domain, facts, tracker factory, trained model."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml

from bot.evaluate import RASA_DATA
from bot.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def facts(settings: Settings) -> List[Dict[str, Any]]:
    path = settings.knowledge_dir / "facts.yml"
    assert path.exists(), f"kennisbron ontbreekt: {path} (BOT_KENNIS_DIR)"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="session")
def rasa_domain():
    """The domain as Rasa builds it for training: domain.yml plus data/responses/."""
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        config_path=str(PROJECT_ROOT / "config.yml"),
        domain_path=str(PROJECT_ROOT / "domain.yml"),
        training_data_paths=[str(PROJECT_ROOT / p) for p in RASA_DATA],
    )
    return importer.get_domain()


@pytest.fixture(scope="session")
def domain_dict(rasa_domain) -> Dict[str, Any]:
    return rasa_domain.as_dict()


@pytest.fixture(scope="session")
def invullen(rasa_domain):
    """A response variant as Rasa's NLG sends it: interpolated with the domain's slots (empty,
    as in a new conversation), so ``{{ }}`` in a payload arrives as ``{ }``."""
    import copy

    from rasa.core.nlg.interpolator import interpolate

    slots = {slot.name: None for slot in rasa_domain.slots}

    def _invullen(variant: Dict[str, Any]) -> Dict[str, Any]:
        return interpolate(copy.deepcopy(variant), slots)

    return _invullen


@pytest.fixture(scope="session")
def verzonden_knoppen(rasa_domain, invullen):
    """The buttons of a response as the user receives them."""
    def _knoppen(response: str, variant: int = 0) -> List[Dict[str, Any]]:
        return invullen(rasa_domain.responses[response][variant])["buttons"]

    return _knoppen


@pytest.fixture(scope="session")
def chromium_pad() -> str:
    """Debian's chromium for the browser tests; missing is a failure, not a skip."""
    import os

    from bot.browser import CHROMIUM

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium ontbreekt (apt-get install -y chromium); .ci/run installeert het")
    return CHROMIUM


@pytest.fixture(scope="session")
def nlu_data():
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(PROJECT_ROOT / "data" / "nlu"))


@pytest.fixture(scope="session")
def train_component(tmp_path_factory):
    """Train an NLU graph component as `rasa train` does and load it back from the model
    storage, as the server does: ``train_component(ThemaHerkenner, nlu_data)``."""
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    def _train(component_cls, training_data, config: Optional[Dict[str, Any]] = None):
        storage = LocalModelStorage(tmp_path_factory.mktemp(component_cls.__name__))
        resource = Resource(component_cls.__name__)
        ctx = ExecutionContext(graph_schema=None, model_id="1")  # type: ignore[arg-type]
        component_cls.create(config or {}, storage, resource, ctx).train(training_data)
        return component_cls.load(config or {}, storage, resource, ctx)

    return _train


@pytest.fixture(scope="session")
def getrainde_component(model_path, tmp_path_factory):
    """An NLU component as ``make train`` trained it, loaded from the model archive the way the
    server loads it, with the config of config.yml: ``getrainde_component(BuitenDomeinHerkenner)``.
    For components whose training is slow (the answer model); the model is built by make test."""
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    storage, metadata = LocalModelStorage.from_model_archive(
        tmp_path_factory.mktemp("model"), model_path)
    schema = metadata.predict_schema

    def _laad(component_cls):
        naam, knoop = next((n, k) for n, k in schema.nodes.items()
                           if k.uses is component_cls and k.resource is not None)
        ctx = ExecutionContext(graph_schema=schema, model_id=metadata.model_id, node_name=naam)
        return component_cls.load(knoop.config, storage, knoop.resource, ctx)

    return _laad


@pytest.fixture
def make_tracker():
    from rasa_sdk import Tracker

    def _make(text: str = "", intent: Optional[str] = None,
              ranking: Optional[List[Dict[str, Any]]] = None, slots=None,
              history: Optional[List[Dict[str, Any]]] = None,
              extra: Optional[Dict[str, Any]] = None,
              metadata: Optional[Dict[str, Any]] = None) -> Tracker:
        """A tracker whose latest user turn is ``text``/``intent``; ``history`` are earlier
        events (e.g. from ``user_turn``), ``extra`` extra parse data of the latest turn."""
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": (ranking or [{}])[0].get("confidence", 1.0)},
            "intent_ranking": ranking or [],
            "entities": [],
            **(extra or {}),
        }
        return Tracker(
            sender_id="test-gebruiker",
            slots=slots or {},
            latest_message=latest,
            events=[*(history or []),
                    {"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    return _make


def _user_turn(text: str, intent: str, response_key: Optional[str] = None) -> Dict[str, Any]:
    """A user event as the tracker stores it; ``response_key`` like ``adv_taken/wat_doet_adv``
    is what the answer ranker chose for a knowledge question."""
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    if response_key:
        parse["response_selector"] = {
            intent: {"response": {"intent_response_key": response_key, "confidence": 0.9}}
        }
    return {"event": "user", "text": text, "parse_data": parse}


@pytest.fixture
def user_turn():
    return _user_turn


@pytest.fixture(scope="session")
def model_path(settings: Settings) -> Path:
    path = settings.model_path
    assert path.exists(), f"geen getraind model op {path}: draai `make train` (make test doet dat zelf)"
    return path
