"""The plain-text reports of ``kb eval-labels``: kb against the blind labels, half by half, and the
labellers against each other."""

from __future__ import annotations

import json
from typing import Any

from kb.evaluate.blind import LIBRARIES


def format_report(result: dict[str, Any]) -> str:
    lines = []
    if result.get("unknown_ids"):
        lines.append(f"{len(result['unknown_ids'])} label ids not in the passages file")
    for p in result.get("unreadable", []):
        lines.append(f"unreadable: {p}")
    halves = list(result["halves"])
    h = result["halves"]
    lines.append(f"{'':28}" + "".join(f"{x:>22}" for x in halves))
    lines.append(f"{'passages':28}" + "".join(f"{h[x]['passages']:>22}" for x in halves))
    lines.append(f"{'kinds macro-F1':28}" + "".join(f"{h[x]['kinds_macro_f1']:>22.2f}" for x in halves))
    lines.append(f"{'topics macro-F1':28}" + "".join(f"{h[x]['topics_macro_f1']:>22.2f}" for x in halves))
    for lib in LIBRARIES:
        lines.append(f"{lib + ' P / R (tp/pred/gold)':28}" + "".join(
            f"{h[x][lib]['p']:>7.2f}/{h[x][lib]['r']:.2f} {h[x][lib]['tp']:>3}/{h[x][lib]['predicted']:>3}/"
            f"{h[x][lib]['gold']:>3}" for x in halves))
    rows = (("expansions right / stated", "expansions", "share_right", "right", "stated"),
            ("expansions invented", "expansions", "share_invented", "invented", "unstated"),
            ("speakers right / attributed", "speakers", "share_right", "right", "attributed"),
            ("sentence types right", "sentence_types", "share_right", "right", "paired"))
    for label, key, share, num, den in rows:
        lines.append(f"{label:28}" + "".join(
            f"{h[x][key][share]:>12.2f} {h[x][key][num]:>4}/{h[x][key][den]:<4}" for x in halves))
    for what in ("kinds", "topics"):
        labels = sorted(set().union(*(h[x][what] for x in halves)))
        lines.append("")
        lines.append(f"{what[:-1] + ' F1 (gold)':28}" + "".join(f"{x:>22}" for x in halves))
        for lab in labels:
            lines.append(f"{lab:<28}" + "".join(
                f"{h[x][what][lab]['f1']:>16.2f} ({int(h[x][what][lab]['support']):>3})" if lab in h[x][what]
                else f"{'-':>22}" for x in halves))
    for x in halves:
        m = h[x].get("misses")
        if not m:
            continue
        lines.append(f"\nmisses on {x}:")
        for lib in LIBRARIES:
            for pid, item in m["missed"][lib]:
                lines.append(f"  missed {lib:<13} {pid} {json.dumps(item, ensure_ascii=False)}")
            for pid, item in m["extra"][lib]:
                lines.append(f"  extra  {lib:<13} {pid} {json.dumps(item, ensure_ascii=False)}")
        for what, rows in m["wrong"].items():
            for pid, g, p in rows:
                lines.append(f"  wrong  {what:<13} {pid} gold {json.dumps(g, ensure_ascii=False)} "
                             f"kb {json.dumps(p, ensure_ascii=False)}")
        for what in ("kinds", "topics"):
            for pid, g, p in m[what]:
                lines.append(f"  {what:<20} {pid} gold {g} kb {p}")
    return "\n".join(lines)


def format_agreement(result: dict[str, Any]) -> str:
    halves = list(result)
    lines = [f"{'agreement (A vs B)':28}" + "".join(f"{x:>22}" for x in halves),
             f"{'passages':28}" + "".join(f"{result[x]['passages']:>22}" for x in halves)]
    for what in ("kinds", "topics"):
        lines.append(f"{what + ' mean kappa / macro-F1':28}" + "".join(
            f"{result[x][what]['mean_kappa']:>15.2f} / {result[x][what]['macro_f1']:.2f}" for x in halves))
    for lib in LIBRARIES:
        lines.append(f"{lib + ' F1':28}" + "".join(f"{result[x][lib]['f1']:>22.2f}" for x in halves))
    lines.append(f"{'expansions same (A stated)':28}" + "".join(
        f"{result[x]['expansions']['share_right']:>22.2f}" for x in halves))
    lines.append(f"{'speakers same (A attributed)':28}" + "".join(
        f"{result[x]['speakers']['share_right']:>22.2f}" for x in halves))
    for what in ("kinds", "topics"):
        labels = sorted(set().union(*(result[x][what]["kappa"] for x in halves)))
        lines.append("")
        lines.append(f"{what[:-1] + ' kappa':28}" + "".join(f"{x:>22}" for x in halves))
        for lab in labels:
            lines.append(f"{lab:<28}" + "".join(
                f"{result[x][what]['kappa'].get(lab, float('nan')):>22.2f}" for x in halves))
    return "\n".join(lines)
