"""The fast attribute ruler and lemmatizer give exactly the models' annotations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from pipeline.config import load_config
from pipeline.fast_rules import FastAttributeRuler, FastLemmatizer, speed_up

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "corpora" / "devset" / "docs").glob("*.txt"))
HARD = [
    "It isn't easy, y'all: we're gonna need $5bn and I said let's go. There is money.",
    "But he did it, and they ain't done. Do you? I have. That which is ours. Which one?",
    "Les « gigafactories » ?\n\n  Elle a dit : « Nous investirons 20 milliards. »",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_same_annotations_as_the_model(lang: str) -> None:
    model = load_config()["models"][lang]
    slow, fast = spacy.load(model), spacy.load(model)
    speed_up(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert fast.pipe_names == slow.pipe_names
    texts = [p.read_text(encoding="utf-8") for p in DOCS if p.name.startswith(f"{lang}_")]
    assert len(texts) >= 20
    texts += HARD
    attrs = [POS, TAG, MORPH, LEMMA, DEP]
    tokens = 0
    for a, b in zip(slow.pipe(texts), fast.pipe(texts), strict=True):
        assert np.array_equal(a.to_array(attrs), b.to_array(attrs)), a.text[:60]
        tokens += len(a)
    assert tokens > 5_000


def test_unsupported_patterns_keep_spacy_ruler() -> None:
    """A ruler using an attribute the fast one does not read (SHAPE) stays spaCy's."""
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add([[{"SHAPE": "Xxxxx"}]], {"TAG": "NNP"})
    speed_up(nlp)
    assert not isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert [t.tag_ for t in nlp("Paris is")] == ["NNP", ""]
    plain = spacy.blank("en")
    plain.add_pipe("attribute_ruler").add([[{"LOWER": "ok"}]], {"TAG": "UH"})
    speed_up(plain)
    assert isinstance(plain.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert [t.tag_ for t in plain("ok OK then")] == ["UH", "UH", ""]
