"""The deposit types that fell under "other (type given)" in the store built from
../shared/data, and the families they belong to (src/assay/models/palette.py says why for
each).

Oracles: the published type strings of the four sites, typed here from the source files
(../shared/data/usgs-carbonatites/sites.csv, ni43101-minmod/sites.csv and the curated
deposits.csv), with the family each source's own words give (carbonatite model No. 10,
ilmenite-rutile-zircon sands, norite-hosted apatite-ilmenite, MinMod's "Basin chemical"
manganese); and MinMod's own environment table for every type it files as "Basin chemical".
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from assay.models import palette


@pytest.mark.parametrize(
    ("published", "family"),
    [
        ("10", "carbonatite / alkaline"),  # Phalaborwa in the carbonatite database
        ("Ti-Zr (ilmenite, rutile and zircon concentrates planned)", "placer"),  # Motronivske
        ("Ti-Zr placer (ilmenite-rutile-zircon sands)", "placer"),  # Malyshevske, unchanged
        ("apatite-ilmenite (bedrock)", "magmatic"),  # Nosachivske
        ("Crust manganese", "sedimentary"),  # Chvaletice (NI 43-101 via MinMod)
        ("Nodule manganese", "sedimentary"),
        # truly other, left so
        ("Gemstone", palette.OTHER),
        ("Tailings", palette.OTHER),
        # a bare number that is not the carbonatite model's is no type we know
        ("110", palette.OTHER),
        ("1", palette.OTHER),
        # earlier families still win: a weathered apatite-ilmenite is weathering
        ("apatite-ilmenite weathering crust", "weathering / surficial"),
    ],
)
def test_formerly_other_types(published, family):
    assert palette.deposit_family(published) == family


def test_minmod_basin_chemical_types_are_sedimentary(shared_data):
    table = shared_data / "ni43101-minmod" / "minmod_entities_deposit_type.csv"
    with table.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["deposit_environment"] == "Basin chemical"]
    assert len(rows) >= 10
    families = Counter(palette.deposit_family(r["deposit_type"]) for r in rows)
    assert families == {"sedimentary": len(rows)}, families


def test_carbonatite_database_types_are_carbonatite(shared_data):
    """Every record of the carbonatite database publishes the model number as its type (the
    importer prefers SRI's predicted label where there is one): it is carbonatite."""
    path = shared_data / "usgs-carbonatites" / "sites.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert Counter(r["deposit_type"] for r in rows)["10"] == len(rows) == 60
    for row in rows:
        family = palette.deposit_family(row["deposit_type"] or None)
        assert family == "carbonatite / alkaline", (row["name"], row["deposit_type"])
