"""An event's class found in a table, not by walking every Event subclass for every event.

Rasa 3.6 turns each stored event back into an object with ``Event.resolve_by_type(name)``,
which builds the list of all Event subclasses (recursively, ~40 classes) and compares names,
for every event of every tracker it reads: profiled with py-spy under the benchmark's load
(50 conversations), 6 % of the Rasa process's busy CPU (docs/snelheid.md, session 11).
:func:`install` gives ``Event`` a lookup that builds that table once: the same class for
every name (the first in Rasa's own order, as its loop returns), Rasa's own answer for names
it does not know (``topic``, a default, its ValueError): a class defined after the table was
built (a custom event) is found by Rasa's own walk. Where two classes share a name
(``rasa.core.test.EndToEndUserUtterance`` is a "user" event too) the table keeps the first in
Rasa's order, as Rasa's loop does: a subclass comes after its parent. The Rasa server is
started through it (``python -m bot rasa run``, bot/cli.py).
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Type

_TABEL: Dict[str, Type[Any]] = {}
_ORIGINEEL: Dict[str, Any] = {}


def _bouw() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    tabel: Dict[str, Type[Any]] = {}
    for cls in all_subclasses(Event):
        tabel.setdefault(cls.type_name, cls)  # Rasa's loop returns the first match
    _TABEL.clear()
    _TABEL.update(tabel)


def resolve_by_type(type_name: str, default: Optional[Type[Any]] = None) -> Optional[Type[Any]]:
    if not _TABEL:
        _bouw()
    cls = _TABEL.get(type_name)
    if cls is not None:
        return cls
    return _ORIGINEEL["resolve_by_type"](type_name, default)


def install() -> None:
    """Use the table for every event this process reads (idempotent)."""
    from rasa.shared.core.events import Event

    if "resolve_by_type" in _ORIGINEEL:
        return
    _ORIGINEEL["resolve_by_type"] = Event.resolve_by_type
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
    _TABEL.clear()
