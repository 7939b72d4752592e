"""Readers for RAEF's inputs: the batch preset file, the commodity-value and mill-recovery
tables, and MapMark4's simulated-deposit CSV (``*_05_SIM_EF.csv``).

Formats follow the RAEF package (Shapiro and Robinson, 2019, USGS TM 7-C23,
doi:10.3133/tm7C23; files ``RaefPreSetFile.csv``, ``AuxFiles/ValueTabs/CValues.csv`` and
``MillR.csv``) and MapMark4GUI's simulation export. Every error names the file, the row (line
number in the file) and the column.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from assay.models.econ import tables
from assay.models.econ.raef import DEPOSIT_TYPES, RaefParameters
from assay.validation import LIMITS, MAX_TONNES

SIM_INDEX = "Simulation.Index"
N_DEPOSITS = "Number.of.Deposits"
DEPOSIT_INDEX = "Sim.Deposit.Index"
ORE = "Ore_mT"


class RaefInputError(ValueError):
    """Malformed RAEF/MapMark4 input; the message names file, row and column."""


def _err(path: Path | str, row: int | None, column: str | None, message: str) -> RaefInputError:
    where = str(path)
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column {column!r}"
    return RaefInputError(f"{where}: {message}")


def _read_rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise _err(
            path, None, None, "is a folder, not a file" if path.is_dir() else "file not found"
        )
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return list(csv.reader(fh))
    except UnicodeDecodeError as exc:
        raise _err(path, None, None, f"not a UTF-8 text CSV ({exc.reason})") from None
    except csv.Error as exc:  # a NUL byte, a cell over the csv module's field limit
        raise _err(path, None, None, f"not a readable CSV ({exc})") from None


def _is_blank(text: str | None) -> bool:
    return text is None or text.strip() in ("", "NA", "NaN", "nan")


def read_preset_table(path: str | Path) -> dict[str, tuple[int, str]]:
    """Name -> (line number, value) of a RAEF preset file (``,A,B`` then ``n,name,value``)."""
    path = Path(path)
    entries: dict[str, tuple[int, str]] = {}
    for line, row in enumerate(_read_rows(path), start=1):
        if line == 1 or len(row) < 3:
            continue  # header, or RAEF's informational row 20 quoted into a single field
        entries[" ".join(row[1].split())] = (line, row[2].strip())
    if not entries:
        raise _err(path, None, None, "no 'n,name,value' rows: not a RAEF preset file")
    return entries


def _number(
    path: Path, entries: Mapping[str, tuple[int, str]], name: str, default: float | None = None
) -> float:
    if name not in entries:
        if default is not None:
            return default
        raise _err(path, None, name, "missing entry")
    line, text = entries[name]
    try:
        value = float(text)
    except ValueError:
        raise _err(path, line, "B", f"{name} = {text!r} is not a number") from None
    if not math.isfinite(value):
        raise _err(path, line, "B", f"{name} = {text!r} is not finite")
    return value


def read_commodity_values(path: str | Path) -> dict[str, float]:
    """RAEF ``CValues.csv``: header of commodity symbols, one row of values [USD/metric t]."""
    path = Path(path)
    rows = [r for r in _read_rows(path) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise _err(path, None, None, "expected a header of commodities and a row of values")
    header, values = rows[0], rows[1]
    out: dict[str, float] = {}
    for j, name in enumerate(header):
        name = name.strip()
        if not name:
            continue
        text = values[j].strip() if j < len(values) else ""
        try:
            value = float(text)
        except ValueError:
            raise _err(path, 2, name, f"value {text[:40]!r} is not a number") from None
        if not math.isfinite(value):
            raise _err(path, 2, name, f"value {text[:40]!r} is not finite")
        if value < 0:
            raise _err(path, 2, name, f"value {value} is negative")
        out[name] = value
    return out


def read_mill_recoveries(path: str | Path, mill: str = "3-Product Flotation") -> dict[str, float]:
    """RAEF ``MillR.csv``: mill recovery [fraction] of each commodity for mill type ``mill``.

    The table has one row per commodity and one column per mill (``CCD``, ``CIP``,
    ``SX_EW``, ``1_Product``, ``2_Product``, ``3_Product``, …); the column for ``mill`` comes
    from ``raef_mill_types.csv``.
    """
    path = Path(path)
    name, _ = tables.normalise_mill_name(mill)
    column = tables.mill_types().set_index("mill").loc[name, "recovery_column"]
    rows = _read_rows(path)
    if not rows:
        raise _err(path, None, None, "empty file")
    header = [h.strip() for h in rows[0]]
    if column not in header:
        raise _err(path, 1, column, f"no recovery column for mill {name!r}")
    j = header.index(column)
    out: dict[str, float] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        text = row[j].strip() if j < len(row) else ""
        try:
            value = float(text)
        except ValueError:
            raise _err(path, line, column, f"recovery {text!r} is not a number") from None
        if not 0 <= value <= 1:
            raise _err(path, line, column, f"recovery {value} is outside [0, 1]")
        out[row[0].strip()] = value
    return out


def read_preset(
    path: str | Path,
    values: str | Path | None = None,
    recoveries: str | Path | None = None,
) -> RaefParameters:
    """Read a RAEF batch preset file into :class:`RaefParameters`.

    ``CV_<X>`` and ``MRR_<X>`` rows of the preset give commodity values and mill recoveries;
    a ``values`` file (``CValues.csv``) or ``recoveries`` file (``MillR.csv``) overrides them
    for the commodities it lists.
    """
    path = Path(path)
    e = read_preset_table(path)
    n_int = int(_number(path, e, "Number of Depth Intervals"))
    if not 1 <= n_int <= 4:
        raise _err(
            path,
            e["Number of Depth Intervals"][0],
            "B",
            f"number of depth intervals must be 1..4, not {n_int}",
        )
    intervals = []
    for i in range(1, n_int + 1):
        intervals.append(
            (_number(path, e, f"Min{i}"), _number(path, e, f"Max{i}"), _number(path, e, f"Per{i}"))
        )
    total = sum(p for _, _, p in intervals)
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise _err(
            path,
            e[f"Per{n_int}"][0],
            "B",
            f"depth interval probabilities Per1..Per{n_int} sum to {total:g}, not 1",
        )
    for i, (lo, hi, _) in enumerate(intervals, start=1):
        if hi < lo:
            raise _err(path, e[f"Max{i}"][0], "B", f"Max{i} = {hi:g} is below Min{i} = {lo:g}")
    line, deposit_type = e.get("Deposit Type", (None, ""))
    if deposit_type not in DEPOSIT_TYPES:
        raise _err(
            path,
            line,
            "B",
            f"deposit type {deposit_type!r} is not one of {', '.join(DEPOSIT_TYPES)}",
        )
    line, mill_text = e.get("Mill Type 1", (None, ""))
    user_mill = None
    omit = False
    if mill_text.strip().lower() == "customize mill options":
        mills = []
        for k in range(1, 7):
            opt_line, opt = e.get(f"Custom_Mill_Option{k}", (None, ""))
            if _is_blank(opt) or opt.lower().startswith("no set"):
                continue
            if opt.strip().lower() == "user define":
                user_mill = (
                    _number(path, e, "User Define: Mill Capital Cost Constant"),
                    _number(path, e, "User Define: Mill Capital Cost Power log"),
                    _number(path, e, "User Define: Mill Operating Cost Constant"),
                    _number(path, e, "User Define: Mill Operating Cost Power log"),
                )
                continue
            try:
                mills.append(tables.normalise_mill_name(opt)[0])
            except KeyError as exc:
                raise _err(path, opt_line, "B", str(exc.args[0])) from None
        mills = sorted(set(mills), key=mills.index)
    else:
        try:
            name, omit = tables.normalise_mill_name(mill_text)
        except KeyError as exc:
            raise _err(path, line, "B", str(exc.args[0])) from None
        mills = [name]
    days = int(_number(path, e, "Days of Operation", 350.0))
    if days not in (350, 260):
        raise _err(
            path,
            e["Days of Operation"][0],
            "B",
            f"days of operation must be 350 or 260, not {days}",
        )
    env = e.get("Environment Choice 1", (None, ""))[1]
    liner = e.get("Liner?", (None, ""))[1]
    cv: dict[str, float] = {}
    mrr: dict[str, float] = {}
    for name, (row_line, text) in e.items():
        for prefix, target in (("CV_", cv), ("MRR_", mrr)):
            if name.startswith(prefix):
                try:
                    number = float(text)
                except ValueError:
                    raise _err(path, row_line, "B", f"{name} = {text!r} is not a number") from None
                if not math.isfinite(number) or number < 0:
                    raise _err(
                        path, row_line, "B", f"{name} = {text!r} is not a finite number >= 0"
                    )
                target[name[len(prefix) :]] = number
    if values is not None:
        cv.update(read_commodity_values(values))
    if recoveries is not None:
        mrr.update(read_mill_recoveries(recoveries, mills[0] if mills else "None"))
    for name, value in mrr.items():
        if not 0 <= value <= 1:
            raise _err(
                path,
                e.get(f"MRR_{name}", (None,))[0],
                "B",
                f"MRR_{name} = {value} is outside [0, 1]",
            )
    irr = _number(path, e, "Investment Rate of Return", 0.15)
    if irr <= -1:
        # the annuity factor (1 - (1 + IRR)^-life) / IRR of the NPV is undefined for IRR <= -1
        raise _err(
            path,
            e["Investment Rate of Return"][0],
            "B",
            f"investment rate of return must be > -1 (a fraction, 0.15 = 15 %), not {irr:g}",
        )
    return RaefParameters(
        depth_intervals=tuple(intervals),
        deposit_type=deposit_type,
        mill_types=tuple(mills),
        omit_lowest_value=omit,
        days_per_year=days,
        tailings_pond_and_dam=not _is_blank(env) and env.lower() not in ("none", "no"),
        liner=not _is_blank(liner) and liner.lower() not in ("none", "no", "no liner"),
        msc=_number(path, e, "MSC", 1.26),
        irr=irr,
        capital_inflation=_number(path, e, "Cap Cost Inflation Factor", 1.0),
        operating_inflation=_number(path, e, "Operating Cost Inflation Factor", 1.0),
        area=_number(path, e, "Area", 1.0),
        commodity_values=cv,
        mill_recoveries=mrr,
        user_mill=user_mill,
        run_name=e.get("Run Name", (None, ""))[1],
    )


def grade_columns(columns: list[str]) -> dict[str, str]:
    """Commodity symbol -> grade column (``"Cu _pct"`` or ``"Cu_pct"``) of a simulation frame."""
    out = {}
    for col in columns:
        if col.endswith("_pct"):
            out[col[: -len("_pct")].strip()] = col
    return out


def read_simulated_deposits(path: str | Path) -> pd.DataFrame:
    """MapMark4's simulated-deposit CSV as a DataFrame in the same column layout.

    Columns kept as published: ``Simulation.Index``, ``Number.of.Deposits``,
    ``Sim.Deposit.Index``, ``Ore_mT`` [t], ``"<X> _pct"`` grades [%], ``gangue`` [%] and
    ``"<X> _MetricTons"`` contained metal [t] (computed from ore and grade when absent).
    A simulation with no deposit is one row with NA deposit fields. This is the layout
    :func:`assay.analyses.economics.economic_filter_simulation` takes in memory.
    """
    path = Path(path)
    if not path.is_file():
        raise _err(
            path, None, None, "is a folder, not a file" if path.is_dir() else "file not found"
        )
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _err(path, None, None, f"not a readable CSV ({reason})") from None
    frame = frame.drop(columns=[c for c in frame.columns if str(c).startswith("Unnamed")])
    for col in (SIM_INDEX, N_DEPOSITS, ORE):
        if col not in frame.columns:
            raise _err(path, 1, col, "required column missing (MapMark4 simulation export)")
    grades = grade_columns(list(frame.columns))
    if not grades:
        raise _err(path, 1, "<X> _pct", "no grade column ending in '_pct'")
    numeric = [SIM_INDEX, N_DEPOSITS, ORE, *grades.values()]
    for col in numeric:
        values = pd.to_numeric(frame[col], errors="coerce")
        bad = values.isna() & frame[col].notna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise _err(path, i + 2, col, f"{frame[col].iloc[i]!r} is not a number")
        frame[col] = values
    for col in (SIM_INDEX, N_DEPOSITS):
        if frame[col].isna().any():
            i = int(np.flatnonzero(frame[col].isna().to_numpy())[0])
            raise _err(path, i + 2, col, "missing value")
        v = frame[col].to_numpy(dtype=float)
        bad = ~np.isfinite(v) | (v != np.round(v)) | (v > LIMITS.assess_draws)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise _err(path, i + 2, col, f"{v[i]!r} is not a whole number of a plausible size")
    has = frame[N_DEPOSITS].to_numpy() > 0
    for col in (ORE, *grades.values()):
        v = frame[col].to_numpy()
        bad = has & (~np.isfinite(v) | (v < 0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise _err(path, i + 2, col, f"{v[i]!r} is not a non-negative number")
        high = MAX_TONNES if col == ORE else 100.0  # ore [t]; grades [%]
        bad = has & (v > high)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            unit = "t" if col == ORE else "%"
            raise _err(path, i + 2, col, f"{v[i]:g} {unit} is above {high:g} {unit}")
    if (frame[SIM_INDEX] < 1).any():
        i = int(np.flatnonzero((frame[SIM_INDEX] < 1).to_numpy())[0])
        raise _err(path, i + 2, SIM_INDEX, "simulation index must be >= 1")
    frame[SIM_INDEX] = frame[SIM_INDEX].astype(np.int64)
    frame[N_DEPOSITS] = frame[N_DEPOSITS].astype(np.int64)
    for symbol, col in grades.items():
        contained = f"{symbol} _MetricTons"
        if contained not in frame.columns:
            frame[contained] = frame[ORE] * frame[col] / 100.0
    return frame
