"""The word-start scans of the news extractors find exactly what a plain search finds.

``text.literal_starts`` reads a regular expression's parse tree for the strings its
matches begin with; ``text.WordIndex`` and ``text.scan`` then try a pattern only at word
starts where one of those strings begins (issue 17, throughput). The oracle throughout is
Python's own ``re``: ``finditer`` over the whole text, and for event triggers a left-to-right
``search`` that keeps matches at word starts (the method used before the index).
"""

from __future__ import annotations

import random
import re

import pytest

from assay.analyses.news import dates, quantities
from assay.analyses.news.events import compiled_patterns, pattern_matches
from assay.analyses.news.knowledge import KnowledgeBase
from assay.analyses.news.text import (
    DIGIT,
    WordIndex,
    ascii_lower,
    literal_starts,
    scan,
    starts_word,
)

#: Sentences written for these tests: numbers at the start and end of the text, glued to
#: punctuation and letters, Arabic-Indic digits, capitals, underscores and abbreviations.
SAMPLES = [
    "2024 was a record: 270,000 t of rare earths, up 5.5% on 2023 (about 255,000 tonnes).",
    "Twenty countries and 17 elements; the first of three shipments left on Jan. 5, 2025.",
    "x1 2x _3 4_ 5.6 .7 8. ٣٤ tonnes, 12th and 3rd places, half of the 44m tonnes.",
    "On Monday, early March 2025, officials said exports would resume next week; last year "
    "output fell by one-third of 1,200 kt. Between 60 and 70 per cent went abroad.",
    "MT 90pc EUR 5 bn £3m US$2.5 trillion 15 September 2024 mid-April, 2024 sept. 9",
    "They signed the deal; in talks with the U.S. since 1 Dec, China imposed export controls.",
    "",
    "9",
]


def _plain_event_matches(kb: KnowledgeBase, text: str) -> list[tuple[str, str, int, int]]:
    """The trigger matches by a left-to-right search per pattern (the reference method)."""
    from assay.analyses.news.events import _INNER_DOT

    lower = ascii_lower(text)
    lower = _INNER_DOT.sub(" ", lower) if "." in lower else lower
    found = []
    for etype, rx, cameo in compiled_patterns(kb):
        pos = 0
        while (m := rx.search(lower, pos)) is not None:
            if starts_word(lower, m.start()):
                found.append((etype, cameo, m.start(), m.end()))
                pos = m.end()
            else:
                pos = m.start() + 1
    return sorted(found, key=lambda x: x[2])


def test_literal_starts_of_hand_made_patterns() -> None:
    assert literal_starts(r"(?:order(?:ed|s)?|task(?:ed|s)?)\b") == {"order", "task"}
    # an optional first word: the match starts with it or with what follows
    assert literal_starts(r"(?:export\s+)?(?:controls?|bans?)\b") == {"export", "control", "ban"}
    assert literal_starts(r"licen[cs]es?x") == {"licencex", "licencesx", "licensex", "licensesx"}
    assert literal_starts(r"(?:aid|assistance)\b[^.]") == {"aid", "assistance"}
    assert literal_starts(r"\b\d{1,2}(?:st|nd)?") == {DIGIT}
    assert literal_starts(r"a\d") == {"a"}  # a digit after a letter ends the string
    # no known start: a class, a wildcard, a pattern that may match nothing, any case
    for pattern in (r"[\w]+x", r".abc", r"x?", r"(?:a|b)?", r"(?i)abc", r"(?i:ab)c"):
        assert literal_starts(pattern) is None, pattern


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["one", "two-thirds", "half of", "March", "may", "Monday", "last week", "19",
              "2024", "1,200", "5.5", "%", " per cent", " t", " tonnes", "th", "st", " ",
              ", ", ". ", "x", "_", "٣", "between ", "and", "of ", "-", "\n"]  # fmt: skip
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(n)]


@pytest.mark.parametrize(
    "rx",
    [
        quantities._MASS,
        quantities._FRACTION,
        quantities._PERCENT_RANGE,
        quantities._PERCENT,
        quantities._PERCENT_WORD,
        quantities._SCALED,
        quantities._COUNT,
        quantities._ORDINAL,
        dates._MDY,
        dates._DMY,
        dates._PART_MONTH,
        dates._WEEKDAY,
        dates._RELATIVE,
        dates._YEAR,
    ],
    ids=lambda rx: rx.pattern[:30],
)
def test_scan_finds_what_finditer_finds(rx: re.Pattern[str]) -> None:
    for text in SAMPLES + _random_texts(300, seed=len(rx.pattern)):
        target = text if rx.flags & re.IGNORECASE else ascii_lower(text)
        words = WordIndex(ascii_lower(text))
        got = [(m.span(), m.groupdict()) for m in scan(rx, target, words)]
        assert got == [(m.span(), m.groupdict()) for m in rx.finditer(target)], text


def test_scan_falls_back_where_a_match_may_start_inside_a_word() -> None:
    rx = re.compile(r"(?:us\$|\$)\s?\d+")  # '$' is no word character: no word-start plan
    words = WordIndex("bonus$5 and $6")
    assert [m.group() for m in scan(rx, "bonus$5 and $6", words)] == ["us$5", "$6"]


def test_event_triggers_match_the_plain_search() -> None:
    kb = KnowledgeBase.bundled()
    texts = SAMPLES + [
        "Washington and Kyiv signed a minerals agreement, which was signed on 30 April.",
        "Beijing is ready to work with partners; exporters will need licences from 1 Dec.",
        "The talks collapsed after China halted exports of gallium, the ministry said.",
        "The curbs take effect on 1 December; the ban builds on earlier restrictions.",
    ]
    for text in texts:
        assert pattern_matches(kb, text) == _plain_event_matches(kb, text), text


def test_scan_of_a_span_and_of_case_insensitive_patterns() -> None:
    # a case-insensitive pattern on text as written; the long s and the Kelvin sign match
    # 's' and 'k' under IGNORECASE, so a text holding one is searched plainly
    rx = re.compile(r"\b(?:seven|six|\d+)\s+(?:kinds\s+of\s+)?products\b", re.IGNORECASE)
    texts = SAMPLES + [
        "SEVEN Products and 6 kinds of products; Six products, \u017fix products.",
        "Seven products\u212a, 12 PRODUCTS and seven-products",
    ]
    rng = random.Random(5)
    for text in texts:
        words = WordIndex(ascii_lower(text))
        spans = [(0, len(text))] + [
            (a, rng.randint(a, len(text))) for a in (rng.randint(0, len(text)) for _ in range(20))
        ]
        for pos, end in spans:
            got = [m.span() for m in scan(rx, text, words, pos, end)]
            assert got == [m.span() for m in rx.finditer(text, pos, end)], (text, pos, end)


def test_mentions_with_the_word_index_are_the_same() -> None:
    from assay.analyses.news.mentions import find_mentions

    kb = KnowledgeBase.bundled()
    texts = SAMPLES + [
        "Neodimium and germainium from the Democratic Republic of the Congo, Inner Mongolia "
        "and Sichuan; Putin and Trump spoke of REE and NdPr, Dy, rare-earth magnets.",
        "RARE EARTHS, LITHIUM and cobalt: China\u2014the U.S. and Ukraine's Zhytomyr Oblast.",
        "Lithium\u017f and \u212aazakhstan: gallium, germanium, antimony in Australia.",
    ]
    for text in texts:
        words = WordIndex(ascii_lower(text))
        assert find_mentions(kb, text, words) == find_mentions(kb, text), text


def test_normalise_folds_as_the_translation_table() -> None:
    from assay.analyses.news.text import _FOLD, normalise

    rng = random.Random(3)
    alphabet = "ab .\u00e9\u2026" + "".join(chr(k) for k in _FOLD)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert normalise(text) == text.translate(_FOLD)


def test_scan_slice_of_a_registered_text() -> None:
    from assay.analyses.news import claims
    from assay.analyses.news.text import register_index, scan_slice

    text = (
        "China is the world's largest producer, including the refined oxides; Russia ranks "
        "fourth, among the top five, and 3rd in refining. Such as lithium, e.g. cobalt and "
        "one of the leading suppliers produced the most. SUCH AS Burma, the overlargest."
    )
    register_index(WordIndex(ascii_lower(text)), text)
    rng = random.Random(11)
    cut = text.index("overlargest") + 4  # a piece that starts inside a word: 'largest.'
    spans = [(0, len(text)), (3, 40), (cut, len(text))] + [
        (a, rng.randint(a, len(text))) for a in (rng.randint(0, len(text)) for _ in range(60))
    ]
    for rx in (claims._INCLUSION, claims._RANK, claims._TOP_N, claims._VAGUE_RANK):
        for s0, s1 in spans:  # slices cut inside words too
            got = [(m.span(), m.group()) for m in scan_slice(rx, text, s0, s1)]
            assert got == [(m.span(), m.group()) for m in rx.finditer(text[s0:s1])], (s0, s1)
    # an equal text that is another object is searched plainly, with the same result
    copy = "".join(list(text))
    assert [m.span() for m in scan_slice(claims._RANK, copy, 0, len(copy))] == [
        m.span() for m in claims._RANK.finditer(copy)
    ]


def test_sentence_boundary_pattern_reads_as_its_plain_form() -> None:
    from assay.analyses.news.text import _BOUNDARY

    plain = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+")
    rng = random.Random(2)
    pieces = [".", "!", "?", "\n", " ", "A", "a", "1", '"', "'", ")", "]", "(", "[", "U.S.", "\t"]
    texts = SAMPLES + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)
    ]
    for text in texts:
        assert [m.span() for m in _BOUNDARY.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], repr(text)


def test_mentions_per_sentence_in_one_pass() -> None:
    from assay.analyses.news.pipeline import _SpanIndex

    rng = random.Random(4)
    for _ in range(200):
        items = []
        for _ in range(rng.randint(0, 30)):
            a = rng.randint(0, 300)
            items.append({"span": [a, a + rng.randint(1, 30)]})
        cuts = sorted(rng.sample(range(0, 320), 2 * rng.randint(0, 10)))
        spans = list(zip(cuts[0::2], cuts[1::2], strict=True))
        index = _SpanIndex(items)
        assert index.per_span(spans) == [index.within(s0, s1) for s0, s1 in spans]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_scan_of_names_with_letters_beyond_ascii(flags: int) -> None:
    # 'İ' lengthens under str.lower, so the text is lowered in ASCII only: a name's other
    # letters ('Å', 'Ü', 'ä') keep their case in the index and are not looked up there
    # the Kelvin sign lowers to an ASCII 'k' (a name written with it is looked up there too)
    rx = re.compile(
        r"(?<![\w-])(?:Åland|Zürich|São Paulo|bastnäsite|Ürümqi|\u212aazan)(?![\w])", flags
    )
    texts = [
        "İstanbul, Åland and Zürich; São Paulo, Ürümqi and BASTNÄSITE, bastnäsite.",
        "Åland and Zürich; São Paulo, Ürümqi and BASTNÄSITE, bastnäsite, \u212aazan.",
    ]
    for text in texts:
        words = WordIndex(ascii_lower(text))
        assert [m.span() for m in scan(rx, text, words)] == [m.span() for m in rx.finditer(text)], (
            text
        )
