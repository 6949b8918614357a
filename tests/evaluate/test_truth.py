"""kb.evaluate.truth: the normal forms truth and kb are compared in."""

from __future__ import annotations

from kb.evaluate import truth as tr


def test_normal_forms() -> None:
    assert tr.normal(" 《在全县 办公室主任会议上的讲话》。") == "在全县办公室主任会议上的讲话"
    assert tr.normal("辦公室") == "办公室"
    assert tr.normal("ＡＢＣ　讲话") == "abc讲话"
    assert tr.normal_date("2022年3月5日") == "2022-03-05"
    assert tr.normal_date("二〇二二年三月五日") == "2022-03-05"
    assert tr.genre_class("讲话稿") == "讲话"
    assert tr.genre_class("经验交流材料") == "体会/交流发言"
    assert tr.genre_class("通知") == "公文"
    assert tr.genre_class("述职报告") == "报告"
    assert tr.genre_class("随笔") == "文章"
    assert tr.genre_class("") == ""
