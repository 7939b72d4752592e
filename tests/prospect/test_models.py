"""Fuzzy overlay, reclassification, evaluation curves and supervised models.

Oracles: closed forms worked by hand (Bonham-Carter 1994 §9.5 for the fuzzy operators),
brute-force enumeration (Jenks), scikit-learn's roc_auc_score (independent AUC), and the
logistic-regression score equations (analytic optimum)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from assay.models.prospectivity import evaluation as ev
from assay.models.prospectivity import fuzzy
from assay.models.prospectivity import reclassify as rc
from assay.models.prospectivity import supervised as sv


def test_fuzzy_operators_by_hand():
    """Memberships 0.8 and 0.5: AND 0.5, OR 0.8, product 0.4, sum 1 − 0.2·0.5 = 0.9,
    gamma(0.5) = √(0.9·0.4) = 0.6."""
    a, b = np.array([0.8]), np.array([0.5])
    assert fuzzy.fuzzy_and([a, b])[0] == pytest.approx(0.5)
    assert fuzzy.fuzzy_or([a, b])[0] == pytest.approx(0.8)
    assert fuzzy.fuzzy_product([a, b])[0] == pytest.approx(0.4)
    assert fuzzy.fuzzy_sum([a, b])[0] == pytest.approx(0.9)
    assert fuzzy.fuzzy_gamma([a, b], 0.5)[0] == pytest.approx(0.6)
    assert fuzzy.fuzzy_gamma([a, b], 1.0)[0] == pytest.approx(0.9)
    assert fuzzy.fuzzy_gamma([a, b], 0.0)[0] == pytest.approx(0.4)
    assert np.isnan(fuzzy.fuzzy_and([np.array([np.nan]), b])[0])
    with pytest.raises(ValueError, match="outside"):
        fuzzy.fuzzy_and([np.array([1.5]), b])
    with pytest.raises(ValueError, match="gamma"):
        fuzzy.fuzzy_gamma([a, b], 1.5)


def test_membership_functions_by_hand():
    """Linear: 2500 m between 0 and 5000 is 0.5; large/small at the midpoint are 0.5;
    gaussian at the midpoint is 1."""
    assert fuzzy.membership_linear(np.array([2500.0]), 0, 5000)[0] == pytest.approx(0.5)
    assert fuzzy.membership_linear(np.array([2500.0]), 5000, 0)[0] == pytest.approx(0.5)
    assert fuzzy.membership_linear(np.array([-1.0, 9e9]), 0, 5000).tolist() == [0.0, 1.0]
    assert fuzzy.membership_large(np.array([200.0]), 200, 5)[0] == pytest.approx(0.5)
    assert fuzzy.membership_small(np.array([200.0]), 200, 5)[0] == pytest.approx(0.5)
    assert fuzzy.membership_gaussian(np.array([3.0]), 3.0, 0.1)[0] == pytest.approx(1.0)


def test_natural_breaks_equal_brute_force():
    """Oracle: exhaustive search over all 3-class partitions of 12 sorted values for the
    minimum within-class sum of squares (Fisher 1958)."""
    x = np.array([1.0, 1.3, 2.0, 2.2, 5.0, 5.1, 5.9, 6.0, 9.0, 9.5, 10.0, 30.0])
    best, best_cost = None, np.inf
    for i, j in itertools.combinations(range(1, len(x)), 2):
        parts = [x[:i], x[i:j], x[j:]]
        cost = sum(((p - p.mean()) ** 2).sum() for p in parts)
        if cost < best_cost:
            best, best_cost = (x[i - 1], x[j - 1]), cost
    np.testing.assert_allclose(rc.natural_breaks(x, 3), best)


def test_quantile_equal_and_explicit_bins():
    x = np.arange(1, 101, dtype=float)
    classes, breaks = rc.reclassify(x, "quantile", 4)
    assert np.bincount(classes)[1:].tolist() == [25, 25, 25, 25]
    classes, breaks = rc.reclassify(x, "equal", 3)
    np.testing.assert_allclose(breaks, [34.0, 67.0])
    classes, _ = rc.reclassify(np.array([0.5, 1.0, 1.5, np.nan]), "bins", breaks=[1.0])
    assert classes.tolist() == [1, 1, 2, 0]


def test_auc_equals_sklearn_with_ties():
    """Oracle: sklearn.metrics.roc_auc_score (trapezoid ROC = Mann-Whitney with ties 1/2)."""
    rng = np.random.default_rng(1)
    pres = rng.integers(0, 5, 40).astype(float)
    absn = rng.integers(0, 4, 400).astype(float)
    y = np.r_[np.ones(40), np.zeros(400)]
    assert ev.auc(pres, absn) == pytest.approx(roc_auc_score(y, np.r_[pres, absn]), abs=1e-12)
    roc = ev.roc_curve(pres, absn)
    assert np.trapezoid(roc["true_positive_rate"], roc["false_positive_rate"]) == pytest.approx(
        ev.auc(pres, absn), abs=1e-12
    )


def test_success_rate_and_prediction_area_by_hand():
    """A 10x10 surface equal to the column index, deposits in columns 9, 9, 8 and 0: the top
    10% of the area (column 9) holds 2 of the 4 deposits."""
    surface = np.tile(np.arange(10, dtype=float), (10, 1))
    valid = np.ones_like(surface, bool)
    rows, cols = np.array([0, 5, 3, 2]), np.array([9, 9, 8, 0])
    src = ev.success_rate_curve(surface, valid, rows, cols)
    assert src["area_fraction"].iloc[1] == pytest.approx(0.1)
    assert src["deposit_fraction"].iloc[1] == pytest.approx(0.5)
    assert src["deposit_fraction"].iloc[-1] == pytest.approx(1.0)
    pa = ev.prediction_area(surface, valid, rows, cols, n_thresholds=10)
    # at threshold t (integer), area share = (10 - t)/10 and prediction rate counts cols >= t
    assert pa.curve["area_fraction"].iloc[9] == pytest.approx(0.1)
    assert pa.curve["prediction_rate"].iloc[9] == pytest.approx(0.5)
    assert 0 < pa.intersection_prediction_rate < 1


def test_spatial_blocks_keep_blocks_in_one_fold():
    """No spatial block is split between folds (the leak that blocking prevents)."""
    rng = np.random.default_rng(0)
    rows, cols = rng.integers(0, 100, 500), rng.integers(0, 100, 500)
    folds = sv.spatial_blocks(rows, cols, 10, 5, seed=1)
    block = (rows // 10) * 100 + cols // 10
    for b in np.unique(block):
        assert len(np.unique(folds[block == b])) == 1
    assert set(np.unique(folds)) == set(range(5))


def _synthetic(seed=0):
    rng = np.random.default_rng(seed)
    n = 120
    signal = np.add.outer(np.linspace(0, 1, n), np.linspace(0, 1, n))  # trend to the SE
    noise = rng.random((n, n))
    prob = 1 / (1 + np.exp(-(8 * signal - 12)))
    deposits = np.argwhere(rng.random((n, n)) < prob * 0.05)
    return [signal, noise], np.ones((n, n), bool), deposits[:, 0], deposits[:, 1]


def test_logistic_regression_satisfies_score_equations():
    """Oracle: at the (practically unpenalised) maximum-likelihood fit, Xᵀ(y − p) = 0."""
    layers, valid, r, c = _synthetic()
    data = sv.training_set(layers, valid, r, c, n_background=1500, seed=2)
    model = sv.fit(data, "logistic")
    p = model.predict_proba(data.features)[:, 1]
    x = np.column_stack([np.ones(len(p)), data.features])
    grad = x.T @ (data.labels - p)
    assert np.max(np.abs(grad)) < 1e-2 * len(p) ** 0.5
    coefs = sv.coefficients(model)
    assert coefs["coefficients"][0] > 0  # the signal layer raises the odds


@pytest.mark.parametrize("kind", ["logistic", "forest"])
def test_block_cv_finds_the_signal(kind):
    """A surface with a real trend: block-CV AUC is well above 0.5 (fixed seed; tolerance:
    > 0.7 against an expected ~0.85), and the surface ranks deposits above background."""
    layers, valid, r, c = _synthetic()
    data = sv.training_set(layers, valid, r, c, n_background=800, seed=3)
    cv = sv.cross_validate(data, kind, block_cells=20, n_folds=4, seed=0, n_estimators=50)
    assert cv.mean_auc > 0.7
    model = sv.fit(data, kind, seed=0, n_estimators=50)
    surface = sv.predict_surface(model, layers, valid, chunk=5000)
    pres, absn = ev.presence_absence(surface, valid, r, c)
    assert ev.auc(pres, absn) > 0.7


def test_training_set_exclusion_zone():
    layers, valid, r, c = _synthetic()
    data = sv.training_set(layers, valid, r, c, n_background=300, exclusion_cells=2, seed=0)
    neg = data.labels == 0
    dist = np.min(
        np.maximum(
            np.abs(data.rows[neg][:, None] - r[None]), np.abs(data.cols[neg][:, None] - c[None])
        ),
        axis=1,
    )
    assert dist.min() > 2
