"""Character repair for text that PDFs, Word and web pages get wrong.  Pure functions on strings.

Used per line by :mod:`kb.clean.document` (every format) and per page by :mod:`kb.extract.pdf`, which also
reports what it found with page numbers:

- GBK bytes shown as Latin mojibake (``ÎÒÃÇ`` for 我们): re-encoded as Latin-1/cp1252 and decoded as
  GBK, kept only when the result is plausible Chinese;
- ``(cid:N)`` placeholders, private-use and replacement characters: dropped (and reported);
- Kangxi radicals and CJK radical supplements (⽤ U+2F64) mapped to the ordinary ideograph (用), so
  the text a writer copies is the text they would type;
- spaces between CJK characters: removed when a line is letter-spaced (most characters separated)
  or long body text; a single space between two phrases of a short line (a title such as
  ``分析新形势 着眼新突破``) is kept, because there it is the author's;
- lines printed several times for a bold effect (``标题标题`` or ``重重要要``) printed once.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from kb.text import _RADICAL_SUPPLEMENT, plausibility, translator

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】〔〕—…·「」『』"
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.I)
_CID = re.compile(r"\(cid:\d+\)")
_PUA = re.compile(r"[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
_ENTITY_LEAK = re.compile(r"&?(mdash|ndash|nbsp|ldquo|rdquo|lsquo|rsquo|hellip|middot|quot|amp|lt|gt|emsp|ensp|"
                          r"bull|times|deg|copy|reg|#\d{2,6}|#x[0-9a-f]{2,5});", re.I)
_ENTITY_MAP = {"mdash": "—", "ndash": "–", "nbsp": " ", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’",
               "hellip": "…", "middot": "·", "quot": '"', "amp": "&", "lt": "<", "gt": ">", "emsp": " ",
               "ensp": " ", "bull": "•", "times": "×", "deg": "°", "copy": "©", "reg": "®"}
_SPACED_PAIR = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ \t\u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}])")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s+[a-zA-Z:-]+(=(\"[^\"]*\"|'[^']*'|[^\s>]*))?)*\s*/?>")
_LOOKALIKES = translator(str.maketrans({"⸺": "——", "⸻": "———", "―": "—", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi",
                                         "ﬄ": "ffl"}))
#: PDF layout puts spaces around the digits of a date: 2023 年3 月15 日
_DATE_GAP = re.compile(r"(?<=\d)[ \u00a0]+(?=[年月日号])|(?<=[年月])[ \u00a0]+(?=\d)")
#: a short line whose phrases are separated by single spaces keeps them (a title, a heading)
SHORT_LINE = 40


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x2F00, 0x2FD6):
        nf = unicodedata.normalize("NFKC", chr(cp))
        if len(nf) == 1:
            table[cp] = nf
    for k, v in _RADICAL_SUPPLEMENT.items():
        table[ord(k)] = v
    return table


def map_radicals(text: str) -> str:
    """Kangxi radicals and radical supplements to the ordinary ideographs they stand for."""
    return _radical_sub()(text)


@lru_cache(maxsize=1)
def _radical_sub() -> Callable[[str], str]:
    return translator(_radical_table())


def _numeric_entity(name: str) -> str:
    try:
        if name.lower().startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
    except (ValueError, OverflowError):
        pass
    return ""


def fix_entities(text: str, markup: bool = True) -> str:
    """HTML entities, also the ones that lost their ``&`` (``9mdash;10日`` -> ``9—10日``).

    ``markup=False`` (plain text): only the typographic entities a copy leaked are decoded; ``&lt;``,
    ``&gt;``, ``&amp;`` and ``&quot;`` are the author's text there and stay as written."""
    if markup and "&" in text:
        text = html.unescape(text)

    def sub(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        if not markup and (name in _LITERAL or name.startswith("#")):
            return m.group(0)
        return _ENTITY_MAP.get(name, _numeric_entity(m.group(1)))

    return _ENTITY_LEAK.sub(sub, text)


#: entities that are text, not typography, in a plain-text file
_LITERAL = frozenset({"lt", "gt", "amp", "quot"})


def fix_spacing(text: str) -> str:
    """Remove spaces between CJK characters that layout put there, keep the author's."""
    gaps = _SPACED_PAIR.findall(text)
    if not gaps:
        return text
    cjk_pairs = len(re.findall(rf"(?=[{CJK}][{CJK}])", text))
    letter_spaced = len(gaps) >= 2 and len(gaps) >= cjk_pairs  # 作 者 / 目 录 / 办 公 室
    if letter_spaced or len(text) > SHORT_LINE:
        return _SPACED_PAIR.sub("", text)
    return _SPACED_PAIR.sub(" ", text)  # one plain space between phrases


def strip_html_tags(text: str) -> str:
    return _HTML_TAG.sub("", text) if "<" in text else text


def undouble(text: str) -> str:
    """A line printed several times (bold effect): ``标题标题`` -> ``标题``, ``重重要要`` -> ``重要``."""
    s = text.strip()
    n = len(s)
    for k in (2, 3, 4):
        if n >= 4 * k and n % k == 0 and s[: n // k] * k == s:
            return s[: n // k]
    for k in (2, 3):
        if n >= 4 * k and n % k == 0 and all(s[i:i + k] == s[i] * k for i in range(0, n, k)) \
                and any("\u4e00" <= c <= "\u9fff" for c in s):
            return s[::k]
    return text


def _gbk_plausible(text: str) -> float:
    return plausibility(text)


_LATIN_HIGH = re.compile(r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                         r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def looks_mojibake(text: str) -> bool:
    """Many Latin-1 letters above 0x7F and no CJK: GBK bytes read as a Western encoding."""
    s = "".join(text.split())
    if len(s) < 4 or re.search(f"[{CJK}]", s):
        return False
    return len(_LATIN_HIGH.findall(s)) / len(s) > 0.4


def recover_mojibake(text: str) -> str | None:
    """The Chinese text GBK mojibake stands for, or None when it is not recoverable."""
    if not looks_mojibake(text):
        return None
    for enc in ("latin-1", "cp1252"):
        try:
            raw = text.encode(enc)
        except UnicodeEncodeError:
            continue
        try:
            fixed = raw.decode("gb18030")
        except UnicodeDecodeError:
            continue
        if re.search(f"[{CJK}]", fixed) and _gbk_plausible(fixed) >= 0.6:
            return fixed
    return None


#: the layout tags a web copy saved as text keeps (``</p>在……``); other ``<…>`` in a text file is its text
_LAYOUT_TAG = re.compile(r"</?(?:p|br|div|span|font|strong|b|i|em|u|a|img|table|tbody|tr|td|th|li|ul|ol|h[1-6]|section|"
                         r"article|center|hr|sup|sub)(?:\s+[a-zA-Z:-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*\s*/?>", re.I)
#: formats whose lines are already visible text: the HTML reader decoded entities once and removed the
#: page's tags, and a plain-text file's ``<`` and ``>`` are the author's (``<script>`` shown as code)
VISIBLE_FORMATS = frozenset({"html", "txt", "md"})


#: a character the copy could not encode (an indent's full-width space, an emoji) saved as ``?`` at a
#: line's start, before Chinese text (``?同志们:``): no line of a text begins with a question mark
_LOST_LEAD = re.compile(r"^[?？]{1,3}\s*(?=[\u4e00-\u9fff])")


def repair_line(text: str, fmt: str = "") -> str:
    """Fix one line's characters; the order matters (entities before tags, tags before spacing).

    ``fmt`` is the reader's format: HTML lines are not decoded again (a page showing ``&lt;p&gt;``
    shows the text ``<p>``, which stays); plain-text lines keep their ``<`` and ``>``; other formats
    (PDF, DOCX and text of unknown origin) lose leaked tags and entities."""
    text = _ZERO_WIDTH.sub("", text)
    text = _BOOKMARK.sub("", text)
    text = _CID.sub("", text)
    fixed = recover_mojibake(text)
    if fixed is not None:
        text = fixed
    if fmt == "html":
        pass
    elif fmt in VISIBLE_FORMATS:
        text = fix_entities(text, markup=False)
        if "<" in text:
            text = _LAYOUT_TAG.sub("", text)  # a page's </p> or <br> left in a saved copy (not <script>, not a<b)
    else:
        text = fix_entities(text)
        text = strip_html_tags(text)
    text = _PUA.sub("", text)
    text = _LOOKALIKES(map_radicals(text))
    text = _DATE_GAP.sub("", text)
    text = text.replace("\u00a0", " ").replace("\t", " ").rstrip()
    text = _LOST_LEAD.sub("", fix_spacing(text.strip()))
    return undouble(text)


def page_defects(text: str) -> list[str]:
    """What is wrong with a page's text that repair will fix or drop (for the report)."""
    found: list[str] = []
    if _CID.search(text):
        found.append("去掉了没有 Unicode 对应的字形（(cid:N)）")
    if _PUA.search(text):
        found.append("去掉了私用区或替换字符")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if any(looks_mojibake(ln) for ln in lines):
        found.append("GBK 文字显示成了拉丁字母（已重新解码）")
    if any(0x2F00 <= ord(c) <= 0x2FDF or ord(c) in _radical_table() for c in text):
        found.append("康熙部首等形近字符（已换成常用汉字）")
    return found


_QUOTE_RUN = re.compile(r"[“”‘’](?:[ \u3000]*[“”‘’])*(?=[ \u3000]|[“”‘’]|$)|(?<=[ \u3000])[“”‘’](?:[ \u3000]*[“”‘’])*")
_GAP = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ \u3000](?=[{CJK}{CJK_PUNCT}])")


def restore_quotes(line: str) -> str:
    """Put back quotation marks a PDF extractor moved out of place.

    Word and LibreOffice print ``“”`` in a Western font; pypdf then emits the marks as a run of their own
    (``“ ” “ ”``) and leaves a space where each belonged: ``“ ”办公室是党委政府的 中枢 ，`` is
    ``办公室是党委政府的“中枢”，``.  The marks go back into the gaps in order, only when the numbers match.
    """
    if not re.search(r"[“”‘’]", line):
        return line
    runs = list(_QUOTE_RUN.finditer(line))
    marks = [c for m in runs for c in m.group(0) if c in "“”‘’"]
    if not marks or len(marks) < 2 and not runs:
        return line
    rest = re.sub(r"[ \u3000]*\0[ \u3000]*", "", _QUOTE_RUN.sub("\0", line))
    gaps = list(_GAP.finditer(rest))
    if len(gaps) != len(marks) or not _balanced(marks):
        return line
    out: list[str] = []
    last = 0
    for gap, mark in zip(gaps, marks, strict=True):
        out.append(rest[last:gap.start()])
        out.append(mark)
        last = gap.end()
    out.append(rest[last:])
    return "".join(out)


def _balanced(marks: list[str]) -> bool:
    """Marks that open and close in turn (“”“” or ‘’), as moved quotation marks do."""
    pairs = {"“": "”", "‘": "’"}
    return len(marks) % 2 == 0 and all(pairs.get(a) == b for a, b in zip(marks[::2], marks[1::2], strict=True))
