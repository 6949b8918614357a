"""Readers over real files of every format (tests/fixtures, made by make_fixtures.py), good and broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import metadata, segment
from kb.clean.document import clean
from kb.errors import BinaryFileError, CorruptFileError, EmptyFileError, EncryptedPdfError, NeedsOcrError
from kb.extract import extract, ocr
from kb.models import DocumentMeta
from kb.segment import RawPassage

FIX = Path(__file__).resolve().parents[1] / "fixtures"
TITLE = "在全县办公室工作会议上的讲话"
SUBTITLE = "做好新时代办公室工作的几点思考"
H1 = "一、提高政治站位，把牢正确方向"
H1_1 = "（一）坚持对标对表"
H2 = "二、强化服务意识，提升工作质效"


def run(name: str, **kw: bool) -> tuple[DocumentMeta, list[RawPassage], tuple[str, ...], list[tuple[str, str]]]:
    path = FIX / name
    src = extract(path, **kw)
    cleaned = clean(src)
    full = "\n".join(b.text for b in cleaned.lines)
    meta, consumed = metadata.detect(cleaned.lines, cleaned.meta, src.meta, path, full)
    passages, _outline = segment.passages_and_outline(segment.structure(cleaned.lines[consumed:], meta.title))
    return meta, passages, src.warnings, cleaned.removed


def text_of(passages: list[RawPassage]) -> str:
    return "".join(p.text for p in passages)


@pytest.mark.parametrize("name, encoding", [("speech_gbk.txt", "gbk"), ("speech_utf16.txt", "utf-16"),
                                            ("speech_utf16le_nobom.txt", "utf-16-le"), ("speech_big5.txt", "big5")])
def test_text_encodings(name: str, encoding: str) -> None:
    assert extract(FIX / name).encoding == encoding
    meta, passages, _w, _r = run(name)
    if encoding == "big5":
        assert (meta.title, meta.language, meta.author, meta.genre) == ("在全縣辦公室工作會議上的講話", "zh-Hant",
                                                                         "張建國", "讲话")
        assert passages[0].heading_path == ("一、提高政治站位，把牢正確方向",)
        return
    assert (meta.title, meta.subtitle, meta.date, meta.author, meta.occasion) == (
        TITLE, SUBTITLE, "2023-03-15", "张建国", "全县办公室工作会议")
    assert [p.heading_path for p in passages][:2] == [(H1,), (H1, H1_1)]
    assert "早上七、八点钟到岗、晚上九、十点钟离开是常事" in text_of(passages)


def test_web_page_with_site_chrome() -> None:
    meta, passages, _w, removed = run("web_page.html")
    assert (meta.title, meta.subtitle, meta.date, meta.author, meta.origin) == (
        TITLE, SUBTITLE, "", "", "公文范文网")
    # the page's 发布时间 and 作者 field are the page's (its poster), not the speech's date and speaker
    assert (meta.extra["page_date"], meta.extra["poster"]) == ("2023-03-16", "张建国")
    text = text_of(passages)
    for chrome in ("首页", "上一篇", "下一篇", "相关文章", "版权所有", "www.", "_hmt", "font-family", "来源", "..."):
        assert chrome not in text
    # (上一篇/相关文章 and the footer after the article's container go already when the page is read:
    # kb.extract.html_main)
    assert {r for r, _t in removed} == {"metadata line", "teaser"}
    assert passages[-1].text == "文稿起草　312篇 含讲话稿"  # a table row is one line


def test_docx_styles_tables_and_fields() -> None:
    meta, passages, _w, _r = run("speech_styles.docx")
    assert (meta.title, meta.subtitle, meta.date, meta.author) == (TITLE, SUBTITLE, "2023-03-15", "")
    assert meta.extra["file_author"] == "张建国"  # the file's author property is the account that saved it
    assert [p.heading_path for p in passages] == [(H1,), (H1, H1_1), (H2,), (H2,), (H2,)]
    text = text_of(passages)
    assert "FORMTEXT" not in text and "TOC" not in text and "方向 1" not in text
    assert "对标对表不是一句口号，而是每天都要做的功课" in text  # the text around a form field is whole
    assert "文稿起草　312篇" in text


@pytest.mark.parametrize("name", ["libreoffice.pdf", "encrypted_empty_password.pdf"])
def test_libreoffice_pdf(name: str) -> None:
    meta, passages, warnings, removed = run(name)
    assert (meta.title, meta.subtitle, meta.date) == (TITLE, SUBTITLE, "2023-03-15")
    # the speaker as the text names him, or else only the file's author property (not taken as the speaker)
    assert (meta.author, meta.extra.get("file_author")) in (("张建国", None), ("", "张建国"), ("张建国", "张建国"))
    assert ("table of contents", "一、提高政治站位，把牢正确方向1") in removed
    assert [p.heading_path for p in passages][:3] == [(H1,), (H1, H1_1), (H2,)]
    # lines wrapped by the layout are one sentence again
    assert passages[0].text == ("办公室工作连着上下、通着左右，必须始终把政治建设摆在首位。我们要把讲政治的要求落实到办文、"
                                "办会、办事的每一个环节，确保每一项工作都经得起检验。")
    assert warnings == ()


def test_browser_printed_two_column_pdf() -> None:
    meta, passages, _w, removed = run("browser_two_column.pdf")
    assert (meta.title, meta.subtitle) == (TITLE, SUBTITLE)
    reasons = [r for r, _t in removed]
    assert reasons == ["page number", "site banner"]  # the browser's date/title header and file URL footer
    text = text_of(passages)
    assert "⼯" not in text and "file:" not in text and "AM" not in text
    assert "我们要把讲政治的要求落实到办文、办会、办事的每一个环节" in text  # joined across line breaks
    assert [p.heading_path for p in passages][:3] == [(H1,), (H1, H1_1), (H2,)]


def test_lying_pdf_is_repaired_and_reported() -> None:
    meta, passages, warnings, removed = run("lying.pdf")
    assert meta.title == TITLE and meta.author == ""  # reportlab's "anonymous" is no author
    assert warnings == ("第 2 页：康熙部首等形近字符（已换成常用汉字）",
                        "第 3 页：GBK 文字显示成了拉丁字母（已重新解码）")
    text = text_of(passages)
    assert "服务是办公室的立身之本，大家辛苦了。" in text  # letter-spaced CJK
    assert "我们要用心用情做好服务" in text  # Kangxi ⽤ -> 用
    assert "办公室工作无小事，事事关乎发展大局。" in text  # GBK mojibake recovered
    assert ("repeated line", TITLE) in removed
    assert sum(1 for r, _t in removed if r == "running header/footer") == 6
    assert "第1页" not in text and "文件汇编" not in text


@pytest.mark.parametrize("name, error, message", [
    ("truncated.pdf", CorruptFileError, "truncated.pdf: PDF 已损坏或不完整（PdfStreamError: Stream has "
     "ended unexpectedly）。解决办法：用 PDF 阅读器打开，另存或打印为新的 PDF"),
    ("encrypted_password.pdf", EncryptedPdfError, "encrypted_password.pdf: PDF 设有打开密码。"
     "解决办法：用密码打开后另存一份不加密的副本（打印为 PDF），再收录那一份"),
    ("scanned.pdf", NeedsOcrError, "scanned.pdf: 全部 1 页都没有可用的文字（没有文字层），需要文字识别（OCR）。"
     "解决办法：这份 PDF 没有文字层（是扫描件）：先做文字识别（OCR），或在装好 tesseract-ocr 和 "
     "tesseract-ocr-chi-sim 后用 kb ingest --ocr 收录"),
    ("not_a_zip.docx", CorruptFileError, "not_a_zip.docx: 不是有效的 .docx 文件（不是 zip 压缩包）。解决办法："
     "用 Word 或 WPS 打开，重新另存为 .docx（把旧版 .doc 直接改名为 .docx 是不行的）"),
    ("binary.txt", BinaryFileError, "binary.txt: 文件里是二进制数据，不是文字。解决办法：确认它确实是文本文档"
     "（是否把 PDF、DOCX 或图片改了扩展名？）"),
    ("empty.txt", EmptyFileError, "empty.txt: 文件是空的。解决办法：给文件加上内容，或把它移出文档库"),
])
def test_broken_files(name: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        extract(FIX / name)
    assert str(info.value) == f"{FIX / name}" + message[len(name):]
    if isinstance(info.value, NeedsOcrError):
        assert info.value.pages == [1]


@pytest.mark.skipif(not ocr.available() or shutil.which("pdftoppm") is None,
                    reason="tesseract-ocr with chi_sim data is not installed")
def test_scanned_pdf_with_ocr() -> None:
    meta, passages, warnings, _r = run("scanned.pdf", ocr=True)
    assert warnings == ("第 1 页：没有文字层，文字由 OCR 识别得到（请核对）",)
    text = text_of(passages)
    assert "办公室工作连着上下" in text
    assert any(p.heading_path and p.heading_path[0] == H1 for p in passages)
