"""bot/gc_na_laden.py: once Rasa's server has loaded its model, the objects then alive leave
the cyclic garbage collector, and the loaded agent is handed on unchanged."""
from __future__ import annotations

import gc

import rasa.core.run

from bot import gc_na_laden


async def test_after_loading_the_model_its_objects_are_frozen(monkeypatch):
    agent = object()
    aanroepen = []

    async def laad(model_path, endpoints, remote_storage, app, loop):
        aanroepen.append((model_path, app))
        assert gc.get_freeze_count() == 0  # nothing frozen before the model is there
        return agent

    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", laad)
    gc.unfreeze()
    gc_na_laden.install()
    gc_na_laden.install()  # twice: wrapped once
    try:
        geladen = await rasa.core.run.load_agent_on_start("model.tar.gz", None, None, "app", None)
        assert geladen is agent
        assert aanroepen == [("model.tar.gz", "app")]
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
