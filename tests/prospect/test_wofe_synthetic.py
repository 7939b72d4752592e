"""Weights of evidence on small hand-made grids.

Oracle: the closed forms of Bonham-Carter (1994, ch. 9) worked by hand in each test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from assay.models.prospectivity import weights_of_evidence as wofe


def _counts(classes, points_rc, valid=None, extra_outside=0):
    classes = np.asarray(classes)
    valid = np.ones(classes.shape, bool) if valid is None else valid
    rows = np.array([r for r, _ in points_rc] + [0] * extra_outside)
    cols = np.array([c for _, c in points_rc] + [0] * extra_outside)
    inside = np.array([True] * len(points_rc) + [False] * extra_outside)
    return wofe.count_classes(classes, valid, rows, cols, inside)


def test_binary_weights_by_hand():
    """10x10 grid of 1 km² cells, pattern B = left 20 cells holding 3 of 5 points.

    Hand: N(T)=100, N(D)=5, N(B)=20, N(B∩D)=3.
    W+ = ln((3/5)/(17/95)), W− = ln((2/5)/(78/95)), s²(W+) = 1/3 + 1/17,
    s²(W−) = 1/2 + 1/78.
    """
    grid = np.ones((10, 10), dtype=np.int32)
    grid[:, :2] = 2
    points = [(0, 0), (5, 1), (9, 0), (3, 5), (7, 7)]
    table = wofe.weights_table(_counts(grid, points), cell_area_km2=1.0, weight_type="unique")
    row = table.set_index("class").loc[2]
    assert row["w_plus"] == pytest.approx(math.log((3 / 5) / (17 / 95)), rel=1e-12)
    assert row["w_minus"] == pytest.approx(math.log((2 / 5) / (78 / 95)), rel=1e-12)
    assert row["s_w_plus"] == pytest.approx(math.sqrt(1 / 3 + 1 / 17), rel=1e-12)
    assert row["s_w_minus"] == pytest.approx(math.sqrt(1 / 2 + 1 / 78), rel=1e-12)
    c = row["w_plus"] - row["w_minus"]
    assert row["contrast"] == pytest.approx(c, rel=1e-12)
    sc = math.sqrt(1 / 3 + 1 / 17 + 1 / 2 + 1 / 78)
    assert row["studentized_contrast"] == pytest.approx(c / sc, rel=1e-12)
    # the two classes are complements: W+ of one is W− of the other
    other = table.set_index("class").loc[1]
    assert other["w_plus"] == pytest.approx(row["w_minus"], rel=1e-12)
    assert table.attrs["total_area_units"] == 100


def test_unit_area_scales_counts():
    """Oracle: with 0.01 km² cells and a 1 km² unit, N(T) = cells/100 (ArcSDM unit cells);
    a 0.5 km² unit doubles it."""
    grid = np.ones((100, 100), dtype=np.int32)
    grid[:30] = 2
    pts = [(i, i) for i in range(0, 60, 6)]
    t1 = wofe.weights_table(_counts(grid, pts), 0.01, "unique", unit_area_km2=1.0)
    t2 = wofe.weights_table(_counts(grid, pts), 0.01, "unique", unit_area_km2=0.5)
    assert t1.attrs["total_area_units"] == pytest.approx(100.0)
    assert t2.attrs["total_area_units"] == pytest.approx(200.0)
    # W+ = ln[(5/10)/((30-5)/(100-10))] for class 2 (rows 0-29 hold points at 0,6,...,24)
    assert t1.set_index("class").loc[2, "w_plus"] == pytest.approx(
        math.log(0.5 / (25 / 90)), rel=1e-12
    )


def test_cumulative_ascending_and_generalisation():
    """Classes 1..4 in columns; ascending patterns are class ≤ c (Bonham-Carter 1994 §9.3).
    Hand: pattern ≤2 covers 50 of 100 cells with 4 of 5 points; the generalised weights are
    the W+ / W− of the row of maximum contrast."""
    grid = np.repeat(np.arange(1, 5), 25).reshape(10, 10)
    pts = [(0, 0), (1, 5), (2, 0), (4, 3), (9, 9)]
    counts = _counts(grid.astype(np.int32), pts)
    table = wofe.weights_table(counts, 1.0, "ascending", studentized_contrast_threshold=0.0)
    row2 = table.set_index("class").loc[2]
    assert row2["area_units"] == 50
    assert row2["points"] == 4
    assert row2["w_plus"] == pytest.approx(math.log((4 / 5) / (46 / 95)), rel=1e-12)
    cut = int(np.argmax(table["contrast"]))
    assert (table["gen_class"][: cut + 1] == 2).all()
    assert (table["gen_class"][cut + 1 :] == 1).all()
    assert table["weight"][0] == pytest.approx(table["w_plus"][cut])
    desc = wofe.weights_table(counts, 1.0, "descending", studentized_contrast_threshold=0.0)
    assert list(desc["class"]) == [4, 3, 2, 1]
    # descending pattern ≥3 is the complement of ascending ≤2: W+ swaps with W−
    assert desc.set_index("class").loc[3, "w_plus"] == pytest.approx(row2["w_minus"], rel=1e-12)


def test_threshold_not_reached_gives_999():
    """ArcSDM / GA: when no studentized contrast reaches the threshold every row gets
    generalised class 999 and weight 0."""
    grid = np.ones((10, 10), dtype=np.int32)
    grid[:, 5:] = 2
    pts = [(0, 0), (0, 9)]
    table = wofe.weights_table(
        _counts(grid, pts), 1.0, "ascending", studentized_contrast_threshold=2.0
    )
    assert (table["gen_class"] == wofe.NO_SIGNIFICANT_CLASS).all()
    assert (table["weight"] == 0).all()


def test_classes_without_points_get_zero_and_nodata_points_count_in_nd():
    """Reference convention: empty classes carry 0 in every weight column, and deposits on
    nodata / outside still count in N(D) (GA CalculateWeights.R uses nrow(deposits))."""
    grid = np.ones((10, 10), dtype=np.int32)
    grid[0, :] = 3
    valid = np.ones((10, 10), bool)
    valid[9, 9] = False
    counts = _counts(grid, [(5, 5), (9, 9)], valid=valid, extra_outside=1)
    assert counts.total_points == 3
    assert counts.points_outside == 2
    table = wofe.weights_table(counts, 1.0, "unique")
    row3 = table.set_index("class").loc[3]
    assert (row3[["w_plus", "s_w_plus", "w_minus", "contrast", "studentized_contrast"]] == 0).all()
    # N(D)=3 in the formulas: class 1 holds 1 of 3 points on 89 of 99 cells
    row1 = table.set_index("class").loc[1]
    assert row1["w_plus"] == pytest.approx(math.log((1 / 3) / (88 / 96)), rel=1e-12)


def test_missing_data_class_is_left_out():
    grid = np.ones((10, 10), dtype=np.int32)
    grid[:, :3] = -99
    grid[:, 8:] = 2
    table = wofe.weights_table(
        _counts(grid, [(1, 9), (2, 5)]), 1.0, "unique", missing_data_value=-99
    )
    miss = table.set_index("class").loc[-99]
    assert miss["area_units"] == 0 and miss["w_plus"] == 0 and miss["gen_class"] == -99
    assert table.attrs["total_area_units"] == 70


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"unit_area_km2": 0}, "unit area"),
        ({"unit_area_km2": 50.0}, "unit cells"),
        ({"weight_type": "bogus"}, "weight type"),
    ],
)
def test_bad_parameters_raise(kwargs, message):
    grid = np.ones((10, 10), dtype=np.int32)
    grid[:5] = 2
    counts = _counts(grid, [(i, i) for i in range(5)])
    args = {"cell_area_km2": 1.0, "weight_type": "unique", **kwargs}
    with pytest.raises(wofe.WofEError, match=message):
        wofe.weights_table(counts, **args)


def test_float_classes_rejected():
    with pytest.raises(wofe.WofEError, match="integers"):
        wofe.count_classes(np.zeros((3, 3)), np.ones((3, 3), bool), np.array([0]), np.array([0]))


def test_posterior_single_binary_layer_by_hand():
    """Oracle: one binary layer, P on B = N(B∩D)/N(B) exactly (Bonham-Carter 1994, eq. 9-12:
    with one layer the posterior equals the conditional probability)."""
    grid = np.ones((10, 10), dtype=np.int32)
    grid[:, :2] = 2
    pts = [(0, 0), (5, 1), (9, 0), (3, 5), (7, 7)]
    table = wofe.weights_table(
        _counts(grid, pts), 1.0, "categorical", studentized_contrast_threshold=0.0
    )
    w, s = wofe.class_to_weight(grid, np.ones_like(grid, bool), table)
    resp = wofe.posterior_response([w], [s], 5, 100.0)
    assert resp.posterior[0, 0] == pytest.approx(3 / 20, rel=1e-12)
    assert resp.posterior[0, 5] == pytest.approx(2 / 80, rel=1e-12)
    # s(P) = P sqrt(1/N(D) + s²(W))
    expect = (3 / 20) * math.sqrt(1 / 5 + table.set_index("class").loc[2, "w_std"] ** 2)
    assert resp.std[0, 0] == pytest.approx(expect, rel=1e-12)
    # Agterberg-Cheng with one layer: T = n exactly
    ci = wofe.agterberg_cheng_test(resp, 1.0, 1.0, 5)
    assert ci.predicted == pytest.approx(5.0, rel=1e-12)
    assert ci.independent


def test_pairwise_chi2_by_hand():
    """Oracle: 2x2 table [[10, 0], [0, 10]] has chi² = 20 (expected 5 in each cell)."""
    a = np.array([1] * 10 + [2] * 10)
    b = np.array([1] * 10 + [2] * 10)
    res = wofe.pairwise_independence_test(a, b)
    assert res.chi2 == pytest.approx(20.0)
    assert res.dof == 1
    assert res.p_value < 1e-4


def test_generalize_categorical_lumps_weak_classes():
    """Classes below the threshold are lumped into class 99, whose weight is W+ of the union
    (hand: union of classes 1 and 3 = 80 cells with 1 of 5 points)."""
    grid = np.ones((10, 10), dtype=np.int32)
    grid[:, :2] = 2
    grid[:, 9] = 3
    pts = [(0, 0), (1, 0), (2, 1), (3, 1), (5, 5)]
    counts = _counts(grid, pts)
    table = wofe.weights_table(counts, 1.0, "unique")
    gen = wofe.generalize_categorical(table, studentized_contrast_threshold=1.0)
    g = gen.set_index("class")
    assert g.loc[2, "gen_class"] == 2
    assert g.loc[1, "gen_class"] == g.loc[3, "gen_class"] == wofe.OTHER_CLASS
    assert g.loc[1, "weight"] == pytest.approx(math.log((1 / 5) / (79 / 95)), rel=1e-12)
