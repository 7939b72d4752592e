"""Table claims: figures in a text table, one claim per figure in a row naming a
country (:func:`table_claims`, :func:`table_row_lines`), read only from columns whose
header says what they hold.
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_common import (
    _claim,
)
from assay.analyses.news.claims_context import (
    _measure_and_stage,
)
from assay.analyses.news.quantities import (
    parse_number,
)

# -- tables written as text ('| China | 140,000 | 60% |') ------------------------------------------

_TABLE_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_CELL_NUMBER = re.compile(
    r"^\s*(?P<qual>~|about\s+|around\s+|approx\.?\s+)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*$",
    re.IGNORECASE,
)
_COLUMN_SHARE = re.compile(r"%|\bshare\b|\bper\s?cent\b", re.IGNORECASE)
_COLUMN_WORLD = re.compile(r"\b(?:global|world|worldwide)\b", re.IGNORECASE)
#: The unit a column header states; a column without one is not read (precision first).
_COLUMN_UNIT = re.compile(
    r"\b(?P<scale>thousand|million|kilo|'000)?\s*(?:metric\s+)?(?P<unit>tonnes|tons|tonne|ton|"
    r"t|kt|mt)\b",
    re.IGNORECASE,
)
_COLUMN_UNIT_FACTOR = {"kt": 1e3, "mt": 1.0}  # 'MT' in a header: metric tons (see quantities)
_SCALE_FACTOR = {"thousand": 1e3, "'000": 1e3, "kilo": 1e3, "million": 1e6}


def table_row_lines(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Which sentences are lines of a text table: two or more '|' cell separators."""
    if "|" not in text:
        return [False] * len(spans)  # most articles: one scan instead of one per sentence
    return [text.count("|", s0, s1) >= 2 for s0, s1 in spans]


def _cells(text: str, s0: int, s1: int) -> list[tuple[int, int]]:
    """Cell spans of one table line (the outer '|' are optional)."""
    line = text[s0:s1]
    bounds = [i for i, ch in enumerate(line) if ch == "|"]
    edges = [-1, *bounds, len(line)]
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        a0, b0 = s0 + a + 1, s0 + b
        if b0 > a0 or (a >= 0 and b < len(line)):
            out.append((a0, b0))
    # drop the empty cells outside the first and last '|'
    if out and not text[out[0][0] : out[0][1]].strip() and line.lstrip().startswith("|"):
        out = out[1:]
    if out and not text[out[-1][0] : out[-1][1]].strip() and line.rstrip().endswith("|"):
        out = out[:-1]
    return out


#: A table column of places: 'Rank', '#', 'No.', 'Position'.
_RANK_COLUMN = re.compile(r"\s*(?:rank(?:ing)?|#|no\.?|position|place)\s*", re.IGNORECASE)


def _column(header: str, caption: str) -> dict[str, Any] | None:
    """What a column holds, from its header: a share (of the world when the header or
    caption says so) or a mass of a measure in a stated unit; None when unclear."""
    if _COLUMN_SHARE.search(header):
        return {"kind": "share", "world": bool(_COLUMN_WORLD.search(header))}
    measure, stage = _measure_and_stage(header, 0, len(header))
    if measure is None:
        measure, stage = _measure_and_stage(caption, 0, len(caption))
    unit = _COLUMN_UNIT.search(header)
    if measure is None or unit is None:
        return None
    written = unit.group("unit")
    factor = _COLUMN_UNIT_FACTOR.get(written.lower(), 1.0)
    factor *= _SCALE_FACTOR.get((unit.group("scale") or "").lower(), 1.0)
    return {"kind": "mass", "measure": measure, "stage": stage, "factor": factor}


def table_claims(
    text: str,
    block: list[tuple[int, int]],
    caption: tuple[int, int] | None,
    countries: list[dict[str, Any]],
    commodities: list[dict[str, Any]],
    dates: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Claims of a text table: one per figure in a row that names a country.

    The first line is the header; a '---' line under it is skipped. A column is read only
    when its header says what it holds ('Production (tonnes REO)', '% Global'); the
    measure of a share column is that of the table's mass column. The period is a year in
    the header or the caption line above the table; the commodity is the one named there
    (else the article's topic, passed in ``commodities``).

    Parameters
    ----------
    block : list of (int, int)
        The table's line spans, header first.
    caption : (int, int) or None
        The line before the table.
    countries, commodities, dates : list of dict
        Mentions of the article (all of them; each row takes those inside it).
    """
    if len(block) < 2:
        return []
    h0, h1 = block[0]
    head_cells = _cells(text, h0, h1)
    cap_text = text[caption[0] : caption[1]] if caption else ""
    columns = [_column(text[a:b], cap_text) for a, b in head_cells]
    masses = [c for c in columns if c and c["kind"] == "mass"]
    if not any(columns):
        return []
    lo, hi = (caption[0] if caption else h0), h1
    years = [d for d in dates if lo <= d["span"][0] < hi and d.get("granularity") == "year"]
    period = int(str(years[0]["value"])[:4]) if years else None
    commodity = next((c for c in commodities if lo <= c["span"][0] < hi), None)
    commodity_from = "table" if commodity else None
    if commodity is None and commodities:
        commodity, commodity_from = commodities[0], "topic"
    if commodity is None:
        return []
    claims = []
    # a 'Rank' column beside a mass column: each row also claims the country's world rank
    # in that measure ('2 | Australia | ~1.2'), which is checked as a rank of its own (a
    # row whose tonnage agrees may still stand at the wrong place)
    rank_col = next(
        (i for i, (a, b) in enumerate(head_cells) if _RANK_COLUMN.fullmatch(text[a:b])), None
    )
    for r0, r1 in block[1:]:
        cells = _cells(text, r0, r1)
        if all(_TABLE_SEPARATOR_CELL.match(text[a:b]) or not text[a:b].strip() for a, b in cells):
            continue
        named = [c for c in countries if r0 <= c["span"][0] < r1]
        if not named or len(cells) != len(head_cells):
            continue  # 'Others', or a row that does not line up with the header
        country = named[0]
        place = (
            re.fullmatch(r"\s*(\d{1,2})\s*", text[slice(*cells[rank_col])])
            if rank_col is not None and masses
            else None
        )
        if place is not None:
            base = masses[0]
            claims.append(
                _claim("ranking", text, (r0, r1), country["name"], predicate="ranks",
                       object=base["measure"], rank=int(place.group(1)), rank_max=None,
                       rank_text=place.group(1), vague=False, measure=base["measure"],
                       stage=base["stage"], iso3=country["iso3"], commodity=commodity,
                       commodity_from=commodity_from, scope="world", excluding=[],
                       period=period, frame=None, subject_from="sentence",
                       subject_basis="explicit", period_basis="context" if period else None,
                       caption=False, pattern="table rank", table=True)
            )  # fmt: skip
        for (a, b), col in zip(cells, columns, strict=True):
            m = _CELL_NUMBER.match(text[a:b])
            if col is None or m is None or a <= country["span"][0] < b:
                continue
            value = parse_number(m.group("num"))
            if value is None:
                continue
            q = {"text": text[a:b].strip(), "span": [a, b], "qualifier": m.group("qual")}
            if col["kind"] == "share" and m.group("pct"):
                base = masses[0] if masses else {"measure": None, "stage": None}
                claims.append(
                    _claim("share", text, (r0, r1), country["name"], predicate="has share",
                           object=base["measure"], value=value, unit="%",
                           qualifier=q["qualifier"], measure=base["measure"],
                           stage=base["stage"], frame=None, iso3=country["iso3"],
                           commodity=commodity, commodity_from=commodity_from,
                           scope="world" if col["world"] else "unstated",
                           scope_anaphor=False, period=period, regions=[],
                           subject_basis="explicit",
                           period_basis="context" if period else None,
                           quantity={**q, "kind": "percent", "value": value, "unit": "%"},
                           table=True)
                )  # fmt: skip
            elif col["kind"] == "mass" and not m.group("pct"):
                tonnes = value * col["factor"]
                ctype = "reserves" if col["measure"] in ("reserves", "resources") else "production"
                claims.append(
                    _claim(ctype, text, (r0, r1), country["name"], predicate="has",
                           object=col["measure"], value=tonnes, unit="t",
                           qualifier=q["qualifier"], measure=col["measure"],
                           stage=col["stage"], frame=None, iso3=country["iso3"],
                           commodity=commodity, commodity_from=commodity_from,
                           unit_note=None, period=period, basis=None,
                           subject_basis="explicit",
                           period_basis="context" if period else None,
                           quantity={**q, "kind": "mass", "value": tonnes, "unit": "t"},
                           table=True)
                )  # fmt: skip
    return claims
