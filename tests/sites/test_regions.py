"""Admin-1 region normalisation: published strings to ISO 3166-2 subdivisions.

Oracles: the ISO 3166-2 codes are those of ISO 3166-2 as shipped in pycountry (looked up
by the test, not typed from the implementation); the locations are the published ones:
Lovozero and Khibiny in Murmansk Oblast on the Kola Peninsula (Kogarko 1995, in Alkaline
Rocks and Carbonatites of the World; USGS OFR 2009-1139 publishes Khibiny as "Murmansk,
Kola peninsula"), Tomtor in the Sakha (Yakutia) Republic (USGS OFR 2009-1139: "Sakha
(Yakutia)"; Weng et al. 2015: "Yakutia"), Aryskan in Tyva (USGS OFR 02-189: "Tuva").
"""

from __future__ import annotations

import csv
import json
from importlib import resources

import pycountry
import pytest
from typer.testing import CliRunner

from assay.analyses import sites as A
from assay.analyses.sites_regions import region_key, resolve_query, resolve_region
from assay.cli import get_app

runner = CliRunner()


def iso_code(country_alpha2: str, fragment: str) -> str:
    """The ISO 3166-2 code (pycountry) of the one first-level subdivision whose name
    contains ``fragment``: the independent oracle of the expected codes."""
    hits = [
        s.code
        for s in pycountry.subdivisions.get(country_code=country_alpha2)
        if s.parent_code is None and fragment.lower() in s.name.lower()
    ]
    assert len(hits) == 1, hits
    return hits[0]


MURMANSK = iso_code("RU", "Murmansk")
SAKHA = iso_code("RU", "Saha")
TYVA = iso_code("RU", "Tyva")


@pytest.mark.parametrize(
    ("published", "iso3", "expected", "method"),
    [
        ("Murmansk Oblast", "RUS", MURMANSK, "gazetteer"),
        ("Murmanskaya oblast'", "RUS", MURMANSK, "gazetteer"),  # the ISO romanisation
        ("Kola Peninsula", "RUS", MURMANSK, "alias"),
        ("Murmansk, Kola peninsula", "RUS", MURMANSK, "alias"),
        ("Sakha (Yakutia)", "RUS", SAKHA, "gazetteer"),
        ("Yakutia", "RUS", SAKHA, "alias"),
        ("Tuva", "RUS", TYVA, "alias"),
        ("Republic of Altai", "RUS", iso_code("RU", "Altay, Respublika"), "alias"),
        ("Dnepropetrovsk Oblast", "UKR", iso_code("UA", "Dnipropetrovska"), "alias"),
        ("Sichuan Province", "CHN", iso_code("CN", "Sichuan"), "gazetteer"),
        ("Inner Mongolia", "CHN", iso_code("CN", "Nei Mongol"), "alias"),
        ("Guangdong/Puning", "CHN", iso_code("CN", "Guangdong"), "gazetteer"),
        ("Yunan/Menghai", "CHN", iso_code("CN", "Yunnan"), "gazetteer"),  # spelling-tolerant
        ("Aktobe Region", "KAZ", iso_code("KZ", "Aqtöbe"), "gazetteer"),
        ("Kostenay Oblast", "KAZ", iso_code("KZ", "Qostanay"), "alias"),
        ("Gomel Region", "BLR", iso_code("BY", "Homie"), "gazetteer"),
        ("Orissa/ Koraput", "IND", iso_code("IN", "Odisha"), "alias"),
        ("Quebec", "CAN", iso_code("CA", "Quebec"), "gazetteer"),
        # a second-level ISO 3166-2 subdivision resolves to its first-level parent
        ("Salamanca", "ESP", pycountry.subdivisions.get(code="ES-SA").parent_code, "gazetteer"),
        ("Labrador", "CAN", iso_code("CA", "Labrador"), "alias"),
    ],
)
def test_published_strings_resolve_to_iso_3166_2(published, iso3, expected, method):
    res = resolve_region(published, iso3)
    assert res.code == expected
    assert res.method == method
    assert res.published == published
    assert res.basis


@pytest.mark.parametrize(
    ("published", "iso3", "why"),
    [
        ("Baikal", "RUS", "Irkutsk"),  # lake between Irkutsk Oblast and Buryatia
        ("Kola/Karelia", "RUS", "ambiguous"),  # two regions
        ("Siberia", "RUS", "federal district"),
        ("Jiangxi, Fujian, Yunnan, Guangdong", "CHN", "ambiguous"),
        ("Khrebet", "RUS", "no ISO 3166-2 subdivision"),
        ("South Island", "NZL", "seven regions"),  # not Southland (one spelling step away)
        ("Katanga Province", "COD", "split in 2015"),
        ("Somewhere", None, "no country"),
    ],
)
def test_ambiguous_or_unknown_strings_stay_unresolved(published, iso3, why):
    res = resolve_region(published, iso3)
    assert res.code is None and res.name is None
    assert res.method == "unresolved"
    assert why in res.basis


def test_nothing_published_is_none():
    assert resolve_region(None, "RUS") is None
    assert resolve_region("  ", "RUS") is None


def test_region_key_folds_generic_words_and_russian_endings():
    assert region_key("Murmanskaya oblast'") == region_key("Murmansk Region") == "murmansk"
    assert region_key("Kyiv Oblast", loose=False) != region_key("Kyiv", loose=False)


@pytest.mark.parametrize(
    "query", ["Yakutia", "Sakha", "Republic of Sakha (Yakutia)", "RU-SA", "ru-sa", "Saha"]
)
def test_query_accepts_aliases_transliterations_and_codes(query):
    codes, suggestions = resolve_query(query, ["RUS"])
    assert codes == {SAKHA} and suggestions == []


def test_query_suggests_close_names():
    codes, suggestions = resolve_query("Kabarda", ["RUS"])
    assert not codes
    assert any(iso_code("RU", "Kabardino") in s for s in suggestions)


def test_alias_table_cites_a_source_per_row():
    path = resources.files("assay.reference").joinpath("sites_region_aliases.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["source"].strip(), row
        assert row["kind"] in {"alias", "canonical", "ambiguous"}
        if row["kind"] == "ambiguous":
            assert not row["code"]
        else:
            # every code is a first-level ISO 3166-2 subdivision of the row's country
            sub = pycountry.subdivisions.get(code=row["code"])
            assert sub is not None and sub.parent_code is None, row
            assert pycountry.countries.get(alpha_2=sub.country_code).alpha_3 == row["iso3"]


# -- the inventory ---------------------------------------------------------------------------


def _names(view):
    return {s["name"] for s in view["sites"]}


@pytest.mark.parametrize("query", ["Murmansk", "Murmansk Oblast", "Kola Peninsula", MURMANSK])
def test_murmansk_filter_finds_lovozero_and_khibiny(sites_store, query):
    view = A.sites_view(sites_store, country="RUS", region=query, include_estimates=False)
    assert {"Lovozero", "Khibiny"} <= _names(view)
    assert view["filters"]["region_codes"] == [MURMANSK]
    assert {s["region_code"] for s in view["sites"]} == {MURMANSK}


@pytest.mark.parametrize("query", ["Yakutia", "Sakha", "Republic of Sakha (Yakutia)", SAKHA])
def test_yakutia_filter_finds_tomtor(sites_store, query):
    view = A.sites_view(sites_store, country="RUS", region=query, include_estimates=False)
    assert "Tomtor" in _names(view)


@pytest.mark.parametrize("query", ["Tyva", "Tuva", TYVA])
def test_tyva_filter_finds_tuvan_sites(sites_store, query):
    view = A.sites_view(sites_store, country="RUS", region=query, include_estimates=False)
    assert "Aryskan" in _names(view)
    assert all(s["region"] == "Tyva Republic" for s in view["sites"])


def test_lovozero_region_comes_from_its_neighbours(sites_store):
    """No source publishes Lovozero's province: it takes Murmansk Oblast from the resolved
    records within 30 km (Khibiny, published 'Murmansk, Kola peninsula')."""
    site = A.site_view(sites_store, "Lovozero")["sites"][0]
    assert site["region_code"] == MURMANSK
    assert site["region_method"] == "nearest-site"
    located = [r for r in site["sources"] if r["location"]]
    assert all(r["region_published"] is None for r in located)


def test_published_string_kept_beside_the_normalised_region(sites_store):
    site = A.site_view(sites_store, "Tomtor")["sites"][0]
    by_dataset = {r["dataset"]: r for r in site["sources"]}
    assert by_dataset["weng2015"]["region_published"] == "Yakutia"
    assert by_dataset["weng2015"]["region_code"] == SAKHA
    assert by_dataset["weng2015"]["region_method"] == "alias"
    assert by_dataset["usgs-carbonatites"]["region_published"] == "Sakha (Yakutia)"
    assert by_dataset["usgs-carbonatites"]["region"] == "Sakha (Yakutia) Republic"


def test_valid_region_without_sites_is_empty_not_an_error(sites_store):
    view = A.sites_view(sites_store, country="RUS", region="Kabardino-Balkaria")
    assert view["filters"]["region_codes"] == [iso_code("RU", "Kabardino")]
    assert all(s["region_code"] == iso_code("RU", "Kabardino") for s in view["sites"])


def test_unknown_region_did_you_mean(sites_store):
    with pytest.raises(A.UnknownRegionError) as err:
        A.sites_view(sites_store, country="RUS", region="Kabarda")
    assert "did you mean" in str(err.value) and "Kabardino-Balkarian Republic" in str(err.value)
    with pytest.raises(A.UnknownRegionError) as err:
        A.sites_view(sites_store, country="RUS", region="Donetsk")
    assert iso_code("UA", "Donet") in str(err.value)  # a Ukrainian oblast, not a Russian one


def test_country_summary_counts_normalised_regions(sites_store):
    summary = A.country_sites_summary(sites_store, "RUS")
    by_region = summary["by_region"]
    # 'Murmansk Oblast', 'Kola Peninsula', 'Murmansk, Kola peninsula' are one region
    assert "Kola Peninsula" not in by_region and "Murmansk" not in by_region
    assert by_region["Murmansk Oblast"] == summary["by_region_code"][MURMANSK]
    assert by_region["Murmansk Oblast"] >= 2
    assert "Baikal" in summary["regions_unresolved"]
    total = sum(by_region.values()) + sum(summary["regions_unresolved"].values())
    assert total + summary["sites_without_region"] == summary["sites"]


def test_cli_region_filter_and_error(sites_store_path):
    db = str(sites_store_path)
    result = runner.invoke(
        get_app(), ["sites", "--country", "RUS", "--region", "Murmansk", "--json", "--db", db]
    )
    assert result.exit_code == 0, result.output
    names = {s["name"] for s in json.loads(result.stdout)["sites"]}
    assert {"Lovozero", "Khibiny"} <= names
    result = runner.invoke(get_app(), ["sites", "--country", "RUS", "--region", "Tuva", "--db", db])
    assert result.exit_code == 0, result.output
    assert TYVA in result.output
    result = runner.invoke(
        get_app(), ["sites", "--country", "RUS", "--region", "Murmmansk Oblast", "--db", db]
    )
    assert result.exit_code == 0, result.output  # spelling-tolerant (rapidfuzz ratio >= 88)
    result = runner.invoke(
        get_app(), ["sites", "--country", "RUS", "--region", "Murmansc Obl", "--db", db]
    )
    assert result.exit_code == 2
    assert "did you mean: Murmansk Oblast (RU-MUR)" in result.output
    result = runner.invoke(
        get_app(), ["sites", "--country", "RUS", "--region", "Kabarda", "--db", db]
    )
    assert result.exit_code == 2
    assert "did you mean" in result.output and "Traceback" not in result.output
    assert "Kabardino" in result.output
