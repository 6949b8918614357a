"""kb.search.filters.in_lead: quoted text found in the headings that open a passage."""

from kb.search.filters import in_lead
from kb.text import compact


def _fields(text: str, lead: str) -> dict[str, object]:
    return {"text": text, "data": {"lead": lead}}


def test_quoted_heading_is_found_in_the_lead() -> None:
    f = _fields("一是入户排查抓防疫。", "一、工作总结\n（一）严防严控,全力打好阻击战")
    assert in_lead([compact("全力打好阻击战")], f)
    assert not in_lead([compact("全力打好攻坚战")], f)


def test_heading_kept_without_its_full_stop_still_matches_the_written_line() -> None:
    f = _fields("一是入户排查抓防疫。", "（一）严防严控,全力打好阻击战")
    assert in_lead([compact("（一）严防严控,全力打好阻击战。")], f)
    assert in_lead([compact("全力打好阻击战：")], f)
    # the mark must close the heading: the same words ending somewhere else do not match
    assert not in_lead([compact("严防严控。")], f)


def test_quoted_text_across_a_passage_split_is_found_in_the_first_passage() -> None:
    f = {"text": "要了解和熟悉,练好基本功。", "data": {"lead": "", "tail": "二是切实提高文稿质量。"}}
    assert in_lead([compact("练好基本功。二是")], f)
    # text wholly inside the next passage is that passage's match, not this one's
    assert not in_lead([compact("二是切实提高")], f)
    assert not in_lead([compact("练好基本功。三是")], f)


def test_quoted_text_across_a_run_on_heading_and_its_paragraph() -> None:
    f = _fields("经局党组研究，成立了领导小组。", "一、工作情况\n（一）加强领导，完善领导机构。")
    assert in_lead([compact("完善领导机构。经局党组研究")], f)
    # only the heading right over the passage runs on into it
    assert not in_lead([compact("一、工作情况（一）加强领导")], f)
    assert not in_lead([compact("完善领导机构经局党组")], f)
    # a heading on a line of its own (kept without a mark) does not run on into the text under it
    assert not in_lead([compact("工作情况经局党组")], _fields("经局党组研究，成立了领导小组。", "一、工作情况"))
