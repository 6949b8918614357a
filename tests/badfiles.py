"""Bad input files, made on the spot (each a small, real instance of what offices send)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

TEXT = "关于加强办公室工作的几点意见。办公室工作要抓落实，提高质量和效率，做到办文、办会、办事规范有序。" * 3


def pdf_bytes(text_lines: list[str] | None = None, image: bool = False) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if image:
        from PIL import Image

        img = Image.new("RGB", (200, 100), "white")
        c.drawImage(ImageReader(img), 50, 600, width=400, height=200)
    else:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        c.setFont("STSong-Light", 12)
        y = 800
        for line in text_lines or [TEXT[i:i + 30] for i in range(0, len(TEXT), 30)]:
            c.drawString(50, y, line)
            y -= 20
    c.showPage()
    c.save()
    return buf.getvalue()


def garbage_font_pdf() -> bytes:
    """A PDF whose font's ToUnicode map sends every glyph to the private-use area."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /G def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <E000> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    text = b"BT /F1 12 Tf 50 800 Td " + b" ".join(b"(Office work must be done well %d) Tj 0 -16 Td" % i
                                               for i in range(20)) + b" ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def encrypted_pdf(user_password: str, owner_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes())).pages:
        w.add_page(page)
    w.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A .docx whose document.xml unpacks to 600 MB of zeros (about 600 KB packed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(600):
                fh.write(chunk)
    return buf.getvalue()


def make_bad_files(folder: Path) -> dict[str, bytes]:
    """name -> bytes of every bad case; written into ``folder``."""
    pdf = pdf_bytes()
    files = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 40,
        "truncated.pdf": pdf[: len(pdf) // 3],
        "corrupt.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n" + b"\x00garbage" * 200,
        "encrypted.pdf": encrypted_pdf("secret", "owner"),
        "scanned.pdf": pdf_bytes(image=True),
        "garbage-font.pdf": garbage_font_pdf(),
        "notazip.docx": "这不是Word文档，只是改了扩展名的文本。".encode() * 20,
        "bomb.docx": zip_bomb(),
        "unknown-encoding.txt": bytes([0x81, 0x30, 0xFE, 0x39, 0xA1, 0xFF, 0x80, 0xC8]) * 300,
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files
