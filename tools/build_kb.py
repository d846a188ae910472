"""Build the packaged actor knowledge base from the hand-written facts.

Reads tools/kb_facts.yaml, expands aliases (canonical name in every language, accent-free
variants, French demonym plurals, CEO role phrases from templates), validates everything
(ids, references, dates, overlapping office holders, alias collisions) and writes
pipeline/data/kb/actors.json with sorted keys, so the same facts always give the same bytes.
No network access: the only outside input is spaCy's stop-word lists, used to decide which
aliases must match with their exact case ("US" is also "us").

Usage: python tools/build_kb.py [--facts FILE] [--out FILE] [--check]
Exit codes: 0 built (or up to date with --check), 1 invalid facts or stale output, 2 usage.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FACTS = ROOT / "tools" / "kb_facts.yaml"
DEFAULT_OUT = ROOT / "pipeline" / "data" / "kb" / "actors.json"
SCHEMA_VERSION = 1
TYPES = ("PERSON", "ORG", "GPE")
ENTRY_KEYS = {
    "qid",
    "id",
    "type",
    "name",
    "gender",
    "country",
    "aliases",
    "cased",
    "demonyms",
    "roles",
}
QID_RE = re.compile(r"^Q\d+$")
SLUG_ID_RE = re.compile(r"^kb:[a-z0-9]+(?:-[a-z0-9]+)*$")
FR_VOWELS = "aeiouyàâäéèêëîïôöùûü"


class FactsError(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def strip_accents(text: str) -> str:
    """Drop combining marks ("Šefčovič" -> "Sefcovic"); letters like "ø" stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def slugify(text: str) -> str:
    """Stable ascii slug used for ids of entries without a QID."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).casefold()).strip("-")


def load_stop_words(lang: str) -> set[str]:
    """spaCy's stop words for `lang`, read from its data module without importing spaCy itself
    (importing the package takes seconds; the module is a plain word list)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise FactsError([f"[KB000] spaCy is not installed: no stop words for {lang!r}"])
    path = Path(list(spec.submodule_search_locations)[0]) / "lang" / lang / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location(f"_kb_stop_words_{lang}", path)
    if module_spec is None or module_spec.loader is None:
        raise FactsError([f"[KB000] {path}: cannot load stop words"])
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return set(module.STOP_WORDS)


def _as_iso(value: Any) -> str | None:
    """YAML gives dates as `date` objects; the JSON stores ISO strings (or null)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value)).isoformat()


class Builder:
    """Turns the facts mapping into the packaged KB mapping, collecting problems on the way."""

    def __init__(self, facts: dict[str, Any], source: str) -> None:
        self.facts = facts
        self.source = source
        self.problems: list[str] = []
        self.langs: list[str] = list(facts["languages"])
        norm = facts["normalisation"]
        self.apostrophes: list[str] = list(norm["apostrophes"])
        self.articles: dict[str, list[str]] = norm["articles"]
        self.stopwords = {lang: load_stop_words(lang) for lang in self.langs}
        self.ambiguous = {
            lang: {a.casefold() for a in facts.get("ambiguous", {}).get(lang, [])}
            for lang in self.langs
        }
        self.dropped: dict[str, dict[str, list[str]]] = {
            lang: defaultdict(list) for lang in self.langs
        }

    def problem(self, code: str, message: str) -> None:
        self.problems.append(f"[{code}] {self.source}: {message}")

    def clean(self, text: str) -> str:
        """Same typography everywhere: straight apostrophes, single spaces."""
        for mark in self.apostrophes:
            text = text.replace(mark, "'")
        return " ".join(str(text).split())

    def variants(self, text: str) -> list[str]:
        """An alias and its accent-free spelling ("États-Unis" -> "Etats-Unis")."""
        text = self.clean(text)
        plain = strip_accents(text)
        return [text] if plain == text else [text, plain]

    # ------------------------------------------------------------------ offices
    def build_offices(self) -> dict[str, dict[str, list[str]]]:
        templates = self.facts.get("templates", {})
        offices: dict[str, dict[str, list[str]]] = {}
        for key, spec in self.facts["offices"].items():
            phrases: dict[str, list[str]] = {}
            for lang in self.langs:
                if "template" in spec:
                    raw = []
                    for tpl in templates[spec["template"]][lang]:
                        for org in spec["org"]:
                            if lang == "fr" and org[:1].casefold() in FR_VOWELS:
                                tpl = tpl.replace("de {org}", "d'{org}")
                            raw.append(tpl.format(org=org))
                else:
                    raw = list(spec.get(lang, []))
                phrases[lang] = self._dedupe([self.clean(p) for p in raw])
                for phrase in phrases[lang]:
                    first = phrase.casefold().split(" ")[0]
                    if first in self.articles.get(lang, []) or first.startswith("l'"):
                        self.problem(
                            "KB011", f"office {key}: phrase {phrase!r} starts with an article"
                        )
            offices[key] = phrases
        for lang in self.langs:
            owners: dict[str, set[str]] = defaultdict(set)
            for key, phrases in offices.items():
                for phrase in phrases[lang]:
                    owners[phrase.casefold()].add(key)
            for phrase, keys in sorted(owners.items()):
                if len(keys) > 1:
                    self.problem(
                        "KB009",
                        f"role phrase {phrase!r} ({lang}) belongs to offices {sorted(keys)}",
                    )
        return offices

    @staticmethod
    def _dedupe(items: list[str]) -> list[str]:
        """Sorted, one spelling per case-insensitive form (lookups ignore case anyway)."""
        seen: dict[str, str] = {}
        for item in sorted(items, key=lambda s: (s.casefold(), s)):
            seen.setdefault(item.casefold(), item)
        return sorted(seen.values(), key=lambda s: (s.casefold(), s))

    # ------------------------------------------------------------------ entries
    def entry_id(self, raw: dict[str, Any]) -> str:
        qid = raw.get("qid")
        if qid is not None:
            if not QID_RE.match(str(qid)):
                self.problem("KB003", f"{raw.get('name')!r}: bad QID {qid!r}")
            return str(qid)
        return str(raw.get("id") or f"kb:{slugify(str(raw.get('name', '')))}")

    def build_entry(self, raw: dict[str, Any], offices: dict[str, Any]) -> dict[str, Any]:
        name = self.clean(str(raw.get("name", "")))
        unknown = set(raw) - ENTRY_KEYS
        if unknown or not name or raw.get("type") not in TYPES:
            self.problem(
                "KB001",
                f"{name!r}: bad entry (unknown keys {sorted(unknown)}, type {raw.get('type')!r})",
            )
        etype = str(raw.get("type"))
        entry_id = self.entry_id(raw)
        if not (QID_RE.match(entry_id) or SLUG_ID_RE.match(entry_id)):
            self.problem("KB003", f"{name!r}: bad id {entry_id!r}")
        gender = raw.get("gender")
        if (etype == "PERSON") != (gender in ("f", "m")):
            self.problem(
                "KB001", f"{name!r}: gender must be 'f' or 'm' for PERSON and absent otherwise"
            )
        aliases_in = raw.get("aliases") or {}
        if set(aliases_in) - {"all", *self.langs}:
            self.problem("KB001", f"{name!r}: unknown alias languages {sorted(set(aliases_in))}")
        cased_in = {v for c in raw.get("cased") or [] for v in self.variants(c)}
        aliases: dict[str, list[str]] = {}
        cased: dict[str, list[str]] = {}
        for lang in self.langs:
            forms = [
                v
                for a in [name, *aliases_in.get("all", []), *aliases_in.get(lang, [])]
                for v in self.variants(a)
            ]
            kept = []
            for form in forms:
                if form.casefold() in self.ambiguous[lang]:
                    self.dropped[lang][form.casefold()].append(entry_id)
                else:
                    kept.append(form)
            aliases[lang] = self._dedupe(kept)
            cased[lang] = [
                a for a in aliases[lang] if a in cased_in or a.casefold() in self.stopwords[lang]
            ]
        for c in cased_in:
            if not any(c in aliases[lang] for lang in self.langs) and strip_accents(c) == c:
                self.problem("KB001", f"{name!r}: cased alias {c!r} is not an alias")
        demonyms_in = raw.get("demonyms") or {}
        if demonyms_in and etype != "GPE":
            self.problem("KB012", f"{name!r}: demonyms are only for GPE entries")
        demonyms = {
            lang: self._expand_demonyms(demonyms_in.get(lang, []), lang) for lang in self.langs
        }
        roles = []
        for role in raw.get("roles") or []:
            if role.get("office") not in offices:
                self.problem("KB005", f"{name!r}: unknown office {role.get('office')!r}")
            start, end = _as_iso(role.get("from")), _as_iso(role.get("to"))
            if start and end and start >= end:
                self.problem(
                    "KB006",
                    f"{name!r}: office {role.get('office')} ends ({end}) before {start}",
                )
            roles.append({"office": role.get("office"), "from": start, "to": end})
        roles.sort(key=lambda r: (r["from"] or "", r["office"] or ""))
        return {
            "id": entry_id,
            "qid": raw.get("qid"),
            "type": etype,
            "name": name,
            "gender": gender,
            "country": raw.get("country"),
            "aliases": aliases,
            "cased": cased,
            "demonyms": demonyms,
            "roles": roles,
        }

    def _expand_demonyms(self, words: list[str], lang: str) -> list[str]:
        """French adjectives take their plural; every form also gets its accent-free spelling."""
        forms = []
        for word in words:
            forms.append(word)
            if lang == "fr" and not word.endswith(("s", "x", "z")):
                forms.append(word + "s")
        return self._dedupe([v for f in forms for v in self.variants(f)])

    # ------------------------------------------------------------------ checks across entries
    def check_entries(self, entries: list[dict[str, Any]]) -> None:
        by_id = Counter(e["id"] for e in entries)
        for entry_id, count in sorted(by_id.items()):
            if count > 1:
                self.problem("KB002", f"id {entry_id} is used by {count} entries")
        types = {e["id"]: e["type"] for e in entries}
        for e in entries:
            if e["country"] is not None and types.get(e["country"]) != "GPE":
                self.problem("KB004", f"{e['name']!r}: country {e['country']!r} is not a GPE entry")
        for field, code in (("aliases", "KB008"), ("demonyms", "KB010")):
            for lang in self.langs:
                owners: dict[str, set[str]] = defaultdict(set)
                for e in entries:
                    for alias in e[field][lang]:
                        owners[alias.casefold()].add(e["id"])
                for alias, ids in sorted(owners.items()):
                    if len(ids) > 1:
                        self.problem(
                            code,
                            f"{field[:-1]} {alias!r} ({lang}) names {sorted(ids)}; "
                            "list it under `ambiguous` or remove it",
                        )
        holders: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for e in entries:
            for r in e["roles"]:
                holders[r["office"]].append(
                    (r["from"] or "0000-00-00", r["to"] or "9999-99-99", e["name"])
                )
        for office, spans in sorted(holders.items()):
            spans.sort()
            for (s1, e1, n1), (s2, _e2, n2) in zip(spans, spans[1:], strict=False):
                if s2 < e1:
                    self.problem(
                        "KB007", f"office {office}: {n1} ({s1}..{e1}) overlaps {n2} (from {s2})"
                    )

    def build(self) -> dict[str, Any]:
        offices = self.build_offices()
        entries = [self.build_entry(raw, offices) for raw in self.facts["entries"]]
        self.check_entries(entries)
        if self.problems:
            raise FactsError(self.problems)
        entries.sort(key=lambda e: e["id"])
        return {
            "schema": SCHEMA_VERSION,
            "as_of": _as_iso(self.facts["as_of"]),
            "languages": self.langs,
            "normalisation": self.facts["normalisation"],
            "offices": offices,
            "ambiguous": {lang: sorted(self.dropped[lang]) for lang in self.langs},
            "entries": entries,
        }


def build_kb(facts_path: Path) -> tuple[dict[str, Any], Builder]:
    """Read and build; raises FactsError listing every problem."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same result, 6x faster when built
    with facts_path.open(encoding="utf-8") as fh:
        facts = yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
    builder = Builder(facts, str(facts_path))
    return builder.build(), builder


def render(kb: dict[str, Any]) -> str:
    """The byte-stable JSON text of the KB."""
    return json.dumps(kb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def report(kb: dict[str, Any], builder: Builder) -> str:
    """Human summary for stderr: counts and the aliases dropped as ambiguous."""
    counts = Counter(e["type"] for e in kb["entries"])
    lines = [f"{len(kb['entries'])} entries: " + ", ".join(f"{t} {counts[t]}" for t in TYPES)]
    with_qid = sum(1 for e in kb["entries"] if e["qid"])
    lines.append(f"{len(kb['offices'])} offices; {with_qid} entries with a QID")
    for lang in builder.langs:
        n_alias = sum(len(e["aliases"][lang]) for e in kb["entries"])
        n_cased = sum(len(e["cased"][lang]) for e in kb["entries"])
        lines.append(f"{lang}: {n_alias} aliases ({n_cased} case-sensitive)")
        for alias, ids in sorted(builder.dropped[lang].items()):
            lines.append(
                f"  dropped ambiguous {lang} alias {alias!r}: {', '.join(sorted(set(ids)))}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=DEFAULT_FACTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--check", action="store_true", help="fail if --out differs from a fresh build"
    )
    args = parser.parse_args(argv)
    try:
        kb, builder = build_kb(args.facts)
    except FactsError as err:
        print("\n".join(err.problems), file=sys.stderr)
        return 1
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as err:
        print(f"[KB000] {args.facts}: cannot read facts: {err}", file=sys.stderr)
        return 1
    text = render(kb)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            print(f"[KB013] {args.out}: out of date; run python tools/build_kb.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(report(kb, builder), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
