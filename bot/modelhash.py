"""The model's sha256: written when `make train` has trained it, checked before any start.

Loading a model runs code from it (Rasa CVE-2024-49375), so the servers only load the model
this project trained itself: `make train` writes ``<model>.sha256`` right after training, and
``Stack.start`` refuses to start when the file is missing or the model no longer matches it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


class ModelHashFout(RuntimeError):
    """The model may not be loaded; the message says why and what to do (Dutch)."""


def sha256_van(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def schrijf_hash(model: Path, hash_pad: Path) -> str:
    waarde = sha256_van(model)
    hash_pad.write_text(f"{waarde}  {model.name}\n", encoding="ascii")
    return waarde


def controleer_hash(model: Path, hash_pad: Path) -> str:
    """The model's sha256 if it matches the value written at training time, else ModelHashFout."""
    if not model.exists():
        raise ModelHashFout(f"Geen getraind model gevonden op {model}; draai eerst `make train`.")
    if not hash_pad.exists():
        raise ModelHashFout(
            f"{hash_pad.name} ontbreekt naast {model}: het model is niet door `make train` van dit "
            "project gemaakt. Draai `make train` (of verwijder het model en start opnieuw)."
        )
    regel = hash_pad.read_text(encoding="ascii", errors="replace").split()
    verwacht = regel[0].lower() if regel else ""
    werkelijk = sha256_van(model)
    if werkelijk != verwacht:
        raise ModelHashFout(
            f"Het model {model} is veranderd sinds de training (sha256 {werkelijk[:12]}…, "
            f"verwacht {verwacht[:12] or '(leeg)'}…). Een onbekend model wordt niet geladen: "
            "draai `make train`."
        )
    return werkelijk
