"""Country identity (issue 13, item 4): every country string of every staged file resolves
to the right ISO 3166-1 code.

Before: "Congo (Zaire)" (USGS REE occurrences) resolved to nothing, so records without a
point had no country; site files' "Kalaallit Nunaat (Greenland)", "Surinam", "Luxenbourg",
"Cote D'Ivoire (Ivory Coast)" and "Democratic Republic of Congo" did not resolve by name.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assay.analyses.build import load_reference
from assay.importers.mcs import _resolve_area
from assay.store import open_store
from assay.store.lookup import UnknownNameError, resolve_country

# names that are not one country today, resolved (if at all) from the record's point
NOT_ONE_COUNTRY = {"USSR", "Korean Peninsula", "Serbia and Montenegro"}
# MCS figure tables list regions, not countries
REGIONS = {"Europe"}


@pytest.fixture(scope="module")
def store():
    s = open_store(":memory:")
    load_reference(s)
    yield s
    s.close()


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Congo (Kinshasa)", "COD"),
        ("Congo (Brazzaville)", "COG"),
        ("Congo (Zaire)", "COD"),
        ("Democratic Republic of Congo", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Korea, Republic of", "KOR"),
        ("Korea, North", "PRK"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote D'Ivoire (Ivory Coast)", "CIV"),
        ("Kalaallit Nunaat (Greenland)", "GRL"),
        ("Surinam", "SUR"),
    ],
)
def test_named_cases(store, name, iso3):
    assert resolve_country(store, name) == iso3


def _country_cells(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if "country" not in header:
        return []
    i = header.index("country")
    return [r[i] for r in rows[1:] if len(r) > i and r[i].strip()]


def test_every_country_string_of_every_staged_file_resolves(store, shared_data):
    resolve = lambda name: resolve_country(store, name)  # noqa: E731
    mcs_files = sorted(shared_data.glob("usgs-mcs-*/**/*.csv"))
    site_files = sorted(shared_data.glob("*/sites.csv"))
    assert len(mcs_files) > 100 and len(site_files) >= 4
    checked = 0
    unresolved: dict[str, set[str]] = {}
    for path in mcs_files:  # the MCS importer's own reading: footnote marks, aggregates
        for cell in _country_cells(path):
            checked += 1
            area = _resolve_area(resolve, cell)
            if isinstance(area, str) and cell.strip() not in REGIONS:
                unresolved.setdefault(path.name, set()).add(cell)
    for path in site_files:
        for cell in _country_cells(path):
            checked += 1
            try:
                resolve(cell.strip())
            except UnknownNameError:
                if cell.strip() not in NOT_ONE_COUNTRY:
                    unresolved.setdefault(str(path.parent.name), set()).add(cell)
    assert checked > 5000
    assert unresolved == {}


def test_mcs_congo_rows_land_on_the_right_congo(mcs_store_path):
    s = open_store(mcs_store_path, read_only=True)
    try:
        pairs = dict(
            s.con.execute(
                "SELECT DISTINCT area_name, iso3 FROM observation "
                "WHERE area_name LIKE 'Congo%' AND iso3 IS NOT NULL"
            ).fetchall()
        )
    finally:
        s.close()
    assert pairs.get("Congo (Kinshasa)") == "COD"
    assert all(iso3 in ("COD", "COG") for iso3 in pairs.values())
    if "Congo (Brazzaville)" in pairs:
        assert pairs["Congo (Brazzaville)"] == "COG"


def test_site_records_resolve_by_name_where_they_have_no_point(mcs_store_path):
    """'Congo (Zaire)' records without coordinates (Mashabuto, Kavaronge...) had no country."""
    s = open_store(mcs_store_path, read_only=True)
    try:
        rows = s.con.execute(
            "SELECT country_raw, iso3 FROM site_record WHERE country_raw IN "
            "('Congo (Zaire)', 'Kalaallit Nunaat (Greenland)', 'Surinam', "
            "'Democratic Republic of Congo', 'Congo (Brazzaville)')"
        ).fetchall()
    finally:
        s.close()
    expected = {
        "Congo (Zaire)": "COD",
        "Democratic Republic of Congo": "COD",
        "Congo (Brazzaville)": "COG",
        "Kalaallit Nunaat (Greenland)": "GRL",
        "Surinam": "SUR",
    }
    assert len(rows) >= 10
    for raw, iso3 in rows:
        assert iso3 == expected[raw], raw
