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
from typing import TYPE_CHECKING, Any

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


if TYPE_CHECKING:  # the names of __all__ that load lazily (below)
    from assay.validation_models import describe, validate

# The pydantic models and the functions that use them live in :mod:`assay.validation_models`
# and load on first use (module ``__getattr__``): pydantic costs ~0.1 s of start-up, which
# commands that only need the limits and checks above (``assay assess``) do not pay.
_LAZY = frozenset(
    {
        "FiniteFloat", "Tonnes", "GradePercent", "Fraction", "Year", "Text", "ObservationIn",
        "DepositIn", "describe", "validate", "Whole", "Money", "SignedMoney", "LeadYears",
        "DealProjectIn", "DealContributionIn", "DealLeadTimeIn", "DealSpecIn",
        "check_deal_doc", "check_deal_spec_file",
    }
)  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from assay import validation_models

        return getattr(validation_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
