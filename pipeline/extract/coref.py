"""Resolve a speaker mention to a named actor: pronouns and role descriptions.

A pronoun ("elle", "he", "l'intéressé", "-t-il") resolves to the most recent named person
before it whose gender fits, outside other people's quotes (a name inside a quote is what
the speaker talks about, not who speaks). A person's gender comes from the KB, a courtesy
title or role word agreeing with the name ("Mme", "la ministre", "Ms"), or a first-name list
(pipeline/data/actors/first_names.json). A short definite role description ("le président",
"the minister") resolves to the most recent person introduced with that title or holding it
in the KB. Plural pronouns stay unresolved: they name groups, not one speaker.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.extract import ACTORS
from pipeline.extract.actors.component import doc_date, first_names
from pipeline.extract.speech_lexicon import Lexicon, sentence_of

_WINDOW_CHARS = 2500  # how far back an antecedent may be
_DETERMINERS = {"le", "la", "l'", "les", "the", "ce", "cette", "this"}


def fold(text: str) -> str:
    """Lower case without accents ("l'État" and "l'Etat" are one title)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _filters() -> dict[str, Any]:
    text = resources.files("pipeline.data").joinpath("actors/filters.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def title_words() -> dict[str, set[str]]:
    """Role nouns per language ("président", "minister")."""
    return {k: {t.casefold() for t in v} for k, v in _filters()["role_nouns"].items()}


def org_nouns() -> dict[str, set[str]]:
    """Nouns a definite description of an organisation ends in ("the chipmaker")."""
    return {k: set(v) for k, v in _filters()["org_nouns"].items()}


def state_nouns() -> dict[str, set[str]]:
    """Nouns naming a country's government ("le gouvernement", "the administration")."""
    return {k: set(v) for k, v in _filters()["state_nouns"].items()}


def _entry(kb: Any, span: Span) -> Any:
    info = span._.actor
    if info is None or not getattr(info, "kb_id", None):
        return None
    return kb.get(info.kb_id)


def _key(span: Span) -> str:
    info = span._.actor
    return info.key if info is not None else span.text.casefold()


class Resolver:
    """Antecedents of pronouns and role descriptions in one Doc."""

    def __init__(self, doc: Doc, kb: Any, lex: Lexicon, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.kb = kb
        self.lex = lex
        self.quoted = quoted
        spans = list(doc.spans[ACTORS]) if ACTORS in doc.spans else []
        self.persons = [s for s in spans if s.label_ == "PERSON"]
        self.groups = self._clusters()
        self.genders = {k: self._gender(members) for k, members in self.groups.items()}

    def _clusters(self) -> dict[str, list[Span]]:
        """Person mentions by actor; a lone surname joins the full name it ends."""
        groups: dict[str, list[Span]] = {}
        for span in self.persons:
            groups.setdefault(_key(span), []).append(span)
        full = {k: v for k, v in groups.items() if any(len(s) > 1 for s in v)}
        for key in list(groups):
            if key in full:
                continue
            last = groups[key][0][-1].lower_
            owners = [k for k, v in full.items() if any(s[-1].lower_ == last for s in v)]
            if len(owners) == 1:
                full[owners[0]].extend(groups.pop(key))
        return groups

    def cluster_of(self, span: Span) -> str:
        key = _key(span)
        if key in self.groups:
            return key
        for k, members in self.groups.items():
            if any(m.start == span.start and m.end == span.end for m in members):
                return k
        return key

    def _gender(self, members: list[Span]) -> str | None:
        for span in members:
            entry = _entry(self.kb, span)
            gender = getattr(entry, "gender", None) if entry is not None else None
            if gender in ("m", "f"):
                return str(gender)
        for span in members:
            for n in (2, 1):
                if span.start - n < 0:
                    continue
                words = " ".join(t.lower_ for t in self.doc[span.start - n : span.start])
                words = words.replace("' ", "'")
                if words in self.lex.titles_gender:
                    return self.lex.titles_gender[words]
            first = span[0].text.casefold()
            if first in self.lex.titles_gender and len(span) > 1:
                return self.lex.titles_gender[first]
            names = first_names()
            name = None
            if len(span) > 1:  # "Marie-Agnes" counts as "Marie"
                name = names.get(first) or names.get(first.split("-")[0])
            if name:
                return name
        return None

    def quoted_span(self, span: Span) -> bool:
        """Whether the span lies inside a claim's quotation marks."""
        return self._quoted(span)

    def _quoted(self, span: Span) -> bool:
        return any(a <= span.start_char and span.end_char <= b for a, b in self.quoted)

    def _fits(self, span: Span, gender: str) -> bool | None:
        """True: same gender; None: unknown; False: the other gender."""
        known = self.genders.get(self.cluster_of(span))
        if gender == "x" or known == gender:
            return True
        return None if known is None else False

    @staticmethod
    def _is_subject(span: Span) -> bool:
        """The subject of its clause, or the possessor of the subject ("Masayoshi Son's
        SoftBank has agreed")."""
        root = span.root
        if root.dep_ in ("appos", "flat:name", "flat", "compound"):
            root = root.head
        if root.dep_ in ("poss", "nmod:poss"):
            root = root.head
        return root.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")

    def pronoun(
        self,
        gender: str,
        number: str,
        before_char: int,
        previous: tuple[Span, int] | None = None,
    ) -> Span | None:
        """The named person a pronoun stands for: in the nearest two sentences before it, a
        fitting subject ("Boris Pistorius did not hide his frustration. … he told"); else
        the most recent fitting person, not a possessor ("Scholz's coalition"). When the
        claim before (`previous`: its speaker, and where its sentence ends) was said by a
        fitting person, only people named after that sentence compete with that speaker
        ("Vance told the leaders … co-chaired by Macron and Modi. He said…" is Vance)."""
        if number == "p":
            return None
        keep = None
        if (
            previous is not None
            and previous[0].label_ == "PERSON"
            and self._fits(previous[0], gender) is not False
        ):
            keep = previous
        candidates = [
            span
            for span in reversed(self.persons)
            if span.end_char <= before_char
            and not self._quoted(span)
            and before_char - span.end_char <= _WINDOW_CHARS
            and (keep is None or span.start_char >= keep[1])
        ]
        fallback: Span | None = None
        unknown: Span | None = None
        sentences: list[int] = []
        for span in candidates:
            sent = sentence_of(self.doc, span.start)[0]
            if sent not in sentences:
                sentences.append(sent)
            fits = self._fits(span, gender)
            subject = self._is_subject(span)
            if fits and subject and len(sentences) <= 2:
                return span
            if fits and fallback is None and not self._possessor(span):
                fallback = span
            if fits is None and unknown is None and (keep is None or subject):
                unknown = span
        if keep is not None:
            return fallback or unknown or keep[0]
        if fallback is None:
            fallback = next((s for s in candidates if self._fits(s, gender)), None)
        return fallback or unknown

    def _possessor(self, span: Span) -> bool:
        after = span.end
        return (after < len(self.doc) and self.doc[after].lower_ in ("'s", "'")) or (
            span.root.dep_ in ("poss", "nmod:poss")
        )

    def role(
        self, mention: Span, before_char: int, previous: tuple[Span, int] | None = None
    ) -> Span | None:
        """ "le président", "the minister", "the Treasury chief": among the people named
        with that title ("President Joe Biden", "Kristalina Georgieva, the IMF managing
        director") or holding it in the KB, the one the story is about (most mentioned,
        the last speaker counting double; ties: the latest). "Vice President Kamala
        Harris" is no "president". "the company", "le groupe": the organisation named
        last. "le gouvernement": the story's country."""
        words = [t for t in mention if t.lower_ not in _DETERMINERS]
        if not words or mention[0].lower_ not in _DETERMINERS or len(words) > 3:
            return None
        title = mention[1:].text.casefold()  # "chef de l'etat": the words after the article
        if title in state_nouns().get(self.lex.lang, set()):
            return self.main_country(before_char)
        if words[-1].lower_ in org_nouns().get(self.lex.lang, set()) and len(words) <= 2:
            return self._last_org(before_char)
        nouns = title_words().get(self.lex.lang, set())
        head = next((t.lower_ for t in reversed(words) if t.lower_ in nouns), None)
        if head is None:
            return None
        own = {t.lower_ for t in words}  # "le Premier ministre": "premier" blocks no one
        best: tuple[int, int, Span] | None = None
        last_speaker = self.cluster_of(previous[0]) if previous is not None else None
        for span in self.persons:
            if span.end_char > before_char or self._quoted(span):
                continue
            key = self.cluster_of(span)
            members = self.groups.get(key, [span])
            if not (
                any(self._titled(m, head, own) for m in members)
                or self._kb_role(span, title, head, own)
            ):
                continue
            score = len(members) + (2 if key == last_speaker else 0)
            if best is None or (score, span.start) >= best[:2]:
                best = (score, span.start, span)
        return best[2] if best else None

    def _last_org(self, before_char: int) -> Span | None:
        orgs = [
            s
            for s in self.doc.spans.get(ACTORS, [])
            if s.label_ == "ORG" and s.end_char <= before_char and not self._quoted(s)
        ]
        return orgs[-1] if orgs else None

    def _titled(self, member: Span, head: str, own: set[str]) -> bool:
        """Was the person named with this title, before the name or in apposition ("X, the
        minister", "Le ministre de la Santé, X, a dit")? Words of `own` (the mention's)
        block nothing."""
        doc = self.doc
        blockers = set(_filters()["role_blockers"].get(self.lex.lang, [])) - own
        phrases = []
        j = member.start - 1
        before: list[str] = []
        while j >= 0 and not doc[j].is_punct and doc[j].pos_ not in ("VERB", "AUX", "DET"):
            before.insert(0, doc[j].lower_)
            j -= 1
        phrases.append(before)
        if j >= 1 and doc[j].text == ",":
            # A title opening the clause, then the name: "Le ministre des Solidarités et de
            # la Santé, Olivier Véran, a insisté". Not "Après avoir vu le ministre, X a dit".
            k, title = j - 1, list[str]()
            while k >= 0 and j - k <= 10:
                tok = doc[k]
                if tok.is_punct or tok.pos_ in ("VERB", "AUX"):
                    break
                title.insert(0, tok.lower_)
                k = -1 if tok.is_sent_start else k - 1  # the title opens the sentence
            opens = k < 0 or doc[k].text in ("«", '"', "“", ":")
            if title and opens:
                phrases.append(title)
        if member.end < len(doc) and doc[member.end].text == ",":
            after: list[str] = []
            for tok in doc[member.end + 1 : member.end + 9]:
                if tok.is_punct or tok.pos_ in ("VERB", "AUX"):
                    break
                after.append(tok.lower_)
            phrases.append(after)
        if member._.actor is not None and member._.actor.via == "role":
            phrases.append([t.lower_ for t in member])
        for words in phrases:
            if head in words and not any(w in blockers for w in words[: words.index(head)]):
                return True
        return False

    def main_country(self, before_char: int) -> Span | None:
        """The country the document mentions most (a mention of it before `before_char`)."""
        counts: dict[str, list[Span]] = {}
        for span in self.doc.spans.get(ACTORS, []):
            entry = _entry(self.kb, span)
            if entry is not None and entry.type == "GPE" and entry.country is None:
                counts.setdefault(entry.id, []).append(span)
        ranked = sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].start))
        for mentions in ranked[:1]:
            earlier = [m for m in mentions if m.end_char <= before_char]
            return earlier[-1] if earlier else mentions[0]
        return None

    def _kb_role(self, span: Span, title: str, head: str, own: set[str]) -> bool:
        """Does the person hold, on the document's date, an office named like this in the
        KB? A bare title ("le président") needs the head noun; a longer one ("le chef de
        l'Etat") must be one of the office's phrases, accents aside ("chef de l'État")."""
        entry = _entry(self.kb, span)
        if entry is None:
            return False
        when = doc_date(self.doc)
        blockers = {fold(w) for w in _filters()["role_blockers"].get(self.lex.lang, [])}
        blockers -= {fold(w) for w in own}  # the phrases are compared without accents
        wanted = fold(title)
        for role in entry.roles:
            if when is not None and not role.holds_on(when):
                continue
            for phrase in role.phrases.get(self.lex.lang, ()):
                folded = fold(phrase)
                if folded == wanted or folded.startswith(wanted + " "):
                    return True
                words = folded.split()
                if " " not in wanted and head in words and not any(w in blockers for w in words):
                    return True
        return False
