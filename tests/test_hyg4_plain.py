"""One JSON-values rule: :func:`assay.tables.plain`, used by ``--json`` (the CLI's
``to_json``) and by :meth:`assay.api.Result.to_dict`.

Oracle: hand-written JSON values, and ``json.loads`` of the CLI text (strict: it rejects
the ``NaN`` token that ``json.dumps`` writes for a NaN it is given).
"""

from __future__ import annotations

import enum
import json
import math
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from assay.cli._common import to_json
from assay.tables import plain


class Colour(enum.StrEnum):
    RED = "red"


class Size(enum.IntEnum):
    BIG = 3


def _strict_loads(text: str):
    def reject(token: str):
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=reject)


def test_plain_values():
    value = {
        "nan": math.nan,
        "inf": -math.inf,
        "np": np.float64(2.5),
        "np_nan": np.float32("nan"),
        "int": np.int64(7),
        "bool": np.bool_(True),
        "arr": np.array([[1.0, np.nan], [3.0, np.inf]]),
        "day": date(2025, 1, 31),
        "when": datetime(2025, 1, 31, 12, 30),
        "path": Path("a/b.csv"),
        "tuple": (1, "x", None),
        "enum": Colour.RED,
        "size": Size.BIG,
        1: "int key",
        ("a", 2): "tuple key",
    }
    assert plain(value) == {
        "nan": None,
        "inf": None,
        "np": 2.5,
        "np_nan": None,
        "int": 7,
        "bool": True,
        "arr": [[1.0, None], [3.0, None]],
        "day": "2025-01-31",
        "when": "2025-01-31T12:30:00",
        "path": "a/b.csv",
        "tuple": [1, "x", None],
        "enum": "red",
        "size": 3,
        "1": "int key",
        "('a', 2)": "tuple key",
    }
    out = plain(value)
    assert type(out["enum"]) is str and type(out["size"]) is int and type(out["np"]) is float
    assert json.loads(json.dumps(out)) == out  # already plain: a JSON round trip keeps it


def test_cli_json_is_plain_and_strict_json():
    value = {"a": np.float64("nan"), "b": [np.array([1.5, np.inf])], "c": date(2024, 5, 1)}
    text = to_json(value)
    assert _strict_loads(text) == plain(value) == {"a": None, "b": [[1.5, None]], "c": "2024-05-01"}
    assert text == json.dumps(plain(value), indent=2, ensure_ascii=False)


def test_no_json_form_is_an_error():
    with pytest.raises(TypeError, match="set"):
        plain({"s": {1, 2}})
    with pytest.raises(TypeError, match="object"):
        to_json([object()])
