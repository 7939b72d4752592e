"""The CLI and the API share one tract-spec merge and one measure spelling table.

``assay assess`` and :func:`assay.api.assess` build their tract with
:func:`assay.importers.mapmark4.tract_spec_with_options`; ``assay history`` and
:func:`assay.api.history` read the measure with :func:`assay.analyses.statistics.measure_key`.
Oracles: the spec file itself (what its keys say), the CLI's ``--json`` output, and
hand-written expectations of the merge rules (an option overrides a key; a ``gatm``/``tm``
option replaces both models of the spec).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tests.api.geofiles import mapmark4_examples
from tests.api.test_api import cli_json, same, without

from assay import api
from assay.analyses.statistics import MEASURE_ALIASES, measure_key
from assay.importers.mapmark4 import (
    MapMark4InputError,
    read_tract_spec,
    tract_spec_with_options,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "assay"


def _spec(tmp_path: Path, mm4: Path, extra: str = "") -> Path:
    path = tmp_path / "tract.yaml"
    path.write_text(
        f"name: Spec tract\ngatm: {mm4 / 'ExampleGatm.csv'}\n"
        f"estimates: {mm4 / 'ExampleDepEst1.csv'}\ndraws: 700\nseed: 5\n{extra}"
    )
    return path


def test_options_override_the_spec_and_none_means_not_given(shared_data, tmp_path):
    mm4 = mapmark4_examples(shared_data)
    spec = _spec(tmp_path, mm4, "area_km2: 1200\n")
    unchanged = tract_spec_with_options(spec, draws=None, seed=None, name=None)
    assert unchanged == read_tract_spec(spec)
    tract = tract_spec_with_options(spec, draws=900, name="Other", pmf="mark3")
    assert (tract.draws, tract.name, tract.pmf) == (900, "Other", "mark3")
    assert tract.seed == 5 and tract.area_km2 == 1200.0  # the spec's keys stay
    assert tract.source == spec


def test_a_model_option_replaces_both_models_of_the_spec(shared_data, tmp_path):
    mm4 = mapmark4_examples(shared_data)
    spec = _spec(tmp_path, mm4)
    tract = tract_spec_with_options(spec, tm=mm4 / "ExampleTm.csv")
    assert tract.gatm is None and tract.tm == mm4 / "ExampleTm.csv"


def test_without_a_spec_the_options_are_the_spec(shared_data):
    mm4 = mapmark4_examples(shared_data)
    tract = tract_spec_with_options(
        None, gatm=mm4 / "ExampleGatm.csv", estimates=mm4 / "ExampleDepEst2.csv", seed=1
    )
    assert tract.name == "tract" and tract.seed == 1 and tract.draws == 20_000
    with pytest.raises(MapMark4InputError, match="command line"):
        tract_spec_with_options(None, estimates=mm4 / "ExampleDepEst2.csv")
    with pytest.raises(ValueError, match="not tract spec keys: colour"):
        tract_spec_with_options(None, colour="red")


def test_spec_with_options_gives_the_cli_numbers(shared_data, tmp_path):
    mm4 = mapmark4_examples(shared_data)
    spec = _spec(tmp_path, mm4)
    result = api.assess(spec, draws=800, name="Overridden")
    expected = cli_json("assess", str(spec), "--draws", "800", "--name", "Overridden")
    assert expected["tract"] == "Overridden"
    same(without(result.to_dict(), "manifest"), without(expected, "manifest"))


@pytest.mark.parametrize(
    "typed,stored",
    [("production", "mine_production"), ("Mine production", "mine_production"),
     ("refinery", "refinery_production"), ("net-import reliance", "net_import_reliance"),
     ("NIR", "net_import_reliance"), (" reserve ", "reserves"), ("capacity", "capacity")],
)  # fmt: skip
def test_measure_key(typed, stored):
    assert measure_key(typed) == stored


def test_history_alias_equals_the_cli(mcs_store_path):
    result = api.history("lithium", "Mine production", db=mcs_store_path)
    assert result.to_dict()["measure"] == "mine_production"
    same(result.to_dict(), cli_json("history", "lithium", "mine", "--db", str(mcs_store_path)))


def test_one_copy_of_the_helpers():
    """The interfaces hold no copy of the alias table or of the merge (the test can fail:
    it finds the table in statistics.py, where it lives)."""

    def copies(path: Path) -> list[int]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"refinery", "nir"} <= keys or {"max_deposits", "truncate", "joint"} <= keys:
                    found.append(node.lineno)
        return found

    assert copies(SRC / "analyses" / "statistics.py")  # where the table lives
    assert set(MEASURE_ALIASES) >= {"production", "refinery", "nir"}
    for rel in ("api.py", "cli/stats.py", "cli/assess.py"):
        assert not copies(SRC / rel), rel
