from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings


def test_defaults_are_the_embedded_setup():
    s = Settings.from_env({})
    assert (s.rasa_port, s.actions_port, s.host) == (5005, 5055, "127.0.0.1")
    assert s.model_path == PROJECT_ROOT / "models/assistent.tar.gz"
    assert s.tracker_db == PROJECT_ROOT / "var/tracker.db"
    assert s.max_message_chars == 2000 and s.max_body_bytes == 65536
    assert s.api_token is None
    assert s.texts_dir == PROJECT_ROOT / "data/teksten"


def test_environment_overrides():
    s = Settings.from_env({"BOT_RASA_PORT": "6000", "BOT_TRACKER_DB": "/tmp/x.db",
                           "RASA_API_TOKEN": "geheim"})
    assert s.rasa_port == 6000
    assert s.tracker_db == Path("/tmp/x.db")
    assert s.api_token == "geheim"


def test_bad_number_is_a_clear_error():
    with pytest.raises(ValueError, match="BOT_RASA_PORT"):
        Settings.from_env({"BOT_RASA_PORT": "vijf"})
