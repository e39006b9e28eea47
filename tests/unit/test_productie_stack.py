"""The production profile refuses to start, in Dutch, before any process runs, when a
service it needs does not answer; and it hands the replicas the settings they need."""
from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.serve import ProductieStack, StartupError, vrije_poort
from bot.settings import PROJECT_ROOT


def _stack(settings, model_path, tmp_path, **overrides) -> ProductieStack:
    return ProductieStack(dataclasses.replace(settings, model_path=model_path, **overrides),
                          log_dir=tmp_path / "logs")


def test_postgresql_that_does_not_answer_stops_the_start(settings, model_path, tmp_path):
    stack = _stack(settings, model_path, tmp_path, pg_port=vrije_poort())
    with pytest.raises(StartupError, match=r"PostgreSQL op 127\.0\.0\.1:\d+ .*antwoordt niet.*BOT_PG_HOST"):
        stack.start(timeout=5)
    assert not stack.process_names() and not (tmp_path / "logs").exists()


def test_redis_that_does_not_answer_stops_the_start(settings, model_path, tmp_path):
    stack = _stack(settings, model_path, tmp_path, redis_port=vrije_poort())
    with pytest.raises(StartupError, match=r"Redis op 127\.0\.0\.1:\d+ antwoordt niet.*BOT_REDIS_HOST"):
        stack.start(timeout=5)
    assert not stack.process_names()


def test_a_redis_prefix_rasa_would_ignore_is_refused(settings, model_path, tmp_path):
    stack = _stack(settings, model_path, tmp_path, redis_prefix="mijn-bot")
    with pytest.raises(StartupError, match="BOT_REDIS_PREFIX"):
        stack.start(timeout=5)


def test_every_variable_of_the_production_endpoints_is_set(settings, tmp_path):
    """Rasa stops with an English error for a ${VAR} that is not set: the stack sets all."""
    import re

    text = (PROJECT_ROOT / "endpoints.production.yml").read_text(encoding="utf-8")
    values = "\n".join(line.split("#")[0] for line in text.splitlines())
    variables = set(re.findall(r"\$\{(\w+)\}", values))
    assert variables >= {"BOT_PG_HOST", "BOT_REDIS_HOST", "BOT_ACTIONS_PORT"}
    env = ProductieStack(dataclasses.replace(settings, replica_ports_raw="7001,7002"),
                         log_dir=tmp_path).child_env()
    assert variables <= set(env), variables - set(env)
    assert env["BOT_RASA_PORT"] == "7001"
    assert env["TICKET_LOCK_LIFETIME"] == str(settings.lock_lifetime)
    assert env["RASA_TELEMETRY_ENABLED"] == "false"  # privacy: every process we start
    assert yaml.safe_load(text)["tracker_store"]["login_db"] == "${BOT_PG_LOGIN_DB}"


def test_a_second_stop_signal_does_not_interrupt_the_shutdown():
    """`make run` stopped by a signal to its process group gets SIGTERM twice (make forwards
    it): the first stops the stack, the second must not break off the shutdown."""
    import signal as _signal

    from bot.serve import Afsluiten

    afsluiten = Afsluiten()
    with pytest.raises(KeyboardInterrupt):
        afsluiten(_signal.SIGTERM, None)
    afsluiten(_signal.SIGTERM, None)  # during stop(): ignored, no exception
    afsluiten(_signal.SIGINT, None)


def test_a_short_intranet_secret_stops_the_start_with_a_dutch_message(settings, tmp_path):
    import dataclasses

    from bot.serve import Stack, StartupError

    kort = dataclasses.replace(settings, intranet_jwt_secret="kort-geheim")
    with pytest.raises(StartupError, match="te kort"):
        Stack(kort, log_dir=tmp_path).check()


def test_a_short_rest_token_stops_the_start_and_a_good_one_reaches_the_server(settings, tmp_path):
    from bot.serve import Stack, StartupError

    with pytest.raises(StartupError, match="BOT_REST_TOKEN is te kort"):
        Stack(dataclasses.replace(settings, rest_token="kort"), log_dir=tmp_path).check()
    goed = "r" * 40
    assert Stack(dataclasses.replace(settings, rest_token=goed), log_dir=tmp_path).child_env()[
        "BOT_REST_TOKEN"] == goed


def test_the_action_server_listens_on_loopback_only(settings, tmp_path):
    from bot.serve import Stack

    assert Stack(settings, log_dir=tmp_path).child_env()["SANIC_HOST"] == "127.0.0.1"
