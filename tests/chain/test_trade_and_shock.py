"""Bilateral trade views and the stage shock.

Oracles: the BACI table of the wheel, summed directly with sqlite3 (partner shares of U.S.
rare-earth imports 2023, EU27 imports without intra-EU flows); a hand-worked
``strand_upstream`` example.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from assay.analyses.chain import chain_shock_view
from assay.analyses.trade import EU27, import_partner_shares, trade_view
from assay.cli import get_app
from assay.models.risk.shock import strand_upstream

REE_CODES = (284690, 284610, 280530)


def _baci_shares(lib: Path, year: int, importers: list[str], codes) -> dict[str, float]:
    """Partner shares of import value computed straight from baci.db."""
    con = sqlite3.connect(lib / "baci.db")
    iso = dict(con.execute("SELECT country_code, country_iso3 FROM country_codes_V202401b"))
    member_codes = [c for c, i in iso.items() if i in importers]
    q = (
        f"SELECT i, sum(CAST(v AS REAL)) FROM baci_trade WHERE t = ? "
        f"AND j IN ({','.join('?' * len(member_codes))}) "
        f"AND k IN ({','.join('?' * len(codes))}) GROUP BY i"
    )
    by_code = dict(con.execute(q, [str(year), *member_codes, *codes]).fetchall())
    con.close()
    by_iso: dict[str, float] = {}
    for code, v in by_code.items():
        partner = iso.get(code)
        if partner in importers:
            continue  # flows between members are not imports of the group
        key = partner if partner and len(partner) == 3 and partner.isalpha() else f"BACI:{code}"
        by_iso[key] = by_iso.get(key, 0.0) + v
    total = sum(by_iso.values())
    return {k: v / total for k, v in by_iso.items()}


def test_us_rare_earth_partner_shares_recomputed_from_baci(built, wheel_lib: Path) -> None:
    view = trade_view(built, "rare earths", "USA", 2023)
    assert view["importer"] == "USA" and view["year"] == 2023
    assert sorted(c["hs_code"] for c in view["hs_codes"]) == sorted(map(str, REE_CODES))
    expected = _baci_shares(wheel_lib, 2023, ["USA"], REE_CODES)
    got = {p["iso3"]: p["share"] for p in view["partners"]}
    assert set(got) == set(expected)
    for iso3, share in expected.items():
        assert got[iso3] == pytest.approx(share, rel=1e-9)
    assert view["partners"][0]["iso3"] == "CHN"
    assert sum(got.values()) == pytest.approx(1.0)


def test_eu27_excludes_intra_eu_flows(built, wheel_lib: Path) -> None:
    view = trade_view(built, "lithium", "EU27", 2023, stage="chemicals")
    assert view["intra_eu_excluded"] and len(view["members"]) == 27
    assert not {p["iso3"] for p in view["partners"]} & set(EU27)
    expected = _baci_shares(wheel_lib, 2023, list(EU27), (282520, 283691))
    got = {p["iso3"]: p["share"] for p in view["partners"]}
    for iso3, share in expected.items():
        assert got[iso3] == pytest.approx(share, rel=1e-9)


def test_trade_cli_json_contract(mcs_store_path: Path) -> None:
    result = CliRunner().invoke(
        get_app(),
        [
            "trade",
            "rare earths",
            "--importer",
            "USA",
            "--year",
            "2023",
            "--json",
            "--db",
            str(mcs_store_path),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["importer"] == "USA" and data["year"] == 2023 and data["hs_codes"]
    assert data["source"]["id"] == "cepii-baci-hs92-v202401b"
    for p in data["partners"]:
        assert {"iso3", "value_kusd", "quantity_t", "share"} <= set(p)


def test_trade_unknown_importer_exit_2(mcs_store_path: Path) -> None:
    result = CliRunner().invoke(
        get_app(), ["trade", "lithium", "--importer", "Atlantis", "--db", str(mcs_store_path)]
    )
    assert result.exit_code == 2 and "unknown country" in result.output


def test_trade_year_outside_the_data_is_an_error_not_an_empty_table(mcs_store_path: Path) -> None:
    # an empty partner table for 1700 would read as "the USA imported no lithium"
    result = CliRunner().invoke(
        get_app(),
        ["trade", "lithium", "--importer", "USA", "--year", "1700", "--db", str(mcs_store_path)],
    )
    assert result.exit_code == 2 and "holds 1995-2024" in result.output


@pytest.mark.parametrize("importer", ["USA", "EU27", "JPN", "KOR", "IND"])
def test_import_partner_shares_for_risk(built, importer: str) -> None:
    out = import_partner_shares(built, "cobalt", importer, 2023)
    assert out is not None and out["basis"].startswith("bilateral trade (CEPII BACI")
    assert sum(out["shares"].values()) == pytest.approx(1.0)


def test_strand_upstream_hand_worked() -> None:
    # A mines 100 t and ships 3/4 of its feed to X; B mines 50 t and ships none; X mines 200 t
    q = pd.Series({"A": 100.0, "B": 50.0, "X": 200.0})
    f = pd.Series({"A": 0.75, "X": 1.0})
    r = strand_upstream(q, f, "X", mine_world_total=400.0, stage_share_removed=0.9)
    assert r.table.loc["A", "stranded"] == 75.0 and r.table.loc["B", "stranded"] == 0.0
    assert r.table.loc["X", "stranded"] == 0.0  # the removed country's own output is apart
    assert r.stranded_total == 75.0 and r.removed_own_output == 200.0
    assert r.stranded_fraction == pytest.approx(75.0 / 400.0)
    assert r.stage_capacity_outside == pytest.approx(0.1)
    with pytest.raises(ValueError):
        strand_upstream(q, pd.Series({"A": 1.5}), "X")


def test_china_stops_separation_strands_burmese_concentrate(built) -> None:
    view = chain_shock_view(built, "rare earths", "separation", "CHN", year=2024)
    rows = {r["iso3"]: r for r in view["rows"]}
    # Burma ships all its rare-earth compounds to China (BACI 2024): its 31,000 t REO stranded
    assert rows["MMR"]["share_of_feed_to_removed"] == pytest.approx(1.0)
    assert rows["MMR"]["stranded_t"] == pytest.approx(31_000)
    assert view["stranded_total_t"] >= 31_000
    assert view["removed_own_mine_output_t"] == 270_000
    assert "CHN" not in {k for k, r in rows.items() if r["stranded_t"] > 0}
    assert view["stage_capacity_outside_share"] == pytest.approx(1 - view["stage_share_removed"])
    stages = {s["stage"]: s for s in view["capacity_outside_by_stage"]}
    assert stages["magnets"]["capacity_outside_share"] == pytest.approx(0.06)


def test_chain_shock_cli(mcs_store_path: Path) -> None:
    args = ["chain-shock", "rare earths", "--stage", "separation", "--db", str(mcs_store_path)]
    result = CliRunner().invoke(get_app(), [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["stranded_total_t"] > 0
    bad = CliRunner().invoke(get_app(), [*args[:2], "--stage", "smelting", *args[4:]])
    assert bad.exit_code == 2 and "not a stage of rare-earths" in bad.output


def test_risk_scores_use_bilateral_trade_instead_of_an_equal_split(built) -> None:
    from assay.analyses.risk import risk_view, us_import_dependence
    from assay.analyses.trade import bulk_import_partner_shares

    cobalt = us_import_dependence(built, "cobalt")
    assert cobalt["import_shares_status"].startswith("bilateral trade (CEPII BACI")
    assert "equal split" not in cobalt["import_shares_status"]
    expected = bulk_import_partner_shares(built, "USA", "cobalt")["cobalt"]["shares"]
    assert cobalt["import_shares"] == pytest.approx(expected)
    assert sum(cobalt["import_shares"].values()) == pytest.approx(1.0)
    # a published share table (MCS 2025 rare earths) still wins over trade statistics
    ree = us_import_dependence(built, "rare earths")
    assert ree["import_shares_status"].startswith("published")
    partners = risk_view(built, "cobalt")["import_partners"]
    assert set(partners) == {"USA", "EU27", "JPN", "KOR", "IND"}
    assert partners["EU27"]["importer"] == "EU27"
    assert not set(partners["EU27"]["shares"]) & set(EU27)


def test_partner_tonnes_are_also_given_per_hs_product(mcs_store_path: Path) -> None:
    # lithium's HS codes are different compounds (oxide/hydroxide, carbonate): their tonnes
    # are kept apart per product, and the added quantity_t is exactly their sum
    result = CliRunner().invoke(
        get_app(),
        ["trade", "lithium", "--importer", "USA", "--year", "2023", "--json",
         "--db", str(mcs_store_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    codes = {c["hs_code"] for c in view["hs_codes"]}
    assert len(codes) >= 2
    for partner in view["partners"]:
        by_hs = partner["quantity_t_by_hs"]
        assert set(by_hs) <= codes
        if partner["quantity_t"] is not None:
            assert sum(by_hs.values()) == pytest.approx(partner["quantity_t"])
