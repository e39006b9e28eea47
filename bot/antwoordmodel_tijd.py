"""How long the answer model takes per message: sklearn's weight layout against the shared
model's (bot.nlu.tekenmodel.zonder_kopie_per_bericht), side by side in one run.

``python -m bot antwoordmodel-tijd`` (``make antwoordmodel-tijd``) takes the answer model out of
the trained Rasa model, loads it twice — once with the weights row-major as sklearn leaves them
after fitting, once as the pipeline keeps them — and scores every held-out question with each,
alternating per round, one message per call as a server does. Both must give the same
probabilities. Written to ``reports/antwoordmodel-tijd/``; a benchmark, not a test.
"""
from __future__ import annotations

import json
import statistics
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List

RONDES = 3
MODEL_IN_TAR = "antwoord_rangschikker.joblib"


def laad_twee(model_tar: Path) -> Dict[str, Any]:
    """The answer model of ``model_tar`` as sklearn fitted it and as the pipeline keeps it."""
    import joblib
    import numpy as np

    from bot.nlu.tekenmodel import zonder_kopie_per_bericht

    with tarfile.open(model_tar) as tar, tempfile.TemporaryDirectory() as tmp:
        lid = next(m for m in tar.getmembers() if m.name.endswith(MODEL_IN_TAR))
        tar.extract(lid, tmp)
        pad = Path(tmp) / lid.name
        zoals_sklearn = joblib.load(pad)
        zoals_sklearn[-1].coef_ = np.ascontiguousarray(zoals_sklearn[-1].coef_)
        eigen = zonder_kopie_per_bericht(joblib.load(pad))
    return {"sklearn (rij-voor-rij)": zoals_sklearn, "eigen (kolom-voor-kolom)": eigen}


def meet_per_bericht(modellen: Dict[str, Any], teksten: List[str], rondes: int = RONDES
                     ) -> Dict[str, Any]:
    import numpy as np

    tijden: Dict[str, List[float]] = {naam: [] for naam in modellen}
    kansen: Dict[str, Any] = {}
    for _ in range(rondes):
        for naam, model in modellen.items():
            rijen = []
            for tekst in teksten:
                begin = time.perf_counter()
                rijen.append(model.predict_proba([tekst])[0])
                tijden[naam].append((time.perf_counter() - begin) * 1000)
            kansen[naam] = np.vstack(rijen)
    namen = list(modellen)
    verschil = float(np.max(np.abs(kansen[namen[0]] - kansen[namen[-1]])))
    rapport: Dict[str, Any] = {"berichten": len(teksten), "rondes": rondes,
                               "grootste_verschil_in_kans": verschil}
    for naam, t in tijden.items():
        t = sorted(t)
        rapport[naam] = {"gemiddeld_ms": round(statistics.fmean(t), 3),
                         "p50_ms": round(t[len(t) // 2], 3),
                         "p95_ms": round(t[int(len(t) * 0.95)], 3)}
    return rapport


def meet(model_tar: Path, heldout: Path, out_dir: Path) -> Dict[str, Any]:
    from bot.evaluate import load_heldout

    teksten = [t for t, _ in load_heldout(heldout)]
    rapport = meet_per_bericht(laad_twee(model_tar), teksten)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "rapport.json").write_text(json.dumps(rapport, indent=2, ensure_ascii=False))
    namen = [k for k in rapport if isinstance(rapport[k], dict)]
    a, b = (rapport[n]["gemiddeld_ms"] for n in namen)
    print(f"antwoordmodel per bericht ({rapport['berichten']} berichten x {rapport['rondes']}): "
          f"{namen[0]} {a:.2f} ms, {namen[1]} {b:.2f} ms ({a / b:.2f}x); "
          f"grootste verschil in kans {rapport['grootste_verschil_in_kans']:.1e}")
    return rapport
