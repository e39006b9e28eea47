"""Model card for the Dutch government's Algoritmeregister: ``python -m bot modelkaart``.

Writes ``reports/modelkaart/modelkaart.md`` and ``modelkaart.json`` in the fields of the
Algoritmeregister publication standard (BZK; sections Algemene informatie, Verantwoord gebruik,
Werking). Every value is read from the project, nothing is invented:

* config.yml: pipeline components, language, the fallback threshold; bot.nlu.tekenmodel: the
  answer model's settings (C, n-gram ranges);
* the trained model (BOT_MODEL): only ``metadata.json`` inside the tar file, no TensorFlow;
  without a model the card says "niet getraind";
* reports/heldout/report.json and reports/echte_vragen/*/rapport.json (``make evaluate``),
  else "niet gemeten"; the NLU gate thresholds from bot.evaluate;
* privacy: the tags of bot.privacy, the deduce version, the retention (BOT_BEWAARTERMIJN_DAGEN,
  or the profile's stricter one), the "< 5" rule of bot.inzicht;
* the municipality profile (BOT_GEMEENTE, bot.profiel) for organisation, contact, legal basis
  and the way to a human; the knowledge folder (BOT_KENNIS_DIR) and data/nlu, data/responses.

What only the municipality can decide (legal basis, DPIA, IAMA, register links, start date …)
is written as the placeholder of data/teksten/modelkaart.yml, where all Dutch text lives.
"""
from __future__ import annotations

import json
import re
import subprocess
import tarfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from bot.settings import PROJECT_ROOT, Settings


@dataclass
class Veld:
    sleutel: str
    label: str
    sectie: str
    waarde: str
    bronnen: List[str] = field(default_factory=list)


def _yaml(pad: Path) -> Any:
    with open(pad, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _getal(x: float) -> str:
    return f"{x:.3f}".replace(".", ",")


def _procent(x: float) -> str:
    return f"{x * 100:.1f} %".replace(".", ",")


def _komma(component: Dict[str, Any], sleutel: str, anders: str) -> str:
    """A setting of a pipeline component as written in Dutch (0,35), or ``anders``."""
    return str(component[sleutel]).replace(".", ",") if sleutel in component else anders


def _component(pipeline: List[Dict[str, Any]], naam: str) -> Dict[str, Any]:
    return next((c for c in pipeline if str(c.get("name", "")).rsplit(".", 1)[-1] == naam), {})


def antwoordmodel() -> Dict[str, str]:
    """The answer model's settings as bot.nlu.tekenmodel builds it (C and the n-gram ranges)."""
    from bot.nlu.tekenmodel import nieuw_model

    params = nieuw_model().get_params(deep=True)
    delen = {naam: params[f"featureunion__{naam}__ngram_range"]
             for naam in ("tfidfvectorizer-1", "tfidfvectorizer-2")}
    bereik = {params[f"featureunion__{n}__analyzer"]: f"{a} tot {b}"
              for n, (a, b) in delen.items()}
    return {"c": f"{params['logisticregression__C']:g}".replace(".", ","), "tekens": bereik["char_wb"],
            "woorden": bereik["word"]}


def model_metadata(model: Path) -> Optional[Dict[str, Any]]:
    """metadata.json from the model's tar file (streamed; TensorFlow is never loaded)."""
    if not model.is_file():
        return None
    try:
        with tarfile.open(model, "r|gz") as tar:
            for lid in tar:
                if lid.name.lstrip("./") == "metadata.json":
                    fh = tar.extractfile(lid)
                    return json.load(fh) if fh else None
    except (tarfile.TarError, OSError, json.JSONDecodeError, EOFError):
        return None
    return None


def _aantal_voorbeelden(examples: Any) -> Tuple[int, int]:
    """(examples, of which real questions with a source) in Rasa's two forms: a block of "- "
    lines, or a list of {text, metadata: {bron}}."""
    if isinstance(examples, list):
        lijst = [e for e in examples if isinstance(e, dict) and e.get("text")]
        return len(lijst), sum(1 for e in lijst if (e.get("metadata") or {}).get("bron"))
    return sum(1 for r in str(examples or "").splitlines() if r.strip().startswith("- ")), 0


def _nlu_tellingen(data_dir: Path) -> Dict[str, int]:
    intents, voorbeelden, echt = set(), 0, 0
    for pad in sorted((data_dir / "nlu").glob("*.yml")):
        for item in (_yaml(pad) or {}).get("nlu") or []:
            if "intent" in item:
                intents.add(str(item["intent"]).split("/")[0])
                aantal, met_bron = _aantal_voorbeelden(item.get("examples"))
                voorbeelden, echt = voorbeelden + aantal, echt + met_bron
    antwoorden, onderwerpen = 0, set()
    for pad in sorted((data_dir / "responses").glob("*.yml")):
        for sleutel in (_yaml(pad) or {}).get("responses") or {}:
            if "/" in sleutel:
                antwoorden += 1
                onderwerpen.add(sleutel.split("/")[0])
    return {"intents": len(intents), "voorbeelden": voorbeelden, "echte_voorbeelden": echt,
            "antwoorden": antwoorden, "onderwerpen": len(onderwerpen)}


def _kennis(knowledge_dir: Path) -> Dict[str, Any]:
    pad = knowledge_dir / "facts.yml"
    feiten = _yaml(pad) if pad.exists() else []
    return {"feiten": len(feiten or []),
            "bronnen_kennis": len({f.get("source_url") for f in feiten or []
                                   if f.get("source_url")}),
            "kennisbestand": pad.name}


def _relatief(pad: Path, root: Path) -> str:
    try:
        return str(pad.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(pad)


def _commit(root: Path) -> Optional[str]:
    try:
        uit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return uit.stdout.strip() or None


def bouw(settings: Settings, root: Path = PROJECT_ROOT, profiel: Any = None) -> Dict[str, Any]:
    """The card as a dict (what modelkaart.json holds): every register field with its sources."""
    from bot import privacy
    from bot.evaluate import (MAX_IN_SCOPE_FALLBACK_RATE, MIN_INTENT_MACRO_F1,
                              MIN_OUT_OF_SCOPE_RECALL)
    from bot.inzicht import MIN_GROEP
    from bot.profiel import ProfielFout, laad_profiel

    teksten = _yaml(settings.texts_dir / "modelkaart.yml")
    zinnen: Dict[str, str] = teksten["zinnen"]
    leeg = teksten["in_te_vullen"]
    waarden: Dict[str, Any] = {"in_te_vullen": leeg, "slug": settings.gemeente}
    bronnen: Dict[str, List[str]] = {}

    def vul(sleutel: str, sjabloon: Optional[str] = None, **extra: Any) -> str:
        tekst = (sjabloon if sjabloon is not None else zinnen[sleutel])
        return " ".join(tekst.format_map({**waarden, **extra}).split())

    # config.yml
    config = _yaml(root / "config.yml")
    pipeline = config.get("pipeline") or []
    terugval = _component(pipeline, "FallbackClassifier")
    voorbehoud = _component(pipeline, "AntwoordMetVoorbehoud")
    standaard = teksten["rasa_standaard"]
    waarden.update(
        taal=config.get("language", teksten["onbekend"]),
        componenten=", ".join(str(c["name"]).rsplit(".", 1)[-1] for c in pipeline),
        **antwoordmodel(),
        drempel=(str(terugval["threshold"]).replace(".", ",") if "threshold" in terugval
                 else standaard),
        voorbehoud=_komma(voorbehoud, "min_zekerheid", standaard),
        voorbehoud_antwoord=_komma(voorbehoud, "min_zekerheid_antwoord", standaard),
    )
    # versions of what runs
    waarden.update(rasa_versie=metadata.version("rasa"),
                   licentie=metadata.metadata("rasa").get("License") or teksten["onbekend"],
                   deduce_versie=metadata.version("deduce"))
    # the trained model: metadata only
    meta = model_metadata(settings.model_path)
    waarden["model"] = (vul("", zinnen["model_getraind"],
                            getraind_op=str(meta.get("trained_at", ""))[:19].replace("T", " "),
                            versie=meta.get("rasa_open_source_version", teksten["onbekend"]),
                            model_id=meta.get("model_id", teksten["onbekend"]))
                        if meta else teksten["niet_getraind"])
    model_bron = f"{_relatief(settings.model_path, root)} (metadata.json)"
    # measured quality (make evaluate)
    heldout_pad = root / "reports" / "heldout" / "report.json"
    if heldout_pad.is_file():
        r = json.loads(heldout_pad.read_text(encoding="utf-8"))
        waarden["heldout"] = vul("", zinnen["heldout_meting"], n=r["n"],
                                 macro_f1=_getal(r["intent_macro_f1"]),
                                 antwoord=_getal(r["response_accuracy"]),
                                 buiten_herkend=_getal(r["out_of_scope_recall"]),
                                 fallback=_procent(r["in_scope_fallback_rate"]))
    else:
        waarden["heldout"] = teksten["niet_gemeten"]
    echte = []
    for pad in sorted((root / "reports" / "echte_vragen").glob("*/rapport.json")):
        r = json.loads(pad.read_text(encoding="utf-8"))
        echte.append(vul("", zinnen["echte_vragen_meting"], deel=pad.parent.name, n=r["n"],
                         eerste=_getal(r["eerste_antwoord_goed"]),
                         klik=_getal(r["binnen_een_klik"]),
                         buiten=_getal(r["buiten_domein_herkend"])))
    waarden["echte_vragen"] = "; ".join(echte) or teksten["niet_gemeten"]
    waarden.update(min_f1=_getal(MIN_INTENT_MACRO_F1), min_buiten=_getal(MIN_OUT_OF_SCOPE_RECALL),
                   max_fallback=_procent(MAX_IN_SCOPE_FALLBACK_RATE), min_groep=MIN_GROEP)
    # privacy
    labels = sorted({v for k, v in vars(privacy).items()
                     if k.isupper() and isinstance(v, str) and re.fullmatch(r"\[[A-Z-]+\]", v)})
    waarden["labels"] = ", ".join(labels)
    # the municipality
    profiel_bron = f"data/gemeenten/{settings.gemeente}.yml"
    if profiel is None:
        try:
            profiel = laad_profiel(settings.profiel_pad)
        except ProfielFout as fout:
            profiel = None
            waarden["gemeente"] = vul("", teksten["onbekend_profiel"], fout=fout)
    bewaartermijn = settings.bewaartermijn_dagen
    if profiel is not None:
        waarden["gemeente"] = profiel.naam
        bewaartermijn = profiel.bewaartermijn(settings.bewaartermijn_dagen)
        contact = [c for c in (
            profiel.beleidsadviseur.contact.email if profiel.beleidsadviseur else None,
            profiel.algemeen_contact.email,
            str(profiel.algemeen_contact.website) if profiel.algemeen_contact.website else None,
        ) if c]
        waarden["contact"] = contact[0] if contact else vul("contact_onbekend")
        mensen = [profiel.adv.naam]
        if profiel.beleidsadviseur:
            mensen.append(profiel.beleidsadviseur.functie)
        waarden["mens"] = ", ".join(mensen)
        waarden["grondslag"] = profiel.privacy.grondslag or leeg
    else:
        waarden.update(contact=vul("contact_onbekend"), mens=leeg, grondslag=leeg)
    waarden["bewaartermijn"] = bewaartermijn
    # data and knowledge
    waarden.update(_nlu_tellingen(settings.data_dir))
    waarden.update(_kennis(settings.knowledge_dir))
    waarden["commit"] = _commit(root) or teksten["onbekend"]

    bronnen = {
        "organisatie": [profiel_bron], "contactgegevens": [profiel_bron],
        "korte_omschrijving": ["data/responses/"], "type_algoritme": ["importlib.metadata: rasa"],
        "doel_en_impact": [profiel_bron], "menselijke_tussenkomst": ["config.yml", profiel_bron],
        "risicobeheer": ["bot/privacy.py", "BOT_BEWAARTERMIJN_DAGEN", profiel_bron,
                         "bot/inzicht.py", "bot/evaluate.py"],
        "wettelijke_grondslag": [profiel_bron],
        "gegevens": ["data/nlu/", "BOT_KENNIS_DIR/facts.yml",
                     "BOT_BEWAARTERMIJN_DAGEN"],
        "technische_werking": ["config.yml", model_bron],
        "gemeten_kwaliteit": ["reports/heldout/report.json", "reports/echte_vragen/"],
        "leverancier": ["importlib.metadata: rasa"], "broncode": ["git"],
    }
    velden = []
    for sleutel, meta_veld in teksten["velden"].items():
        waarde = vul(sleutel)
        velden.append(Veld(sleutel, meta_veld["label"], teksten["secties"][meta_veld["sectie"]],
                           waarde, bronnen.get(sleutel, ["data/teksten/modelkaart.yml"])))
    return {
        "titel": teksten["titel"],
        "standaard": teksten["standaard"],
        "inleiding": vul("", teksten["inleiding"], standaard=teksten["standaard"]),
        "bron_label": teksten["bron_label"],
        "gelezen_uit": sorted({b for v in velden for b in v.bronnen}),
        "velden": {v.sleutel: {k: w for k, w in asdict(v).items() if k != "sleutel"}
                   for v in velden},
    }


def markdown(kaart: Dict[str, Any]) -> str:
    regels = [f"# {kaart['titel']}", "", kaart["inleiding"], ""]
    sectie = None
    for veld in kaart["velden"].values():
        if veld["sectie"] != sectie:
            sectie = veld["sectie"]
            regels += [f"## {sectie}", ""]
        regels += [f"### {veld['label']}", "", veld["waarde"], "",
                   f"_{kaart['bron_label']}: {', '.join(veld['bronnen'])}_", ""]
    return "\n".join(regels)


def schrijf(kaart: Dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    pad = out_dir / "modelkaart.md"
    pad.write_text(markdown(kaart), encoding="utf-8")
    (out_dir / "modelkaart.json").write_text(json.dumps(kaart, indent=2, ensure_ascii=False)
                                             + "\n", encoding="utf-8")
    return pad


def maak_modelkaart(settings: Settings, out_dir: Path, root: Path = PROJECT_ROOT) -> Path:
    return schrijf(bouw(settings, root), out_dir)
