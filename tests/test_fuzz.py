"""Fuzzing: every reader, and the cleaning, metadata and segmentation chain, on generated and mutated input.

Nothing may escape but :class:`~kb.errors.KbError` (a bad file is the user's to fix, with a message);
any other exception is a defect of kb.  CI runs a bounded number of examples (profile ``ci``); run more
by hand with ``KB_FUZZ=deep .venv/bin/python -m pytest tests/test_fuzz.py --timeout 0`` (profile ``deep``,
300 examples a test; the PDF cases take minutes).
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import metadata, segment
from kb.clean.document import clean
from kb.config import Settings
from kb.errors import KbError
from kb.extract import _reader, extract
from kb.ingest.pipeline import build_document
from kb.models import Block, SourceDocument

FIXTURES = Path(__file__).resolve().parent / "fixtures"
settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("deep", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("KB_FUZZ", "ci"))

#: text that looks like what the cleaner meets: Chinese prose, web furniture, anti-copy noise, markup
PIECES = ["同志们：", "今天召开全县办公室主任会议。", "一、提高政治站位", "（一）", "首页>范文>讲话>", "上传人:la****1",
          "文档编号:881133", "第1页 / 共5页", "' ^2 _& f3 S+ }! ^1 @ k", "更新时间：2024-08-28", "来源：网络",
          "——在全区大会上的讲话", "2022年3月5日", "二〇二二年三月五日", "<script>alert(1)</script>", "&lt;b&gt;",
          "&nbsp;", "免责声明：本内容为用户上传", "试读结束", "@page { size: 8.27in 11.69in; }", "…", "。", "，",
          "\u3000", " ", "\t", "\x00", "\ufeff", "\u200b", "(cid:12)", "⽤", "ÎÒÃÇ", "张三", "市委书记 李明",
          "讲话", "①坚持", "发言稿.doc", "下面是小编整理的讲话，欢迎阅读。", "[复制链接]", "显示全部楼层", "关灯", ">", "》"]
chinese_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map("".join)
lines = st.lists(chinese_text, max_size=40)


def _only_kb_errors(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except KbError as exc:
        assert str(exc)  # names the problem
        return None


@pytest.mark.parametrize("fmt, suffix", [("txt", ".txt"), ("md", ".md"), ("html", ".html"), ("pdf", ".pdf"),
                                         ("docx", ".docx")])
@given(data=st.binary(max_size=3000))
def test_every_reader_raises_only_kb_errors_on_any_bytes(fmt: str, suffix: str, data: bytes) -> None:
    _only_kb_errors(_reader(fmt), Path("fuzz" + suffix), data)


@given(blocks=st.lists(st.tuples(chinese_text, st.sampled_from(["para", "heading", "title", "subtitle", "table"]),
                                 st.integers(0, 6), st.one_of(st.none(), st.integers(1, 5))), max_size=40),
       fmt=st.sampled_from(["txt", "html", "pdf", "docx", "md"]))
def test_cleaning_metadata_and_segmentation_never_fail(blocks: list[tuple[str, str, int, int | None]],
                                                       fmt: str) -> None:
    src = SourceDocument(path=Path("fuzz.txt"), format=fmt,
                         blocks=tuple(Block(t, k, lvl, p) for t, k, lvl, p in blocks))  # type: ignore[arg-type]
    cleaned = clean(src)
    full = "\n".join(b.text for b in cleaned.lines)
    meta, consumed = metadata.detect(cleaned.lines, cleaned.meta, src.meta, src.path, full)
    assert 0 <= consumed <= len(cleaned.lines)
    assert meta.date == "" or meta.date[:4].isdigit()
    units = segment.structure(cleaned.lines[consumed:], meta.title)
    passages, _outline = segment.passages_and_outline(units)
    assert all(p.text.strip() for p in passages)


@given(text=lines)
def test_text_files_build_or_fail_with_a_kb_error(text: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "a.txt"
        p.write_text("\n".join(text), encoding="utf-8")
        _only_kb_errors(build_document, p, "a.txt", Settings(corpus=Path(tmp), index=Path(tmp) / "index"))


REAL = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".pdf", ".docx", ".html"))


@pytest.mark.parametrize("name", [p.name for p in REAL])
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 8))
def test_mutated_real_files_fail_only_with_kb_errors(name: str, seed: int, edits: int) -> None:
    """Real fixture files with bytes flipped, cut, doubled or removed, read through the whole build."""
    data = bytearray((FIXTURES / name).read_bytes())
    rng = random.Random(seed)
    for _ in range(edits):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.randrange(4)
        if op == 0:
            data[at] = rng.randrange(256)
        elif op == 1:
            del data[at:at + rng.randrange(1, 64)]
        elif op == 2:
            data[at:at] = data[at:at + rng.randrange(1, 64)]
        else:
            del data[at:]
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / name
        p.write_bytes(bytes(data))
        s = Settings(corpus=Path(tmp), index=Path(tmp) / "index")
        _only_kb_errors(extract, p)
        _only_kb_errors(build_document, p, name, s)
