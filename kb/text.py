"""Character normalisation for matching, shared by documents and queries.

``fold`` maps every character to exactly one character (so offsets into the folded text are offsets
into the original, which highlighting relies on):

- full-width ASCII to half-width, upper case to lower case;
- Kangxi radicals (U+2F00..) and CJK radical supplements that PDFs produce instead of the
  ordinary ideograph (⽤ -> 用), CJK compatibility ideographs;
- traditional to simplified characters (OpenCC ``t2s``, character by character), so that
  traditional text is found by a simplified query and the other way round;
- odd spaces (NBSP, ideographic space) to a plain space.

Chinese punctuation is kept as it is (it still separates sentences).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# CJK Radicals Supplement characters NFKC leaves alone; the look-alikes that PDF fonts produce.
_RADICAL_SUPPLEMENT = {
    "⺀": "冫", "⺁": "厂", "⺃": "乚", "⺅": "亻", "⺇": "几", "⺈": "刀", "⺉": "刂", "⺊": "卜",
    "⺋": "卩", "⺌": "小", "⺍": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺑": "尣", "⺒": "巳",
    "⺓": "幺", "⺔": "彑", "⺕": "彐", "⺖": "忄", "⺗": "心", "⺘": "扌", "⺙": "攵", "⺛": "旡",
    "⺜": "日", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬",
    "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒",
    "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糹", "⺰": "纟", "⺱": "罓", "⺲": "罒", "⺳": "网",
    "⺴": "罒", "⺵": "罒", "⺶": "羊", "⺷": "羊", "⺸": "羊", "⺹": "耂", "⺺": "肀", "⺻": "聿",
    "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀",
    "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠", "⻉": "贝", "⻊": "足", "⻋": "车",
    "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "金", "⻑": "长", "⻒": "长", "⻓": "长",
    "⻔": "门", "⻕": "阝", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风",
    "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "食", "⻠": "食", "⻡": "饣", "⻢": "马", "⻣": "骨",
    "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "齐",
    "⻬": "齐", "⻭": "齿", "⻮": "齿", "⻯": "龙", "⻰": "龙", "⻱": "龟", "⻲": "龟", "⻳": "龟",
}

_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _single(s: str, original: str) -> str:
    return s if len(s) == 1 else original


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[cp] = chr(cp - 0xFEE0)
    for cp in range(0x2F00, 0x2FD6):  # Kangxi radicals
        table[cp] = _single(unicodedata.normalize("NFKC", chr(cp)), chr(cp))
    for cp in range(0xF900, 0xFB00):  # CJK compatibility ideographs
        ch = chr(cp)
        nf = unicodedata.normalize("NFKC", ch)
        if len(nf) == 1 and nf != ch:
            table[cp] = nf
    for k, v in _RADICAL_SUPPLEMENT.items():
        table[ord(k)] = v
    for ch in _SPACES:
        table[ord(ch)] = " "
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    # Keep full-width Chinese punctuation as it is: it still ends sentences for the segmenter.
    for ch in "，。！？；：（）［］｛｝＂＇":
        table.pop(ord(ch), None)
    table.update(_t2s_table())
    # after t2s, apply the ASCII lower-casing to targets that are upper case
    return {k: (v.lower() if v.isascii() else v) for k, v in table.items()}


def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, one character to one character."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a pinned dependency
        return {}
    conv = opencc.OpenCC("t2s")
    chars = [chr(cp) for cp in range(0x4E00, 0x9FFF + 1)]
    # convert in one call, separated so that phrase rules never join neighbours
    joined = "\n".join(chars)
    out = conv.convert(joined).split("\n")
    table: dict[int, str] = {}
    if len(out) == len(chars):
        for src, dst in zip(chars, out, strict=True):
            if dst != src and len(dst) == 1:
                table[ord(src)] = dst
    return table


def fold(text: str) -> str:
    """Fold ``text`` for matching; the result has exactly the same length as ``text``."""
    return _fold_sub()(text)


@lru_cache(maxsize=1)
def _fold_sub() -> Callable[[str], str]:
    return translator(_table())


def translator(table: dict[int, str]) -> Callable[[str], str]:
    """``lambda text: text.translate(table)`` for a table of one-character keys, as fast as a regular
    expression scan: ``str.translate`` with a dict looks every character up (0.33 s for 1 MB of Chinese,
    where the characters to change are one in a thousand; this: 2 ms)."""
    if not table:
        return lambda text: text
    cps = sorted(table)
    spans: list[tuple[int, int]] = []
    for cp in cps:
        if spans and cp == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], cp)
        else:
            spans.append((cp, cp))
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)
    pattern = re.compile(f"[{cls}]")
    get = table.__getitem__

    def sub(text: str) -> str:
        return pattern.sub(lambda m: get(ord(m.group())), text)
    return sub


_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def cjk_share(text: str) -> float:
    """The share of CJK ideographs among the non-space characters of ``text``."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if _CJK_RE.match(c)) / len(chars)


def one_line(text: str) -> str:
    """Text for one line (a title in a citation, a card or a heading): every run of white space,
    line breaks included, becomes one space; the ends are trimmed."""
    return " ".join(str(text or "").split())


def compact(text: str) -> str:
    """Folded text with all white space removed: the form exact (quoted) matching compares."""
    return "".join(fold(text).split())


def is_traditional(text: str, sample: int = 4000) -> bool:
    """True when the text is written in traditional characters (more than a few t2s changes)."""
    table = _t2s_table_cached()
    s = text[:sample]
    cjk = [c for c in s if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) < 20:
        return False
    changed = sum(1 for c in cjk if ord(c) in table)
    return changed / len(cjk) > 0.08


@lru_cache(maxsize=1)
def _t2s_table_cached() -> dict[int, str]:
    return _t2s_table()


# --- sentences ---------------------------------------------------------------------------------
#: marks that end a sentence (the semicolon ends one of the clauses of an enumeration as well)
SENTENCE_ENDS = "。！？!?；;"
#: closing marks that stay with the sentence they follow
CLOSING_MARKS = "”’」』）)"
_OPENING_QUOTES = "“‘「『"
_CLOSING_QUOTES = "”’」』"


def sentence_spans(text: str, ends: str = SENTENCE_ENDS, quote_aware: bool = True) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, covering it whole and in order.

    A sentence ends after a run of ``ends`` marks and the closing marks that follow them.  With
    ``quote_aware`` (the default), marks inside quotation marks do not end a sentence, except that a
    quotation closing right after an end mark (“……。”) closes the sentence too; when the quotation
    marks do not balance, plain sentence ends are used.  Linear in the length of ``text``."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    depth = 0
    start = i = 0
    while i < n:
        c = text[i]
        if quote_aware and c in _OPENING_QUOTES:
            depth += 1
        elif quote_aware and c in _CLOSING_QUOTES and depth:
            depth -= 1
            if depth == 0 and i > start and text[i - 1] in ends:
                spans.append((start, i + 1))
                start = i = i + 1
                continue
        if c in ends and depth == 0:
            j = i + 1
            while j < n and (text[j] in CLOSING_MARKS or text[j] in ends):
                j += 1
            spans.append((start, j))
            start = i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    if quote_aware and depth and len(spans) <= 1:  # unbalanced quotes: plain sentence ends
        return sentence_spans(text, ends, quote_aware=False)
    return spans


def sentences(text: str, ends: str = SENTENCE_ENDS, quote_aware: bool = True) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`), blank ones dropped."""
    return [text[s:e] for s, e in sentence_spans(text, ends, quote_aware) if text[s:e].strip()]


# --- plausibility of decoded Chinese text ---------------------------------------------------
@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB2312 level-1 characters: the commonest simplified characters (rows 16-55)."""
    out = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


def plausibility(text: str) -> float:
    """Share of CJK characters (after folding) that are common ones; 0 when there are none."""
    common = _common_chars()
    cjk = [c for c in fold(text[:20000]) if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(1 for c in cjk if c in common) / len(cjk)


# --- numbers as documents write them ------------------------------------------------------------
CN_DIGITS: dict[str, int] = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
#: enclosed numbers: circled ①-⑳, parenthesised ⑴-⒇, with a full stop ⒈-⒛, negative circled ❶-❿,
#: sans-serif circled ➀-➉ and negative ➊-➓
_ENCLOSED: dict[str, int] = (
    {chr(0x2460 + i): i + 1 for i in range(20)}
    | {chr(0x2474 + i): i + 1 for i in range(20)}
    | {chr(0x2488 + i): i + 1 for i in range(20)}
    | {chr(0x2776 + i): i + 1 for i in range(10)}
    | {chr(0x2780 + i): i + 1 for i in range(10)}
    | {chr(0x278A + i): i + 1 for i in range(10)}
)
ENCLOSED_NUMBERS = "".join(_ENCLOSED)


def cn_number(token: str) -> int:
    """The value of a number as documents write it; 0 when ``token`` is not one.

    ``12`` and ``１２`` -> 12; ``①``, ``⑴``, ``⒈``, ``❶`` -> 1; ``一`` -> 1, ``两`` -> 2, ``十二`` -> 12,
    ``二十`` -> 20, ``一百零一`` -> 101.  Chinese digits without a unit count only alone (``二三`` is not
    a number; for years written digit by digit see :func:`cn_digits`)."""
    token = token.strip()
    if not token:
        return 0
    if token.isdecimal():  # not isdigit(): '①'.isdigit() is True and int('①') raises
        return int(token)
    if len(token) == 1 and token in _ENCLOSED:
        return _ENCLOSED[token]
    if any(c not in CN_DIGITS and c not in _CN_UNITS for c in token):
        return 0
    if not any(c in _CN_UNITS for c in token):
        return CN_DIGITS[token] if len(token) == 1 else 0
    total = current = 0
    for c in token:
        if c in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[c]
            current = 0
        else:
            current = CN_DIGITS[c]
    return total + current


def cn_digits(token: str) -> int | None:
    """A number written digit by digit (``二〇二四`` -> 2024, also ``2024``); None when it is not one."""
    if token.isdecimal():
        return int(token)
    if token and all(c in CN_DIGITS for c in token):
        return int("".join(str(CN_DIGITS[c]) for c in token))
    return None


# --- file names -----------------------------------------------------------------------------------
def display_name(name: str) -> str:
    """A file name as text.  Python gives a name that is not UTF-8 (a GBK name as ``unzip`` leaves it)
    as lone surrogates, which nothing can write (UTF-8, JSON, the index): decoded as GB18030 when
    that reads it, else with the bad bytes written ``\\xNN``.  Valid names are returned unchanged."""
    if not any("\udc80" <= c <= "\udcff" for c in name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


#: the CJK unified ideographs, for character classes: f"[{HAN}]"
HAN = "\u4e00-\u9fff"


_QUOTE_MARKS = str.maketrans({"「": "“", "」": "”", "〝": "“", "〞": "”", "『": "‘", "』": "’", "＂": '"'})


def curly_quotes(text: str) -> str:
    """ASCII (and full-width) double quotes paired into “…” (line by line), 「」 and 〝〞 into “”, 『』 into
    ‘’; the same length as ``text``, so offsets stay valid.  Web pages and plain text often quote with \"…\"."""
    out = []
    for line in text.split("\n"):
        chars = list(line.translate(_QUOTE_MARKS))
        idx = [i for i, c in enumerate(chars) if c == '"']
        for k, i in enumerate(idx[:len(idx) - len(idx) % 2]):
            chars[i] = "“" if k % 2 == 0 else "”"
        out.append("".join(chars))
    return "\n".join(out)


def is_garbage(text: str) -> bool:
    """Chinese text that no one wrote: mostly uncommon characters (``佛佛釉釉釉`` from a broken font
    map, GBK read as Big5), or one character repeated over and over."""
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if cjk < 8 or cjk < 0.3 * len(text.strip()):
        return False
    repeats = sum(1 for a, b in zip(text, text[1:], strict=False) if a == b and "\u4e00" <= a <= "\u9fff")
    return plausibility(text) < 0.4 or repeats > 0.35 * cjk


#: a document number under a notice's title: （梅市府办〔2008〕11号）
DOC_NUMBER = re.compile(r"\s*[（(]?\s*[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*\d{1,4}\s*号\s*[)）]?\s*")


#: the dash before a subtitle printed on the title's line (``标题 —— 副题``, ``标题--副题``)
_SUBTITLE_DASH = re.compile(r"\s*(?:——|--|－－)")


def before_dash(text: str) -> str:
    """A title line without the ——subtitle after it."""
    return _SUBTITLE_DASH.split(text.strip(), maxsplit=1)[0]


def near_same(a: str, b: str) -> bool:
    """Two titles that differ by a few characters (``……活动上讲话`` / ``……活动上的讲话``): one title written
    twice, by a page's heading and by the text itself (white space, punctuation and script ignored)."""
    x, y = re.sub(r"[\s\W_]+", "", fold(a)), re.sub(r"[\s\W_]+", "", fold(b))
    if not x or not y or x == y or abs(len(x) - len(y)) > 4:
        return False
    common = sum(min(x.count(ch), y.count(ch)) for ch in set(x))
    return common >= 0.85 * max(len(x), len(y))
