"""Who can be quoted: the speakers of ``kb/data/speakers.txt`` with their aliases (小平同志 -> 邓小平,
俗话 -> 俗语), and a raw mention read as one of them or as a name with its title (毛泽东同志 -> 毛泽东,
江总书记 -> 江泽民, **市长 stays masked).  Used by :mod:`kb.finders.quotes`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.analysis import data_file
from kb.text import HAN

TITLES = "同志|总书记|书记|主席|总理|委员长|省长|市长|县长|区长|局长|厅长|部长|主任|秘书长|先生|院士|教授"

#: common surnames, for a person named without a title (卢宇说, 在墨尔本留学的马素湘说)
SURNAMES = ("欧阳|司马|诸葛|上官|司徒|东方|王|李|张|刘|陈|杨|黄|赵|吴|周|徐|孙|马|朱|胡|郭|何|高|林|罗|郑|梁|谢|宋|唐|许|"
            "韩|冯|邓|曹|彭|曾|肖|萧|田|董|袁|潘|于|蒋|蔡|余|杜|叶|程|苏|魏|吕|丁|任|沈|姚|卢|姜|崔|钟|谭|陆|汪|范|金|石|"
            "廖|贾|夏|韦|付|傅|方|白|邹|孟|熊|秦|邱|江|尹|薛|闫|阎|段|雷|侯|龙|史|陶|黎|贺|顾|毛|郝|龚|邵|万|钱|严|覃|"
            "武|戴|莫|孔|向|汤|常|温|康|施|文|牛|樊|葛|邢|安|齐|易|乔|伍|庞|颜|倪|庄|聂|章|鲁|岳|翟|殷|詹|申|耿|关|兰|"
            "焦|俞|左|柳|甘|祝|包|宁|尚|符|舒|阮|柯|纪|梅|童|凌|毕|单|季|裴|霍|涂|成|苗|谷|盛|曲|翁|冉|骆|蓝|路|游|辛|"
            "靳|管|柴|蒙|鲍|华|喻|祁|蒲|房|滕|屈|饶|解|牟|艾|尤|阳|时|穆|农|司|卓|古|吉|缪|简|车|项|连|芦|麦|褚|娄|窦|"
            "戚|岑|景|党|宫|费|卜|冷|晏|席|卫|米|柏|宗|瞿|桂|全|佟|应|臧|闵|苟|邬|边|卞|姬|师|和|仇|栾|隋|商|刁|沙|荣|"
            "巫|寇|桑|郎|甄|丛|仲|虞|敖|巩|明|佘|池|查|麻|苑|迟|邝")
NAME = re.compile(rf"(?:{SURNAMES})[{HAN}]{{1,2}}")


@dataclass(frozen=True)
class Speakers:
    canonical: dict[str, str]  # alias or name -> canonical name
    kinds: dict[str, str]      # canonical -> person / classic / saying / book

    def pattern(self) -> re.Pattern[str]:
        names = sorted(self.canonical, key=len, reverse=True)
        return re.compile("|".join(re.escape(n) for n in names))


@lru_cache(maxsize=1)
def speakers() -> Speakers:
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for raw in data_file("speakers.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _eq, aliases = line.partition("=")
        name = name.strip()
        canonical[name] = name
        for a in aliases.split(","):
            if a.strip():
                canonical[a.strip()] = name
        kinds[name] = {"古人": "classic", "俗语": "saying"}.get(name, "person")
    for alias in ("人们常", "大家常", "大家都"):  # 人们常说：a saying, given as the text says it
        canonical.setdefault(alias, "人们")
    kinds.setdefault("人们", "saying")
    return Speakers(canonical, kinds)


@lru_cache(maxsize=1)
def speaker_re() -> re.Pattern[str]:
    return speakers().pattern()


def normalise_speaker(raw: str) -> tuple[str, str]:
    """(speaker, kind) for a raw mention: 毛泽东同志 -> 毛泽东; 江总书记 -> 江泽民; 《党章》 stays."""
    sp = speakers()
    raw = raw.strip()
    if raw.startswith("《"):
        return raw, "book"
    if raw in sp.canonical:
        name = sp.canonical[raw]
        return name, sp.kinds.get(name, "person")
    if re.match(r"[*＊×Ｘ]|[\u4e00-\u9fff][*＊×Ｘ]|[\u4e00-\u9fff]某", raw):
        return raw, "person"  # a masked name keeps its title: **市长
    m = re.fullmatch(rf"([{HAN}]{{2,3}}?)(?:常务)?副?({TITLES})", raw)
    if m:
        base = m.group(1)
        if base in sp.canonical:
            name = sp.canonical[base]
            return name, sp.kinds.get(name, "person")
        if len(base) == 3 and not NAME.fullmatch(base):
            return m.group(2), "person"  # 认真贯彻总书记: words before a title, no surname: the title alone
        if len(base) == 3 or m.group(2) == "同志":  # a full name: drop the title
            return base, "person"
    return raw, "person"
