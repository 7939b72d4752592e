"""Tables as files: the one CSV cell rule and the CSV/Parquet writers of every interface.

A cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) and that is not a number gets a leading apostrophe (the OWASP
"CSV injection" rule), so that a site name or an article title from the store can never run
as a formula in the analyst's spreadsheet. The web's CSV downloads and ``assay export`` use
the same rule from here.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "FORMULA_PREFIXES",
    "TABLE_FORMATS",
    "neutralise_cell",
    "plain",
    "write_table",
    "write_atomically",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TABLE_FORMATS = {".csv": "csv", ".parquet": "parquet"}


def neutralise_cell(value: Any) -> Any:
    """``value`` made safe for a CSV cell: a text that a spreadsheet would run as a formula
    gets a leading apostrophe; numbers (also signed numbers written as text) are unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def plain(obj: Any, *, convert: Callable[[Any], Any] | None = None) -> Any:
    """``obj`` as plain JSON values: what a ``--json`` output parses back to, and what every
    interface prints or returns as JSON (``assay ... --json``, :meth:`assay.api.Result.to_dict`,
    the web pages' JSON twins through :func:`assay.web.render.jsonable`, run manifests).

    Dates as ISO text, paths as text, numpy values and arrays as Python numbers and lists,
    NaN and infinities as ``None`` (they are not JSON), tuples as lists, mappings as dicts
    with text keys (``str(key)``), subclasses of text and numbers (enums, numpy scalars) as
    the plain type.

    Parameters
    ----------
    obj : any
        The value to convert (nested containers are converted throughout).
    convert : callable, optional
        An interface's own further conversions (the web's: sets, decimals, DataFrames,
        dataclasses, anything else as text): called on every value that is not a JSON
        value, a mapping, a list or tuple, a date or a path, before the numpy rules. It
        returns the value's replacement (converted in turn), or the value itself to leave
        it to the numpy rules.

    Raises
    ------
    TypeError
        For a value with no JSON form (a set, an arbitrary object) that ``convert`` leaves.
    """
    if obj is None or type(obj) in (str, int, bool):
        return obj
    if isinstance(obj, float):  # numpy's float64 is a float
        value = float(obj)
        return value if math.isfinite(value) else None
    if isinstance(obj, Mapping):
        return {str(k): plain(v, convert=convert) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v, convert=convert) for v in obj]
    if isinstance(obj, int):  # an IntEnum (bool has no subclasses)
        return int(obj)
    if isinstance(obj, str):  # a str enum, numpy's str_: the text itself, not its str()
        return str.__str__(obj)
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    if convert is not None:
        replacement = convert(obj)
        if replacement is not obj:
            return plain(replacement, convert=convert)
    if hasattr(obj, "tolist"):  # numpy array or scalar (a scalar's tolist is its item)
        return plain(obj.tolist(), convert=convert)
    if hasattr(obj, "item"):
        return plain(obj.item(), convert=convert)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _cell_text(value: Any) -> Any:
    """A frame cell as a flat value: dicts and lists become JSON text."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(plain(value), ensure_ascii=False)
    return value


def write_atomically(path: Path, write: Callable[[Path], Any]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path`` and move it into place only
    when it succeeded, so that a failure leaves no file (and no half-written one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.unlink()  # some writers (GDAL) refuse an existing file
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_table(frame: Any, path: Path) -> Path:
    """Write a DataFrame as CSV or Parquet, by the file's suffix.

    CSV cells are neutralised against formula injection (:func:`neutralise_cell`); nested
    cells (dicts, lists) are written as JSON text in both formats. Parquet keeps the
    frame's ``attrs`` (sources, edition, unit) in its metadata.

    Raises
    ------
    ValueError
        For a suffix other than ``.csv`` or ``.parquet``.
    """
    path = Path(path)
    fmt = TABLE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: use a .csv or .parquet file name")
    import pandas as pd

    out = frame.copy()
    # text columns: object dtype, or pandas' own string dtype (the default from pandas 3)
    text = [
        c for c in out.columns if out[c].dtype == object or pd.api.types.is_string_dtype(out[c])
    ]
    for column in text:
        if out[column].dtype == object:
            out[column] = out[column].map(_cell_text)
            kinds = {type(v) for v in out[column] if v is not None and v == v}
            if len(kinds) > 1:  # a column of text and numbers: Parquet needs one type per column
                out[column] = out[column].map(lambda v: v if v is None or v != v else str(v))
    if fmt == "csv":
        for column in text:
            out[column] = out[column].map(neutralise_cell)

        def write(tmp: Path) -> None:
            out.to_csv(tmp, index=False)
    else:
        out.attrs = plain(dict(frame.attrs))

        def write(tmp: Path) -> None:
            out.to_parquet(tmp, index=False)

    return write_atomically(path, write)
