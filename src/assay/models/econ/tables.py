"""Cost-equation coefficient tables of the RAEF economic filter, read from bundled CSVs.

The coefficients are data, not code: ``assay/reference/raef_mine_methods.csv``,
``raef_mill_types.csv`` and ``raef_constants.csv``, each row citing its source
(Shapiro and Robinson, 2019, USGS Techniques and Methods 7-C23, doi:10.3133/tm7C23, and the
RAEF R code it documents, after the USBM cost models of Camm, 1991, USBM IC 9298).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from assay import reference


@lru_cache(maxsize=1)
def mine_methods() -> pd.DataFrame:
    """Mine-method rows: dilution/recovery factors, capacity rule, cost power laws."""
    table = pd.read_csv(reference.path("raef_mine_methods.csv"))
    table["capacity_max_stpd"] = table["capacity_max_stpd"].astype(float)
    return table


@lru_cache(maxsize=1)
def mill_types() -> pd.DataFrame:
    """Mill-type rows: capital and operating cost power laws in mill capacity [st/d]."""
    return pd.read_csv(reference.path("raef_mill_types.csv"), keep_default_na=False)


@lru_cache(maxsize=1)
def constants() -> dict[str, float]:
    """Named scalar constants of the RAEF equations (units in the CSV's ``unit`` column)."""
    table = pd.read_csv(reference.path("raef_constants.csv"))
    return dict(zip(table["name"], table["value"].astype(float), strict=True))


MINE_METHODS: tuple[str, ...] = (
    "Open Pit",
    "Block Caving",
    "Room-and-Pillar",
    "Vertical Crater Retreat",
    "Cut-and-Fill",
    "Shrinkage Stope",
    "Sublevel Longhole",
)


def normalise_mill_name(name: str) -> tuple[str, bool]:
    """Canonical mill name and whether the lowest-value commodity is omitted.

    RAEF spells the same mill ``"3 - Product Flotation"`` in presets and
    ``"3-Product Flotation (Omit lowest value commodity)"`` for the variant that drops the
    lowest-value commodity from the ore value.
    """
    text = " ".join(str(name).split())
    omit = "omit lowest" in text.lower()
    if omit:
        text = text[: text.lower().index("(")].strip()
    text = text.replace(" - ", "-").replace("SX_EW", "SX-EW").replace("SX EW", "SX-EW")
    known = {m.lower(): m for m in mill_types()["mill"]}
    aliases = {
        "1-product": "1-Product Flotation",
        "2-product": "2-Product Flotation",
        "3-product": "3-Product Flotation",
        "na": "None",
        "": "None",
    }
    key = text.lower()
    if key in known:
        return known[key], omit
    if key in aliases:
        return aliases[key], omit
    raise KeyError(f"unknown mill type {name!r}; known: {', '.join(mill_types()['mill'])}")
