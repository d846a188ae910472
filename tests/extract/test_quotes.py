"""The text-only quote finder: marks, continuations, dialogue dashes, transcripts, strays."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.claims.quotes import find_quotes, join_interrupted, segments


def _texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Elle a dit : « Nous irons plus loin. »", ["Nous irons plus loin."]),
        ("Elle a dit : «\u00a0Nous irons\u00a0»", ["Nous irons"]),
        ("Elle a dit : «\u202fNous irons\u202f»", ["Nous irons"]),
        ("He said “we will act now” today.", ["we will act now"]),
        ('He said "we will act now" today.', ["we will act now"]),
        ("Il parle de ‹ souveraineté numérique › encore.", ["souveraineté numérique"]),
        ("Er sagte „wir handeln jetzt“ heute.", ["wir handeln jetzt"]),
        # A misprinted closing guillemet (the seed article): «… données « , a-t-elle déclaré.
        (
            "«Cela permettra aux industries de fédérer leurs données « , a-t-elle déclaré.",
            ["Cela permettra aux industries de fédérer leurs données"],
        ),
        # A closing mark set before a word and closed by another is a misprinted opening one;
        # a lone one before a word opens nothing.
        (
            "At the summit  ”There are no borders, it does not discriminate,” said the host.",
            ["There are no borders, it does not discriminate"],
        ),
        ("The so-called ”green deal was signed on Monday.", []),
        ("“We are ready,” the minister said.", ["We are ready"]),
        # A closing straight quote after a word is no opening mark; an inch mark neither.
        ('A 12" screen and a 3" disk.', []),
        # British single marks, typographic or normalised to the apostrophe's character;
        # apostrophes inside words, a plural possessive and an elided century are no marks.
        ("‘We did it. It is historic,’ the chair said.", ["We did it. It is historic"]),
        ("'We did it. It is historic,' the chair said.", ["We did it. It is historic"]),
        (
            "He said 'it's the donors' money that counts' and left.",
            ["it's the donors' money that counts"],
        ),
        ("L'État n'a pas dit qu'il irait, in the '80s.", []),
        # A sentence closed right before a straight quote opens another one.
        (
            'Il a parlé d\'un "cap"."Nous irons plus loin", a-t-il dit.',
            ["cap", "Nous irons plus loin"],
        ),
        # The opening mark lost: a closing one first in its paragraph closes a quote that
        # opened the paragraph; a » opening a line is still a bullet.
        (
            "THE HEADLINE\nWhile energy remains our base, the rest grew,” the minister said.",
            ["While energy remains our base, the rest grew"],
        ),
        ("» Un point de la liste, pas une citation.", []),
    ],
)
def test_find_quotes_marks(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Each paragraph opened, only the last one closed: one quote over three paragraphs.
        (
            "Elle a plaidé :\n\n« Nous voulons des usines ouvertes.\n\n"
            "« Une PME doit pouvoir y accéder.\n\n« C'est la voie européenne. »\n\nFin.",
            [
                "Nous voulons des usines ouvertes.\n\n« Une PME doit pouvoir y accéder.\n\n"
                "« C'est la voie européenne."
            ],
        ),
        (
            '"We want a public utility.\n"Too often I hear that Europe is late."\nNext.',
            ['We want a public utility.\n"Too often I hear that Europe is late.'],
        ),
    ],
)
def test_find_quotes_continuation_paragraphs(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An unclosed mark stops at the end of its paragraph, never swallowing the text.
        (
            "Il dit « nous verrons bien\nLa suite du texte reste du texte.\nEt encore.",
            ["nous verrons bien"],
        ),
        ('She said "never\nThe next paragraph.', ["never"]),
        # » used as a bullet opens nothing and closes nothing.
        ("» Premier point du programme\n» Second point du programme", []),
        ("Titre\n» Point un\nIl a dit « bonjour à tous les amis ».", ["bonjour à tous les amis"]),
        # Stray closing marks alone.
        ("Fin » du texte ” ici › là.", []),
    ],
)
def test_find_quotes_stray_marks_do_not_swallow(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_marks"),
    [
        (
            "Propos recueillis.\n\n— Est-ce réel ?\n\n— Ce sont des engagements réels.",
            ["—", "—"],
        ),
        ("— Tiens, dit-il, nous avons eu la même idée.", ["—"]),
        ("– Oui, répondit-elle.", ["—"]),
        # A dash inside a sentence is no dialogue line.
        ("Le bloc – et ses membres – envisage une réforme.", []),
    ],
)
def test_find_quotes_dialogue_dashes(text: str, expected_marks: list[str]) -> None:
    assert [q.mark for q in find_quotes(text)] == expected_marks


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "Intro.\nQuestion: Is the job done?\nLagarde: We are in a good place.\n"
            "Question: And growth?\nLagarde: It will pick up.",
            ["Question", "Lagarde", "Question", "Lagarde"],
        ),
        ("Intro.\nLagarde : Nous y sommes.\nLagarde : Et nous y resterons.", ["Lagarde"] * 2),
        # One label line alone is a heading, not a transcript.
        ("Source: Reuters and our own reporting.\nThe text goes on.", []),
    ],
)
def test_find_quotes_transcript_labels(text: str, labels: list[str]) -> None:
    quotes = [q for q in find_quotes(text) if q.mark == ":"]
    assert [text[q.open_at : q.start].rstrip(": ") for q in quotes] == labels


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ('"We are ready," she said, "and we will deliver."', True),
        ('"Here there is no need to drill," the president told them. "It is plug."', True),
        ("«Nous sommes prêts», dit-elle, «et nous livrerons.»", True),
        # A full sentence before the incise, or a sentence between the halves: two quotes.
        ("«Nous sommes prêts.» Elle ajoute : «Et nous livrerons.»", False),
        ('"We are ready." She left. Later she said, "we will deliver."', False),
    ],
)
def test_join_interrupted(text: str, joined: bool) -> None:
    quotes = find_quotes(text)
    assert len(quotes) == 2
    merged = join_interrupted(text, quotes, lambda a, b: True)
    assert (len(merged) == 1) is joined
    if joined:
        assert merged[0].start == quotes[0].start and merged[0].end == quotes[1].end
        assert len(merged[0].pieces) == 2


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # The halves around an incise.
        (
            '"We are ready," she said, "and we will deliver."',
            ["We are ready", "and we will deliver."],
        ),
        # Each paragraph of a quote that reopens its mark.
        (
            "« Nous sommes prêts.\n\n« Et nous livrerons avant l'hiver. »",
            ["Nous sommes prêts.", "Et nous livrerons avant l'hiver."],
        ),
        # A comma before the closing mark is no part of the words.
        ("« Nous sommes prêts à agir, »", ["Nous sommes prêts à agir"]),
    ],
)
def test_segments_are_the_parts_the_marks_delimit(text: str, parts: list[str]) -> None:
    quotes = join_interrupted(text, find_quotes(text), lambda a, b: True)
    assert [text[a:b] for q in quotes for a, b in segments(text, q)] == parts


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("ab ,.:\n«»“”\"‹›„—–-?'") + ["Lagarde: ", "— ", "Ab Cd : "]),
        max_size=60,
    ).map("".join)
)
def test_find_quotes_never_raises_and_offsets_in_range(text: str) -> None:
    quotes = find_quotes(text)
    last_open = -1
    for q in quotes:
        assert 0 <= q.open_at <= q.start < q.end <= len(text)
        assert q.close_at is None or q.end <= q.close_at < len(text)
        assert q.open_at >= last_open
        last_open = q.open_at
        for a, b in q.pieces:
            assert q.start <= a < b <= q.end
    for q in join_interrupted(text, quotes, lambda a, b: True):
        for a, b in segments(text, q):
            assert q.start <= a < b <= q.end
