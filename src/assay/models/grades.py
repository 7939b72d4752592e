"""Grade and tonnage normalisation: units, element <-> oxide, individual REE <-> TREO.

Every function is pure: it takes numbers (scalars or numpy arrays) and returns numbers. The
element-to-oxide factors are inputs, so the caller decides where they come from (the store's
``element`` table, or :data:`REE_OXIDE_FACTORS` below).

Conventions
-----------
- A *mass fraction* is dimensionless [kg/kg]; 1 % = 1e-2, 1 ppm = 1 g/t = 1e-6.
- Tonnage is in metric tonnes [t] after normalisation.
- The oxide factor of an element is the mass of oxide per mass of the element it contains,
  ``f = M(oxide) / (n * M(element))`` for an oxide ``E_n O_m``; e.g. La2O3: 1.1728.
- TREO (total rare-earth oxides) is the sum of the individual oxides. By the usual industry
  convention it includes Y2O3 and excludes Sc2O3 (Weng et al. 2015, Economic Geology
  110(8):1925-1952, doi:10.2113/econgeo.110.8.1925, report TREO including Y).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

ArrayLike = float | npt.NDArray[np.float64]

#: Mass fraction per unit of grade [1/unit]. ppm = g/t = mg/kg; % = 1e-2; kg/t = 1e-3.
GRADE_UNIT_TO_FRACTION: dict[str, float] = {
    "fraction": 1.0,
    "percent": 1e-2,
    "ppm": 1e-6,
    "g/t": 1e-6,
    "kg/t": 1e-3,
    "ppb": 1e-9,
    # troy ounce per short ton: 31.1034768 g / 907.18474 kg (NIST SP 811, 2008, App. B)
    "oz/st": 31.1034768 / 907.18474 * 1e-3,
}

#: Tonnes per unit of ore quantity [t/unit]. Short ton = 0.90718474 t, pound = 0.45359237 kg
#: (NIST Special Publication 811, 2008 edition, Appendix B.8).
TONNAGE_UNIT_TO_TONNES: dict[str, float] = {
    "t": 1.0,
    "kt": 1e3,
    "Mt": 1e6,
    "Gt": 1e9,
    "kg": 1e-3,
    "short ton": 0.90718474,
    "million short tons": 0.90718474e6,
    "lb": 0.45359237e-3,
    "Mlb": 0.45359237e3,
}

_GRADE_ALIASES: dict[str, str] = {
    "%": "percent",
    "pct": "percent",
    "percent": "percent",
    "wt%": "percent",
    "wt-pct": "percent",
    "wt.%": "percent",
    "weight percent": "percent",
    "ppm": "ppm",
    "parts per million": "ppm",
    "g/mt": "ppm",
    "mg/kg": "ppm",
    "g/t": "g/t",
    "gpt": "g/t",
    "gram per tonne": "g/t",
    "grams per tonne": "g/t",
    "kg/t": "kg/t",
    "kilogram per tonne": "kg/t",
    "ppb": "ppb",
    "parts per billion": "ppb",
    "oz/t": "oz/st",
    "oz/ton": "oz/st",
    "opt": "oz/st",
    "fraction": "fraction",
}

_TONNAGE_ALIASES: dict[str, str] = {
    "t": "t",
    "tonne": "t",
    "tonnes": "t",
    "metric tons": "t",
    "metric tonnes": "t",
    "kt": "kt",
    "ktonnes": "kt",
    "thousand tonnes": "kt",
    "000's": "kt",
    "000’s": "kt",
    "1000's": "kt",
    "(1000's)": "kt",
    "1000s": "kt",
    "x 1,000": "kt",
    "mt": "Mt",
    "million tonnes": "Mt",
    "million metric tons": "Mt",
    "gt": "Gt",
    "billion tonnes": "Gt",
    "kg": "kg",
    "kilograms": "kg",
    "short tons": "short ton",
    "short ton": "short ton",
    "tons": "short ton",
    "million short tons": "million short tons",
    "million tons": "million short tons",
    "lb": "lb",
    "lbs": "lb",
    "pounds": "lb",
    "mlb": "Mlb",
    "million pounds (avdp)": "Mlb",
}


class UnitError(ValueError):
    """A unit text that is not a grade (or tonnage) unit this module knows."""


def _clean_unit(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def parse_grade_unit(text: str | None) -> str:
    """Canonical grade unit ('percent', 'ppm', 'g/t', 'kg/t', 'ppb', 'oz/st', 'fraction').

    Accepts common spellings ('%', 'wt-pct', 'parts per million', 'g/mt', '% Co', ...).
    Equivalence units (Cu eq %), volumetric grades (g/m3, mg/L) and money are refused,
    because they are not mass fractions of the named element.

    Raises
    ------
    UnitError
        When ``text`` is empty or not a mass-fraction grade unit.
    """
    if text is None or not str(text).strip():
        raise UnitError("grade unit missing")
    cleaned = _clean_unit(str(text))
    if cleaned in _GRADE_ALIASES:
        return _GRADE_ALIASES[cleaned]
    if "equivalence" in cleaned or " eq" in cleaned or "$" in cleaned:
        raise UnitError(f"equivalence or value unit is not a grade: {text!r}")
    # '% Co', '%.', 'Cg (%)', '% Sb': a percent sign with an element label
    if re.fullmatch(r"%\s*[A-Za-z]{0,4}\.?|[A-Za-z]{1,4}\s*\(%\)|%\.", cleaned):
        return "percent"
    raise UnitError(f"not a mass-fraction grade unit: {text!r}")


def parse_tonnage_unit(text: str | None) -> str:
    """Canonical ore-quantity unit (a key of :data:`TONNAGE_UNIT_TO_TONNES`).

    Raises
    ------
    UnitError
        When ``text`` is empty or not a mass unit (volumes, areas, counts, money are refused).
    """
    if text is None or not str(text).strip():
        raise UnitError("tonnage unit missing")
    cleaned = _clean_unit(str(text))
    if cleaned in _TONNAGE_ALIASES:
        return _TONNAGE_ALIASES[cleaned]
    raise UnitError(f"not a mass unit for ore: {text!r}")


def grade_to_fraction(value: ArrayLike, unit: str) -> ArrayLike:
    """Grade in ``unit`` to a mass fraction [kg/kg].

    Parameters
    ----------
    value : float or array
        Grade in ``unit``.
    unit : str
        Any spelling accepted by :func:`parse_grade_unit`.
    """
    return np.asarray(value, dtype=float) * GRADE_UNIT_TO_FRACTION[parse_grade_unit(unit)]


def grade_to_percent(value: ArrayLike, unit: str) -> ArrayLike:
    """Grade in ``unit`` to weight percent [%]."""
    return grade_to_fraction(value, unit) * 100.0


def tonnage_to_tonnes(value: ArrayLike, unit: str) -> ArrayLike:
    """Ore quantity in ``unit`` to metric tonnes [t] (NIST SP 811 conversion factors)."""
    return np.asarray(value, dtype=float) * TONNAGE_UNIT_TO_TONNES[parse_tonnage_unit(unit)]


def oxide_factor(
    element_weight: float, n_element: int, n_oxygen: int, oxygen_weight: float = 15.999
) -> float:
    """Mass of oxide ``E_n O_m`` per mass of element [kg/kg].

    ``f = (n M_E + m M_O) / (n M_E)``, stoichiometry with standard atomic weights [g/mol]
    (IUPAC CIAAW, Standard atomic weights 2021; O = 15.999).
    """
    return (n_element * element_weight + n_oxygen * oxygen_weight) / (n_element * element_weight)


def element_to_oxide(grade: ArrayLike, factor: float | ArrayLike) -> ArrayLike:
    """Element grade to oxide grade (same unit): ``g_oxide = g_element * f``."""
    return np.asarray(grade, dtype=float) * np.asarray(factor, dtype=float)


def oxide_to_element(grade: ArrayLike, factor: float | ArrayLike) -> ArrayLike:
    """Oxide grade to element grade (same unit): ``g_element = g_oxide / f``."""
    return np.asarray(grade, dtype=float) / np.asarray(factor, dtype=float)


#: Rare-earth oxide formulas used for TREO: (element symbol, oxide, n_element, n_oxygen).
#: Ce as CeO2, Pr as Pr6O11 and Tb as Tb4O7, the forms reported by industry (Weng et al.
#: 2015; GEUS MiMa report 2022/01).
REE_OXIDES: tuple[tuple[str, str, int, int], ...] = (
    ("La", "La2O3", 2, 3),
    ("Ce", "CeO2", 1, 2),
    ("Pr", "Pr6O11", 6, 11),
    ("Nd", "Nd2O3", 2, 3),
    ("Sm", "Sm2O3", 2, 3),
    ("Eu", "Eu2O3", 2, 3),
    ("Gd", "Gd2O3", 2, 3),
    ("Tb", "Tb4O7", 4, 7),
    ("Dy", "Dy2O3", 2, 3),
    ("Ho", "Ho2O3", 2, 3),
    ("Er", "Er2O3", 2, 3),
    ("Tm", "Tm2O3", 2, 3),
    ("Yb", "Yb2O3", 2, 3),
    ("Lu", "Lu2O3", 2, 3),
    ("Y", "Y2O3", 2, 3),
    ("Sc", "Sc2O3", 2, 3),
)

#: Standard atomic weights [g/mol], IUPAC CIAAW "Standard atomic weights of the elements
#: 2021" (Prohaska et al. 2022, Pure Appl. Chem. 94:573-600, doi:10.1515/pac-2019-0603),
#: abridged to five significant figures or better.
REE_ATOMIC_WEIGHTS: dict[str, float] = {
    "La": 138.905,
    "Ce": 140.116,
    "Pr": 140.908,
    "Nd": 144.242,
    "Sm": 150.36,
    "Eu": 151.964,
    "Gd": 157.25,
    "Tb": 158.925,
    "Dy": 162.500,
    "Ho": 164.930,
    "Er": 167.259,
    "Tm": 168.934,
    "Yb": 173.045,
    "Lu": 174.967,
    "Y": 88.906,
    "Sc": 44.956,
}

#: Oxide factor per REE symbol [kg oxide / kg element], derived by :func:`oxide_factor`.
REE_OXIDE_FACTORS: dict[str, float] = {
    symbol: oxide_factor(REE_ATOMIC_WEIGHTS[symbol], n, m) for symbol, _, n, m in REE_OXIDES
}

#: Symbols counted in TREO by default (15 lanthanides without Pm, plus Y; not Sc).
TREO_DEFAULT_MEMBERS: tuple[str, ...] = tuple(s for s, *_ in REE_OXIDES if s != "Sc")


def treo_from_elements(
    element_grades: Mapping[str, float],
    oxide_factors: Mapping[str, float],
    members: tuple[str, ...] = TREO_DEFAULT_MEMBERS,
) -> float:
    """Total rare-earth oxide grade from individual element grades (same unit in and out).

    ``TREO = sum_i g_i * f_i`` over the ``members`` present in ``element_grades``
    (Weng et al. 2015, Econ. Geol. 110:1925, method section: element ppm converted to
    oxides and summed). Elements missing from ``element_grades`` count as zero; an input
    with no member at all gives NaN (unknown, not zero).
    """
    present = [s for s in members if s in element_grades and np.isfinite(element_grades[s])]
    if not present:
        return float("nan")
    return float(sum(element_grades[s] * oxide_factors[s] for s in present))


def treo_to_elements(
    treo_grade: float,
    oxide_distribution: Mapping[str, float],
    oxide_factors: Mapping[str, float],
) -> dict[str, float]:
    """Individual element grades from a TREO grade and the deposit's oxide distribution.

    ``g_i = TREO * w_i / f_i`` with ``w_i`` the mass fraction of oxide *i* in TREO
    (normalised to sum 1 over the given members) and ``f_i`` its oxide factor; the inverse
    of :func:`treo_from_elements` for the same members (same unit in and out). The
    distribution is a property of the deposit (e.g. from its technical report); this
    function does not guess one.

    Raises
    ------
    ValueError
        When the distribution is empty or does not sum to a positive number.
    """
    total = float(sum(oxide_distribution.values()))
    if not oxide_distribution or total <= 0:
        raise ValueError("oxide distribution must have positive shares")
    return {
        symbol: treo_grade * (share / total) / oxide_factors[symbol]
        for symbol, share in oxide_distribution.items()
    }


def contained_tonnes(ore_tonnes: ArrayLike, grade_fraction: ArrayLike) -> ArrayLike:
    """Contained mass [t] = ore [t] x grade [mass fraction]."""
    return np.asarray(ore_tonnes, dtype=float) * np.asarray(grade_fraction, dtype=float)
