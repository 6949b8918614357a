"""tests/outside/label_windows.py: windows of raw files, and labels frozen without text then restored."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "label_windows", Path(__file__).resolve().parents[1] / "outside" / "label_windows.py")
assert _spec and _spec.loader
lw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lw)

TEXT = ("关于加强办公室工作的讲话\n\n网站首页 > 范文 > 讲话稿\n\n"
        "同志们：今天召开全县办公室主任会议，主要任务是总结工作、部署任务。办公室是一个单位的中枢，"
        "要当好参谋助手，做到精明、能干、忠诚、可靠。古人云：“事以密成，语以泄败。”\n"
        + "一是要加强学习，不断提高综合素质和业务能力，努力做到政治上靠得住、工作上有本事。" * 6)


def test_windows_are_slices_within_bounds_and_skip_junk() -> None:
    ws = lw.windows(TEXT, {"网站首页 > 范文 > 讲话稿"})
    assert ws
    for s, e in ws:
        piece = TEXT[s:e]
        assert lw.MIN <= len(piece) <= lw.MAX
        assert "网站首页" not in piece
        assert piece == piece.strip()


def test_freeze_keeps_no_text_and_restore_gives_it_back(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "raw" / "web9").mkdir(parents=True)
    (outside / "raw" / "web9" / "z001.txt").write_text(TEXT, encoding="utf-8")
    s, e = lw.windows(TEXT, set())[0]
    text = TEXT[s:e]
    work = tmp_path / "work"
    work.mkdir()
    passage = {"id": "W001", "file": "raw/web9/z001.txt", "half": "dev", "heading": "", "text": text,
               "start": s, "end": e}
    label = {"id": "W001", "kinds": ["开头"], "topics": ["地位作用"],
             "formulations": [{"name": "精明、能干、忠诚、可靠", "expansion": ""}],
             "quotations": [{"text": "事以密成，语以泄败。", "speaker": "古人"}],
             "sentences": [], "headings": ["关于加强办公室工作的讲话"]}
    (work / "passages.jsonl").write_text(json.dumps(passage, ensure_ascii=False) + "\n", encoding="utf-8")
    (work / "final.jsonl").write_text(json.dumps(label | {"text": text}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    git = tmp_path / "git"
    lw.freeze(work, git)
    frozen = (git / "final.jsonl").read_text(encoding="utf-8") + (git / "passages.jsonl").read_text(encoding="utf-8")
    for secret in ("事以密成", "精明", "同志们", "关于加强"):
        assert secret not in frozen
    assert json.loads((git / "passages.jsonl").read_text())["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    out = tmp_path / "restored"
    msg = lw.restore(git, out, outside)
    assert "restored 1 of 1" in msg
    back = json.loads((out / "final.jsonl").read_text(encoding="utf-8"))
    assert back == label | {"text": text}
    assert json.loads((out / "passages.jsonl").read_text(encoding="utf-8")) == passage
    assert (out / "raw" / "web9" / "z001.txt").exists()


def test_restore_skips_a_passage_whose_file_changed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "raw").mkdir(parents=True)
    (outside / "raw" / "a.txt").write_text(TEXT, encoding="utf-8")
    s, e = lw.windows(TEXT, set())[0]
    work, git = tmp_path / "w", tmp_path / "g"
    work.mkdir()
    (work / "passages.jsonl").write_text(json.dumps({"id": "W001", "file": "raw/a.txt", "half": "dev",
                                                     "text": TEXT[s:e], "start": s, "end": e},
                                                    ensure_ascii=False) + "\n", encoding="utf-8")
    lw.freeze(work, git)
    (outside / "raw" / "a.txt").write_text("另一个文件" + TEXT, encoding="utf-8")
    assert "1 whose file is missing or differs" in lw.restore(git, tmp_path / "r", outside)


@pytest.mark.parametrize("n", [lw.MAX + 50, 3 * lw.MAX])
def test_a_long_line_is_cut_after_sentence_ends(n: int) -> None:
    line = ("办公室工作要细致周到。" * n)[:n]
    for s, e in lw._pieces(line):
        assert e - s <= lw.MAX
