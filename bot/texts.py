"""User-facing texts that are not Rasa responses (channel errors), loaded from data/teksten/."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

import yaml


def load_texts(path: Path) -> Dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{path}: verwacht een lijst 'sleutel: tekst'")
    return {str(k): v.strip() for k, v in data.items()}
