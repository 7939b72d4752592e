"""Curated-deposit loader and case dossier on the TEST fixture (tests/case/data).

Oracles: the JSON keys of issue 16's Done-when; hand arithmetic for the valuation chain
(in situ = C·P, recoverable = V·RF·MRR·pay, NPV = V_rec/L·m·a(r, L)·(1+r)^-T with the
annuity factor a = (1 - (1+r)^-L)/r); published stoichiometric factors (1 t Li2O = 2.473 t
Li2CO3; zircon ZrSiO4 holds 67.2 % ZrO2); the crosswalk's GKZ placements.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assay.analyses import case
from assay.importers.curated_deposits import CuratedDataError, classify_curated, read_curated
from assay.store import open_store

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 1, 1)


def test_stoichiometric_factors_match_published_values():
    assert case.LI2O_TO_LCE == pytest.approx(2.473, abs=0.001)
    assert case.ZRO2_IN_ZIRCON == pytest.approx(0.672, abs=0.001)
    assert case.NB2O5_TO_NB == pytest.approx(0.699, abs=0.001)


def test_curated_categories_on_the_ladder():
    assert classify_curated("GKZ", "A+B+C1").ladder == "indicated"  # C1 governs
    assert classify_curated("GKZ", "C2").ladder == "inferred"
    assert classify_curated("GKZ", "P1").ladder == "prognostic"
    assert classify_curated("JORC", "Ore Reserve").kind == "reserve"
    assert classify_curated("JORC", "Ore Reserve").ladder == "indicated"  # Probable governs
    assert classify_curated("JORC", "Mineral Resource").ladder == "inferred"
    assert classify_curated("prognostic-other", "prospective resources").ladder == "prognostic"
    historic = classify_curated("historic", "balance 1990")
    assert historic.level == 0 and historic.kind == "historic"


def test_value_chain_by_hand():
    """1000 t TREO of a producing deposit (T = 0), life 10 yr, central inputs."""
    price = {"usd_per_t": {"low": 5000.0, "central": 10000.0, "high": 20000.0}}
    out = case.value_estimate("rare-earths", 1000.0, price, "producing", 10.0)
    in_situ = 1000.0 * 10000.0
    rec = in_situ * 0.90 * 0.65 * 0.35
    r = 0.08
    npv = rec / 10.0 * 0.25 * (1 - (1 + r) ** -10) / r
    assert out["in_situ_usd"]["central"] == pytest.approx(in_situ)
    assert out["recoverable_usd"]["central"] == pytest.approx(rec)
    assert out["npv_usd"]["central"] == pytest.approx(npv)
    # an explored deposit waits the S&P mean lead time (15.7 yr) before producing
    later = case.value_estimate("rare-earths", 1000.0, price, "explored", 10.0)
    assert later["npv_usd"]["central"] == pytest.approx(npv * 1.08**-15.7)


def test_bad_rows_name_file_row_field_and_change_nothing(tmp_path, fixture_case_store_path):
    folder = tmp_path / "bad"
    shutil.copytree(DATA, folder)
    text = (folder / "estimates.csv").read_text().replace(",GKZ,C1,5000000,", ",GKZ,Q7,5000000,")
    (folder / "estimates.csv").write_text(text)
    with pytest.raises(CuratedDataError, match=r"estimates.csv, row 7, field 'category'"):
        read_curated(folder)
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(fixture_case_store_path, db)
    from assay.importers.curated_deposits import import_curated_deposits

    with open_store(db) as store:
        before = store.con.execute("SELECT count(*) FROM estimate").fetchone()[0]
        with pytest.raises(CuratedDataError):
            import_curated_deposits(store, folder)
        assert store.con.execute("SELECT count(*) FROM estimate").fetchone()[0] == before
    deposits = (DATA / "deposits.csv").read_text().replace(",37.30,47.25,", ",370.3,47.25,")
    (folder / "deposits.csv").write_text(deposits)
    with pytest.raises(CuratedDataError, match=r"deposits.csv, row 2, field 'lon'"):
        read_curated(folder)


def test_json_contract_and_worth_order(fixture_case_store):
    data = case.case_dossier(fixture_case_store, "UKR", "rare earths", today=TODAY)
    assert data["country"] == "UKR"
    assert data["commodity"]["id"] == "rare-earths"
    for key in ("known", "worth", "undiscovered", "headlines", "deal"):
        assert key in data
    known = data["known"]
    assert "by_confidence" in known
    with_numbers = []
    for dep in known["deposits"]:
        for key in ("name", "region", "status", "control", "estimates"):
            assert key in dep
        for est in dep["estimates"]:
            for key in ("system", "category", "ore_t", "grades", "date", "source"):
                assert key in est
        if any(e["ore_t"] and e["category"] for e in dep["estimates"]):
            with_numbers.append(dep["name"])
    assert len(with_numbers) >= 4
    for key in ("in_situ_usd", "recoverable_usd", "npv_usd", "prices", "assumptions"):
        assert key in data["worth"]
    for item in data["worth"]["per_deposit"]:
        for lv in case.LEVELS:
            assert item["in_situ_usd"][lv] >= item["recoverable_usd"][lv] >= item["npv_usd"][lv] > 0
    totals = data["worth"]
    assert totals["in_situ_usd"]["central"] >= totals["recoverable_usd"]["central"]
    assert totals["recoverable_usd"]["central"] >= totals["npv_usd"]["central"]
    # the secondary-only Azovske prognostic figure is shown but not in the headline totals
    azov = next(d for d in known["deposits"] if d["name"] == "Azovske")
    secondary = [e for e in azov["estimates"] if e["secondary"]]
    assert secondary and azov["headline_estimate"] not in {e["id"] for e in secondary}
    head = [i for i in totals["per_deposit"] if i["headline"]]
    assert totals["in_situ_usd"]["central"] == pytest.approx(
        sum(i["in_situ_usd_case_commodity"]["central"] for i in head)
    )
    assert data["undiscovered"] is None
    assert "none" in data["undiscovered_statement"].lower()


def test_fixture_places_azovske_and_mazurivske_in_donetsk(fixture_case_store):
    data = case.case_dossier(fixture_case_store, "UKR", "rare earths", today=TODAY)
    regions = {d["name"]: d["region_code"] for d in data["known"]["deposits"]}
    assert regions["Azovske"] == "UA-14"
    assert regions["Mazurivske"] == "UA-14"
    mazur = next(d for d in data["known"]["deposits"] if d["name"] == "Mazurivske")
    assert mazur["location"]["lon"] is not None


def test_claim_option_and_unknown_country(fixture_case_store):
    data = case.case_dossier(
        fixture_case_store, "UKR", claims=["Ukraine's minerals are worth $14.8 trillion"]
    )
    item = data["headlines"][0]
    assert item["origin"] == "--claim"
    assert "in-situ" in item["measures"]
    share = item["reconstructable"]["share_of_headline"]
    assert 0 < share < 0.24  # coal and iron ore, 76 % of the figure, are not in the tool
    with pytest.raises(case.UnknownCaseSubjectError):
        case.case_dossier(fixture_case_store, "Atlantis")


def test_confidence_ladder_and_control_share_by_hand(fixture_case_store):
    """Headline contained TR2O3 of the fixture (ore x grade): Azovske C2 5e5 t (its larger
    prognostic figure is secondary), Mazurivske P1 1e5 t, Novopoltavske C1+C2 8e4 t,
    Yastrubetske C1 3e4 t. Donetsk and Zaporizhzhia oblasts are claimed in the bundled
    control layer (UNGA A/RES/ES-11/4), Zhytomyr is not: share = 6.8e5 / 7.1e5."""
    known = case.case_dossier(fixture_case_store, "UKR", today=TODAY)["known"]
    conf = known["by_confidence"]
    assert conf["inferred"]["contained_t"] == pytest.approx(5e5 + 8e4)
    assert conf["indicated"]["contained_t"] == pytest.approx(3e4)
    assert conf["prognostic"]["contained_t"] == pytest.approx(1e5)
    assert known["headline_contained_t"] == pytest.approx(7.1e5)
    share = known["control"]["share_of_known_contained_in_claimed_territory"]
    assert share == pytest.approx(6.8e5 / 7.1e5)
    assert known["by_kind"]["prognostic"]["contained_t"] == pytest.approx(1e5)
    ages = {e["id"]: e["age_years"] for d in known["deposits"] for e in d["estimates"]}
    assert ages["E-YAST-1"] == 2026 - 2015


def test_tract_runs_the_assessment_and_says_whether_it_is_cited(fixture_case_store):
    from assay import reference

    spec = reference.path("examples/carbonatite_ree/tract.yaml")
    data = case.case_dossier(fixture_case_store, "UKR", tract=spec, today=TODAY)
    assert data["undiscovered"] is not None
    assert data["undiscovered"]["totals"]["Ore"]["mean"] > 0
    assert data["undiscovered"]["estimates_cited"] is None
    assert "illustrative" in data["undiscovered_statement"]
