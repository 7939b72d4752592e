"""The deal model's inflow basis follows the published terms of the 30 April 2025 agreement.

Terms (sources in ``assay/reference/sources_deals.csv``): Ukraine pays into the US-Ukraine
Reconstruction Investment Fund 50 % of the state's receipts from NEW licences - licence fees
and royalties/production-sharing payments (Norton Rose Fulbright, "US/Ukraine minerals deal:
Digging into the detail", May 2025; Kinstellar, May 2025) - "50 % of the state budget's
revenue from the new rent on new licences for new sites", no distributions in the first 10
years (Y. Svyrydenko, 30 April 2025, as reported by Odessa Journal). Corporate profit tax is
not among those payments, so it is no inflow.
"""

from __future__ import annotations

import pytest

from assay.analyses import economics as ec
from assay.analyses.build import read_reference_csv
from assay.models.econ import deal
from assay.web import __file__ as web_init

SOURCES = (
    "deal-nrf-us-ukraine-2025",
    "deal-kinstellar-us-ukraine-2025",
    "deal-svyrydenko-odessa-journal-2025",
)


def _spec(**kw) -> deal.DealSpec:
    project = deal.Project(
        "p",
        2025,
        1e9,
        10,
        royalty_rate=0.05,
        licence_fees_usd=1e7,
        profit_tax_rate=0.18,
        operating_margin=0.30,
    )
    base = dict(
        fund_share=deal.AGREEMENT_FUND_SHARE,
        start_year=2025,
        horizon_years=12,
        discount_rate=0.0,
        projects=(project,),
        lead_time=deal.LeadTime(kind="fixed", value=0.0),
        n_draws=1,
    )
    base.update(kw)
    return deal.DealSpec(**base)


def test_terms_are_cited_in_the_bundled_sources():
    ids = set(read_reference_csv("sources.csv")["id"])
    assert set(SOURCES) <= ids
    assert deal.AGREEMENT_FUND_SHARE == 0.5  # "50 %" in all three sources
    assert deal.AGREEMENT_REINVESTMENT_YEARS == 10  # Svyrydenko: "first 10 years"
    assert "not renewals" in deal.AGREEMENT_TERMS


def test_profit_tax_is_no_inflow_under_the_agreement():
    """Analytic: inflow = 0.5 x (0.05 x 1e9 + 1e7) = 3.0e7 per producing year; the host's
    state take still holds the profit tax, 0.05e9 + 0.18 x 0.30 x 1e9 + 1e7 = 1.14e8."""
    res = deal.simulate_deal(_spec())
    assert res["inflow_basis"] == "royalties-and-fees"
    assert res["fund_inflow"][0, 0] == pytest.approx(3.0e7)
    assert res["state_take"][0, 0] == pytest.approx(1.14e8)
    assert res["fund_inflow"][0, 10] == pytest.approx(0.0)


def test_old_state_take_basis_counts_profit_tax_and_roughly_doubles_inflows():
    """With profit tax (18 % of a 30 % margin = 5.4 % of revenue) beside a 5 % royalty, the
    old basis paid in 0.5 x (0.104e9 + 1e7) = 5.7e7/yr: 1.9 x the agreement's 3.0e7."""
    old = deal.simulate_deal(_spec(inflow_basis="state-take"))
    new = deal.simulate_deal(_spec())
    assert old["fund_inflow"][0, 0] == pytest.approx(5.7e7)
    assert old["fund_inflow"][0, 0] / new["fund_inflow"][0, 0] == pytest.approx(1.9)


def test_unknown_basis_and_yaml_key(tmp_path):
    with pytest.raises(ValueError, match="unknown inflow basis"):
        deal.simulate_deal(_spec(inflow_basis="everything"))
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "fund_share: 0.5\nstart_year: 2025\nhorizon_years: 10\ndiscount_rate: 0.05\n"
        "inflow_basis: everything\n"
        "projects: [{licence_year: 2025, annual_revenue_usd: 1, life_years: 1}]\n"
    )
    with pytest.raises(ValueError, match=r"bad.yaml, top level, key 'inflow_basis'"):
        ec.load_deal_spec(bad)


def test_web_example_uses_the_agreement_basis():
    from pathlib import Path

    spec = ec.load_deal_spec(Path(web_init).parent / "deal_example.yaml")
    assert spec.inflow_basis == "royalties-and-fees"
    assert spec.fund_share == 0.5
    summary = ec.deal_summary(spec, deal.simulate_deal(spec))
    assert summary["terms"]["inflow_basis"] == "royalties-and-fees"
    assert summary["terms"]["reinvestment_years"] == 10


def test_project_lead_time_overrides_the_spec():
    """A developed mine (own lead time, fixed 2 yr) pays royalties from 2027; the spec's
    fixed 0 yr keeps the other producing from 2025 (analytic: 0.5 x 0.05 x 1e9 = 2.5e7/yr)."""
    quick = deal.Project("a", 2025, 1e9, 10, royalty_rate=0.05)
    slow = deal.Project(
        "b", 2025, 1e9, 10, royalty_rate=0.05, lead_time=deal.LeadTime(kind="fixed", value=2.0)
    )
    res = deal.simulate_deal(_spec(projects=(quick, slow)))
    assert res["fund_inflow"][0, 0] == pytest.approx(2.5e7)
    assert res["fund_inflow"][0, 2] == pytest.approx(5.0e7)
    assert res["lead_times"][0].tolist() == [0.0, 2.0]
