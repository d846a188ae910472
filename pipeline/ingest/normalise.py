"""Text normalisation that the offsets of every record index.

NFC first, then a one-character-for-one mapping (so later offsets stay aligned with what the
reader saw): typographic apostrophes become ' (the French NER otherwise emits junk entities
such as "qu’"), exotic spaces become an ordinary space. Line breaks are unified to "\n".
"""

from __future__ import annotations

import re
import unicodedata

# One character for one character: offsets computed after this step are final.
_ONE_FOR_ONE = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark (typographic apostrophe)
        "\u2018": "'",  # left single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
        "\u00b4": "'",  # acute accent used as an apostrophe
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (French typography before ; : ! ? »)
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u200a": " ",  # hair space
        "\u2002": " ",
        "\u2003": " ",
        "\u3000": " ",
        "\t": " ",
        "\u000b": " ",
        "\u000c": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200b\ufeff]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not the invisible format marks


def control_chars(text: str) -> int:
    """How many control characters (NUL and the like) `normalise_text` will remove."""
    return len(_CONTROL_CHARS.findall(text))


def normalise_text(text: str) -> str:
    """The canonical form of a document's text; idempotent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return text.translate(_ONE_FOR_ONE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line block; a paragraph is a line of the text."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return spans
