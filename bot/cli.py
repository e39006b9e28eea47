"""Command line: ``python -m bot <command>`` (also installed as ``bot``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from bot.settings import PROJECT_ROOT, Settings


def _cmd_build_spacy(args: argparse.Namespace, settings: Settings) -> int:
    from bot.spacy_pipeline import build

    out = Path(args.out) if args.out else settings.spacy_model_dir
    build(out, with_lemmas=args.met_lemma)
    print(f"Nederlandse spaCy-pipeline gebouwd in {out}")
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import run_foreground

    return run_foreground(settings, productie=args.productie)


def _cmd_model_hash(args: argparse.Namespace, settings: Settings) -> int:
    from bot.modelhash import schrijf_hash

    waarde = schrijf_hash(settings.model_path, settings.model_hash_path)
    print(f"sha256 van {settings.model_path.name}: {waarde} -> {settings.model_hash_path}")
    return 0


def _cmd_benchmark(args: argparse.Namespace, settings: Settings) -> int:
    from bot.benchmark import run_benchmark

    return run_benchmark(settings, gelijktijdig=args.gelijktijdig, beurten=args.beurten,
                         out_dir=Path(args.out), train=args.train,
                         productie=not args.zonder_productie)


def _cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate import evaluate_model, print_report

    report = evaluate_model(
        model=Path(args.model) if args.model else settings.model_path,
        heldout=Path(args.heldout),
        out_dir=Path(args.out),
    )
    print_report(report)
    if args.min_macro_f1 is not None and report["intent_macro_f1"] < args.min_macro_f1:
        print(f"ONDER DE DREMPEL: macro-F1 {report['intent_macro_f1']:.3f} < {args.min_macro_f1}")
        return 1
    return 0


def _cmd_echte_vragen(args: argparse.Namespace, settings: Settings) -> int:
    from bot.echte_vragen import laad, meet

    model = Path(args.model) if args.model else settings.model_path
    for deel, rapport in meet(model, laad(Path(args.map)), Path(args.out)).items():
        print(f"echte vragen, {deel}deel: " + ", ".join(f"{k} {v}" for k, v in rapport.items()))
    return 0


def _cmd_vloed(args: argparse.Namespace, settings: Settings) -> int:
    from bot.vloed import run_vloed

    return run_vloed(settings, Path(args.out))


def _cmd_widget_tijd(args: argparse.Namespace, settings: Settings) -> int:
    from bot.widget_tijd import meet

    meet(settings, Path(args.out))
    return 0


def _cmd_antwoordmodel_tijd(args: argparse.Namespace, settings: Settings) -> int:
    from bot.antwoordmodel_tijd import meet

    meet(Path(args.model) if args.model else settings.model_path, Path(args.heldout), Path(args.out))
    return 0


def _cmd_leesbaarheid(args: argparse.Namespace, settings: Settings) -> int:
    from bot.leesbaarheid import meet, rapport

    metingen = meet(PROJECT_ROOT / "domain.yml", settings.data_dir / "responses", Path(args.vragen),
                    settings.texts_dir, settings.profiel_pad)
    print(rapport(metingen, Path(args.out)))
    return 1 if any(m.fouten() for m in metingen) else 0


def _cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate import compare_pipelines, write_variants

    out = Path(args.out)
    compare_pipelines(
        configs=write_variants(Path(args.base), args.variants, out / "configs"),
        heldout=Path(args.heldout),
        out_dir=Path(args.out),
    )
    return 0


def _cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web import serve_web

    serve_web(settings, productie=args.productie)
    return 0


def _cmd_dev_token(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.intranet import maak_token

    if not settings.intranet_jwt_secret:
        print("Zet eerst INTRANET_JWT_SECRET (hetzelfde geheim als de server).", file=sys.stderr)
        return 2
    print(maak_token(args.sub, settings.intranet_jwt_secret, args.uren * 3600, rol=args.rol))
    return 0


def _cmd_privacy(args: argparse.Namespace, settings: Settings) -> int:
    from bot.privacy import redacteur, redigeer

    if args.actie == "opwarmen":
        from bot.privacy import bouw_deduce_cache

        bouw_deduce_cache()  # the lookup cache the servers load (without the unused tries)
        redacteur().laad()
        print("deduce geladen; opzoeklijsten staan klaar")
        return 0
    if args.actie in ("opschonen", "wis"):
        from bot import bewaartermijn
        from bot.inzicht import tracker_engine

        engine = tracker_engine(settings, args.productie)
        if args.actie == "wis":
            if not args.gesprek:
                print("Geef het gesprek: --gesprek ID", file=sys.stderr)
                return 2
            print(f"{bewaartermijn.wis(engine, args.gesprek)} gebeurtenissen verwijderd")
            return 0
        dagen = args.dagen or settings.bewaartermijn_dagen
        resultaat = bewaartermijn.opschonen(engine, dagen)
        print(f"bewaartermijn {dagen} dagen: {resultaat.gesprekken} gesprekken "
              f"({resultaat.events} gebeurtenissen) verwijderd")
        return 0
    if args.actie == "meet":
        import json

        from bot.echte_vragen import laad
        from bot.evaluate import load_heldout
        from bot.privacy_meting import laad_corpus, meet, poort_fouten

        root = settings.data_dir.parent
        schoon = [t for t, _ in load_heldout(root / "tests" / "nlu_heldout")]
        schoon += [v.vraag for v in laad(root / "tests" / "echte_vragen")]
        velden = ("recall", "aantal", "berichten_zonder_pii", "vals_positief")
        rapport = meet(laad_corpus(root / "tests" / "privacy" / "pii_corpus.yml"), schoon)
        print("ontwikkelcorpus (regels hierop afgestemd) + held-out vragen zonder pii:")
        print(json.dumps({k: rapport[k] for k in velden}, indent=2))
        # Written independently by another hand and never tuned on: measured, not gated.
        apart = meet(laad_corpus(root / "tests" / "privacy" / "pii_heldout.yml"), [])
        print("apart corpus (nooit op afgestemd, alleen gemeten):")
        print(json.dumps({k: apart[k] for k in velden}, indent=2))
        fouten = poort_fouten(rapport)
        print("poort: " + ("gehaald" if not fouten else "NIET gehaald: " + "; ".join(fouten)))
        return 0 if not fouten else 1
    if args.actie == "test":
        for regel in sys.stdin:
            print(redigeer(regel.rstrip("\n")).tekst)
        return 0
    return 2


def _cmd_inzicht(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from bot.inzicht import maak_rapport, tracker_engine

    pagina = maak_rapport(tracker_engine(settings, args.productie), date.fromisoformat(args.van),
                          date.fromisoformat(args.tot), Path(args.out))
    print(f"rapport: {pagina}\npdf: {pagina.with_name('rapport.pdf')}\n"
          f"cijfers: {pagina.with_name('cijfers.csv')}")
    return 0


def _cmd_inzicht_meting(args: argparse.Namespace, settings: Settings) -> int:
    from bot.inzicht_meting import run_inzicht_meting

    return run_inzicht_meting(settings, Path(args.out))


def _cmd_modelkaart(args: argparse.Namespace, settings: Settings) -> int:
    from bot.modelkaart import maak_modelkaart

    pad = maak_modelkaart(settings, Path(args.out))
    print(f"modelkaart: {pad}\njson: {pad.with_suffix('.json')}")
    return 0


def _rasa(args: List[str]) -> int:
    """Rasa's own command line (``run``, ``run actions`` …) in a process whose logs keep no
    conversation text (bot/log_filter.py) and that checks the action server's answers against
    a schema checked once (bot/actie_antwoord.py), that finds an event's class in a table
    (bot/event_soorten.py), that processes messages first come, first served
    (bot/wachtrij.py) and that keeps the loaded model out of the garbage collector
    (bot/gc_na_laden.py); bot/serve.py starts the servers this way."""
    from bot import actie_antwoord, event_soorten, gc_na_laden, log_filter, wachtrij

    log_filter.install()
    actie_antwoord.install()
    event_soorten.install()
    wachtrij.install()
    gc_na_laden.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["rasa"]:  # everything after "rasa" is Rasa's, not ours to parse
        return _rasa(argv[1:])
    parser = argparse.ArgumentParser(prog="bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build-spacy", help="bouw de Nederlandse spaCy-pipeline (offline)")
    p.add_argument("--out", help="doelmap (standaard: BOT_SPACY_MODEL of .cache/spacy-nl)")
    p.add_argument("--met-lemma", action="store_true", help="met lookup-lemmatizer")
    p.set_defaults(func=_cmd_build_spacy)

    p = sub.add_parser("serve", help="start actieserver + Rasa-server (Ctrl-C stopt)")
    p.add_argument("--productie", action="store_true",
                   help="PostgreSQL + Redis + meerdere Rasa-replica's (BOT_REPLICA_PORTS)")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("model-hash", help="schrijf de sha256 van het zojuist getrainde model")
    p.set_defaults(func=_cmd_model_hash)

    p = sub.add_parser("benchmark",
                       help="doorvoer, latentie, geheugen, start: config.yml tegenover Rasa's "
                            "standaardconfig (anker, in dezelfde run getraind) en het productieprofiel")
    p.add_argument("--gelijktijdig", type=int, nargs="+", default=[1, 10, 50])
    p.add_argument("--beurten", type=int, default=8, help="beurten per gesprek")
    p.add_argument("--train", action="store_true",
                   help="ook config.yml koud trainen in deze run (trainingstijd in de uitkomst)")
    p.add_argument("--zonder-productie", action="store_true",
                   help="het productieprofiel (PostgreSQL + Redis, 2 replica's) overslaan")
    p.add_argument("--out", default="reports/benchmark")
    p.set_defaults(func=_cmd_benchmark)

    p = sub.add_parser("vloed", help="één client die de assistent overspoelt naast tien gewone "
                                     "gesprekken: blijven die snel en zonder fout?")
    p.add_argument("--out", default="reports/vloed")
    p.set_defaults(func=_cmd_vloed)

    p = sub.add_parser("widget-tijd", help="hoe lang een inwoner in de chatwidget op een antwoord "
                                           "wacht, met en zonder de typvertraging van rasa-webchat")
    p.add_argument("--out", default="reports/widget-tijd")
    p.set_defaults(func=_cmd_widget_tijd)

    p = sub.add_parser("antwoordmodel-tijd", help="tijd per bericht van het antwoordmodel: "
                                                  "sklearns gewichtenvolgorde naast de eigen")
    p.add_argument("--model", help="pad naar het model (standaard: BOT_MODEL)")
    p.add_argument("--heldout", default="tests/nlu_heldout")
    p.add_argument("--out", default="reports/antwoordmodel-tijd")
    p.set_defaults(func=_cmd_antwoordmodel_tijd)

    p = sub.add_parser("evaluate", help="meet het model op de held-out set")
    p.add_argument("--model", help="pad naar het model (standaard: BOT_MODEL)")
    p.add_argument("--heldout", default="tests/nlu_heldout")
    p.add_argument("--out", default="reports/heldout")
    p.add_argument("--min-macro-f1", type=float, default=None)
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("echte-vragen",
                       help="meet het model op echte vragen (afstem- en testdeel)")
    p.add_argument("--map", default="tests/echte_vragen")
    p.add_argument("--model", help="pad naar het model (standaard: BOT_MODEL)")
    p.add_argument("--out", default="reports/echte_vragen")
    p.set_defaults(func=_cmd_echte_vragen)

    p = sub.add_parser("leesbaarheid",
                       help="lengte en Flesch–Douma van de antwoorden die inwoners krijgen")
    p.add_argument("--vragen", default="tests/echte_vragen/inwoners.yml",
                   help="echte vragen van inwoners: welke antwoorden zij het meest nodig hebben")
    p.add_argument("--out", default="reports/leesbaarheid")
    p.set_defaults(func=_cmd_leesbaarheid)

    p = sub.add_parser("compare-pipelines",
                       help="train varianten van config.yml en meet ze op de held-out set")
    p.add_argument("variants", nargs="*", default=["spacy", "spacy_met_lemma", "whitespace"],
                   help="spacy (config.yml zelf), spacy_met_lemma, whitespace, "
                        "met_diet (de vroegere pipeline met DIET en ResponseSelector)")
    p.add_argument("--base", default="config.yml")
    p.add_argument("--heldout", default="tests/nlu_heldout")
    p.add_argument("--out", default="reports/pipelines")
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("web", help="serveer de demopagina met de chatwidget (BOT_WEB_PORT)")
    p.add_argument("--productie", action="store_true",
                   help="/inzicht leest PostgreSQL in plaats van SQLite")
    p.set_defaults(func=_cmd_web)

    p = sub.add_parser("dev-token", help="maak een lokaal testtoken voor het intranetkanaal")
    p.add_argument("--sub", required=True, help="wie (komt gehasht in het gespreks-id)")
    p.add_argument("--uren", type=int, default=8, help="geldigheid in uren")
    p.add_argument("--rol", help="claim rol, bijvoorbeeld beleid (voor /inzicht)")
    p.set_defaults(func=_cmd_dev_token)

    p = sub.add_parser("privacy", help="persoonsgegevens: deduce opwarmen, tekst testen")
    p.add_argument("actie", choices=["opwarmen", "meet", "test", "opschonen", "wis"],
                   help="opwarmen: opzoeklijsten bouwen (make install); meet: recall en vals "
                        "positief op tests/privacy/; test: stdin geredigeerd; opschonen: "
                        "gesprekken ouder dan de bewaartermijn weg; wis: één gesprek weg")
    p.add_argument("--gesprek", help="het gespreks-id (bij wis)")
    p.add_argument("--dagen", type=int, help="bewaartermijn (standaard BOT_BEWAARTERMIJN_DAGEN)")
    p.add_argument("--productie", action="store_true", help="PostgreSQL in plaats van SQLite")
    p.set_defaults(func=_cmd_privacy)

    p = sub.add_parser("inzicht",
                       help="rapport voor beleid: wat er gevraagd wordt (HTML, PDF en CSV)")
    p.add_argument("--van", required=True, help="eerste dag, JJJJ-MM-DD")
    p.add_argument("--tot", required=True, help="laatste dag, JJJJ-MM-DD")
    p.add_argument("--out", default="reports/inzicht")
    p.add_argument("--productie", action="store_true", help="PostgreSQL in plaats van SQLite")
    p.set_defaults(func=_cmd_inzicht)

    p = sub.add_parser("inzicht-meting",
                       help="hoe lang het rapport duurt op 10.000 gesprekken in PostgreSQL")
    p.add_argument("--out", default="reports/inzicht-meting")
    p.set_defaults(func=_cmd_inzicht_meting)

    p = sub.add_parser("modelkaart",
                       help="modelkaart in de velden van het Algoritmeregister (Markdown + JSON)")
    p.add_argument("--out", default="reports/modelkaart")
    p.set_defaults(func=_cmd_modelkaart)

    args = parser.parse_args(argv)
    return args.func(args, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
