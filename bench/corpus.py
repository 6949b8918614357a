"""A realistic synthetic corpus for the benchmark, resampled from the bundled documents in corpus/.

How it is made (deterministic for a given seed):

1. Every bundled document goes through kb's own build step (extract -> clean -> segment); its passages
   are cut into sentences (at 。！？；) and its headings are collected: that is the *material*.
2. Each synthetic passage is 2-4 sentences drawn at random from the material, in which every run of
   digits is replaced by a fresh random number (so 3个 / 2019年 / 17.5% vary), and with probability
   0.5 one generated sentence is added that names a person (a random surname and a one- or two-
   character given name from 120 characters: ~1.7 million possible names), a place (random
   prefix + suffix: 市/县/区/镇/乡) and a date (1990-2025); so the vocabulary keeps growing with N,
   as it does in a real archive.
3. Passages are grouped into documents of 50-200 passages with a title line (a speech or report
   title with a name, place and year), a date line, and a numbered heading (一、二、…) every 5-15
   passages; each document is written as a UTF-8 .txt file, passages separated by blank lines,
   into ``<out>/<batch>/doc-<n>.txt`` (500 files per folder).

kb's segmenter keeps one paragraph per passage (each is 40-400 characters), so the number of passages
indexed is close to N; the benchmark reports the exact number kb indexed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏建红玲飞斌宇浩凯健俊帆帅旭宁亮"
         "成志海峰鑫波辉丹林琳婷雪梅晨晓东欣慧颖瑶博文哲睿思源嘉怡佳琪子轩雨泽涵然梓宏振国庆春生"
         "福德友永金荣彬昊天翔云龙安乐康顺达远")
PLACE_A = "东西南北中新安永平和兴长宁德福泰华昌阳山江河湖海清丰乐金宝云龙"
PLACE_B = ["市", "县", "区", "镇", "乡", "开发区"]
ORGS = ["办公室", "政府办", "党委办", "发改委", "财政局", "教育局", "农业农村局", "政研室", "信访局", "档案馆",
        "机关事务管理局", "督查室", "接待办", "保密办"]
EVENTS = ["全市办公室工作会议", "全区党政办公室主任会议", "全县机关作风建设推进会", "办公室系统业务培训班",
          "督查工作座谈会", "政务信息工作会议", "年度工作总结表彰大会", "机关党建工作会议"]
SENT_TEMPLATES = [
    "{date}，{name}同志在{place}{org}调研时强调，要把抓落实作为办公室工作的重中之重。",
    "{place}{org}{name}介绍，{year}年共办理各类文件{n}件，编报信息{m}条。",
    "据{place}{org}统计，截至{date}，已督办重点事项{n}项，办结率达{p}%。",
    "{name}在{date}召开的{event}上指出，办公室要当好参谋助手。",
    "{year}年以来，{place}先后承办会议{n}次，接待来访群众{m}人次。",
]
KINDS = ["讲话", "工作报告", "经验交流", "工作随记", "调研报告"]
_DIGITS = re.compile(r"\d+")
_SENT = re.compile(r"(?<=[。！？；])")


@dataclass
class Material:
    sentences: list[str]
    headings: list[str]


def load_material(source: Path = BUNDLED) -> Material:
    """Sentences and headings of the bundled documents, through kb's own build step."""
    from kb.config import Settings
    from kb.extract import is_supported
    from kb.ingest.pipeline import build_document

    sentences: list[str] = []
    headings: list[str] = []
    for path in sorted(source.iterdir()):
        if not path.is_file() or not is_supported(path):
            continue
        doc = build_document(path, path.name, Settings(corpus=source))
        for p in doc.passages:
            for s in _SENT.split(p.text):
                s = s.strip()
                if 8 <= len(s) <= 160:
                    sentences.append(s)
        for h in doc.outline:
            text = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[、)）.．]\s*", "", h.text).strip()
            if 4 <= len(text) <= 30 and not re.search(r"[。；]", text):
                headings.append(text)
    if not headings:
        headings = ["提高政治站位", "强化服务意识", "狠抓工作落实", "加强自身建设"]
    return Material(sentences, headings)


class Generator:
    def __init__(self, material: Material, seed: int = 8) -> None:
        self.m = material
        self.rng = random.Random(seed)

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def place(self) -> str:
        r = self.rng
        return r.choice(PLACE_A) + r.choice(PLACE_A) + r.choice(PLACE_B)

    def date(self) -> str:
        r = self.rng
        return f"{r.randint(1990, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日"

    def _number(self, match: re.Match[str]) -> str:
        digits = match.group(0)
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(self.rng.randint(1990, 2025))
        return str(self.rng.randint(1, 10 ** min(len(digits), 4) * 3))

    def sentence(self) -> str:
        return _DIGITS.sub(self._number, self.rng.choice(self.m.sentences))

    def generated_sentence(self) -> str:
        r = self.rng
        return r.choice(SENT_TEMPLATES).format(
            date=self.date(), name=self.name(), place=self.place(), org=r.choice(ORGS), year=r.randint(1990, 2025),
            event=r.choice(EVENTS), n=r.randint(3, 9000), m=r.randint(10, 90000), p=r.randint(60, 100))

    def passage(self) -> str:
        r = self.rng
        parts = [self.sentence() for _ in range(r.randint(2, 4))]
        if r.random() < 0.5:
            parts.insert(r.randint(0, len(parts)), self.generated_sentence())
        text = "".join(parts)
        while len(text) > 380:
            parts.pop()
            text = "".join(parts) or self.sentence()[:380]
        if len(text) < 60:
            text += self.generated_sentence()
        if text[-1] not in "。！？；":
            text += "。"
        return text

    def document(self, n_passages: int) -> str:
        r = self.rng
        year = r.randint(1995, 2025)
        title = f"{self.name()}在{self.place()}{r.choice(EVENTS)}上的{r.choice(KINDS)}"
        lines = [title, "", f"（{year}年{r.randint(1, 12)}月{r.randint(1, 28)}日）", ""]
        numerals = "一二三四五六七八九十"
        heading_no = 0
        next_heading = 0
        for i in range(n_passages):
            if i == next_heading and heading_no < len(numerals):
                lines += [f"{numerals[heading_no]}、{r.choice(self.m.headings)}", ""]
                heading_no += 1
                next_heading = i + r.randint(5, 15)
            lines += [self.passage(), ""]
        return "\n".join(lines)


def write_corpus(out: Path, n_passages: int, seed: int = 8, material: Material | None = None) -> dict[str, int]:
    """Write about ``n_passages`` passages as .txt documents under ``out``; returns counts."""
    gen = Generator(material or load_material(), seed)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    files = 0
    nbytes = 0
    while written < n_passages:
        size = min(gen.rng.randint(50, 200), n_passages - written)
        if size < 50 and files:
            size = n_passages - written
        folder = out / f"batch-{files // 500:04d}"
        folder.mkdir(exist_ok=True)
        text = gen.document(size)
        path = folder / f"doc-{files:06d}.txt"
        path.write_text(text, encoding="utf-8")
        nbytes += len(text.encode("utf-8"))
        written += size
        files += 1
    return {"files": files, "passages_written": written, "bytes": nbytes}
