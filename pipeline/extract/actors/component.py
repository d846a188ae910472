"""Actor mentions: known names from the knowledge base first, then the model's NER.

PhraseMatchers over the KB's aliases run before NER results are read, so a known name beats
an NER mistake (the English model splits "Ursula von der Leyen" into PERSON "Ursula von" and
GPE "Leyen"). Role descriptions ("le président français", "the Commission chief") resolve
through the KB at the document's date. A demonym counts as its country only next to a noun
naming the state itself ("the French government", "l'exécutif français"; not "French
officials"). NER output is cleaned (determiners, possessives, punctuation) and filtered:
junk words, lower-case or verb-headed fragments, sentence-initial verbs ("Lisez"). Mentions
are merged into actors per document in `actors.merge`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.attrs import IS_ALPHA, ORTH, POS, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import NOUN, PROPN, X
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extract import ACTORS, doc_text, ensure_extensions
from pipeline.extract.actors.kb import ActorKB, KBEntry
from pipeline.extract.actors.places import capital_country, load_filters, mark_places
from pipeline.extract.attribution.tables import SUBJECT_DEPS, first_names
from pipeline.extract.claims.lexicon import load_lexicon
from pipeline.extract.money.parse import parse_amounts
from pipeline.rules_data import fold, load_rules


@dataclass(frozen=True)
class ActorInfo:
    """What a mention refers to: a KB entry (kb_id) or an unknown name (key 'name:...')."""

    key: str
    name: str
    type: str
    kb_id: str | None
    qid: str | None
    via: str  # kb | ner | role | demonym | speaker
    roles: tuple[str, ...] = ()  # offices held on the document's date (English phrases)
    known_as: tuple[str, ...] = ()  # the KB's English names of the actor
    place: bool = False  # a city or region named as a place, not acting (actors/places.py)


def place_country(span: Span, kb: ActorKB) -> str | None:
    """The KB id of the country a place mention is in (a city or region counts as its
    country, a capital known or not), else None."""
    if span.label_ != "GPE" or span._.actor is None:
        return None
    entry = kb.get(span._.actor.kb_id or "")
    return (entry.country or entry.id) if entry else capital_country(span.text)


def dominant_country(places: list[str]) -> str | None:
    """The country of at least half of a document's place mentions, and two at least."""
    if not places:
        return None
    top, n = Counter(places).most_common(1)[0]
    return top if n >= 2 and 2 * n >= len(places) else None


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key of an unknown name."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"'s?$", "", folded)
    return "name:" + re.sub(r"[\W_]+", " ", folded).strip()


def _name_start(text: str) -> bool:
    """A name starts with a capital, or with a particle before one ("al-Sisi", "van Gaal",
    "de Gaulle"; filters.json name_particles)."""
    if text[:1].isupper():
        return True
    m = re.match(r"([a-z]+)[-\s]+(.)", text)
    return bool(m and m.group(2).isupper() and m.group(1) in load_filters()["name_particles"])


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def doc_date(doc: Doc) -> dt.date | None:
    """The document's date: its metadata's, else the first full date near the top of its
    text ("Lundi 13 mai 2024", "Thursday, June 5, 2025")."""
    value = doc._.doc_date
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, dt.date):
        return value
    return date_in_text(doc_text(doc)[: _dates()["window"]])


@lru_cache(maxsize=1)
def _dates() -> dict[str, Any]:
    data: dict[str, Any] = dict(load_rules("actors/dates.json"))  # a copy: patterns are added
    names = "|".join(sorted((re.escape(m) for m in data["months"]), key=len, reverse=True))
    data["fr"] = re.compile(rf"\b(\d{{1,2}})(?:er)? ({names}) (\d{{4}})\b", re.IGNORECASE)
    data["en"] = re.compile(rf"\b({names}) (\d{{1,2}}),? (\d{{4}})\b", re.IGNORECASE)
    return data


def date_in_text(text: str) -> dt.date | None:
    """The first "13 mai 2024" / "May 13, 2024" style date of a text."""
    data = _dates()
    found = []
    for m in data["fr"].finditer(text):
        found.append((m.start(), int(m.group(3)), m.group(2), int(m.group(1))))
    for m in data["en"].finditer(text):
        found.append((m.start(), int(m.group(3)), m.group(1), int(m.group(2))))
    for _, year, month, day in sorted(found):
        try:
            return dt.date(year, data["months"][month.casefold()], day)
        except (KeyError, ValueError):
            continue
    return None


def entry_info(entry: KBEntry, via: str, when: dt.date | None = None) -> ActorInfo:
    """The ActorInfo of a KB entry, with the offices it holds on `when`."""
    roles = []
    for role in entry.roles:
        if when is None or role.holds_on(when):
            phrases = role.phrases.get("en") or next(iter(role.phrases.values()), ())
            if phrases:  # the most title-like phrase: "President of France"
                roles.append(max(phrases, key=lambda p: sum(w[:1].isupper() for w in p.split())))
    names = tuple(
        sorted({a for lang in ("en", "fr") for a in entry.aliases.get(lang, ())} - {entry.name})
    )
    return ActorInfo(
        entry.id, entry.name, entry.type, entry.id, entry.qid, via, tuple(roles), names
    )


def _other_person(entry: KBEntry, name: Span) -> bool:
    """A role's holder who is not the person named right after it: their surnames differ
    beyond spelling ("Zelenskyy" is "Zelenskiy")."""
    return fold(entry.name.split()[-1])[:4] != fold(name.text.split()[-1])[:4]


class ActorFinder:
    """The spaCy component: writes doc.spans[ACTORS] with `span._.actor` = ActorInfo."""

    def __init__(self, nlp: Language, kb_path: str, label_map: dict[str, str]) -> None:
        ensure_extensions()
        self.lang: str = nlp.lang or "en"
        self.kb = ActorKB.load(Path(kb_path) if kb_path else None)
        self.label_map = label_map
        filters = load_filters()
        self.junk = {j.casefold() for j in filters["junk"]}
        self.leading = set(filters["leading"])
        self.heads = set(filters["demonym_heads"].get(self.lang, []))
        self.blockers = set(filters["role_blockers"].get(self.lang, []))
        self.generic_institutions = set(filters["generic_institutions"])
        self.home_institutions: dict[str, list[str]] = filters["home_institutions"]
        self.articles = set(filters["articles"].get(self.lang, []))
        self.titles = set(filters["titles"].get(self.lang, []))
        self.role_words = {
            w for phrase in filters["role_nouns"].get(self.lang, []) for w in phrase.split()
        } | set(filters["role_blockers"].get(self.lang, []))
        self.not_actors = set(filters["not_actors"])
        self.office_titles = {k: set(v) for k, v in filters["office_titles"][self.lang].items()}
        self.event_heads = set(filters["event_heads"].get(self.lang, []))
        self.venue_heads = set(filters["venue_heads"].get(self.lang, []))
        self.event_patterns = [re.compile(p) for p in filters["event_patterns"]]
        self.follow_cues = tuple(filters["follow_cues"])
        self.loose = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        offices: dict[str, Any] = load_rules("actors/home_offices.json")
        self.home_titles = PhraseMatcher(nlp.vocab, attr="ORTH")
        titles = offices.get(self.lang, {})
        self._add(self.home_titles, [(phrase, suffix) for phrase, suffix in titles.items()], nlp)
        self.supranational = frozenset(offices["supranational"])
        self.lower_aliases: set[str] = set()
        self._add(self.loose, self.kb.alias_patterns(self.lang), nlp)
        self._add(self.exact, self.kb.cased_alias_patterns(self.lang), nlp)
        # Role phrases, and their accent-free spellings ("chef de l'Etat"); the case of their
        # capitalised words is checked per match ("présidente de la commission de la
        # défense" is no Commission president).
        roles = self.kb.role_patterns(self.lang)
        roles += [(fold(p), k) for p, k in roles if fold(p) != p.casefold()]
        self.role_case: dict[tuple[str, str], list[str]] = {}
        for phrase, key in roles:
            words = tuple(t.text for t in nlp.make_doc(phrase))
            self.role_case.setdefault((key, fold(" ".join(words))), []).append(" ".join(words))
        self._add(self.roles, roles, nlp)
        for alias, _ in self.kb.alias_patterns(self.lang):
            if alias == alias.casefold():
                self.lower_aliases.add(alias)

    @staticmethod
    def _add(matcher: PhraseMatcher, patterns: list[tuple[str, str]], nlp: Language) -> None:
        by_key: dict[str, list[Doc]] = {}
        for phrase, key in patterns:
            by_key.setdefault(key, []).append(nlp.make_doc(phrase))
        for key, docs in by_key.items():
            matcher.add(key, docs)

    # ------------------------------------------------------------------ KB names and roles
    def _kb_spans(self, doc: Doc, when: dt.date | None) -> tuple[list[Span], list[Span]]:
        """(known names, role descriptions) matched in the doc."""
        past = when is None and self._about_the_past(doc)
        names = []
        for matcher in (self.exact, self.loose):
            for match_id, start, end in matcher(doc):
                text = doc[start:end].text
                lowered = matcher is self.loose and not any(c.isupper() for c in text)
                if lowered and text.casefold() not in self.lower_aliases:
                    continue  # "la commission des finances" is not the Commission
                entry = self.kb.get(doc.vocab.strings[match_id])
                if entry is None:
                    continue
                span = Span(doc, start, end, label=entry.type)
                span._.actor = entry_info(entry, "kb", when)
                names.append(span)
        roles = []
        country = self._main_country(names)
        known = {n.start: n for n in names if n.label_ == "PERSON" and n._.actor is not None}
        unknown = {e.start: e for e in doc.ents if e.label_ in ("PER", "PERSON")}
        for match_id, start, end in self.roles(doc):
            if start > 0 and doc[start - 1].lower_ in self.blockers:
                continue  # "l'ancien président français", "the former prime minister"
            named = end + 1 if end < len(doc) and doc[end].text == "," else end
            if self._other_country_follows(doc, end, names):
                continue  # "le Premier ministre indien", "the prime minister of Japan"
            if end < len(doc) and doc[end].lower_ in ("de", "du", "des", "d'", "of"):
                continue  # the office goes on: "présidente de la commission de la défense"
            if not self._role_case_fits(doc[start:end], doc.vocab.strings[match_id]):
                continue
            phrase = doc.vocab.strings[match_id]
            if named in known:  # "le premier ministre François Legault": the name says who
                entry = self.kb.get(known[named]._.actor.kb_id or "")
            else:
                entry = self._named_holder(names, start, phrase) if when is None else None
                if entry is None and (when is not None or not past):
                    entry = self.kb.resolve_role(phrase, self.lang, when)
            if entry is None or (named in unknown and _other_person(entry, unknown[named])):
                continue
            qualified = any(self.kb.demonym(t.text, self.lang) for t in doc[start:end]) or any(
                start <= n.start and n.end <= end for n in names
            )
            if not qualified and country is not None and entry.country not in (None, country):
                continue  # a bare "Premier ministre" in a story about Japan is not France's
            if start > 0 and doc[start - 1].lower_ in self.articles:
                start -= 1
            span = Span(doc, start, end, label=entry.type)
            span._.actor = entry_info(entry, "role", when)
            roles.append(span)
        return names, roles

    def _about_the_past(self, doc: Doc) -> bool:
        """An undated text whose latest year is before last year ("le plan de 2014"): its
        "président de la Commission" is that time's, which the KB cannot date, so a role
        there is resolved only by a holder the text names, never as today's holder."""
        years = [int(y) for y in _YEAR.findall(doc_text(doc))]
        return bool(years) and max(years) < self.kb.as_of.year - 1

    def _named_holder(self, names: list[Span], before: int, phrase: str) -> KBEntry | None:
        """In an undated document, the office's holder is the person named before it who
        held it at some time ("Gabriel Attal ... le Premier ministre", in 2024), not today's
        holder; the most recently named one."""
        for span in sorted(names, key=lambda s: s.start, reverse=True):
            info = span._.actor
            if (
                span.start < before
                and span.label_ == "PERSON"
                and info is not None
                and info.kb_id
                and self.kb.ever_held(phrase, self.lang, info.kb_id)
            ):
                return self.kb.get(info.kb_id)
        return None

    def _role_case_fits(self, span: Span, key: str) -> bool:
        """Capitalised words of the role phrase are capitalised in the text too ("la
        Commission", not "la commission des finances"); the first word may be either."""
        phrases = self.role_case.get((key, fold(span.text)), [])
        words = [t.text for t in span]
        for phrase in phrases:
            want = phrase.split(" ")
            if len(want) == len(words) and all(
                not w[:1].isupper() or t[:1].isupper()
                for w, t in zip(want[1:], words[1:], strict=True)
            ):
                return True
        return not phrases

    def _home_offices(
        self, doc: Doc, found: list[Span], home: str | None, when: dt.date | None
    ) -> list[Span]:
        """ "the Prime Minister said", "le Premier ministre" in a story about Canada: a bare
        title naming a different office in each country (home_offices.json) is the holder
        of that office in the story's home country at the document's date; not when a name
        follows ("Prime Minister Mark Carney": the name says who), nor a blocker before
        ("former"), nor "of"/"de", a demonym or a country after it (another office), nor
        in an undated text about the past."""
        if home is None or (when is None and self._about_the_past(doc)):
            return []
        taken = {i for s in found for i in range(s.start, s.end)}
        starts = {s.start: s for s in found}
        out = []
        for match_id, start, end in self.home_titles(doc):
            if taken & set(range(start, end)) or (start and doc[start - 1].lower_ in self.blockers):
                continue
            nxt = doc[end] if end < len(doc) else None
            follower = starts.get(end)
            if nxt is not None and (
                nxt.lower_ in ("of", "de", "du", "des", "d'")
                or self.kb.demonym(nxt.text, self.lang) is not None
                or (follower is not None and follower.label_ in ("PERSON", "GPE"))
                or (nxt.pos_ == "PROPN" and nxt.text[:1].isupper())
            ):
                continue
            suffix = doc.vocab.strings[match_id]
            entry = self.kb.home_holder(suffix, home, when, self.supranational)
            if entry is None:
                continue
            if start > 0 and doc[start - 1].lower_ in self.articles:
                start -= 1
            span = Span(doc, start, end, label=entry.type)
            span._.actor = entry_info(entry, "role", when)
            out.append(span)
            taken.update(range(start, end))
        return out

    def _home_institution(self, span: Span, home: str | None, when: dt.date | None) -> None:
        """ "the Treasury said" is HM Treasury in a story about Britain and the Department
        of the Treasury in one about the United States: a word naming a different
        institution in each country (filters.json home_institutions) stands for the one of
        the story's home country, when the KB has one."""
        words = [t for t in span if t.lower_ not in self.articles]
        names = self.home_institutions.get(fold(" ".join(t.text for t in words)))
        if home is None or not names or span.label_ != "ORG":
            return
        for name in names:
            entry = self.kb.lookup(name, "en")
            if entry is not None and entry.country == home:
                span._.actor = entry_info(entry, "kb", when)
                return

    def _institution_abroad(self, span: Span, home: str | None, named: set[str]) -> bool:
        """ "le Parlement" in a story about Switzerland is not the French Parliament: a
        generic institution word (filters.json generic_institutions) matched to the
        institution of a country the story never names (`named`), while it is about
        another (`home`)."""
        if home is None or span._.actor is None or fold(span.text) not in self.generic_institutions:
            return False
        entry = self.kb.get(span._.actor.kb_id or "")
        return (
            entry is not None
            and entry.country is not None
            and entry.country != home
            and entry.country not in named
        )

    def _main_country(self, names: list[Span]) -> str | None:
        """The KB id of the country the document names most (None when it names none)."""
        counts: dict[str, int] = {}
        for span in names:
            entry = self.kb.get(span._.actor.kb_id or "")
            if entry is not None and entry.type == "GPE" and entry.country is None:
                counts[entry.id] = counts.get(entry.id, 0) + 1
        return max(sorted(counts), key=lambda k: counts[k]) if counts else None

    def _other_country_follows(self, doc: Doc, end: int, names: list[Span]) -> bool:
        """A demonym or "of/de + country" right after a role phrase qualifies it with
        a country the phrase itself does not name."""
        if end >= len(doc):
            return False
        if self.kb.demonym(doc[end].text, self.lang) is not None:
            return True
        j = end
        while j < len(doc) and doc[j].lower_ in ("of", "de", "du", "d'", "the", "l'", "la", "le"):
            j += 1
        if j == end:
            return False
        return any(n.start == j and n.label_ == "GPE" for n in names)

    def _cleaned_ents(self, doc: Doc) -> list[tuple[Span, Span | None]]:
        """(entity, its cleaned span or None) for the NER entities of kept labels: both
        passes below read them, and cleaning is most of their cost."""
        return [(ent, self._clean(ent)) for ent in doc.ents if self.label_map.get(ent.label_)]

    def _yield_to_ner(self, ents: list[tuple[Span, Span | None]], names: list[Span]) -> list[Span]:
        """Drop a one-word known name inside a longer NER name it does not stand for:
        "Commission" in "Commission nationale du débat public", "Google" in "Google
        DeepMind" (but not "Macron" in "President Macron")."""
        drop: set[tuple[int, int]] = set()
        for _, clean in ents:
            if clean is None or self.kb.lookup(clean.text, self.lang) is not None:
                continue
            inner = [n for n in names if clean.start <= n.start and n.end <= clean.end]
            if not inner or any(len(n) > 1 for n in inner):
                continue
            rest = [t for t in clean if not any(n.start <= t.i < n.end for n in inner)]
            if all(t.lower_ in self.titles or self.kb.demonym(t.text, self.lang) for t in rest):
                continue
            drop.update((n.start, n.end) for n in inner)
        return [n for n in names if (n.start, n.end) not in drop]

    # ------------------------------------------------------------------ NER
    def _clean(self, span: Span) -> Span | None:
        """Strip determiners, titles' punctuation and possessives around an NER span; None
        for junk."""
        doc = span.doc
        start, end = span.start, span.end
        while start < end and (doc[start].lower_ in self.leading or doc[start].is_punct):
            start += 1
        while end > start and (
            doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "'") or doc[end - 1].is_space
        ):
            end -= 1
        if start >= end:
            return None
        clean = doc[start:end]
        text = clean.text
        if "\n" in text or len(text) < 2 or text.casefold() in self.junk:
            return None
        if not _name_start(text) or not any(c.isalpha() for c in text) or text.endswith("'"):
            return None
        if not span.doc.has_annotation("POS"):
            return clean  # no tagger (a bare pipeline with the transformers NER)
        if any(t.pos_ in ("VERB", "AUX") and not t.text[0].isupper() for t in clean):
            return None
        if len(clean) == 1 and clean[0].is_sent_start and clean[0].pos_ in ("VERB", "AUX", "ADV"):
            return None  # "Lisez notre dossier"
        if len(clean) > 1 and all(t.lower_ in self.junk or t.is_stop for t in clean):
            return None
        if text.casefold() in self.titles or all(
            t.lower_ in self.titles or t.lower_ in self.role_words or t.lower_ in self.articles
            for t in clean
        ):
            return None  # "Vice Chair", "Président", "SM le Roi": a title without a name
        return clean

    def _not_an_actor(self, clean: Span) -> bool:
        """Regions, events, venues, demonyms, and common nouns the NER capitalised."""
        text = clean.text.casefold()
        if text in self.not_actors or self.kb.demonym(clean.text, self.lang) is not None:
            return True
        if any(p.search(clean.text) for p in self.event_patterns):
            return True  # "COP29", "G20 de Rio"
        if _is_money(clean.text, self.lang):
            return True
        if len(clean) > 2 and any(t.like_num or t.is_digit for t in clean):
            return True  # "Argentina of USD 20 billion": an NER fragment
        head = clean[-1] if self.lang == "en" else clean[0]
        if head.lower_ in self.event_heads or head.lower_ in self.venue_heads:
            return True
        if clean[-1].lower_ in self.event_heads:
            return True
        if self._portfolio(clean):
            return True
        if not clean.doc.has_annotation("POS"):
            return False
        # A proper name has a proper noun or an acronym in it ("État", "Économie",
        # "Mesdames" are tagged NOUN by the French model).
        return not any(t.pos_ in ("PROPN", "X") or (t.is_upper and len(t) > 1) for t in clean)

    def _follow_line(self, span: Span) -> bool:
        """A name on a "Follow us on LinkedIn, Facebook, X" line is a platform, not an actor
        of the story (filters.json follow_cues)."""
        text = doc_text(span.doc)
        line = text[text.rfind("\n", 0, span.start_char) + 1 : span.start_char].casefold()
        return line.lstrip().startswith(self.follow_cues)

    def _portfolio(self, clean: Span) -> bool:
        """A ministry's portfolio inside an office title, which the NER takes for an
        organisation: "Finance Minister Chrystia Freeland", "Secretary of Transportation
        Pete Buttigieg", "ministre des Finances" (filters.json office_titles)."""
        if len(clean) > 2:
            return False
        doc, titles = clean.doc, self.office_titles
        after = doc[clean.end].lower_ if clean.end < len(doc) else ""
        before = {
            " ".join(t.lower_ for t in doc[max(0, clean.start - n) : clean.start]) for n in (2, 3)
        }
        return after in titles["after"] or bool(before & titles["before"])

    def _ner_spans(
        self, doc: Doc, ents: list[tuple[Span, Span | None]], taken: set[int], when: dt.date | None
    ) -> list[Span]:
        spans = []
        for ent, clean in ents:
            label = self.label_map[ent.label_]
            if clean is None or any(i in taken for i in range(clean.start, clean.end)):
                continue
            entry = self.kb.lookup(clean.text, self.lang)
            if entry is None and self._not_an_actor(clean):
                continue
            span = Span(doc, clean.start, clean.end, label=entry.type if entry else label)
            span._.actor = (
                entry_info(entry, "kb", when)
                if entry
                else ActorInfo(name_key(clean.text), clean.text, label, None, None, "ner")
            )
            spans.append(span)
            taken.update(range(clean.start, clean.end))
        return spans

    # ------------------------------------------------------------------ speakers NER missed
    def _speaker_names(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Two to four capitalised proper nouns that are the subject of a speech verb
        ("Chandni Raina said", "a déclaré Eva Högl"), or that start with a known first name
        ("Anneliese Dodds"), are a person even when the NER missed them: the claims need
        their speaker."""
        lex = load_lexicon(self.lang)
        spans: list[Span] = []
        if not len(doc):
            return spans
        name_word = self._name_words(doc)
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and j not in taken and name_word[j]:
                j += 1
            if 2 <= j - i <= 4 and any(t.pos_ == "PROPN" for t in doc[i:j]):
                run = doc[i:j]
                root = run.root
                head = root.head.head if root.dep_ in ("appos", "flat:name") else root.head
                before = doc[i - 1] if i > 0 else None
                subject = root.dep_ in SUBJECT_DEPS and lex.is_quote_verb(head)
                inverted = before is not None and lex.is_quote_verb(before)
                after = doc[j : j + 3].text
                headline = after.startswith(":") and any(m in after for m in '«“"')
                named = first_names().get(run[0].text.casefold()) is not None and j - i <= 3
                if (subject or inverted or named or headline) and not self.kb.lookup(
                    run.text, self.lang
                ):
                    span = Span(doc, i, j, label="PERSON")
                    span._.actor = ActorInfo(
                        name_key(run.text), run.text, "PERSON", None, None, "speaker"
                    )
                    spans.append(span)
                    taken.update(range(i, j))
            i = max(j, i + 1)
        return spans

    def _name_words(self, doc: Doc) -> list[bool]:
        """Per token: a capitalised word that can be part of a name (the French model tags
        some surnames NOUN: "Vaishnaw"). Read from the Doc's arrays, each distinct word's
        spelling checked once (this ran on every token)."""
        rows = doc.to_array([ORTH, POS, SENT_START]).tolist()
        strings = doc.vocab.strings
        spelled = {orth: self._name_spelling(strings[orth]) for orth in {r[0] for r in rows}}
        return [
            spelled[orth] and (pos == PROPN or (pos in (NOUN, X) and start != 1))
            for orth, pos, start in rows
        ]

    def _name_spelling(self, text: str) -> bool:
        return (
            text[:1].isupper()
            and not text.isupper()
            and text.replace("-", "").isalpha()
            and text.casefold() not in self.junk
            and text.casefold() not in self.titles
        )

    # ------------------------------------------------------------------ demonyms
    def _demonyms(self, doc: Doc, taken: set[int], when: dt.date | None) -> list[Span]:
        spans: list[Span] = []
        if not len(doc):
            return spans
        # Each distinct word is looked up once (this ran on every token of every document).
        rows = doc.to_array([ORTH, IS_ALPHA]).tolist()
        strings = doc.vocab.strings
        entries = {
            orth: self.kb.demonym(strings[orth], self.lang)
            for orth in {orth for orth, alpha in rows if alpha}
        }
        for i, (orth, alpha) in enumerate(rows):
            entry = entries.get(orth) if alpha else None
            if entry is None or i in taken:
                continue
            tok = doc[i]
            # English: "the French government" (demonym before its noun); French: "le
            # gouvernement français" (after). The noun must name the state itself.
            if self.lang == "en":
                nouns = [doc[tok.i + 1 : tok.i + 2], doc[tok.i + 1 : tok.i + 3]]
            else:
                nouns = [doc[max(0, tok.i - 1) : tok.i], doc[max(0, tok.i - 2) : tok.i]]
            if any(
                len(n)
                and n.text.casefold() in self.heads
                and not taken & set(range(n.start, n.end))
                for n in nouns
            ):
                span = Span(doc, tok.i, tok.i + 1, label=entry.type)
                span._.actor = entry_info(entry, "demonym", when)
                spans.append(span)
        return spans

    def find(self, doc: Doc) -> list[Span]:
        """Every actor mention in the doc, known names first. Mentions do not overlap,
        except a known organisation named inside a role ("the head of Anthropic")."""
        when = doc_date(doc)
        names, roles = self._kb_spans(doc, when)
        ents = self._cleaned_ents(doc)
        found = filter_spans(self._yield_to_ner(ents, names) + roles)
        taken = {i for s in found for i in range(s.start, s.end)}
        seats = set(load_filters()["seats"])
        generic = self.generic_institutions | set(self.home_institutions)
        for role in [s for s in found if s._.actor.via == "role"]:
            # "the head of the Fed": the Fed acts too; "le locataire de l'Élysée", "the
            # occupant of the White House": a seat named in a periphrase is the building;
            # "Treasury Secretary": a generic word in a title names the office only.
            found.extend(
                n
                for n in filter_spans(names)
                if role.start <= n.start
                and n.end <= role.end
                and n.label_ != "PERSON"
                and n._.actor.kb_id not in seats
                and fold(n.text) not in generic
            )
        found.extend(self._ner_spans(doc, ents, taken, when))
        found.extend(self._speaker_names(doc, taken))
        found.extend(self._demonyms(doc, taken, when))
        places = [c for n in found if (c := place_country(n, self.kb))]
        home = dominant_country(places)
        found.extend(self._home_offices(doc, found, home, when))
        for span in found:
            self._home_institution(span, home, when)
        found = [s for s in found if not self._institution_abroad(s, home, set(places))]
        found = [s for s in found if not self._follow_line(s)]
        mark_places(found, self.kb, lambda entry: entry_info(entry, "capital", when))
        return sorted(found, key=lambda s: (s.start, s.end))

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[ACTORS] = self.find(doc)
        return doc


@Language.factory(
    ACTORS,
    default_config={"kb_path": "", "label_map": {}},
    assigns=["doc.spans"],
    requires=["doc.ents"],
)
def make_actor_finder(
    nlp: Language, name: str, kb_path: str, label_map: dict[str, str]
) -> ActorFinder:
    """Factory of the actor component (config: KB path and NER label mapping)."""
    return ActorFinder(nlp, kb_path, label_map)


@lru_cache(maxsize=8192)
def _is_money(text: str, lang: str) -> bool:
    """ "AUD$200m", "F CFA": an amount, or a currency once a number is put before it, that
    the NER took for a name."""
    for probe in (text, "1 " + text):
        if any(a.start == 0 and a.end >= len(probe) for a in parse_amounts(probe, lang)):
            return True
    return False
