"""The answer-model timing (bot/antwoordmodel_tijd.py): both layouts out of a real Rasa model
tarball, the same probabilities, a time per message for each."""
from __future__ import annotations

import tarfile

import joblib

from bot.antwoordmodel_tijd import MODEL_IN_TAR, laad_twee, meet_per_bericht
from bot.nlu import tekenmodel


def _tar_met_model(tmp_path):
    teksten = ["waar meld ik discriminatie", "ik wil racisme melden", "wat doet een adv",
               "taken van de adv", "hoe laat gaat het zwembad open", "wanneer komt de vuilnisbak"]
    labels = ["melden", "melden", "adv", "adv", "buiten_domein", "buiten_domein"]
    pipeline = tekenmodel.nieuw_model().fit(teksten, labels)
    binnen = tmp_path / "components" / "train_AntwoordRangschikker2"
    binnen.mkdir(parents=True)
    joblib.dump(pipeline, binnen / MODEL_IN_TAR)
    tar = tmp_path / "assistent.tar.gz"
    with tarfile.open(tar, "w:gz") as t:
        t.add(binnen / MODEL_IN_TAR, arcname=f"components/train_AntwoordRangschikker2/{MODEL_IN_TAR}")
    return tar


def test_both_layouts_come_out_of_the_model_and_score_alike(tmp_path):
    modellen = laad_twee(_tar_met_model(tmp_path))
    sklearn, eigen = modellen.values()
    assert sklearn[-1].coef_.flags.c_contiguous and not sklearn[-1].coef_.T.flags.c_contiguous
    assert eigen[-1].coef_.T.flags.c_contiguous

    rapport = meet_per_bericht(modellen, ["ik wil discriminatie melden", "zwembad?"], rondes=2)
    assert rapport["grootste_verschil_in_kans"] < 1e-12
    for naam in modellen:
        assert rapport[naam]["gemiddeld_ms"] > 0
    assert rapport["berichten"] == 2 and rapport["rondes"] == 2
