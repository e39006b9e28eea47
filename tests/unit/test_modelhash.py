"""Only the model this project trained is loaded (Rasa CVE-2024-49375)."""
from __future__ import annotations

import dataclasses
import hashlib

import pytest

from bot.modelhash import ModelHashFout, controleer_hash, schrijf_hash
from bot.serve import Stack, StartupError


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "assistent.tar.gz"
    path.write_bytes(b"getraind model" * 1000)
    return path


def test_written_hash_is_the_files_sha256(model, tmp_path):
    pad = tmp_path / "assistent.tar.gz.sha256"
    waarde = schrijf_hash(model, pad)
    assert waarde == hashlib.sha256(model.read_bytes()).hexdigest()
    assert pad.read_text().split() == [waarde, "assistent.tar.gz"]
    assert controleer_hash(model, pad) == waarde


def test_changed_model_is_refused(model, tmp_path):
    pad = tmp_path / "assistent.tar.gz.sha256"
    schrijf_hash(model, pad)
    model.write_bytes(model.read_bytes() + b"ingevoegde code")
    with pytest.raises(ModelHashFout, match="veranderd sinds de training.*make train"):
        controleer_hash(model, pad)


def test_model_without_hash_is_refused(model, tmp_path):
    with pytest.raises(ModelHashFout, match="ontbreekt.*make train"):
        controleer_hash(model, tmp_path / "assistent.tar.gz.sha256")


def test_missing_model(tmp_path):
    with pytest.raises(ModelHashFout, match="Geen getraind model"):
        controleer_hash(tmp_path / "x.tar.gz", tmp_path / "x.tar.gz.sha256")


def test_stack_does_not_start_a_changed_model(settings, model, tmp_path):
    schrijf_hash(model, model.with_name(model.name + ".sha256"))
    model.write_bytes(b"ander model")
    stack = Stack(dataclasses.replace(settings, model_path=model), log_dir=tmp_path / "logs")
    with pytest.raises(StartupError, match="veranderd sinds de training"):
        stack.start()
    assert not stack.alive()
    assert not (tmp_path / "logs").exists(), "er is toch een proces gestart"


def test_settings_model_hash_path(settings):
    assert settings.model_hash_path.name == settings.model_path.name + ".sha256"
