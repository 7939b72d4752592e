"""Resource classification crosswalk: every reporting system onto one confidence ladder.

A quantity of ore is only as real as the category it is reported in. This module maps the
categories of the CRIRSCO family (CRIRSCO Template, JORC 2012, NI 43-101 / CIM 2014,
SEC S-K 1300), UNFC-2009, the Soviet/Russian GKZ system (A, B, C1, C2, P1, P2, P3), the
McKelvey box (USGS Circular 831, 1980) and the MinMod category entities onto a common
ladder of geological confidence::

    unclassified (0) < speculative (1) < prognostic (2) < inferred (3) < indicated (4)
    < measured (5)

The ladder follows the UNFC G axis (G1 measured/A-B, G2 indicated/C1, G3 inferred/C2,
G4 prognostic/P1-P3), as suggested for solid minerals in the UNECE CRIRSCO-UNFC bridging
(ECE Energy Series 42, 2013). Reserves keep their geological level and are flagged by
``kind == 'reserve'``. Each correspondence carries its ``basis`` (citation) and an
``approximate`` flag; every GKZ mapping is approximate because no official one-to-one
conversion exists (a Competent Person must re-estimate).

The table is ``assay/reference/classification_crosswalk.csv``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: The common confidence ladder, lowest first; the index is the numeric level.
LADDER: tuple[str, ...] = (
    "unclassified",
    "speculative",
    "prognostic",
    "inferred",
    "indicated",
    "measured",
)

#: Reporting systems in the crosswalk.
SYSTEMS: tuple[str, ...] = (
    "CRIRSCO",
    "JORC",
    "NI 43-101",
    "S-K 1300",
    "UNFC",
    "GKZ",
    "McKelvey",
    "MinMod",
)

_SYSTEM_ALIASES: dict[str, str] = {
    "crirsco": "CRIRSCO",
    "perc": "CRIRSCO",
    "samrec": "CRIRSCO",
    "jorc": "JORC",
    "jorc 2012": "JORC",
    "jorc code": "JORC",
    "ni 43-101": "NI 43-101",
    "ni43-101": "NI 43-101",
    "ni 43 101": "NI 43-101",
    "ni43101": "NI 43-101",
    "cim": "NI 43-101",
    "cim 2014": "NI 43-101",
    "s-k 1300": "S-K 1300",
    "sk 1300": "S-K 1300",
    "sk1300": "S-K 1300",
    "s-k1300": "S-K 1300",
    "sec": "S-K 1300",
    "unfc": "UNFC",
    "unfc-2009": "UNFC",
    "unfc 2009": "UNFC",
    "gkz": "GKZ",
    "гкз": "GKZ",
    "russian": "GKZ",
    "soviet": "GKZ",
    "dkz": "GKZ",
    "mckelvey": "McKelvey",
    "usgs": "McKelvey",
    "usgs circular 831": "McKelvey",
    "minmod": "MinMod",
}


class UnknownCategoryError(ValueError):
    """A (system, category) pair that the crosswalk does not contain."""


@dataclass(frozen=True)
class Classification:
    """One category of one system placed on the common ladder."""

    system: str
    category: str
    ladder: str
    level: int
    unfc_g: str | None
    kind: str  # 'resource' | 'reserve' | 'exploration' | 'prognostic' | 'historic' | 'production'
    compliant: bool  # reported under a CRIRSCO-family or UNFC code
    approximate: bool
    basis: str

    @property
    def is_prognostic(self) -> bool:
        """Below the inferred level (exploration targets, P1-P3, hypothetical, speculative)."""
        return 0 < self.level <= LADDER.index("prognostic")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().lower())


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, str], Classification], tuple[Classification, ...]]:
    path = resources.files("assay.reference").joinpath("classification_crosswalk.csv")
    index: dict[tuple[str, str], Classification] = {}
    rows: list[Classification] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for raw in csv.DictReader(fh):
            item = Classification(
                system=raw["system"],
                category=raw["category"],
                ladder=raw["ladder"],
                level=int(raw["level"]),
                unfc_g=raw["unfc_g"] or None,
                kind=raw["kind"],
                compliant=raw["compliant"] == "true",
                approximate=raw["approximate"] == "true",
                basis=raw["basis"],
            )
            if LADDER[item.level] != item.ladder:
                raise ValueError(f"crosswalk row {raw} has level/ladder mismatch")
            rows.append(item)
            names = [item.category, *filter(None, raw["aliases"].split("|"))]
            for name in names:
                index.setdefault((item.system, _key(name)), item)
    return index, tuple(rows)


def crosswalk() -> tuple[Classification, ...]:
    """Every row of the crosswalk table."""
    return _table()[1]


def normalise_system(system: str) -> str:
    """Canonical system name ('JORC 2012' -> 'JORC', 'CIM' -> 'NI 43-101', ...).

    Raises
    ------
    UnknownCategoryError
        When the system is not one of :data:`SYSTEMS` or a known alias.
    """
    if system in SYSTEMS:
        return system
    key = _key(system)
    if key in _SYSTEM_ALIASES:
        return _SYSTEM_ALIASES[key]
    raise UnknownCategoryError(
        f"unknown classification system {system!r}; known: {', '.join(SYSTEMS)}"
    )


_UNFC_CODE = re.compile(r"^e?(\d)(?:\.\d)?\s*f?(\d)(?:\.\d)?\s*g?(\d)(?:\.\d)?$")


def classify(system: str, category: str) -> Classification:
    """Place one category of ``system`` on the common ladder.

    Category names are matched case-insensitively with their short forms ('inferred',
    'proven', 'C1'). UNFC class codes may be given as '111', 'E1F1G1' or with sub-classes
    ('E2F2.1G1'): a code not tabulated is placed by its G digit.

    Raises
    ------
    UnknownCategoryError
        For a category the system does not define.
    """
    canonical = normalise_system(system)
    index, _ = _table()
    key = _key(category)
    if canonical == "GKZ":
        key = key.replace("с", "c").replace("а", "a").replace("в", "b").replace("р", "p")
    hit = index.get((canonical, key))
    if hit is not None:
        return hit
    if canonical == "UNFC":
        match = _UNFC_CODE.match(key.replace(" ", ""))
        if match:
            g_level = index[("UNFC", f"g{match.group(3)}")]
            return Classification(
                system="UNFC",
                category=category.strip(),
                ladder=g_level.ladder,
                level=g_level.level,
                unfc_g=g_level.unfc_g,
                kind="reserve" if match.group(1) == "1" and match.group(2) == "1" else g_level.kind,
                compliant=True,
                approximate=False,
                basis=g_level.basis + "; class placed by its G digit",
            )
    known = sorted({r.category for r in crosswalk() if r.system == canonical})
    raise UnknownCategoryError(
        f"{canonical} has no category {category!r}; known: {', '.join(known)}"
    )


def classify_combined(system: str, categories: str, sep: str = ";") -> Classification:
    """Classify a total reported over several categories ('Inferred;Indicated;Measured').

    A total is only as certain as its least certain part, so the lowest level is taken and
    the result is flagged approximate (the split between categories is unknown).
    """
    parts = [p for p in (c.strip() for c in categories.split(sep)) if p]
    if not parts:
        raise UnknownCategoryError("empty category")
    items = [classify(system, p) for p in parts]
    if len(items) == 1:
        return items[0]
    lowest = min(items, key=lambda c: c.level)
    kinds = {c.kind for c in items}
    return Classification(
        system=lowest.system,
        category=sep.join(c.category for c in items),
        ladder=lowest.ladder,
        level=lowest.level,
        unfc_g=lowest.unfc_g,
        kind=lowest.kind if len(kinds) == 1 else "resource",
        compliant=all(c.compliant for c in items),
        approximate=True,
        basis="combined total; lowest-confidence part governs. " + lowest.basis,
    )


def ladder_level(name: str | int) -> int:
    """Numeric level of a ladder name ('inferred' -> 3); integers pass through if valid."""
    if isinstance(name, int):
        if 0 <= name < len(LADDER):
            return name
        raise UnknownCategoryError(f"ladder level {name} outside 0..{len(LADDER) - 1}")
    key = name.strip().lower()
    if key.isdigit():
        return ladder_level(int(key))
    if key in LADDER:
        return LADDER.index(key)
    raise UnknownCategoryError(f"unknown confidence level {name!r}; known: {', '.join(LADDER)}")
