"""USGS supply-risk index: disruption potential × trade exposure × economic vulnerability.

References
----------
Nassar, N.T., Brainard, J., Gulley, A., Manley, R., Matos, G., Lederer, G., Bird, L.R.,
Pineault, D., Alonso, E., Gambogi, J., Fortier, S.M. (2020), "Evaluating the mineral
commodity supply risk of the U.S. manufacturing sector", *Science Advances* 6(8), eaay8647,
doi:10.1126/sciadv.aay8647.

Nassar, N.T., Fortier, S.M. (2021), *Methodology and technical input for the 2021 review and
revision of the U.S. Critical Minerals List*, U.S. Geological Survey Open-File Report
2021-1045, doi:10.3133/ofr20211045.

Formulas
--------
For commodity i and year t (s_c = country c's share of world production)::

    DP_i,t = Σ_c s_c² · g_c                                  (disruption potential, 0–1)
    TE_i,t = NIR_i,t = (I − E + ΔS) / (P + I − E + ΔS)       (trade exposure, 0–1)
    EV_i,t = Σ_j (VA_j / GDP) · (EXP_ij / OP_j)              (economic vulnerability)
    SR_i,t = (DP · TE · EV)^(1/3)                            (supply risk, geometric mean)

g_c is a country governance-risk weight in [0, 1] (1 = worst) from the World Bank Worldwide
Governance Indicators. The commodities are then ranked by a recency-weighted mean of the
yearly SR (86 FR 62199, 9 Nov 2021, Table 1 note). Whether the paper aggregates by the
geometric mean or the plain product is a parameter here (``aggregation``); both preserve the
ranking when every component is positive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from assay.models.concentration import order_free_sum

ArrayLike = pd.Series | np.ndarray | Sequence[float]


def governance_risk_from_normalised(wgi_normalised: ArrayLike | float) -> np.ndarray | float:
    """Country risk weight ``g_c = 1 − n_c`` from a WGI score normalised to [0, 1].

    Parameters
    ----------
    wgi_normalised : float or array-like
        Mean WGI estimate rescaled to [0, 1], 1 = best governance.

    Returns
    -------
    float or numpy.ndarray
        g_c [0–1], 1 = worst governance (Nassar et al. 2020, Materials and Methods).
    """
    g = 1.0 - np.asarray(wgi_normalised, dtype=float)
    return float(g) if g.ndim == 0 else g


def disruption_potential(shares: ArrayLike, governance_risk: ArrayLike) -> float:
    """Disruption potential ``DP = Σ_c s_c² · g_c``.

    Parameters
    ----------
    shares : array-like
        s_c, country shares of world production [fraction, 0–1].
    governance_risk : array-like
        g_c, governance-risk weight [0–1], 1 = worst.

    Returns
    -------
    float
        DP [0–1]: 1 for a single producer with the worst governance.
    """
    s = np.asarray(shares, dtype=float)
    g = np.asarray(governance_risk, dtype=float)
    if s.shape != g.shape:
        raise ValueError("shares and governance_risk must have the same length")
    # exactly rounded: the same DP whatever order the countries come in
    return order_free_sum(s**2 * g)


def trade_exposure(net_import_reliance_pct: float) -> float:
    """Trade exposure ``TE`` from the US net import reliance.

    Parameters
    ----------
    net_import_reliance_pct : float
        NIR = 100 · (I − E + ΔS) / (P + I − E + ΔS) [% of apparent consumption], as printed
        in the USGS Mineral Commodity Summaries; negative for a net exporter.

    Returns
    -------
    float
        TE [fraction, 0–1]: NIR/100 bounded to [0, 1] (a net exporter has TE = 0).
    """
    return float(min(1.0, max(0.0, net_import_reliance_pct / 100.0)))


def economic_vulnerability(
    value_added_share_of_gdp: ArrayLike,
    commodity_expenditure: ArrayLike,
    operating_profit: ArrayLike,
) -> float:
    """Economic vulnerability ``EV = Σ_j (VA_j / GDP) · (EXP_ij / OP_j)``.

    Parameters
    ----------
    value_added_share_of_gdp : array-like
        VA_j / GDP, value added of using industry j as a share of GDP [fraction].
    commodity_expenditure : array-like
        EXP_ij, spending of industry j on commodity i [USD].
    operating_profit : array-like
        OP_j, operating profit (net operating surplus) of industry j [USD].

    Returns
    -------
    float
        EV [-] (Nassar et al. 2020, eq. 3).
    """
    va = np.asarray(value_added_share_of_gdp, dtype=float)
    exp_ = np.asarray(commodity_expenditure, dtype=float)
    op = np.asarray(operating_profit, dtype=float)
    if not (va.shape == exp_.shape == op.shape):
        raise ValueError("the three industry arrays must have the same length")
    # math.fsum: exactly rounded (order-free) and, like np.sum, NaN when an input is NaN
    return math.fsum((va * exp_ / op).tolist())


def supply_risk(
    disruption_potential: float,
    trade_exposure: float,
    economic_vulnerability: float,
    aggregation: str = "geometric_mean",
) -> float:
    """Supply risk of one commodity and year from its three components.

    Parameters
    ----------
    disruption_potential : float
        DP [0–1].
    trade_exposure : float
        TE [0–1].
    economic_vulnerability : float
        EV [-], scaled to [0–1] by the caller where a bounded score is wanted.
    aggregation : {'geometric_mean', 'product'}
        ``(DP·TE·EV)^(1/3)`` (default) or ``DP·TE·EV``.

    Returns
    -------
    float
        SR [-].
    """
    product = disruption_potential * trade_exposure * economic_vulnerability
    if product < 0:
        raise ValueError("DP, TE and EV must be non-negative")
    if aggregation == "geometric_mean":
        return float(product ** (1.0 / 3.0))
    if aggregation == "product":
        return float(product)
    raise ValueError("aggregation must be 'geometric_mean' or 'product'")


def recency_weighted_mean(scores: ArrayLike, weights: ArrayLike) -> float:
    """Recency-weighted mean of yearly supply-risk scores, ``Σ w_t SR_t / Σ w_t``.

    Parameters
    ----------
    scores : array-like
        SR_t for consecutive years, oldest first [-].
    weights : array-like
        w_t, the weight of each year (larger for recent years) [-]. OFR 2021-1045 states the
        weights it used; pass them explicitly, there is no default.

    Returns
    -------
    float
        The weighted mean [-], ignoring years whose score is NaN.
    """
    s = np.asarray(scores, dtype=float)
    w = np.asarray(weights, dtype=float)
    if s.shape != w.shape:
        raise ValueError("scores and weights must have the same length")
    ok = ~np.isnan(s)
    if not ok.any() or w[ok].sum() <= 0:
        return float("nan")
    return math.fsum((s[ok] * w[ok]).tolist()) / math.fsum(w[ok].tolist())
