"""Valuation: gross in-situ value, recoverable value, and rare-earth oxide basket prices.

Definitions (see ``docs/economics.md``):

- gross in-situ value ``V = Σ_k T · g_k · P_k`` (tonnage × grade × price; no recovery, cost,
  time or confidence discount) — the kind of figure behind "minerals worth $14.8 trillion";
- recoverable value ``V_rec = Σ_k T · g_k · RF · MRR_k · pay_k · P_k`` after mining recovery
  RF, mill recovery MRR and payability (the fraction of the contained value a concentrate buyer
  pays);
- rare-earth basket price ``P_basket = Σ_i w_i · P_i``: the value of 1 kg of separated oxides
  in the deposit's own distribution (w_i = mass fraction of oxide i in TREO), as defined in
  GEUS MiMa report 2022/01 and used in NI 43-101 studies.

Element ↔ oxide conversion uses the IUPAC standard atomic weights (Prohaska et al., 2022,
*Standard atomic weights of the elements 2021*, Pure Appl. Chem. 94:573–600,
doi:10.1515/pac-2019-0603) with the stoichiometry of the oxide each element is sold as
(CeO2, Pr6O11, Tb4O7, otherwise RE2O3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

# IUPAC 2021 standard atomic weights [g/mol] (conventional value for O).
ATOMIC_WEIGHTS: dict[str, float] = {
    "O": 15.999,
    "Sc": 44.955907,
    "Y": 88.905838,
    "La": 138.90547,
    "Ce": 140.116,
    "Pr": 140.90766,
    "Nd": 144.242,
    "Sm": 150.36,
    "Eu": 151.964,
    "Gd": 157.249,
    "Tb": 158.925354,
    "Dy": 162.500,
    "Ho": 164.930329,
    "Er": 167.259,
    "Tm": 168.934219,
    "Yb": 173.045,
    "Lu": 174.9668,
}

# element -> (oxide formula, metal atoms, oxygen atoms)
REE_OXIDES: dict[str, tuple[str, int, int]] = {
    "Sc": ("Sc2O3", 2, 3),
    "Y": ("Y2O3", 2, 3),
    "La": ("La2O3", 2, 3),
    "Ce": ("CeO2", 1, 2),
    "Pr": ("Pr6O11", 6, 11),
    "Nd": ("Nd2O3", 2, 3),
    "Sm": ("Sm2O3", 2, 3),
    "Eu": ("Eu2O3", 2, 3),
    "Gd": ("Gd2O3", 2, 3),
    "Tb": ("Tb4O7", 4, 7),
    "Dy": ("Dy2O3", 2, 3),
    "Ho": ("Ho2O3", 2, 3),
    "Er": ("Er2O3", 2, 3),
    "Tm": ("Tm2O3", 2, 3),
    "Yb": ("Yb2O3", 2, 3),
    "Lu": ("Lu2O3", 2, 3),
}
OXIDE_ELEMENT: dict[str, str] = {ox: el for el, (ox, _, _) in REE_OXIDES.items()}


def oxide_factor(element: str) -> float:
    """Mass of oxide per mass of element (e.g. 1.1728 for La → La2O3).

    ``(n·A_RE + m·A_O) / (n·A_RE)`` with IUPAC 2021 atomic weights.
    """
    oxide, n, m = REE_OXIDES[element]
    a = ATOMIC_WEIGHTS[element]
    return (n * a + m * ATOMIC_WEIGHTS["O"]) / (n * a)


def _element_of(name: str) -> str:
    if name in REE_OXIDES:
        return name
    if name in OXIDE_ELEMENT:
        return OXIDE_ELEMENT[name]
    raise KeyError(f"{name!r} is neither a rare-earth element nor one of its oxides")


def elements_to_oxides(masses: Mapping[str, float]) -> dict[str, float]:
    """Element masses (any unit) to oxide masses (same unit), keyed by oxide formula."""
    return {REE_OXIDES[el][0]: float(v) * oxide_factor(el) for el, v in masses.items()}


def oxides_to_elements(masses: Mapping[str, float]) -> dict[str, float]:
    """Oxide masses keyed by oxide formula to element masses keyed by element symbol."""
    out = {}
    for ox, v in masses.items():
        el = _element_of(ox)
        out[el] = float(v) / oxide_factor(el)
    return out


def oxide_distribution(composition: Mapping[str, float]) -> dict[str, float]:
    """Oxide mass fractions of TREO (sum 1) from element or oxide amounts.

    Keys may be element symbols (amounts of element, converted to oxide) or oxide formulas
    (amounts of oxide). Amounts need not sum to one.
    """
    oxide_mass: dict[str, float] = {}
    for key, v in composition.items():
        if v < 0:
            raise ValueError(f"negative amount for {key}")
        el = _element_of(key)
        ox = REE_OXIDES[el][0]
        mass = float(v) * oxide_factor(el) if key == el else float(v)
        oxide_mass[ox] = oxide_mass.get(ox, 0.0) + mass
    total = sum(oxide_mass.values())
    if total <= 0:
        raise ValueError("rare-earth distribution is empty")
    return {ox: m / total for ox, m in oxide_mass.items()}


@dataclass(frozen=True)
class BasketPrice:
    """A rare-earth oxide basket price.

    Attributes
    ----------
    usd_per_kg : float
        Value of 1 kg of TREO in the deposit's distribution [USD/kg TREO].
    contributions : dict
        Oxide -> w_i·P_i [USD/kg TREO].
    unpriced_fraction : float
        Mass fraction of TREO in oxides with no price (counted at zero).
    """

    usd_per_kg: float
    contributions: dict[str, float]
    unpriced_fraction: float


def basket_price(
    distribution: Mapping[str, float], prices_usd_per_kg: Mapping[str, float]
) -> BasketPrice:
    """Basket price ``Σ w_i P_i`` [USD/kg TREO] (GEUS MiMa 2022/01 definition).

    Parameters
    ----------
    distribution : mapping
        Element or oxide -> amount; normalised to oxide mass fractions of TREO.
    prices_usd_per_kg : mapping
        Oxide formula (or element symbol) -> separated-oxide price [USD/kg oxide].
    """
    w = oxide_distribution(distribution)
    prices = {REE_OXIDES[_element_of(k)][0]: float(v) for k, v in prices_usd_per_kg.items()}
    contributions = {ox: wi * prices[ox] for ox, wi in w.items() if ox in prices}
    unpriced = float(sum(wi for ox, wi in w.items() if ox not in prices))
    return BasketPrice(float(sum(contributions.values())), contributions, unpriced)


def in_situ_value(
    ore_t: float | np.ndarray,
    grades_pct: Mapping[str, float],
    prices_usd_per_t: Mapping[str, float],
) -> dict[str, float]:
    """Gross in-situ value [USD] per commodity and ``"total"``: ``T · g/100 · P``.

    ``grades_pct`` in weight percent of the ore; prices in USD per metric ton of the
    commodity as graded (metal, or oxide for oxide grades).
    """
    out = {k: float(np.sum(ore_t * g / 100.0 * prices_usd_per_t[k])) for k, g in grades_pct.items()}
    out["total"] = float(sum(out.values()))
    return out


def recoverable_value(
    ore_t: float | np.ndarray,
    grades_pct: Mapping[str, float],
    prices_usd_per_t: Mapping[str, float],
    mining_recovery: float,
    mill_recoveries: Mapping[str, float],
    payability: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Recoverable (payable) value [USD] per commodity and ``"total"``.

    ``T · g/100 · RF · MRR_k · pay_k · P_k``; payability defaults to 1 (refined product sold).
    """
    pay = payability or {}
    out = {
        k: float(
            np.sum(
                ore_t
                * g
                / 100.0
                * mining_recovery
                * mill_recoveries[k]
                * pay.get(k, 1.0)
                * prices_usd_per_t[k]
            )
        )
        for k, g in grades_pct.items()
    }
    out["total"] = float(sum(out.values()))
    return out
