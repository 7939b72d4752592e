"""Named HHI concentration bands and top-n concentration ratios.

The Herfindahl-Hirschman index itself (``HHI = Σ_k (100·s_k)²`` on the 0–10,000 scale) is
computed by :func:`assay.models.concentration.hhi`; this module says what a value *means*
according to the competition authority that published the band, so a report can say
"highly concentrated (US DOJ/FTC 2023 Merger Guidelines)" rather than an unattributed word.

Authorities
-----------
``doj_ftc_2023``
    U.S. Department of Justice and Federal Trade Commission (2023), *Merger Guidelines*,
    18 December 2023, §2.1 (Guideline 1): a market with HHI **greater than 1,800** is
    highly concentrated (a change of more than 100 in such a market is presumed to
    substantially lessen competition). The 2023 text names no lower band.
``doj_ftc_1992``
    U.S. DOJ and FTC (1992, revised 1997), *Horizontal Merger Guidelines*, §1.51:
    unconcentrated **below 1,000**; moderately concentrated **1,000–1,800**; highly
    concentrated **above 1,800** (the bands of :func:`assay.models.concentration.hhi_band`).
``doj_ftc_2010``
    U.S. DOJ and FTC (2010), *Horizontal Merger Guidelines*, 19 August 2010, §5.3:
    unconcentrated **below 1,500**; moderately concentrated **1,500–2,500**; highly
    concentrated **above 2,500**.
``eu_2004``
    European Commission (2004), *Guidelines on the assessment of horizontal mergers*,
    OJ C 31, 5.2.2004, p. 5 (2004/C 31/03), paragraphs 19–21: post-merger HHI **below
    1,000** is unlikely to raise concerns; **1,000–2,000** (with ΔHHI < 250) and **above
    2,000** (with ΔHHI < 150) are normally unproblematic only for small changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class HhiBand:
    """One named band of HHI values [0–10,000].

    A value belongs to the band when ``lower < HHI < upper``, or equals ``lower`` with
    ``include_lower`` or ``upper`` with ``include_upper`` (the wording of each text:
    "below", "between", "above", "greater than").
    """

    label: str
    lower: float
    upper: float
    include_lower: bool
    include_upper: bool

    def contains(self, value: float) -> bool:
        above = value > self.lower or (self.include_lower and value == self.lower)
        below = value < self.upper or (self.include_upper and value == self.upper)
        return above and below


@dataclass(frozen=True)
class HhiAuthority:
    """A published set of HHI bands with its citation."""

    key: str
    citation: str
    bands: tuple[HhiBand, ...]


AUTHORITIES: dict[str, HhiAuthority] = {
    "doj_ftc_2023": HhiAuthority(
        key="doj_ftc_2023",
        citation="U.S. DOJ & FTC (2023), Merger Guidelines, §2.1 (Guideline 1): a market "
        "HHI greater than 1,800 is highly concentrated",
        bands=(
            HhiBand("not highly concentrated", 0.0, 1800.0, True, True),
            HhiBand("highly concentrated", 1800.0, 10000.0, False, True),
        ),
    ),
    "doj_ftc_2010": HhiAuthority(
        key="doj_ftc_2010",
        citation="U.S. DOJ & FTC (2010), Horizontal Merger Guidelines, §5.3: <1,500 "
        "unconcentrated, 1,500-2,500 moderately, >2,500 highly concentrated",
        bands=(
            HhiBand("unconcentrated", 0.0, 1500.0, True, False),
            HhiBand("moderately concentrated", 1500.0, 2500.0, True, True),
            HhiBand("highly concentrated", 2500.0, 10000.0, False, True),
        ),
    ),
    "doj_ftc_1992": HhiAuthority(
        key="doj_ftc_1992",
        citation="U.S. DOJ & FTC (1992, rev. 1997), Horizontal Merger Guidelines, §1.51: "
        "<1,000 unconcentrated, 1,000-1,800 moderately, >1,800 highly concentrated",
        bands=(
            HhiBand("unconcentrated", 0.0, 1000.0, True, False),
            HhiBand("moderately concentrated", 1000.0, 1800.0, True, True),
            HhiBand("highly concentrated", 1800.0, 10000.0, False, True),
        ),
    ),
    "eu_2004": HhiAuthority(
        key="eu_2004",
        citation="European Commission (2004), Guidelines on the assessment of horizontal "
        "mergers, 2004/C 31/03, paras 19-21: <1,000 low, 1,000-2,000 intermediate, >2,000 high",
        bands=(
            HhiBand("low (unlikely to raise concerns)", 0.0, 1000.0, True, False),
            HhiBand("intermediate", 1000.0, 2000.0, True, True),
            HhiBand("high", 2000.0, 10000.0, False, True),
        ),
    ),
}

DEFAULT_AUTHORITY = "doj_ftc_2023"


def classify_hhi(hhi: float, authority: str = DEFAULT_AUTHORITY) -> str | None:
    """Name the concentration band of an HHI value according to one authority.

    Parameters
    ----------
    hhi : float
        Herfindahl-Hirschman index [0–10,000] (``Σ (100·s_k)²``, s_k = share as a fraction).
    authority : str
        One of :data:`AUTHORITIES`: ``'doj_ftc_2023'`` (default), ``'doj_ftc_2010'``,
        ``'doj_ftc_1992'``, ``'eu_2004'``.

    Returns
    -------
    str or None
        The band label; ``None`` when ``hhi`` is missing (NaN/None).

    Notes
    -----
    Boundaries follow each text: 2023 "greater than 1,800" (1,800 itself is not highly
    concentrated; the 2023 text names no lower band); 2010 "below 1,500", "between 1,500
    and 2,500", "above 2,500"; 1992 "below 1,000", "between 1,000 and 1,800", "above
    1,800"; EU "below 1,000", "between 1,000 and 2,000", "above 2,000". A value equal to a
    "between" boundary falls in the middle band.
    """
    if authority not in AUTHORITIES:
        raise ValueError(f"unknown HHI authority {authority!r}; one of {sorted(AUTHORITIES)}")
    if hhi is None or (isinstance(hhi, float) and math.isnan(hhi)):
        return None
    value = float(hhi)
    if value < 0 or value > 10000 + 1e-6:
        raise ValueError(f"HHI must lie in [0, 10000], got {value}")
    value = min(value, 10000.0)
    for band in AUTHORITIES[authority].bands:
        if band.contains(value):
            return band.label
    raise AssertionError(f"bands of {authority} do not cover {value}")  # pragma: no cover


def classify_hhi_all(hhi: float) -> dict[str, dict[str, str | None]]:
    """The band of ``hhi`` under every authority: ``{key: {"label": ..., "citation": ...}}``."""
    return {
        key: {"label": classify_hhi(hhi, key), "citation": spec.citation}
        for key, spec in AUTHORITIES.items()
    }


def concentration_ratio(shares: pd.Series | np.ndarray, n: int) -> float:
    """Top-n concentration ratio CR_n: the sum of the ``n`` largest shares.

    Parameters
    ----------
    shares : array-like
        Producer shares of world supply [fraction, 0–1]; NaN entries are ignored.
    n : int
        Number of largest producers summed (CR1 = share of the leader, CR3 = top three).

    Returns
    -------
    float
        CR_n [fraction]; NaN when no share is known.

    References
    ----------
    OECD (1993), *Glossary of Industrial Organisation Economics and Competition Law*,
    "Concentration ratio": the combined market share of the n largest firms.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    values = np.asarray(shares, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return float("nan")
    return float(np.sort(values)[::-1][:n].sum())
