"""Quantities in news text: money, masses, percentages, counts and ordinals.

A regular-expression layer (number, scale word, unit, qualifier) in the spirit of the
rule-based extractors that GDELT GKG 2.1 uses for its "Amounts" field (Leetaru 2015, GKG 2.1
codebook): every quantity keeps its character span, its value normalised to a base unit
and the qualifier written before it ('over', 'about', 'some', ...).

Units: masses are returned in metric tons [t] (``tons`` in mineral news means metric tons,
as in USGS Mineral Commodity Summaries; pounds and kilograms are converted exactly:
1 lb = 0.45359237 kg, NIST SP 811, 2008); money in the currency written (USD for '$');
percentages in percent [%]. Scale words use the short scale (billion = 10^9).
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.text import WordIndex, ascii_lower, scan

SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "bn": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
#: Mass units to metric tons [t per unit] (NIST SP 811, 2008, Appendix B.8).
MASS_UNITS = {
    "megatonnes": 1e6,
    "megatonne": 1e6,
    "megatons": 1e6,
    "megaton": 1e6,
    "kilotonnes": 1e3,
    "kilotonne": 1e3,
    "kilotons": 1e3,
    "kiloton": 1e3,
    "metric tons": 1.0,
    "metric ton": 1.0,
    "metric tonnes": 1.0,
    "metric tonne": 1.0,
    "tonnes": 1.0,
    "tonne": 1.0,
    "tons": 1.0,
    "ton": 1.0,
    "t": 1.0,
    "mt": 1.0,
    "mmt": 1e6,
    "kt": 1e3,
    "kilograms": 1e-3,
    "kilogram": 1e-3,
    "kg": 1e-3,
    "pounds": 0.45359237e-3,
    "pound": 0.45359237e-3,
    "lbs": 0.45359237e-3,
    "lb": 0.45359237e-3,
}
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP"}
QUALIFIERS = (
    "more than",
    "less than",
    "at least",
    "up to",
    "nearly",
    "almost",
    "virtually",
    "practically",
    "close to",
    "just under",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "over",
    "under",
    "above",
    "below",
    "only",
)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
)
#: Qualifier written just before a quantity (looked up behind each match).
_QUAL_BEHIND = re.compile(
    r"\b(?P<qual>" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS) + r")\s+$",
    re.IGNORECASE,
)
#: An approximation sign right before a number, read as 'about'.
_APPROX_SIGN = re.compile(r"[~\u2248]\s?$")
#: Scale words of masses; 'm' and 'k' only glued to the number ('44m tonnes', '270k t').
_SCALE = (
    r"(?:\s*(?P<scale>trillion|billion|million|thousand|trn|tn|bn|mn|lakhs?|crores?)\b|"
    r"(?P<glued>[mk])\b)?"
)
_MONEY = re.compile(
    r"(?P<cur>us\$|\$|usd\s?|€|eur\s?|£)\s?(?P<num>"
    + _NUM
    + r")"
    + r"(?:\s*(?P<scale>trillion|billion|million|thousand|trn|tn|bn|mn|m|k)\b)?"
)
_MASS_UNIT = "|".join(
    sorted(
        (re.escape(u) for u in MASS_UNITS if u not in ("mt", "mmt", "kt", "t")),
        key=len,
        reverse=True,
    )
)
_MASS = re.compile(
    r"(?<![\w.])(?P<num>"
    + _NUM
    + r"|"
    + _NUMBER_WORDS
    + r")"
    + _SCALE
    + r"\s*(?:(?P<unit>"
    + _MASS_UNIT
    + r")\b|(?P<abbr>mmt|mt|kt|t)(?![\w-]))",
)
#: 'p.c.' / 'p.c' is the abbreviation of per cent in British and Indian usage; 'pc' written
#: against the figure is too ('90pc of the world's rare earths').
_PERCENT = re.compile(
    r"(?<![\w.])(?P<num>" + _NUM + r")\s*(?:%|per\s?cent\b|percent\b|p\.\s?c\b\.?)"
    r"|(?<![\w.])(?P<pc>" + _NUM + r")pc\b"
)
#: A percentage in words ('less than one percent', 'about five per cent'); only with the
#: word 'percent' ('one %' is not written).
_PERCENT_WORD = re.compile(r"(?<![\w.-])(?P<num>" + _NUMBER_WORDS + r")\s+(?:per\s?cent|percent)\b")
_PERCENT_RANGE = re.compile(
    r"(?<![\w.])(?:between\s+)?(?P<a>" + _NUM + r")\s*(?:%|per\s?cent|percent)?\s*"
    r"(?:-|to|and)\s*(?P<b>" + _NUM + r")\s*(?:%|per\s?cent\b|percent\b)"
)
#: Fractions written in words, as shares ('two-thirds of', 'half of', 'a quarter of').
FRACTIONS = {
    "half": 50.0,
    "a half": 50.0,
    "one half": 50.0,
    "a third": 100.0 / 3,
    "one third": 100.0 / 3,
    "one-third": 100.0 / 3,
    "two thirds": 200.0 / 3,
    "two-thirds": 200.0 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "one-quarter": 25.0,
    "three quarters": 75.0,
    "three-quarters": 75.0,
    "a fifth": 20.0,
    "one-fifth": 20.0,
    "one fifth": 20.0,
}
_FRACTION = re.compile(
    r"\b(?P<frac>"
    + "|".join(sorted((re.escape(f) for f in FRACTIONS), key=len, reverse=True))
    + r")\s+(?:of)\b"
)
_SCALED = re.compile(r"(?<![\w.])(?P<num>" + _NUM + r")\s+(?P<scale>trillion|billion|million)\b")
_COUNT = re.compile(
    r"\b(?P<num>\d+|" + _NUMBER_WORDS + r")\s+(?:(?:more|additional|further|new)\s+)?"
    r"(?:(?:chemical|metallic|different|distinct|individual|known|critical|strategic)\s+)?"
    r"(?P<noun>"
    r"(?:rare[- ]earth\s+|lanthanide\s+)?(?:elements|metals|lanthanides|lanthanoids|minerals|"
    r"countries|deposits|mines)|rare[- ]earths)\b"
)
_ORDINAL = re.compile(
    r"\b(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth|\d+(?:st|nd|rd|th))\b"
)


#: Above this many megatonnes a figure is not a plausible mass of one mineral commodity
#: (world iron ore production, the largest, is about 2,500 Mt a year: USGS MCS 2025), so
#: 'Mt' after it is read as a slip for metric tons and flagged ambiguous.
MEGATONNE_PLAUSIBLE_MAX = 10_000.0


def _mt_reading(written: str, number: float) -> tuple[float, str | None]:
    """Tons per unit for 'MT', 'mt' or 'Mt' and a note when the reading is uncertain.

    News agencies and trade press write 'MT' and 'mt' for metric tons ('270,000 MT of rare
    earths'); the SI symbol of the megatonne is 'Mt' (BIPM SI Brochure, 9th ed., 2019,
    Table 7: prefix M with symbol t). 'Mt' counts as megatonnes only where that is
    plausible (at most :data:`MEGATONNE_PLAUSIBLE_MAX`); any other case spelling is
    metric tons.
    """
    if written == "Mt":
        if number <= MEGATONNE_PLAUSIBLE_MAX:
            return 1e6, None
        return 1.0, "ambiguous unit 'Mt': megatonnes would be implausible, read as metric tons"
    return 1.0, None


def parse_number(text: str, words: dict[str, tuple[str, float]] | None = None) -> float | None:
    """A number written with digits (thousands commas allowed) or as an English word."""
    t = text.strip().lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    if words and t in words and words[t][0] in ("number", "ordinal"):
        return words[t][1]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    return float(m.group(1)) if m else None


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    """Qualifier written right before ``start`` and where it begins."""
    q = _QUAL_BEHIND.search(text, max(0, start - 24), start)
    if not q:
        sign = _APPROX_SIGN.search(text, max(0, start - 3), start)
        if sign:
            return "about", sign.start()  # '~90 %', '≈ 390,000 t'
        return None, start
    return re.sub(r"\s+", " ", q.group("qual").lower()), q.start()


def find_quantities(
    text: str,
    words: dict[str, tuple[str, float]] | None = None,
    offset: int = 0,
    word_index: WordIndex | None = None,
) -> list[dict[str, Any]]:
    """All quantities in ``text``, earliest first, without overlaps.

    Parameters
    ----------
    text : str
        Normalised text (a sentence or a whole article).
    words : dict, optional
        Number words -> (kind, value), e.g. from ``news_number_words.csv``.
    offset : int
        Added to every span (the position of ``text`` in the article).
    word_index : WordIndex, optional
        The :class:`~.text.WordIndex` of ``ascii_lower(text)``: the patterns are tried
        only where a number or a number word starts (same matches, faster).

    Returns
    -------
    list of dict
        ``{text, span, kind, value, unit, qualifier}`` where kind is 'money', 'mass',
        'percent', 'number', 'count' or 'ordinal'; ``value`` is in ``unit`` (t for masses,
        the currency code for money, % for percentages).
    """
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    # patterns are written in lower case and run on ASCII-lowered text (same offsets)
    lower = ascii_lower(text)

    def add(m: re.Match[str], item: dict[str, Any]) -> None:
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            return
        if item["kind"] in ("money", "mass", "percent", "number"):
            item["qualifier"], s = _qualifier(text, s)
        taken.append((s, e))
        item.update(text=text[s:e], span=[s + offset, e + offset])
        found.append(item)

    for m in _MONEY.finditer(lower):
        num = parse_number(m.group("num"))
        if num is None:
            continue
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        cur = CURRENCIES.get(m.group("cur").strip().lower(), m.group("cur").strip())
        add(m, {"kind": "money", "value": num * scale, "unit": cur, "qualifier": None})
    for m in scan(_MASS, lower, word_index):
        num = parse_number(m.group("num"), words)
        if num is None:
            continue
        unit = m.group("unit") or m.group("abbr") or ""
        if m.group("abbr") == "t" and not m.group("num")[0].isdigit():
            continue
        scale = SCALES.get((m.group("scale") or m.group("glued") or "").lower(), 1.0)
        factor = MASS_UNITS[re.sub(r"\s+", " ", unit)]
        note = None
        readings = None
        if m.group("abbr") == "mt":
            written = text[m.start("abbr") : m.end("abbr")]
            factor, note = _mt_reading(written, num * scale)
            if written != "Mt" and scale == 1.0 and num < 1000:
                # '6.9 mt of reserves': Indian and some trade press write 'mt' for million
                # tonnes; a small bare figure is read both ways
                readings = [num, num * 1e6]
        add(
            m,
            {
                "kind": "mass",
                "value": num * scale * factor,
                "readings": readings,
                "unit": "t",
                "qualifier": None,
                "unit_written": text[m.start("abbr") : m.end("abbr")] if m.group("abbr") else unit,
                "unit_note": note,
            },
        )
    for m in scan(_FRACTION, lower, word_index):
        # 'half of', 'two-thirds of': a share stated in words (rounded by nature)
        item = {"kind": "percent", "value": FRACTIONS[m.group("frac")], "unit": "%",
                "qualifier": None, "fraction": m.group("frac")}  # fmt: skip
        s_, e_ = m.start(), m.end("frac")
        if not any(s_ < te and ts < e_ for ts, te in taken):
            item["qualifier"], s_ = _qualifier(text, s_)
            taken.append((s_, e_))
            item.update(text=text[s_:e_], span=[s_ + offset, e_ + offset])
            found.append(item)
    for m in scan(_PERCENT_RANGE, lower, word_index):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if a is not None and b is not None and a < b:
            # '60-70%', 'between 60 and 70 per cent': both ends are kept
            add(m, {"kind": "percent", "value": (a + b) / 2, "unit": "%", "qualifier": None,
                    "range": [a, b]})  # fmt: skip
    for m in scan(_PERCENT, lower, word_index):
        num = parse_number(m.group("num") or m.group("pc"))
        if num is not None:
            add(m, {"kind": "percent", "value": num, "unit": "%", "qualifier": None})
    for m in scan(_PERCENT_WORD, lower, word_index):
        num = parse_number(m.group("num"), words)
        if num is not None:
            add(m, {"kind": "percent", "value": num, "unit": "%", "qualifier": None})
    for m in scan(_SCALED, lower, word_index):
        num = parse_number(m.group("num"))
        if num is not None:
            value = num * SCALES[m.group("scale").lower()]
            add(m, {"kind": "number", "value": value, "unit": None, "qualifier": None})
    for m in scan(_COUNT, lower, word_index):
        num = parse_number(m.group("num"), words)
        if num is not None and (
            m.group("num")[0].isdigit()
            or (words or {}).get(m.group("num").lower(), ("",))[0] == "number"
        ):
            item = {
                "kind": "count",
                "value": num,
                "unit": m.group("noun").lower(),
                "qualifier": None,
            }
            add(m, item)
    for m in scan(_ORDINAL, lower, word_index):
        num = parse_number(m.group("word"), words)
        if num is not None:
            add(m, {"kind": "ordinal", "value": num, "unit": None, "qualifier": None})
    found.sort(key=lambda q: q["span"][0])
    return found
