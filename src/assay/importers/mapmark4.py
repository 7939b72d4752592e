"""Readers for MapMark4's input files and for assay's tract specification.

File formats (Ellefsen, 2017, USGS Techniques and Methods 7-C14, MapMark4 User's Guide):

- grade-and-tonnage model CSV: ``ID, Name, Ore, <metal>...`` with ore tonnage [t] and grades
  [%] (each > 0, sum < 100);
- tonnage model CSV: ``ID, Name, <material>`` with contained tonnage [t];
- estimates CSV: ``Name, Weight, N90, N50, N10`` and, for Mark3/Mark4, optionally
  ``N05, N01, N005, N001, N0005, N0001`` (N90 is the number with probability 0.9 of at least
  that many deposits);
- custom pmf CSV: ``NDeposits, RelProbs``.

A tract spec (YAML or TOML; paths relative to the spec file) names them::

    name: Tract1
    gatm: ExampleGatm.csv          # or  tm: ExampleTm.csv
    estimates: ExampleDepEst1.csv  # a custom pmf CSV when pmf is custom
    pmf: negbinomial               # negbinomial | mark3 | mark4 | custom
    pdf: normal                    # normal | kde
    truncate: false
    joint: false                   # one joint pdf of tonnage and grades
    draws: 20000
    seed: 7
    max_deposits: 30               # mark4 only
    area_km2: 1200                 # metadata
    geometry: tract.geojson        # metadata
    econ: raef_preset.csv          # RAEF preset for the economic filter

Every error is a :class:`MapMark4InputError` naming the file, and the row and column where
there is one. Rows are 1-based data rows (the header is line 1, data row r is line r + 1).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assay.validation import LIMITS, MAX_CELL_CHARS, MAX_TONNES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DepositModelTable",
    "EstimatesTable",
    "MapMark4InputError",
    "TractSpec",
    "BatchSpec",
    "read_batch_spec",
    "read_custom_pmf",
    "read_estimates",
    "read_gatm",
    "read_tonnage_model",
    "read_tract_spec",
    "tract_spec_from_dict",
    "tract_spec_with_options",
    "MIN_DEPOSITS",
    "PMF_METHODS",
    "PDF_TYPES",
]

#: MapMark4's minimum number of deposits in a model (``minNDeposits``).
MIN_DEPOSITS = 20
PMF_METHODS = ("negbinomial", "mark3", "mark4", "custom")
PDF_TYPES = ("normal", "kde")
_THRESHOLDS = ("N90", "N50", "N10", "N05", "N01", "N005", "N001", "N0005", "N0001")


class MapMark4InputError(ValueError):
    """Bad assessment input; the message names the file, row and column."""

    def __init__(
        self, path: Path | str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.path, self.row, self.column = str(path), row, column
        where = [str(path)]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")


class _CsvTable:
    """A CSV file's text cells by column (what the readers need of a table; pandas is not
    imported for it: it costs ~0.3 s of start-up on every ``assay assess``)."""

    def __init__(self, columns: list[str], rows: list[list[str]]) -> None:
        self.columns = columns
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[str]:
        j = self.columns.index(name)
        return [row[j] for row in self.rows]


def _read_csv(path: Path) -> _CsvTable:
    """Text cells of a CSV with a header line (blank lines skipped, spaces after a comma and
    around column names dropped, a UTF-8 byte-order mark ignored, short rows padded with
    empty cells); a row with more cells than the header is an error naming its line."""
    path = Path(path)
    if not path.is_file():
        raise MapMark4InputError(
            path, "is a folder, not a file" if path.is_dir() else "file not found"
        )
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, skipinitialspace=True, strict=True)
            lines = [
                (reader.line_num, row)
                for row in reader
                if row and not (len(row) == 1 and not row[0].strip())  # a blank line
            ]
    except (csv.Error, UnicodeDecodeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MapMark4InputError(path, f"not a readable CSV ({reason})") from None
    if not lines:
        raise MapMark4InputError(path, "not a readable CSV (No columns to parse from file)")
    columns = [c.strip() for c in lines[0][1]]
    for column in columns:
        if len(column) > MAX_CELL_CHARS:
            raise MapMark4InputError(path, f"a column name over {MAX_CELL_CHARS:,} characters")
    width = len(columns)
    rows = []
    for line, row in lines[1:]:
        if len(row) > width:
            raise MapMark4InputError(
                path,
                f"not a readable CSV (Error tokenizing data. Expected {width} fields in line "
                f"{line}, saw {len(row)})",
            )
        rows.append(row + [""] * (width - len(row)))
    for j, column in enumerate(columns):
        for r, row in enumerate(rows):
            if len(row[j]) > MAX_CELL_CHARS:
                raise MapMark4InputError(
                    path, f"a cell over {MAX_CELL_CHARS:,} characters", r + 1, column
                )
    return _CsvTable(columns, rows)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _numeric(path: Path, frame: _CsvTable, column: str) -> np.ndarray:
    cells = frame.column(column)
    values = np.array([_number(cell.strip()) for cell in cells], dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise MapMark4InputError(path, f"{cells[row]!r} is not a number", row + 1, column)
    return values


class EstimatesTable:
    """The experts' estimates read by :func:`read_estimates`: ``Name`` (list of str),
    ``Weight`` (float array) and the thresholds ``N90``... (int arrays) [count], by column.

    It has what the pmf builders use of a table (``columns``, ``table[name]``, ``len``,
    ``copy``); :meth:`to_frame` gives a pandas DataFrame.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = dict(data)

    @property
    def columns(self) -> list[str]:
        return list(self._data)

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __len__(self) -> int:
        return len(self._data["Name"])

    def copy(self) -> EstimatesTable:
        return EstimatesTable({k: v.copy() for k, v in self._data.items()})

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self._data)


@dataclass
class DepositModelTable:
    """A grade-and-tonnage model (``grade_names`` non-empty) or a tonnage model.

    Attributes
    ----------
    tonnage_name : str
        Name of column 3 (``Ore``, or the tonnage model's material).
    tonnages : numpy.ndarray
        Column 3 [t].
    grade_names : list of str
        Names of the grade columns.
    grades_pct : numpy.ndarray
        Grades (n, k) [%].
    """

    path: Path
    ids: list[str]
    names: list[str]
    tonnage_name: str
    tonnages: np.ndarray
    grade_names: list[str] = field(default_factory=list)
    grades_pct: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))

    @property
    def is_tonnage_model(self) -> bool:
        return not self.grade_names


def _looks_like_grade(column: str) -> bool:
    """Whether a column name is a grade's (an element symbol, TREO/REO, ``X_pct``, ``%``)."""
    from assay.reference import path as reference_path

    with open(reference_path("elements.csv"), newline="", encoding="utf-8") as handle:
        symbols = {row["symbol"] for row in csv.DictReader(handle)}
    name = column.strip()
    return (
        name in symbols
        or name.upper() in ("TREO", "REO", "HREO", "LREO")
        or name.lower().endswith(("_pct", "%"))
    )


def _read_model(path: Path | str, with_grades: bool) -> DepositModelTable:
    path = Path(path)
    frame = _read_csv(path)
    kind = "grade-and-tonnage model" if with_grades else "tonnage model"
    need = 4 if with_grades else 3
    if len(frame.columns) < need:
        expected = "ID, Name, Ore, <grade %>..." if with_grades else "ID, Name, <material t>"
        raise MapMark4InputError(
            path, f"a {kind} needs columns {expected}; found {', '.join(frame.columns)}"
        )
    if not with_grades and len(frame.columns) > 3:
        raise MapMark4InputError(
            path,
            f"a tonnage model has 3 columns (ID, Name, <material>); found {len(frame.columns)}",
        )
    if len(frame) < MIN_DEPOSITS:
        raise MapMark4InputError(
            path, f"the {kind} has {len(frame)} deposits; MapMark4 needs at least {MIN_DEPOSITS}"
        )
    tonnage_name = frame.columns[2]
    if with_grades and _looks_like_grade(tonnage_name):
        # MapMark4 reads column 3 as ore tonnage by position: a file without its Ore column
        # would be assessed with grades [%] taken for tonnages [t]
        raise MapMark4InputError(
            path,
            f"column 3 {tonnage_name!r} looks like a grade, not the ore tonnage; a "
            "grade-and-tonnage model is ID, Name, Ore (t), <grade %>...",
            column=tonnage_name,
        )
    tonnages = _numeric(path, frame, tonnage_name)
    if np.any(tonnages <= 0):
        row = int(np.flatnonzero(tonnages <= 0)[0])
        raise MapMark4InputError(path, "tonnage must be > 0 t", row + 1, tonnage_name)
    if np.any(tonnages > MAX_TONNES):
        row = int(np.flatnonzero(tonnages > MAX_TONNES)[0])
        raise MapMark4InputError(
            path, f"tonnage {tonnages[row]:g} t is above {MAX_TONNES:g} t", row + 1, tonnage_name
        )
    grade_names = list(frame.columns[3:]) if with_grades else []
    grades = (
        np.column_stack([_numeric(path, frame, c) for c in grade_names])
        if grade_names
        else (np.empty((len(frame), 0)))
    )
    for j, name in enumerate(grade_names):
        bad = grades[:, j] <= 0
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise MapMark4InputError(path, f"grade {grades[row, j]:g} % must be > 0", row + 1, name)
    if grade_names:
        sums = grades.sum(axis=1)
        if np.any(sums >= 100):
            row = int(np.flatnonzero(sums >= 100)[0])
            raise MapMark4InputError(
                path,
                f"grades sum to {sums[row]:g} %; they must sum to < 100 %",
                row + 1,
                grade_names[-1],
            )
    return DepositModelTable(
        path,
        [row[0] for row in frame.rows],
        [row[1] for row in frame.rows],
        tonnage_name,
        tonnages,
        grade_names,
        grades,
    )


def read_gatm(path: Path | str) -> DepositModelTable:
    """Read a MapMark4 grade-and-tonnage model CSV (``ID, Name, Ore [t], <metal [%]>...``)."""
    return _read_model(path, with_grades=True)


def read_tonnage_model(path: Path | str) -> DepositModelTable:
    """Read a MapMark4 tonnage model CSV (``ID, Name, <material [t]>``)."""
    return _read_model(path, with_grades=False)


def read_estimates(path: Path | str, method: str = "negbinomial") -> EstimatesTable:
    """Read experts' estimates (``Name, Weight, N90, N50, N10`` [, N05 ... N0001]).

    For ``negbinomial`` exactly N90, N50, N10 are used; for ``mark3``/``mark4`` the leading
    3, 5, 7 or 9 thresholds present. Checks: numbers, weights >= 0 and not all 0, counts
    non-negative integers, thresholds non-decreasing within each row.
    """
    path = Path(path)
    frame = _read_csv(path)
    required = ["Name", "Weight", "N90", "N50", "N10"]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise MapMark4InputError(
            path, f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}"
        )
    if len(frame) == 0:
        raise MapMark4InputError(path, "no estimates")
    levels = ["N90", "N50", "N10"]
    if method in ("mark3", "mark4"):
        present = [c for c in _THRESHOLDS if c in frame.columns]
        count = 3
        for n in (5, 7, 9):
            if all(c in present for c in _THRESHOLDS[:n]):
                count = n
        levels = list(_THRESHOLDS[:count])
    out: dict[str, Any] = {"Name": [cell.strip() for cell in frame.column("Name")]}
    weights = _numeric(path, frame, "Weight")
    if np.any(weights < 0):
        row = int(np.flatnonzero(weights < 0)[0])
        raise MapMark4InputError(path, f"weight {weights[row]:g} is negative", row + 1, "Weight")
    if not np.any(weights > 0):
        raise MapMark4InputError(path, "all weights are zero", None, "Weight")
    out["Weight"] = weights
    for level in levels:
        values = _numeric(path, frame, level)
        bad = (values < 0) | (values != np.round(values))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise MapMark4InputError(
                path, f"{values[row]:g} is not a non-negative whole number", row + 1, level
            )
        if np.any(values > LIMITS.assess_deposits):
            row = int(np.flatnonzero(values > LIMITS.assess_deposits)[0])
            raise MapMark4InputError(
                path,
                f"{values[row]:g} deposits is above the cap of {LIMITS.assess_deposits:,} "
                "(set ASSAY_LIMIT_ASSESS_DEPOSITS to change it)",
                row + 1,
                level,
            )
        out[level] = values.astype(int)
    for a, b in zip(levels[:-1], levels[1:], strict=True):
        bad = out[a] > out[b]
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise MapMark4InputError(
                path,
                f"{a} = {out[a][row]} > {b} = {out[b][row]}; "
                f"thresholds must be non-decreasing ({a} <= {b})",
                row + 1,
                a,
            )
    return EstimatesTable(out)


def read_custom_pmf(path: Path | str) -> tuple[np.ndarray, np.ndarray]:
    """Read a custom pmf CSV: ``NDeposits`` [count], ``RelProbs`` (>= 0)."""
    path = Path(path)
    frame = _read_csv(path)
    for column in ("NDeposits", "RelProbs"):
        if column not in frame.columns:
            raise MapMark4InputError(path, f"missing column {column!r} (NDeposits, RelProbs)")
    n = _numeric(path, frame, "NDeposits")
    p = _numeric(path, frame, "RelProbs")
    bad = (n < 0) | (n != np.round(n))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise MapMark4InputError(path, "not a non-negative whole number", row + 1, "NDeposits")
    if np.any(np.diff(n) <= 0):
        row = int(np.flatnonzero(np.diff(n) <= 0)[0]) + 2
        raise MapMark4InputError(path, "NDeposits must be strictly ascending", row, "NDeposits")
    if np.any(p < 0):
        row = int(np.flatnonzero(p < 0)[0])
        raise MapMark4InputError(path, "relative probability < 0", row + 1, "RelProbs")
    if p.sum() <= 0:
        raise MapMark4InputError(path, "relative probabilities sum to 0", None, "RelProbs")
    return n.astype(int), p


@dataclass
class TractSpec:
    """One tract to assess (see the module docstring for the file format)."""

    name: str
    estimates: Path
    gatm: Path | None = None
    tm: Path | None = None
    pmf: str = "negbinomial"
    pdf: str = "normal"
    truncate: bool = False
    joint: bool = False
    draws: int = 20_000
    seed: int = 0
    max_deposits: int | None = None
    area_km2: float | None = None
    geometry: Path | None = None
    econ: Path | None = None
    source: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


_SPEC_KEYS = {
    "name", "gatm", "tm", "estimates", "pmf", "pdf", "truncate", "joint", "draws", "seed",
    "max_deposits", "area_km2", "geometry", "econ",
}  # fmt: skip


def _load_mapping(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise MapMark4InputError(
            path, "is a folder, not a file" if path.is_dir() else "file not found"
        )
    import tomllib

    import yaml  # only for spec files: not on the path of ``assay assess --gatm``

    from assay.validation import InputError, check_json_depth

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MapMark4InputError(path, "not UTF-8 text") from None
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        else:
            data = yaml.safe_load(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        reason = " ".join(str(exc).split())[:300]
        raise MapMark4InputError(path, f"not valid YAML/TOML ({reason})") from None
    except RecursionError:
        raise MapMark4InputError(path, "nested too deeply") from None
    if not isinstance(data, dict):
        raise MapMark4InputError(path, "expected a mapping of keys to values")
    try:
        check_json_depth(data)
    except InputError as exc:
        raise MapMark4InputError(path, str(exc).split(": ", 1)[-1]) from None
    return data


def tract_spec_from_dict(data: dict[str, Any], base: Path, source: Path) -> TractSpec:
    """Validate a tract mapping; relative paths are resolved against ``base``."""
    unknown = sorted(set(data) - _SPEC_KEYS)
    if unknown:
        raise MapMark4InputError(
            source, f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_SPEC_KEYS))}"
        )

    def path_of(key: str) -> Path | None:
        value = data.get(key)
        if value is None:
            return None
        p = Path(str(value))
        return p if p.is_absolute() else (base / p)

    def choice(key: str, options: tuple[str, ...], default: str) -> str:
        value = str(data.get(key, default)).lower()
        if value not in options:
            raise MapMark4InputError(source, f"{key} {value!r} is not one of {', '.join(options)}")
        return value

    def integer(key: str, default: int | None, minimum: int, cap: int) -> int | None:
        value = data.get(key)
        if value is None:  # absent or written as null: the default
            return default
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value != int(value)
        ):
            raise MapMark4InputError(source, f"{key} must be a whole number, not {value!r}")
        if int(value) < minimum:
            raise MapMark4InputError(source, f"{key} must be >= {minimum}, not {value}")
        if int(value) > cap:
            raise MapMark4InputError(
                source,
                f"{key} {int(value):,} is above the cap of {cap:,} (set "
                f"ASSAY_LIMIT_ASSESS_{key.upper().replace('MAX_', '')} to change it)",
            )
        return int(value)

    def boolean(key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise MapMark4InputError(source, f"{key} must be true or false, not {value!r}")
        return value

    if ("gatm" in data) == ("tm" in data):
        raise MapMark4InputError(source, "give exactly one of gatm (grade-tonnage) or tm (tonnage)")
    if "estimates" not in data:
        raise MapMark4InputError(source, "missing key estimates")
    area = data.get("area_km2")
    if area is not None and (
        isinstance(area, bool)
        or not isinstance(area, (int, float))
        or not math.isfinite(area)
        or area <= 0
    ):
        raise MapMark4InputError(source, f"area_km2 must be a positive number, not {area!r}")
    spec = TractSpec(
        name=str(data.get("name", source.stem)),
        estimates=path_of("estimates"),  # type: ignore[arg-type]
        gatm=path_of("gatm"),
        tm=path_of("tm"),
        pmf=choice("pmf", PMF_METHODS, "negbinomial"),
        pdf=choice("pdf", PDF_TYPES, "normal"),
        truncate=boolean("truncate"),
        joint=boolean("joint"),
        draws=integer("draws", 20_000, 1, LIMITS.assess_draws),  # type: ignore[arg-type]
        seed=integer("seed", 0, 0, 2**63 - 1),  # type: ignore[arg-type]
        max_deposits=integer("max_deposits", None, 0, LIMITS.assess_deposits),
        area_km2=None if area is None else float(area),
        geometry=path_of("geometry"),
        econ=path_of("econ"),
        source=source,
    )
    if spec.joint and spec.tm is not None:
        raise MapMark4InputError(source, "joint needs a grade-tonnage model (gatm), not tm")
    return spec


def read_tract_spec(path: Path | str) -> TractSpec:
    """Read a tract spec (YAML, or TOML by the ``.toml`` suffix)."""
    path = Path(path)
    return tract_spec_from_dict(_load_mapping(path), path.parent, path)


def tract_spec_with_options(spec: Path | str | None = None, **options: Any) -> TractSpec:
    """The tract of ``assay assess`` and :func:`assay.api.assess`: a spec file (or none) with
    the options given overriding its keys.

    Parameters
    ----------
    spec : path, optional
        Tract spec (YAML or TOML). Without one the options are the whole spec and the tract
        is named ``tract`` unless ``name`` is given.
    **options
        Spec keys (``gatm``, ``tm``, ``estimates``, ``pmf``, ``pdf``, ``truncate``, ``joint``,
        ``draws``, ``seed``, ``max_deposits``, ``name``, ``econ``...); ``None`` means not
        given. A ``gatm`` or ``tm`` option replaces both models of the spec (a spec's
        ``gatm`` beside an option's ``tm`` would be two models). Relative paths in options
        are relative to the working folder.

    Raises
    ------
    MapMark4InputError
        For a bad spec file or option value (naming the spec file, or "command line").
    ValueError
        For an option that is not a spec key.
    """
    unknown = sorted(set(options) - _SPEC_KEYS)
    if unknown:
        raise ValueError(f"not tract spec keys: {', '.join(unknown)}")
    base: dict[str, Any] = {}
    if spec is not None:
        base = {
            k: v
            for k, v in read_tract_spec(spec).to_dict().items()
            if v is not None and k != "source"
        }
        if options.get("gatm") is not None or options.get("tm") is not None:
            base.pop("gatm", None)
            base.pop("tm", None)
    merged = {**base, **{k: v for k, v in options.items() if v is not None}}
    for key in ("gatm", "tm", "estimates", "econ", "geometry"):
        if merged.get(key) is not None:
            merged[key] = str(merged[key])
    if spec is None and "name" not in merged:
        merged["name"] = "tract"
    origin = Path(spec) if spec is not None else Path("command line")
    return tract_spec_from_dict(merged, Path.cwd(), origin)


@dataclass
class BatchSpec:
    """Many tracts: ``seed`` (root of the per-tract seeds), optional ``draws`` for all."""

    seed: int
    tracts: list[TractSpec]
    draws: int | None = None
    source: Path | None = None


def read_batch_spec(path: Path | str) -> BatchSpec:
    """Read a batch file: ``seed``, optional ``draws``, and ``tracts``: a list of tract-spec
    paths (relative to the batch file) or inline tract mappings."""
    path = Path(path)
    data = _load_mapping(path)
    unknown = sorted(set(data) - {"seed", "draws", "tracts"})
    if unknown:
        raise MapMark4InputError(
            path, f"unknown key(s) {', '.join(unknown)}; known: seed, draws, tracts"
        )
    tracts = data.get("tracts")
    if not isinstance(tracts, list) or not tracts:
        raise MapMark4InputError(path, "tracts must be a non-empty list")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise MapMark4InputError(path, f"seed must be a non-negative whole number, not {seed!r}")
    if seed > 2**63 - 1:
        raise MapMark4InputError(path, f"seed must be below 2**63, not {seed!r}")
    draws = data.get("draws")
    if draws is not None and (isinstance(draws, bool) or not isinstance(draws, int) or draws < 1):
        raise MapMark4InputError(path, f"draws must be a whole number >= 1, not {draws!r}")
    if draws is not None and draws > LIMITS.assess_draws:
        raise MapMark4InputError(
            path,
            f"draws {draws:,} is above the cap of {LIMITS.assess_draws:,} (set "
            "ASSAY_LIMIT_ASSESS_DRAWS or ASSAY_TIME_BUDGET_S to change it)",
        )
    specs = []
    for i, entry in enumerate(tracts, start=1):
        if isinstance(entry, str):
            p = Path(entry)
            specs.append(read_tract_spec(p if p.is_absolute() else path.parent / p))
        elif isinstance(entry, dict):
            specs.append(tract_spec_from_dict(entry, path.parent, Path(f"{path}#tracts[{i}]")))
        else:
            raise MapMark4InputError(path, f"tracts entry {i} must be a path or a mapping")
    return BatchSpec(seed, specs, draws, path)
