"""Supervised prospectivity: logistic regression and a random-forest ensemble (scikit-learn)
trained on deposit cells against sampled background cells, assessed by spatial block
cross-validation.

Random k-fold cross-validation overstates skill on maps because neighbouring cells carry
nearly the same evidence; blocking the folds by space keeps whole blocks out of training
(Roberts et al. 2017, Cross-validation strategies for data with temporal, spatial,
hierarchical, or phylogenetic structure, *Ecography* 40, 913-929,
doi:10.1111/ecog.02881; Valavi et al. 2019, blockCV, *Methods Ecol. Evol.* 10, 225-232).
Spatial blocks are the default; random k-fold is kept to measure how much it flatters.

Models: logistic regression, random forest, gradient boosting (scikit-learn's histogram
gradient boosting; Friedman 2001, *Ann. Stat.* 29, 1189-1232) and weights of evidence used as
a classifier (:class:`WofEClassifier`: per-layer quantile classes, categorical weights from
the training cells; Bonham-Carter 1994, *Geographic Information Systems for Geoscientists*,
ch. 9). Any of them can be wrapped in bagging positive-unlabelled learning
(:class:`BaggingPU`; Mordelet and Vert 2014, *Pattern Recognit. Lett.* 37, 201-209), which
treats the background as unlabelled rather than as known absences.

Each fold reports ROC-AUC and PR-AUC (average precision; Davis and Goadrich 2006, ICML,
233-240), whose spread over spatial folds is reported beside their mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MODELS = ("logistic", "forest", "boosting", "wofe")
CV_SCHEMES = ("spatial", "random")


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
    if kind == "boosting":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(
            max_iter=n_estimators, learning_rate=0.05, class_weight="balanced", random_state=seed
        )
    if kind == "wofe":
        return WofEClassifier()
    raise ValueError(f"model must be one of {', '.join(MODELS)}, got {kind!r}")


class WofEClassifier:
    """Weights of evidence as a classifier: each feature cut into ``classes`` quantile
    classes of the training cells; per class W = ln(P(class | deposit) / P(class |
    background)) with 0.5 added to every count (empty classes); the logit of a cell is the
    training prior's logit plus the sum of its classes' weights (conditional independence,
    Bonham-Carter 1994, ch. 9)."""

    def __init__(self, classes: int = 10) -> None:
        self.classes = classes

    def fit(self, x: np.ndarray, y: np.ndarray) -> WofEClassifier:
        x = np.asarray(x, float)
        y = np.asarray(y).astype(bool)
        self.edges_ = []
        self.weights_ = []
        for j in range(x.shape[1]):
            edges = np.unique(np.quantile(x[:, j], np.linspace(0, 1, self.classes + 1)[1:-1]))
            k = np.searchsorted(edges, x[:, j], side="right")
            n = len(edges) + 1
            pos = np.bincount(k[y], minlength=n) + 0.5
            neg = np.bincount(k[~y], minlength=n) + 0.5
            self.edges_.append(edges)
            self.weights_.append(np.log((pos / pos.sum()) / (neg / neg.sum())))
        prior = (y.sum() + 0.5) / (len(y) + 1.0)
        self.prior_logit_ = float(np.log(prior / (1 - prior)))
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, float)
        logit = np.full(len(x), self.prior_logit_)
        for j, (edges, w) in enumerate(zip(self.edges_, self.weights_, strict=True)):
            logit += w[np.searchsorted(edges, x[:, j], side="right")]
        p = 1.0 / (1.0 + np.exp(-logit))
        return np.column_stack([1 - p, p])


class BaggingPU:
    """Bagging positive-unlabelled learning (Mordelet and Vert 2014): ``n_bags`` times, the
    positives against a bootstrap sample (as many as positives) of the unlabelled cells;
    the score of a cell is the mean over the bags' models (out-of-bag for the unlabelled
    training cells when scoring the training set is not needed)."""

    def __init__(self, kind: str, n_bags: int = 25, seed: int = 0, n_estimators: int = 100):
        self.kind, self.n_bags, self.seed, self.n_estimators = kind, n_bags, seed, n_estimators

    def fit(self, x: np.ndarray, y: np.ndarray) -> BaggingPU:
        x = np.asarray(x, float)
        y = np.asarray(y).astype(bool)
        positives, unlabelled = np.flatnonzero(y), np.flatnonzero(~y)
        if len(positives) == 0 or len(unlabelled) == 0:
            raise ValueError("PU learning needs positive and unlabelled cells")
        rng = np.random.default_rng(self.seed)
        self.models_ = []
        for b in range(self.n_bags):
            bag = rng.choice(unlabelled, size=len(positives), replace=True)
            rows = np.concatenate([positives, bag])
            labels = np.concatenate([np.ones(len(positives)), np.zeros(len(bag))]).astype(int)
            model = make_model(self.kind, self.seed + b, self.n_estimators)
            model.fit(x[rows], labels)
            self.models_.append(model)
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        p = np.mean([m.predict_proba(x)[:, 1] for m in self.models_], axis=0)
        return np.column_stack([1 - p, p])


def random_folds(n: int, n_folds: int, seed: int = 0) -> np.ndarray:
    """Fold of each of ``n`` samples for ordinary (non-spatial) k-fold: a random permutation
    dealt round-robin, so fold sizes differ by at most one."""
    folds = np.empty(n, dtype=np.int64)
    folds[np.random.default_rng(seed).permutation(n)] = np.arange(n) % n_folds
    return folds


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
    fold_pr_auc: list[float] = field(default_factory=list)
    scheme: str = "spatial"
    oof_scores: np.ndarray | None = field(default=None, repr=False)

    @property
    def sd_auc(self) -> float:
        """Standard deviation of the folds' ROC-AUC [-] (NaN folds left out)."""
        finite = [a for a in self.fold_auc if np.isfinite(a)]
        return float(np.std(finite, ddof=1)) if len(finite) > 1 else float("nan")

    @property
    def mean_pr_auc(self) -> float:
        finite = [a for a in self.fold_pr_auc if np.isfinite(a)]
        return float(np.mean(finite)) if finite else float("nan")

    @property
    def sd_pr_auc(self) -> float:
        finite = [a for a in self.fold_pr_auc if np.isfinite(a)]
        return float(np.std(finite, ddof=1)) if len(finite) > 1 else float("nan")


def build(kind: str, seed: int = 0, n_estimators: int = 200, pu: bool = False):
    """The model of ``kind``, wrapped in :class:`BaggingPU` when ``pu``."""
    if pu:
        return BaggingPU(kind, seed=seed, n_estimators=max(n_estimators // 4, 25))
    return make_model(kind, seed, n_estimators)


def cross_validate(
    data: TrainingSet,
    kind: str,
    block_cells: int,
    n_folds: int = 5,
    seed: int = 0,
    n_estimators: int = 200,
    scheme: str = "spatial",
    pu: bool = False,
) -> CrossValidation:
    """k-fold cross-validation of a model on ``data``: spatial blocks (default) or random
    folds; ROC-AUC and PR-AUC (average precision) per held-out fold."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    if scheme == "spatial":
        folds = spatial_blocks(data.rows, data.cols, block_cells, n_folds, seed)
    elif scheme == "random":
        folds = random_folds(len(data.labels), n_folds, seed)
    else:
        raise ValueError(f"cross-validation must be one of {', '.join(CV_SCHEMES)}")
    aucs: list[float] = []
    pr_aucs: list[float] = []
    oof = np.full(len(data.labels), np.nan)
    for f in range(n_folds):
        test = folds == f
        train = ~test
        if len(np.unique(data.labels[train])) < 2 or len(np.unique(data.labels[test])) < 2:
            aucs.append(float("nan"))
            pr_aucs.append(float("nan"))
            continue
        model = build(kind, seed, n_estimators, pu)
        model.fit(data.features[train], data.labels[train])
        score = model.predict_proba(data.features[test])[:, 1]
        oof[test] = score
        aucs.append(float(roc_auc_score(data.labels[test], score)))
        pr_aucs.append(float(average_precision_score(data.labels[test], score)))
    finite = [a for a in aucs if np.isfinite(a)]
    return CrossValidation(
        fold_auc=aucs,
        mean_auc=float(np.mean(finite)) if finite else float("nan"),
        folds=folds,
        fold_pr_auc=pr_aucs,
        scheme=scheme,
        oof_scores=oof,
    )


def fit(data: TrainingSet, kind: str, seed: int = 0, n_estimators: int = 200, pu: bool = False):
    """Fit a model on all training samples."""
    model = build(kind, seed, n_estimators, pu)
    model.fit(data.features, data.labels)
    return model


def conformal_p_values(
    calibration_scores: np.ndarray, calibration_labels: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Class-conditional (Mondrian) split-conformal p-values (Vovk, Gammerman and Shafer
    2005, *Algorithmic Learning in a Random World*) of the labels 1 (deposit) and 0
    for cells with model scores ``scores``, from held-out calibration cells.

    The nonconformity of label 1 is -score, of label 0 +score; p_y(x) = (#{calibration cells
    of class y at least as nonconforming} + 1) / (n_y + 1). At level alpha, label y is in a
    cell's prediction set when p_y > alpha; for exchangeable cells each class is covered with
    probability >= 1 - alpha.
    """
    cal = np.asarray(calibration_scores, float)
    lab = np.asarray(calibration_labels).astype(bool)
    s = np.asarray(scores, float)
    out = []
    for cls, sign in ((True, -1.0), (False, 1.0)):
        ref = np.sort(sign * cal[lab == cls])
        if len(ref) == 0:
            raise ValueError("conformal calibration needs cells of both classes")
        # count of calibration nonconformities >= this cell's
        at_least = len(ref) - np.searchsorted(ref, sign * s, side="left")
        out.append((at_least + 1) / (len(ref) + 1))
    return out[0], out[1]


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
