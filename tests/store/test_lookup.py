"""Name resolution and the bundled reference tables.

Oracles: IUPAC 2005 (rare earths = Sc, Y and La-Lu), USGS PP 1802-O (light La-Eu, heavy
Gd-Lu and Y), CIAAW 2021 abridged standard atomic weights, ISO 3166-1 codes.
"""

from __future__ import annotations

import pytest

from assay.analyses.build import load_reference, read_reference_csv
from assay.store.lookup import (
    UnknownNameError,
    commodity_misnomer,
    resolve_commodity,
    resolve_country,
    resolve_element,
)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("rare earths", "rare-earths"),
        ("Rare Earth", "rare-earths"),
        ("REE", "rare-earths"),
        ("rare-earths", "rare-earths"),
        ("raree", "rare-earths"),  # the USGS MCS file code
        ("Lithium", "lithium"),
        ("Li", "lithium"),
        ("titanium mineral concentrates", "titanium-mineral-concentrates"),
        ("ilmenite", "titanium-mineral-concentrates"),
        ("Ti", "titanium"),
        ("cobalt", "cobalt"),
        ("graphites", "graphite"),
        ("nickle", "nickel"),
        ("Manganese", "manganese"),
        ("gallium", "gallium"),
        ("germanium", "germanium"),
        ("Nd", "rare-earths"),
    ],
)
def test_resolve_commodity(reference_store, name, expected):
    assert resolve_commodity(reference_store, name) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("DR Congo", "COD"),
        ("Congo (Kinshasa)", "COD"),
        ("Russian Federation", "RUS"),
        ("russia", "RUS"),
        ("Korea, Republic of", "KOR"),
        ("Korea, North", "PRK"),
        ("Côte d’Ivoire", "CIV"),
        ("United States", "USA"),
        ("US", "USA"),
        ("rus", "RUS"),
        ("ru", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
    ],
)
def test_resolve_country(reference_store, name, expected):
    assert resolve_country(reference_store, name) == expected


@pytest.mark.parametrize(
    "name, expected", [("Li", "Li"), ("li", "Li"), ("LITHIUM", "Li"), ("aluminum", "Al")]
)
def test_resolve_element(reference_store, name, expected):
    assert resolve_element(reference_store, name) == expected


def test_unknown_name_suggests_closest(reference_store):
    with pytest.raises(UnknownNameError) as info:
        resolve_commodity(reference_store, "rare earht")
    err = info.value
    assert err.kind == "commodity" and err.name == "rare earht"
    assert err.suggestions[0] == "Rare earths"
    assert "Did you mean: Rare earths" in str(err)
    with pytest.raises(UnknownNameError) as info:
        resolve_country(reference_store, "Rusia")
    assert info.value.suggestions[0] == "Russia"
    with pytest.raises(UnknownNameError):
        resolve_element(reference_store, "Xx")


def test_misnomer_is_flagged_with_a_note(reference_store):
    hit = commodity_misnomer(reference_store, "lanthanides")
    assert hit is not None and hit["commodity_id"] == "rare-earths"
    assert "Sc and Y" in hit["note"]
    assert commodity_misnomer(reference_store, "rare earths") is None


def test_rare_earth_membership_iupac_and_usgs_groups(reference_store):
    """IUPAC 2005: 17 rare earths; USGS PP 1802-O: light La-Eu, heavy Gd-Lu + Y, Sc neither."""
    rows = reference_store.query(
        "SELECT symbol, is_rare_earth, ree_group FROM element ORDER BY atomic_number"
    )
    ree = {r["symbol"] for r in rows if r["is_rare_earth"]}
    lanthanides = {r["symbol"] for r in rows[56:71]}
    assert ree == lanthanides | {"Sc", "Y"} and len(ree) == 17
    groups = {r["symbol"]: r["ree_group"] for r in rows}
    assert {s for s, g in groups.items() if g == "light"} == {
        "La",
        "Ce",
        "Pr",
        "Nd",
        "Pm",
        "Sm",
        "Eu",
    }
    assert {s for s, g in groups.items() if g == "heavy"} == {
        "Gd",
        "Tb",
        "Dy",
        "Ho",
        "Er",
        "Tm",
        "Yb",
        "Lu",
        "Y",
    }
    assert groups["Sc"] is None
    for symbol in ("Li", "Ti", "Co", "Be", "Mn", "Ga", "U", "Zr", "Ni"):
        assert symbol not in ree
    members = reference_store.query(
        "SELECT symbol FROM commodity_element WHERE commodity_id = 'rare-earths'"
    )
    assert {r["symbol"] for r in members} == ree


def test_elements_h_to_u_with_ciaaw_weights_and_oxide_factors(reference_store):
    """CIAAW 2021 abridged weights; oxide factor La2O3 = (2*138.91 + 3*15.999)/(2*138.91)."""
    rows = {r["symbol"]: r for r in reference_store.query("SELECT * FROM element")}
    assert len(rows) == 92 and rows["U"]["atomic_number"] == 92
    assert rows["Fe"]["atomic_weight"] == pytest.approx(55.845)
    assert rows["La"]["oxide_factor"] == pytest.approx(
        (2 * 138.91 + 3 * 15.999) / (2 * 138.91), abs=1e-4
    )
    assert rows["Tc"]["atomic_weight"] is None


def test_every_mcs_commodity_code_and_every_iso_country_is_bundled():
    commodities = read_reference_csv("commodities.csv")
    codes = {c for codes in commodities["mcs_codes"] for c in codes.split("|")}
    assert len(commodities) >= 77 and {"raree", "lithi", "timin", "cobal", "graph"} <= codes
    assert commodities["id"].is_unique
    countries = read_reference_csv("countries.csv")
    assert len(countries) == 249 and countries["iso3"].is_unique


def test_load_reference_is_idempotent(reference_store):
    before = {
        t: reference_store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in ("element", "country", "country_alias", "commodity", "commodity_alias", "source")
    }
    load_reference(reference_store)
    after = {t: reference_store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in before}
    assert before == after


def test_every_area_name_in_the_official_files_resolves(mcs_store):
    """Every country spelling of the MCS 2023/2024/2025 files reaches a country or a
    published aggregate: no row is quarantined for an unknown country."""
    reasons = [r["reason"] for r in mcs_store.query("SELECT reason FROM quarantine")]
    assert not [r for r in reasons if r.startswith("unknown country")]
    assert (
        mcs_store.query(
            "SELECT count(DISTINCT iso3) AS n FROM observation WHERE area_kind = 'country'"
        )[0]["n"]
        > 120
    )


def test_every_mcs_file_code_maps_to_a_commodity(shared_data):
    import re

    codes = read_reference_csv("commodities.csv")["mcs_codes"]
    known = {c for cs in codes for c in cs.split("|")}
    pattern = re.compile(r"mcs\d{4}-?([a-z-]+)_(world|salient)\.csv$", re.IGNORECASE)
    found = {
        m.group(1).lower()
        for folder in ("usgs-mcs-2023", "usgs-mcs-2024")
        for p in (shared_data / folder).rglob("*.csv")
        if (m := pattern.search(p.name))
    }
    assert found and found <= known, sorted(found - known)


def test_misnomer_note_reaches_the_commodity_view(reference_store):
    from assay.analyses.statistics import commodity_view

    view = commodity_view(reference_store, "lanthanides")
    assert view["commodity"]["id"] == "rare-earths"
    assert "Sc and Y" in view["name_note"]["note"]
    assert commodity_view(reference_store, "rare earths")["name_note"] is None
