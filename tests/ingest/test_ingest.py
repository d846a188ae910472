"""Ingest: formats, encodings, normalisation and per-file errors."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.walk import SourceDoc, iter_documents, read_file, split_parts
from tests.conftest import TESTS

EXCLUDE = ["gold", "gold/*", "README.md"]


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("l’Union", "l'Union"),
        ("12\u202f500\u00a0€", "12 500 €"),
        ("«\u00a0Oui\u00a0»", "« Oui »"),
        ("a\r\nb", "a\nb"),
        ("e\u0301te\u0301", "été"),
    ],
)
def test_normalise_text_unifies_characters(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_normalise_text_is_one_for_one_after_nfc() -> None:
    raw = "Qu’il «\u202fmobilise\u202f» 109\u00a0milliards d’euros"
    assert len(normalise_text(raw)) == len(raw)
    assert normalise_text(normalise_text(raw)) == normalise_text(raw)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name,data,text_start",
    [
        (
            "a.txt",
            "Le président a annoncé 109 milliards d’euros.".encode(),
            "Le président a annoncé",
        ),
        ("bom.txt", b"\xef\xbb\xbf" + "Étude à Paris.".encode(), "Étude à Paris."),
        ("cp.txt", "Déjà 20 € à l’État.".encode("cp1252"), "Déjà 20 € à l'État."),
        ("u16.txt", "Il a dit « oui ».".encode("utf-16"), "Il a dit « oui »."),
    ],
)
def test_read_file_decodes_encodings(
    tmp_path: Path, name: str, data: bytes, text_start: str
) -> None:
    docs = list(read_file(_write(tmp_path, name, data), name))
    assert [d.status for d in docs] == ["ok"]
    assert docs[0].text.startswith(text_start)


def test_read_md_front_matter(tmp_path: Path) -> None:
    md = (
        "---\ntitle: Sommet\ndate: 2025-02-10\nsource: Wire\nlang: fr\nspeaker: X\n---\n"
        "Corps du texte.\n"
    )
    (doc,) = read_file(_write(tmp_path, "a.md", md.encode()), "a.md")
    assert doc.text == "Corps du texte.\n"
    assert doc.meta["title"] == "Sommet" and doc.meta["date"] == "2025-02-10"
    assert doc.meta["lang"] == "fr" and doc.meta["source"] == "Wire"


def test_read_jsonl_keeps_good_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "Premier texte.", "date": "2025-02-09"}),
        "{broken",
        json.dumps({"text": "Troisième."}),
    ]
    docs = list(read_file(_write(tmp_path, "w.jsonl", "\n".join(lines).encode()), "w.jsonl"))
    assert [(d.source, d.status) for d in docs] == [
        ("w.jsonl#1", "ok"),
        ("w.jsonl#2", "failed"),
        ("w.jsonl#3", "ok"),
    ]
    assert "E105" in (docs[1].reason or "")


@pytest.mark.parametrize(
    "name,data,code",
    [
        ("empty.txt", b"", "E101"),
        ("blank.txt", b"  \n\t \n", "E101"),
        ("junk.txt", bytes(range(256)) * 20, "E102"),
        ("bad.json", b'{"text": "x"', "E105"),
        ("nothing.pdf", b"%PDF-1.4 not really a pdf", "E105"),
    ],
)
def test_read_file_bad_input_gets_coded_reason(
    tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    docs = list(read_file(_write(tmp_path, name, data), name))
    assert len(docs) == 1 and docs[0].status == "failed"
    assert code in (docs[0].reason or "")


def test_iter_documents_sorted_hidden_and_gold_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "b.txt", b"Deuxieme texte assez long.")
    _write(tmp_path, "a/c.txt", b"Premier texte assez long.")
    _write(tmp_path, ".hidden.txt", b"cache")
    _write(tmp_path, "gold/a.json", b"{}")
    _write(tmp_path, "README.md", b"# notes")
    sources = [d.source for d in iter_documents([tmp_path], EXCLUDE)]
    assert sources == ["a/c.txt", "b.txt"]


def test_iter_documents_symlink_loop_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", b"Un texte.")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    docs = {d.source: d for d in iter_documents([tmp_path], EXCLUDE)}
    assert docs["a.txt"].status == "ok"
    assert docs["loop"].status == "failed" and "E107" in (docs["loop"].reason or "")


def test_split_parts_cut_a_long_document_at_line_breaks() -> None:
    text = "\n".join(f"Paragraph {n} pledges {n} million euros for schools." for n in range(200))
    src = SourceDoc("speeches/long.txt", "/x/long.txt", "f" * 64, text, {"title": "Long"})
    parts = split_parts(src, 1000)
    assert len(parts) > 10
    assert "".join(p.text for p in parts) == text
    assert all(len(p.text) <= 1000 and p.text.endswith("\n") for p in parts[:-1])
    assert [p.source for p in parts] == sorted(p.source for p in parts)  # zero-padded
    assert parts[0].source == "speeches/long.txt#part0001"
    for k, p in enumerate(parts, 1):
        part = p.meta["part"]
        assert (part["index"], part["of"]) == (k, len(parts))
        assert text[part["start"] : part["end"]] == p.text
        assert p.meta["title"] == f"Long ({k}/{len(parts)})"
        assert p.sha256 == hashlib.sha256(p.text.encode("utf-8")).hexdigest()
    assert len({p.doc_id for p in parts}) == len(parts)
    assert split_parts(src, 0) == [src] and split_parts(src, len(text)) == [src]
    assert "part" not in src.meta


def test_iter_documents_splits_only_documents_over_part_chars(tmp_path: Path) -> None:
    _write(tmp_path, "short.txt", b"Un texte court sur le budget.")
    _write(tmp_path, "long.txt", ("Une phrase sur le budget de la ville.\n" * 100).encode())
    sources = [d.source for d in iter_documents([tmp_path], EXCLUDE, part_chars=1000)]
    assert sources[-1] == "short.txt"
    assert sources[:-1] == [f"long.txt#part{k:04d}" for k in range(1, len(sources))]
    assert [d.source for d in iter_documents([tmp_path], EXCLUDE)] == ["long.txt", "short.txt"]


def _outside_link(tmp_path: Path) -> tuple[Path, Path]:
    """An input folder holding a link to a file and a link to a folder outside it."""
    inside, outside = tmp_path / "in", tmp_path / "elsewhere"
    _write(inside, "own.txt", b"Le budget de la ville atteint 3 millions d'euros.")
    _write(outside, "secret.txt", b"Private notes: the password is hunter2.")
    (inside / "link.txt").symlink_to(outside / "secret.txt")
    (inside / "linked-folder").symlink_to(outside)
    return inside, outside


def test_iter_documents_symlink_outside_the_inputs_not_read(tmp_path: Path) -> None:
    inside, _ = _outside_link(tmp_path)
    docs = {d.source: d for d in iter_documents([inside], EXCLUDE)}
    assert sorted(docs) == ["link.txt", "linked-folder", "own.txt"]
    assert docs["own.txt"].status == "ok"
    for source in ("link.txt", "linked-folder"):
        doc = docs[source]
        assert doc.status == "failed" and (doc.reason or "").startswith("[E109] ")
        assert doc.text == "" and doc.sha256 == "" and "hunter2" not in repr(doc)


def test_iter_documents_follow_symlinks_reads_them(tmp_path: Path) -> None:
    inside, _ = _outside_link(tmp_path)
    docs = {d.source: d for d in iter_documents([inside], EXCLUDE, follow_symlinks=True)}
    assert sorted(docs) == ["link.txt", "linked-folder/secret.txt", "own.txt"]
    assert all(d.status == "ok" and "hunter2" in d.text for s, d in docs.items() if "secret" in s)
    assert "hunter2" in docs["link.txt"].text


def test_iter_documents_symlink_into_another_input_is_read(tmp_path: Path) -> None:
    """A link is refused for leaving the inputs, not for being a link."""
    inside, outside = _outside_link(tmp_path)
    docs = {d.source: d for d in iter_documents([inside, outside], EXCLUDE)}
    assert docs["link.txt"].status == "ok" and "hunter2" in docs["link.txt"].text
    assert docs["linked-folder/secret.txt"].status == "ok"


def test_iter_documents_link_swapped_in_after_listing_not_read(tmp_path: Path) -> None:
    """A file replaced by a link out of the folder once the folder was listed: the check is
    made again just before reading."""
    inside, outside = _outside_link(tmp_path)
    _write(inside, "zz.txt", b"Un texte sur le budget.")
    docs = iter_documents([inside], EXCLUDE)
    assert next(docs).source == "link.txt"  # the folder is listed
    (inside / "zz.txt").unlink()
    (inside / "zz.txt").symlink_to(outside / "secret.txt")
    rest = {d.source: d for d in docs}
    assert rest["zz.txt"].status == "failed" and (rest["zz.txt"].reason or "").startswith("[E109]")
    assert "hunter2" not in rest["zz.txt"].text


def test_read_file_io_error_is_coded(tmp_path: Path) -> None:
    """Root reads any file whatever its mode, but not /proc/self/mem: the kernel answers EIO.
    (Inside an input folder such a link is refused unread, [E109].)"""
    (tmp_path / "io-error.txt").symlink_to("/proc/self/mem")
    (doc,) = read_file(tmp_path / "io-error.txt", "io-error.txt")
    assert doc.status == "failed" and (doc.reason or "").startswith("[E104] cannot read")


TEXT = "Le ministre a annoncé 3 milliards d'euros pour les hôpitaux, a-t-il dit mardi.\n"


@pytest.mark.parametrize(
    "data,removed",
    [
        (TEXT[:30].encode() + b"\x00\x00" + TEXT[30:].encode(), 2),  # two NUL bytes mid-text
        (b"\x00" + TEXT.encode() + b"\x1b\x7f", 3),  # NUL, escape, delete
        ((TEXT * 40).replace("mardi", "mar\x00di", 30).encode(), 30),  # 30 in 3.4 KB: < 1 %
        (TEXT.encode("utf-16")[:60] + b"\x00\x00" + TEXT.encode("utf-16")[60:], 1),  # UTF-16
    ],
)
def test_read_file_stray_control_bytes_removed_and_counted(
    tmp_path: Path, data: bytes, removed: int
) -> None:
    (doc,) = read_file(_write(tmp_path, "a.txt", data), "a.txt")
    assert doc.status == "ok", doc.reason
    assert doc.reason == f"[W301] {removed} control characters removed"
    assert TEXT.strip() in doc.text
    assert not any(c in doc.text for c in "\x00\x1b\x7f")
    start = doc.text.index("3 milliards")  # offsets index the cleaned text
    assert doc.text[start : start + len("3 milliards d'euros")] == "3 milliards d'euros"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 10 + TEXT.encode(),  # ten NULs in 90 bytes
        (TEXT * 10).replace("mardi", "\x00\x00\x00\x00\x00").encode(),  # 6 % NUL bytes
        TEXT.encode("utf-16-le"),  # UTF-16 without a BOM: half NUL bytes
        bytes(range(256)) * 20,
    ],
)
def test_read_file_binary_stays_binary(tmp_path: Path, data: bytes) -> None:
    (doc,) = read_file(_write(tmp_path, "a.txt", data), "a.txt")
    assert doc.status == "failed" and (doc.reason or "").startswith("[E102] ")


def test_read_file_clean_text_has_no_note(tmp_path: Path) -> None:
    (doc,) = read_file(_write(tmp_path, "a.txt", TEXT.encode()), "a.txt")
    assert doc.status == "ok" and doc.reason is None


def test_split_parts_keep_the_note(tmp_path: Path) -> None:
    data = ("Une phrase sur le budget de la ville.\n" * 100 + "\x00").encode()
    docs = list(iter_documents([_write(tmp_path, "long.txt", data)], EXCLUDE, part_chars=1000))
    assert len(docs) > 2
    assert {d.reason for d in docs} == {"[W301] 1 control characters removed"}


TRUNCATED_PDF = TESTS / "fixtures" / "bad" / "scanned-no-text.pdf"


def test_read_file_library_warnings_go_to_the_log_and_the_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """pypdf logs "EOF marker not found" on a truncated PDF: the log and the reason have it."""
    path = _write(tmp_path, "truncated.pdf", TRUNCATED_PDF.read_bytes()[:-20])
    with caplog.at_level(logging.WARNING):
        (doc,) = read_file(path, "truncated.pdf")
    assert doc.status == "failed" and (doc.reason or "").startswith("[E105] unreadable PDF")
    assert "EOF marker not found" in (doc.reason or "")
    assert "EOF marker not found" in caplog.text


def test_read_file_library_warnings_stay_off_the_terminal(tmp_path: Path) -> None:
    """In a process of its own (pytest's log capture would hide Python's last-resort print
    to stderr), with logging not configured, as in `briefing run`."""
    path = _write(tmp_path, "truncated.pdf", TRUNCATED_PDF.read_bytes()[:-20])
    code = (
        "import sys; from pathlib import Path; from pipeline.ingest.walk import read_file; "
        "print(next(read_file(Path(sys.argv[1]), 'truncated.pdf')).reason)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stderr == ""
    assert done.stdout.startswith("[E105] unreadable PDF") and "EOF marker" in done.stdout
