"""When two strings say the same for the blind label scoring (the rules stated in the README).

Two strings are the same when their normalised forms (folded: traditional to simplified, full-width
to half-width; only letters, digits and ideographs kept) are equal, or one contains the other and the
shorter is at least ``RATIO`` of the longer.  Formulations also match on kb's merge key (三个服务 =
三服务).  Items are paired one to one per passage, gold in order, each with the first unpaired
prediction that is the same.  An expansion is right when it is the same as the label's with ratio
``EXPANSION_RATIO`` or has the same items (split at 、，；); a speaker is right when the normalised
names contain one another (毛泽东同志 = 毛泽东, 《韩非子》 = 韩非子).  A kb passage covers a labelled
passage when most of their 6-character pieces are shared, or one contains the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from kb.text import fold

RATIO = 0.5
EXPANSION_RATIO = 0.6
_GRAM = 6


# --- normalised matching ----------------------------------------------------------------------
def norm(s: str) -> str:
    """Folded text with only letters, digits and ideographs kept."""
    return "".join(c for c in fold(s) if c.isalnum())


def same(a: str, b: str, ratio: float = RATIO) -> bool:
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    return len(short) >= 2 and short in long_ and len(short) >= ratio * len(long_)


_TITLES = re.compile(r"(?:同志|总书记|书记|主席|总理|先生|曾经|曾|云|曰|说|指出|强调)+$")


def same_speaker(gold: str, pred: str) -> bool:
    g, p = (norm(_TITLES.sub("", s.strip())) for s in (gold, pred))
    if not g or not p:
        return False
    return g == p or g in p or p in g


_ENUMERATOR = re.compile(r"(?:^|(?<=[、，,；;。\s]))(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]?"
                         r"|[（(]?[一二三四五六七八九十\d]+[)）、.．])")


def _content(s: str) -> str:
    """An expansion without its enumerators and joining words: 一是位置重要；二是职责重要 = 位置重要、职责重要."""
    return norm(re.sub(r"和|及|以及", "、", _ENUMERATOR.sub("", s)))


def _items(s: str) -> frozenset[str]:
    return frozenset(norm(x) for x in re.split(r"[、，,；;。]", _ENUMERATOR.sub("", s)) if norm(x))


def same_expansion(gold: str, pred: str) -> bool:
    if same(gold, pred, EXPANSION_RATIO) or (_content(pred) and same(_content(gold), _content(pred), EXPANSION_RATIO)):
        return True
    gi, pi = _items(gold), _items(pred)
    return len(gi) > 1 and gi == pi


def same_formulation(gold: str, pred: str, key: Callable[[str], str] | None = None) -> bool:
    if same(gold, pred):
        return True
    return key is not None and bool(norm(gold)) and norm(key(gold)) == norm(key(pred))


def pair(gold: Sequence[Any], pred: Sequence[Any], eq: Callable[[Any, Any], bool]
         ) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """One-to-one pairs (gold in order, first unpaired prediction that is the same), unpaired gold,
    unpaired predictions."""
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        j = next((j for j, p in enumerate(pred) if j not in used and eq(g, p)), None)
        if j is None:
            missed.append(g)
        else:
            used.add(j)
            pairs.append((g, pred[j]))
    return pairs, missed, [p for j, p in enumerate(pred) if j not in used]


def _grams(s: str) -> set[str]:
    return {s[i:i + _GRAM] for i in range(max(1, len(s) - _GRAM + 1))}


def covers(kb_text: str, label_text: str) -> bool:
    """True when a kb passage's text lies (mostly) inside the labelled text, or contains it."""
    k, lab = norm(kb_text), norm(label_text)
    if not k or not lab:
        return False
    if k in lab or lab in k:
        return True
    gk, gl = _grams(k), _grams(lab)
    common = len(gk & gl)
    return common >= 0.5 * len(gk) or common >= 0.5 * len(gl)


def inside(item: str, label_norm: str) -> bool:
    n = norm(item)
    return bool(n) and (n in label_norm or n[:_GRAM] in label_norm or (len(n) > _GRAM and n[-_GRAM:] in label_norm))
