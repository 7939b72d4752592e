"""Bundled element table checked against an independent implementation.

Oracle: the ``periodictable`` package (P. Kienzle et al., PyPI ``periodictable`` >= 1.7, a dev
dependency), whose element masses are the IUPAC CIAAW abridged standard atomic weights 2021
(Prohaska et al. 2022, "Standard atomic weights of the elements 2021", Pure Appl. Chem. 94,
573-600, doi:10.1515/pac-2019-0603; Ar and N at atmospheric and U at Namibian-ore composition
per Meija et al. 2016). It was typed independently of ``src/assay/reference/elements.csv``,
which was first written from memory, so agreement is evidence against transcription errors.

Tolerances
----------
- atomic weight: the CSV value is an abridged value printed to a given number of decimals, so it
  must agree with the oracle within half a unit in its last printed place plus the oracle's
  standard uncertainty, and in any case within 1e-3 relative (the abridged table's worst case,
  for interval elements such as Li 6.94);
- oxide factor ``(n*A(M) + m*A(O)) / (n*A(M))``: within 1e-4 absolute of the factor computed
  from the oracle's weights (the CSV prints four decimals).
"""

from __future__ import annotations

import csv
import math
import re
from decimal import Decimal

import periodictable
import pytest

from assay.models import grades
from assay.models.econ import valuation
from assay.reference import path

#: IUPAC spellings kept in the CSV where ``periodictable`` uses the US spelling
#: (IUPAC Red Book 2005, Table I; CIAAW element list).
IUPAC_SPELLINGS = {"Al": ("aluminium", "aluminum"), "Cs": ("caesium", "cesium")}

OXIDE_FACTOR_TOLERANCE = 1e-4
ATOMIC_WEIGHT_RELATIVE_LIMIT = 1e-3


def _rows() -> list[dict[str, str]]:
    with path("elements.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ROWS = _rows()
WEIGHTED = [r for r in ROWS if r["atomic_weight"]]
OXIDES = [r for r in ROWS if r["oxide_formula"] and r["oxide_factor"]]


def _oracle(symbol: str):
    return periodictable.elements.symbol(symbol)


def _oxide_stoichiometry(formula: str, symbol: str) -> tuple[int, int]:
    """(n, m) of ``M_n O_m`` parsed from a formula such as ``'Pr6O11'``."""
    match = re.fullmatch(rf"{symbol}(\d*)O(\d*)", formula)
    assert match, f"{formula!r} is not an oxide of {symbol}"
    return int(match.group(1) or 1), int(match.group(2) or 1)


def _factor(weight: float, n: int, m: int, oxygen: float) -> float:
    return (n * weight + m * oxygen) / (n * weight)


def test_table_covers_hydrogen_to_uranium() -> None:
    assert [int(r["atomic_number"]) for r in ROWS] == list(range(1, 93))


@pytest.mark.parametrize("row", ROWS, ids=[r["symbol"] for r in ROWS])
def test_atomic_number_and_name_match_oracle(row: dict[str, str]) -> None:
    element = _oracle(row["symbol"])
    assert int(row["atomic_number"]) == element.number
    name = row["name"].lower()
    if row["symbol"] in IUPAC_SPELLINGS:
        assert (name, element.name) == IUPAC_SPELLINGS[row["symbol"]]
    else:
        assert name == element.name


@pytest.mark.parametrize("row", WEIGHTED, ids=[r["symbol"] for r in WEIGHTED])
def test_atomic_weight_matches_ciaaw_2021(row: dict[str, str]) -> None:
    element = _oracle(row["symbol"])
    printed = Decimal(row["atomic_weight"])
    half_last_place = 0.5 * 10.0 ** printed.as_tuple().exponent
    oracle_uncertainty = float(getattr(element, "_mass_unc", 0.0) or 0.0)
    difference = abs(float(printed) - element.mass)
    assert difference <= half_last_place + oracle_uncertainty + 1e-12, (
        f"{row['symbol']}: {printed} vs CIAAW 2021 {element.mass} (±{oracle_uncertainty})"
    )
    assert difference / element.mass <= ATOMIC_WEIGHT_RELATIVE_LIMIT


def test_blank_atomic_weight_only_for_elements_without_standard_weight() -> None:
    # Published: the CIAAW 2021 table gives no standard atomic weight to Tc, Pm and Po-Ac
    # (no stable isotope, no characteristic terrestrial composition); Bi, Th, Pa and U have one.
    # The oracle agrees: for exactly these it carries the mass number of one isotope (an
    # integer) instead of an abundance-weighted mean.
    no_standard_weight = {"Tc", "Pm", "Po", "At", "Rn", "Fr", "Ra", "Ac"}
    assert {r["symbol"] for r in ROWS if not r["atomic_weight"]} == no_standard_weight
    for symbol in no_standard_weight:
        assert float(_oracle(symbol).mass).is_integer(), symbol


@pytest.mark.parametrize("row", OXIDES, ids=[r["oxide_formula"] for r in OXIDES])
def test_oxide_factor_matches_stoichiometry(row: dict[str, str]) -> None:
    # Analytic result: f = (n*A(M) + m*A(O)) / (n*A(M)) with the oracle's CIAAW 2021 weights,
    # e.g. La2O3: (2*138.90547 + 3*15.999) / (2*138.90547) = 1.17277.
    n, m = _oxide_stoichiometry(row["oxide_formula"], row["symbol"])
    expected = _factor(_oracle(row["symbol"]).mass, n, m, periodictable.O.mass)
    assert float(row["oxide_factor"]) == pytest.approx(expected, abs=OXIDE_FACTOR_TOLERANCE)


def test_every_rare_earth_with_a_weight_has_an_oxide_factor() -> None:
    rare_earths = [r for r in ROWS if r["is_rare_earth"] == "true"]
    assert len(rare_earths) == 17  # Sc, Y and the 15 lanthanides (IUPAC Red Book 2005 IR-3.5)
    for row in rare_earths:
        assert bool(row["oxide_factor"]) == bool(row["atomic_weight"]), row["symbol"]


def test_la2o3_factor_worked_example() -> None:
    # Analytic: (2*138.91 + 3*15.999) / (2*138.91) = 1.172773..., the CSV prints 1.1728.
    la = next(r for r in ROWS if r["symbol"] == "La")
    assert float(la["oxide_factor"]) == pytest.approx(1.172773, abs=OXIDE_FACTOR_TOLERANCE)


@pytest.mark.parametrize(
    "weights",
    [grades.REE_ATOMIC_WEIGHTS, valuation.ATOMIC_WEIGHTS],
    ids=["models.grades", "models.econ.valuation"],
)
def test_model_ree_weights_match_oracle(weights: dict[str, float]) -> None:
    # The rare-earth weights the models carry must agree with the same CIAAW 2021 oracle.
    for symbol, weight in weights.items():
        assert math.isclose(weight, _oracle(symbol).mass, rel_tol=1e-5), symbol


def test_model_ree_oxide_factors_match_bundled_table() -> None:
    # Independent paths to the same number: models.grades derives the factor from its own
    # weights; the CSV carries a printed factor.
    by_symbol = {r["symbol"]: r for r in ROWS}
    for symbol, factor in grades.REE_OXIDE_FACTORS.items():
        printed = by_symbol[symbol]["oxide_factor"]
        assert factor == pytest.approx(float(printed), abs=OXIDE_FACTOR_TOLERANCE), symbol
        assert valuation.oxide_factor(symbol) == pytest.approx(factor, abs=OXIDE_FACTOR_TOLERANCE)
