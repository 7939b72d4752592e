"""Supervised prospectivity: logistic regression and a random-forest ensemble (scikit-learn)
trained on deposit cells against sampled background cells, assessed by spatial block
cross-validation.

Random k-fold cross-validation overstates skill on maps because neighbouring cells carry
nearly the same evidence; blocking the folds by space keeps whole blocks out of training
(Roberts et al. 2017, Cross-validation strategies for data with temporal, spatial,
hierarchical, or phylogenetic structure, *Ecography* 40, 913-929,
doi:10.1111/ecog.02881; Valavi et al. 2019, blockCV, *Methods Ecol. Evol.* 10, 225-232).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MODELS = ("logistic", "forest")


@dataclass(frozen=True)
class TrainingSet:
    """Cells used to train a model.

    Attributes
    ----------
    features : numpy.ndarray
        (n, p) evidence values at the cells.
    labels : numpy.ndarray
        1 at deposit cells, 0 at background cells.
    rows, cols : numpy.ndarray
        Grid cell of each sample.
    """

    features: np.ndarray
    labels: np.ndarray
    rows: np.ndarray
    cols: np.ndarray


def training_set(
    layers: list[np.ndarray],
    valid: np.ndarray,
    deposit_rows: np.ndarray,
    deposit_cols: np.ndarray,
    n_background: int = 2000,
    exclusion_cells: int = 0,
    seed: int = 0,
) -> TrainingSet:
    """Deposit cells (each once) as positives and random valid cells as background.

    Parameters
    ----------
    layers : list of numpy.ndarray
        Evidence grids (same shape), continuous or class values.
    valid : numpy.ndarray
        Cells with data in every layer.
    deposit_rows, deposit_cols : numpy.ndarray
        Cells holding deposits.
    n_background : int
        Background cells to sample (without replacement).
    exclusion_cells : int
        Background cells are kept at least this many cells (Chebyshev distance) from any
        deposit.
    seed : int
        Random seed.
    """
    valid = np.asarray(valid, bool)
    rows = np.asarray(deposit_rows, np.int64)
    cols = np.asarray(deposit_cols, np.int64)
    keep = valid[rows, cols]
    cell_ids = np.unique(rows[keep] * valid.shape[1] + cols[keep])
    pos_r, pos_c = np.divmod(cell_ids, valid.shape[1])
    if len(cell_ids) == 0:
        raise ValueError("no deposit falls on a cell with data in every layer")
    candidates = valid.copy()
    if exclusion_cells > 0:
        from scipy.ndimage import binary_dilation

        near = np.zeros_like(valid)
        near[pos_r, pos_c] = True
        near = binary_dilation(near, iterations=exclusion_cells, structure=np.ones((3, 3), bool))
        candidates &= ~near
    else:
        candidates[pos_r, pos_c] = False
    flat = np.flatnonzero(candidates)
    if len(flat) == 0:
        raise ValueError("no background cells left to sample")
    rng = np.random.default_rng(seed)
    pick = rng.choice(flat, size=min(n_background, len(flat)), replace=False)
    neg_r, neg_c = np.divmod(pick, valid.shape[1])
    all_r = np.concatenate([pos_r, neg_r])
    all_c = np.concatenate([pos_c, neg_c])
    features = np.column_stack([np.asarray(layer, np.float64)[all_r, all_c] for layer in layers])
    labels = np.concatenate([np.ones(len(pos_r), np.int8), np.zeros(len(neg_r), np.int8)])
    return TrainingSet(features=features, labels=labels, rows=all_r, cols=all_c)


def spatial_blocks(
    rows: np.ndarray, cols: np.ndarray, block_cells: int, n_folds: int, seed: int = 0
) -> np.ndarray:
    """Fold number (0..n_folds−1) of each sample: square blocks of ``block_cells`` cells are
    assigned to folds at random, so that all samples of a block share a fold."""
    if block_cells < 1:
        raise ValueError("block size must be at least one cell")
    block_r = np.asarray(rows) // block_cells
    block_c = np.asarray(cols) // block_cells
    block_id = block_r * (int(block_c.max()) + 1) + block_c
    blocks, inverse = np.unique(block_id, return_inverse=True)
    if len(blocks) < n_folds:
        raise ValueError(
            f"only {len(blocks)} spatial blocks hold samples; use smaller blocks or fewer folds"
        )
    rng = np.random.default_rng(seed)
    fold_of_block = rng.permutation(np.arange(len(blocks)) % n_folds)
    return fold_of_block[inverse]


def make_model(kind: str, seed: int = 0, n_estimators: int = 200):
    """A scikit-learn pipeline: standardised logistic regression, or a random forest
    (Breiman 2001, *Machine Learning* 45, 5-32) with balanced class weights."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "logistic":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, C=1e6))
    if kind == "forest":
        return RandomForestClassifier(
            n_estimators=n_estimators,
            min_samples_leaf=2,
            class_weight="balanced",
            random_state=seed,
            n_jobs=1,
        )
    raise ValueError(f"model must be one of {', '.join(MODELS)}, got {kind!r}")


@dataclass
class CrossValidation:
    """Results of spatial block cross-validation.

    Attributes
    ----------
    fold_auc : list of float
        AUC [-] of each held-out fold (NaN where a fold lacks a class).
    mean_auc : float
        Mean over folds with both classes [-].
    folds : numpy.ndarray
        Fold of each training sample.
    """

    fold_auc: list[float]
    mean_auc: float
    folds: np.ndarray = field(repr=False)


def cross_validate(
    data: TrainingSet,
    kind: str,
    block_cells: int,
    n_folds: int = 5,
    seed: int = 0,
    n_estimators: int = 200,
) -> CrossValidation:
    """Spatial block k-fold cross-validation of a model on ``data``."""
    from sklearn.metrics import roc_auc_score

    folds = spatial_blocks(data.rows, data.cols, block_cells, n_folds, seed)
    aucs: list[float] = []
    for f in range(n_folds):
        test = folds == f
        train = ~test
        if len(np.unique(data.labels[train])) < 2 or len(np.unique(data.labels[test])) < 2:
            aucs.append(float("nan"))
            continue
        model = make_model(kind, seed, n_estimators)
        model.fit(data.features[train], data.labels[train])
        score = model.predict_proba(data.features[test])[:, 1]
        aucs.append(float(roc_auc_score(data.labels[test], score)))
    finite = [a for a in aucs if np.isfinite(a)]
    return CrossValidation(
        fold_auc=aucs, mean_auc=float(np.mean(finite)) if finite else float("nan"), folds=folds
    )


def fit(data: TrainingSet, kind: str, seed: int = 0, n_estimators: int = 200):
    """Fit a model on all training samples."""
    model = make_model(kind, seed, n_estimators)
    model.fit(data.features, data.labels)
    return model


def predict_surface(
    model, layers: list[np.ndarray], valid: np.ndarray, chunk: int = 500_000
) -> np.ndarray:
    """Predicted probability [-] of the deposit class at every valid cell (NaN elsewhere),
    in chunks of ``chunk`` cells to bound memory.

    Note: with sampled background the probability is relative (it depends on the ratio of
    deposits to background samples); rank and AUC are what it is for.
    """
    valid = np.asarray(valid, bool)
    idx = np.flatnonzero(valid)
    out = np.full(valid.size, np.nan)
    flat_layers = [np.asarray(layer).ravel() for layer in layers]
    for start in range(0, len(idx), chunk):
        part = idx[start : start + chunk]
        x = np.column_stack([fl[part].astype(np.float64) for fl in flat_layers])
        out[part] = model.predict_proba(x)[:, 1]
    return out.reshape(valid.shape)


def coefficients(model) -> dict[str, np.ndarray] | None:
    """Intercept and coefficients of a fitted logistic model on the original feature scale
    (None for other models)."""
    from sklearn.pipeline import Pipeline

    if not isinstance(model, Pipeline):
        return None
    scaler, lr = model[0], model[-1]
    coef = lr.coef_[0] / scaler.scale_
    intercept = lr.intercept_[0] - np.sum(lr.coef_[0] * scaler.mean_ / scaler.scale_)
    return {"intercept": np.array([intercept]), "coefficients": coef}


def feature_importance(model) -> np.ndarray | None:
    """Impurity importances of a fitted forest (None for other models)."""
    return getattr(model, "feature_importances_", None)
