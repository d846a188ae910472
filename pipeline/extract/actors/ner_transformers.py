"""Optional NER backend: a Hugging Face token-classification model as a spaCy component.

With a CamemBERT or XLM-R NER model, French names come out far better than from the small
spaCy models. The component runs before the actor component and replaces `doc.ents` with
the model's entities, labelled PERSON / ORG / GPE through a label mapping (labels it does
not map are dropped); the actor component then reads them as it reads spaCy's.

Alignment: the text is cut into windows of sub-words (the tokenizer's overflow with a stride;
overlapping predictions are averaged); each sub-word's character offsets place it in the
spaCy token that contains its first character. A spaCy token's label is its first sub-word's
("first"), the mean over its sub-words ("average"), or that of its most confident sub-word
("max"). Labels in BIO, BIOES or plain IO form are decoded into spans over spaCy tokens, so
entity offsets always fall on spaCy token boundaries.

`transformers` and `torch` are an optional extra (`pip install -e .[transformers]`); they
are imported only when the component is built. Nothing is downloaded unless
`local_files_only` is false.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.errors import ConfigError, Errors

TRANSFORMERS_NER = "briefing_ner_transformers"
# Used when the config gives no label_map: the CoNLL / WikiNER labels most NER models use.
DEFAULT_LABELS = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "LOC": "GPE", "GPE": "GPE"}
AGGREGATIONS = ("first", "average", "max")


@dataclass(frozen=True)
class TokenLabel:
    """The decoded label of one spaCy token: entity type and whether it opens an entity."""

    type: str | None  # model entity type ("PER"), None for outside
    begin: bool


def split_label(label: str) -> tuple[str | None, str]:
    """("PER", "B") for "B-PER"; ("PER", "I") for a bare "PER"; (None, "O") for "O"."""
    if label in ("O", "", "0"):
        return None, "O"
    for sep in ("-", "_"):
        prefix, found, rest = label.partition(sep)
        if found and prefix in ("B", "I", "E", "S", "L", "U"):
            return rest, prefix
    return label, "I"


def aggregate(
    per_subword: list[tuple[int, list[float]]], n_tokens: int, how: str
) -> list[list[float] | None]:
    """Probabilities per spaCy token from (token index, probabilities) of its sub-words."""
    groups: list[list[list[float]]] = [[] for _ in range(n_tokens)]
    for tok, probs in per_subword:
        if 0 <= tok < n_tokens:
            groups[tok].append(probs)
    out: list[list[float] | None] = []
    for group in groups:
        if not group:
            out.append(None)
        elif how == "first":
            out.append(group[0])
        elif how == "average":
            out.append([sum(col) / len(group) for col in zip(*group, strict=True)])
        else:
            out.append(max(group, key=lambda p: max(p)))
    return out


def decode(labels: list[str | None]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans from per-token labels (None: no prediction)."""
    spans: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for i, label in enumerate(labels):
        kind, prefix = split_label(label) if label is not None else (None, "O")
        if kind is None:
            current = None
            continue
        opens = prefix in ("B", "S", "U") or current is None or current[2] != kind
        if opens:
            current = [i, i + 1, kind]
            spans.append((i, i + 1, kind))
        else:
            assert current is not None
            current[1] = i + 1
            spans[-1] = (current[0], i + 1, kind)
        if prefix in ("E", "S", "L", "U"):
            current = None
    return spans


class TransformersNER:
    """The component: runs the token-classification model and writes doc.ents."""

    def __init__(
        self,
        nlp: Language,
        model: str,
        aggregation: str,
        label_map: dict[str, str],
        max_length: int,
        stride: int,
        local_files_only: bool,
    ) -> None:
        if not model:
            raise ConfigError(Errors.E030)
        if aggregation not in AGGREGATIONS:
            raise ConfigError(Errors.E031.format(choices=AGGREGATIONS))
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise ConfigError(Errors.E032) from exc
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model, local_files_only=local_files_only)
            self.model = AutoModelForTokenClassification.from_pretrained(
                model, local_files_only=local_files_only
            )
        except OSError as exc:
            raise ConfigError(Errors.E033.format(model=model, detail=exc)) from exc
        if not getattr(self.tokenizer, "is_fast", False):
            raise ConfigError(Errors.E034.format(model=model))
        self.model.eval()
        self.torch = torch
        self.how = aggregation
        self.label_map = dict(label_map) or dict(DEFAULT_LABELS)
        self.max_length = max_length
        self.stride = stride
        self.id2label = {int(k): str(v) for k, v in self.model.config.id2label.items()}

    def subword_probs(self, text: str) -> dict[tuple[int, int], list[float]]:
        """Label probabilities per sub-word, keyed by its character offsets (windows of
        `max_length` sub-words overlapping by `stride`; overlaps are averaged)."""
        enc = self.tokenizer(
            text,
            return_offsets_mapping=True,
            truncation=True,
            max_length=self.max_length,
            stride=self.stride,
            return_overflowing_tokens=True,
            padding=True,
            return_tensors="pt",
        )
        offsets = enc.pop("offset_mapping").tolist()
        enc.pop("overflow_to_sample_mapping", None)
        with self.torch.no_grad():
            logits = self.model(**enc).logits
        probs = self.torch.softmax(logits, dim=-1).tolist()
        sums: dict[tuple[int, int], list[float]] = {}
        counts: dict[tuple[int, int], int] = {}
        for window, window_probs in zip(offsets, probs, strict=True):
            for (start, end), p in zip(window, window_probs, strict=True):
                if end <= start:
                    continue  # special and padding tokens
                key = (start, end)
                if key in sums:
                    sums[key] = [a + b for a, b in zip(sums[key], p, strict=True)]
                else:
                    sums[key] = list(p)
                counts[key] = counts.get(key, 0) + 1
        return {k: [v / counts[k] for v in vals] for k, vals in sums.items()}

    def token_labels(self, doc: Doc) -> list[str | None]:
        """The model's label for every spaCy token (None for spaces and unseen tokens)."""
        char_to_token = [-1] * (len(doc.text) + 1)
        for tok in doc:
            for c in range(tok.idx, tok.idx + len(tok.text)):
                char_to_token[c] = tok.i
        per_subword = []
        for (start, _end), probs in sorted(self.subword_probs(doc.text).items()):
            # A sub-word's offsets may include a leading space (SentencePiece "▁").
            while start < len(doc.text) and doc.text[start].isspace():
                start += 1
            if start < len(doc.text) and char_to_token[start] >= 0:
                per_subword.append((char_to_token[start], probs))
        labels: list[str | None] = []
        for tok, token_probs in zip(doc, aggregate(per_subword, len(doc), self.how), strict=True):
            if token_probs is None or tok.is_space:
                labels.append(None)
            else:
                best = max(range(len(token_probs)), key=token_probs.__getitem__)
                labels.append(self.id2label[best])
        return labels

    def __call__(self, doc: Doc) -> Doc:
        if not doc.text.strip():
            return doc
        ents = []
        for start, end, kind in decode(self.token_labels(doc)):
            label = self.label_map.get(kind, "")
            while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            while start < end and (doc[start].is_punct or doc[start].is_space):
                start += 1
            if label and end > start:
                ents.append(Span(doc, start, end, label=label))
        doc.ents = ents
        return doc


@Language.factory(
    TRANSFORMERS_NER,
    default_config={
        "model": "",
        "aggregation": "first",
        "label_map": {},
        "max_length": 512,
        "stride": 64,
        "local_files_only": True,
    },
    assigns=["doc.ents"],
)
def make_transformers_ner(
    nlp: Language,
    name: str,
    model: str,
    aggregation: str,
    label_map: dict[str, str],
    max_length: int,
    stride: int,
    local_files_only: bool,
) -> TransformersNER:
    """Factory of the transformers NER component (see the module docstring for the keys)."""
    return TransformersNER(nlp, model, aggregation, label_map, max_length, stride, local_files_only)


def add_to_pipeline(nlp: Language, settings: dict[str, Any], before: str) -> bool:
    """Add the component before `before` when the [transformers] config enables it for this
    pipeline's language; returns whether it was added."""
    if not settings.get("enabled") or nlp.lang not in settings.get("languages", []):
        return False
    keys = ("model", "aggregation", "label_map", "max_length", "stride", "local_files_only")
    nlp.add_pipe(
        TRANSFORMERS_NER, before=before, config={k: settings[k] for k in keys if k in settings}
    )
    return True
