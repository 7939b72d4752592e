"""The pydantic models of :mod:`assay.validation` (loaded on first use through
``assay.validation.__getattr__``; import them from :mod:`assay.validation`)."""

from __future__ import annotations

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

from assay.validation import (
    LIMITS,
    MAX_CELL_CHARS,
    MAX_TONNES,
    YEAR_MAX,
    YEAR_MIN,
    InputError,
    _short,
    check_json_depth,
    known_iso3,
    where,
)

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
