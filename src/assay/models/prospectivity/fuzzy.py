"""Fuzzy membership and fuzzy overlay of evidence layers (knowledge-driven prospectivity).

Operators after Zimmermann & Zysno (1980) and An, Moon & Rencz (1991), as used for mineral
prospectivity by Bonham-Carter (1994, *Geographic Information Systems for Geoscientists*,
§9.5): AND = min, OR = max, algebraic product, algebraic sum and the gamma operator. NaN
(nodata) in any input gives NaN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

OPERATORS = ("and", "or", "product", "sum", "gamma")


def _stack(memberships: Sequence[np.ndarray]) -> np.ndarray:
    if len(memberships) == 0:
        raise ValueError("fuzzy overlay needs at least one membership layer")
    arrays = [np.asarray(m, dtype=np.float64) for m in memberships]
    shape = arrays[0].shape
    for i, a in enumerate(arrays):
        if a.shape != shape:
            raise ValueError(f"membership layer {i + 1} has shape {a.shape}, expected {shape}")
        finite = a[np.isfinite(a)]
        if finite.size and (finite.min() < 0 or finite.max() > 1):
            raise ValueError(
                f"membership layer {i + 1} has values outside [0, 1] "
                f"({finite.min():g} to {finite.max():g}); apply a membership function first"
            )
    return np.stack(arrays)


def fuzzy_and(memberships: Sequence[np.ndarray]) -> np.ndarray:
    """Fuzzy AND: μ = min_i μ_i [-] (Bonham-Carter 1994, eq. 9-40)."""
    return np.min(_stack(memberships), axis=0)


def fuzzy_or(memberships: Sequence[np.ndarray]) -> np.ndarray:
    """Fuzzy OR: μ = max_i μ_i [-] (Bonham-Carter 1994, eq. 9-41)."""
    return np.max(_stack(memberships), axis=0)


def fuzzy_product(memberships: Sequence[np.ndarray]) -> np.ndarray:
    """Fuzzy algebraic product: μ = ∏ μ_i [-] (Bonham-Carter 1994, eq. 9-42)."""
    return np.prod(_stack(memberships), axis=0)


def fuzzy_sum(memberships: Sequence[np.ndarray]) -> np.ndarray:
    """Fuzzy algebraic sum: μ = 1 − ∏ (1 − μ_i) [-] (Bonham-Carter 1994, eq. 9-43)."""
    return 1.0 - np.prod(1.0 - _stack(memberships), axis=0)


def fuzzy_gamma(memberships: Sequence[np.ndarray], gamma: float) -> np.ndarray:
    """Fuzzy gamma: μ = (algebraic sum)^γ · (algebraic product)^(1−γ) [-], 0 ≤ γ ≤ 1
    (Zimmermann & Zysno 1980; Bonham-Carter 1994, eq. 9-44)."""
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(f"gamma must be in [0, 1], got {gamma}")
    stack = _stack(memberships)
    fsum = 1.0 - np.prod(1.0 - stack, axis=0)
    fprod = np.prod(stack, axis=0)
    return np.power(fsum, gamma) * np.power(fprod, 1.0 - gamma)


def fuzzy_overlay(
    memberships: Sequence[np.ndarray], operator: str, gamma: float = 0.9
) -> np.ndarray:
    """Apply one of :data:`OPERATORS` to membership layers of equal shape."""
    if operator == "and":
        return fuzzy_and(memberships)
    if operator == "or":
        return fuzzy_or(memberships)
    if operator == "product":
        return fuzzy_product(memberships)
    if operator == "sum":
        return fuzzy_sum(memberships)
    if operator == "gamma":
        return fuzzy_gamma(memberships, gamma)
    raise ValueError(f"operator must be one of {', '.join(OPERATORS)}, got {operator!r}")


MEMBERSHIPS = ("linear", "large", "small", "gaussian")


def membership_linear(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Linear membership: 0 at ``low``, 1 at ``high`` (decreasing when low > high), clipped
    (Esri ArcGIS *Fuzzy Membership*, FuzzyLinear)."""
    if low == high:
        raise ValueError("linear membership needs low != high")
    x = np.asarray(values, dtype=np.float64)
    return np.clip((x - low) / (high - low), 0.0, 1.0)


def membership_large(values: np.ndarray, midpoint: float, spread: float = 5.0) -> np.ndarray:
    """Large membership μ = 1 / (1 + (x / midpoint)^−spread) for x > 0, else 0
    (Esri ArcGIS *Fuzzy Membership*, FuzzyLarge)."""
    x = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        out = 1.0 / (1.0 + np.power(x / midpoint, -spread))
    return np.where(np.isnan(x), np.nan, np.where(x > 0, out, 0.0))


def membership_small(values: np.ndarray, midpoint: float, spread: float = 5.0) -> np.ndarray:
    """Small membership μ = 1 / (1 + (x / midpoint)^spread) (Esri ArcGIS FuzzySmall)."""
    x = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        out = 1.0 / (1.0 + np.power(np.abs(x) / midpoint, spread))
    return out


def membership_gaussian(values: np.ndarray, midpoint: float, spread: float = 0.1) -> np.ndarray:
    """Gaussian membership μ = exp(−spread (x − midpoint)²) (Esri ArcGIS FuzzyGaussian)."""
    x = np.asarray(values, dtype=np.float64)
    return np.exp(-spread * np.square(x - midpoint))


def membership(values: np.ndarray, kind: str, a: float, b: float | None = None) -> np.ndarray:
    """Dispatch to a membership function: ``linear`` (a=low, b=high), ``large``/``small``
    (a=midpoint, b=spread) or ``gaussian`` (a=midpoint, b=spread)."""
    if kind == "linear":
        if b is None:
            raise ValueError("linear membership needs low and high")
        return membership_linear(values, a, b)
    if kind == "large":
        return membership_large(values, a, 5.0 if b is None else b)
    if kind == "small":
        return membership_small(values, a, 5.0 if b is None else b)
    if kind == "gaussian":
        return membership_gaussian(values, a, 0.1 if b is None else b)
    raise ValueError(f"membership must be one of {', '.join(MEMBERSHIPS)}, got {kind!r}")
