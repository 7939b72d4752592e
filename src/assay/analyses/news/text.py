"""Text normalisation and sentence segmentation that keep character offsets.

Typographic quotes, apostrophes and dashes are folded to ASCII one character for one
character, so every span found in the normalised text is a span of the original text.
Sentences are split on '.', '!' or '?' followed by space and a capital or digit, and on
line breaks (headlines and paragraphs), except after common abbreviations and initials
("U.S.", "Feb.", "J.D."), in the manner of the rule-based splitters compared by Read et al.
(2012), "Sentence Boundary Detection: A Long Solved Problem?", COLING 2012.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u2010": "-",
        "\u00a0": " ",
    }
)

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "gen",
    "gov",
    "sen",
    "rep",
    "approx",
    "est",
    "fig",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
}

_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+")


_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(65, 91)})


def ascii_lower(text: str) -> str:
    """Lower-case A-Z only, so that offsets stay valid ('İ'.lower() has two characters).

    Patterns run on this text without ``re.IGNORECASE``, which lets Python's regular
    expression engine skip quickly to positions where a match can start.
    """
    lower = text.lower()
    # str.lower only ever lengthens text ('İ' -> 'i̇'); same length means same offsets
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)


def starts_word(text: str, pos: int) -> bool:
    """True when ``pos`` is at the start of a word (the leading ``\\b`` of a pattern)."""
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_")


def normalise(text: str) -> str:
    """Fold typographic punctuation to ASCII without changing the length of the text."""
    return text if text.isascii() else text.translate(_FOLD)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` (stripped of surrounding space).

    Parameters
    ----------
    text : str
        Normalised text (see :func:`normalise`).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == ".":
            before = text[start : m.start()].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            if word in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
                continue
            if re.fullmatch(r"\d{1,2}", text[start : m.start()].strip()):
                continue  # the number of a list item ('1. China - 270,000 t')
        end = m.start() + len(m.group(0).rstrip())
        if "\n" in m.group(0):
            end = m.start()
        _append(text, spans, start, end)
        start = m.end()
    _append(text, spans, start, len(text))
    return spans


def _append(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    trail = len(seg) - len(seg.rstrip())
    s, e = start + lead, end - trail
    if e > s:
        spans.append((s, e))


def paragraph_ids(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Paragraph number of each sentence span (paragraphs are separated by line breaks)."""
    ids = []
    para = 0
    last_end = 0
    for s, e in spans:
        if "\n" in text[last_end:s]:
            para += 1
        ids.append(para)
        last_end = e
    return ids
