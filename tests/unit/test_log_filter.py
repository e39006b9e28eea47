"""bot/log_filter.py: a failed action's error body (the whole tracker) never reaches a log."""
from __future__ import annotations

import io
import json
import logging

import pytest

from bot.log_filter import WEGGELATEN, install, schoon

VERHAAL = "ik word uitgescholden om mijn hoofddoek"


@pytest.fixture
def schone_logs():
    """install() for this test only; the process's own record factory comes back after."""
    vorige = logging.getLogRecordFactory()
    install()
    stroom = io.StringIO()
    handler = logging.StreamHandler(stroom)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("test.log_filter")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield logger, stroom
    logger.removeHandler(handler)
    logging.setLogRecordFactory(vorige)


def _foutlichaam() -> bytes:
    """What rasa-sdk's exception handler answers: the error and the echoed request."""
    tracker = {"events": [{"event": "user", "text": VERHAAL}], "latest_message": {"text": VERHAAL}}
    return json.dumps({"error": "while parsing a flow sequence",
                       "request_body": {"next_action": "action_medewerker_spreken",
                                        "tracker": tracker}}).encode()


def test_rasas_failed_action_log_keeps_the_action_and_drops_the_body(schone_logs):
    """The exception chain exactly as rasa.core.actions.action.RemoteAction raises it, logged as
    rasa.core.processor logs it (logger.exception)."""
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import ClientResponseError

    logger, stroom = schone_logs
    try:
        try:
            raise ClientResponseError(500, "Internal Server Error", _foutlichaam())
        except ClientResponseError as e:
            raise RasaException("Failed to execute custom action 'action_medewerker_spreken'") from e
    except RasaException:
        logger.exception("Encountered an exception while running action 'action_medewerker_spreken'.")
    log = stroom.getvalue()
    assert "hoofddoek" not in log
    assert "action_medewerker_spreken" in log and "ClientResponseError: 500" in log and WEGGELATEN in log


def test_without_the_filter_the_body_is_in_the_log():
    """The leak the filter closes (no test that cannot fail)."""
    from rasa.utils.endpoints import ClientResponseError

    stroom = io.StringIO()
    logger = logging.getLogger("test.log_filter.zonder")
    handler = logging.StreamHandler(stroom)
    logger.addHandler(handler)
    try:
        raise ClientResponseError(500, "Internal Server Error", _foutlichaam())
    except ClientResponseError:
        logger.exception("mislukt")
    logger.removeHandler(handler)
    assert "hoofddoek" in stroom.getvalue()


def test_a_message_with_a_body_or_echoed_request_is_cleaned(schone_logs):
    logger, stroom = schone_logs
    logger.error("antwoord van de actieserver: 500, body='%s'", _foutlichaam().decode())
    logger.warning('{"error": "x", "request_body": {"text": "%s"}}', VERHAAL)
    logger.info("gewone regel zonder gesprekstekst")
    log = stroom.getvalue()
    assert "hoofddoek" not in log and log.count(WEGGELATEN) == 2
    assert "gewone regel zonder gesprekstekst" in log


def test_install_twice_cleans_once(schone_logs):
    factory = logging.getLogRecordFactory()
    install()
    assert logging.getLogRecordFactory() is factory


def test_schoon_leaves_other_text_alone():
    assert schoon("Failed to run custom action 'x'. Couldn't connect") == \
        "Failed to run custom action 'x'. Couldn't connect"
