"""Personal data out of every message before anything is stored, logged or classified.

Residents tell what happened to them, often with their name, phone number, address or BSN.
Every channel passes the text through :func:`redigeer` before a ``UserMessage`` exists, so the
tracker store, the logs, the NLU pipeline and the form answers only ever see tags such as
``[NAAM]`` or ``[TELEFOON]``.

Two layers:
- ``deduce`` (Dutch de-identification, kept by the UMC Utrecht; version pinned in
  pyproject.toml) finds names, addresses, dates, phone numbers and e-mail addresses from its
  Dutch lookup lists and patterns;
- own patterns with validators for what has a checksum or a fixed form: BSN (elfproef), IBAN
  (mod-97), e-mail, Dutch phone numbers (+31/0031/0 and ten digits), postcodes, street + house
  number, and names after "mijn naam is" / "ik heet" (also in lower case, which deduce misses).
Numbers without such a form ("artikel 1", "Wga 2009", "0,5 fte", "2027") are left alone, and
so are place names without a house number ("Leiden", "Rotterdam": the assistant answers about
municipalities).

deduce builds its lookup structures once per installation (about two minutes, cached in its
package directory; ``make install`` does it) and loads them per process, on first use: nothing
happens at import time. deduce's annotators for streets, hospitals and care institutions do not
run (their tags are not kept, see ``_DEDUCE_TAGS``; addresses have an own pattern), and their
lookup tries are left out of a second, smaller cache that ``make install`` writes next to
deduce's own: 93 MB instead of 1,072 MB per process (docs/snelheid.md).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Tuple

NAAM = "[NAAM]"
BSN = "[BSN]"
IBAN = "[IBAN]"
EMAIL = "[E-MAIL]"
TELEFOON = "[TELEFOON]"
POSTCODE = "[POSTCODE]"
ADRES = "[ADRES]"
GEBOORTEDATUM = "[GEBOORTEDATUM]"
DATUM = "datum"  # deduce's dates: only kept as GEBOORTEDATUM after "geboren", "geb." …

# Metadata a client may send that the assistant uses; everything else is dropped, not stored.
TOEGESTANE_METADATA = ("doelgroep",)

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_IBAN_BEGIN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?=[ ]?[A-Za-z0-9])")
_IBAN_DEEL_RE = re.compile(r"[ ]?[A-Za-z0-9]{1,4}")
_BSN_RE = re.compile(r"(?<![\d.,-])(?:\d{4}[. ]?\d{2}[. ]?\d{3}|\d{3}[. ]\d{3}[. ]\d{3})(?!\d|[.,]\d)")
_TELEFOON_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|0)[1-9](?:[\s-]?\d){8}(?!\d)")
# Postcode: four digits (not starting with 0) and two letters; two lower-case letters that form
# a common Dutch word ("in 2027 en 2028") are not a postcode.
_POSTCODE_RE = re.compile(r"(?<![\w-])[1-9]\d{3}[ ]?(?:[A-Z]{2}|[a-z]{2})(?![\w-])")
_GEEN_POSTCODE_LETTERS = {
    "en", "de", "is", "in", "op", "om", "te", "na", "al", "nu", "ik", "we", "je", "ze", "zo",
    "of", "ga", "er", "ja", "nee", "tm", "ct", "eu", "uur", "km", "kg", "mg", "ml", "cm", "mm",
}
_STRAAT_SUFFIX = (r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|pad|hof|park|dreef|steeg|"
                  r"markt|plantsoen|boulevard|baan|veld|ring|wal|erf|burg|zijde|haven|poort|"
                  r"hoven|akker|weide|allee|dam|berg|horst|kamp|werf)")
_ADRES_RE = re.compile(
    r"(?<![\w-])(?:\d+e\s+)?(?:[A-Za-zÀ-ÿ'’-]+\s+){0,3}[A-Za-zÀ-ÿ'’-]*" + _STRAAT_SUFFIX
    + r"\s+\d{1,5}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:[-/ ](?:[IVX]+|hs|bis|\d{1,3})(?![\w]))?",
    re.IGNORECASE)
_ADRES_LAAN_VAN_RE = re.compile(
    r"(?<![\w-])(?:laan|plein|weg|kade|singel|dreef|straat|park|hof)\s+(?:van|der|de|den|ter|ten|"
    r"het|'t)(?:\s+[A-Za-zÀ-ÿ'’-]+){1,3}\s+\d{1,5}(?:\s?[a-zA-Z](?![a-zA-Z]))?", re.IGNORECASE)
# A street without a street suffix ("Esplanade 40", "Wolfskuil 18"): capitalised word(s) and a
# house number right after "ik woon (op/aan)", "adres:" or right before a postcode.
_HUISNUMMER = r"\d{1,5}(?:\s?[a-zA-Z](?![a-zA-Z]))?"
_STRAATNAAM = r"(?:[A-ZÀ-Ý][\wÀ-ÿ'’-]*\s+){1,3}"
_ADRES_NA_WONEN_RE = re.compile(
    r"\b(?:woon|woont|wonen|woonachtig|adres(?:\s+is)?:?)\s+(?:(?:op|aan)\s+(?:de\s+|het\s+)?)?"
    r"(" + _STRAATNAAM + _HUISNUMMER + r")(?!\d)", re.IGNORECASE)
_ADRES_VOOR_POSTCODE_RE = re.compile(
    r"(" + _STRAATNAAM + _HUISNUMMER + r"),?\s+\d{4}\s?[A-Z]{2}\b")
# A full date in figures (12-03-1985, 1/2/1978): in a resident's message usually a date of birth.
_NUMERIEKE_DATUM_RE = re.compile(r"(?<![\d-])\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)")
_NAAM_NA_RE = re.compile(
    r"(?:mijn naam is|mijn naam:|naam is|ik heet|ik ben genaamd|naam:)\s+"
    r"((?:[A-Za-zÀ-ÿ'’-]+)(?:\s+(?:[A-Za-zÀ-ÿ'’-]+)){0,3})", re.IGNORECASE)
_GEEN_NAAM = {
    "en", "ik", "mijn", "uit", "ben", "woon", "heb", "is", "wil", "want", "maar", "of", "die",
    "dat", "om", "en", "werk", "kom", "zit", "was", "word", "wordt", "niet", "ook", "hier",
    "nu", "graag", "bel", "mail", "mijn", "tel", "telefoon", "bsn", "iban", "geboren", "adres",
    "woonachtig", "met", "bij", "in", "op", "te", "aan", "voor", "over", "sinds", "al", "jaar",
}
_TUSSENVOEGSELS = {"van", "de", "der", "den", "el", "al", "ben", "bin", "ter", "ten", "het",
                   "la", "le", "da", "dos", "du", "op", "'t", "in"}
_WOORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
# Where a name follows: "ik ben fatima", "groetjes, Piet"; a relation or a title: "mijn zoon
# Ilias", "familie Haddad", "mevrouw Yilmaz".
_IK_BEN_RE = re.compile(r"\b(?:ik ben|ben|ik heet|mijn naam is|naam is|naam:?|groetjes,?|"
                        r"groeten,?|gr\.?|mvg,?|met vriendelijke groet,?)\s+", re.IGNORECASE)
_RELATIE_RE = re.compile(
    r"\b(?:zoon|dochter|broer|zus|zusje|broertje|man|vrouw|vriend|vriendin|collega|buurman|"
    r"buurvrouw|buren|familie|meneer|mevrouw|mw\.?|dhr\.?|juf|meester|nicht|neef|oom|tante|"
    r"kinderen|kind|moeder|vader|opa|oma|leraar|lerares|docent|docente|manager|baas|"
    r"leidinggevende|klantmanager|teamleider|huisbaas|verhuurder|agent|klasgenoot)\s+",
    re.IGNORECASE)
_HOOFDLETTERREEKS_RE = re.compile(
    r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-Za-zà-ÿ]+)*(?:\s+(?:(?:van|de|der|den|el|al|ben|ter|ten)\s+)?"
    r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-Za-zà-ÿ]+)*)+")
_GEBOORTE_RE = re.compile(r"(?:geboren|geb\.?|geboortedatum|ik ben van|verjaardag)\W{0,3}"
                          r"(?:(?:is|op|:)\s+)*$", re.IGNORECASE)

# deduce tag -> our tag; tags not here (instelling, leeftijd, url) are kept as text.
_DEDUCE_TAGS = {
    "persoon": NAAM, "patient": NAAM, "bsn": BSN, "telefoonnummer": TELEFOON,
    "emailadres": EMAIL, "datum": DATUM,
}
# deduce's "id" (any long number) is left out: amounts such as "6000000 euro" are common in
# policy questions; numbers that identify a person here (BSN, IBAN, phone) have own patterns.


# deduce annotators whose tags are not kept and that need a big lookup trie (streets: own
# address pattern instead; hospitals and care institutions), and those tries. Place names stay:
# a place ("Westland", "Emmen") found as a place is not taken for a surname.
DEDUCE_ANNOTATORS_UIT = frozenset({"street_lookup", "hospital", "institution"})
DEDUCE_LIJSTEN_UIT = frozenset({"street", "hospital", "hospital_abbr", "healthcare_institution"})


def deduce_config() -> Dict[str, Any]:
    """deduce's own base config without the annotators in ``DEDUCE_ANNOTATORS_UIT``."""
    import json

    from deduce import deduce as deduce_module

    with open(deduce_module._BASE_CONFIG_FILE, encoding="utf-8") as fh:
        config = json.load(fh)
    config["annotators"] = {naam: a for naam, a in config["annotators"].items()
                            if naam not in DEDUCE_ANNOTATORS_UIT}
    return config


def deduce_cache_pad() -> Path:
    """Where the smaller lookup cache lives: beside deduce's own, in its package directory."""
    from deduce import deduce as deduce_module

    return Path(deduce_module._LOOKUP_LIST_PATH).parent / "lookup_assistent"


def bouw_deduce_cache() -> Path:
    """Write the lookup cache without the tries of the groups that do not run (make install).

    Built the way deduce 3.0's ``get_lookup_structs`` builds its own, minus those tries: deduce
    itself would first build every trie, the street names' too (the warm-up of a fresh install
    took 90 s that way, 38 s this way)."""
    import docdeid as dd
    from deduce import Deduce, __version__
    from deduce import lookup_structs as ls
    from deduce.data.lookup.src import all_lists
    from deduce.deduce import _LOOKUP_LIST_PATH

    bron = Path(_LOOKUP_LIST_PATH)
    tokenizer = Deduce._initialize_tokenizer(bron)
    lijsten = ls.load_raw_itemsets(base_path=bron, subdirs=all_lists)
    kleiner = dd.ds.DsCollection()
    gewoon = set(lijsten) - set(ls._LOOKUP_SET_LOADERS) - set(ls._LOOKUP_TRIE_LOADERS)
    for naam in sorted(gewoon - DEDUCE_LIJSTEN_UIT):
        verzameling = dd.ds.LookupSet()
        verzameling.add_items_from_iterable(lijsten[naam])
        kleiner[naam] = verzameling
    for naam, maak in ls._LOOKUP_SET_LOADERS.items():
        if naam not in DEDUCE_LIJSTEN_UIT:
            kleiner[naam] = maak(lijsten)
    for naam, maak in ls._LOOKUP_TRIE_LOADERS.items():
        if naam not in DEDUCE_LIJSTEN_UIT:
            kleiner[naam] = maak(lijsten, tokenizer)
    pad = deduce_cache_pad()
    ls.cache_lookup_structs(kleiner, cache_path=pad, deduce_version=__version__)
    return pad


def maak_deduce() -> Any:
    """deduce with the kept annotators, loaded from the smaller cache (built if missing)."""
    from deduce import Deduce

    pad = deduce_cache_pad()
    if not (pad / "cache" / "lookup_structs.pickle").exists():
        bouw_deduce_cache()
    deduce = Deduce(load_base_config=False, config=deduce_config(), cache_path=pad)
    for naam in DEDUCE_LIJSTEN_UIT & set(deduce.lookup_structs.keys()):
        del deduce.lookup_structs[naam]  # in case deduce rebuilt the full set
    return deduce


_AMBT_ERVOOR_RE = re.compile(r"\b(?:minister|staatssecretaris|hoogleraar|kamerlid|premier|"
                             r"koning|koningin|wethouder|burgemeester|raadslid)\s+$", re.IGNORECASE)
# Capitalised function words of other languages deduce takes for names ("Can I …", "Sie").
_ANDERE_TAAL = {"can", "sie", "ich", "you", "how", "what", "where", "who", "is", "are", "do",
                "does", "please", "hello", "hi", "help", "vous", "je", "est", "que", "wie", "was",
                "kann", "können", "bitte", "hallo", "the", "my", "i"}
_LIDWOORD_ERVOOR_RE = re.compile(r"\b(?:het|een)\s+$", re.IGNORECASE)


# Words no person's name contains but deduce takes for one in organisation names ("Bureau
# Discriminatiezaken Hollands Midden", "Maastricht University"): beginnings of words.
_ORGANISATIEWOORDEN = ("discrimin", "racis", "universit", "hogeschool", "stichting", "meldpunt",
                       "gemeente", "ministerie")


def _is_organisatienaam(naam: str) -> bool:
    return any(w.startswith(_ORGANISATIEWOORDEN) for w in re.findall(r"\w+", naam.lower()))


def _is_persoon(tekst: str, begin: int, naam: str) -> bool:
    """deduce's person names, minus three kinds it gets wrong in this domain: "inwoners van
    Zwolle" (a place after "van", no first name), "het Rijk" (a person has no article) and
    organisation names ("Discriminatiezaken Hollands", "Maastricht University")."""
    if re.match(r"(?:van|uit|in)\s", naam) or naam.lower() in _ANDERE_TAAL:
        return False
    if _is_organisatienaam(naam):
        return False
    return not _LIDWOORD_ERVOOR_RE.search(tekst[max(0, begin - 8):begin])


def elfproef(cijfers: str) -> bool:
    """The Dutch BSN check: 9 digits, sum of d1*9 … d8*2 - d9 divisible by 11, not zero."""
    if len(cijfers) != 9 or not cijfers.isdigit() or int(cijfers) == 0:
        return False
    som = sum(int(c) * w for c, w in zip(cijfers[:8], range(9, 1, -1))) - int(cijfers[8])
    return som % 11 == 0


def iban_geldig(tekst: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN (spaces allowed)."""
    iban = tekst.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34 or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    omgezet = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(omgezet) % 97 == 1


@dataclass(frozen=True)
class Redactie:
    tekst: str
    soorten: Tuple[str, ...] = field(default_factory=tuple)  # the tags used, in text order

    @property
    def geredigeerd(self) -> bool:
        return bool(self.soorten)


Span = Tuple[int, int, str]


def _eigen_spans(tekst: str) -> List[Span]:
    spans: List[Span] = []
    for m in _EMAIL_RE.finditer(tekst):
        spans.append((m.start(), m.end(), EMAIL))
    spans.extend(_iban_spans(tekst))
    for m in _BSN_RE.finditer(tekst):
        if elfproef(re.sub(r"\D", "", m.group())):
            spans.append((m.start(), m.end(), BSN))
    for m in _TELEFOON_RE.finditer(tekst):
        spans.append((m.start(), m.end(), TELEFOON))
    for m in _POSTCODE_RE.finditer(tekst):
        letters = m.group()[-2:]
        if letters.isupper() or letters not in _GEEN_POSTCODE_LETTERS:
            spans.append((m.start(), m.end(), POSTCODE))
    for m in _ADRES_RE.finditer(tekst):
        spans.append((_adres_begin(tekst, m), m.end(), ADRES))
    for m in _ADRES_LAAN_VAN_RE.finditer(tekst):
        spans.append((m.start(), m.end(), ADRES))
    for patroon in (_ADRES_NA_WONEN_RE, _ADRES_VOOR_POSTCODE_RE):
        for m in patroon.finditer(tekst):
            if m.group(1)[:1].isupper():
                spans.append((m.start(1), m.end(1), ADRES))
    for m in _NUMERIEKE_DATUM_RE.finditer(tekst):
        spans.append((m.start(), m.end(), GEBOORTEDATUM))
    for m in _NAAM_NA_RE.finditer(tekst):
        begin, eind = _naam_grenzen(tekst, m)
        if eind > begin:
            spans.append((begin, eind, NAAM))
    return spans


def _iban_spans(tekst: str) -> List[Span]:
    """IBANs, written compact or in groups of four: the longest run of groups after the
    country code and check digits that passes mod-97."""
    spans: List[Span] = []
    for m in _IBAN_BEGIN_RE.finditer(tekst):
        eind, einden = m.end(), []
        while len(einden) < 9:
            deel = _IBAN_DEEL_RE.match(tekst, eind)
            if not deel:
                break
            eind = deel.end()
            einden.append(eind)
        for e in reversed(einden):
            volgend = tekst[e:e + 1]
            if (not volgend or not volgend.isalnum()) and iban_geldig(tekst[m.start():e]):
                spans.append((m.start(), e, IBAN))
                break
    return spans


def _adres_begin(tekst: str, m: "re.Match[str]") -> int:
    """The street name starts at its first capitalised word (or at the suffix word itself)."""
    woorden = list(re.finditer(r"\S+", m.group()))
    for i, w in enumerate(woorden):
        rest = m.group()[w.start():]
        if re.match(r"\d+e\s", rest) or w.group()[:1].isupper():
            return m.start() + w.start()
        if i == len(woorden) - 2 or re.search(_STRAAT_SUFFIX + r"$", w.group(), re.IGNORECASE):
            return m.start() + w.start()
    return m.start()


def _naam_grenzen(tekst: str, m: "re.Match[str]") -> Tuple[int, int]:
    begin = m.start(1)
    eind = begin
    for w in re.finditer(r"[A-Za-zÀ-ÿ'’-]+", m.group(1)):
        woord = w.group().lower()
        if woord in _GEEN_NAAM and woord not in _TUSSENVOEGSELS:
            break
        eind = begin + w.end()
    # a name does not end on a tussenvoegsel ("ik heet jan van" -> "jan")
    while True:
        laatste = re.search(r"(\S+)$", tekst[begin:eind])
        if not laatste or laatste.group(1).lower() not in _TUSSENVOEGSELS or \
                laatste.start() == 0:
            break
        eind = begin + laatste.start(1) - 1
    return begin, eind


def laad_woordenlijst(data_dir: Optional[Path]) -> FrozenSet[str]:
    """Known Dutch words: spaCy's Dutch lemma table (forms and lemmas) plus every word of the
    assistant's own data (NLU examples, answers, texts: municipality names, grounds, "Keti
    Koti", public figures the answers name). A word outside it, where a name is expected, is
    taken for a name."""
    import gzip
    import json

    import spacy_lookups_data

    pad = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    with gzip.open(pad, "rt", encoding="utf-8") as fh:
        tabel = json.load(fh)
    woorden = {w.lower() for w in tabel} | {w.lower() for w in tabel.values()}
    if data_dir is not None:
        for bestand in sorted(data_dir.rglob("*.yml")):
            woorden.update(w.lower() for w in _WOORD_RE.findall(bestand.read_text(encoding="utf-8")))
    return frozenset(woorden)


class Redacteur:
    """Finds and replaces personal data. ``deduce`` and the word list are loaded on first use
    (or by ``laad``); ``data_dir`` is the assistant's data folder (its words are no names)."""

    def __init__(self, met_deduce: bool = True, data_dir: Optional[Path] = None) -> None:
        self._met_deduce = met_deduce
        self._data_dir = data_dir
        self._deduce: Any = None
        self._woorden: Optional[FrozenSet[str]] = None
        self._lock = threading.Lock()

    def laad(self) -> "Redacteur":
        with self._lock:
            if self._woorden is None:
                self._woorden = laad_woordenlijst(self._data_dir)
            if self._met_deduce and self._deduce is None:
                self._deduce = maak_deduce()
        return self

    def _onbekend(self, woord: str) -> bool:
        assert self._woorden is not None
        w = woord.lower().strip("'’-")
        return len(w) >= 2 and w.isalpha() and w not in self._woorden \
            and w not in _GEEN_NAAM and w not in _TUSSENVOEGSELS

    def _naam_vanaf(self, tekst: str, begin: int, eerste_mag_bekend: bool = False) -> int:
        """The end of a name starting at ``begin`` (== begin when there is none): unknown words,
        with tussenvoegsels between them ("kevin de jong", "hamza el khatib")."""
        eind, i = begin, 0
        woorden = list(_WOORD_RE.finditer(tekst, begin))
        while i < len(woorden) and i < 5:
            w = woorden[i]
            if tekst[eind:w.start()].strip(" "):  # punctuation ends a name
                break
            if self._onbekend(w.group()) or (i == 0 and eerste_mag_bekend and w.group()[:1].isupper()):
                eind = w.end()
            elif eind > begin and w.group().lower() in _TUSSENVOEGSELS and i + 1 < len(woorden):
                volgend = woorden[i + 1]
                if tekst[w.end():volgend.start()].strip(" "):
                    break
                eind = volgend.end()
                i += 1
            else:
                break
            i += 1
        return eind

    def _naam_spans(self, tekst: str) -> List[Span]:
        self.laad()
        spans: List[Span] = []
        for m in _IK_BEN_RE.finditer(tekst):
            eind = self._naam_vanaf(tekst, m.end())
            if eind > m.end():
                spans.append((m.end(), eind, NAAM))
        for m in _RELATIE_RE.finditer(tekst):
            eind = self._naam_vanaf(tekst, m.end(), eerste_mag_bekend=True)
            if eind > m.end():
                spans.append((m.end(), eind, NAAM))
        # Two or more capitalised words in a row that are no Dutch words: "Olusegun Adeyemi".
        for m in _HOOFDLETTERREEKS_RE.finditer(tekst):
            woorden = m.group().split()
            if _is_organisatienaam(m.group()):
                continue
            if all(self._onbekend(w) for w in woorden if w.lower() not in _TUSSENVOEGSELS):
                spans.append((m.start(), m.end(), NAAM))
        return spans

    def _deduce_spans(self, tekst: str) -> List[Span]:
        if not self._met_deduce:
            return []
        self.laad()
        spans: List[Span] = []
        for a in self._deduce.deidentify(tekst).annotations:
            if a.tag == "locatie":
                # street + number or postcode: an address; a place name alone is kept
                if re.search(r"\d", a.text):
                    spans.append((a.start_char, a.end_char, ADRES))
                continue
            tag = _DEDUCE_TAGS.get(a.tag)
            if tag == NAAM and not _is_persoon(tekst, a.start_char, a.text):
                continue
            if tag == DATUM:
                # a date is personal as a date of birth; "voor 1 maart 2017" in a council
                # question is not
                if not _GEBOORTE_RE.search(tekst[max(0, a.start_char - 30):a.start_char]):
                    continue
                tag = GEBOORTEDATUM
            if tag == BSN and not elfproef(re.sub(r"\D", "", a.text)):
                continue
            if tag is not None:
                spans.append((a.start_char, a.end_char, tag))
        return spans

    def spans(self, tekst: str) -> List[Span]:
        """Non-overlapping spans of personal data, in text order; where two overlap the
        validated own pattern wins over deduce, the longer over the shorter."""
        eigen = _eigen_spans(tekst) + self._naam_spans(tekst)
        kandidaten = [(s, e, t, 0) for s, e, t in eigen] + \
                     [(s, e, t, 1) for s, e, t in self._deduce_spans(tekst)]
        kandidaten.sort(key=lambda x: (x[3], -(x[1] - x[0]), x[0]))
        gekozen: List[Span] = []
        for s, e, t, _ in kandidaten:
            if any(s < ge and gs < e for gs, ge, _ in gekozen):
                continue
            if t == NAAM and _AMBT_ERVOOR_RE.search(tekst[max(0, s - 20):s]):
                continue  # "minister Bruins Slot": a public office holder, named in the answers
            gekozen.append((s, e, t))
        return sorted(gekozen)

    def redigeer(self, tekst: str) -> Redactie:
        spans = self.spans(tekst)
        if not spans:
            return Redactie(tekst)
        delen, vorige = [], 0
        soorten = []
        for s, e, tag in spans:
            delen.append(tekst[vorige:s])
            delen.append(tag)
            soorten.append(tag)
            vorige = e
        delen.append(tekst[vorige:])
        return Redactie("".join(delen), tuple(soorten))


_standaard: Optional[Redacteur] = None
_standaard_lock = threading.Lock()


def redacteur() -> Redacteur:
    """The process-wide redactor (deduce is loaded once per process)."""
    global _standaard
    with _standaard_lock:
        if _standaard is None:
            from bot.settings import Settings

            _standaard = Redacteur(data_dir=Settings.from_env().data_dir)
    return _standaard


def redigeer(tekst: str) -> Redactie:
    return redacteur().redigeer(tekst)


# "verwijder mijn gesprek", "wis al mijn gegevens", "vergeet dit gesprek": a request to erase the
# conversation, handled by the channel itself (deterministic, no NLU guess).
_WISSEN_RE = re.compile(
    r"^\W*(?:wil\s+(?:graag\s+)?)?(?:verwijder|verwijderen|wis|wissen|vergeet)\s+(?:a\.?u\.?b\.?\s+)?"
    r"(?:al\s+|heel\s+)?(?:mijn|dit|ons|het|onze|m'n|mn|deze)\s+(?:hele\s+)?"
    r"(?:gesprek|gegevens|chat|berichten|data|geschiedenis)(?:\s+(?:a\.?u\.?b\.?|graag|"
    r"alstublieft|alsjeblieft|nu))?\W*$|^\W*(?:ik\s+wil\s+(?:dat\s+)?(?:mijn|dit)\s+gesprek\s+"
    r"(?:verwijderen|wissen|verwijderd|gewist)(?:\s+wordt)?)\W*$", re.IGNORECASE)


def wil_gesprek_wissen(tekst: str) -> bool:
    """Is this message a request to erase the conversation?"""
    return bool(_WISSEN_RE.match(tekst.strip()))


def toegestane_metadata(metadata: Optional[Dict[str, Any]],
                        toegestaan: Iterable[str] = TOEGESTANE_METADATA) -> Dict[str, Any]:
    """Only the metadata fields the assistant uses, with plain string values."""
    if not isinstance(metadata, dict):
        return {}
    return {k: v for k, v in metadata.items()
            if k in set(toegestaan) and isinstance(v, str) and len(v) <= 64}
