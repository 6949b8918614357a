"""kb.evaluate.fidelity: the blind-truth scorer on small made-up truth and readings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.config import Settings
from kb.evaluate import fidelity as fd
from kb.evaluate import truth as tr


def _truth(tmp: Path, half: str, stem: str, **values: object) -> None:
    d = tmp / half
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{stem}.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")


def test_load_truth_halves_from_folders_and_split(tmp_path: Path) -> None:
    _truth(tmp_path, "dev", "a", file="web/a.html", title="甲")
    _truth(tmp_path, "test", "b", file="txt/b.txt", title="乙")
    truths = tr.load_truth(tmp_path)
    assert [(t.stem, t.half, t.values["title"]) for t in truths] == [("a", "dev", "甲"), ("b", "test", "乙")]
    split = tmp_path.parent / f"{tmp_path.name}-split.json"
    split.write_text(json.dumps({"dev": ["txt/b.txt"], "test": ["web/a.html"]}), encoding="utf-8")
    assert [(t.stem, t.half) for t in tr.load_truth(tmp_path, tr.load_split(split))] == [("a", "test"), ("b", "dev")]
    split.write_text(json.dumps({"a.html": "dev", "b.txt": "dev"}), encoding="utf-8")
    assert {t.half for t in tr.load_truth(tmp_path, tr.load_split(split))} == {"dev"}


def test_load_truth_errors_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(tr.TruthError) as e:
        tr.load_truth(tmp_path / "nope")
    assert str(e.value) == (f"{tmp_path / 'nope'}: 真值文件夹不存在。"
                            "解决办法：给出存放真值 JSON 文件的文件夹（如 /work/outside/truth）")
    (tmp_path / "bad.json").write_text("[1", encoding="utf-8")
    with pytest.raises(tr.TruthError) as e2:
        tr.load_truth(tmp_path)
    assert e2.value.code == "truth" and e2.value.fix == "把它改成合法的 JSON，或移出真值文件夹"


def _reading(src: str, passages: tuple[str, ...], **values: str) -> fd.Reading:
    base = {k: "" for k in tr.FIELDS}
    return fd.Reading(src, "d-" + src, base | values, passages)


def test_score_fields_junk_spans_and_furniture() -> None:
    t1 = tr.Truth("a", "web/a.html", "dev", {"title": "在全县办公室主任会议上的讲话", "subtitle": "", "speaker": "张三",
                                              "date": "2022年3月5日", "genre": "讲话稿"},
                  junk_lines=("上传人:la****1 文档编号:881133", "关灯", "' ^2 _& f3 S+ }! ^1 @ k"),
                  author_spans=("今天召开全县办公室主任会议", "这句话不在里面"))
    t2 = tr.Truth("b", "txt/b.txt", "test", {"title": "工作总结", "subtitle": "", "speaker": "", "date": "",
                                             "genre": "文章"}, junk_lines=("首页>范文>总结>",), author_spans=())
    r1 = _reading("web/a.html", ("同志们:今天召开全县办公室主任会议。上传人:la****1 文档编号:881133", "关灯"),
                  title="在全县办公室主任会议上的讲话", speaker="心旷神怡", date="2022-03-05", genre="讲话")
    r2 = _reading("txt/b.txt", ("正文",), title="首页>范文>总结>", date="2023-01-01", genre="文章")
    pairs = fd.match_truth([t1, t2], {"web/a.html": r1, "txt/b.txt": r2})
    assert [r.source for _t, r in pairs if r] == ["web/a.html", "txt/b.txt"]
    halves = fd.score(pairs, lambda reading, probe: any(probe in p for p in reading.passages))
    assert sorted(halves) == ["all", "dev", "test"]
    s = halves["all"].summary()
    assert s["fields"]["title"] == {"precision": 0.5, "recall": 0.5, "right": 1, "given": 2, "stated": 2}
    assert s["fields"]["speaker"] == {"precision": 0.0, "recall": 0.0, "right": 0, "given": 1, "stated": 1}
    assert s["fields"]["date"] == {"precision": 0.5, "recall": 1.0, "right": 1, "given": 2, "stated": 1}
    assert s["fields"]["genre"]["right"] == 2
    assert s["fields"]["subtitle"] == {"precision": 1.0, "recall": 1.0, "right": 0, "given": 0, "stated": 0}
    dev = halves["dev"].docs[0]
    assert dev.junk_left == ["上传人:la****1 文档编号:881133", "关灯"]  # 关灯 is short: counted as a whole passage
    assert dev.spans_missing == [{"span": "这句话不在里面", "probe": "这句话不在里面", "in_passages": False,
                                  "in_heading": False}]
    assert halves["test"].docs[0].furniture_title is True
    assert s["junk_left"] == 2 and s["junk_per_100_docs"] == 100.0 and s["furniture_titles"] == 1
    assert s["spans"] == 2 and s["spans_missing"] == 1 and s["spans_found"] == 0.5


def test_junk_that_the_truth_also_calls_author_text_is_not_counted() -> None:
    t = tr.Truth("a", "a.txt", "", {k: "" for k in tr.FIELDS}, junk_lines=("讲话稿",), author_spans=("这是讲话稿的正文",))
    r = _reading("a.txt", ("这是讲话稿的正文",))
    assert fd.score(fd.match_truth([t], {"a.txt": r}), lambda *_: True)["all"].docs[0].junk_left == []


def test_junk_repeating_the_opening_counts_only_when_every_copy_is_kept() -> None:
    opening = "今天这次会议是第一次联席会议,两级就是省委督导组"
    t = tr.Truth("a", "a.txt", "", {k: "" for k in tr.FIELDS}, junk_lines=(opening + "。",), author_spans=())
    raw = {"a.txt": opening + "。\n" + opening + ",三方就是市里的督导组。"}
    kept_one = _reading("a.txt", (opening + ",三方就是市里的督导组。",))
    kept_both = _reading("a.txt", (opening + "。", opening + ",三方就是市里的督导组。"))
    for reading, left in ((kept_one, []), (kept_both, [opening + "。"])):
        got = fd.score(fd.match_truth([t], {"a.txt": reading}), lambda *_: True, raw)["all"].docs[0].junk_left
        assert got == left


def test_missing_document_and_failed_file() -> None:
    t = tr.Truth("gone", "pdf/gone.pdf", "dev", {k: "" for k in tr.FIELDS}, (), ("正文",))
    t2 = tr.Truth("bad", "pdf/bad.pdf", "dev", {"title": "甲"} | {k: "" for k in tr.FIELDS[1:]}, (), ())
    bad = fd.Reading("pdf/bad.pdf", "", {}, (), error="pdf/bad.pdf: 加密")
    halves = fd.score(fd.match_truth([t, t2], {"pdf/bad.pdf": bad}), lambda *_: True)
    docs = halves["dev"].docs
    assert docs[0].error == "not read (no document for this truth file)"
    assert docs[0].spans_missing == [{"span": "正文", "probe": "正文", "in_passages": False, "in_heading": False}]
    assert docs[1].error == "pdf/bad.pdf: 加密"
    assert halves["dev"].summary()["failed"] == 2
    assert halves["dev"].summary()["fields"]["title"]["recall"] == 0.0


def test_span_probe() -> None:
    assert fd.span_probe('他说"好"就是好的意思') == "就是好的意思"
    assert fd.span_probe("字" * 100) == "字" * fd.MAX_SPAN


def test_evaluate_end_to_end(tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    text = ("在全县办公室主任会议上的讲话\n\n同志们：\n\n今天召开全县办公室主任会议，主要任务是总结工作、部署任务。"
            "办公室工作要做到遇事留心、工作用心、办事细心，切实提高服务水平。\n\n"
            "第1页 / 共5页\n\n希望大家认真贯彻落实会议精神，努力开创办公室工作新局面。\n")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    truth = tmp_path / "truth"
    _truth(truth, "dev", "a", file="a.txt", title="在全县办公室主任会议上的讲话", genre="讲话",
           junk_lines=["第1页 / 共5页"], author_spans=["今天召开全县办公室主任会议", "努力开创办公室工作新局面"])
    results = fd.evaluate(corpus, truth, None, Settings(corpus=corpus, index=tmp_path / "unused"))
    s = results["kb"]["dev"].summary()
    assert s["fields"]["title"]["right"] == 1 and s["fields"]["genre"]["right"] == 1
    assert s["junk_left"] == 0 and s["spans_missing"] == 0 and s["failed"] == 0
    b = results["baseline"]["dev"].summary()
    assert b["junk_left"] == 1 and b["fields"]["genre"]["right"] == 0
    lines = fd.report_lines(results)
    assert lines[0] == "== dev: 1 documents, 0 failed   (baseline: plain reader lines, no cleaning)"
    assert "  furniture titles 0   baseline 0" in lines
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]  # the corpus is only read


def test_misses_of_the_test_half_are_listed_only_when_asked(tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    for stem in ("a", "b"):
        (corpus / f"{stem}.txt").write_text("在全县办公室主任会议上的讲话\n\n同志们：今天召开会议，部署任务。\n", encoding="utf-8")
    truth = tmp_path / "truth"
    for half, stem in (("dev", "a"), ("test", "b")):
        _truth(truth, half, stem, file=f"{stem}.txt", title="一个不对的标题", genre="讲话")
    results = fd.evaluate(corpus, truth, None, Settings(corpus=corpus, index=tmp_path / "unused"))
    closed = "\n".join(fd.report_lines(results))
    assert "a.txt" in closed and "b.txt" not in closed and "--test-misses" in closed
    opened = "\n".join(fd.report_lines(results, detail_halves=("dev", "test")))
    assert "b.txt" in opened
