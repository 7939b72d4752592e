"""The one number formatter (assay.formatting) and the text output that uses it.

Expected strings are worked by hand from the definition (three significant figures,
positional notation, bn/m money, kt/Mt/Gt tonnes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.formatting import fraction, label, listing, money, number, significant, tonnes, yes_no

runner = CliRunner()
ECON_DATA = Path(__file__).resolve().parents[1] / "econ" / "data"
EXAMPLE_TRACT = (
    Path(__file__).resolve().parents[2] / "src/assay/reference/examples/carbonatite_ree/tract.yaml"
)
# a number in scientific notation: 1e10, 1.476e+07, 2.5E-3 (not a word such as 'deposits')
SCIENTIFIC = re.compile(r"\d\.?\d*[eE][+-]?\d+\b")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, "1,230,000"),
        (0.000123456, "0.000123"),
        (999.6, "1,000"),
        (12.34, "12.3"),
        (-0.0456789, "-0.0457"),
        (0, "0"),
    ],
)
def test_significant_three_figures_positional(value, expected):
    assert significant(value) == expected


def test_money_tonnes_and_numbers_as_an_analyst_reads_them():
    assert money(1.0e10) == "$10 bn"
    assert money(-1.234e6) == "-$1.23 m"
    assert money(950_400, "EUR") == "€950 k"
    assert money(12_000_000, "UAH") == "UAH 12 m"
    assert tonnes(1.476e7) == "14.8 Mt"
    assert tonnes(891_358_074) == "891 Mt"
    assert tonnes(1.2e9) == "1.2 Gt"
    assert tonnes(999_999) == "1 Mt"  # rounded first, so never '1,000 kt'
    assert tonnes(12.34) == "12.3 t"
    assert number(1.476e7) == "14.8 million"
    assert number(2_000) == "2000" and number(123_456) == "123,456"  # counts stay exact
    assert number(float("nan")) == "—" and money(None) == "—" and tonnes(float("inf")) == "—"
    assert fraction(0.29821) == "0.298"
    assert yes_no(True) == "yes" and yes_no(False) == "no"
    assert label("offer_of_cooperation") == "offer of cooperation"
    assert listing(["CHN", "RUS"]) == "CHN, RUS"


def test_no_scientific_notation_anywhere_in_the_formatter():
    for exponent in range(-12, 22):
        for mantissa in (1.0, 1.476, 9.999):
            x = mantissa * 10.0**exponent
            for text in (number(x), money(x), tonnes(x), fraction(x)):
                assert not SCIENTIFIC.search(text), (x, text)


def _text(args: list[str]) -> str:
    result = runner.invoke(get_app(), args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.output


def _assert_plain(output: str) -> None:
    found = SCIENTIFIC.findall(output)
    assert not found, f"scientific notation in text output: {found}\n{output}"
    for word in ("True", "False", "['", "']"):
        assert word not in output, f"{word!r} in text output:\n{output}"


def test_deal_text_output_has_no_scientific_notation():
    _assert_plain(_text(["deal", str(ECON_DATA / "us_ukraine_fund.yaml")]))


def test_value_text_output_has_no_scientific_notation():
    out = _text(["value", "--ore-t", "1e8", "--grade", "Cu=0.5", "--depth-m", "30"])
    _assert_plain(out)
    ree = ["--ree-distribution", "La2O3=30,CeO2=50,Pr6O11=5,Nd2O3=15"]
    ree += ["--recovery", "TREO=0.6"]
    _assert_plain(_text(["value", "--ore-t", "1e7", "--grade", "TREO=3", *ree]))


def test_assess_text_output_has_no_scientific_notation():
    _assert_plain(_text(["assess", str(EXAMPLE_TRACT), "--draws", "2000", "--seed", "3"]))


def test_econ_text_output_has_no_scientific_notation(shared_data):
    raef = shared_data / "mapmark4-examples" / "raef"
    out = _text(
        [
            "econ",
            "--deposits",
            str(raef / "Porphyry_05_SIM_EF.csv"),
            "--preset",
            str(raef / "RaefPreSetFile.csv"),
            "--seed",
            "1",
        ]
    )
    _assert_plain(out)
    assert "None" not in out and "1.87 Mt" in out  # RAEF example: mean recovered Cu


@pytest.mark.parametrize(
    "args",
    [
        ["shock", "rare earths", "--remove", "CHN"],
        ["risk", "rare earths"],
        ["sites", "--country", "UKR", "--commodity", "rare earths"],
    ],
)
def test_text_output_has_no_python_lists_or_internal_codes(args, mcs_store_path):
    out = _text([*args, "--db", str(mcs_store_path)])
    _assert_plain(out)
    for code in ("mine_production", "eu_crm", "usgs_2021", "economic_importance"):
        assert code not in out, f"{code} in `assay {' '.join(args)}`:\n{out}"
