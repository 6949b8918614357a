"""Scoring against blind labels (kb.evaluate.blind) on small made-up label files, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.cli.main import main
from kb.errors import LabelsError
from kb.evaluate import blind
from kb.evaluate.blind import Labels

DOC = ("在全市办公室主任会议上的讲话\n"
       "同志们：今天召开会议，主要任务是部署下一阶段工作。\n"
       "一是要增强“四个意识”。办公室要做到“三个服务”，即为领导服务、为部门服务、为群众服务。"
       "古人云：“事以密成，语以泄败。”保密工作要常抓不懈。\n"
       "我们要心中装着群众，眼里看着群众，手上帮着群众。\n")


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_library_scores_precision_recall_expansions_speakers() -> None:
    gold = {"A": Labels(formulations=[{"name": "三个服务", "expansion": "为领导服务、为部门服务、为群众服务"},
                                      {"name": "两个维护", "expansion": ""}],
                        quotations=[{"text": "事以密成，语以泄败", "speaker": "古人"},
                                    {"text": "好事不出门，坏事传千里", "speaker": ""}],
                        headings=["一是要增强“四个意识”"]),
            "B": Labels(sentences=[{"text": "我们要心中装着群众，眼里看着群众，手上帮着群众。", "types": ["排比"]}])}
    pred = {"A": Labels(formulations=[{"name": "三服务", "expansion": "为领导服务、为部门服务、为群众服务"},
                                      {"name": "两个维护", "expansion": "两个确立"},
                                      {"name": "四个意识", "expansion": ""}],
                        quotations=[{"text": "事以密成，语以泄败。", "speaker": "古人"}],
                        headings=["一是要增强“四个意识”"]),
            "B": Labels(sentences=[{"text": "我们要心中装着群众，眼里看着群众，手上帮着群众。", "types": ["排比"]}])}
    s = blind.library_scores(gold, pred)
    assert (s["formulations"]["tp"], s["formulations"]["predicted"], s["formulations"]["gold"]) == (2, 3, 2)
    assert s["formulations"]["p"] == pytest.approx(2 / 3) and s["formulations"]["r"] == 1.0
    assert s["quotations"]["p"] == 1.0 and s["quotations"]["r"] == 0.5
    assert s["expansions"]["right"] == 1 and s["expansions"]["stated"] == 1
    assert s["expansions"]["invented"] == 1 and s["expansions"]["unstated"] == 1  # 两个维护 -> 两个确立
    assert s["speakers"]["right"] == 1 and s["speakers"]["attributed"] == 1
    assert s["sentences"]["f1"] == 1.0 and s["headings"]["f1"] == 1.0 and s["sentence_types"]["right"] == 1


def test_kinds_topics_macro_f1_and_kappa() -> None:
    gold = {"A": Labels(kinds={"原则/要求"}, topics={"学习"}), "B": Labels(kinds={"事例/做法"}),
            "C": Labels(kinds={"原则/要求"})}
    pred = {"A": Labels(kinds={"原则/要求"}, topics={"学习"}), "B": Labels(kinds={"原则/要求"}), "C": Labels()}
    r = blind.score(gold, pred)
    assert r["kinds"]["原则/要求"]["f1"] == pytest.approx(0.5)
    assert r["kinds"]["事例/做法"]["f1"] == 0.0
    assert r["kinds_macro_f1"] == pytest.approx(0.25) and r["topics_macro_f1"] == 1.0
    a = {"1": {"x"}, "2": {"x"}, "3": set(), "4": set()}
    assert blind.kappa(a, a, "x") == 1.0
    assert blind.kappa(a, {"1": {"x"}, "2": set(), "3": {"x"}, "4": set()}, "x") == pytest.approx(0.0)


def test_agreement_per_half(tmp_path: Path) -> None:
    passages = {"L1": blind.LabelledPassage("L1", "f.txt", "dev", "x"),
                "L2": blind.LabelledPassage("L2", "f.txt", "test", "y")}
    a = {"L1": Labels(kinds={"原则/要求"}, formulations=[{"name": "三办", "expansion": ""}]),
         "L2": Labels(kinds={"开头"})}
    b = {"L1": Labels(kinds={"原则/要求"}, formulations=[{"name": "三办", "expansion": ""}]), "L2": Labels()}
    r = blind.agreement(a, b, passages, ["dev", "test"])
    assert r["dev"]["passages"] == 1 and r["dev"]["formulations"]["f1"] == 1.0
    assert r["dev"]["kinds"]["kappa"]["原则/要求"] == 1.0
    assert r["test"]["kinds"]["macro_f1"] == 0.0


def test_kb_labels_from_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "d.txt").write_text(DOC, encoding="utf-8")
    text = DOC.split("\n")[2]
    passages = {"L1": blind.LabelledPassage("L1", "raw/d.txt", "dev", text)}
    pred, problems = blind.kb_labels(passages, tmp_path, tmp_path / "corpus")
    assert problems == []
    lab = pred["L1"]
    names = {f["name"]: f["expansion"] for f in lab.formulations}
    assert names["三个服务"] == "为领导服务、为部门服务、为群众服务" and names["四个意识"] == ""
    assert any(q["text"].startswith("事以密成") and q["speaker"] == "古人" for q in lab.quotations)
    assert "一是要增强“四个意识”" in lab.headings and "标题" in lab.kinds
    missing, why = blind.kb_labels({"L2": blind.LabelledPassage("L2", "raw/none.txt", "dev", "x")}, tmp_path,
                                   tmp_path / "corpus")
    assert missing["L2"] == Labels() and why == ["raw/none.txt: not found"]


def test_command_scores_halves_and_agreement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "d.txt").write_text(DOC, encoding="utf-8")
    lines = DOC.split("\n")
    labels_dir = tmp_path / "labels"
    labels_dir.mkdir()
    _write(labels_dir / "passages.jsonl", [
        {"id": "L1", "file": "raw/d.txt", "half": "dev", "heading": "", "text": lines[2]},
        {"id": "L2", "file": "raw/d.txt", "half": "test", "heading": "", "text": lines[3]}])
    row = {"kinds": ["原则/要求", "标题"], "topics": [], "quotations": [{"text": "事以密成，语以泄败", "speaker": "古人"}],
           "formulations": [{"name": "三个服务", "expansion": "为领导服务、为部门服务、为群众服务"}],
           "sentences": [], "headings": ["一是要增强“四个意识”"]}
    final = _write(labels_dir / "final.jsonl", [
        {"id": "L1", **row},
        {"id": "L2", "kinds": ["表述/金句"], "topics": [], "formulations": [], "quotations": [], "headings": [],
         "sentences": [{"text": "我们要心中装着群众，眼里看着群众，手上帮着群众。", "types": ["排比"]}]}])
    other = _write(labels_dir / "labeller-2.jsonl", [{"id": "L1", **row}])
    code = main(["eval-labels", str(final), "--corpus", str(tmp_path / "corpus"), "--halves", "dev,test",
                 "--agreement", str(final), str(other), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and set(out["halves"]) == {"dev", "test"}
    dev = out["halves"]["dev"]
    assert dev["passages"] == 1 and dev["formulations"]["r"] == 1.0 and dev["quotations"]["r"] == 1.0
    assert dev["expansions"]["right"] == 1 and dev["speakers"]["right"] == 1
    assert out["halves"]["test"]["sentences"]["r"] == 1.0
    assert out["agreement"]["dev"]["passages"] == 1 and out["agreement"]["dev"]["formulations"]["f1"] == 1.0
    assert main(["eval-labels", str(final), "--corpus", str(tmp_path / "corpus"), "--halves", "train"]) == 2
    assert "--halves" in capsys.readouterr().err


def test_bad_label_files_are_typed_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "L1"}\nnot json\n', encoding="utf-8")
    with pytest.raises(LabelsError, match="第 2 行"):
        blind.read_jsonl(bad)
    with pytest.raises(LabelsError):
        blind.read_jsonl(tmp_path / "none.jsonl")
    assert blind.is_blind_format([{"id": "L1", "formulations": []}])
    assert not blind.is_blind_format([{"doc": "x", "contains": "y", "kinds": []}])


def test_rounds_scored_together_and_ids_never_shared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "d.txt").write_text(DOC, encoding="utf-8")
    lines = DOC.split("\n")
    empty = {"kinds": [], "topics": [], "formulations": [], "quotations": [], "headings": [], "sentences": []}
    rounds = []
    for name, pid, line, half in (("labels3", "W1", 2, "dev"), ("labels4", "X1", 3, "test")):
        d = tmp_path / name
        d.mkdir()
        _write(d / "passages.jsonl", [{"id": pid, "file": "raw/d.txt", "half": half, "heading": "", "text": lines[line]}])
        rounds.append(_write(d / "final.jsonl", [{"id": pid, **empty, "kinds": ["表述/金句"]}]))
    gold, passages, unknown = blind.load_rounds(rounds)
    assert set(gold) == set(passages) == {"W1", "X1"} and unknown == []
    assert passages["X1"].half == "test" and set(gold["W1"].kinds) == {"表述/金句"}
    code = main(["eval-labels", *map(str, rounds), "--root", str(tmp_path), "--corpus", str(tmp_path / "corpus"),
                 "--halves", "dev,test", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["halves"]["dev"]["passages"] == 1 and out["halves"]["test"]["passages"] == 1
    assert out["labels"] == [str(p) for p in rounds]
    with pytest.raises(LabelsError, match="同一个段落编号"):
        blind.load_rounds([rounds[0], rounds[0]])
