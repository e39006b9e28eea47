"""Municipality profiles: schema, the shipped profiles, Dutch errors that name file and field."""
from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.profiel import THEMAS, ProfielFout, laad_profiel
from bot.serve import Stack, StartupError
from bot.settings import Settings

PROFIELEN = ["voorbeeldgemeente", "leiden", "rotterdam"]


@pytest.mark.parametrize("slug", PROFIELEN)
def test_shipped_profiles_are_valid(settings, slug):
    profiel = laad_profiel(settings.gemeenten_dir / f"{slug}.yml")
    assert profiel.naam and profiel.adv.naam and str(profiel.adv.website).startswith("https://")


def test_default_profile_has_a_department_for_every_theme(settings):
    profiel = laad_profiel(settings.gemeenten_dir / "voorbeeldgemeente.yml")
    for thema in THEMAS:
        assert profiel.afdelingen_voor(thema), thema


def test_real_profiles_use_only_links_from_the_knowledge_base(settings, facts):
    """Leiden and Rotterdam are built from ../shared/knowledge only: no invented contact data."""
    bron_urls = {f["source_url"] for f in facts}
    for slug in ("leiden", "rotterdam"):
        profiel = laad_profiel(settings.gemeenten_dir / f"{slug}.yml")
        for voorbeeld in profiel.voorbeelden:
            assert str(voorbeeld.url) in bron_urls, (slug, voorbeeld.url)
        assert profiel.adv.contact.is_leeg() and profiel.algemeen_contact.is_leeg()
        assert profiel.beleidsadviseur is None and profiel.portefeuillehouder is None
    assert laad_profiel(settings.gemeenten_dir / "rotterdam.yml").adv.naam == "RADAR"


def _write(tmp_path, data):
    pad = tmp_path / "kapot.yml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pad


@pytest.fixture
def geldig(settings):
    return yaml.safe_load((settings.gemeenten_dir / "voorbeeldgemeente.yml").read_text(encoding="utf-8"))


def test_missing_field_is_named_in_dutch(tmp_path, geldig):
    del geldig["adv"]
    with pytest.raises(ProfielFout) as exc:
        laad_profiel(_write(tmp_path, geldig))
    msg = str(exc.value)
    assert "kapot.yml" in msg and "veld 'adv'" in msg and "ontbreekt" in msg


def test_wrong_theme_url_and_typo_are_explained(tmp_path, geldig):
    geldig["afdelingen"][0]["themas"] = ["wonnen"]
    geldig["adv"]["website"] = "discriminatie.nl"
    geldig["algemeen_contat"] = {}
    with pytest.raises(ProfielFout) as exc:
        laad_profiel(_write(tmp_path, geldig))
    msg = str(exc.value)
    assert "veld 'afdelingen.0.themas.0'" in msg and "onbekend thema 'wonnen'" in msg
    assert "veld 'adv.website'" in msg and "volledige URL" in msg
    assert "veld 'algemeen_contat'" in msg and "spelling" in msg


def test_unknown_municipality_lists_the_available_ones(settings):
    with pytest.raises(ProfielFout) as exc:
        laad_profiel(settings.gemeenten_dir / "atlantis.yml")
    assert "BOT_GEMEENTE" in str(exc.value) and "leiden" in str(exc.value)


def test_settings_select_the_profile_from_the_environment():
    s = Settings.from_env({"BOT_GEMEENTE": "rotterdam"})
    assert s.profiel_pad.name == "rotterdam.yml"
    assert Settings.from_env({}).profiel_pad.name == "voorbeeldgemeente.yml"


def test_a_broken_profile_stops_the_start_before_any_process(settings, tmp_path, model_path, geldig):
    data_dir = tmp_path / "data"
    (data_dir / "gemeenten").mkdir(parents=True)
    del geldig["naam"]
    (data_dir / "gemeenten" / "kapot.yml").write_text(yaml.safe_dump(geldig), encoding="utf-8")
    stack = Stack(dataclasses.replace(settings, data_dir=data_dir, gemeente="kapot", model_path=model_path))
    with pytest.raises(StartupError) as exc:
        stack.start(timeout=5)
    assert "veld 'naam'" in str(exc.value)
    assert not stack._procs  # nothing was started
