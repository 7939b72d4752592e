"""Prospectivity you can trust: random vs spatial CV, PR-AUC, PU learning, weights of
evidence as a classifier, capture efficiency and conformal p-values."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.models.prospectivity import evaluation as ev
from assay.models.prospectivity import supervised as sv

from .test_cli import layers  # noqa: F401  (the fixture of small evidence rasters)
from .test_models import _synthetic


def _clustered(seed: int = 0):
    """Deposits in a few tight clusters, and evidence that only says where a cell is (its
    row and column): a model can memorise the clusters, which random folds reward (the
    neighbours of a held-out deposit are in training) and spatial blocks do not."""
    rng = np.random.default_rng(seed)
    n = 150
    yy, xx = np.mgrid[0:n, 0:n].astype(float)
    centres = rng.integers(10, n - 10, (8, 2))
    rows, cols = [], []
    for r, c in centres:
        for _ in range(12):
            rows.append(int(np.clip(r + rng.normal(0, 2), 0, n - 1)))
            cols.append(int(np.clip(c + rng.normal(0, 2), 0, n - 1)))
    return [yy, xx], np.ones((n, n), bool), np.array(rows), np.array(cols)


def test_random_split_flatters_clustered_deposits():
    """Clustered deposits, location-only evidence: random folds score a forest far above
    spatial blocks (the optimism of Roberts et al. 2017, Ecography 40, 913-929)."""
    grids, valid, r, c = _clustered(1)
    data = sv.training_set(grids, valid, r, c, n_background=1500, seed=0)
    spatial = sv.cross_validate(data, "forest", 25, 5, 0, 60, scheme="spatial")
    random = sv.cross_validate(data, "forest", 25, 5, 0, 60, scheme="random")
    assert random.mean_auc > 0.9
    assert random.mean_auc > spatial.mean_auc + 0.2
    assert len(random.fold_pr_auc) == 5 and np.isfinite(random.sd_auc)


def test_random_folds_are_balanced():
    folds = sv.random_folds(103, 5, seed=2)
    counts = np.bincount(folds)
    assert counts.max() - counts.min() <= 1 and counts.sum() == 103


@pytest.mark.parametrize("kind", ["boosting", "wofe"])
def test_new_models_find_the_signal(kind):
    """Gradient boosting and WofE-as-classifier score the synthetic trend well above 0.5
    under spatial blocks (fixed seed; > 0.7 against ~0.85 for the forest)."""
    grids, valid, r, c = _synthetic()
    data = sv.training_set(grids, valid, r, c, n_background=800, seed=3)
    cv = sv.cross_validate(data, kind, block_cells=20, n_folds=4, seed=0, n_estimators=50)
    assert cv.mean_auc > 0.7
    assert cv.mean_pr_auc > data.labels.mean()  # above a random ranking


def test_wofe_classifier_weights_by_hand():
    """Oracle: one binary feature; W+ = ln((a + .5)/(P + 1) / ((b + .5)/(B + 1))) for the
    class holding a of P positives and b of B background (Bonham-Carter 1994, weights of
    evidence, with 0.5 added to each count)."""
    x = np.array([[0.0]] * 6 + [[1.0]] * 14)
    y = np.array([1, 1, 1, 0, 0, 0] + [1] + [0] * 13)
    model = sv.WofEClassifier(classes=2).fit(x, y)
    # classes: x < edge (6 cells: 3 pos, 3 neg) and x >= edge (14: 1 pos, 13 neg)
    w_high = np.log(((1 + 0.5) / (4 + 1)) / ((13 + 0.5) / (16 + 1)))
    w_low = np.log(((3 + 0.5) / (4 + 1)) / ((3 + 0.5) / (16 + 1)))
    assert model.weights_[0][-1] == pytest.approx(w_high)
    assert model.weights_[0][0] == pytest.approx(w_low)
    p = model.predict_proba(np.array([[0.0], [1.0]]))[:, 1]
    assert p[0] > p[1]


def test_bagging_pu_ranks_like_supervised_on_clean_labels():
    grids, valid, r, c = _synthetic()
    data = sv.training_set(grids, valid, r, c, n_background=800, seed=3)
    cv = sv.cross_validate(data, "logistic", 20, 4, 0, 100, pu=True)
    assert cv.mean_auc > 0.7


def test_conformal_p_values_are_valid():
    """Oracle: exchangeability. For cells drawn like the calibration cells, p-values of the
    true label are (super-)uniform: P(p <= alpha) <= alpha, per class (Vovk et al. 2005)."""
    rng = np.random.default_rng(0)
    n = 4000
    labels = rng.random(n) < 0.2
    scores = rng.normal(labels * 1.5, 1.0)
    cal, test = slice(0, n // 2), slice(n // 2, n)
    p1, p0 = sv.conformal_p_values(scores[cal], labels[cal], scores[test])
    for p, cls in ((p1, True), (p0, False)):
        truth = labels[test] == cls
        for alpha in (0.05, 0.1, 0.2):
            assert np.mean(p[truth] <= alpha) <= alpha + 3 * np.sqrt(alpha / truth.sum())
    # a cell scoring above every calibration deposit has p1 = 1 (most conforming)
    p_top, _ = sv.conformal_p_values(scores[cal], labels[cal], np.array([99.0]))
    assert p_top[0] == pytest.approx(1.0)


def test_capture_efficiency_by_hand(tmp_path):
    from assay.analyses.prospectivity import _capture_efficiency

    surface = np.arange(100, dtype=float).reshape(10, 10)  # 100 cells, scores 0..99
    deposits = np.array([99.0, 98.0, 50.0, 10.0])
    capture, path = _capture_efficiency(surface, deposits, tmp_path / "c.csv")
    assert capture["top_1pct_area"] == 0.25  # the top cell holds one of four deposits
    assert capture["top_5pct_area"] == 0.5
    assert capture["top_50pct_area"] == 0.75
    assert path.is_file()


def test_model_cli_reports_trust_figures(layers, tmp_path):  # noqa: F811
    res = CliRunner().invoke(
        get_app(),
        ["prospect", "model", "-e", str(layers["a"]), "-e", str(layers["b"]),
         "-d", str(layers["deposits"]), "--out", str(tmp_path / "m"), "--method", "wofe",
         "--block-km", "1", "--folds", "3", "--background", "500", "--json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["cv"] == "spatial"  # the default
    assert len(data["cv_pr_auc"]) == 3 and "sd_cv_auc" in data
    assert set(data["capture"]) >= {"top_10pct_area"}
    assert data["conformal"]["alpha"] == 0.1
    assert data["manifest"]["command"] == "prospect model"
    assert data["manifest"]["inputs"]["deposits"]["sha256"]
    from assay.importers import geodata as gd

    sets = gd.read_raster(data["outputs"]["prediction_set"])
    assert set(np.unique(sets.data[sets.valid])) <= {0, 1, 2, 3}
    assert ev.auc is not None


def test_every_prospect_json_has_a_manifest(layers, tmp_path):  # noqa: F811
    """weights, auc and fuzzy runs carry a manifest with the inputs' SHA-256 (oracle:
    hashlib) and their parameters."""
    import hashlib

    runner = CliRunner()
    app = get_app()
    res = runner.invoke(app, ["prospect", "weights", "-e", str(layers["classes"]), "-d",
                              str(layers["deposits"]), "--type", "unique", "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    manifest = json.loads(res.stdout)["manifest"]
    assert manifest["command"] == "prospect weights"
    digest = hashlib.sha256(layers["classes"].read_bytes()).hexdigest()
    assert manifest["inputs"]["evidence"]["sha256"] == digest
    assert manifest["parameters"]["weight_type"] == "unique"
    out = tmp_path / "f.tif"
    res = runner.invoke(app, ["prospect", "fuzzy", "-i", str(layers["a"]), "--membership",
                              "linear:0:1", "--out", str(out), "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["manifest"]["command"] == "prospect fuzzy"
