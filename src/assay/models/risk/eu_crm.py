"""EU Critical Raw Materials method: supply risk (SR) and economic importance (EI).

Reference
---------
European Commission (Blengini, G.A., Blagoeva, D., Dewulf, J., Torres de Matos, C., Nita, V.,
Vidal-Legaz, B., Latunussa, C.E.L., Kayam, Y., Talens Peirò, L., Baranzelli, C., Manfredi,
S., Mancini, L., Nuss, P., Marmier, A., Alves-Dias, P., Pavel, C., Tzimas, E., Mathieux, F.,
Pennington, D., Ciupagea, C.) 2017, *Methodology for establishing the EU list of critical
raw materials — Guidelines*, Publications Office of the EU, ISBN 978-92-79-68051-9,
doi:10.2873/769526 (applied to the 2017, 2020 and 2023 EU lists).

Formulas (variable definitions in each function)
-------------------------------------------------
Supply risk::

    SR = [HHI_WGI,t(GS) · IR/2 + HHI_WGI,t(EU sourcing) · (1 − IR/2)] · (1 − EoL_RIR) · SI_SR
    HHI_WGI,t = Σ_c (S_c)² · WGI_scaled,c · t_c

Economic importance::

    EI = Σ_s (A_s · Q_s) · SI_EI        (Q_s scaled to 0–10 by the largest sector's value added)

A raw material is critical when ``EI >= 2.8`` and ``SR >= 1.0`` (Guidelines, §4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from assay.models.concentration import order_free_sum

#: Criticality thresholds of the EU method (Blengini et al. 2017, §4).
EI_THRESHOLD = 2.8
SR_THRESHOLD = 1.0

ArrayLike = pd.Series | np.ndarray | Sequence[float]


def wgi_scaled_from_estimate(wgi_estimate: ArrayLike | float) -> np.ndarray | float:
    """Rescale a WGI estimate to the EU method's 0–10 governance risk scale.

    ``WGI_scaled = 2 · (2.5 − WGI)``, mapping the World Bank estimate range [−2.5, 2.5]
    (2.5 = best governance) onto [10, 0] (10 = worst), as in Blengini et al. (2017), §3.2.

    Parameters
    ----------
    wgi_estimate : float or array-like
        Mean of the six Worldwide Governance Indicators estimates [−2.5 … 2.5].

    Returns
    -------
    float or numpy.ndarray
        Scaled governance risk [0–10].
    """
    scaled = 2.0 * (2.5 - np.asarray(wgi_estimate, dtype=float))
    return float(scaled) if scaled.ndim == 0 else scaled


def wgi_scaled_from_normalised(wgi_normalised: ArrayLike | float) -> np.ndarray | float:
    """EU 0–10 governance risk from a WGI mean estimate already normalised to [0, 1].

    With ``n = (WGI + 2.5) / 5`` (the linear map of [−2.5, 2.5] onto [0, 1], higher =
    better), ``WGI_scaled = 2 · (2.5 − (5n − 2.5)) = 10 · (1 − n)``.

    Parameters
    ----------
    wgi_normalised : float or array-like
        Normalised WGI mean estimate [0–1], 1 = best governance.

    Returns
    -------
    float or numpy.ndarray
        Scaled governance risk [0–10], 10 = worst.
    """
    scaled = 10.0 * (1.0 - np.asarray(wgi_normalised, dtype=float))
    return float(scaled) if scaled.ndim == 0 else scaled


def hhi_wgi(
    shares: ArrayLike,
    wgi_scaled: ArrayLike,
    trade_adjustment: ArrayLike | float = 1.0,
) -> float:
    """Governance-weighted concentration ``HHI_WGI,t = Σ_c S_c² · WGI_scaled,c · t_c``.

    Parameters
    ----------
    shares : array-like
        S_c, share of country c in the supply considered (global supply, or the importer's
        actual sourcing: domestic production plus imports) [fraction, 0–1].
    wgi_scaled : array-like
        WGI_scaled,c, governance risk of country c [0–10] (see
        :func:`wgi_scaled_from_estimate`).
    trade_adjustment : float or array-like
        t_c, trade-adjustment factor [-]: 1 by default; raised for export restrictions
        (taxes, quotas, bans) and lowered for trade agreements (Blengini et al. 2017, §3.2).

    Returns
    -------
    float
        HHI_WGI,t [0–10].
    """
    s = np.asarray(shares, dtype=float)
    w = np.asarray(wgi_scaled, dtype=float)
    t = np.broadcast_to(np.asarray(trade_adjustment, dtype=float), s.shape)
    if s.shape != w.shape:
        raise ValueError("shares and wgi_scaled must have the same length")
    # exactly rounded: the same score whatever order the countries come in
    return order_free_sum(s**2 * w * t)


def import_reliance(imports: float, exports: float, domestic_production: float) -> float:
    """Import reliance ``IR = (I − E) / (P + I − E)``, bounded to [0, 1].

    Parameters
    ----------
    imports, exports : float
        I and E, imports and exports of the importer (the EU in the Guidelines) [t].
    domestic_production : float
        P, domestic production [t].

    Returns
    -------
    float
        IR [fraction]; 0 for a net exporter (I − E ≤ 0), as in Blengini et al. (2017), §3.2.
    """
    net = imports - exports
    if net <= 0:
        return 0.0
    return float(min(1.0, net / (domestic_production + net)))


def supply_risk(
    hhi_wgi_global: float,
    hhi_wgi_sourcing: float,
    import_reliance: float,
    eol_rir: float,
    substitution_index: float,
) -> float:
    """EU CRM supply risk (Blengini et al. 2017, eq. 4).

    ``SR = [HHI_WGI(GS) · IR/2 + HHI_WGI(sourcing) · (1 − IR/2)] · (1 − EoL_RIR) · SI_SR``

    Parameters
    ----------
    hhi_wgi_global : float
        HHI_WGI,t of global supply (GS) [0–10].
    hhi_wgi_sourcing : float
        HHI_WGI,t of the importer's actual sourcing (EU sourcing in the Guidelines) [0–10].
    import_reliance : float
        IR [fraction, 0–1].
    eol_rir : float
        EoL_RIR, end-of-life recycling input rate: secondary material from old scrap as a
        share of total input [fraction, 0–1].
    substitution_index : float
        SI_SR, substitution index for supply risk [0–1] (1 = no substitute).

    Returns
    -------
    float
        SR [0–10]; critical when ≥ 1.0 together with EI ≥ 2.8.
    """
    for name, value in (
        ("import_reliance", import_reliance),
        ("eol_rir", eol_rir),
        ("substitution_index", substitution_index),
    ):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a fraction in [0, 1], got {value}")
    weighted = hhi_wgi_global * import_reliance / 2.0 + hhi_wgi_sourcing * (
        1.0 - import_reliance / 2.0
    )
    return float(weighted * (1.0 - eol_rir) * substitution_index)


def economic_importance(
    end_use_shares: ArrayLike,
    sector_value_added: ArrayLike,
    substitution_index: float,
    largest_sector_value_added: float,
) -> float:
    """EU CRM economic importance (Blengini et al. 2017, eq. 2).

    ``EI = Σ_s (A_s · Q_s) · SI_EI`` with Q_s scaled to 0–10 as
    ``10 · VA_s / VA_max``.

    Parameters
    ----------
    end_use_shares : array-like
        A_s, share of the raw material's end uses in NACE Rev.2 2-digit sector s
        [fraction; sums to ≤ 1].
    sector_value_added : array-like
        VA_s, value added of sector s [EUR, any consistent unit].
    substitution_index : float
        SI_EI, substitution index for economic importance [0–1].
    largest_sector_value_added : float
        VA_max, value added of the largest 2-digit manufacturing sector [same unit as VA_s].

    Returns
    -------
    float
        EI [0–10]; critical when ≥ 2.8 together with SR ≥ 1.0.
    """
    a = np.asarray(end_use_shares, dtype=float)
    va = np.asarray(sector_value_added, dtype=float)
    if a.shape != va.shape:
        raise ValueError("end_use_shares and sector_value_added must have the same length")
    if largest_sector_value_added <= 0:
        raise ValueError("largest_sector_value_added must be positive")
    q = 10.0 * va / largest_sector_value_added
    # math.fsum: exactly rounded (order-free) and, like np.sum, NaN when an input is NaN
    return math.fsum((a * q).tolist()) * substitution_index


def is_critical(
    economic_importance: float,
    supply_risk: float,
    ei_threshold: float = EI_THRESHOLD,
    sr_threshold: float = SR_THRESHOLD,
) -> bool:
    """EU criticality rule: ``EI >= 2.8 and SR >= 1.0`` (Blengini et al. 2017, §4)."""
    return bool(economic_importance >= ei_threshold and supply_risk >= sr_threshold)
