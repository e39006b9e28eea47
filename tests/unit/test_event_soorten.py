"""bot/event_soorten.py: an event's class from a table gives what Rasa's own lookup gives."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils import common

from bot import event_soorten


@pytest.fixture
def geinstalleerd():
    """Rasa's own lookup, and the table installed; Event restored afterwards."""
    eigen = Event.__dict__["resolve_by_type"]
    event_soorten._ORIGINEEL.clear()
    event_soorten.install()
    yield eigen.__func__
    Event.resolve_by_type = eigen
    event_soorten._ORIGINEEL.clear()
    event_soorten._TABEL.clear()


def test_every_event_name_gives_the_class_rasa_gives(geinstalleerd):
    import rasa.core.test  # noqa: F401 - defines EndToEndUserUtterance, a second "user" class

    namen = {cls.type_name for cls in common.all_subclasses(Event)}
    assert len(namen) > 15
    assert Event.resolve_by_type("user") is UserUttered  # the first in Rasa's order, as Rasa
    for naam in namen:
        assert Event.resolve_by_type(naam) is geinstalleerd(naam)


def test_names_rasa_does_not_know_get_rasas_own_answer(geinstalleerd):
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("bestaat_niet", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'bestaat_niet'"):
        Event.resolve_by_type("bestaat_niet")


def test_the_subclasses_are_walked_once_not_per_event(geinstalleerd, monkeypatch):
    Event.resolve_by_type("user")  # table built
    aanroepen = []
    echt = common.all_subclasses
    monkeypatch.setattr(common, "all_subclasses", lambda cls: aanroepen.append(cls) or echt(cls))
    events = [UserUttered("hoi").as_dict(), ActionExecuted("action_listen").as_dict(),
              SlotSet("doelgroep", "inwoner").as_dict()] * 20
    tracker = DialogueStateTracker.from_dict("gesprek", events)
    assert len(tracker.events) == 60
    assert aanroepen == []


def test_an_event_class_defined_later_is_found(geinstalleerd):
    Event.resolve_by_type("user")

    class EigenEvent(ActionExecuted):
        type_name = "eigen_event_voor_test"

    assert Event.resolve_by_type("eigen_event_voor_test") is EigenEvent
