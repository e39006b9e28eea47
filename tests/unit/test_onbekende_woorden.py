"""OnbekendeWoordenFallback: a message without a single known word goes to nlu_fallback."""
from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.onbekende_woorden import OnbekendeWoordenFallback


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture
def tokenizer():
    return WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())


def _msg(tokenizer, text, intent="groet", confidence=0.97):
    m = Message(data={"text": text})
    tokenizer.process([m])
    m.set("intent", {"name": intent, "confidence": confidence})
    m.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return m


@pytest.fixture
def trained(storage, tokenizer):
    resource = Resource("onbekend")
    ctx = ExecutionContext(graph_schema=None, model_id="1")  # type: ignore[arg-type]
    comp = OnbekendeWoordenFallback.create({}, storage, resource, ctx)
    examples = [Message(data={"text": t, "intent": "x"}) for t in
                ("waar kan ik discriminatie melden", "hallo", "wat is een ADV")]
    tokenizer.process_training_data(TrainingData(examples))
    comp.train(TrainingData(examples))
    # load back from the model storage, as the server does
    return OnbekendeWoordenFallback.load({}, storage, resource, ctx)


def test_gibberish_becomes_nlu_fallback_keeping_the_ranking(trained, tokenizer):
    m = _msg(tokenizer, "blorp fnargle zzz", intent="afscheid", confidence=0.99)
    trained.process([m])
    assert m.get("intent")["name"] == "nlu_fallback"
    assert [r["name"] for r in m.get("intent_ranking")] == ["nlu_fallback", "afscheid"]


@pytest.mark.parametrize("text", ["discrimnatie melden!!", "HALLO", "adv?"])
def test_one_known_word_is_enough(trained, tokenizer, text):
    m = _msg(tokenizer, text)
    trained.process([m])
    assert m.get("intent")["name"] == "groet"


def test_messages_without_letters_are_left_alone(trained, tokenizer):
    m = _msg(tokenizer, "12345")
    trained.process([m])
    assert m.get("intent")["name"] == "groet"


def test_vocabulary_survives_persist_and_load(trained):
    assert {"discriminatie", "melden", "hallo", "adv"} <= trained.vocabulary


@pytest.mark.parametrize("text", [
    "Nerede ayrımcılık bildirebilirim?",        # Turkish
    "Gdzie mogę zgłosić dyskryminację?",        # Polish
    "¿Dónde puedo denunciar la discriminación?",  # Spanish
    "dzień dobry, potrzebuję pomocy",           # Polish letters, no stop word
    "Где я могу сообщить о дискриминации?",     # Cyrillic
])
def test_another_language_without_known_words_is_niet_nederlands(trained, tokenizer, text):
    m = _msg(tokenizer, text, intent="nlu_fallback", confidence=0.3)
    trained.process([m])
    assert m.get("intent")["name"] == "niet_nederlands"
    assert m.get("intent_ranking")[0]["name"] == "niet_nederlands"


def test_english_training_words_do_not_count_as_dutch(storage, tokenizer):
    resource = Resource("onbekend-en")
    ctx = ExecutionContext(graph_schema=None, model_id="1")  # type: ignore[arg-type]
    comp = OnbekendeWoordenFallback.create({}, storage, resource, ctx)
    examples = [Message(data={"text": "waar kan ik melden", "intent": "melden"}),
                Message(data={"text": "can you help me", "intent": "niet_nederlands"})]
    tokenizer.process_training_data(TrainingData(examples))
    comp.train(TrainingData(examples))
    assert "help" not in comp.vocabulary and "melden" in comp.vocabulary
    m = _msg(tokenizer, "could you help me please", intent="groet")
    comp.process([m])
    assert m.get("intent")["name"] == "niet_nederlands"


def test_gibberish_is_not_mistaken_for_another_language(trained, tokenizer):
    m = _msg(tokenizer, "blorp fnargle zzz qwrtz")
    trained.process([m])
    assert m.get("intent")["name"] == "nlu_fallback"
