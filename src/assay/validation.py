"""One validation layer for every door into assay: importers, spec files, the CLI and the API.

Everything that comes from outside (a CSV cell, a YAML key, a JSON body) is checked here
against the same physical bounds, so that the CLI and the web API accept and refuse the same
inputs with the same one-line message naming the file, the row and the field:

- numbers are finite (no NaN, no infinity from a 400-digit cell) and within a physical range:
  tonnages and contained metal are non-negative and below :data:`MAX_TONNES`, grades are
  0-100 [%], recoveries 0-1, years within :data:`YEAR_MIN`-:data:`YEAR_MAX`;
- country codes are ISO 3166-1 alpha-3 codes of the bundled country table;
- sizes are capped (cell length, JSON nesting depth, upload bytes) and so is work (draws,
  simulations, deposits, counts, horizons): :class:`Limits`, derived from a memory and a time
  budget and configurable through environment variables (``ASSAY_MEMORY_BUDGET_MB``,
  ``ASSAY_LIMIT_<NAME>``).

The module imports nothing from assay except the bundled reference files, so that every layer
(importers, models' callers, analyses, CLI, web) may use it.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

__all__ = [
    "LIMITS",
    "MAX_CELL_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_TONNES",
    "YEAR_MAX",
    "YEAR_MIN",
    "InputError",
    "Limits",
    "check_cap",
    "check_finite",
    "check_iso3",
    "check_json_depth",
    "check_range",
    "describe",
    "known_iso3",
    "validate",
]

#: the largest tonnage accepted for one value [t]; world iron-ore reserves are ~2e11 t
MAX_TONNES = 1e13
#: the plausible range of data years [year]
YEAR_MIN = 1800
YEAR_MAX = 2100
#: the longest text cell read from a CSV, YAML or JSON input [characters]
MAX_CELL_CHARS = 10_000
#: the deepest nesting accepted in a JSON/GeoJSON/YAML input [levels]
MAX_JSON_DEPTH = 64
#: the largest single uploaded file the web API reads [bytes]
MAX_UPLOAD_BYTES = 32 * 1024 * 1024


class InputError(ValueError):
    """Bad input: the message is one line naming the file, the row and the field."""


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"${name}={raw!r}: not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"${name}={raw!r}: must be a positive finite number")
    return value


@dataclass(frozen=True)
class Limits:
    """Caps on the work one command or request may ask for.

    They are derived from a memory budget (``ASSAY_MEMORY_BUDGET_MB``, default 2048 MiB) and
    a time budget (``ASSAY_TIME_BUDGET_S``, default 600 s); each may be overridden by
    ``ASSAY_LIMIT_<FIELD>`` (e.g. ``ASSAY_LIMIT_DEAL_DRAWS=2000000``).

    The assessment's draws are not memory-bound (the simulation streams them in chunks), so
    their cap is a time budget: 1e8 draws run in minutes and must stay allowed.
    """

    memory_budget_mb: float
    time_budget_s: float
    assess_draws: int
    assess_deposits: int
    econ_simulations: int
    deal_draws: int
    deal_count: int
    horizon_years: int
    life_years: int
    request_time_s: float

    @classmethod
    def from_env(cls) -> Limits:
        memory_mb = _env_number("ASSAY_MEMORY_BUDGET_MB", 2048)
        time_s = _env_number("ASSAY_TIME_BUDGET_S", 600)
        budget_bytes = memory_mb * 1024 * 1024
        # a deal keeps ~ 8 float64 arrays of (draws x horizon) alive; 100 years of horizon
        deal_draws = int(budget_bytes / (8 * 8 * 100))
        # an economic simulation keeps ~ 40 float64 values per simulated deposit
        econ = int(budget_bytes / (8 * 40))

        def pick(name: str, default: float) -> int:
            return int(_env_number(f"ASSAY_LIMIT_{name.upper()}", default))

        return cls(
            memory_budget_mb=memory_mb,
            time_budget_s=time_s,
            # 1e8 draws stream in bounded memory (see the assessment) and take minutes
            assess_draws=pick("assess_draws", max(10**8, int(time_s * 2e5))),
            assess_deposits=pick("assess_deposits", 100_000),
            econ_simulations=pick("econ_simulations", min(econ, 10**7)),
            deal_draws=pick("deal_draws", min(deal_draws, 10**7)),
            deal_count=pick("deal_count", 1_000),
            horizon_years=pick("horizon_years", 200),
            life_years=pick("life_years", 200),
            request_time_s=float(_env_number("ASSAY_REQUEST_TIME_S", 60)),
        )


LIMITS = Limits.from_env()


def where(file: str | None = None, row: int | None = None, field: str | None = None) -> str:
    """``file, row 3, field 'grade'`` (the parts that are known)."""
    parts = [str(file)] if file else []
    if row is not None:
        parts.append(f"row {row}")
    if field:
        parts.append(f"field {field!r}")
    return ", ".join(parts) if parts else "input"


def _fail(message: str, file: str | None, row: int | None, field: str | None) -> InputError:
    return InputError(f"{where(file, row, field)}: {message}")


def check_finite(
    value: Any, *, file: str | None = None, row: int | None = None, field: str | None = None
) -> float:
    """``value`` as a finite float; :class:`InputError` for text, NaN or infinity."""
    if isinstance(value, bool):
        raise _fail(f"expected a number, got {value!r}", file, row, field)
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise _fail(f"expected a number, got {_short(value)}", file, row, field) from None
    if not math.isfinite(number):
        raise _fail(f"{_short(value)} is not a finite number", file, row, field)
    return number


def check_range(
    value: Any,
    low: float | None,
    high: float | None,
    *,
    what: str = "value",
    file: str | None = None,
    row: int | None = None,
    field: str | None = None,
) -> float:
    """A finite number within ``[low, high]``; :class:`InputError` naming the bound."""
    number = check_finite(value, file=file, row=row, field=field)
    if low is not None and number < low:
        raise _fail(f"{what} {number:g} is below {low:g}", file, row, field)
    if high is not None and number > high:
        raise _fail(f"{what} {number:g} is above {high:g}", file, row, field)
    return number


def check_cap(value: Any, cap: int, *, name: str, file: str | None = None) -> int:
    """A whole number from 1 to ``cap`` (a cap of :data:`LIMITS`), else :class:`InputError`."""
    number = check_finite(value, file=file, field=name)
    if number != int(number):
        raise _fail(f"{number:g} is not a whole number", file, None, name)
    if number < 1:
        raise _fail(f"{number:g} must be at least 1", file, None, name)
    if number > cap:
        raise _fail(
            f"{number:g} is above the cap of {cap:,} (set ASSAY_LIMIT_{_limit_name(name)} or "
            "ASSAY_MEMORY_BUDGET_MB to change it)",
            file,
            None,
            name,
        )
    return int(number)


def _limit_name(name: str) -> str:
    return name.upper().replace("-", "_").lstrip("_")


@lru_cache(maxsize=1)
def known_iso3() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes of the bundled country table."""
    from assay import reference

    with open(reference.path("countries.csv"), encoding="utf-8") as fh:
        return frozenset(row["iso3"] for row in csv.DictReader(fh) if row.get("iso3"))


def check_iso3(
    value: Any, *, file: str | None = None, row: int | None = None, field: str | None = None
) -> str:
    code = str(value).strip().upper()
    if code not in known_iso3():
        raise _fail(f"{_short(value)} is not a known ISO 3166-1 alpha-3 code", file, row, field)
    return code


def check_json_depth(obj: Any, *, file: str | None = None, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse a parsed JSON/YAML document nested deeper than ``limit`` (iteratively)."""
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise _fail(f"nested deeper than {limit} levels", file, None, None)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _short(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


# -- pydantic models of the physical quantities -------------------------------------------------
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
Tonnes = Annotated[float, Field(ge=0, le=MAX_TONNES, allow_inf_nan=False)]
GradePercent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Text = Annotated[str, Field(max_length=MAX_CELL_CHARS)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ObservationIn(_Strict):
    """One published statistic (an MCS cell): value finite and bounded, year plausible."""

    value: FiniteFloat | None = None
    unit: Text | None = None
    data_year: Year | None = None
    edition: Year | None = None
    iso3: Text | None = None
    measure: Text

    @field_validator("iso3")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        if value is not None and value not in known_iso3():
            raise ValueError(f"{value!r} is not a known ISO 3166-1 alpha-3 code")
        return value

    @model_validator(mode="after")
    def _plausible(self) -> ObservationIn:
        if self.value is not None and self.unit in ("t", "carat", "m3", "USD"):
            if abs(self.value) > MAX_TONNES * (1e3 if self.unit == "USD" else 1):
                raise ValueError(f"value {self.value:g} {self.unit} is not physically plausible")
        if self.data_year is not None and self.edition is not None:
            if not self.edition - 30 <= self.data_year <= self.edition + 1:
                raise ValueError(
                    f"data year {self.data_year} is outside the range of edition {self.edition}"
                )
        return self


class DepositIn(_Strict):
    """A deposit's size and quality: ore and contained metal [t], grade [%], recovery [0-1]."""

    ore_t: Tonnes | None = None
    contained_t: Tonnes | None = None
    grade_pct: GradePercent | None = None
    recovery: Fraction | None = None
    year: Year | None = None
    iso3: Text | None = None

    @field_validator("iso3")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        if value is not None and value.upper() not in known_iso3():
            raise ValueError(f"{value!r} is not a known ISO 3166-1 alpha-3 code")
        return value.upper() if value is not None else None


def describe(exc: ValidationError, *, file: str | None = None, row: int | None = None) -> str:
    """The first error of a pydantic ``ValidationError`` as one line naming file/row/field."""
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first.get("loc", ()) if p != "__root__") or None
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    value = first.get("input")
    shown = "" if isinstance(value, dict) or value is None else f" (value {_short(value)})"
    extra = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where(file, row, field)}: {message}{shown}{extra}"


def validate(
    model: type[BaseModel],
    data: dict[str, Any],
    *,
    file: str | None = None,
    row: int | None = None,
) -> BaseModel:
    """``model(**data)`` or :class:`InputError` with a one-line message naming file/row/field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe(exc, file=file, row=row)) from None


# -- deal specs (``assay deal`` and the Deal page share these rules) ----------------------------
def _number_text(value: Any) -> Any:
    # YAML 1.1 reads 1.0e9 (no exponent sign) as text; the spec reader takes float(text)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return value
    return value


Whole = Annotated[int, BeforeValidator(_number_text)]
Year = Annotated[int, BeforeValidator(_number_text), Field(ge=YEAR_MIN, le=YEAR_MAX)]
Money = Annotated[float, Field(ge=0, le=1e15, allow_inf_nan=False)]
SignedMoney = Annotated[float, Field(ge=-1e15, le=1e15, allow_inf_nan=False)]
LeadYears = Annotated[float, Field(ge=0, le=200, allow_inf_nan=False)]


class _Doc(BaseModel):
    # keys this layer does not know are left to the spec reader (it names unknown ones)
    model_config = ConfigDict(extra="allow")


class DealProjectIn(_Doc):
    name: Text | None = None
    licence_year: Year | None = None
    annual_revenue_usd: Money | None = None
    life_years: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    royalty_rate: Fraction | None = None
    licence_fees_usd: Money | None = None
    profit_tax_rate: Fraction | None = None
    operating_margin: Annotated[float, Field(ge=-1e3, le=1, allow_inf_nan=False)] | None = None
    count: Annotated[Whole, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _caps(self) -> DealProjectIn:
        if self.life_years is not None and self.life_years > LIMITS.life_years:
            raise ValueError(
                f"life_years {self.life_years:g} is above the cap of {LIMITS.life_years} "
                "(ASSAY_LIMIT_LIFE_YEARS)"
            )
        if self.count is not None and self.count > LIMITS.deal_count:
            raise ValueError(
                f"count {self.count} is above the cap of {LIMITS.deal_count} "
                "(ASSAY_LIMIT_DEAL_COUNT)"
            )
        return self


class DealContributionIn(_Doc):
    party: Text | None = None
    year: Year | None = None
    amount_usd: SignedMoney | None = None


class DealLeadTimeIn(_Doc):
    kind: Text | None = None
    value: LeadYears | None = None
    low: LeadYears | None = None
    mode: LeadYears | None = None
    high: LeadYears | None = None
    mean: LeadYears | None = None
    sd: LeadYears | None = None


class DealSpecIn(_Doc):
    """Types and physical bounds of a deal spec; required keys and the relations between
    keys stay with :func:`assay.analyses.economics.load_deal_spec`."""

    name: Text | None = None
    fund_share: Fraction | None = None
    start_year: Year | None = None
    horizon_years: Annotated[Whole, Field(ge=1)] | None = None
    discount_rate: Annotated[float, Field(gt=-1, le=10, allow_inf_nan=False)] | None = None
    host_party: Text | None = None
    inflow_basis: Text | None = None
    projects: Annotated[list[DealProjectIn], Field(max_length=1_000)] | None = None
    contributions: Annotated[list[DealContributionIn], Field(max_length=10_000)] | None = None
    lead_time: DealLeadTimeIn | None = None
    target_usd: Money | None = None
    target_years: Annotated[list[Year], Field(max_length=1_000)] | None = None
    price_sigma: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None
    n_draws: Annotated[Whole, Field(ge=1)] | None = None
    seed: Annotated[Whole, Field(ge=0, le=2**63 - 1)] | None = None

    @model_validator(mode="after")
    def _caps(self) -> DealSpecIn:
        if self.horizon_years is not None and self.horizon_years > LIMITS.horizon_years:
            raise ValueError(
                f"horizon_years {self.horizon_years} is above the cap of "
                f"{LIMITS.horizon_years} (ASSAY_LIMIT_HORIZON_YEARS)"
            )
        if self.n_draws is not None and self.n_draws > LIMITS.deal_draws:
            raise ValueError(
                f"n_draws {self.n_draws:,} is above the cap of {LIMITS.deal_draws:,} "
                "(ASSAY_LIMIT_DEAL_DRAWS or ASSAY_MEMORY_BUDGET_MB)"
            )
        # the simulation holds lead times (draws x units) and ~8 (draws x horizon) arrays,
        # and loops over the units: bound its memory and its work (~2e7 cells/s)
        draws = self.n_draws or 10_000
        horizon = self.horizon_years or 50
        units = sum(1 if p.count is None else p.count for p in self.projects or ()) or 1
        memory = draws * (units + 8 * horizon) * 8
        budget = LIMITS.memory_budget_mb * 1024 * 1024
        if memory > budget:
            raise ValueError(
                f"n_draws x (projects + 8 x horizon_years) needs {memory / 2**20:,.0f} MiB, "
                f"over the memory budget of {LIMITS.memory_budget_mb:g} MiB "
                "(ASSAY_MEMORY_BUDGET_MB)"
            )
        work = draws * horizon * units
        if work > LIMITS.time_budget_s * 2e7:
            raise ValueError(
                f"n_draws x horizon_years x projects = {work:,} is over the time budget of "
                f"{LIMITS.time_budget_s:g} s (ASSAY_TIME_BUDGET_S)"
            )
        return self


def check_deal_doc(doc: Any, *, file: str = "scenario") -> None:
    """Check a parsed deal spec against :class:`DealSpecIn`; :class:`InputError` names the
    file and the key (``projects.0.count``)."""
    check_json_depth(doc, file=file, limit=16)
    if not isinstance(doc, dict):
        raise InputError(f"{file}: expected a mapping of deal settings")
    validate(DealSpecIn, doc, file=file)


def check_deal_spec_file(path: Any) -> None:
    """Read a deal spec YAML and :func:`check_deal_doc` it (the CLI's door)."""
    from pathlib import Path

    import yaml

    path = Path(path)
    if not path.is_file():
        return  # the spec reader says 'file not found' / 'is a folder'
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    if len(text) > 1_000_000:
        raise InputError(f"{path}: a deal spec over 1,000,000 characters")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # the spec reader gives the line and column
    except RecursionError:
        raise InputError(f"{path}: nested too deeply") from None
    check_deal_doc(doc, file=str(path))
