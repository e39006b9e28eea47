"""Insight for policy makers: what residents and staff ask, and where the assistant falls short.

`python -m bot inzicht --van 2026-11-01 --tot 2026-11-30` (and `make inzicht`) reads the tracker
store (SQLite, or PostgreSQL with --productie) and the counts kept after retention
(``gesprek_cijfers``, bot.bewaartermijn) and writes ``reports/inzicht/<van>_<tot>/``:
``rapport.html`` (one self-contained Dutch page, bar charts in inline SVG, no CDN),
``rapport.pdf`` (the same tables and charts, drawn by matplotlib's PDF backend) and
``cijfers.csv`` (for the council's own spreadsheets). All three are written from one call of
:func:`tabellen`: nothing is counted twice.

Privacy first: the tracker holds only redacted text (bot.privacy); every count below
``MIN_GROEP`` is shown as "< 5"; no conversation id and no time finer than a day appear; a
not-understood question is listed only for a group of at least ``MIN_GROEP`` messages that are
alike (:func:`groepeer`: character n-grams, so "waar meld ik" and "waar kan ik melden" join).
"""
from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from bot.bewaartermijn import cijfers as bewaarde_cijfers
from bot.profiel import THEMAS
from bot.themas import PLAATSEN
from bot.verduidelijking import voorbehoud_van

MIN_GROEP = 5
Tabel = List[Tuple[str, List[Tuple[str, int]]]]
NIET_BEGREPEN = ("nlu_fallback", "buiten_domein", "niet_nederlands")


@dataclass
class Inzicht:
    van: date
    tot: date
    vragen: int = 0
    gesprekken: int = 0
    per_week: Counter = field(default_factory=Counter)
    per_onderwerp: Counter = field(default_factory=Counter)
    per_antwoord: Counter = field(default_factory=Counter)
    per_doelgroep: Counter = field(default_factory=Counter)
    per_kanaal: Counter = field(default_factory=Counter)
    niet_begrepen: Counter = field(default_factory=Counter)   # intent -> messages
    met_voorbehoud: Counter = field(default_factory=Counter)  # answer given while unsure
    feedback: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    afdeling_thema: Counter = field(default_factory=Counter)
    meldroute: Counter = field(default_factory=Counter)
    onbegrepen_teksten: Counter = field(default_factory=Counter)


def _dag(tijd: float) -> date:
    return datetime.fromtimestamp(tijd, tz=timezone.utc).date()


def _week(d: date) -> str:
    jaar, week, _ = d.isocalendar()
    return f"{jaar}-W{week:02d}"


def _normaal(tekst: str) -> str:
    return " ".join(re.findall(r"\w+|\[[A-Z-]+\]", tekst.lower()))


def verzamel(engine: sa.engine.Engine, van: date, tot: date) -> Inzicht:
    """Count the user messages of [van, tot] (days, UTC) and the kept aggregates of that period."""
    inzicht = Inzicht(van, tot)
    begin = datetime.combine(van, datetime.min.time(), tzinfo=timezone.utc).timestamp()
    eind = datetime.combine(tot + timedelta(days=1), datetime.min.time(),
                            tzinfo=timezone.utc).timestamp()
    gesprekken = set()
    if sa.inspect(engine).has_table("events"):
        events = sa.Table("events", sa.MetaData(), autoload_with=engine)
        query = (sa.select(events.c.sender_id, events.c.type_name, events.c.timestamp,
                           events.c.data)
                 .where(events.c.timestamp >= begin, events.c.timestamp < eind)
                 .order_by(events.c.sender_id, events.c.id))
        with engine.connect() as verbinding:
            laatste_antwoord: Dict[str, str] = {}
            huidige: Optional[str] = None
            berichten: List[Tuple[Dict[str, Any], float]] = []  # this sender's user turns

            def tel_berichten() -> None:
                for event, tijd in berichten:
                    gesprekken.add(huidige)
                    _tel_bericht(inzicht, event, _dag(tijd))
                berichten.clear()

            for afzender, soort, tijd, data in verbinding.execute(query):
                if afzender != huidige:
                    tel_berichten()
                    huidige = afzender
                try:
                    event = json.loads(data or "{}")
                except json.JSONDecodeError:
                    continue
                if soort == "user":
                    berichten.append((event, tijd))
                elif soort == "rewind" and berichten:
                    # Rasa reverted the last user turn (the two-stage fallback does, and stores
                    # the clarified message again): counted once, as the conversation has it
                    berichten.pop()
                elif soort == "slot":
                    _tel_slot(inzicht, event, laatste_antwoord, afzender)
            tel_berichten()
    inzicht.gesprekken = len(gesprekken)
    for (dag, doelgroep, intent, antwoord), aantal in bewaarde_cijfers(engine).items():
        d = date.fromisoformat(dag)
        if van <= d <= tot:
            _tel(inzicht, d, intent, antwoord, doelgroep or "onbekend", None, aantal)
    return inzicht


def _tel(inzicht: Inzicht, dag: date, intent: str, antwoord: str, doelgroep: str,
         kanaal: Optional[str], aantal: int = 1) -> None:
    inzicht.vragen += aantal
    inzicht.per_week[_week(dag)] += aantal
    inzicht.per_onderwerp[intent or "onbekend"] += aantal
    if antwoord:
        inzicht.per_antwoord[antwoord] += aantal
    inzicht.per_doelgroep[doelgroep] += aantal
    if kanaal:
        inzicht.per_kanaal[kanaal] += aantal
    if intent in NIET_BEGREPEN:
        inzicht.niet_begrepen[intent] += aantal


def _tel_bericht(inzicht: Inzicht, event: Dict[str, Any], dag: date) -> None:
    tekst = event.get("text") or ""
    if tekst.startswith("/"):  # a button, not a question
        return
    intent = ((event.get("parse_data") or {}).get("intent") or {})
    naam = intent.get("name") or ""
    doelgroep = (event.get("metadata") or {}).get("doelgroep") or "onbekend"
    _tel(inzicht, dag, naam, intent.get("full_retrieval_intent_name") or "", str(doelgroep),
         event.get("input_channel") or "onbekend")
    if naam in NIET_BEGREPEN:
        inzicht.onbegrepen_teksten[_normaal(tekst)] += 1
    voorbehoud = voorbehoud_van(event.get("parse_data") or {})
    if voorbehoud:
        inzicht.met_voorbehoud[voorbehoud.get("antwoord") or naam] += 1


def _tel_slot(inzicht: Inzicht, event: Dict[str, Any], laatste: Dict[str, str],
              afzender: str) -> None:
    naam, waarde = event.get("name"), event.get("value")
    if not isinstance(waarde, str):
        return
    if naam == "feedback_antwoord":
        laatste[afzender] = waarde
    elif naam == "feedback_oordeel" and afzender in laatste:
        inzicht.feedback[laatste[afzender]][waarde] += 1
    # Only the values a form keeps (a theme, a place), never what was typed: a form's slot
    # holds the typed answer for a moment before its validation turns it into one of these.
    elif naam == "thema" and waarde in THEMAS:
        inzicht.afdeling_thema[waarde] += 1
    elif naam == "melding_plaats" and waarde in PLAATSEN:
        inzicht.meldroute[waarde] += 1


def klein(aantal: int) -> str:
    """A count as shown: groups smaller than MIN_GROEP are suppressed."""
    return f"< {MIN_GROEP}" if 0 < aantal < MIN_GROEP else str(aantal)


def tabellen(inzicht: Inzicht) -> List[Tuple[str, List[Tuple[str, int]]]]:
    """The report's tables: (title, [(label, count)]), largest first (weeks in order)."""
    def top(c: Counter) -> List[Tuple[str, int]]:
        return sorted(c.items(), key=lambda x: (-x[1], x[0]))

    feedback_nee = Counter({a: c["nee"] for a, c in inzicht.feedback.items() if c.get("nee")})
    feedback_ja = Counter({a: c["ja"] for a, c in inzicht.feedback.items() if c.get("ja")})
    return [
        ("Vragen per week", sorted(inzicht.per_week.items())),
        ("Vragen per onderwerp", top(inzicht.per_onderwerp)),
        ("Vragen per antwoord", top(inzicht.per_antwoord)),
        ("Vragen per doelgroep", top(inzicht.per_doelgroep)),
        ("Vragen per kanaal", top(inzicht.per_kanaal)),
        ("Niet begrepen of buiten het domein", top(inzicht.niet_begrepen)),
        ("Beantwoord met voorbehoud (de assistent twijfelde), per antwoord",
         top(inzicht.met_voorbehoud)),
        ("Feedback 'ja' per antwoord", top(feedback_ja)),
        ("Feedback 'nee' per antwoord", top(feedback_nee)),
        ("Gevraagde thema's (afdeling zoeken)", top(inzicht.afdeling_thema)),
        ("Waar gebeurde het (hulp bij melden)", top(inzicht.meldroute)),
        (f"Niet begrepen vragen, gegroepeerd op gelijkenis (groepen van ≥ {MIN_GROEP})",
         [(_groepslabel(g, inzicht.onbegrepen_teksten), n)
          for g, n in groepeer(inzicht.onbegrepen_teksten) if n >= MIN_GROEP]),
    ]


GELIJKENIS = 0.5  # cosine of character n-grams from which two questions count as one group


def groepeer(teksten: Counter, drempel: float = GELIJKENIS) -> List[Tuple[List[str], int]]:
    """Not-understood questions grouped by similarity, for the content editor's to-do list:
    character 3–5-grams (TF-IDF, so typos and word forms stay close), each text joins the
    group of the first, more frequent text it resembles by at least ``drempel``. Returns
    (texts, most frequent first; messages in the group), largest group first."""
    if not teksten:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    volgorde = sorted(teksten, key=lambda x: (-teksten[x], x))
    vectoren = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(volgorde)
    groepen: List[List[int]] = []
    for i in range(len(volgorde)):
        # each text against the groups' first texts only (no n x n matrix for a big month)
        gelijkenis = ((vectoren[[g[0] for g in groepen]] @ vectoren[i].T).toarray().ravel()
                      if groepen else [])
        eerste = next((k for k, s in enumerate(gelijkenis) if s >= drempel), None)
        if eerste is None:
            groepen.append([i])
        else:
            groepen[eerste].append(i)
    uitkomst = [([volgorde[i] for i in groep], sum(teksten[volgorde[i]] for i in groep))
                for groep in groepen]
    return sorted(uitkomst, key=lambda x: (-x[1], x[0][0]))


MIN_ZELFDE_WOORDEN = 2  # a wording is shown only when more than one message used it


def _groepslabel(groep: List[str], teksten: Counter) -> str:
    """The group's most frequent wording and how many others it has. A wording that only one
    message used is not shown (it could be one person's own story): then only the count."""
    anders = f" (+ {len(groep) - 1} vergelijkbare)" if len(groep) > 1 else ""
    if teksten[groep[0]] < MIN_ZELFDE_WOORDEN:
        return f"[{len(groep)} verschillende formuleringen, geen twee keer gebruikt]"
    return groep[0] + anders


def _staafdiagram(rijen: List[Tuple[str, int]]) -> str:
    if not rijen:
        return "<p>Geen gegevens in deze periode.</p>"
    hoogste = max(n for _, n in rijen) or 1
    hoogte = 22 * len(rijen)
    delen = [f'<svg role="img" aria-label="staafdiagram" width="640" height="{hoogte}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n) in enumerate(rijen):
        breedte = 0 if n < MIN_GROEP else int(360 * n / hoogste)
        y = 22 * i
        delen.append(f'<text x="0" y="{y + 15}" font-size="12">{html.escape(label[:40])}</text>'
                     f'<rect x="260" y="{y + 4}" width="{breedte}" height="14" fill="#1f5f8b"/>'
                     f'<text x="{266 + breedte}" y="{y + 15}" font-size="12">{klein(n)}</text>')
    delen.append("</svg>")
    return "".join(delen)


def inleiding(inzicht: Inzicht) -> str:
    """The report's opening sentence (plain text; the HTML escapes it)."""
    return (f"{klein(inzicht.gesprekken)} gesprekken, {klein(inzicht.vragen)} vragen. Aantallen "
            f"onder de {MIN_GROEP} staan als “< {MIN_GROEP}”; persoonsgegevens zijn vóór opslag "
            "verwijderd; gesprekken na de bewaartermijn tellen mee via bewaarde tellingen.")


def titel(inzicht: Inzicht) -> str:
    return f"Vragen aan de discriminatie-assistent, {inzicht.van} tot en met {inzicht.tot}"


def tracker_engine(settings: Any, productie: bool = False) -> sa.engine.Engine:
    """The tracker store the running profile uses: SQLite (make run) or PostgreSQL (productie)."""
    if productie:
        return sa.create_engine(f"postgresql://{settings.pg_user}:{settings.pg_password}@"
                                f"{settings.pg_host}:{settings.pg_port}/{settings.pg_db}")
    return sa.create_engine(f"sqlite:///{settings.tracker_db}")


def vorige_maand(vandaag: date) -> Tuple[date, date]:
    """The previous calendar month: the default period of the report."""
    eind = vandaag.replace(day=1) - timedelta(days=1)
    return eind.replace(day=1), eind


def html_pagina(inzicht: Inzicht, tabel: Optional[Tabel] = None) -> str:
    """The report as one self-contained Dutch HTML page (rapport.html and the /inzicht page)."""
    tabel = tabellen(inzicht) if tabel is None else tabel
    delen = [
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>",
        f"<title>Inzicht {inzicht.van} tot en met {inzicht.tot}</title>",
        "<style>body{font-family:sans-serif;max-width:760px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}</style>",
        "</head><body>",
        f"<h1>{html.escape(titel(inzicht))}</h1>",
        f"<p>{html.escape(inleiding(inzicht))}</p>",
    ]
    for kop, rijen in tabel:
        delen.append(f"<h2>{html.escape(kop)}</h2>")
        delen.append(_staafdiagram(rijen))
    delen.append("</body></html>")
    return "".join(delen)


def schrijf(inzicht: Inzicht, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    tabel = tabellen(inzicht)
    rijen_csv = [(kop, label, klein(n)) for kop, rijen in tabel for label, n in rijen]
    pagina = out_dir / "rapport.html"
    pagina.write_text(html_pagina(inzicht, tabel), encoding="utf-8")
    schrijf_pdf(inzicht, tabel, out_dir / "rapport.pdf")
    with open(out_dir / "cijfers.csv", "w", newline="", encoding="utf-8") as fh:
        schrijver = csv.writer(fh, delimiter=";")
        schrijver.writerow(["tabel", "label", "aantal"])
        schrijver.writerows(rijen_csv)
    return pagina


# PDF layout in inches (A4 portrait); a table longer than PDF_RIJEN bars continues below.
_A4 = (8.27, 11.69)
_MARGE, _LINKS, _RIJ, _KOP = 0.7, 3.4, 0.2, 0.55
PDF_RIJEN = 40



def _blokken(tabel: Tabel) -> Tabel:
    blokken: Tabel = []
    for kop, rijen in tabel:
        if not rijen:
            blokken.append((kop, []))
        for i in range(0, len(rijen), PDF_RIJEN):
            blokken.append((kop if i == 0 else f"{kop} (vervolg)", rijen[i:i + PDF_RIJEN]))
    return blokken


def _pdf_diagram(ax: Any, rijen: List[Tuple[str, int]]) -> None:
    """The same bar chart as the HTML: no bar for a suppressed group, its count as "< 5".

    Labels are free text (the not-understood questions): ``parse_math=False`` so a "$" in a
    question is drawn, not read as a formula."""
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    for kant in ("top", "right", "bottom"):
        ax.spines[kant].set_visible(False)
    if not rijen:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.text(0, 0.5, "Geen gegevens in deze periode.", fontsize=9, va="center",
                transform=ax.transAxes, parse_math=False)
        return
    hoogste = max(n for _, n in rijen) or 1
    breedtes = [0 if n < MIN_GROEP else n for _, n in rijen]
    posities = list(range(len(rijen)))
    ax.barh(posities, breedtes, height=0.7, color="#1f5f8b")
    ax.set_yticks(posities)
    ax.set_yticklabels([label if len(label) <= 55 else label[:54] + "…" for label, _ in rijen],
                       fontsize=8, parse_math=False)
    ax.set_ylim(len(rijen) - 0.5, -0.5)  # largest first, top down
    ax.set_xlim(0, hoogste * 1.15)
    for y, (breedte, (_, n)) in enumerate(zip(breedtes, rijen)):
        ax.text(breedte + hoogste * 0.01, y, klein(n), va="center", fontsize=8,
                parse_math=False)


def schrijf_pdf(inzicht: Inzicht, tabel: Tabel, pad: Path) -> Path:
    """rapport.pdf: a title page section and the report's tables as bar charts, A4 pages.

    Drawn with matplotlib's PDF backend (a Figure per page, no pyplot, no display); the tables
    come from :func:`tabellen`, so suppression and the "≥ 5 identical" rule are the HTML's.
    """
    import textwrap

    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    breedte, hoogte = _A4
    metadata = {"Title": titel(inzicht), "Subject": "Inzicht voor beleid",
                "Creator": "discriminatie-assistent (python -m bot inzicht)"}
    with PdfPages(pad, metadata=metadata) as pdf:
        figuur = Figure(figsize=_A4)
        figuur.text(_MARGE / breedte, 1 - _MARGE / hoogte,
                    textwrap.fill(titel(inzicht), 55), fontsize=15, fontweight="bold", va="top",
                    parse_math=False)
        figuur.text(_MARGE / breedte, 1 - (_MARGE + 0.75) / hoogte,
                    textwrap.fill(inleiding(inzicht), 100), fontsize=9, va="top",
                    parse_math=False)
        boven = hoogte - _MARGE - 1.6  # inches from the bottom where the next chart may start
        for kop, rijen in _blokken(tabel):
            nodig = _KOP + _RIJ * max(len(rijen), 2)
            if boven - nodig < _MARGE:
                pdf.savefig(figuur)
                figuur, boven = Figure(figsize=_A4), hoogte - _MARGE
            onder = boven - nodig
            figuur.text(_MARGE / breedte, (boven - 0.3) / hoogte, kop, fontsize=11,
                        fontweight="bold", parse_math=False)
            ax = figuur.add_axes([_LINKS / breedte, onder / hoogte,
                                  (breedte - _LINKS - _MARGE) / breedte,
                                  (nodig - _KOP) / hoogte])
            _pdf_diagram(ax, rijen)
            boven = onder - 0.25
        pdf.savefig(figuur)
    return pad


def maak_rapport(engine: sa.engine.Engine, van: date, tot: date, out_root: Path) -> Path:
    return schrijf(verzamel(engine, van, tot), out_root / f"{van}_{tot}")
