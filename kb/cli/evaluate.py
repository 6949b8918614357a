"""The measuring commands: ``kb eval`` (judged queries), ``kb eval-labels`` (passage labels and the
libraries), ``kb eval-text`` (document truth); each prints a baseline measured in the same run.

Part of the command line (kb.cli.main builds the parser with :func:`add_parsers`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from kb.cli.common import command, print_json, searcher
from kb.config import Settings
from kb.errors import KbError, LabelsError


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("eval", parents=[common],
                       help="run judged queries: nDCG@10, recall@10, precision@1 and query time")
    p.add_argument("file", type=Path, nargs="+",
                   help="judged queries: the JSON regression set (tests/eval/queries.json), or blind sets in "
                        "JSON Lines (dev.jsonl test.jsonl: each set is scored against plain BM25 in the same run, "
                        "per kind, with every evidence string checked against its file under --corpus)")
    p.add_argument("--json", action="store_true", help="print the figures (and per query) as JSON")
    p.add_argument("--baseline", action="store_true",
                   help="also score plain BM25 over jieba words on whole paragraphs of the corpus")
    p.add_argument("--fit", type=Path, default=None, metavar="TOML",
                   help="fit the ranking weights on the judged sets given (all together) by coordinate ascent, with "
                        "cross-validation, and write them to TOML (e.g. kb/data/rank_weights.toml)")
    p.add_argument("--fit-only", default="", metavar="FEATURES",
                   help="with --fit: move only these weights (comma-separated feature names), keep the others")
    p.add_argument("--weights", type=Path, default=None, metavar="TOML",
                   help="rank with these weights instead of kb/data/rank_weights.toml")
    p.add_argument("--no-semantic", action="store_true",
                   help="rank without the 词林 synonyms and word-vector neighbours (to measure what they add)")
    p.add_argument("--query-seconds", type=float, default=30.0, metavar="S",
                   help="collecting deadline of each search (default 30: the ranking is measured, not the machine's "
                        "load; the site keeps its 1 s, and the time columns still show each query's time)")

    p = sub.add_parser("eval-labels", parents=[common],
                       help="score kinds, topics and the libraries against hand or blind labels")
    p.add_argument("file", type=Path, nargs="*", default=[],
                   help="labels (JSON lines): the blind format keyed by passage id (see the README), several "
                        "rounds scored together, or the older rows with contains/text (tests/labels/passages.jsonl)")
    p.add_argument("--passages", type=Path, default=None,
                   help="blind format: the passages file (id, file, half, text); default passages.jsonl "
                        "beside the labels")
    p.add_argument("--root", type=Path, default=None,
                   help="blind format: the folder the passages' file paths are relative to (default: the "
                        "passages file's parent folder's parent); corpus/… resolves to --corpus")
    p.add_argument("--agreement", nargs=2, type=Path, default=None, metavar=("A", "B"),
                   help="also (or only, without FILE) the agreement between two labellers' files")
    p.add_argument("--halves", default="dev,test,all",
                   help="blind format: which halves to score, comma-separated among dev, test, all")
    p.add_argument("--model", action="store_true",
                   help="blind format: also cross-validate the learned model over the documents of the "
                        "development half, beside the rules (what kb train-labels prints)")
    p.add_argument("--rules-only", action="store_true",
                   help="label with the rule files alone (kinds.toml, topics.toml), without kb/data/classifier.json")
    p.add_argument("--misses", action="store_true",
                   help="blind format: list the misses on the development half (never the test half)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")

    p = sub.add_parser("train-labels", parents=[common],
                       help="train the kind and topic model on the development half of blind labels (cross-"
                            "validated against the rules) and write it (kb/data/classifier.json)")
    p.add_argument("file", type=Path, nargs="+",
                   help="blind labels keyed by passage id, one or more rounds (only the dev half is read)")
    p.add_argument("--passages", type=Path, default=None, help="the passages file; default passages.jsonl beside")
    p.add_argument("--root", type=Path, default=None, help="the folder the passages' file paths are relative to")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds over documents (default 5)")
    p.add_argument("--out", type=Path, default=None,
                   help="where to write the model (default kb/data/classifier.json); --out - writes nothing")
    p.add_argument("--json", action="store_true", help="print the cross-validation figures as JSON")

    p = sub.add_parser("eval-text", parents=[common],
                       help="ingest documents into a temporary index and score their text against blind truth")
    p.add_argument("--truth", type=Path, required=True,
                   help="folder of truth JSON files, one per document (sub-folders dev/ and test/ name the halves)")
    p.add_argument("--split", type=Path, default=None, help="split.json assigning each file to dev or test")
    p.add_argument("--json", action="store_true", help="print the figures and every document's misses as JSON")
    p.add_argument("--no-baseline", action="store_true", help="skip the plain-reader baseline")
    p.add_argument("--brief", action="store_true", help="figures only, without the list of misses")
    p.add_argument("--test-misses", action="store_true",
                   help="also list the misses of the test half (by default only the dev half's are listed, "
                        "so that tuning never reads the held-out half)")



@command("eval")
def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from kb.evaluate import queries as kbeval

    if args.fit or args.weights or args.no_semantic or len(args.file) > 1 or args.file[0].suffix.lower() == ".jsonl":
        from kb.evaluate import judged as blind
        from kb.search.rank import load_model
        from kb.search.searcher import Searcher

        stems = [f.stem for f in args.file]
        # each set under its file's name; sets whose names collide (judged/dev, judged2/dev) with their folder's
        sets = {(f.stem if stems.count(f.stem) == 1 else f"{f.parent.name}/{f.stem}"): kbeval.load(f)
                for f in args.file}
        srch = Searcher(settings.index, model=load_model(args.weights) if args.weights else None,
                    semantic=not args.no_semantic, query_seconds=args.query_seconds)
        if args.fit:
            return _fit(args, srch, sets)
        result = blind.run_sets(srch, sets, settings.corpus)
        if args.json:
            print_json(result)
        else:
            for line in blind.summary_lines(result):
                print(line)
        return 0
    judged = kbeval.load(args.file[0])
    srch = searcher(settings)
    if hasattr(srch, "query_seconds"):  # the embedded Searcher (the engine has its own timeouts)
        srch.query_seconds = args.query_seconds
    reports = [kbeval.evaluate_searcher(srch, judged)]
    if args.baseline:
        reports.append(kbeval.evaluate_baseline(settings.corpus, judged, settings.segmenter))
    if args.json:
        print_json({r.name: r.to_dict() for r in reports})
        return 0
    for s in reports[0].scores:
        print(f"{s.ndcg:.2f}  R {s.recall:.2f}  P@1 {s.p1:.0f}  {s.ms:6.1f} ms  [{s.kind}] {s.query}")
    for line in kbeval.summary_lines(reports):
        print(line)
    if len(reports) == 2:
        print(f"nDCG@10 gain over the baseline: {reports[0].mean('ndcg') - reports[1].mean('ndcg'):+.4f}")
    return 0

@command("eval-text")
def cmd_eval_text(args: argparse.Namespace, settings: Settings) -> int:
    from kb.evaluate import fidelity

    if args.corpus is None:
        raise KbError("请用 --corpus 指定要评测的文档文件夹", fix="例如 kb eval-text --corpus DIR --truth DIR")
    results = fidelity.evaluate(args.corpus, args.truth, args.split, settings, baseline=not args.no_baseline)
    if args.json:
        print_json({name: ({half: r.to_dict() for half, r in halves.items()} if name != "skipped" else halves)
                     for name, halves in results.items()})
        return 0
    shown = ("dev", "all", "test") if args.test_misses else ("dev", "all")
    for line in fidelity.report_lines(results, detail=not args.brief, detail_halves=shown):
        print(line)
    return 0

@command("eval-labels")
def cmd_eval_labels(args: argparse.Namespace, settings: Settings) -> int:
    from kb.evaluate import blind, label_report, labels

    if not args.file and args.agreement is None:
        raise LabelsError("没有给出标注文件", fix="kb eval-labels LABELS.jsonl，或 --agreement A.jsonl B.jsonl")
    out: dict[str, Any] = {}
    text: list[str] = []
    if args.file:
        if all(blind.is_blind_format(blind.read_jsonl(f)) for f in args.file):
            halves = [h.strip() for h in args.halves.split(",") if h.strip()]
            if not halves or set(halves) - set(blind.HALVES):
                raise LabelsError(f"--halves {args.halves} 不对", fix="在 dev、test、all 中选，逗号分隔")
            if args.rules_only:
                os.environ["KB_CLASSIFIER"] = "off"
            files = args.file[0] if len(args.file) == 1 else args.file
            result = blind.evaluate(files, args.passages, settings.corpus, args.root, halves,
                                    misses_half="dev" if args.misses else None)
            result["labelled_by"] = "rules" if args.rules_only else _labelled_by()
            text.append(f"labelled by: {result['labelled_by']}")
            text.append(label_report.format_report(result))
            if args.model:
                from kb.evaluate import train

                exs, gold = train.dev_examples(files, args.passages, settings.corpus, args.root)
                cv = train.cross_validate(exs, gold)
                result["model"] = {t: {"rules": cv[t]["rules"], **{w: cv[t]["ways"][k] for w, k in cv[t]["best"].items()}}
                                   for t in train.TASKS}
                text.append(train.format_cv(cv))
        elif len(args.file) == 1:
            result = labels.evaluate(args.file[0], settings.corpus)
            text.append(labels.report(result))
        else:
            raise LabelsError("几个标注文件一起评测时，每个都要是盲标格式（按段落编号）",
                              fix="旧格式（contains/text）的文件单独评测")
        out = result
    if args.agreement is not None:
        a, b = args.agreement
        passages_path = args.passages or (args.file[0] if args.file else a).parent / "passages.jsonl"
        agree = blind.agreement(blind.load_blind(a), blind.load_blind(b), blind.load_passages(passages_path),
                                [h.strip() for h in args.halves.split(",") if h.strip()])
        text.append(label_report.format_agreement(agree))
        out = {**out, "agreement": agree} if args.file else agree
    if args.json:
        print_json(out)
    else:
        sys.stdout.write("\n\n".join(text) + "\n")
    return 0


def _labelled_by() -> str:
    from kb.classify.model import load_model

    m = load_model()
    ways = {t: str(m.info.get(f"{t}_way", "rules")) if t in m.weights else "rules" for t in ("kinds", "topics")} if m else {}
    return "rules" if not m else f"kinds: {ways['kinds']}, topics: {ways['topics']} (kb/data/classifier.json)"


@command("train-labels")
def cmd_train_labels(args: argparse.Namespace, settings: Settings) -> int:
    import shlex

    from kb.analysis import data_file
    from kb.classify.model import MODEL_FILE
    from kb.evaluate import train

    exs, gold = train.dev_examples(args.file, args.passages, settings.corpus, args.root)
    if not exs:
        raise LabelsError(f"{'、'.join(str(f) for f in args.file)} 的开发集标注没有对上任何段落", fix="检查 --passages、--root 与 --corpus")
    cv = train.cross_validate(exs, gold, args.folds)
    model = train.train(exs, gold, cv, "kb " + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    out = args.out or data_file(MODEL_FILE)
    if str(out) != "-":
        out.write_text(model.to_json(), encoding="utf-8")
    if args.json:
        print_json({"cv": model.info["cv"], "written": str(out), "ways": {t: model.info.get(f"{t}_way", "rules")
                                                                         for t in train.TASKS}})
    else:
        sys.stdout.write(train.format_cv(cv) + f"\nwritten: {out}\n")
    return 0


def _fit(args: argparse.Namespace, searcher: Any, sets: dict[str, Any]) -> int:
    import shlex

    from kb.evaluate import fit
    from kb.evaluate.judged import Units

    name = " + ".join(sets)  # every set given is fitted on together (judged/dev + judged2/dev)
    judged = [j for js in sets.values() for j in js]
    units = Units.of(searcher.passage_records())
    cands = fit.collect(searcher, judged, units)
    start = dict(searcher.model.weights)
    w0 = fit.mean_ndcg(cands, fit.np.array([start.get(f, 0.0) for f in fit.FEATURES]))
    only = tuple(f for f in args.fit_only.split(",") if f)
    unknown = [f for f in only if f not in fit.FEATURES]
    if unknown:
        raise KbError(f"--fit-only 里有未知的特征：{'、'.join(unknown)}", fix=f"只用这些特征名：{', '.join(fit.FEATURES)}")
    cv = fit.cross_validate(cands, start, only=only)
    weights, best = fit.coordinate_ascent(cands, start, only)
    command = "kb " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    stats: dict[str, Any] = {"fitted_on": name, "fitted_only": ",".join(only) or "all", "queries": len(cands),
                             "start_ndcg@10": round(w0, 4),
                             "fitted_ndcg@10": round(best, 4), **cv}
    args.fit.write_text(fit.to_toml(weights, command, stats), encoding="utf-8")
    if args.json:
        print_json({"weights": weights, **stats, "file": str(args.fit)})
    else:
        print(f"fitted on {name} ({len(cands)} queries): nDCG@10 {w0:.4f} -> {best:.4f}; "
              f"{cv['folds']}-fold held-out {cv['held_out_ndcg@10_start']:.4f} -> {cv['held_out_ndcg@10_fitted']:.4f}")
        print("  " + "  ".join(f"{k} {v:+.2f}" for k, v in weights.items()))
        print(f"written to {args.fit}")
    return 0
