"""kb.extract.html: a page's visible text as blocks."""

from pathlib import Path

from kb.extract.html import read_html


def _lines(html: str) -> list[tuple[str, str]]:
    doc = read_html(Path("page.html"), html.encode("utf-8"))
    return [(b.kind, b.text) for b in doc.blocks]


def test_a_layout_table_cell_is_read_as_its_paragraphs() -> None:
    # an old site's page: the whole article in one cell, its paragraphs and <br> breaks inside
    page = ("<html><body><table><tr><td width=600>"
            "<font>2005-01-06 08:13更新 来源：转载文章</font><br>第1页/共1页"
            "<p>2004年3月20日至5月7日，来自四川泸州的个体老中医陈建民在碧峰峡进行所谓的绝食。</p>"
            "<p>这场和平年代的绝食秀因其活动意义的无聊和匪夷所思，引起广泛关注。</p>"
            "</td></tr></table></body></html>")
    assert _lines(page) == [
        ("para", "2005-01-06 08:13更新 来源：转载文章"), ("para", "第1页/共1页"),
        ("para", "2004年3月20日至5月7日，来自四川泸州的个体老中医陈建民在碧峰峡进行所谓的绝食。"),
        ("para", "这场和平年代的绝食秀因其活动意义的无聊和匪夷所思，引起广泛关注。")]


def test_a_data_table_row_stays_one_line() -> None:
    page = ("<html><body><p>各单位完成情况如下。</p><table><tr><td>办公室</td><td>95分</td></tr>"
            "<tr><td>综合科</td><td><b>90分</b></td></tr></table></body></html>")
    assert _lines(page) == [("para", "各单位完成情况如下。"), ("table", "办公室　95分"), ("table", "综合科　90分")]
