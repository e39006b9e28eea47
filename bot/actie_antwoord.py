"""The action server's answer checked once per answer, not the schema once per answer too.

Rasa 3.6 checks every answer of the action server against its response schema with
``jsonschema.validate(result, schema)`` (``RemoteAction._validate_action_result``). That
function first validates the *schema itself* against the JSON-Schema metaschema, every call:
19 ms per custom action on this machine against 0.5 ms for checking the answer alone (profiled
with py-spy: about 40 % of the Rasa process's busy CPU in a one-user run, docs/snelheid.md).
:func:`install` gives RemoteAction a check with a validator built (and its schema checked) once:
the same schema, the same ``ValidationError`` with the same message for a wrong answer. The
Rasa server is started through it (``python -m bot rasa run``, bot/serve.py); the benchmark's
anchor runs Rasa as it comes.
"""
from __future__ import annotations

import functools
from typing import Any, Dict


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    soort = validator_for(schema)
    soort.check_schema(schema)
    return soort(schema)


def _controleer(self: Any, result: Dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        _validator().validate(result)
        return True
    except ValidationError as e:  # Rasa's own message, as in _validate_action_result
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def install() -> None:
    """Use the once-built validator for every action server answer in this process."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _controleer  # type: ignore[method-assign]
