"""Text normalisation and sentence segmentation that keep character offsets.

Typographic quotes, apostrophes and dashes are folded to ASCII one character for one
character, so every span found in the normalised text is a span of the original text.
Sentences are split on '.', '!' or '?' followed by space and a capital or digit, and on
line breaks (headlines and paragraphs), except after common abbreviations and initials
("U.S.", "Feb.", "J.D."), in the manner of the rule-based splitters compared by Read et al.
(2012), "Sentence Boundary Detection: A Long Solved Problem?", COLING 2012.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

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

#: A sentence end ('.', '!' or '?', closing quotes or brackets, space, then a capital or a
#: digit) or a run of line breaks. Written as one character of ``[.!?\n]`` and then the
#: rest of either reading, so that the engine jumps between those characters instead of
#: trying both readings at every position (the same matches as
#: ``[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+``).
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|(?<=\n)\n*)")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_ITEM_NUMBER = re.compile(r"\d{1,2}")


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


#: The pairs of :data:`_FOLD`: most texts hold one or two of them, and a ``str.replace``
#: of each is far faster than ``str.translate`` with a table of a dozen entries.
_FOLD_PAIRS = [(chr(k), v) for k, v in _FOLD.items()]


def normalise(text: str) -> str:
    """Fold typographic punctuation to ASCII without changing the length of the text."""
    if text.isascii():
        return text
    # every replacement is ASCII and every character replaced is not: one pass each
    for typographic, plain in _FOLD_PAIRS:
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


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
            if word in ABBREVIATIONS or _INITIALS.fullmatch(word):
                continue
            if _ITEM_NUMBER.fullmatch(text[start : m.start()].strip()):
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


def _parsed_items(sub: Any) -> list[tuple[Any, Any]]:
    return list(getattr(sub, "data", sub))


#: The start string that stands for any decimal digit (``\\d``, Unicode category Nd).
DIGIT = "\x00"
#: The start string that stands for a word that starts with a letter beyond ASCII (in the
#: index: a word whose first character is not ASCII, or 'k', the lower case of the Kelvin
#: sign, the one character beyond ASCII whose lower case is ASCII).
OTHER = "\x01"
#: At most this many start strings per pattern (more: the shorter common starts are kept).
_MAX_STARTS = 64


def _then(
    first: tuple[set[str], bool], items: list[tuple[Any, Any]]
) -> tuple[set[str], bool] | None:
    """Start strings of an element (``first``: its strings and whether they are its whole
    matches) followed by ``items``."""
    strings, whole = first
    if whole:
        rest = _literal_starts(items)
        if rest is not None and len(strings) * len(rest[0]) <= _MAX_STARTS and DIGIT not in rest[0]:
            return {a + b for a in strings for b in rest[0]}, rest[1]
    if "" not in strings:
        return strings, False
    # the element may match nothing: the match starts with it or with what follows
    rest = _literal_starts(items)
    return None if rest is None else ((strings - {""}) | rest[0], False)


def _literal_starts(items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    """Strings one of which every match of the parsed ``items`` starts with, and whether
    they are the whole matches; None when the start is no known set of literal strings."""
    from re import _constants as sre  # the parser's own opcodes (Python >= 3.11)

    if not items:
        return {""}, True
    op, av = items[0]
    rest = items[1:]
    if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
        return _literal_starts(rest)  # zero width: the match goes on with what follows
    if op is sre.LITERAL:
        return _then(({chr(av)}, True), rest)
    if op is sre.IN:
        if av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
            return {DIGIT}, False  # '\\d': any decimal digit starts the match
        if len(av) > 8 or any(o is not sre.LITERAL for o, _ in av):
            return None  # a class of letters ('[cs]') is spelt out; others are not
        return _then(({chr(c) for _, c in av}, True), rest)
    if op is sre.SUBPATTERN:
        if av[1] or av[2]:
            return None  # '(?i:...)': the letters may be written otherwise
        inner = _literal_starts(_parsed_items(av[3]))
        return None if inner is None else _then(inner, rest)
    if op is sre.BRANCH:
        strings: set[str] = set()
        whole = True
        for alt in av[1]:
            found = _literal_starts(_parsed_items(alt))
            if found is None:
                return None
            strings |= found[0]
            whole = whole and found[1]
        return _then((strings, whole), rest)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _literal_starts(_parsed_items(sub))
        if inner is None:
            return None
        if high <= 1:  # 's?': nothing or the element once
            return _then((inner[0] | ({""} if low == 0 else set()), inner[1]), rest)
        if low >= 1:
            return inner[0], False
        return _then((inner[0] | {""}, False), rest)
    return None


def literal_starts(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of a regular expression starts with.

    Parameters
    ----------
    pattern : str
        A pattern without flags (case-sensitive, as the news patterns run on lowered text).
        A start that is any decimal digit (``\\d``) is the string :data:`DIGIT`.

    Returns
    -------
    frozenset of str or None
        None where the pattern can start otherwise (a character class, a wildcard, an
        empty match), so callers fall back to a plain search. Positions where none of the
        strings occurs can never start a match: a caller may try ``match`` only at the
        positions where one does, with the same matches as ``search`` (lookbehinds still
        see the text before the position)."""
    try:
        from re import _parser

        parsed = _parser.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None
        found = _literal_starts(_parsed_items(parsed))
    except Exception:  # a parser of another Python version: plain searches, same matches
        return None
    if found is None or not found[0] or "" in found[0]:
        return None
    # 'order' finds every place of 'ordered' and 'orders': the shortest strings suffice
    return frozenset(s for s in found[0] if not any(t != s and s.startswith(t) for t in found[0]))


_WORD = re.compile(r"\w+")
#: The first word of each start string looked up, and whether the string goes on after it.
_FIRST_WORDS: dict[str, tuple[str, bool]] = {}


def _other_start(word: str) -> bool:
    """Whether a word of the index may start with a letter beyond ASCII (:data:`OTHER`)."""
    return not word[0].isascii() or word[0] == "k"


class WordIndex:
    """The places of the words of a text, to try a pattern only where it can start.

    Python's ``re`` has no search for many strings at once: a pattern that can start with
    any of a few dozen words tests every position of the text. Where every match starts
    one of the words (:func:`scan`) or a caller keeps only matches at word starts
    (``starts_word``), the pattern is tried with ``match`` at the places where a word
    begins with one of its start strings (:func:`literal_starts`) instead, which gives the
    same matches.

    Parameters
    ----------
    lower : str
        The text, lower-cased by :func:`ascii_lower` (words are looked up in lower case;
        offsets are those of the text).
    """

    def __init__(self, lower: str) -> None:
        self.text = lower
        words: dict[str, list[int]] = {}
        for m in _WORD.finditer(lower):
            words.setdefault(m.group(), []).append(m.start())
        self.words = words
        self._vocabulary: list[str] | None = None
        self._places: dict[Any, list[int]] = {}
        self._folds: bool | None = None

    def folds_to_ascii(self) -> bool:
        """Whether the text holds a character that IGNORECASE matches with an ASCII letter
        ('\\u017f' with 's'): its words are then no guide to a case-insensitive pattern."""
        if self._folds is None:
            self._folds = self.text.isascii() is False and bool(_FOLDS_TO_ASCII.search(self.text))
        return self._folds

    def with_text(self, lower: str) -> WordIndex:
        """The index of a text that differs from this one only in characters that are no
        word characters (a dot read as a space): the same words, found strings anew."""
        other = WordIndex.__new__(WordIndex)
        other.text, other.words, other._vocabulary = lower, self.words, self._vocabulary
        other._places, other._folds = {}, None
        return other

    def _starting(self, head: str) -> list[int]:
        """Word starts where ``head`` may begin (all of them, and maybe some more)."""
        if head == DIGIT:
            return sorted(i for w, at in self.words.items() if w[0].isdecimal() for i in at)
        if head == OTHER:
            return sorted(i for w, at in self.words.items() if _other_start(w) for i in at)
        first = _FIRST_WORDS.get(head)
        if first is None:
            m = _WORD.match(head)
            first = _FIRST_WORDS[head] = (m.group(), m.end() < len(head)) if m else ("", False)
        if not first[0]:  # a string that starts with no word character: found as written
            text, out = self.text, []
            i = text.find(head)
            while i >= 0:
                if starts_word(text, i):
                    out.append(i)
                i = text.find(head, i + 1)
            return out
        if first[1]:  # 'in ', 'cut off': the first word is whole
            return self.words.get(first[0], [])
        if self._vocabulary is None:
            self._vocabulary = sorted(self.words)
        vocabulary = self._vocabulary
        k = bisect.bisect_left(vocabulary, head)
        lists = []
        while k < len(vocabulary) and vocabulary[k].startswith(head):
            lists.append(self.words[vocabulary[k]])
            k += 1
        return lists[0] if len(lists) == 1 else sorted(i for x in lists for i in x)

    def places(self, heads: frozenset[str]) -> list[int]:
        """Sorted word starts where one of ``heads`` (start strings, :data:`DIGIT` for any
        digit) may begin; a superset of the places where one does."""
        out = self._places.get(heads)
        if out is None and len(heads) > _SWEEP_MIN:
            sweep = _sweep_plan(heads)
            if sweep is not None:
                # many heads (a gazetteer's names): one pass over the words of the text
                exact, k, by_start, digit, other = sweep
                lists = [
                    at
                    for w, at in self.words.items()
                    if w in exact
                    or (digit and w[0].isdecimal())
                    or (other and _other_start(w))
                    or any(w.startswith(h) for h in by_start.get(w[:k], ()))
                ]
                out = self._places[heads] = sorted(i for x in lists for i in x)
        if out is None:
            lists = []
            for head in heads:
                found = self._places.get(head)
                if found is None:
                    found = self._places[head] = self._starting(head)
                lists.append(found)
            out = lists[0] if len(lists) == 1 else sorted({i for x in lists for i in x})
            self._places[heads] = out
        return out


#: Above this many start strings, :meth:`WordIndex.places` reads each word of the text once
#: instead of looking up each string.
_SWEEP_MIN = 100
_Sweep = tuple[frozenset[str], int, dict[str, list[str]], bool, bool]
_SWEEPS: dict[frozenset[str], _Sweep | None] = {}


def _sweep_plan(heads: frozenset[str]) -> _Sweep | None:
    """The start strings sorted for one pass over the words of a text: first words that
    must be whole (the string goes on after them), strings that may begin a longer word
    keyed by their first ``k`` characters, and whether any digit starts a match; None
    when a string starts with no word character."""
    if heads in _SWEEPS:
        return _SWEEPS[heads]
    plan = None
    firsts = [(h, _WORD.match(h)) for h in heads if h not in (DIGIT, OTHER)]
    if all(m is not None for _, m in firsts):
        exact = frozenset(m.group() for h, m in firsts if m.end() < len(h))
        prefixes = [h for h, m in firsts if m.end() == len(h)]
        k = min((len(h) for h in prefixes), default=1)
        by_start: dict[str, list[str]] = {}
        for h in prefixes:
            by_start.setdefault(h[:k], []).append(h)
        plan = exact, k, by_start, DIGIT in heads, OTHER in heads
    _SWEEPS[heads] = plan
    return plan


def matches_at(
    rx: re.Pattern[str], text: str, places: list[int], endpos: int | None = None
) -> list[re.Match[str]]:
    """``list(rx.finditer(text, 0, endpos))`` for a pattern that cannot match the empty
    string and whose matches all start at one of ``places`` (sorted): tried only there."""
    out = []
    pos = 0
    end = len(text) if endpos is None else endpos
    for i in places:
        if i >= pos and (m := rx.match(text, i, end)) is not None:
            out.append(m)
            pos = m.end()
    return out


_SCAN_PLANS: dict[tuple[str, int], frozenset[str] | None] = {}


def _opens_at_word(items: list[tuple[Any, Any]]) -> bool:
    """Whether the zero-width items that open a parsed pattern put its start after a
    character that is no word character ('\\b' before a word character, or a lookbehind
    such as '(?<![\\w.])'); every alternative of a branch must."""
    from re import _constants as sre

    for op, av in items:
        if op is sre.AT:
            if av is sre.AT_BOUNDARY:
                return True
            continue
        if op is sre.ASSERT_NOT and av[0] == -1:
            inner = _parsed_items(av[1])
            if (
                len(inner) == 1
                and inner[0][0] is sre.IN
                and (sre.CATEGORY, sre.CATEGORY_WORD) in inner[0][1]
                and (sre.NEGATE, None) not in inner[0][1]
            ):
                return True
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.SUBPATTERN and not (av[1] or av[2]):
            return _opens_at_word(_parsed_items(av[3]))
        if op is sre.BRANCH:
            return all(_opens_at_word(_parsed_items(alt)) for alt in av[1])
        return False
    return False


def _ascii_start(head: str) -> str:
    """The longest start of ``head`` written in ASCII, lower-cased in ASCII only, or
    :data:`OTHER` where the first letter is beyond ASCII."""
    if head == DIGIT or head.isascii():
        return head.translate(_ASCII_LOWER)
    k = 0
    while head[k].isascii():
        k += 1
    return head[:k].translate(_ASCII_LOWER) if k else OTHER


def _word_start_plan(rx: re.Pattern[str]) -> tuple[frozenset[str], bool] | None:
    """The start strings (lower-cased) of a pattern whose every match starts a word, and
    whether case-insensitive letters are among them; None for other patterns.

    A pattern qualifies when it opens with ``\\b`` or with a lookbehind that excludes
    word characters ('(?<![\\w.])'; :func:`_opens_at_word`) and every start string begins
    with a word character (so the character before a match is no word character)."""
    key = (rx.pattern, rx.flags)
    if key in _SCAN_PLANS:
        return _SCAN_PLANS[key]
    plan = None
    try:
        from re import _parser

        if not rx.flags & (re.ASCII | re.LOCALE | re.VERBOSE):
            items = _parsed_items(_parser.parse(rx.pattern, rx.flags & ~re.IGNORECASE))
            heads = literal_starts(rx.pattern) if _opens_at_word(items) else None
            if heads and all(h == DIGIT or _WORD.match(h) for h in heads):
                folded = bool(rx.flags & re.IGNORECASE) and any(
                    c.lower() != c.upper() for h in heads for c in h
                )
                # the ASCII part of each string, lower-cased in ASCII: how a text's words
                # are keyed whichever way it was lowered ('Åland' is looked up as any word)
                ascii_heads = frozenset(_ascii_start(h) for h in heads)
                # a case-insensitive 'ſ' or Kelvin sign in a string matches ASCII letters
                if not (folded and any(_FOLDS_TO_ASCII.search(h) for h in heads)):
                    plan = ascii_heads, folded
    except Exception:  # another parser: plain searches
        plan = None
    _SCAN_PLANS[key] = plan
    return plan


#: The characters other than ASCII letters that IGNORECASE matches with ASCII letters
#: ('\u0130' and '\u0131' with 'i', the long s with 's', the Kelvin sign with 'k'): a text
#: with one of them is searched plainly by a case-insensitive pattern.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
#: The article being checked and its word index (:func:`register_index`).
_REGISTERED: list[tuple[str, WordIndex]] = []


def register_index(words: WordIndex, *texts: str) -> None:
    """Make ``words`` the index that :func:`scan` uses for these very text objects (the
    article being checked), so that extractors that receive only the text find it; any
    other text, equal or not, is searched plainly."""
    _REGISTERED[:] = [(t, words) for t in texts]


def _registered(text: str) -> WordIndex | None:
    for t, words in _REGISTERED:
        if t is text:
            return words
    return None


def scan(
    rx: re.Pattern[str],
    text: str,
    words: WordIndex | None = None,
    pos: int = 0,
    endpos: int | None = None,
) -> list[re.Match[str]] | Any:
    """The matches of ``rx.finditer(text, pos, endpos)``.

    Where a :class:`WordIndex` of ``text`` is at hand (``words``, or the index registered
    for ``text``) and every match of the pattern starts a word with one of its start
    strings (:func:`_word_start_plan`), the pattern is tried only at those word starts."""
    end = len(text) if endpos is None else endpos
    words = words if words is not None else _registered(text)
    plan = _word_start_plan(rx) if words is not None else None
    if plan is None or words is None:
        return rx.finditer(text, pos, end)
    heads, folded = plan
    if folded and words.folds_to_ascii():
        return rx.finditer(text, pos, end)
    places = words.places(heads)
    if pos > 0 or end < len(text):
        places = places[bisect.bisect_left(places, pos) : bisect.bisect_left(places, end)]
    return matches_at(rx, text, places, end)


def scan_first(
    rx: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> re.Match[str] | None:
    """``rx.search(text, pos, endpos)`` through :func:`scan` (the first of its matches)."""
    for m in scan(rx, text, None, pos, endpos):
        return m
    return None


def scan_slice(
    rx: re.Pattern[str], text: str, s0: int, s1: int, piece: str | None = None
) -> list[re.Match[str]] | Any:
    """The matches of ``rx.finditer(text[s0:s1])`` (offsets into the piece; ``piece``:
    that slice when the caller has it), tried only at the word starts where the pattern
    can begin when ``text`` has a registered :class:`WordIndex` (:func:`register_index`).

    A word starts at the same places in the piece as in the text, except at the piece's
    start, which is always tried."""
    piece = text[s0:s1] if piece is None else piece
    words = _registered(text)
    plan = _word_start_plan(rx) if words is not None else None
    if plan is None or words is None or (plan[1] and words.folds_to_ascii()):
        return rx.finditer(piece)
    places = words.places(plan[0])
    lo = bisect.bisect_left(places, s0)
    hi = bisect.bisect_left(places, s1, lo)
    tried = [i - s0 for i in places[lo:hi]]
    if not tried or tried[0] != 0:
        tried.insert(0, 0)
    return matches_at(rx, piece, tried)
