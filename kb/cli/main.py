"""The command line: a thin layer over the library (the only module that parses arguments).

Every command accepts ``--index DIR`` (default ``index/`` or ``KB_INDEX``) and ``--corpus DIR``
(default ``corpus/`` or ``KB_CORPUS``); ``--json`` output is a contract other tools read.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from kb import __version__
from kb.cli import engine as cli_engine  # noqa: I001
from kb.cli import (
    evaluate as cli_evaluate,  # kb eval, eval-labels, eval-text: measuring kb  # kb engine: the SphinxQL engine's nodes and mirrors
)
from kb.cli import toolkit as cli_toolkit  # the writer's-toolkit commands
from kb.cli.common import COMMANDS, command, print_json, searcher
from kb.config import Settings, load_settings
from kb.errors import KbError
from kb.models import Heading


def _common() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--index", type=Path, default=None, help="index folder (default: index/, or KB_INDEX)")
    p.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: corpus/, or KB_CORPUS)")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="kb", description="kb: search Chinese office documents and speeches.",
                                     parents=[common])
    parser.add_argument("--version", action="version", version=f"kb {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="add or update files or folders (default: the corpus)")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the corpus folder)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--ocr", action="store_true", default=None,
                   help="read scanned PDF pages with tesseract (needs tesseract-ocr and tesseract-ocr-chi-sim)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes for extraction and segmentation (default: one per core)")
    prune = p.add_mutually_exclusive_group()
    prune.add_argument("--prune", dest="prune", action="store_true", default=None,
                       help="remove documents whose files are gone (default when syncing folders)")
    prune.add_argument("--no-prune", dest="prune", action="store_false",
                       help="keep documents whose files are gone")

    p = sub.add_parser("search", parents=[common], help="search passages")
    p.add_argument("query", nargs="+", help='words, "exact text", -exclude, A OR B, title: kind: topic: doc: year:')
    p.add_argument("--limit", type=int, default=10, help="how many hits (default 10)")
    p.add_argument("--offset", type=int, default=0, help="skip this many hits (for paging)")
    p.add_argument("--kind", default=None, help="only passages of this kind")
    p.add_argument("--topic", default=None, help="only passages on this topic")
    p.add_argument("--doc", default=None, help="only this document (id or part of its title)")
    p.add_argument("--year", default=None, help="only this year (or range 2005-2008)")
    p.add_argument("--json", action="store_true", help="print the hits as a JSON array")
    p.add_argument("--full", action="store_true",
                   help="with --json: print an object with hits, total, facets, also_searched, did_you_mean")

    cli_evaluate.add_parsers(sub, common)

    p = sub.add_parser("meta", parents=[common],
                       help="correct a document's title, subtitle, speaker, date or genre by hand (kept beside the corpus)")
    p.add_argument("doc", help="document id (see `kb docs`), or a part of its title or file name")
    for name, what in (("title", "标题"), ("subtitle", "副标题"), ("speaker", "讲话人/作者"),
                       ("date", "日期 (2022-03-05, 2022年3月5日, 2022-03, 2022)"),
                       ("genre", "体裁: 讲话, 体会/交流发言, 报告, 公文, 书籍/教材, 文章")):
        p.add_argument(f"--{name}", default=None, help=f"the corrected {name} ({what}); '' for none")
    p.add_argument("--forget", action="append", default=[], metavar="FIELD",
                   help="drop the correction of FIELD (back to what kb detects); may be repeated")
    p.add_argument("--reset", action="store_true", help="drop all corrections of this document")
    p.add_argument("--json", action="store_true", help="print the document's fields and corrections as JSON")

    p = sub.add_parser("stats", parents=[common], help="documents, passages, index size, versions")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("docs", parents=[common], help="list the documents")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", parents=[common], help="one document as an outline with its passages")
    p.add_argument("doc_id")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("rebuild", parents=[common],
                       help="rebuild the index from the corpus beside the live one, then swap it in atomically")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes for extraction and segmentation (default: one per core)")

    p = sub.add_parser("add", parents=[common],
                       help="copy files into the corpus under safe names (never overwriting), then ingest them")
    p.add_argument("files", nargs="+", type=Path, help="documents to add (PDF, DOCX, TXT, MD, HTML)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = sub.add_parser("check", parents=[common],
                       help="verify the index against the corpus (missing, changed, orphaned documents; versions)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")

    p = sub.add_parser("settings", parents=[common], help="list the settings and their values")
    p.add_argument("--json", action="store_true")
    cli_toolkit.add_parsers(sub, common)
    cli_engine.add_parsers(sub, common)
    return parser




@command("ingest")
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from kb.ingest.pipeline import ingest

    if settings.backend != "whoosh":
        from kb.engines.sphinx import engine_from
        from kb.ingest import engine as engine_ingest

        report = engine_ingest.ingest(args.paths or None, settings, engine_from(settings), prune=args.prune)
        return _finish(report, args.json)
    report = ingest(args.paths or None, settings, prune=args.prune)
    return _finish(report, args.json)


def _finish(report: Any, as_json: bool) -> int:
    """Print an ingest report (JSON or text); exit status 1 when any file failed."""
    if as_json:
        print_json(report.to_dict())
    else:
        _print_report(report)
    return 1 if report.failed else 0


def _print_report(report: Any) -> None:
    marks = {"added": "+ 新增", "updated": "~ 更新", "unchanged": "= 未变", "failed": "! 失败", "skipped": "- 跳过"}
    for f in report.files:
        if f.status == "unchanged":
            continue
        line = f"{marks[f.status]}  {f.path}"
        if f.passages and f.status in ("added", "updated"):
            line += f"  （{f.passages} 段）"
        print(line)
        if f.error:
            print(f"    {f.error}")
        for w in f.warnings:
            print(f"    提醒：{w}")
    for r in report.removed:
        print(f"x 移除  {r['source']}  （文件已不在）")
    d = report.to_dict()["summary"]
    if d["added"] + d["updated"] + d["failed"] + d["skipped"] + d["removed"] == 0:
        print(f"索引已是最新：{d['unchanged']} 个文档未变，无需处理。")
    else:
        print(f"新增 {d['added']}，更新 {d['updated']}，未变 {d['unchanged']}，跳过 {d['skipped']}，"
              f"失败 {d['failed']}，移除 {d['removed']}（用时 {report.elapsed_s:.1f} 秒）。")
    if report.failed:
        print(f"有 {len(report.failed)} 个文件没能收录（原因见上）；其余文件已收录。", file=sys.stderr)


@command("search")
def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    s = searcher(settings)
    query = " ".join(args.query)
    result = s.search(query, limit=max(1, args.limit), offset=max(0, args.offset), kind=args.kind,
                      topic=args.topic, doc=args.doc, year=args.year, facets=args.full)
    partial = getattr(result, "partial", None)  # an engine shard with no mirror up (KB_BACKEND=sphinx)
    if partial:
        print(f"kb: 结果不完整：{'、'.join(partial)} 没有响应。Fix: 启动该分片的镜像", file=sys.stderr)
    if args.json:
        if result.truncated and not args.full:  # the array has no room for it: say it beside
            print(f"kb: {result.message}", file=sys.stderr)
        print_json(result.to_dict() if args.full else [h.to_dict() for h in result.hits])
        return 0
    if result.message:
        print(result.message)
    if result.also_searched:
        print("也搜索了：" + "、".join(result.also_searched))
    if not result.hits:
        print("没有找到。" + (f" 您是不是要找：{result.did_you_mean}" if result.did_you_mean else ""))
        return 0
    import re as _re

    for i, h in enumerate(result.hits, 1 + args.offset):
        plain = _re.sub(r"</?mark>", "**", h.snippet)
        from html import unescape

        print(f"{i}. 《{h.title}》 {h.heading}  [{h.passage_id}]  score {h.score}")
        print(f"   {unescape(plain)}")
        print(f"   — {h.source}" + (f"，{h.date}" if h.date else ""))
        for other in h.also_in:
            print(f"   也见于：《{other['title']}》 {other['source']}")
    print(f"共 {result.total} 条，用时 {result.elapsed_ms:.0f} 毫秒。")
    return 0


@command("meta")
def cmd_meta(args: argparse.Namespace, settings: Settings) -> int:
    from kb.ingest import corrections

    values: dict[str, str | None] = {f: getattr(args, f) for f in corrections.FIELDS if getattr(args, f) is not None}
    for name in args.forget:
        values[name] = None
    key, stored, report = corrections.correct(settings, args.doc, values, reset=args.reset)
    doc = next((d.to_dict() for d in searcher(settings).documents() if d.source == key), None)
    fields = {"title": "", "subtitle": "", "speaker": "", "date": "", "genre": ""}
    if doc:
        fields = {"title": doc["title"], "subtitle": doc["subtitle"], "speaker": doc["author"], "date": doc["date"],
                  "genre": doc["genre"]}
    if args.json:
        print_json({"source": key, "doc_id": doc["doc_id"] if doc else None, "fields": fields,
                     "corrections": stored, "report": report.to_dict()})
        return 1 if report.failed else 0
    print(f"{key}: " + ("更正已保存" if stored else "没有更正（使用自动识别的结果）")
          + f"（{corrections.FILE}，原文件未改动）")
    labels = {"title": "标题", "subtitle": "副标题", "speaker": "讲话人", "date": "日期", "genre": "体裁"}
    for name, label in labels.items():
        print(f"  {label}：{fields[name] or '—'}" + ("  (更正)" if name in stored else ""))
    for f in report.failed:
        print(f"    {f.error}", file=sys.stderr)
    return 1 if report.failed else 0


@command("stats")
def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    st = searcher(settings).stats()
    if args.json:
        print_json(st)
    else:
        print(f"文档：{st['documents']}\n段落：{st['passages']}\n索引：{st['index']} "
              f"（{st['index_mb']} MB，{st['generation']}）")
        for k, v in st["versions"].items():
            print(f"{k}: {v}")
    return 0


@command("docs")
def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    docs = searcher(settings).documents()
    if args.json:
        print_json([d.to_dict() for d in docs])
    else:
        for d in docs:
            print(f"{d.doc_id}  {d.date or '----------':<10}  {d.passages:>4}  《{d.title}》  {d.source}")
    return 0


@command("show")
def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    s = searcher(settings)
    doc = s.document(args.doc_id)
    if doc is None:
        matches = s.resolve_docs(args.doc_id)
        doc = s.document(matches[0]) if len(matches) == 1 else None
    if doc is None:
        raise KbError(f"索引里没有文档 {args.doc_id!r}", fix="用 `kb docs` 列出所有文档")
    if args.json:
        print_json(doc.to_dict())
        return 0
    info = doc.info
    print(f"《{info.title}》" + (f" {info.subtitle}" if info.subtitle else ""))
    print(" · ".join(x for x in (info.date, info.genre, info.author, info.source) if x))
    heads: dict[int, list[Heading]] = {h.ordinal: [] for h in doc.outline}
    for h in doc.outline:
        heads[h.ordinal].append(h)
    for p in doc.passages:
        for h in heads.get(p.ordinal, []):
            print("\n" + "  " * (h.level - 1) + "#" * h.level + " " + h.text)
        print(f"  [{p.ordinal}] {p.text}")
    return 0


@command("rebuild")
def cmd_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    from kb.ingest.pipeline import rebuild

    if not args.json:
        print("Rebuilding beside the live index; searches keep using it until the new one is swapped in.")
    report = rebuild(settings)
    return _finish(report, args.json)


@command("add")
def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from kb.ingest.add import add_files

    result = add_files([Path(f) for f in args.files], settings)
    if not args.json:
        for name, up in result.uploads:
            print(f"{name}: " + (f"already in the corpus as {up.path.name}" if up.duplicate else f"saved as {up.path}"))
    return _finish(result.report, args.json)


@command("check")
def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from kb.ingest.check import check

    if settings.backend != "whoosh":  # the engine's mirrors (kb check compares the embedded index)
        args.action = "status"
        return COMMANDS["engine"](args, settings)
    result = check(settings)
    if args.json:
        print_json(result.to_dict())
        return 0 if result.ok else 1
    print(f"索引里有 {result.documents} 个文档，文档文件夹里有 {result.files} 个文件。")
    for line in result.problems():
        print(f"! {line}")
    for name in result.unreadable_files:
        print(f"- {name}：无法读取，没有收录（原因见 `kb ingest` 的报告）")
    for item in result.skipped:
        print(f"- {item['reason']}")
    for d in result.duplicates:
        print(f"- {d['path']}：与 {d['duplicate_of']} 是同一个文件，只收录一次")
    if result.unused_generations:
        print(f"- 有 {len(result.unused_generations)} 份不再使用的旧索引，下次 `kb ingest` 时删除")
    if result.ok:
        print("索引与文档文件夹一致。")
        return 0
    print(f"索引与文档文件夹不一致。解决办法：{result.fix}", file=sys.stderr)
    return 1


@command("settings")
def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    rows = [{"name": n, "env": e, "default": d, "value": str(getattr(settings, n)), "help": h}
            for n, e, d, h in Settings.describe()]
    for r in rows:
        if r["name"] == "password" and r["value"]:
            r["value"] = "(set)"
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['name']:<12} {r['value']:<10} {r['env']:<16} {r['help']}")
    return 0


_SEARCH_VALUE_OPTS = {"--limit", "--offset", "--kind", "--topic", "--doc", "--year", "--index", "--corpus"}
_SEARCH_FLAG_OPTS = {"--json", "--full", "-h", "--help", "-v", "--verbose"}


def _search_argv(argv: list[str]) -> list[str]:
    """Let queries hold ``-word`` exclusions: ``kb search 办公室 -督查`` needs no ``--``.

    Options kb knows keep their meaning; every other word after ``search`` is part of the query, in
    order, moved behind ``--`` so that argparse does not read ``-督查`` as an unknown option."""
    if "search" not in argv:
        return argv
    at = argv.index("search")
    head, rest = argv[:at + 1], argv[at + 1:]
    options: list[str] = []
    query: list[str] = []
    i = 0
    while i < len(rest):
        tok = rest[i]
        name = tok.split("=", 1)[0]
        if tok == "--":
            query.extend(rest[i + 1:])
            break
        if name in _SEARCH_VALUE_OPTS:
            options.append(tok)
            if "=" not in tok and i + 1 < len(rest):
                options.append(rest[i + 1])
                i += 1
        elif tok in _SEARCH_FLAG_OPTS:
            options.append(tok)
        else:
            query.append(tok)
        i += 1
    return head + options + (["--"] + query if query else [])


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_search_argv(list(sys.argv[1:] if argv is None else argv)))
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not args.command:
        parser.print_help()
        return 0
    try:
        settings = load_settings(index=args.index, corpus=args.corpus, ocr=getattr(args, "ocr", None),
                                 workers=getattr(args, "workers", None))
        return COMMANDS[args.command](args, settings)
    except KbError as exc:
        print(f"kb: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kb: interrupted; the index keeps what was committed. Run the command again to finish.",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
