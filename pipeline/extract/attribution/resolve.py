"""Within-document resolution: what a pronoun or a definite description stands for.

One resolver for the speaker and the pledger searches. A person's gender comes from the KB,
a courtesy title or role word agreeing with the name ("Mme", "la ministre", "Ms"), or the
first-name list (pipeline/data/actors/first_names.json); a lone surname joins the full name
it ends. A pronoun ("elle", "it", "leur") tries the actor types its table entry lists, in
order: a person is looked for over the last 2,500 characters (the nearest fitting subject
of the last two sentences first), an organisation or a country over the last 600 (the
subject of its sentence or the one before first, then by type: "Japan … said it would give
… to the fund"). A definite description ("le président", "the company", "les autorités")
stands for the person holding that title in the text or in the KB at the document's date,
the organisation named with that word or else the last one named, or the story's country.
A person named inside a direct quote is no antecedent (the quote's words name others than
its speaker); organisations and countries named there are.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.extract.attribution.mentions import MentionIndex, is_subject, phrase_head
from pipeline.extract.attribution.tables import SUBJECT_DEPS, Pronoun, Tables, first_names
from pipeline.extract.claims.lexicon import sentence_of
from pipeline.rules_data import fold

PERSON_WINDOW = 2500  # characters: a story follows a person across paragraphs
OTHER_WINDOW = 600  # an "it" or "the company" names something of the last few sentences


def doc_date(doc: Doc) -> Any:
    """The document's date (imported late: the actor component imports this package)."""
    from pipeline.extract.actors.component import doc_date as _doc_date

    return _doc_date(doc)


def _key(span: Span) -> str:
    info = span._.actor
    return info.key if info is not None else span.text.casefold()


class Resolver:
    """Antecedents of pronouns and definite descriptions in one Doc."""

    def __init__(
        self,
        index: MentionIndex,
        tables: Tables,
        quoted: list[tuple[int, int]] | None = None,
    ) -> None:
        self.index = index
        self.doc = index.doc
        self.kb = index.kb
        self.tables = tables
        self.quoted = quoted or []
        self.persons = [s for s in index.spans if s.label_ == "PERSON"]
        self.groups = self._clusters()
        self.genders = {k: self._gender(members) for k, members in self.groups.items()}

    # ------------------------------------------------------------------ people
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
        """The key of the person a mention names (its cluster)."""
        key = _key(span)
        if key in self.groups:
            return key
        for k, members in self.groups.items():
            if any(m.start == span.start and m.end == span.end for m in members):
                return k
        return key

    def _gender(self, members: list[Span]) -> str | None:
        for span in members:
            entry = self.index.entry(span)
            gender = getattr(entry, "gender", None)
            if gender in ("m", "f"):
                return str(gender)
        titles = self.tables.titles_gender
        for span in members:
            for n in (2, 1):
                if span.start - n < 0:
                    continue
                words = " ".join(t.lower_ for t in self.doc[span.start - n : span.start])
                words = words.replace("' ", "'")
                if words in titles:
                    return titles[words]
            first = span[0].text.casefold()
            if first in titles and len(span) > 1:
                return titles[first]
            names = first_names()
            if len(span) > 1:  # "Marie-Agnes" counts as "Marie"
                name = names.get(first) or names.get(first.split("-")[0])
                if name:
                    return name
        return None

    def fits(self, span: Span, gender: str) -> bool | None:
        """True: a person of that gender; None: unknown; False: the other gender."""
        known = self.genders.get(self.cluster_of(span))
        if gender == "x" or known == gender:
            return True
        return None if known is None else False

    def quoted_span(self, span: Span) -> bool:
        """Whether the span lies inside a claim's quotation marks."""
        return any(a <= span.start_char and span.end_char <= b for a, b in self.quoted)

    # ------------------------------------------------------------------ pronouns
    def pronoun(
        self,
        pron: Pronoun,
        at: Token | Span,
        previous: tuple[Span, int] | None = None,
        before: int | None = None,
    ) -> Span | None:
        """The actor a pronoun at `at` stands for, trying the types of its table entry in
        order. `previous`: the speaker of the claim before and where its sentence ends (a
        person it names stays the antecedent unless someone fitting is named after it).
        `before`: a person is looked for before this character (the quote's opening mark
        for "«…», dit-elle"), by default before the pronoun."""
        i = at.i if isinstance(at, Token) else at.start
        before_char = self.doc[i].idx if before is None else before
        tried_subject = False
        for kind in pron.kinds:
            if not tried_subject and not kind.startswith("PERSON"):
                tried_subject = True
                found = self._recent_subject(pron, i)
                if found is not None:
                    return found
            labels = kind.split("+")
            gender = next((g.partition("|")[2] for g in labels if "|" in g), pron.gender)
            if labels == [labels[0]] and labels[0].startswith("PERSON"):
                if pron.number == "s":
                    found = self._person(gender or "x", before_char, previous)
                    if found is not None:
                        return found
                continue
            fits = self.index.before(i, (kind,), OTHER_WINDOW, self._may_be)
            if fits:
                return self._salient(fits, self.doc[i])
        return None

    def _recent_subject(self, pron: Pronoun, i: int) -> Span | None:
        """'Japan, which co-chairs the board of the Global Health Reserve, said it would
        give …', 'L'Allemagne est le premier donateur du Fonds vert. Elle versera …': an
        organisation or a country that is the subject of the pronoun's sentence or of the
        sentence before wins over one named since in a complement, whatever the order of
        the types the pronoun tries (the fund receiving the money is no antecedent)."""
        kinds = [k for k in pron.kinds if not k.startswith("PERSON")]
        if len(kinds) < 2:
            return None  # one type only: the most recent of it, as before
        union = "+".join(k.partition("|")[0] for kind in kinds for k in kind.split("+"))
        fits = self.index.before(i, (union,), OTHER_WINDOW, self._may_be)
        here = sentence_of(self.doc, i)[0]
        sentences = [here]
        for span in fits:
            sent = sentence_of(self.doc, span.start)[0]
            if sent not in sentences:
                sentences.append(sent)
            if len(sentences) > 2:
                break
            if phrase_head(span).dep_ in SUBJECT_DEPS:
                return span
        return None

    def _may_be(self, span: Span, gender: str) -> bool:
        return self.fits(span, gender) is not False

    @staticmethod
    def _salient(fits: list[Span], pron: Token) -> Span:
        """The most recent of `fits` (nearest first), unless it sits in a complement of the
        pronoun's sentence and an earlier one is that sentence's subject: "When Albanese
        stood beside Sunak, his government committed A$368bn" is Albanese's government."""
        last = fits[0]
        if last.sent.start != pron.sent.start or phrase_head(last).dep_ in SUBJECT_DEPS:
            return last
        for m in fits[1:]:
            if m.sent.start != pron.sent.start:
                break
            if phrase_head(m).dep_ in SUBJECT_DEPS:
                return m
        return last

    def _person(
        self, gender: str, before_char: int, previous: tuple[Span, int] | None
    ) -> Span | None:
        """The named person a singular pronoun stands for: in the nearest two sentences
        before it, a fitting subject ("Boris Pistorius did not hide his frustration. … he
        told"); else the most recent fitting person, not a possessor ("Scholz's
        coalition"). When the claim before was said by a fitting person, only people named
        after its sentence compete with that speaker ("Vance told the leaders … co-chaired
        by Macron and Modi. He said…" is Vance); one of unknown gender only as a subject or
        in the last two sentences ("le Nigérian X, qualifiant l'accord d'insulte. Elle a
        déclaré" is X)."""
        keep = None
        if (
            previous is not None
            and previous[0].label_ == "PERSON"
            and self.fits(previous[0], gender) is not False
        ):
            keep = previous
        candidates = [
            span
            for span in reversed(self.persons)
            if span.end_char <= before_char
            and not self.quoted_span(span)
            and before_char - span.end_char <= PERSON_WINDOW
            and (keep is None or span.start_char >= keep[1])
        ]
        fallback: Span | None = None
        unknown: Span | None = None
        sentences: list[int] = []
        for span in candidates:
            sent = sentence_of(self.doc, span.start)[0]
            if sent not in sentences:
                sentences.append(sent)
            fits = self.fits(span, gender)
            subject = is_subject(span)
            if fits and subject and len(sentences) <= 2:
                return span
            if fits and fallback is None and not self._possessor(span):
                fallback = span
            introduced = len(sentences) <= 2 and not self._possessor(span)
            if fits is None and unknown is None and (keep is None or subject or introduced):
                unknown = span  # a person introduced after the last speaker's claim
        if keep is not None:
            return fallback or unknown or keep[0]
        if fallback is None:
            fallback = next((s for s in candidates if self.fits(s, gender)), None)
        return fallback or unknown

    def _possessor(self, span: Span) -> bool:
        after = span.end
        return (after < len(self.doc) and self.doc[after].lower_ in ("'s", "'")) or (
            span.root.dep_ in ("poss", "nmod:poss")
        )

    # ------------------------------------------------------------------ descriptions
    def description(
        self, mention: Span, before_char: int, previous: tuple[Span, int] | None = None
    ) -> tuple[Span | None, str | None]:
        """(antecedent, kind) of a definite description: kind "state" ("le gouvernement",
        "les autorités", "the administration": the country named last within OTHER_WINDOW,
        else the one the story names most), "country" ("le pays", "the kingdom": the country
        named last), "org" ("le groupe", "l'agence", "the chipmaker": the last organisation
        named), "role" ("le président", "the Treasury chief": the person with that title,
        see `role`), "plural" ("les banques": a group, no antecedent), or None when the words
        are no definite description."""
        dets = self.tables.determiners
        words = [t for t in mention if t.lower_ not in dets]
        if not words or mention[0].lower_ not in dets or len(words) > 3:
            return None, None
        root = mention.root  # "le chef de l'État": "chef", a role; "the Chinese company"
        head = root if root in words else words[0]
        nominal = head.pos_ in ("NOUN", "PROPN", "ADJ")
        by_lemma = self.tables.description(head.lemma_) if nominal else None
        # "les pouvoirs publics" as a whole, else its head noun ("groupe", "banques")
        kind = self.tables.description(mention[1:].text) or (
            (self.tables.description(head.text) or by_lemma) if nominal else None
        )
        plural = self._plural(mention[0]) or "Plur" in head.morph.get("Number", [])
        if kind is not None and by_lemma is not None and (plural or head.tag_ == "NNS"):
            return None, "plural"  # "les pays", "the executives": a group, no one actor
        # An organisation or a country may be named in the claim itself ("Austria will
        # provide …, the government said"): anything before the description counts.
        here = max(before_char, mention.start_char)
        if kind in ("state", "country"):
            country = self.last_country(here)
            if country is None and kind == "state":
                country = self.main_country(here)  # the story's government
            if country is not None and self._other_demonym(words, country):
                return None, None  # "le gouvernement japonais" in a story about France
            return country, kind
        if kind == "org":  # "the bank": the organisation named with that word, else the last
            return self.named_org(head, here) or self.last_org(here), kind
        found = self.role(mention, words, before_char, previous)
        return found, "role" if found is not None else None

    def named_org(self, head: Token, before_char: int) -> Span | None:
        """'the department' after 'the Commerce Department', 'le fonds' after 'le Fonds
        vert pour le climat': the organisation named last within OTHER_WINDOW characters
        whose name holds the description's head noun (the pledger search asks it for heads
        outside the description table too)."""
        key = {fold(head.lemma_), fold(head.text)}
        for span in reversed(self.index.spans):
            if span.end_char > before_char or span.label_ != "ORG":
                continue
            if before_char - span.end_char > OTHER_WINDOW:
                return None
            if key & ({fold(t.text) for t in span} | {fold(t.lemma_) for t in span}):
                return span
        return None

    def _other_demonym(self, words: list[Token], country: Span) -> bool:
        """Does a word of the description name another country ("japonais")?"""
        own: Any = self.index.entry(country)
        for tok in words:
            entry: Any = self.kb.demonym(tok.text, self.tables.lang)
            if entry is not None and entry.type == "GPE" and entry is not own:
                return own is None or entry.id != own.id
        return False

    def proper_name(self, mention: Span) -> Span | None:
        """ "la Deutsche Welle", "Acme Corp": the proper name of a mention no actor span
        covers (its determiners aside), which names its speaker by itself, as an unknown
        name names a pledger."""
        words = [t for t in mention if t.lower_ not in self.tables.determiners]
        if not words or any(not (t.pos_ == "PROPN" and t.text[:1].isupper()) for t in words):
            return None
        if any(self.tables.is_first_person(t.text) or self.tables.pronoun(t.text) for t in words):
            return None
        if len(words) == 1 and self.kb.demonym(words[0].text, self.tables.lang) is not None:
            return None  # "l'Américain": a description of someone, not a name
        return self.doc[words[0].i : words[-1].i + 1]

    def role(
        self,
        mention: Span,
        words: list[Token],
        before_char: int,
        previous: tuple[Span, int] | None,
    ) -> Span | None:
        """ "le président", "the minister", "the Treasury chief": among the people named
        with that title ("President Joe Biden", "Kristalina Georgieva, the IMF managing
        director") or holding it in the KB on the document's date, the one the story is
        about (most mentioned, the last speaker counting double; ties: the latest). "Vice
        President Kamala Harris" is no "president"."""
        nouns = self.tables.role_nouns
        head = next((t.lower_ for t in reversed(words) if t.lower_ in nouns), None)
        if head is None:
            return None
        title = mention[1:].text.casefold()  # "chef de l'etat": the words after the article
        own = {t.lower_ for t in words}  # "le Premier ministre": "premier" blocks no one
        best: tuple[int, int, Span] | None = None
        last_speaker = self.cluster_of(previous[0]) if previous is not None else None
        for span in self.persons:
            if span.end_char > before_char or self.quoted_span(span):
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

    def last_org(self, before_char: int) -> Span | None:
        """The organisation named last before `before_char`."""
        orgs = [s for s in self.index.spans if s.label_ == "ORG" and s.end_char <= before_char]
        return orgs[-1] if orgs else None

    @staticmethod
    def _plural(det: Token) -> bool:
        return "Plur" in det.morph.get("Number", []) or det.lower_ in ("les", "these", "those")

    def last_country(self, before_char: int) -> Span | None:
        """The country named last within OTHER_WINDOW characters before `before_char`."""
        for span in reversed(self.index.spans):
            if span.end_char > before_char:
                continue
            if before_char - span.end_char > OTHER_WINDOW:
                return None
            entry: Any = self.index.entry(span)
            if span.label_ == "GPE" and entry is not None and entry.country is None:
                return span
        return None

    def main_country(self, before_char: int) -> Span | None:
        """The country the document mentions most (its mention nearest before
        `before_char`, else its first)."""
        counts: dict[str, list[Span]] = {}
        for span in self.index.spans:
            entry: Any = self.index.entry(span)
            if entry is not None and entry.type == "GPE" and entry.country is None:
                counts.setdefault(entry.id, []).append(span)
        ranked = sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].start))
        for mentions in ranked[:1]:
            earlier = [m for m in mentions if m.end_char <= before_char]
            return earlier[-1] if earlier else mentions[0]
        return None

    def _titled(self, member: Span, head: str, own: set[str]) -> bool:
        """Was the person named with this title, before the name or in apposition ("X, the
        minister", "Le ministre de la Santé, X, a dit")? Words of `own` (the mention's)
        block nothing."""
        doc = self.doc
        blockers = set(self.tables.role_blockers) - own
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
            if not opens and title and doc[k].text == "," and title[0] in self.tables.determiners:
                # "…, the energy minister, Helen Marsh, announced": a title apposed to the
                # name between commas, opened by its article, the name's own subject phrase.
                nxt = doc[member.end] if member.end < len(doc) else None
                opens = nxt is not None and (nxt.text in (",", ")") or nxt.pos_ in ("VERB", "AUX"))
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

    def _kb_role(self, span: Span, title: str, head: str, own: set[str]) -> bool:
        """Does the person hold, on the document's date, an office named like this in the
        KB? A bare title ("le président") needs the head noun; a longer one ("le chef de
        l'Etat") must be one of the office's phrases, accents aside ("chef de l'État")."""
        entry: Any = self.index.entry(span)
        if entry is None:
            return False
        when = doc_date(self.doc)
        blockers = {fold(w) for w in self.tables.role_blockers}
        blockers -= {fold(w) for w in own}  # the phrases are compared without accents
        wanted = fold(title)
        for role in entry.roles:
            if when is not None and not role.holds_on(when):
                continue
            for phrase in role.phrases.get(self.tables.lang, ()):
                folded = fold(phrase)
                if folded == wanted or folded.startswith(wanted + " "):
                    return True
                words = folded.split()
                if " " not in wanted and head in words and not any(w in blockers for w in words):
                    return True
        return False
