"""Rendering helpers shared by the pages: JSON encoding, number formatting, templates.

Every page is computed once as a plain dict (its *JSON twin*) and then either serialised
as JSON or rendered through a Jinja template with autoescaping, so the two views can never
disagree and no text from the store or from an article is ever emitted unescaped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from assay.formatting import cite, fmt_number, fmt_percent  # shared with the reports
from assay.tables import neutralise_cell, plain

TEMPLATES = Path(__file__).parent / "templates"
#: templates shared by the web pages and the reports (neither layer imports the other's)
SHARED_TEMPLATES = Path(__file__).parents[1] / "shared_templates"


def jsonable(obj: Any) -> Any:
    """Convert ``obj`` (dicts, lists, numpy/pandas values, dates) to JSON-safe values.

    :func:`assay.tables.plain` (the one JSON-values rule: NaN and infinities become
    ``None`` so that every consumer can parse the result), which the pages extend: sets
    become lists, decimals numbers, DataFrames lists of records, Series and dataclasses
    dicts, and anything else its text, so that a page never fails on a value.
    """
    return plain(obj, convert=_page_value)


def _page_value(obj: Any) -> Any:
    """The pages' conversions beyond :func:`assay.tables.plain` (its ``convert``): the
    replacement of ``obj``, or ``obj`` itself for plain's numpy rules."""
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if isinstance(obj, Decimal):
        return float(obj)
    if hasattr(obj, "to_dict") and hasattr(obj, "columns"):  # pandas DataFrame
        return obj.to_dict(orient="records")
    if hasattr(obj, "to_dict") and hasattr(obj, "index"):  # pandas Series: index -> value
        return obj.to_dict()
    if hasattr(obj, "tolist") or hasattr(obj, "item"):  # numpy: plain's own rules
        return obj
    if hasattr(obj, "__dataclass_fields__"):
        return {k: getattr(obj, k) for k in obj.__dataclass_fields__}
    if hasattr(obj, "_asdict"):
        return obj._asdict()
    return str(obj)


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """Serialise with :func:`jsonable`; ``allow_nan=False`` guarantees strict JSON."""
    return json.dumps(jsonable(obj), indent=indent, ensure_ascii=False, allow_nan=False)


def script_json(obj: Any) -> str:
    """JSON for a ``<script type="application/json">`` block, safe against ``</script>``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., so no string in the data can end
    the block or open a tag (the OWASP rule for JSON embedded in HTML).
    """
    text = dumps(obj)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def make_environment() -> jinja2.Environment:
    """The Jinja environment of pages and reports (autoescape on for every template)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATES), str(SHARED_TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = fmt_number
    env.filters["pct"] = fmt_percent
    env.filters["cite"] = cite
    env.filters["script_json"] = script_json
    return env


def rows_to_csv(rows: Sequence[Mapping[str, Any]], columns: Iterable[str] | None = None) -> str:
    """CSV text (RFC 4180, header row first) of a list of records.

    Cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
    ``@``) and that are not numbers get a leading apostrophe (OWASP CSV injection rule).
    """
    cols = list(columns) if columns is not None else _columns(rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in cols])
    return buf.getvalue()


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    cols: list[str] = []
    for row in rows:
        for key in row:
            if key not in cols:
                cols.append(key)
    return cols


def _csv_cell(value: Any) -> Any:
    value = jsonable(value)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise_cell(value)  # the one formula-injection rule (assay.tables)
