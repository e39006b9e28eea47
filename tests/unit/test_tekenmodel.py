"""The char-n-gram model that three NLU components use: one copy per process, one
classification per text."""
from __future__ import annotations

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import tekenmodel
from bot.nlu.antwoord_rangschikker import AntwoordRangschikker
from bot.nlu.buiten_domein import BuitenDomeinHerkenner
from bot.nlu.meerdere_vragen import MeerdereVragenHerkenner


def _data(extra: str = "") -> TrainingData:
    voorbeelden = [
        ("waar meld ik discriminatie", "melden"), ("ik wil discriminatie melden", "melden"),
        ("hoe meld ik racisme" + extra, "melden"), ("wat doet een adv", "adv"),
        ("wat is een antidiscriminatievoorziening", "adv"), ("taken van de adv", "adv"),
        ("hoe laat gaat het zwembad open", "buiten_domein"), ("wanneer komt de vuilnisbak", "buiten_domein"),
    ]
    return TrainingData([Message(data={"text": t, "intent": i}) for t, i in voorbeelden])


def _train_en_laad(cls, data, map_):
    map_.mkdir(parents=True)
    storage = LocalModelStorage(map_)
    resource = Resource(cls.__name__)
    ctx = ExecutionContext(graph_schema=None, model_id="1")  # type: ignore[arg-type]
    cls.create({}, storage, resource, ctx).train(data)
    return storage, resource, ctx


def test_three_components_train_one_model_and_load_one_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(tekenmodel, "_MODELLEN", type(tekenmodel._MODELLEN)())
    from sklearn.pipeline import Pipeline

    fits = []
    echte_fit = Pipeline.fit

    def tellend(self, *a, **k):
        fits.append(1)
        return echte_fit(self, *a, **k)

    monkeypatch.setattr(Pipeline, "fit", tellend)
    data = _data()
    opgeslagen = [_train_en_laad(cls, data, tmp_path / cls.__name__) for cls in
                  (AntwoordRangschikker, BuitenDomeinHerkenner, MeerdereVragenHerkenner)]
    assert len(fits) == 1, "the same examples must be fitted once per process"

    # A server process: nothing in memory yet; the first component loads, the others reuse.
    tekenmodel._MODELLEN.clear()
    geladen = [cls.load({}, s, r, c) for cls, (s, r, c) in zip(
        (AntwoordRangschikker, BuitenDomeinHerkenner, MeerdereVragenHerkenner), opgeslagen)]
    assert geladen[0].model is geladen[1].model is geladen[2].model
    assert geladen[0].kennis == set()
    assert "buiten_domein" in geladen[0].model.classes_


def test_other_examples_give_another_model(monkeypatch):
    monkeypatch.setattr(tekenmodel, "_MODELLEN", type(tekenmodel._MODELLEN)())
    a = tekenmodel.train_model(_data())
    b = tekenmodel.train_model(_data(extra=" bij de gemeente"))
    assert a is not b and a.vingerafdruk != b.vingerafdruk
    assert tekenmodel.train_model(_data()) is a


def test_a_text_is_classified_once_and_answers_stay_the_same(monkeypatch):
    monkeypatch.setattr(tekenmodel, "_MODELLEN", type(tekenmodel._MODELLEN)())
    model = tekenmodel.train_model(_data())
    aanroepen = []
    echte = model.pipeline.predict_proba
    monkeypatch.setattr(model.pipeline, "predict_proba",
                        lambda x: (aanroepen.append(x), echte(x))[1], raising=False)
    eerste = model.predict_proba(["waar meld ik racisme"])
    tweede = model.predict_proba(["waar meld ik racisme"])
    assert len(aanroepen) == 1
    assert (eerste == tweede).all() and eerste.shape == (1, len(model.classes_))
    assert abs(eerste.sum() - 1.0) < 1e-9
    # The memory is bounded: old texts are forgotten.
    for i in range(model.ONTHOUDEN + 5):
        model.predict_proba([f"vraag {i}"])
    assert len(model._laatste) == model.ONTHOUDEN


def test_the_answer_texts_are_examples_too_without_their_sources():
    data = TrainingData(
        training_examples=[Message(data={"text": "wat doet een adv", "intent": "adv_taken",
                                         "intent_response_key": "adv_taken/wat_doet_adv"})],
        responses={"utter_adv_taken/wat_doet_adv": [{"text": (
            "Een ADV **helpt** inwoners die discriminatie ervaren. Kort.\n\n"
            "- Zij registreert elke melding anoniem.\n"
            "Bron: Wet gemeentelijke antidiscriminatievoorzieningen — https://wetten.overheid.nl")}],
                   "utter_groet": [{"text": "Hallo, ik ben de assistent van de gemeente"}]})
    assert tekenmodel.antwoord_zinnen(data) == [
        ("Een ADV helpt inwoners die discriminatie ervaren.", "adv_taken/wat_doet_adv"),
        ("Zij registreert elke melding anoniem.", "adv_taken/wat_doet_adv"),
    ]


def test_training_twice_gives_the_same_model(monkeypatch):
    """The answer model has no random seed: trained twice (in two fresh caches, as on two
    machines) it gives the same probabilities, so a model trained on CI answers as this one."""
    import numpy as np

    teksten = ["ik wil racisme melden bij de gemeente", "wat doet de adv", "zwembad open?"]
    kansen = []
    for _ in range(2):
        monkeypatch.setattr(tekenmodel, "_MODELLEN", type(tekenmodel._MODELLEN)())
        model = tekenmodel.train_model(_data())
        kansen.append(model.pipeline.predict_proba(teksten))
    assert np.array_equal(kansen[0], kansen[1])


def test_a_message_is_scored_without_copying_the_weights_and_with_the_same_probabilities(
        tmp_path, monkeypatch):
    """scipy copies a row-major weight matrix for every sparse product (20 MB per message on the
    real model); the shared model keeps the weights column-major, also after saving and loading,
    and scores exactly as sklearn does with the weights as it fitted them."""
    import copy

    import joblib
    import numpy as np

    monkeypatch.setattr(tekenmodel, "_MODELLEN", type(tekenmodel._MODELLEN)())
    teksten = ["ik wil racisme melden bij de gemeente", "wat doet de adv", "zwembad open?"]
    pipeline = tekenmodel.nieuw_model().fit(*zip(*[(m.get("text"), m.get("intent"))
                                                   for m in _data().intent_examples]))
    zoals_gefit = copy.deepcopy(pipeline)
    assert zoals_gefit[-1].coef_.flags.c_contiguous  # what sklearn leaves behind

    model = tekenmodel.GedeeldModel(pipeline, "x")
    joblib.dump(model.pipeline, tmp_path / "m.joblib")
    geladen = tekenmodel.GedeeldModel(joblib.load(tmp_path / "m.joblib"), "y")
    for m in (model, geladen):
        gewichten = m.pipeline[-1].coef_
        assert gewichten.T.flags.c_contiguous, "X @ coef_.T would copy the weights per message"
        assert np.allclose(m.predict_proba(teksten), zoals_gefit.predict_proba(teksten),
                           rtol=0, atol=1e-12)
