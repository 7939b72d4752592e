"""Curated deposit knowledge for Russia, Ukraine and Belarus (``reference/deposits``).

The files are hand-curated from sources read one by one; these tests guard their shape and
the facts that are easy to get wrong. Oracles, all independent of the curated rows:

- the ISO 3166-2 codes come from pycountry (ISO 3166-2 as shipped there), not from the files;
- locations are checked against Natural Earth 1:110m country polygons
  (``boundaries/countries_ne110m.geojson``) and Ukraine's admin-1 polygons
  (``boundaries/ukraine_admin1.geojson``) with shapely's point-in-polygon;
- Azovske lies in Nikolske district of Donetsk oblast (geonews.com.ua, citing the
  Pryazovska expedition) and Mazurivske near Donske, 12 km from Volnovakha, Donetsk oblast
  (Ukrainian Wikipedia) - both UA-14, not Crimea (UA-43), where the USGS REE occurrence
  database (OFR 02-189) puts Azovske;
- where a source publishes ore tonnage, grade and contained oxide together, contained ≈
  ore × grade / 100 (within the rounding of the published figures) is arithmetic the source
  itself implies, e.g. Tomtor 11.4 Mt × 6.0 % Nb2O5 ≈ 0.7 Mt (Polymetal, 19 April 2021).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pycountry
import pytest
from shapely.geometry import Point, shape

from assay import reference
from assay.analyses.build import read_reference_csv

DEPOSITS_DIR = Path(reference.path("deposits"))

DEPOSIT_COLUMNS = [
    "deposit_id", "name", "name_local", "aliases", "iso3", "region", "region_code",
    "district", "lon", "lat", "location_precision", "precision_km", "location_source_id",
    "deposit_type", "commodities", "status", "status_as_of", "operator", "source_id", "page",
    "secondary", "note",
]  # fmt: skip
ESTIMATE_COLUMNS = [
    "estimate_id", "deposit_id", "system", "category", "ore_t", "commodity", "grade_percent",
    "grade_basis", "grade_species", "contained_t", "cutoff", "depth_limit_m", "as_of",
    "source_id", "page", "secondary", "note",
]  # fmt: skip
BELARUS_COLUMNS = [
    "item_id", "name", "region", "kind", "description", "depth_m", "commodities",
    "source_id", "page", "secondary",
]  # fmt: skip

STATUSES = {"producing", "developed", "explored", "occurrence", "mothballed"}
PRECISIONS = {"point", "approximate", "district", "region", "none"}
SYSTEMS = {"GKZ", "JORC", "NI 43-101", "historic", "prognostic-other"}
GRADE_BASES = {"oxide", "element", "TREO"}
BELARUS_KINDS = {"occurrence", "host-rock", "by-product", "prospect", "statement"}
CRIRSCO_CATEGORIES = {
    "Measured", "Indicated", "Inferred", "Measured+Indicated", "Measured+Indicated+Inferred",
    "Indicated+Inferred", "Proved", "Probable", "Proved+Probable", "Ore Reserve",
    "Mineral Resource",
}  # fmt: skip
#: categories of Soviet-lineage GKZ/DKZ reserves (A, B, C1, C2) and prognostic resources
#: (P1-P3), alone or summed in their published order, e.g. "A+B+C1", "C1+C2", "P1+P2"
GKZ_CATEGORY = re.compile(r"^(A|B|C1|C2)(\+(A|B|C1|C2))*$|^(P1|P2|P3)(\+(P1|P2|P3))*$")
PROGNOSTIC_OTHER = {"prospective resources", "P1", "P2", "P3", "P1+P2", "P1+P2+P3"}


def read(name: str) -> list[dict[str, str]]:
    with open(DEPOSITS_DIR / name, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        rows.append({"__header__": reader.fieldnames})  # type: ignore[dict-item]
    return rows


def split(rows: list[dict]) -> tuple[list[dict[str, str]], list[str]]:
    return rows[:-1], rows[-1]["__header__"]


@pytest.fixture(scope="module")
def deposits() -> list[dict[str, str]]:
    rows, header = split(read("deposits.csv"))
    assert header[: len(DEPOSIT_COLUMNS)] == DEPOSIT_COLUMNS
    return rows


@pytest.fixture(scope="module")
def estimates() -> list[dict[str, str]]:
    rows, header = split(read("estimates.csv"))
    assert header[: len(ESTIMATE_COLUMNS)] == ESTIMATE_COLUMNS
    return rows


@pytest.fixture(scope="module")
def belarus() -> list[dict[str, str]]:
    rows, header = split(read("belarus_literature.csv"))
    assert header[: len(BELARUS_COLUMNS)] == BELARUS_COLUMNS
    return rows


@pytest.fixture(scope="module")
def sources() -> dict[str, dict]:
    frame = read_reference_csv("sources.csv")
    return {row["id"]: row for row in frame.to_dict("records")}


@pytest.fixture(scope="module")
def commodity_names() -> set[str]:
    """Every name that resolves to an assay commodity: names, ids and aliases."""
    names: set[str] = set()
    for row in read_reference_csv("commodities.csv").to_dict("records"):
        names |= {row["id"].lower(), row["id"].replace("-", " ").lower(), row["name"].lower()}
    for row in read_reference_csv("commodity_aliases.csv").to_dict("records"):
        names.add(str(row["alias"]).lower())
    return names


def polygons(name: str, key: str) -> dict[str, object]:
    with open(reference.path(f"boundaries/{name}"), encoding="utf-8") as handle:
        data = json.load(handle)
    return {f["properties"][key]: shape(f["geometry"]) for f in data["features"]}


def test_package_data_is_importable() -> None:
    # the folder must be a package so that the CSVs ship with an installed assay
    assert (DEPOSITS_DIR / "__init__.py").exists()


def test_deposit_rows_are_complete_and_in_vocabulary(deposits, sources, commodity_names):
    ids = [row["deposit_id"] for row in deposits]
    assert len(ids) == len(set(ids)), "deposit_id must be unique"
    for row in deposits:
        where = f"deposits.csv {row['deposit_id']}"
        assert re.fullmatch(r"(ukr|rus|blr)-[a-z0-9-]+", row["deposit_id"]), where
        assert row["deposit_id"][:3].upper() == row["iso3"][:3], where
        assert row["name"] and row["iso3"] in {"UKR", "RUS", "BLR"}, where
        assert row["status"] in STATUSES, where
        assert row["location_precision"] in PRECISIONS, where
        assert row["secondary"] in {"true", "false"}, where
        assert row["source_id"] in sources, f"{where}: unknown source {row['source_id']}"
        if row["location_source_id"]:
            assert row["location_source_id"] in sources, where
        if row["status_as_of"]:
            assert 1950 <= int(row["status_as_of"]) <= 2026, where
        for commodity in row["commodities"].split("|"):
            assert commodity.lower() in commodity_names, f"{where}: commodity {commodity!r}"
        has_point = bool(row["lon"]) and bool(row["lat"])
        assert bool(row["lon"]) == bool(row["lat"]), where
        if row["location_precision"] == "point":
            assert has_point and row["precision_km"], where
        if row["location_precision"] == "none":
            assert not has_point and not row["region_code"], where


def test_secondary_sources_are_flagged(deposits, estimates, belarus, sources):
    """A row whose source is a secondary report (news, encyclopedia) is itself secondary."""
    for name, rows in (("deposits", deposits), ("estimates", estimates), ("belarus", belarus)):
        for row in rows:
            if sources[row["source_id"]]["kind"] == "secondary":
                assert row["secondary"] == "true", f"{name}: {row}"


def test_region_codes_are_iso_3166_2(deposits):
    for row in deposits:
        if not row["region_code"]:
            continue
        alpha2 = pycountry.countries.get(alpha_3=row["iso3"]).alpha_2
        codes = {s.code for s in pycountry.subdivisions.get(country_code=alpha2)}
        assert row["region_code"] in codes, f"{row['deposit_id']}: {row['region_code']}"


def test_points_lie_in_their_country_and_ukrainian_oblast(deposits):
    countries = polygons("countries_ne110m.geojson", "iso3")
    oblasts = polygons("ukraine_admin1.geojson", "admin1_code")
    checked = 0
    for row in deposits:
        if not row["lon"]:
            continue
        point = Point(float(row["lon"]), float(row["lat"]))
        # Natural Earth 1:110m coastlines are coarse: allow the stated uncertainty
        tolerance = max(float(row["precision_km"] or 0), 10.0) / 111.0
        assert countries[row["iso3"]].buffer(tolerance).contains(point), row["deposit_id"]
        if row["iso3"] == "UKR" and row["region_code"]:
            assert oblasts[row["region_code"]].buffer(tolerance).contains(point), row
            checked += 1
    assert checked >= 1  # Mazurivske carries a point


def test_azovske_and_mazurivske_are_in_donetsk_oblast(deposits):
    donetsk = next(
        s.code
        for s in pycountry.subdivisions.get(country_code="UA")
        if "Donetsk" in s.name or "Donetska" in s.name
    )
    by_id = {row["deposit_id"]: row for row in deposits}
    for deposit_id in ("ukr-azovske", "ukr-mazurivske"):
        row = by_id[deposit_id]
        assert row["region_code"] == donetsk == "UA-14", row
        assert row["region"] == "Donetsk oblast", row
    oblasts = polygons("ukraine_admin1.geojson", "admin1_code")
    mazurivske = by_id["ukr-mazurivske"]
    point = Point(float(mazurivske["lon"]), float(mazurivske["lat"]))
    assert oblasts["UA-14"].contains(point)
    assert not oblasts["UA-43"].contains(point)  # not Crimea


def test_estimate_rows_are_consistent(estimates, deposits, sources, commodity_names):
    known = {row["deposit_id"] for row in deposits}
    groups: dict[str, list[dict[str, str]]] = {}
    for row in estimates:
        where = f"estimates.csv {row['estimate_id']} {row['commodity']}"
        assert row["deposit_id"] in known, where
        assert row["system"] in SYSTEMS, where
        category = row["category"]
        if row["system"] == "GKZ":
            assert GKZ_CATEGORY.match(category), where
        elif row["system"] in {"JORC", "NI 43-101"}:
            assert category in CRIRSCO_CATEGORIES, where
        elif row["system"] == "prognostic-other":
            assert category in PROGNOSTIC_OTHER, where
        else:
            assert category, where
        assert row["commodity"].lower() in commodity_names, where
        assert row["source_id"] in sources, where
        assert row["secondary"] in {"true", "false"}, where
        assert row["ore_t"] or row["contained_t"], f"{where}: neither ore nor contained"
        if row["grade_percent"]:
            assert 0 < float(row["grade_percent"]) <= 100, where
            assert row["grade_basis"] in GRADE_BASES and row["grade_species"], where
        if row["ore_t"]:
            assert float(row["ore_t"]) > 0, where
        if row["contained_t"] and row["ore_t"]:
            assert float(row["contained_t"]) <= float(row["ore_t"]), where
        if row["depth_limit_m"]:
            assert float(row["depth_limit_m"]) > 0, where
        groups.setdefault(row["estimate_id"], []).append(row)
    for estimate_id, rows in groups.items():
        shared = {(r["deposit_id"], r["system"], r["category"], r["ore_t"]) for r in rows}
        assert len(shared) == 1, f"{estimate_id}: rows disagree on deposit/system/category/ore"
        commodities = [r["commodity"] for r in rows]
        assert len(commodities) == len(set(commodities)), estimate_id


def test_estimate_commodities_are_listed_on_their_deposit(estimates, deposits):
    """An estimate for a commodity the deposit row does not list is a curation slip."""
    listed = {row["deposit_id"]: set(row["commodities"].split("|")) for row in deposits}
    for row in estimates:
        assert row["commodity"] in listed[row["deposit_id"]], row


def test_published_contained_matches_ore_times_grade(estimates):
    """Where all three are published, contained = ore × grade within rounding (5 %)."""
    checked = 0
    for row in estimates:
        if row["ore_t"] and row["grade_percent"] and row["contained_t"]:
            implied = float(row["ore_t"]) * float(row["grade_percent"]) / 100.0
            published = float(row["contained_t"])
            assert abs(implied - published) <= 0.05 * published, row
            checked += 1
    assert checked >= 4


def test_belarus_literature_rows(belarus, sources, commodity_names):
    assert belarus, "Belarus must have literature rows"
    for row in belarus:
        assert row["kind"] in BELARUS_KINDS, row
        assert row["source_id"] in sources, row
        assert row["description"], row
        for commodity in row["commodities"].split("|"):
            assert commodity.lower() in commodity_names, row
        if row["depth_m"]:
            assert re.fullmatch(r"\d+(-\d+)?", row["depth_m"]), row


def test_deposit_sources_are_in_their_own_file(sources):
    own = [sid for sid in sources if sid.startswith("dep-")]
    assert own, "deposit sources live in sources_deposits.csv with the dep- prefix"
    for sid in own:
        row = sources[sid]
        assert row["kind"] in {"reference", "secondary"}, sid
        assert row["url"] and row["publisher"] and row["title"], sid
