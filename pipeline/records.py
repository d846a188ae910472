"""Turn processed spaCy Docs into the plain records of extractions.jsonl (the one place).

Offsets are shifted from chunk coordinates to document coordinates here. Item ids derive from
(document sha256, kind, normalised span text, occurrence), so a re-run on the same or a grown
corpus gives every item the same id and review decisions stay attached.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.extract import ACTORS, CLAIMS, MONEY
from pipeline.extract.actors.component import name_key
from pipeline.extract.actors.kb import ActorKB
from pipeline.extract.actors.merge import Actor, Mention, actor_id, merge_mentions
from pipeline.extract.attribution import record as attribution_record
from pipeline.extract.attribution import rule_confidence
from pipeline.extract.attribution.heading import heading_speaker
from pipeline.extract.pledges.details import resolve_period
from pipeline.ingest.walk import SourceDoc
from pipeline.lang import LangResult
from pipeline.rates import to_eur_usd

SCHEMA_VERSION = 1


def item_id(doc_sha: str, kind: str, text: str, occurrence: int) -> str:
    """Stable id of an extracted item (see module docstring)."""
    norm = " ".join(text.split()).casefold()
    blob = f"{doc_sha}\x1f{kind}\x1f{norm}\x1f{occurrence}".encode()
    return kind[0] + hashlib.sha256(blob).hexdigest()[:15]


class _Ids:
    """Counts occurrences of (kind, text) inside one document to number repeated items."""

    def __init__(self, doc_sha: str) -> None:
        self.sha = doc_sha
        self.seen: Counter[tuple[str, str]] = Counter()

    def next(self, kind: str, text: str) -> str:
        key = (kind, " ".join(text.split()).casefold())
        self.seen[key] += 1
        return item_id(self.sha, kind, text, self.seen[key])


def base_record(src: SourceDoc, lang: LangResult | None) -> dict[str, Any]:
    """The document fields of a record, without extractions."""
    meta = src.meta
    part = {"part": meta["part"]} if meta.get("part") else {}  # only in parts of a huge file
    return {
        **part,
        "doc_id": src.doc_id,
        "source": src.source,
        "sha256": src.sha256,
        "title": meta.get("title"),
        "date": meta.get("date"),
        "url": meta.get("url"),
        "outlet": meta.get("source"),
        "speaker": meta.get("speaker"),
        "event": meta.get("event"),
        "lang": lang.lang if lang else None,
        "lang_score": lang.score if lang else 0.0,
        "mixed": lang.mixed if lang else False,
        "status": src.status,
        "reason": src.reason,
        "actors": [],
        "pledges": [],
        "claims": [],
    }


def _shift(span: Span) -> tuple[int, int]:
    off = span.doc._.offset
    return span.start_char + off, span.end_char + off


def _mention_key(span: Span | None) -> tuple[int, int] | None:
    return None if span is None else _shift(span)


def doc_record(src: SourceDoc, lang: LangResult, docs: list[Doc]) -> dict[str, Any]:
    """The full record of one processed document (all its chunks)."""
    rec = base_record(src, lang)
    text = src.text
    ids = _Ids(src.sha256)
    mentions = []
    for doc in docs:
        for span in doc.spans.get(ACTORS, []):
            start, end = _shift(span)
            mentions.append(Mention(start, end, text[start:end], span._.actor))
    actors = merge_mentions(mentions, lang.lang or "en")
    by_offsets: dict[tuple[int, int], Actor] = {
        (m.start, m.end): a for a in actors for m in a.mentions
    }
    rec["actors"] = [
        {
            "id": a.id,
            "name": a.name,
            "type": a.type,
            "wikidata": a.qid,
            "roles": a.roles,
            "aliases": a.aliases,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in a.mentions],
        }
        for a in actors
    ]

    def actor_of(span: Span | None) -> Actor | None:
        key = _mention_key(span)
        return by_offsets.get(key) if key else None

    heading = heading_speaker(docs[0]) if docs else None
    rec["pledges"] = _pledges(docs, text, ids, actor_of, rec, heading)
    rec["claims"] = _claims(docs, text, ids, actor_of, rec)
    # A city or region named only as a place is no actor, unless it pledges or speaks.
    acting = {p["actor_id"] for p in rec["pledges"]} | {c["speaker_id"] for c in rec["claims"]}
    places = {a.id for a in actors if a.place} - acting
    rec["actors"] = [a for a in rec["actors"] if a["id"] not in places]
    return rec


def _claims(
    docs: list[Doc],
    text: str,
    ids: _Ids,
    actor_of: Callable[[Span | None], Actor | None],
    rec: dict[str, Any],
) -> list[dict[str, Any]]:
    """The claim items of a document: quotes and reported speech with their speakers."""
    claims = []
    for doc in docs:
        for span in doc.spans.get(CLAIMS, []):
            info = span._.claim
            start, end = _shift(span)
            who = actor_of(info.speaker)
            who_id, who_name = (who.id, who.name) if who else (None, None)
            if who is None and info.speaker is not None:  # a name no actor span covers
                who_id, who_name = _named_actor(info.speaker.text, rec)
            mention = info.mention
            claims.append(
                {
                    "id": ids.next("claim", text[start:end]),
                    "kind": info.kind,
                    "text": text[start:end],
                    "start": start,
                    "end": end,
                    "speaker_id": who_id,
                    "speaker_name": who_name,
                    "speaker_mention": mention.text if mention is not None else None,
                    "cue": info.cue,
                    "confidence": info.confidence,
                    "checkworthy": info.checkworthy,
                    "attribution": attribution_record(
                        info.rule, mention if mention is not None else info.speaker, info.confidence
                    ),
                }
            )
    return claims


def _speaker_actor(rec: dict[str, Any]) -> tuple[str | None, str | None]:
    """(id, name) of the document's speaker (front matter), who is the 'we' of a transcript."""
    name = rec.get("speaker")
    return _named_actor(name, rec) if name else (None, None)


def _named_actor(name: str, rec: dict[str, Any]) -> tuple[str | None, str | None]:
    """(id, name) of an actor known only by name: the KB's, the document's actor with that
    id, or the id every unknown name gets (extract.actors.merge.actor_id)."""
    entry = ActorKB.load().lookup(name, rec.get("lang"))
    key_id = entry.id if entry else actor_id(name_key(name))
    for a in rec["actors"]:
        if a["id"] == key_id:
            return a["id"], a["name"]
    return key_id, entry.name if entry else name


def _pledger(
    pledge: Any,
    actor_of: Callable[[Span | None], Actor | None],
    rec: dict[str, Any],
    heading: Span | None,
) -> tuple[str | None, str | None, str, Span | None]:
    """(id, name, rule, mention) of an amount's pledger: the actor its mention belongs to,
    else for "we" the speaker the front matter or the heading names (a transcript, a
    speech), the KB entry the pledges component found, or a bare name."""
    who = actor_of(pledge.actor)
    if who is not None:
        return who.id, who.name, pledge.how, pledge.actor
    if pledge.is_pledge and pledge.how == "first_person":
        if not rec.get("speaker") and (speaker := actor_of(heading)) is not None:
            return speaker.id, speaker.name, "heading", heading
        return (*_speaker_actor(rec), pledge.how, None)
    if pledge.entry is not None:
        return pledge.entry.id, pledge.entry.name, pledge.how, pledge.actor
    if pledge.actor is not None and pledge.is_pledge:
        return (*_named_actor(pledge.actor.text, rec), pledge.how, pledge.actor)
    return None, None, pledge.how, pledge.actor


def _pledges(
    docs: list[Doc],
    text: str,
    ids: _Ids,
    actor_of: Callable[[Span | None], Actor | None],
    rec: dict[str, Any],
    heading: Span | None,
) -> list[dict[str, Any]]:
    """The pledge items of a document: every amount, with its pledge decision, pledger,
    purpose, period, status, and its value in EUR and USD at the document's date;
    `heading`: the speaker a speech's heading names (attribution.heading)."""
    pledges: list[dict[str, Any]] = []
    for doc in docs:
        local: list[dict[str, Any]] = []
        off = doc._.offset
        for span in doc.spans.get(MONEY, []):
            amount, pledge = span._.amount, span._.pledge
            start, end = amount.start + off, amount.end + off
            who_id, who_name, rule, mention = _pledger(pledge, actor_of, rec, heading)
            purpose = None
            if pledge.purpose is not None and pledge.is_pledge:
                p_start, p_end = pledge.purpose.start + off, pledge.purpose.end + off
                purpose = {"text": text[p_start:p_end], "start": p_start, "end": p_end}
            eur, usd, rate_day = to_eur_usd(amount.amount, amount.currency, rec.get("date"))
            local.append(
                {
                    "id": ids.next("pledge", text[start:end]),
                    "text": text[start:end],
                    "start": start,
                    "end": end,
                    "amount": amount.amount,
                    "amount_max": amount.amount_max,
                    "currency": amount.currency,
                    "qualifier": amount.qualifier,
                    "currency_inferred": amount.currency_inferred,
                    "converts_id": None,
                    "is_pledge": pledge.is_pledge,
                    "cue": pledge.cue,
                    "actor_id": who_id,
                    "actor_name": who_name,
                    "status": pledge.status if pledge.is_pledge else None,
                    "purpose": purpose,
                    "period": resolve_period(pledge.period, rec.get("date"))
                    if pledge.is_pledge
                    else None,
                    "amount_eur": eur,
                    "amount_usd": usd,
                    "rate_date": rate_day,
                    "sentence": span.sent.text.strip(),
                    "attribution": attribution_record(
                        rule if pledge.is_pledge else None, mention, rule_confidence(rule)
                    ),
                }
            )
            if pledge.converts is not None and 0 <= pledge.converts < len(local) - 1:
                local[-1]["converts_id"] = local[pledge.converts]["id"]
        pledges.extend(local)
    return pledges
