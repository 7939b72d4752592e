"""Risk views on the real store (MCS 2023/2024 data releases, MCS 2025 rare-earth chapter,
WGI 2022 normalised).

Oracles: the published tables (USGS MCS 2025 Rare Earths, pp. 144-145: world mine
production 2024e 390,000 t REO, China 270,000 t; U.S. import sources 2020-23 China 70 %,
Malaysia 13 %, Japan 6 %, Estonia 5 %, other 6 %; net import reliance 2024e 80 %), hand
arithmetic on them, and independent recomputation of each published formula from the
shared CSV files (not through the code under test).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assay.analyses import risk
from assay.analyses.statistics import world_table

# MCS 2025 Rare Earths, world mine production 2024e [t REO] (the chapter's table)
REE_2024 = {
    "USA": 45000,
    "AUS": 13000,
    "BRA": 20,
    "MMR": 31000,
    "CAN": 0,
    "CHN": 270000,
    "IND": 2900,
    "MDG": 2000,
    "MYS": 130,
    "NGA": 13000,
    "RUS": 2500,
    "THA": 13000,
    "VNM": 300,
}
SUM_SQUARES = 76_411_767_300  # sum of REE_2024 values squared, by hand (see test_models)


def _wgi(shared_data: Path) -> dict[str, float]:
    """WGI scores read straight from the shared CSV (World Bank names mapped by hand)."""
    frame = pd.read_csv(shared_data / "wgi-2022-normalised/wgi_2022_mean_estimate_normalised.csv")
    names = {
        "China": "CHN",
        "United States": "USA",
        "Myanmar": "MMR",
        "Australia": "AUS",
        "Nigeria": "NGA",
        "Thailand": "THA",
        "India": "IND",
        "Russian Federation": "RUS",
        "Madagascar": "MDG",
        "Vietnam": "VNM",
        "Malaysia": "MYS",
        "Brazil": "BRA",
        "Canada": "CAN",
        "Japan": "JPN",
        "Estonia": "EST",
    }
    out = {}
    for name, value in zip(frame["Country/Territory"], frame["2022"], strict=True):
        if name in names:
            out[names[name]] = float(value)
    assert len(out) == len(names)
    return out


def test_rare_earth_concentration_mcs2025(risk_store) -> None:
    """China 270,000 of 390,000 t: share 69.23 %; HHI = 1e4 * 76,411,767,300 / 390,000^2
    = 5023.78; top-3 = (270,000 + 45,000 + 31,000) / 390,000 = 88.72 %; ranks 1224-style
    with Australia, Nigeria and Thailand tied 4th at 13,000 t."""
    c = risk.concentration(risk_store, "rare earths", "mine_production")
    assert c["edition"] == 2025 and c["data_year"] == 2024
    assert c["world_total"] == 390000
    assert c["china_share"] == pytest.approx(100 * 270000 / 390000)
    assert c["hhi"] == pytest.approx(1e4 * SUM_SQUARES / 390000**2)
    assert c["top1_share"] == pytest.approx(100 * 270000 / 390000)
    assert c["top3_share"] == pytest.approx(100 * 346000 / 390000)
    assert c["hhi_bands"]["doj_ftc_2023"]["label"] == "highly concentrated"
    ranks = {r["iso3"]: r["rank"] for r in c["top"]}
    assert ranks["CHN"] == 1 and ranks["USA"] == 2 and ranks["MMR"] == 3
    assert ranks["AUS"] == ranks["NGA"] == ranks["THA"] == 4 and ranks["IND"] == 7


def test_rare_earth_reserves_and_series(risk_store) -> None:
    """Reserves MCS 2025: China 44 Mt of '>90,000,000' t (share 48.9 %, an upper bound).
    Series: MCS 2023 mine production 2022e China 210,000 of 300,000 (70 %); MCS 2024 2023e
    240,000 of 350,000 (68.6 %)."""
    c = risk.concentration(risk_store, "REE", "reserves", 2025)
    assert c["china_share"] == pytest.approx(100 * 44e6 / 90e6)
    assert ">" in (c["world_qualifier"] or "")
    series = {s["edition"]: s for s in risk.concentration_series(risk_store, "rare-earths")}
    assert series[2023]["china_share"] == pytest.approx(70.0)
    assert series[2024]["china_share"] == pytest.approx(100 * 240000 / 350000)
    assert series[2025]["world_total"] == 390000


def test_us_import_dependence(risk_store) -> None:
    """MCS 2025 chapter: NIR (compounds and metals) 2024e 80 %; MCS 2024: >95 % in 2023.
    Fluorspar 2024: the salient NIR column is misread (values such as 360 %), so the
    Fig. 2 value (100 % in 2023) is used."""
    d25 = risk.us_import_dependence(risk_store, "rare earths", 2025)
    assert (d25["net_import_reliance"], d25["data_year"]) == (80.0, 2024)
    assert d25["import_shares"]["CHN"] == pytest.approx(0.70)
    assert d25["import_shares_status"].startswith("published (MCS 2025")
    d24 = risk.us_import_dependence(risk_store, "rare earths", 2024)
    assert (d24["net_import_reliance"], d24["qualifier"], d24["data_year"]) == (95.0, ">", 2023)
    fl = risk.us_import_dependence(risk_store, "fluorspar", 2024)
    assert fl["net_import_reliance"] == 100.0 and fl["table_kind"] == "fig2"
    ga = risk.us_import_dependence(risk_store, "gallium", 2024)
    assert ga["net_import_reliance"] == 100.0
    assert ga["import_shares_status"].startswith("assumed: equal split")
    assert ga["import_shares"] == pytest.approx({k: 0.25 for k in ("JPN", "CHN", "DEU", "CAN")})


def test_supply_risk_scores_on_store_match_independent_recomputation(
    risk_store, shared_data: Path
) -> None:
    """Rare earths, MCS 2025, importer USA, recomputed here from the published inputs:
    shares q/390,000 (MCS 2025), WGI from the shared CSV, TE = 0.80 (NIR 80 %), import
    shares 0.70/0.13/0.06/0.05/0.06 (MCS 2025).

    EU CRM (Blengini 2017): HHI_WGI = sum s^2 * 10(1 - n); sourcing USA 0.2, CHN 0.56,
    MYS 0.104, JPN 0.048, EST 0.04 ('other' left out); SR = GS*0.4 + src*0.6 (EoL-RIR 0 and
    SI 1 assumed, reported missing).
    USGS 2021: DP = sum s^2 (1 - n); SR = (DP * 0.8 * 1)^(1/3) with EV = 1 assumed.
    GeoPolRisk: HHI(0-1) * 0.8 * (sum g_i m_i + 0.5 * 0.06), g = 1 - n.
    """
    wgi = _wgi(shared_data)
    s = {k: v / 390000 for k, v in REE_2024.items()}
    gs = sum(s[k] ** 2 * 10 * (1 - wgi[k]) for k in s)
    sourcing = {
        "USA": 0.2,
        "CHN": 0.8 * 0.70,
        "MYS": 0.8 * 0.13,
        "JPN": 0.8 * 0.06,
        "EST": 0.8 * 0.05,
    }
    src = sum(v**2 * 10 * (1 - wgi[k]) for k, v in sourcing.items())
    eu_expected = gs * 0.8 / 2 + src * (1 - 0.8 / 2)
    dp = sum(s[k] ** 2 * (1 - wgi[k]) for k in s)
    usgs_expected = (dp * 0.8) ** (1 / 3)
    hhi01 = SUM_SQUARES / 390000**2
    import_risk = (
        0.8
        * (
            0.70 * (1 - wgi["CHN"])
            + 0.13 * (1 - wgi["MYS"])
            + 0.06 * (1 - wgi["JPN"])
            + 0.05 * (1 - wgi["EST"])
            + 0.06 * 0.5
        )
        / (0.2 + 0.8)
    )
    view = risk.risk_view(risk_store, "rare earths")
    sr = view["supply_risk"]
    assert sr["eu_crm"]["value"] == pytest.approx(eu_expected, rel=1e-9)
    assert sr["eu_crm"]["components"]["hhi_wgi_global_supply"] == pytest.approx(gs)
    assert any(m.startswith("economic_importance") for m in sr["eu_crm"]["missing"])
    assert any(m.startswith("eol_rir") for m in sr["eu_crm"]["missing"])
    assert sr["usgs_2021"]["value"] == pytest.approx(usgs_expected, rel=1e-9)
    assert sr["usgs_2021"]["components"]["disruption_potential"] == pytest.approx(dp)
    assert sr["geopolrisk"]["value"] == pytest.approx(hhi01 * import_risk, rel=1e-9)


def test_risk_view_json_contract(risk_store) -> None:
    view = risk.risk_view(risk_store, "rare earths")
    for key in (
        "commodity",
        "edition",
        "hhi",
        "top",
        "china_share",
        "us_net_import_reliance",
        "supply_risk",
    ):
        assert key in view
    assert set(view["hhi"]) >= {"mine_production", "reserves"}
    for method in ("eu_crm", "geopolrisk", "usgs_2021"):
        assert {"value", "components", "missing"} <= set(view["supply_risk"][method])
    assert view["us_net_import_reliance"] == 80.0
    assert view["top"][0]["iso3"] == "CHN"


def test_shock_remove_china_rare_earths(risk_store) -> None:
    """Remove China (MCS 2025, 2024e): world 390,000 - 270,000 = 120,000 t REO; HHI after
    = 1e4 * (76,411,767,300 - 270,000^2) / 120,000^2 = 2438.73; U.S. imports hit: China's
    70 % of imports; of apparent consumption 0.70 * 0.80 = 56 %."""
    out = risk.shock_view(risk_store, "rare earths", remove=["China"])
    assert out["world_before"] == 390000 and out["world_after"] == 120000
    assert out["hhi_before"] == pytest.approx(1e4 * SUM_SQUARES / 390000**2)
    assert out["hhi_after"] == pytest.approx(1e4 * (SUM_SQUARES - 270000**2) / 120000**2)
    us = out["us_imports"]
    assert us["share_of_imports_affected"] == pytest.approx(0.70)
    assert us["share_of_consumption_affected"] == pytest.approx(0.56)


def test_shock_cap_and_add(risk_store) -> None:
    """Cap China at 200,000 and add 10,000 t for Ukraine: world = 390,000 - 70,000 +
    10,000 = 330,000; China's share 200/330 = 60.6 %; imports hit 0.70 * (1 - 200/270)."""
    out = risk.shock_view(risk_store, "rare earths", cap={"CHN": 200000}, add={"Ukraine": 10000})
    assert out["world_after"] == 330000
    rows = {r["iso3"]: r for r in out["producers"]}
    assert rows["CHN"]["share_after"] == pytest.approx(100 * 200000 / 330000)
    assert rows["UKR"]["before"] == 0 and rows["UKR"]["after"] == 10000
    assert out["us_imports"]["share_of_imports_affected"] == pytest.approx(
        0.70 * (1 - 200000 / 270000)
    )


def test_risk_all_bulk_matches_world_table(risk_store) -> None:
    """Independent implementation check: the one-query bulk tables of ``risk --all`` give
    the same HHI, China share and leading producer as the foundation's world_table for
    every commodity and measure."""
    result = risk.risk_all(risk_store)
    assert result["count"] >= 50
    by_cid = {r["commodity"]: r for r in result["commodities"]}
    assert by_cid["rare-earths"]["china_share"] == pytest.approx(100 * 270000 / 390000)
    bulk = risk._bulk_tables(risk_store, None)
    for cid, (edition, tables) in bulk.items():
        for measure, records in tables.items():
            mine = risk._concentration_from_records(records, measure, edition)
            frame = world_table(risk_store, cid, measure, edition)
            ref = risk._concentration_from_records(
                frame.astype(object).where(frame.notna(), None).to_dict("records"),
                measure,
                edition,
            )
            for key in ("hhi", "china_share", "world_total", "data_year"):
                a, b = mine[key], ref[key]
                if a is None or (isinstance(a, float) and np.isnan(a)):
                    assert b is None or np.isnan(b), (cid, measure, key)
                else:
                    assert a == pytest.approx(b), (cid, measure, key)
            assert [r["iso3"] for r in mine["top"]] == [r["iso3"] for r in ref["top"]], cid


def test_user_stage_table_is_marked(risk_store, tmp_path: Path) -> None:
    """A user separation table: China 90, Malaysia 10 -> HHI 8100 + 100 = 8200."""
    path = tmp_path / "separation.csv"
    path.write_text("country,year,value,unit\nChina,2024,90,kt REO\nMalaysia,2024,10,kt REO\n")
    risk.import_stage_table(risk_store, path, "rare earths", "separation")
    view = risk.risk_view(risk_store, "rare earths")
    stage = view["stages"]["separation"]
    assert stage["user_provided"] is True and stage["provided_by"] == ["separation.csv"]
    assert stage["hhi"] == pytest.approx(8200.0)
    assert stage["china_share"] == pytest.approx(90.0)


def test_user_stage_table_errors(risk_store, tmp_path: Path) -> None:
    from assay.importers.wgi import RiskInputError

    path = tmp_path / "bad.csv"
    path.write_text("country,year,value,unit\nChina,2024,ninety,t\n")
    with pytest.raises(RiskInputError, match=r"line 2, column 'value'"):
        risk.import_stage_table(risk_store, path, "rare earths", "separation")


def test_user_parameters_override(risk_store, tmp_path: Path) -> None:
    """A user EoL-RIR of 0.1 scales the EU supply risk by (1 - 0.1)."""
    before = risk.risk_view(risk_store, "rare earths")["supply_risk"]["eu_crm"]["value"]
    path = tmp_path / "params.csv"
    path.write_text("commodity,method,parameter,value\nrare earths,eu_crm,eol_rir,0.1\n")
    risk.import_risk_parameters(risk_store, path)
    after = risk.risk_view(risk_store, "rare earths")["supply_risk"]["eu_crm"]
    assert after["value"] == pytest.approx(before * 0.9)
    assert not any(m.startswith("eol_rir") for m in after["missing"])


def test_shock_on_user_stage_table(risk_store, tmp_path: Path) -> None:
    """User separation table China 90, Malaysia 10 kt: remove China -> world 10 kt, HHI
    10,000 (Malaysia alone); U.S. imports hit = China's 70 % import share."""
    path = tmp_path / "separation.csv"
    path.write_text("country,year,value,unit\nChina,2024,90,kt REO\nMalaysia,2024,10,kt REO\n")
    risk.import_stage_table(risk_store, path, "rare earths", "separation")
    out = risk.shock_view(risk_store, "rare earths", remove=["CHN"], measure="separation")
    assert out["user_provided"] is True
    assert (out["world_before"], out["world_after"]) == (100.0, 10.0)
    assert out["hhi_before"] == pytest.approx(8200.0)
    assert out["hhi_after"] == pytest.approx(10000.0)
    assert out["us_imports"]["share_of_imports_affected"] == pytest.approx(0.70)
    with pytest.raises(ValueError, match="user stage tables: separation"):
        risk.shock_view(risk_store, "rare earths", remove=["CHN"], measure="magnets")


def test_inconsistent_world_total_is_flagged_not_scored() -> None:
    """Country rows summing to 600 % of the world total (a kt total beside t rows) give no
    HHI, no shares and a warning, rather than an HHI above 10,000."""
    rows = [
        {
            "iso3": "AUS",
            "country": "Australia",
            "value": 64e6,
            "unit": "t",
            "qualifier": None,
            "share": 500.0,
            "rank": 1,
            "source_id": "x",
            "area_kind": "country",
            "data_year": 2022,
        },
        {
            "iso3": "CHN",
            "country": "China",
            "value": 12.8e6,
            "unit": "t",
            "qualifier": None,
            "share": 100.0,
            "rank": 2,
            "source_id": "x",
            "area_kind": "country",
            "data_year": 2022,
        },
        {
            "iso3": None,
            "country": "World total",
            "value": 12.8e6,
            "unit": "t",
            "qualifier": None,
            "share": 100.0,
            "rank": None,
            "source_id": "x",
            "area_kind": "world",
            "data_year": 2022,
        },
    ]
    c = risk._concentration_from_records(rows, "reserves", 2023)
    assert np.isnan(c["hhi"]) and c["china_share"] is None
    assert c["country_share_coverage"] == pytest.approx(600.0)
    assert "inconsistent" in c["warning"]
    assert c["hhi_bands"]["doj_ftc_2023"]["label"] is None


def test_scores_take_the_bottleneck_stage(risk_store) -> None:
    """Copper has mine and refinery tables: each method reports its larger stage value
    (Blengini et al. 2017 assess the stage with the higher supply risk) and both stages."""
    sr = risk.risk_view(risk_store, "copper")["supply_risk"]
    for method in ("eu_crm", "geopolrisk", "usgs_2021"):
        by_stage = sr[method]["by_stage"]
        assert set(by_stage) == {"mine_production", "refinery_production"}
        assert sr[method]["value"] == max(by_stage.values())
        assert by_stage[sr[method]["stage"]] == sr[method]["value"]


def test_user_trade_adjustment_for_export_controls(
    risk_store, tmp_path: Path, shared_data: Path
) -> None:
    """t_CHN = 1.2 (an export restriction) raises China's term of HHI_WGI(GS) by
    0.2 * s_CHN^2 * WGI_scaled(CHN) (Blengini et al. 2017, HHI_WGI,t = sum S^2 WGI t), with
    s_CHN = 270,000/390,000 and WGI_scaled(CHN) = 10 (1 - n_CHN) from the shared WGI CSV."""
    base = risk.risk_view(risk_store, "rare earths")["supply_risk"]["eu_crm"]
    path = tmp_path / "t.csv"
    path.write_text(
        "commodity,method,parameter,value,country,citation\n"
        "rare earths,eu_crm,trade_adjustment,1.2,China,scenario: 2025 export controls\n"
    )
    risk.import_risk_parameters(risk_store, path)
    eu = risk.risk_view(risk_store, "rare earths")["supply_risk"]["eu_crm"]
    assert eu["components"]["trade_adjustment"] == {"CHN": 1.2}
    wgi_scaled_chn = 10 * (1 - _wgi(shared_data)["CHN"])
    expected = 0.2 * (270000 / 390000) ** 2 * wgi_scaled_chn
    increase = (
        eu["components"]["hhi_wgi_global_supply"] - base["components"]["hhi_wgi_global_supply"]
    )
    assert increase == pytest.approx(expected)
    assert eu["value"] > base["value"]
    bad = tmp_path / "bad.csv"
    bad.write_text("commodity,method,parameter,value\nrare earths,eu_crm,trade_adjustment,1.2\n")
    from assay.importers.wgi import RiskInputError

    with pytest.raises(RiskInputError, match="needs a country"):
        risk.import_risk_parameters(risk_store, bad)
