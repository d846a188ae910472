"""Write a small PDF with a real text layer from a UTF-8 .txt file, without reportlab.

Why: the sample corpus needs a PDF whose text pypdf can extract (accents, euro sign,
typographic quotes), and no PDF library is installed. The standard Helvetica font with
WinAnsiEncoding covers French and English; WinAnsi is, for our purposes, Windows-1252.

Usage: python tools/make_sample_pdf.py SOURCE.txt OUT.pdf [--title TITLE] [--date YYYY-MM-DD]
Paragraphs in SOURCE are separated by blank lines; each is wrapped to the page width.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
FONT_SIZE = 11
LEADING = 14
WRAP_CHARS = 84  # Helvetica 11 pt averages about 5.5 pt per character on 467 pt of line
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING
# WinAnsi has no narrow no-break space; the ordinary no-break space is the closest glyph.
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")
_SUBSTITUTES = str.maketrans({"\u202f": "\u00a0", "\u2009": " "})


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding; raises UnicodeEncodeError for other glyphs."""
    raw = text.translate(_SUBSTITUTES).encode("cp1252")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def layout(source: str) -> list[list[str]]:
    """Pages of lines: wrapped paragraphs with one empty line between paragraphs."""
    lines: list[str] = []
    for para in source.replace("\r\n", "\n").split("\n\n"):
        para = " ".join(_ASCII_SPACE.split(para.strip()))  # no-break spaces must stay
        if not para:
            continue
        if lines:
            lines.append("")
        lines.extend(
            textwrap.wrap(para, WRAP_CHARS, break_long_words=False, break_on_hyphens=False)
        )
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    for page in pages:  # a page never starts with the blank line of a paragraph break
        while page and not page[0]:
            page.pop(0)
    return [p for p in pages if p]


def content_stream(lines: list[str]) -> bytes:
    """Text operators for one page: one Tj per line, T* to move down one leading."""
    ops = [b"BT", b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING]
    ops.append(b"%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN - FONT_SIZE))
    for i, line in enumerate(lines):
        if i:
            ops.append(b"T*")
        # A blank line shows one space: pypdf then emits an empty line, the paragraph break.
        ops.append(pdf_string(line or " ") + b" Tj")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def build_pdf(pages: list[list[str]], title: str, date: str | None) -> bytes:
    """A complete PDF file: catalog, page tree, one font, pages, info dict and xref table."""
    n_pages = len(pages)
    font_id = 3
    first_page = 4  # objects: page i is 4 + 2i, its content stream 5 + 2i
    info_id = first_page + 2 * n_pages
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n_pages)), n_pages),
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding >>",
    }
    for i, lines in enumerate(pages):
        page_id, stream_id = first_page + 2 * i, first_page + 2 * i + 1
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R"
            b" >> >> /Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, font_id, stream_id)
        )
        stream = content_stream(lines)
        objects[stream_id] = b"<< /Length %d >>\nstream\n%sendstream" % (len(stream), stream)
    info = b"<< /Title " + pdf_string(title) + b" /Producer (tools/make_sample_pdf.py)"
    if date:
        info += b" /CreationDate (D:%s000000Z)" % date.replace("-", "").encode("ascii")
    objects[info_id] = info + b" >>"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for obj_id in sorted(objects):
        offsets[obj_id] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (obj_id, objects[obj_id])
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for obj_id in range(1, size):
        out += b"%010d 00000 n \n" % offsets[obj_id]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (size, info_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def main() -> None:
    """Command line: read the source text, write the PDF, print the page count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--title", default="")
    parser.add_argument("--date", default=None, help="YYYY-MM-DD, stored as CreationDate")
    args = parser.parse_args()
    pages = layout(args.source.read_text(encoding="utf-8"))
    args.output.write_bytes(build_pdf(pages, args.title, args.date))
    print(f"{args.output}: {len(pages)} page(s)")


if __name__ == "__main__":
    main()
