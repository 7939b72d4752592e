"""Series identity: which published numbers may be compared with which.

A published table's identity is (commodity, measure, sub-table, basis, unit, edition). The
USGS world tables name their sub-table in the "Type" column and in the value column's name
("Mine production: Palladium", "Iron ore - mine production - iron content - thousand metric
tons", reserves columns ``Reserves_ore_kt`` beside ``Reserves_ore_K2O_equiv_kt``); the same
sub-table is worded differently from one edition to the next ("Mine production: rutile" in
2023, "Mine production: rutile, titanium dioxide (TiO2) content." in 2024). The functions
here reduce that wording to a short label that is the same across editions, so that a
"previous edition" value, a share, a rank or a revision check only ever pairs like with like.

Pure functions of strings; no store access.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["series_key", "sub_table_label", "series_label"]

# phrases that say what is measured or in which unit, not which sub-table it is
_MEASURE_WORDS = re.compile(
    r"\b(world\s+total|m[a-z]*e\s+p[a-z]*duction|plant\s+production|refinery\s+production|"
    r"smelter\s+production|primary\s+production|production|reserves|capacity|rounded|"
    r"estimated)\b",
    re.IGNORECASE,
)
_UNIT_WORDS = re.compile(
    r"\b(thousand\s+|million\s+)?(metric\s+tons?|kilograms?|carats?)(\s+of)?\b", re.IGNORECASE
)
# basis phrases carried by the basis column; removed from the label only when they are
# all the sub-table says (potash mine production "K2O equivalent" is the basis, not a part)
_BASIS_WORDS = re.compile(
    r"(rare[- ]earth[- ]oxide\s+equivalent|titanium\s+dioxide\s*\(tio2\)\s*content|"
    r"potassium\s+oxide\s*\(k2o\)\s*equivalent|gross\s*s?\s+weight)",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip()


def sub_table_label(detail: str | None, commodity_name: str | None = None) -> str | None:
    """A short, edition-independent label of a published sub-table, or None for the main one.

    Parameters
    ----------
    detail : str or None
        The observation's ``detail`` (USGS "Type" text, plus the value column's own words).
    commodity_name : str, optional
        The commodity's name; a leading repetition of it ("Iron ore - ...") is dropped.

    Examples
    --------
    >>> sub_table_label("Iron ore - mine production - iron content - thousand metric tons",
    ...                 "Iron ore")
    'iron content'
    >>> sub_table_label("Mine production: rutile, titanium dioxide (TiO2) content.")
    'rutile'
    >>> sub_table_label("Mine production, potassium oxide (K2O) equivalent, ore")
    'ore'
    >>> sub_table_label("Mine production, potassium oxide (K2O) equivalent") is None
    True
    """
    if not detail or not str(detail).strip():
        return None
    text = _fold(str(detail))
    if commodity_name:
        text = re.sub(rf"^\s*{re.escape(_fold(commodity_name))}\b", "", text, flags=re.I)
    text = _BASIS_WORDS.sub(",", text)
    text = _MEASURE_WORDS.sub(",", text)
    text = _UNIT_WORDS.sub(",", text)
    text = re.sub(r"\bequiv(alent)?\b", "", text, flags=re.I)
    text = re.sub(r"\(\s*[,\s]*\)", "", text)  # parentheses emptied by the removals
    parts = [p.strip(" .-:;") for p in re.split(r"[,:;]| - |\s-\s?|\s?-\s", text)]
    parts = [p for p in parts if p and not re.fullmatch(r"(and|of|the|all\s+forms)", p, re.I)]
    if not parts:
        return None
    label = ", ".join(parts).lower()
    label = re.sub(r"\s+", " ", label).strip(" ,")
    label = re.sub(r"^(of|in)\s+|\s+(of|in)$", "", label)
    if commodity_name and label == _fold(commodity_name).lower():
        return None  # "Mine production, barite" of barite: the main table
    if "k2o" in str(detail).lower() and label.endswith("ore k2o"):
        label = "ore, K2O equivalent"
    return label or None


def series_key(
    commodity_id: str,
    measure: str,
    detail: str | None,
    basis: str | None,
    unit: str | None,
    commodity_name: str | None = None,
) -> tuple[str, str, str, str, str]:
    """(commodity, measure, sub-table label, basis, unit): equal keys are the same series
    in different editions; the edition is the remaining part of a table's identity."""
    return (
        commodity_id,
        measure,
        sub_table_label(detail, commodity_name) or "",
        (basis or "").strip(),
        (unit or "").strip(),
    )


def series_label(
    measure: str, detail: str | None, basis: str | None, commodity_name: str | None = None
) -> str:
    """What a row is, for people: "reserves · iron content (contained)"."""
    text = measure.replace("_", " ")
    sub = sub_table_label(detail, commodity_name)
    if sub:
        text += f" · {sub}"
    if basis:
        text += f" ({basis})"
    return text
