"""Valuation: in-situ and recoverable value, element/oxide conversion, REE basket price."""

from __future__ import annotations

import pytest

from assay.analyses import economics as ec
from assay.models.econ import valuation

# Oxide factors derived from IUPAC atomic weights, tabulated in
# ../shared/docs/methods-risk-classification-valuation.md section 6 (4 decimals).
PUBLISHED_FACTORS = {
    "La": 1.1728,
    "Ce": 1.2284,
    "Pr": 1.2082,
    "Nd": 1.1664,
    "Sm": 1.1596,
    "Eu": 1.1579,
    "Gd": 1.1526,
    "Tb": 1.1762,
    "Dy": 1.1477,
    "Ho": 1.1455,
    "Er": 1.1435,
    "Tm": 1.1421,
    "Yb": 1.1387,
    "Lu": 1.1372,
    "Y": 1.2699,
    "Sc": 1.5338,
}


@pytest.mark.parametrize("element, factor", sorted(PUBLISHED_FACTORS.items()))
def test_oxide_factors(element, factor):
    assert valuation.oxide_factor(element) == pytest.approx(factor, abs=6e-5)


def test_oxide_element_round_trip():
    masses = {"Nd": 10.0, "Pr": 3.0, "Dy": 0.5}
    back = valuation.oxides_to_elements(valuation.elements_to_oxides(masses))
    assert back == pytest.approx(masses)


def test_basket_price_synthetic_oracle():
    """w = La .30, Ce .50, Pr .05, Nd .15 at prices 1, 1, 60, 60 USD/kg -> 12.80 USD/kg;
    NdPr share 12/12.8 = 93.75 % (methods note section 6, derived)."""
    b = valuation.basket_price(
        {"La2O3": 0.30, "CeO2": 0.50, "Pr6O11": 0.05, "Nd2O3": 0.15},
        {"La2O3": 1, "CeO2": 1, "Pr6O11": 60, "Nd2O3": 60},
    )
    assert b.usd_per_kg == pytest.approx(12.80)
    ndpr = b.contributions["Pr6O11"] + b.contributions["Nd2O3"]
    assert ndpr / b.usd_per_kg == pytest.approx(0.9375)
    assert b.unpriced_fraction == 0


def test_basket_from_elements_and_unpriced_share():
    """Element amounts are converted to oxide mass before normalising (analytic)."""
    b = valuation.basket_price({"La": 1.0, "Ce": 1.0}, {"La2O3": 10.0})
    w_la = 1.17277 / (1.17277 + 1.22841)
    assert b.usd_per_kg == pytest.approx(10 * w_la, rel=1e-4)
    assert b.unpriced_fraction == pytest.approx(1 - w_la, rel=1e-4)


def test_in_situ_and_recoverable_value():
    """1e6 t at 1 % Cu, 8000 USD/t -> 80 M USD in situ; x0.9 x0.91 recoverable (analytic)."""
    v = valuation.in_situ_value(1e6, {"Cu": 1.0}, {"Cu": 8000.0})
    assert v["total"] == pytest.approx(80e6)
    r = valuation.recoverable_value(
        1e6, {"Cu": 1.0}, {"Cu": 8000.0}, 0.9, {"Cu": 0.91}, {"Cu": 0.5}
    )
    assert r["total"] == pytest.approx(80e6 * 0.9 * 0.91 * 0.5)


def test_value_deposit_side_by_side():
    prices = ec.metal_prices()
    assert prices["Cu"]["year"] == 2023 and "Mineral Commodity Summaries" in prices["Cu"]["source"]
    out = ec.value_deposit(1e8, {"Cu": 0.5}, prices, ec.default_mill_recoveries(), depth_m=20)
    assert out["in_situ_usd"] == pytest.approx(1e8 * 0.005 * prices["Cu"]["usd_per_t"])
    assert out["recoverable_usd"] == pytest.approx(out["in_situ_usd"] * 0.9 * 0.91)
    assert out["npv_usd"] < out["recoverable_usd"]
    if out["npv_usd"] > 0:
        assert out["headline_to_npv"] == pytest.approx(out["in_situ_usd"] / out["npv_usd"])
    assert out["mine_method"] == "Open Pit"


def test_bundled_prices_cite_sources():
    for table in (ec.metal_prices(), ec.ree_oxide_prices()):
        for entry in table.values():
            assert entry["source"] and entry["year"] >= 2022
    assert ec.ree_oxide_prices(2024)["Nd2O3"]["usd_per_kg"] == 56
    assert ec.ree_oxide_prices(2023)["Tb4O7"]["usd_per_kg"] == 1298


def test_reference_tables_cite_a_source_per_row():
    """Every bundled economics table row names its published source (provenance rule)."""
    import pandas as pd

    from assay import reference

    for name in (
        "raef_mine_methods.csv",
        "raef_mill_types.csv",
        "raef_constants.csv",
        "raef_commodity_values.csv",
        "raef_mill_recoveries.csv",
        "prices_usgs_metals.csv",
        "prices_usgs_ree_oxides.csv",
    ):
        table = pd.read_csv(reference.path(name), keep_default_na=False)
        assert len(table) and (table["source"].str.len() > 20).all(), name
