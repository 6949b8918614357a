"""kb.toolkit.messages: the Chinese the site shows for kb's error codes and document warnings."""

from __future__ import annotations

from kb.toolkit.messages import REASONS, UNKNOWN, is_chinese, reason, warning


def test_every_error_code_of_kb_has_a_chinese_reason() -> None:
    import kb.errors as errors

    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.KbError)}
    file_codes = codes - {"error", "index", "index-missing", "index-stale", "index-locked", "index-damaged",
                          "index-unwritable", "read-only", "query", "config", "engine", "engine-config",
                          "engine-unavailable", "labels"}
    assert file_codes <= set(REASONS), file_codes - set(REASONS)
    assert reason("empty") == REASONS["empty"] and reason(None) == reason("nope") == UNKNOWN


def test_warnings_in_chinese() -> None:
    assert warning("page 1: GBK text shown as Latin characters (re-decoded)") == \
        "第 1 页：GBK 编码的文字显示成了拉丁字母（已重新解码）"
    assert warning("pages 2-3: no text layer; the text was recognised by OCR (check it)") == \
        "第 2-3 页：没有文字层，文字是 OCR 识别的（请核对）"
    assert warning("3/9 个段落的文字看起来是乱码") == "3/9 个段落的文字看起来是乱码"  # already Chinese


def test_is_chinese() -> None:
    assert is_chinese("boom.txt: kb 处理这个文件时内部出错")
    assert not is_chinese("空.txt: no text passages were found after cleaning. Fix: check the file")


def test_for_user_moves_a_librarys_english_detail_out_of_the_sentence() -> None:
    from kb.toolkit.messages import Said, for_user

    assert for_user("坏.pdf: PDF 已损坏或不完整（PdfStreamError: Stream has ended unexpectedly）。解决办法：另存为新的 PDF") == \
        Said("坏.pdf: PDF 已损坏或不完整。解决办法：另存为新的 PDF", "PdfStreamError: Stream has ended unexpectedly")
    assert for_user("第 3 页：提取文字失败（PdfStreamError），这些页的文字缺失（需要文字识别 OCR）") == \
        Said("第 3 页：提取文字失败，这些页的文字缺失（需要文字识别 OCR）", "PdfStreamError")
    assert for_user("网页无法解析（unexpected end of data）") == Said("网页无法解析", "unexpected end of data")
    # formats, single terms and glyph names are part of the sentence
    for kept in ("支持 Word（.docx）", "去掉了没有 Unicode 对应的字形（(cid:N)）", "需要文字识别（OCR）"):
        assert for_user(kept) == Said(kept, "")
    assert for_user("page 1: GBK text shown as Latin characters (re-decoded)").text == \
        "第 1 页：GBK 编码的文字显示成了拉丁字母（已重新解码）"
