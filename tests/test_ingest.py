"""Ingest: formats, encodings, normalisation and per-file errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.walk import SourceDoc, iter_documents, read_file, split_parts

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
