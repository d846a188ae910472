"""Synthetic pledge items for the event tests: the fields `pipeline.events` reads, with an
actor named as the KB names it."""

from __future__ import annotations

from typing import Any

from pipeline.extract.actors.kb import ActorKB


def kb_id(name: str) -> str:
    """The KB id of an actor named as the KB names it."""
    entry = ActorKB.load().lookup(name)
    assert entry is not None, name
    return entry.id


def pledge_item(
    n: int,
    text: str,
    amount: float,
    currency: str,
    actor: str | None = None,
    *,
    start: int | None = None,
    spacing: int = 100,
    **extra: Any,
) -> dict[str, Any]:
    """The n-th pledge of a document, `spacing` characters after the one before unless
    `start` says where; `extra` sets or overrides any field."""
    at = spacing * n if start is None else start
    item: dict[str, Any] = {
        "id": f"p{n}",
        "text": text,
        "start": at,
        "end": at + len(text),
        "amount": amount,
        "amount_max": None,
        "currency": currency,
        "qualifier": "exact",
        "is_pledge": True,
        "actor_id": kb_id(actor) if actor else None,
        "actor_name": actor,
        "converts_id": None,
        "purpose": None,
        "period": None,
        "status": "announced",
    }
    item.update(extra)
    return item
