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
