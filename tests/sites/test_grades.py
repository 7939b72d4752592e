"""Unit and element/oxide normalisation (assay.models.grades)."""

import math

import numpy as np
import pytest

from assay.models import grades

# Oracle: oxide factors from stoichiometry with IUPAC 2021 atomic weights, as tabulated
# (4 decimals) in /work/shared/docs/methods-risk-classification-valuation.md section 6 [D].
PUBLISHED_FACTORS = {
    "La": 1.1728,
    "Ce": 1.2284,
    "Pr": 1.2082,
    "Nd": 1.1664,
    "Sm": 1.1596,
    "Eu": 1.1579,
    "Gd": 1.1526,
    "Tb": 1.1762,
    "Dy": 1.1477,
    "Ho": 1.1455,
    "Er": 1.1435,
    "Tm": 1.1421,
    "Yb": 1.1387,
    "Lu": 1.1372,
    "Y": 1.2699,
    "Sc": 1.5338,
}


@pytest.mark.parametrize("symbol", sorted(PUBLISHED_FACTORS))
def test_ree_oxide_factors_match_stoichiometry(symbol):
    assert grades.REE_OXIDE_FACTORS[symbol] == pytest.approx(PUBLISHED_FACTORS[symbol], abs=6e-5)


def test_oxide_factor_hand_computed():
    # Oracle: La2O3 = (2*138.905 + 3*15.999) / (2*138.905) = 325.807/277.81 (hand arithmetic)
    assert grades.oxide_factor(138.905, 2, 3) == pytest.approx(325.807 / 277.81, rel=1e-12)


@pytest.mark.parametrize(
    ("value", "unit", "percent"),
    [
        (1.0, "%", 1.0),
        (1.0, "wt-pct", 1.0),
        (10000.0, "ppm", 1.0),  # 1 % = 10 000 ppm (definition)
        (10000.0, "parts per million", 1.0),
        (10000.0, "g/t", 1.0),
        (10.0, "kg/t", 1.0),
        (1e7, "ppb", 1.0),
        (2.5, "% Co", 2.5),
        (3.0, "Cg (%)", 3.0),
    ],
)
def test_grade_units_to_percent(value, unit, percent):
    assert float(grades.grade_to_percent(value, unit)) == pytest.approx(percent)


def test_troy_ounce_per_short_ton():
    # Oracle: 1 oz/st = 31.1034768 g / 0.90718474 t = 34.2857 g/t (NIST SP 811 factors)
    assert float(grades.grade_to_fraction(1.0, "oz/t")) * 1e6 == pytest.approx(34.2857, rel=1e-5)


@pytest.mark.parametrize(
    "unit", ["gram per cubic metre", "mg/L", "copper equivalence percent", "US$/t", "", None]
)
def test_non_mass_fraction_grades_refused(unit):
    with pytest.raises(grades.UnitError):
        grades.parse_grade_unit(unit)


@pytest.mark.parametrize(
    ("value", "unit", "tonnes"),
    [
        (1.0, "Mt", 1e6),
        (1.0, "million tonnes", 1e6),
        (1.0, "000's", 1e3),
        (1.0, "short tons", 0.90718474),  # NIST SP 811: 1 short ton = 907.18474 kg
        (1.0, "million tons", 907184.74),
    ],
)
def test_tonnage_units(value, unit, tonnes):
    assert float(grades.tonnage_to_tonnes(value, unit)) == pytest.approx(tonnes)


def test_tonnage_refuses_volume():
    with pytest.raises(grades.UnitError):
        grades.parse_tonnage_unit("cubic metres")


def test_element_oxide_roundtrip():
    g = np.array([0.1, 1.0, 5.0])
    f = grades.REE_OXIDE_FACTORS["Nd"]
    np.testing.assert_allclose(grades.oxide_to_element(grades.element_to_oxide(g, f), f), g)


def test_treo_from_elements_hand_sum():
    # Oracle: hand sum 1000 ppm La * 1.1728 + 2000 ppm Ce * 1.2284 + 100 ppm Y * 1.2699
    # = 1172.8 + 2456.8 + 126.99 = 3756.59 ppm (factors rounded; tolerance covers it).
    # Sc is not a TREO member and is ignored.
    treo = grades.treo_from_elements(
        {"La": 1000.0, "Ce": 2000.0, "Y": 100.0, "Sc": 50.0}, grades.REE_OXIDE_FACTORS
    )
    assert treo == pytest.approx(3756.59, abs=0.2)


def test_treo_unknown_when_no_member():
    assert math.isnan(grades.treo_from_elements({"Sc": 10.0}, grades.REE_OXIDE_FACTORS))


def test_contained():
    # Oracle: 100 Mt at 2 % = 2 Mt contained (arithmetic)
    assert float(grades.contained_tonnes(100e6, 0.02)) == pytest.approx(2e6)


def test_treo_to_elements_inverts_treo_from_elements():
    # Oracle: analytic inverse; distribution La2O3 25 %, CeO2 50 %, Nd2O3 25 % of 2 % TREO
    # gives La = 2 * 0.25 / 1.1728..., and summing the oxides back gives 2 % again.
    f = grades.REE_OXIDE_FACTORS
    elements = grades.treo_to_elements(2.0, {"La": 25, "Ce": 50, "Nd": 25}, f)
    assert elements["La"] == pytest.approx(2.0 * 0.25 / f["La"])
    assert grades.treo_from_elements(elements, f) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        grades.treo_to_elements(1.0, {}, f)
