"""kb.extract.html_main: the article's container, and the furniture after it."""

from pathlib import Path

import lxml.html

from kb.extract.html import read_html
from kb.extract.html_main import main_container

P1 = "香港行政长官梁振英在各方压力下就其大宅的违建问题首次公开道歉，并表示会在两周内解决违建问题。"
P2 = "梁振英此前承认早在去年参选行政长官之前就已知悉其住宅的违建问题，引发诚信危机，议员们纷纷质询。"
P3 = "不过泛民主派议员们普遍指责梁振英“撒谎”，要求他马上辞职下台，一些议员则欢迎他的道歉。"


def _texts(html: str) -> list[str]:
    return [b.text for b in read_html(Path("page.html"), html.encode("utf-8")).blocks]


def test_what_follows_the_article_container_goes() -> None:
    page = (f"<html><body><h1>港特首就住宅违建事件道歉</h1><div class='story'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
            "<div><h3>最新评论</h3><p>48小时点击排行</p><p>非本网站内容BBC概不负责</p>"
            "<p>This entry was posted on 八月 26, 2016 and is filed under Social Atom.</p></div></body></html>")
    assert _texts(page) == ["港特首就住宅违建事件道歉", P1, P2, P3]


def test_an_article_that_goes_on_after_its_container_is_kept_whole() -> None:
    # an advertisement splits the article into two containers: the prose after the first one stays
    page = (f"<html><body><div><p>{P1}</p><p>{P2}</p></div><div class='ad-slot'>广告</div>"
            f"<div><p>{P3}</p><p>{P1}</p></div><p>版权所有</p></body></html>")
    assert _texts(page) == [P1, P2, P3, P1, "版权所有"]


def test_no_container_when_prose_is_spread_out() -> None:
    root = lxml.html.document_fromstring(f"<html><body><p>{P1}</p><p>{P2}</p><p>{P3}</p></body></html>")
    assert main_container(root.find("body")) is None
