"""Shares, competition ranks and the HHI (assay.models.concentration).

Oracles: hand computation; the "1224" standard competition ranking; HHI definition of the
DOJ/FTC 2023 Merger Guidelines (sum of squared percent shares, 0-10,000).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from assay.models.concentration import competition_ranks, hhi, hhi_band, shares


def test_shares_of_a_published_total_and_of_the_sum():
    assert shares([270_000, 45_000], 390_000).tolist() == pytest.approx(
        [100 * 270_000 / 390_000, 100 * 45_000 / 390_000]
    )
    assert shares([1.0, 3.0]).tolist() == [25.0, 75.0]
    assert np.isnan(shares([1.0, 2.0], 0.0)).all()
    out = shares([1.0, np.nan], 4.0)
    assert out[0] == 25.0 and np.isnan(out[1])


def test_competition_ranks_share_ties_and_skip():
    # MCS 2023 rare-earth reserves [t REO]: China, Vietnam, Brazil, Russia, India
    values = [44e6, 22e6, 21e6, 21e6, 6.9e6]
    assert competition_ranks(values).tolist() == [1, 2, 3, 3, 5]
    assert competition_ranks([5, 5, 5]).tolist() == [1, 1, 1]
    ranks = competition_ranks([3.0, np.nan, 7.0])
    assert ranks[0] == 2 and ranks[2] == 1 and math.isnan(ranks[1])
    assert competition_ranks([]).size == 0


def test_hhi_matches_hand_computation():
    # 50 % + 30 % + 20 %: 2500 + 900 + 400 = 3800
    assert hhi([50, 30, 20]) == pytest.approx(3800.0)
    assert hhi([100]) == 10_000.0
    assert hhi([10] * 10) == pytest.approx(1000.0)
    assert hhi([50, np.nan, 50]) == pytest.approx(5000.0)
    assert math.isnan(hhi([]))


def test_hhi_bands_doj_1982_and_2023_threshold():
    assert hhi_band(999.0) == "unconcentrated"
    assert hhi_band(1000.0) == "moderately concentrated"
    assert hhi_band(1800.0) == "moderately concentrated"
    assert hhi_band(1800.1) == "highly concentrated"
    assert hhi_band(float("nan")) == "unknown"


def test_competition_ranks_match_scipy_rankdata_min():
    """Independent implementation: scipy.stats.rankdata(-x, method='min')."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from scipy.stats import rankdata

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=30))
    def check(values):
        expected = rankdata([-v for v in values], method="min")
        assert competition_ranks(values).tolist() == expected.tolist()

    check()
