"""Bytes of the non-HTML resources: PDF, DOCX, XLSX attachments, images, CSS, JS."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

from replica.content import slugify

_ZIP_DATE = (2021, 1, 1, 0, 0, 0)  # fixed so the bytes (and ETags) are stable

CONTENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".png": "image/png",
    ".gif": "image/gif",
    ".css": "text/css",
    ".js": "application/javascript",
}


def content_type(name: str) -> str:
    """Content-Type for a file name (by extension)."""
    for ext, ctype in CONTENT_TYPES.items():
        if name.lower().endswith(ext):
            return ctype
    return "application/octet-stream"


def pdf_bytes(title: str, lines: list[str] | None = None) -> bytes:
    """A small valid one-page PDF 1.4 (ASCII text: the title is transliterated)."""
    text_lines = [slugify(title, 30).replace("-", " ").upper()] + [
        slugify(line, 12).replace("-", " ") for line in (lines or [])
    ]
    ops = ["BT", "/F1 11 Tf", "50 780 Td", "14 TL"]
    for line in text_lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PKG = "http://schemas.openxmlformats.org/package/2006"
_OFF = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A minimal valid Word document (title + paragraphs)."""
    body = "".join(
        f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>"
        for p in [title, *paragraphs]
    )
    return _zip(
        {
            "[Content_Types].xml": _XML
            + f'<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": _XML
            + f'<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_OFF}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
            "word/document.xml": _XML
            + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        }
    )


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    """A minimal valid Excel workbook with one sheet of inline strings."""
    cols = "ABCDEFGHIJ"
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{cols[c]}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row)
        )
        sheet_rows.append(f'<row r="{r}">{cells}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return _zip(
        {
            "[Content_Types].xml": _XML
            + f'<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            "</Types>",
            "_rels/.rels": _XML
            + f'<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_OFF}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
            "xl/workbook.xml": _XML
            + f'<workbook xmlns="{main}" xmlns:r="{_OFF}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": _XML
            + f'<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_OFF}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
            "xl/worksheets/sheet1.xml": _XML
            + f'<worksheet xmlns="{main}"><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>',
        }
    )


def attachment_bytes(name: str, title: str, lines: list[str]) -> bytes:
    """Bytes for an attachment file name, by extension."""
    if name.endswith(".pdf"):
        return pdf_bytes(title, lines)
    if name.endswith(".docx"):
        return docx_bytes(title, lines)
    if name.endswith(".xlsx"):
        rows = [["STT", "Nội dung"]] + [[str(i), line] for i, line in enumerate(lines, 1)]
        return xlsx_bytes(rows)
    return title.encode("utf-8")


def png_bytes(rgb: tuple[int, int, int] = (180, 40, 40), size: int = 4) -> bytes:
    """A tiny solid-colour PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


GIF_1PX = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

CSS = b"body{font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#333}\n"
JS = b"/* replica */\nfunction showDateViet(){return true;}\n"
