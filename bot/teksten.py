"""User-facing texts in data/teksten/, shared by the actions and the channels.

``Teksten``: one structured YAML file, read on first use (never at import time), path from
Settings. ``platte_teksten``: a flat ``sleutel: tekst`` file (channel errors, notices)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

import yaml

from bot.settings import Settings


class Teksten:
    """Reads ``<texts_dir>/<bestand>`` once, on first use (never at import time)."""

    def __init__(self, bestand: str, teksten_dir: Optional[Path] = None) -> None:
        self._bestand = bestand
        self._teksten_dir = teksten_dir
        self._data: Optional[Dict[str, Any]] = None

    @property
    def pad(self) -> Path:
        return (self._teksten_dir or Settings.from_env().texts_dir) / self._bestand

    def data(self) -> Dict[str, Any]:
        if self._data is None:
            with open(self.pad, encoding="utf-8") as fh:
                self._data = yaml.safe_load(fh)
        return self._data


def platte_teksten(path: Path) -> Dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{path}: verwacht een lijst 'sleutel: tekst'")
    return {str(k): v.strip() for k, v in data.items()}
