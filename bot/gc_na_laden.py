"""After the model is loaded, its objects leave Python's cyclic garbage collector (gc.freeze).

The Rasa process holds millions of long-lived objects (Rasa, spaCy, scikit-learn, TensorFlow's
modules, the trained model). Every full (generation 2) collection walks all of them: measured in
the Rasa process under the benchmark's load, 227-467 ms per collection, several per minute. With
the FIFO gate (bot/wachtrij.py) such a pause is added to every message waiting in line, and it
was what set p95 at 50 conversations apart between runs (docs/snelheid.md, session 11). After
``load_agent_on_start`` (Rasa's listener that loads the model when the server starts) this
module collects once and freezes what is there: later collections walk only objects made while
serving. Objects still leave memory when nothing refers to them (reference counting); only
frozen garbage in reference cycles stays — loading another model into a running server would
keep the old one's cycles (this project restarts the server with a new model).
:func:`install` is called by ``python -m bot rasa`` (bot/cli.py).
"""
from __future__ import annotations

import functools
import gc
import logging
from typing import Any

logger = logging.getLogger(__name__)


def install() -> None:
    """Freeze after Rasa's server loads its model (idempotent)."""
    import rasa.core.run

    laad = rasa.core.run.load_agent_on_start
    if getattr(laad, "_bot_gc_na_laden", False):
        return

    @functools.wraps(laad)
    async def load_agent_on_start(*args: Any, **kwargs: Any) -> Any:
        agent = await laad(*args, **kwargs)
        gc.collect()
        gc.freeze()
        logger.info("Model geladen; %d objecten buiten de garbage collector gezet",
                    gc.get_freeze_count())
        return agent

    load_agent_on_start._bot_gc_na_laden = True  # type: ignore[attr-defined]
    rasa.core.run.load_agent_on_start = load_agent_on_start
