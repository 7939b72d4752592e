"""GeoPolRisk: production concentration × governance-weighted import shares.

References
----------
Gemechu, E.D., Helbig, C., Sonnemann, G., Thorenz, A., Tuma, A. (2016), "Import-based
indicator for the geopolitical supply risk of raw materials in life cycle sustainability
assessments", *Journal of Industrial Ecology* 20(1), 154–165, doi:10.1111/jiec.12279.

Koyamparambath, A., Loubet, P., Young, S.B., Sonnemann, G. (2024), "Spatially and temporally
differentiated characterization factors for supply risk of abiotic resources in life cycle
assessment", *Resources, Conservation and Recycling* 209, 107801,
doi:10.1016/j.resconrec.2024.107801. Reference implementation: geopolrisk-py
(github.com/akoyamp/geopolrisk-py, ``geopolrisk/assessment/core.py``: ``HHI``,
``importrisk`` and ``GeoPolRisk``).

Formula
-------
For raw material A and importing country c::

    GeoPolRisk_Ac = HHI_A · Σ_i ( g_i · f_Aic / (p_Ac + F_Ac) )

HHI_A
    Herfindahl-Hirschman index of world production of A on the 0–1 scale,
    ``Σ_k P_k² / (Σ_k P_k)²``.
g_i
    Political instability of exporting country i, 0–1 (1 = least stable). geopolrisk-py
    uses the WGI "Political Stability and Absence of Violence" estimate rescaled to 0–1 and
    sets a missing value to 0.5.
f_Aic
    Imports of A into c from i [t]; F_Ac = Σ_i f_Aic total imports [t].
p_Ac
    Domestic production of A in c [t].

The characterisation factor is ``CF = GeoPolRisk · average import price`` (not computed
here: the store has no bilateral import values).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from assay.models.concentration import order_free_sum

ArrayLike = pd.Series | np.ndarray | Sequence[float]

#: Instability assigned to an exporter without a governance score (geopolrisk-py,
#: ``importrisk.wgi_func``).
MISSING_INSTABILITY = 0.5


def instability_from_normalised(wgi_normalised: ArrayLike | float) -> np.ndarray | float:
    """Political instability ``g_i = 1 − n_i`` from a governance score normalised to [0, 1].

    Missing scores (NaN) become :data:`MISSING_INSTABILITY` (0.5), as in geopolrisk-py.

    Parameters
    ----------
    wgi_normalised : float or array-like
        Governance score [0–1], 1 = best.

    Returns
    -------
    float or numpy.ndarray
        g_i [0–1], 1 = least stable.
    """
    n = np.asarray(wgi_normalised, dtype=float)
    g = np.where(np.isnan(n), MISSING_INSTABILITY, 1.0 - n)
    return float(g) if g.ndim == 0 else g


def import_risk(
    import_quantities: ArrayLike,
    instability: ArrayLike,
    domestic_production: float,
) -> float:
    """The import-risk term ``Σ_i g_i · f_i / (p + F)`` (geopolrisk-py ``WTA``).

    Parameters
    ----------
    import_quantities : array-like
        f_i, imports from each exporting country i [t] (or shares of imports, if
        ``domestic_production`` is expressed in the same relative unit).
    instability : array-like
        g_i, instability of each exporter [0–1]; NaN is read as 0.5.
    domestic_production : float
        p, domestic production of the importer [t].

    Returns
    -------
    float
        Governance-weighted import share [0–1].
    """
    f = np.asarray(import_quantities, dtype=float)
    g = np.asarray(instability, dtype=float)
    if f.shape != g.shape:
        raise ValueError("import_quantities and instability must have the same length")
    g = np.where(np.isnan(g), MISSING_INSTABILITY, g)
    # exactly rounded sums: the same score whatever order the exporters come in
    total = order_free_sum(f) + float(domestic_production)
    if total <= 0:
        raise ValueError("domestic production plus imports must be positive")
    return order_free_sum(g * f) / total


def geopolrisk_score(hhi_fraction: float, import_risk_value: float) -> float:
    """GeoPolRisk score ``HHI_A · import risk`` (Gemechu et al. 2016, eq. 1).

    Parameters
    ----------
    hhi_fraction : float
        HHI of world production on the 0–1 scale (HHI[0–10,000] / 10,000).
    import_risk_value : float
        Result of :func:`import_risk` [0–1].

    Returns
    -------
    float
        GeoPolRisk score [0–1], dimensionless.
    """
    if not 0.0 <= hhi_fraction <= 1.0:
        raise ValueError(f"hhi_fraction must be in [0, 1], got {hhi_fraction}")
    return float(hhi_fraction * import_risk_value)
