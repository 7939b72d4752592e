"""Evaluation of prospectivity surfaces: ROC/AUC, success-rate and prediction-area curves.

The AUC follows Geoscience Australia's *Calculate AUC* tool (MPM-WofE, after ArcSDM's
Area-Frequency tool), which calls ``modEvA::AUC(obs = deposit coordinates, pred = raster)``:
every deposit point is a presence (several in a cell each count), every valid cell holding
no deposit is an absence, and the AUC is the Mann-Whitney statistic with ties counted one
half (Mason & Graham 2002, *Q. J. R. Meteorol. Soc.* 128, 2145-2166).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def presence_absence(
    surface: np.ndarray, valid: np.ndarray, point_rows: np.ndarray, point_cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Scores at the presences (one per deposit point on a valid cell) and at the absences
    (valid cells without a deposit), as modEvA's ``ptsrast2obspred(rm.dup = FALSE)``.

    Parameters
    ----------
    surface : numpy.ndarray
        2-D prospectivity scores.
    valid : numpy.ndarray
        2-D boolean, True where the surface has data.
    point_rows, point_cols : numpy.ndarray
        Cell of each deposit point on the grid.

    Returns
    -------
    presences, absences : numpy.ndarray
        Float64 scores [same units as ``surface``].
    """
    rows = np.asarray(point_rows, dtype=np.int64)
    cols = np.asarray(point_cols, dtype=np.int64)
    on = valid[rows, cols]
    presences = surface[rows[on], cols[on]].astype(np.float64)
    mask = np.asarray(valid, dtype=bool).copy()
    mask[rows, cols] = False
    absences = surface[mask].astype(np.float64)
    return presences, absences


def auc(presences: np.ndarray, absences: np.ndarray) -> float:
    """Area under the ROC curve [-] (Mann-Whitney U / (n₁ n₀), ties count one half).

    Parameters
    ----------
    presences, absences : numpy.ndarray
        Scores at presences and absences.

    Notes
    -----
    O((n₀ + n₁) log n₀): the absences are sorted once and each presence is located by
    binary search. Equals ``sklearn.metrics.roc_auc_score`` and modEvA's rank method.
    """
    presences = np.asarray(presences, dtype=np.float64)
    absences = np.sort(np.asarray(absences, dtype=np.float64))
    if len(presences) == 0 or len(absences) == 0:
        raise ValueError("AUC needs at least one presence and one absence")
    below = np.searchsorted(absences, presences, side="left")
    not_above = np.searchsorted(absences, presences, side="right")
    u = below.sum() + 0.5 * (not_above - below).sum()
    return float(u / (len(presences) * len(absences)))


def threshold_table(
    presences: np.ndarray, absences: np.ndarray, thresholds: np.ndarray | None = None
) -> pd.DataFrame:
    """Confusion counts at each threshold (as modEvA's ``AUC(...)$thresholds``).

    A score ≥ threshold is predicted present.

    Returns
    -------
    pandas.DataFrame
        Columns ``threshold``, ``true_positives``, ``true_negatives``, ``sensitivity``,
        ``specificity``, ``precision``, ``false_positive_rate``.
    """
    if thresholds is None:
        thresholds = np.round(np.arange(0, 101) / 100.0, 2)
    thresholds = np.asarray(thresholds, dtype=np.float64)
    p = np.sort(np.asarray(presences, dtype=np.float64))
    a = np.sort(np.asarray(absences, dtype=np.float64))
    tp = len(p) - np.searchsorted(p, thresholds, side="left")
    fp = len(a) - np.searchsorted(a, thresholds, side="left")
    tn = len(a) - fp
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
    return pd.DataFrame(
        {
            "threshold": thresholds,
            "true_positives": tp,
            "true_negatives": tn,
            "sensitivity": tp / len(p),
            "specificity": tn / len(a),
            "precision": precision,
            "false_positive_rate": fp / len(a),
        }
    )


def roc_curve(presences: np.ndarray, absences: np.ndarray) -> pd.DataFrame:
    """ROC curve at every distinct score: ``false_positive_rate`` and ``true_positive_rate``
    (from (0, 0) to (1, 1))."""
    p = np.sort(np.asarray(presences, dtype=np.float64))
    a = np.sort(np.asarray(absences, dtype=np.float64))
    cuts = np.unique(np.concatenate([p, a]))[::-1]
    tpr = (len(p) - np.searchsorted(p, cuts, side="left")) / len(p)
    fpr = (len(a) - np.searchsorted(a, cuts, side="left")) / len(a)
    return pd.DataFrame(
        {
            "threshold": np.concatenate([[np.inf], cuts]),
            "false_positive_rate": np.concatenate([[0.0], fpr]),
            "true_positive_rate": np.concatenate([[0.0], tpr]),
        }
    )


def success_rate_curve(
    surface: np.ndarray, valid: np.ndarray, point_rows: np.ndarray, point_cols: np.ndarray
) -> pd.DataFrame:
    """Success-rate curve: the share of deposits captured against the share of the study area,
    cells taken from the highest score down (Chung & Fabbri 1999, *Photogramm. Eng. Remote
    Sens.* 65(12), 1389-1399).

    Returns
    -------
    pandas.DataFrame
        ``threshold`` (score), ``area_fraction`` and ``deposit_fraction`` [-], one row per
        distinct score, starting at (0, 0).
    """
    values = surface[valid].astype(np.float64)
    rows = np.asarray(point_rows, dtype=np.int64)
    cols = np.asarray(point_cols, dtype=np.int64)
    on = valid[rows, cols]
    dep = surface[rows[on], cols[on]].astype(np.float64)
    levels, cell_counts = np.unique(values, return_counts=True)
    levels, cell_counts = levels[::-1], cell_counts[::-1]
    dep_pos = np.searchsorted(-levels, -dep)
    dep_counts = np.bincount(dep_pos, minlength=len(levels))
    return pd.DataFrame(
        {
            "threshold": np.concatenate([[np.inf], levels]),
            "area_fraction": np.concatenate([[0.0], np.cumsum(cell_counts) / values.size]),
            "deposit_fraction": np.concatenate([[0.0], np.cumsum(dep_counts) / max(len(dep), 1)]),
        }
    )


@dataclass(frozen=True)
class PredictionArea:
    """Prediction-area (P-A) plot and its intersection (Yousefi & Carranza 2015).

    Attributes
    ----------
    curve : pandas.DataFrame
        ``threshold``, ``prediction_rate`` (share of deposits with score ≥ threshold) and
        ``area_fraction`` (share of the area with score ≥ threshold) [-].
    intersection_threshold : float
        Score where prediction rate = 1 − area fraction.
    intersection_prediction_rate : float
        Prediction rate there [-].
    normalized_density : float
        prediction rate / area fraction at the intersection [-].
    """

    curve: pd.DataFrame
    intersection_threshold: float
    intersection_prediction_rate: float
    normalized_density: float


def prediction_area(
    surface: np.ndarray,
    valid: np.ndarray,
    point_rows: np.ndarray,
    point_cols: np.ndarray,
    n_thresholds: int = 200,
) -> PredictionArea:
    """Prediction-area curve of a surface (Yousefi, M. & Carranza, E.J.M. 2015, Prediction-area
    (P-A) plot and C-A fractal analysis to classify and evaluate evidential maps for mineral
    prospectivity modeling, *Computers & Geosciences* 79, 69-81,
    doi:10.1016/j.cageo.2015.03.007).

    Thresholds are ``n_thresholds`` evenly spaced scores between the minimum and maximum.
    """
    values = np.sort(surface[valid].astype(np.float64))
    rows = np.asarray(point_rows, dtype=np.int64)
    cols = np.asarray(point_cols, dtype=np.int64)
    on = valid[rows, cols]
    dep = np.sort(surface[rows[on], cols[on]].astype(np.float64))
    thresholds = np.linspace(values[0], values[-1], n_thresholds)
    prediction_rate = (len(dep) - np.searchsorted(dep, thresholds, side="left")) / max(len(dep), 1)
    area_fraction = (len(values) - np.searchsorted(values, thresholds, side="left")) / len(values)
    gap = prediction_rate - (1.0 - area_fraction)
    # prediction rate falls and 1 - area rises with the threshold: find the sign change
    idx = int(np.argmax(gap <= 0)) if np.any(gap <= 0) else len(gap) - 1
    if idx == 0:
        t_star, p_star, a_star = thresholds[0], prediction_rate[0], area_fraction[0]
    else:
        g0, g1 = gap[idx - 1], gap[idx]
        f = g0 / (g0 - g1) if g0 != g1 else 0.0
        t_star = thresholds[idx - 1] + f * (thresholds[idx] - thresholds[idx - 1])
        p_star = prediction_rate[idx - 1] + f * (prediction_rate[idx] - prediction_rate[idx - 1])
        a_star = area_fraction[idx - 1] + f * (area_fraction[idx] - area_fraction[idx - 1])
    curve = pd.DataFrame(
        {
            "threshold": thresholds,
            "prediction_rate": prediction_rate,
            "area_fraction": area_fraction,
        }
    )
    return PredictionArea(
        curve=curve,
        intersection_threshold=float(t_star),
        intersection_prediction_rate=float(p_star),
        normalized_density=float(p_star / a_star) if a_star > 0 else float("nan"),
    )


def plot_roc(roc: pd.DataFrame, auc_value: float, path) -> None:
    """Save a ROC plot (matplotlib, Agg) to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot(roc["false_positive_rate"], roc["true_positive_rate"], lw=1.5)
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--")
    ax.set_xlabel("false-positive rate (1 − specificity) [-]")
    ax.set_ylabel("true-positive rate (sensitivity) [-]")
    ax.set_title(f"ROC, AUC = {auc_value:.5f}")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_success_rate(curve: pd.DataFrame, path) -> None:
    """Save a success-rate plot to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot(curve["area_fraction"] * 100, curve["deposit_fraction"] * 100, lw=1.5)
    ax.plot([0, 100], [0, 100], color="grey", lw=0.8, ls="--")
    ax.set_xlabel("study area, highest scores first [%]")
    ax.set_ylabel("deposits captured [%]")
    ax.set_title("Success-rate curve")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_prediction_area(pa: PredictionArea, path) -> None:
    """Save a prediction-area (P-A) plot to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.plot(pa.curve["threshold"], pa.curve["prediction_rate"] * 100, label="deposits [%]")
    ax2 = ax.twinx()
    ax2.plot(
        pa.curve["threshold"], pa.curve["area_fraction"] * 100, color="tab:red", label="area [%]"
    )
    ax2.invert_yaxis()
    ax.axvline(pa.intersection_threshold, color="grey", lw=0.8, ls="--")
    ax.set_xlabel("score threshold")
    ax.set_ylabel("prediction rate (deposits) [%]")
    ax2.set_ylabel("occupied area [%] (reversed)")
    ax.set_title(
        f"P-A plot: {pa.intersection_prediction_rate * 100:.1f}% of deposits, "
        f"density {pa.normalized_density:.2f}"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_surface(surface: np.ndarray, valid: np.ndarray, bounds, deposits_xy, title: str, path):
    """Map of a surface with the deposits on top (matplotlib, Agg), saved to ``path``.

    ``bounds`` is (left, bottom, right, top) in the surface's CRS units.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = np.where(valid, surface, np.nan).astype(np.float64)
    left, bottom, right, top = bounds
    height, width = data.shape
    fig, ax = plt.subplots(figsize=(6, 6 * max(height / max(width, 1), 0.3)))
    im = ax.imshow(data, extent=(left, right, bottom, top), cmap="viridis", interpolation="nearest")
    if deposits_xy is not None and len(deposits_xy):
        ax.scatter(deposits_xy[:, 0], deposits_xy[:, 1], s=8, c="red", edgecolors="white", lw=0.3)
    fig.colorbar(im, ax=ax, shrink=0.8)
    ax.set_title(title)
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
