"""Pledge events: the same real-world pledge reported by several documents, in any language,
is one event; parts sit inside their whole and totals count each top-level event once.

- resolve.py: which mentions are the same pledge (amount within the text's rounding,
  period and purpose, compatible pledgers), each merge with its reason;
- pledgers.py: which pledgers may be the same party, from the knowledge base's relations;
- parts.py: part-of and aggregate relations from cues and sums, made consistent across
  documents;
- build.py: the corpus's events as the records pledges.jsonl holds.
"""

from pipeline.events.build import EventBuilder, build_events
from pipeline.events.pledgers import compatible, conflict

__all__ = [
    "EventBuilder",
    "build_events",
    "compatible",
    "conflict",
]
