"""One JSON-values rule for every interface: :func:`assay.tables.plain`.

The web's :func:`assay.web.render.jsonable` is ``plain`` with the pages' further
conversions (``convert``), and the run manifests (:func:`assay.analyses.manifest.build_manifest`)
use ``plain`` itself; neither keeps a copy of the rule.

Oracle: hand-written JSON values (what the web's own converter gave before it was folded
into ``plain``).
"""

from __future__ import annotations

import ast
import collections
import dataclasses
import json
import math
import types
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assay.analyses.manifest import build_manifest
from assay.tables import plain
from assay.web.render import dumps, jsonable, rows_to_csv

SRC = Path(__file__).resolve().parents[1] / "src" / "assay"


@dataclasses.dataclass
class _Point:
    x: float
    tags: tuple


_Pair = collections.namedtuple("_Pair", "left right")


class _Opaque:
    def __str__(self) -> str:
        return "opaque value"


def test_jsonable_is_plain_where_plain_has_a_form() -> None:
    value = {
        "nan": math.nan,
        "arr": np.array([[1.0, np.inf]]),
        "int": np.int64(4),
        "day": date(2025, 2, 3),
        "when": pd.Timestamp("2025-02-03 04:05"),
        "path": Path("a/b.csv"),
        "tuple": (1, (2, None)),
        7: "int key",
    }
    assert jsonable(value) == plain(value)
    assert jsonable(value) == {
        "nan": None,
        "arr": [[1.0, None]],
        "int": 4,
        "day": "2025-02-03",
        "when": "2025-02-03T04:05:00",
        "path": "a/b.csv",
        "tuple": [1, [2, None]],
        "7": "int key",
    }


def test_jsonable_page_conversions() -> None:
    """What the pages add to ``plain``: a page never fails on a value."""
    frame = pd.DataFrame({"a": [1.0, np.nan], "b": ["x", None]})
    value = {
        "set": {3},
        "decimal": Decimal("1.25"),
        "decimal_nan": Decimal("NaN"),
        "frame": frame,
        "series": pd.Series([1, 2], index=["p", "q"]),
        "dataclass": _Point(1.5, (np.int32(2),)),
        "namedtuple": _Pair(1, Path("p")),
        "proxy": types.MappingProxyType({1: np.float64(3.0)}),
        "opaque": _Opaque(),
        "nested": [{"s": frozenset(["k"])}],
    }
    assert jsonable(value) == {
        "set": [3],
        "decimal": 1.25,
        "decimal_nan": None,
        "frame": [{"a": 1.0, "b": "x"}, {"a": None, "b": None}],
        "series": {"p": 1, "q": 2},
        "dataclass": {"x": 1.5, "tags": [2]},
        "namedtuple": [1, "p"],
        "proxy": {"1": 3.0},
        "opaque": "opaque value",
        "nested": [{"s": ["k"]}],
    }
    text = dumps(value)  # strict JSON: allow_nan=False would raise on a NaN left over
    assert json.loads(text) == jsonable(value)
    assert rows_to_csv([{"d": Decimal("2.5"), "s": {"a"}}]) == 'd,s\n2.5,"[""a""]"\n'


def test_plain_convert_protocol() -> None:
    """``convert`` is asked only about values plain cannot already write; returning the
    value itself leaves it to plain's numpy rules; without ``convert`` a set is an error."""
    asked: list[str] = []

    def convert(obj):
        asked.append(type(obj).__name__)
        return sorted(obj) if isinstance(obj, set) else obj

    out = plain({"a": 1, "b": [2.5, "x", None], "s": {2, 1}, "n": np.float32(0.5)}, convert=convert)
    assert out == {"a": 1, "b": [2.5, "x", None], "s": [1, 2], "n": 0.5}
    # np.float32 is no float: convert is asked, hands it back, and the numpy rules write it
    assert asked == ["set", "float32"]
    with pytest.raises(TypeError, match="set"):
        plain({"s": {1}})
    with pytest.raises(TypeError, match="_Opaque"):
        plain([_Opaque()], convert=lambda obj: obj)


def test_manifest_parameters_and_seed_are_plain() -> None:
    manifest = build_manifest(
        "probe",
        parameters={
            "path": Path("x/y.csv"),
            "pair": (1, np.int64(2)),
            "grid": np.arange(3),
            "missing": float("nan"),
            "limits": types.MappingProxyType({2: np.float64(0.5)}),
        },
        seed=[np.uint64(123), (0, 1)],
        started_utc=datetime(2025, 1, 1),
    )
    assert manifest["parameters"] == {
        "path": "x/y.csv",
        "pair": [1, 2],
        "grid": [0, 1, 2],
        "missing": None,
        "limits": {"2": 0.5},
    }
    assert manifest["seed"] == [123, [0, 1]]
    assert plain(manifest) == manifest


def test_one_copy_of_the_numpy_rules() -> None:
    """The numpy duck-typing (``hasattr(x, "tolist")``) of a JSON converter lives in
    ``assay/tables.py``; the web only names it to hand values back to ``plain``."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "hasattr"
                and len(node.args) == 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "tolist"
            ):
                found.append(str(path.relative_to(SRC)))
    assert sorted(set(found)) == ["tables.py", "web/render.py"], found
