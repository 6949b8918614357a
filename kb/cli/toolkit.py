"""The writer's-toolkit commands: ``kb formulations``, ``kb quotes``, ``kb sentences``, ``kb headings``.

Part of the command line (kb.cli.main builds the parser with :func:`add_parsers`); each command prints the
library from :mod:`kb.toolkit.libraries`, or with ``--json`` the same records as a JSON array.
"""

from __future__ import annotations

import argparse
from typing import Any

from kb.cli.common import command, print_json, searcher
from kb.config import Settings


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("formulations", parents=[common], help="the formulation library (提法库): 三个服务, 三办 ...")
    p.add_argument("term", nargs="?", default=None, help="only formulations whose name or expansion has this")
    p.add_argument("--topic", default=None, help="only uses in passages on this topic")
    p.add_argument("--form", choices=["numbered", "series", "compound"], default=None, help="only this form")
    p.add_argument("--uses", action="store_true", help="list every passage that uses each formulation")
    p.add_argument("--json", action="store_true", help="print the library as a JSON array")

    p = sub.add_parser("quotes", parents=[common], help="quotations (引语) grouped by speaker")
    p.add_argument("term", nargs="?", default=None, help="only quotations with this text")
    p.add_argument("--speaker", default=None, help="only this speaker (part of the name: 毛泽东, 古人, 俗语)")
    p.add_argument("--json", action="store_true", help="print the quotations as a JSON array")

    p = sub.add_parser("sentences", parents=[common], help="rhetorical sentences (金句): 排比, 对偶, 四字格, 设问, 引语")
    p.add_argument("term", nargs="?", default=None, help="only sentences with this text")
    p.add_argument("--kind", default=None, help="only this kind: 排比, 对偶, 四字格, 设问, 引语 or 名句")
    p.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    p.add_argument("--json", action="store_true", help="print the sentences as a JSON array")

    p = sub.add_parser("headings", parents=[common], help="the heading library (标题库) and outlines")
    p.add_argument("term", nargs="?", default=None, help="only headings with this text")
    p.add_argument("--topic", default=None, help="only headings on this topic")
    p.add_argument("--level", type=int, default=None, help="only headings of this level (1 = top)")
    p.add_argument("--doc", default=None, help="only this document (id or part of its title)")
    p.add_argument("--json", action="store_true", help="print the headings as a JSON array")


@command("formulations")
def cmd_formulations(args: argparse.Namespace, settings: Settings) -> int:
    from kb.toolkit import libraries as toolkit

    found = toolkit.formulations(searcher(settings), term=args.term, topic=args.topic, form=args.form)
    if args.json:
        print_json([f.to_dict() for f in found])
        return 0
    if not found:
        print("没有找到提法。")
    for f in found:
        variants = [v for v in f.variants if v != f.name]
        print(f"{f.name}" + (f"（又作 {'、'.join(variants)}）" if variants else "") + f"  ×{f.count}")
        if f.expansion:
            print(f"    = {f.expansion}")
        for other in f.expansions[1:]:
            print(f"    ≈ {other}")
        for u in f.uses if args.uses else []:
            print(f"    — 《{u.title}》 {u.date} {u.source} [{u.passage_id}]")
    return 0


@command("quotes")
def cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    from kb.toolkit import libraries as toolkit

    groups = toolkit.quotations_by_speaker(searcher(settings), term=args.term, speaker=args.speaker)
    if args.json:
        print_json([q.to_dict() for qs in groups.values() for q in qs])
        return 0
    if not groups:
        print("没有找到引语。")
    for speaker, qs in groups.items():
        print(f"{speaker}（{len(qs)}）")
        for q in qs:
            u = q.uses[0]
            print(f"    “{q.text}”  — 《{u.title}》 {u.date} [{u.passage_id}]")
    return 0


@command("sentences")
def cmd_sentences(args: argparse.Namespace, settings: Settings) -> int:
    from kb.toolkit import libraries as toolkit

    found = toolkit.sentences(searcher(settings), term=args.term, kind=args.kind)[:max(1, args.limit)]
    if args.json:
        print_json([s.to_dict() for s in found])
        return 0
    if not found:
        print("没有找到金句。")
    for s in found:
        print(f"[{'、'.join(s.types)}] {s.text}  — 《{s.use.title}》 [{s.use.passage_id}]")
    return 0


@command("headings")
def cmd_headings(args: argparse.Namespace, settings: Settings) -> int:
    from kb.toolkit import libraries as toolkit

    found = toolkit.headings(searcher(settings), term=args.term, topic=args.topic, level=args.level, doc=args.doc)
    if args.json:
        print_json([h.to_dict() for h in found])
        return 0
    if not found:
        print("没有找到标题。")
    last = None
    for h in found:
        if h.doc_id != last:
            print(f"《{h.title}》 {h.date} {h.source}")
            last = h.doc_id
        topics = f"  [{'、'.join(h.topics)}]" if h.topics else ""
        print("  " * h.level + h.text + topics)
    return 0
