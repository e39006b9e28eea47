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


def test_production_profile_settings():
    s = Settings.from_env({})
    assert s.replica_ports == [5005, 5006]
    assert (s.pg_host, s.pg_port, s.pg_db, s.pg_login_db) == ("127.0.0.1", 5432, "assistent", "postgres")
    assert (s.redis_host, s.redis_port, s.redis_db, s.lock_lifetime) == ("127.0.0.1", 6379, 0, 60)
    s = Settings.from_env({"BOT_REPLICA_PORTS": "7001, 7002,7003", "BOT_PG_HOST": "db.intern",
                           "BOT_REDIS_PORT": "6380", "BOT_LOCK_LIFETIME": "20"})
    assert s.replica_ports == [7001, 7002, 7003]
    assert (s.pg_host, s.redis_port, s.lock_lifetime) == ("db.intern", 6380, 20)
    with pytest.raises(ValueError, match="BOT_REPLICA_PORTS"):
        Settings.from_env({"BOT_REPLICA_PORTS": "vijf"}).replica_ports
