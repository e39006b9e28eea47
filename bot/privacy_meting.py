"""How well bot.privacy removes personal data: recall per kind on the PII corpus
(tests/privacy/pii_corpus.yml, planted fictitious values in realistic messages) and the share
of messages without personal data that are changed anyway (the corpus's look-alikes and the
held-out questions). `python -m bot privacy meet` prints it; tests/gate/ gates on it."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.privacy import Redacteur, redacteur

# Targets of the privacy issue: structured kinds >= 99 %, names >= 90 %, false positives <= 1 %.
GESTRUCTUREERD = ("BSN", "E-MAIL", "TELEFOON", "IBAN", "POSTCODE")
MIN_RECALL_GESTRUCTUREERD = 0.99
MIN_RECALL_OVERIG = {"NAAM": 0.90, "ADRES": 0.95, "GEBOORTEDATUM": 0.95}
MAX_VALS_POSITIEF = 0.01


def laad_corpus(pad: Path) -> List[Dict[str, Any]]:
    return yaml.safe_load(pad.read_text(encoding="utf-8"))["berichten"]


def meet(corpus: List[Dict[str, Any]], schone_teksten: List[str],
         r: Redacteur | None = None) -> Dict[str, Any]:
    r = r or redacteur()
    gevonden: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    gemist: List[Dict[str, str]] = []
    vals: List[Dict[str, str]] = []
    schoon = list(schone_teksten)
    for bericht in corpus:
        uit = r.redigeer(bericht["tekst"]).tekst
        items = [i for i in bericht["pii"] if i["soort"] != "TELEFOON_ORGANISATIE"]
        if not bericht["pii"]:
            schoon.append(bericht["tekst"])
        for item in items:
            weg = item["waarde"] not in uit
            gevonden[item["soort"]][0] += weg
            gevonden[item["soort"]][1] += 1
            if not weg:
                gemist.append({"soort": item["soort"], "waarde": item["waarde"], "uit": uit})
    for tekst in schoon:
        redactie = r.redigeer(tekst)
        if redactie.geredigeerd:
            vals.append({"tekst": tekst, "uit": redactie.tekst})
    recall = {soort: round(g / n, 4) for soort, (g, n) in sorted(gevonden.items())}
    return {
        "recall": recall,
        "aantal": {soort: n for soort, (_, n) in sorted(gevonden.items())},
        "berichten_zonder_pii": len(schoon),
        "vals_positief": round(len(vals) / max(len(schoon), 1), 4),
        "gemist": gemist,
        "vals": vals,
    }


def poort_fouten(rapport: Dict[str, Any]) -> List[str]:
    fouten = []
    for soort, recall in rapport["recall"].items():
        minimum = MIN_RECALL_GESTRUCTUREERD if soort in GESTRUCTUREERD else \
            MIN_RECALL_OVERIG.get(soort, 0.9)
        if recall < minimum:
            fouten.append(f"{soort}: recall {recall:.3f} < {minimum}")
    if rapport["vals_positief"] > MAX_VALS_POSITIEF:
        fouten.append(f"vals positief {rapport['vals_positief']:.3f} > {MAX_VALS_POSITIEF}")
    return fouten
