"""The optional transformers NER backend on a tiny random BERT built here (no network).

The model's weights are random except the classifier's bias, which the tests set to force a
label: that makes the whole path checkable (loading from disk, sub-word alignment onto spaCy
tokens, label decoding and mapping, offsets) without any trained model.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import spacy

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import torch  # noqa: E402  (the optional extra: pip install -e .[transformers])
import transformers  # noqa: E402

from pipeline.errors import ConfigError  # noqa: E402
from pipeline.extract.actors import component as _actors  # noqa: E402, F401  (registers the factory)
from pipeline.extract.actors.ner_transformers import (  # noqa: E402
    TRANSFORMERS_NER,
    add_to_pipeline,
    aggregate,
    decode,
    split_label,
)

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-MISC"]
VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "la", "ministre", "clara", "chap", "##paz",
    "a", "parle", "à", "paris", ".", ",", "macron", "##istes", "les", "bpi", "##france",
]  # fmt: skip


def build_model(folder: Path, force: str) -> Path:
    """A tiny BertForTokenClassification whose classifier always prefers label `force`."""
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(VOCAB),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-5.0)
        model.classifier.bias[LABELS.index(force)] = 5.0
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def blank_fr() -> spacy.language.Language:
    return spacy.blank("fr")


def _pipe(nlp: spacy.language.Language, model: Path, **cfg: object) -> spacy.language.Language:
    nlp = spacy.blank("fr")
    nlp.add_pipe(TRANSFORMERS_NER, config={"model": str(model), **cfg})
    return nlp


@pytest.mark.parametrize(
    ("label", "expected"),
    [("B-PER", ("PER", "B")), ("I-ORG", ("ORG", "I")), ("PER", ("PER", "I")), ("O", (None, "O")),
     ("S-LOC", ("LOC", "S")), ("E-MISC", ("MISC", "E"))],
)  # fmt: skip
def test_split_label(label: str, expected: tuple[str | None, str]) -> None:
    assert split_label(label) == expected


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-ORG"], [(0, 2, "PER"), (3, 4, "ORG")]),
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["PER", "PER", "O", "LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),  # IO scheme
        (["I-PER", "I-ORG"], [(0, 1, "PER"), (1, 2, "ORG")]),  # type change opens
        (["S-PER", "I-PER", "E-PER", "B-ORG"], [(0, 1, "PER"), (1, 3, "PER"), (3, 4, "ORG")]),
        ([None, "B-PER", None], [(1, 2, "PER")]),
    ],
)
def test_decode(labels: list[str | None], spans: list[tuple[int, int, str]]) -> None:
    assert decode(labels) == spans


@pytest.mark.parametrize(
    ("how", "expected"),
    [("first", [0.9, 0.1]), ("average", [0.6, 0.4]), ("max", [0.9, 0.1])],
)
def test_aggregate_subwords_onto_tokens(how: str, expected: list[float]) -> None:
    got = aggregate([(0, [0.9, 0.1]), (0, [0.3, 0.7]), (2, [0.5, 0.5])], 3, how)
    assert got[0] == pytest.approx(expected)
    assert got[1] is None and got[2] == [0.5, 0.5]


@pytest.mark.parametrize("aggregation", ["first", "average", "max"])
def test_transformers_ner_aligns_subwords_to_spacy_tokens(
    tmp_path: Path, blank_fr: spacy.language.Language, aggregation: str
) -> None:
    model = build_model(tmp_path, "B-PER")
    nlp = _pipe(blank_fr, model, aggregation=aggregation)
    doc = nlp("Clara Chappaz a parlé à Paris.")
    # "Chappaz" is two sub-words (chap ##paz) but one spaCy token: one entity, not two.
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Clara", "PERSON"), ("Chappaz", "PERSON"), ("a", "PERSON"), ("parlé", "PERSON"),
        ("à", "PERSON"), ("Paris", "PERSON"),
    ]  # fmt: skip
    for ent in doc.ents:
        assert doc.text[ent.start_char : ent.end_char] == ent.text


@pytest.mark.parametrize(
    ("force", "label_map", "expected"),
    [
        ("I-ORG", {"ORG": "ORG"}, [("Bpifrance et les Macronistes", "ORG")]),
        ("I-PER", {"PER": "PERSON"}, [("Bpifrance et les Macronistes", "PERSON")]),
        ("I-PER", {"ORG": "ORG"}, []),  # unmapped labels are dropped
        ("B-MISC", {"PER": "PERSON"}, []),
        ("O", {"PER": "PERSON"}, []),
    ],
)
def test_transformers_ner_label_mapping(
    tmp_path: Path,
    blank_fr: spacy.language.Language,
    force: str,
    label_map: dict[str, str],
    expected: list[tuple[str, str]],
) -> None:
    nlp = _pipe(blank_fr, build_model(tmp_path, force), label_map=label_map)
    doc = nlp("Bpifrance et les Macronistes.")
    assert [(e.text, e.label_) for e in doc.ents] == expected


def test_transformers_ner_long_text_windows(tmp_path: Path, blank_fr) -> None:
    # More sub-words than max_length: windows with a stride; every word still labelled.
    nlp = _pipe(blank_fr, build_model(tmp_path, "B-ORG"), max_length=16, stride=4)
    text = " ".join(["Paris"] * 40)
    doc = nlp(text)
    assert len(doc.ents) == 40
    assert all(e.label_ == "ORG" for e in doc.ents)


@pytest.mark.parametrize(
    ("cfg", "code"),
    [({"model": ""}, "E030"), ({"aggregation": "mean"}, "E031"), ({"model": "/nope"}, "E033")],
)
def test_transformers_ner_config_errors(tmp_path: Path, cfg: dict[str, str], code: str) -> None:
    base = {"model": str(build_model(tmp_path, "O"))}
    nlp = spacy.blank("fr")
    with pytest.raises(ConfigError, match=code):
        nlp.add_pipe(TRANSFORMERS_NER, config={**base, **cfg})


def test_transformers_ner_feeds_the_actor_component(tmp_path: Path, config) -> None:
    """Wired before the actor component, its entities become actors."""
    settings = {
        "enabled": True,
        "languages": ["fr"],
        "model": str(build_model(tmp_path, "I-PER")),
        "aggregation": "first",
        "label_map": {"PER": "PERSON"},
    }
    nlp = spacy.blank("fr")
    nlp.add_pipe(
        "briefing_actors", config={"kb_path": "", "label_map": dict(config["actors"]["label_map"])}
    )
    assert add_to_pipeline(nlp, settings, before="briefing_actors")
    assert nlp.pipe_names == [TRANSFORMERS_NER, "briefing_actors"]
    doc = nlp("Clara Chappaz")
    assert [(s.text, s.label_) for s in doc.spans["briefing_actors"]] == [
        ("Clara Chappaz", "PERSON")
    ]
    assert not add_to_pipeline(spacy.blank("en"), settings, before="x")
