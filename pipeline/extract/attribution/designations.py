"""Descriptions that designate a speaker where the resolver's definite descriptions find no
one: the speaker side of the attribution layer, tried after `Resolver.description`.

- A role description ("le président de la Banque", "la ministre", "le chef de l'État")
  that no one named before holds stands for the only person the document names (a byline
  aside), even when that person is named only later, when the title's gender and demonym do
  not contradict. (A search of the whole document for a later holder of the title named the
  wrong person as often as the right one on the development texts: not done.)
- A source document with a role complement ("un communiqué du Premier ministre", "a
  statement from the president") is that role's words.
- A media description ("la radio allemande", "le journal", "the newspaper") in a press review
  stands for the outlet quoted last: the last organisation that spoke before.

- A subject pronoun ("Il juge que…", "Elle a fait savoir…") opening the sentence after one
  whose subject is an organisation of the pronoun's gender ("Le Haut Conseil a rendu son
  avis.", "La Commission publiera ses prévisions.") stands for that organisation, not for a
  person named earlier: the story has moved on to the organisation (`subject_org`).

A repeated article ("le le président", a typo of real news) is read as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Span, Token

from pipeline.extract.actors.places import load_filters
from pipeline.extract.attribution.mentions import is_subject, phrase_head
from pipeline.extract.attribution.resolve import Resolver
from pipeline.extract.attribution.tables import IMPERSONAL_SUBJECT_DEPS, SUBJECT_DEPS, Pronoun
from pipeline.extract.claims.lexicon import sentence_of
from pipeline.rules_data import fold, word_set

_LINKS = frozenset({"de", "du", "des", "d'", "of", "from", "by"})
_OUTLET_WINDOW = 400  # characters: the outlet named in the sentence or two before
_CITED_WINDOW = 1500  # characters: an outlet cited as a source a few paragraphs before


def nationality(mention: Span, kb: Any, determiners: frozenset[str], lang: str) -> Any:
    """The country (KB entry) of a nationality designation ("l'Américain", "la Française",
    "the Brazilian", "the Dutchman": an article and one capitalised demonym used as a
    noun), else None. The reported-speech finder asks it too: such a subject is someone."""
    words = [t for t in mention if t.lower_ not in determiners]
    if len(words) != 1 or len(words) == len(mention) or not words[0].text[:1].isupper():
        return None
    if words[0].pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    entry = kb.demonym(words[0].text, lang)
    return entry if entry is not None and entry.type == "GPE" and entry.country is None else None


def media_heads(lang: str) -> frozenset[str]:
    """Nouns naming a news outlet (claims/cues.json media_heads): a description that
    speaks for the outlet ("le quotidien estime que …")."""
    return word_set("claims/cues.json", "media_heads", lang)


def _source_nouns(lang: str) -> frozenset[str]:
    """Nouns of a document that carries someone's words ("communiqué", "statement")."""
    return word_set("claims/cues.json", "statement_nouns", lang)


def _cited_nouns(lang: str) -> frozenset[str]:
    """Nouns of information whose complement is its source ("une information de X")."""
    return word_set("claims/cues.json", "source_nouns", lang)


class Designations:
    """Speaker descriptions of one Doc, on the resolver's persons and roles."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.doc = resolver.doc
        self.tables = resolver.tables
        self.lang = resolver.tables.lang
        self._sole: Span | None | bool = False  # not computed yet
        self._suffixes: dict[tuple[str, ...], dict[str, Span]] | None = None  # see _known_owner

    def designate(
        self,
        mention: Span,
        before_char: int,
        previous: tuple[Span, int] | None,
        spoken: Sequence[Span],
    ) -> tuple[Span | None, str | None]:
        """(speaker, how) for a description no earlier step resolved; how is "media",
        "role", "sole_person" or "statement"; (None, None) when it designates no one."""
        words = self._words(mention)
        if not words:
            return None, None
        if self.nationality(mention) is not None:
            person = self._national(mention)
            return (person, "nationality") if person is not None else (None, None)
        head = self._head(words)
        if head is not None and head.lower_ in media_heads(self.lang):
            outlet = self._outlet(before_char, spoken)
            return (outlet, "media") if outlet is not None else (None, None)
        statement = next((t for t in words if t.lower_ in _source_nouns(self.lang)), None)
        how = "role"
        if statement is not None:
            # "un communiqué du Premier ministre": the words of the complement's role.
            rest = [t for t in words if t.i > statement.i and t.lower_ not in _LINKS]
            rest = [t for t in rest if t.lower_ not in self.tables.determiners]
            if not rest:
                return None, None
            words, how = rest, "statement"
        if not any(t.lower_ in self.tables.role_nouns for t in words):
            return None, None
        found = self._titled(words, before_char, previous)
        if found is not None and self._country_fits(words, found):
            return found, how
        sole = self._sole_person()
        if (
            sole is not None
            and self._gender_fits(mention, sole)
            and self._country_fits(words, sole)
            and self._office_fits(words, sole)
        ):
            return sole, "sole_person" if how == "role" else how
        return None, None

    def nationality(self, mention: Span) -> Any:
        """The country (KB entry) of a nationality designation: an article and one
        capitalised demonym used as a noun ("l'Américain", "la Française", "the Brazilian",
        "the Dutchman"), else None."""
        return nationality(mention, self.resolver.kb, self.tables.determiners, self.lang)

    def _national(self, mention: Span) -> Span | None:
        """The one person of the designation's nationality the document names (outside
        quotes, bylines aside): the knowledge base's country of the person, or the demonym
        right before one of its mentions ("l'Américain Mark Ellison", "the Dutchman Pieter
        de Wit"); gender agreeing ("la Française"). None when no one or several fit."""
        country = self.nationality(mention)
        gender = self._designation_gender(mention)
        found: dict[str, Span] = {}
        for span in self.resolver.persons:
            if self.resolver.quoted_span(span):
                continue
            key = self.resolver.cluster_of(span)
            members = self.resolver.groups.get(key, [span])
            entry = next((e for m in members if (e := self.resolver.index.entry(m))), None)
            fits = (entry is not None and entry.country == country.id) or any(
                self._demonym_before(m, country) for m in members
            )
            if fits and (gender is None or self.resolver.fits(span, gender) is not False):
                found.setdefault(key, span)
        return self.full_name(next(iter(found.values()))) if len(found) == 1 else None

    def _designation_gender(self, mention: Span) -> str | None:
        """ "la Française", "l'Américaine", "the Frenchwoman": the gender the designation
        gives (French: the noun's or its article's; English: only -man / -woman)."""
        low = mention[-1].lower_
        if low.endswith("woman"):
            return "f"
        if low.endswith("man"):
            return "m"
        if self.lang == "en":
            return None
        for tok in (mention[-1], mention[0]):
            found = {"Fem": "f", "Masc": "m"}.get(next(iter(tok.morph.get("Gender", [])), ""))
            if found is not None:
                return found
        return None

    def _demonym_before(self, person: Span, country: Any) -> bool:
        """ "l'Américain Mark Ellison", "the Dutchman Pieter de Wit", "the American X": a
        demonym of that country right before the name."""
        if person.start == 0:
            return False
        entry = self.resolver.kb.demonym(self.doc[person.start - 1].text, self.lang)
        return entry is not None and entry.id == country.id

    def _outlet(self, before_char: int, spoken: Sequence[Span]) -> Span | None:
        """The outlet a media description stands for: the organisation that opens the
        sentence before it as its main subject ("The Telegraph is harsher still. '…,' the
        newspaper says"), when it is named after the last one that spoke; else the last
        organisation, or proper name no actor span covers ("la Deutsche Welle"), that
        spoke. An institution named after its building (filters.json seats: the Élysée,
        the White House) is no outlet."""
        seats = set(load_filters()["seats"])  # the Élysée, the White House: never an outlet

        def seat(span: Span) -> bool:
            return span._.actor is not None and span._.actor.kb_id in seats

        last = next((s for s in reversed(spoken) if s.label_ in ("ORG", "") and not seat(s)), None)
        for org in reversed(self.resolver.index.spans):
            if org.end_char > before_char or org.label_ != "ORG" or seat(org):
                continue
            if self.resolver.quoted_span(org) or before_char - org.end_char > _OUTLET_WINDOW:
                break
            if last is not None and org.start_char <= last.start_char:
                break
            head = phrase_head(org)
            if head.dep_ in SUBJECT_DEPS and head.head.dep_ == "ROOT":
                return org
        return last if last is not None else self._cited_outlet(before_char)

    def _cited_outlet(self, before_char: int) -> Span | None:
        """The organisation last cited as a source before, when no outlet has spoken
        ("confirmant une information de La Tribune Dimanche. Selon le journal, …"): the
        complement of a source noun (claims/cues.json source_nouns, statement_nouns)."""
        nouns = _source_nouns(self.lang) | _cited_nouns(self.lang)
        for org in reversed(self.resolver.index.spans):
            if org.end_char > before_char or org.label_ != "ORG":
                continue
            if before_char - org.end_char > _CITED_WINDOW:
                break
            head = phrase_head(org)
            if head.head.i != head.i and head.head.lower_ in nouns:
                return org
        return None

    def subject_org(self, mention: Span, pronoun: Pronoun) -> Span | None:
        """The organisation a subject pronoun stands for when the sentence before it, in
        the same paragraph, has that organisation for subject and no person for subject,
        and its grammatical gender is the pronoun's (French "il"/"elle"; an English "he"
        or "she" never names one)."""
        if pronoun.number != "s" or not any(k.startswith("ORG") for k in pronoun.kinds):
            return None
        if pronoun.person and self.lang != "fr":
            return None
        pron = mention[0]
        if pron.dep_ not in SUBJECT_DEPS | IMPERSONAL_SUBJECT_DEPS:
            return None  # ("Il juge que" is often parsed as an impersonal "il")
        own_start = sentence_of(self.doc, pron.i)[0]
        if any(self.resolver.index.at(i) is not None for i in range(own_start, pron.i)):
            return None  # a name before the pronoun in its own sentence
        if own_start == 0 or "\n" in self.doc[own_start - 1].text_with_ws:
            return None  # the pronoun opens a paragraph
        prev_start = sentence_of(self.doc, own_start - 1)[0]
        if any("\n" in t.text for t in self.doc[prev_start:own_start]):
            return None
        subjects = [
            s
            for s in self.resolver.index.spans
            if prev_start <= s.start < own_start and is_subject(s)
        ]
        if not subjects or subjects[0].label_ != "ORG":
            return None
        if any(s.label_ == "PERSON" for s in subjects):
            return None
        org = subjects[0]
        if pronoun.gender in ("m", "f") and self._org_gender(org) != pronoun.gender:
            return None
        return org

    def _org_gender(self, org: Span) -> str | None:
        """The grammatical gender of an organisation's name: its article's ("La
        Commission", "le Haut Conseil"), else its head noun's."""
        words = [self.doc[org.start - 1]] if org.start > 0 else []
        words += [org[0], org.root]
        for tok in words:
            if tok.pos_ in ("DET", "NOUN", "PROPN"):
                found = next(iter(tok.morph.get("Gender", [])), "")
                if found:
                    return {"Fem": "f", "Masc": "m"}.get(found)
        return None

    def full_name(self, person: Span) -> Span:
        """The fullest mention of the person a surname names ("Cleverly" after "James
        Cleverly"), so that the speaker is one actor across the document; a surname the
        actor component missed or took for a place is that person too."""
        if person.label_ != "PERSON":
            words = [t.lower_ for t in person]
            owners = [
                p
                for p in self.resolver.persons
                if len(p) > len(words) and [t.lower_ for t in p[-len(words) :]] == words
            ]
            return max(owners, key=len) if owners else person
        key = self.resolver.cluster_of(person)
        members = self.resolver.groups.get(key, [person])
        best = max(members, key=lambda m: (self.resolver.index.entry(m) is not None, len(m)))
        if self.resolver.index.entry(best) is None:
            # "der Leyen" after "la présidente de la Commission" (Ursula von der Leyen): the
            # one known person whose knowledge-base name ends with these words.
            known = self._known_owner(person)
            if known is not None:
                return known
        return best if len(best) > len(person) else person

    def _known_owner(self, person: Span) -> Span | None:
        """The mention of the one KB person of the document whose name ends with the
        words of `person` (two names or fewer), if exactly one."""
        if self._suffixes is None:
            # the document's KB persons by the last words of their names, built once
            self._suffixes = {}
            for span in self.resolver.persons:
                entry = self.resolver.index.entry(span)
                if entry is None:
                    continue
                name = tuple(fold(entry.name).split())
                for k in range(1, len(name)):
                    self._suffixes.setdefault(name[-k:], {}).setdefault(entry.id, span)
        owners = self._suffixes.get(tuple(fold(t.text) for t in person), {})
        return next(iter(owners.values())) if len(owners) == 1 else None

    def _office_fits(self, words: list[Token], person: Span) -> bool:
        """A person the knowledge base knows in office fits only a title of one of that
        office's phrases ("le directeur du Fonds" is not the president)."""
        entry = self.resolver.index.entry(person)
        if entry is None or not entry.roles:
            return True
        nouns = {fold(t.text) for t in words if t.lower_ in self.tables.role_nouns}
        for role in entry.roles:
            for phrase in role.phrases.get(self.lang, ()):
                if nouns & set(fold(phrase).split()):
                    return True
        return False

    def _country_fits(self, words: list[Token], person: Span) -> bool:
        """ "le Premier ministre libanais": a person whose knowledge-base country is that
        demonym's; a person the knowledge base does not know fits no demonym."""
        kb = self.resolver.kb
        for tok in words:
            country = kb.demonym(tok.text, self.lang)
            if country is not None and country.type == "GPE":
                entry = self.resolver.index.entry(person)
                return entry is not None and entry.country == country.id
        return True

    def _words(self, mention: Span) -> list[Token]:
        """The description's words: leading articles (one or a repeated one) and a trailing
        relative pronoun or punctuation left out."""
        words = list(mention)
        while words and words[0].lower_ in self.tables.determiners:
            words.pop(0)
        while words and (
            words[-1].is_punct
            or words[-1].lower_ in self.tables.relatives
            or words[-1].pos_ in ("PRON", "ADP", "DET", "CCONJ")
        ):
            words.pop()
        return words

    @staticmethod
    def _head(words: list[Token]) -> Token | None:
        """The head noun: the first noun before any complement ("radio" in "la radio
        allemande", "journal" in "le journal")."""
        for tok in words:
            if tok.lower_ in _LINKS:
                break
            if tok.pos_ in ("NOUN", "PROPN"):
                return tok
        return None

    def _titled(
        self, words: list[Token], before_char: int, previous: tuple[Span, int] | None
    ) -> Span | None:
        """The resolver's role search on the description's own words: after a repeated
        article ("le le président"), or on a statement's complement ("du Premier
        ministre")."""
        start, end = words[0].i, words[-1].i + 1
        # role() reads the title after one article: give it one, whatever preceded.
        lo = start - 1 if start > 0 and self.doc[start - 1].pos_ in ("DET", "ADP") else start
        span = self.doc[lo:end]
        return self.resolver.role(span, words, before_char, previous)

    def _sole_person(self) -> Span | None:
        """The one person the document names (outside quotes, bylines aside), if only one."""
        if self._sole is not False:
            return self._sole if isinstance(self._sole, Span) else None
        keys: dict[str, Span] = {}
        for span in self.resolver.persons:
            if self.resolver.quoted_span(span):
                continue
            keys.setdefault(self.resolver.cluster_of(span), span)
        self._sole = next(iter(keys.values())) if len(keys) == 1 else None
        return self._sole

    def _gender_fits(self, mention: Span, person: Span) -> bool:
        """A feminine or masculine title ("la ministre") never names a person of the other
        gender; an unknown gender fits."""
        titles = self.tables.titles_gender
        text = " ".join(t.lower_ for t in mention[:2]).replace("' ", "'")
        gender = titles.get(text) or titles.get(mention[0].lower_)
        if gender is None:
            for tok in mention:
                if tok.pos_ == "NOUN":
                    gender = {"Fem": "f", "Masc": "m"}.get(
                        next(iter(tok.morph.get("Gender", [])), "")
                    )
                    break
        return gender is None or self.resolver.fits(person, gender) is not False
