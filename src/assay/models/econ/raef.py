"""The RAEF economic filter, vectorised over simulated deposits.

Implements the simple engineering cost model of the USGS Resource Assessment Economic Filter
(RAEF): Shapiro, J.L., and Robinson, G.R., Jr., 2019, *Resource Assessment Economic Filter
(RAEF) — A graphical user interface supporting implementation of simple engineering mine cost
analyses of quantitative mineral resource assessment simulations*, USGS Techniques and Methods
7-C23, doi:10.3133/tm7C23. The equations follow the RAEF R code (gtkfi/MapWizard,
``RAEF_MW_AGAIN.R``); its cost equations are the USBM power-law models (Camm, 1991,
*Simplified cost models for prefeasibility mineral evaluations*, USBM IC 9298) and mine life
is Taylor's rule (Taylor, 1986, *Rules of thumb for sizing mines*). All coefficients are read
from the bundled tables (see :mod:`assay.models.econ.tables`).

Units: ore in metric tons [t] on input, converted to short tons [st] as RAEF does; capacities
in short tons per day [st/d]; costs in US dollars of the cost models' base year, scaled by the
Marshall & Swift composite index (MSC) and the preset's inflation factors; depth in metres [m]
(depth to the top of the deposit) and derived mine depth in yards [yd].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from assay.models.econ import tables

DEPOSIT_TYPES: tuple[str, ...] = (
    "Ore body massive / disseminated",
    "Flat-bedded/stratiform",
    "Vein deposit / steep",
)


@dataclass(frozen=True)
class RaefParameters:
    """The economic parameters of one RAEF run (what a RAEF preset file holds).

    Attributes
    ----------
    depth_intervals : tuple of (min [m], max [m], probability)
        Depth-to-top intervals and the probability of each; a depth is drawn by choosing an
        interval by its probability, then a uniform integer depth within it.
    deposit_type : str
        One of :data:`DEPOSIT_TYPES`; selects the mine method from depth.
    mill_types : tuple of str
        Mill types whose cost equations are summed (one for a standard mill, several for
        RAEF's "Customize Mill Options").
    omit_lowest_value : bool
        "3-Product Flotation (Omit lowest value commodity)": drop the lowest-value commodity.
    days_per_year : int
        Operating days, 350 (unrestricted) or 260 (restricted).
    tailings_pond_and_dam, liner : bool
        Whether the tailings pond and dam, and the liner, are costed.
    msc : float
        Marshall & Swift composite cost index applied to capital and operating costs.
    irr : float
        Discount rate (RAEF's "investment rate of return") [1/yr].
    capital_inflation, operating_inflation : float
        Cost inflation factors applied to capital and to operating costs.
    area : float
        Tract area (preset units) used for NPV per unit area.
    commodity_values : mapping str -> float
        Value of each commodity [USD per metric ton of metal].
    mill_recoveries : mapping str -> float
        Mill recovery rate of each commodity [fraction].
    mine_method : str or None
        Force one mine method for every deposit instead of choosing from deposit type and depth.
    user_mill : tuple (capital coef, capital exp, operating coef, operating exp) or None
        RAEF's "User Define" mill cost equations, added to the listed mills.
    """

    depth_intervals: tuple[tuple[float, float, float], ...]
    deposit_type: str = "Ore body massive / disseminated"
    mill_types: tuple[str, ...] = ("3-Product Flotation",)
    omit_lowest_value: bool = False
    days_per_year: int = 350
    tailings_pond_and_dam: bool = True
    liner: bool = True
    msc: float = 1.26
    irr: float = 0.15
    capital_inflation: float = 1.0
    operating_inflation: float = 1.0
    area: float = 1.0
    commodity_values: Mapping[str, float] = field(default_factory=dict)
    mill_recoveries: Mapping[str, float] = field(default_factory=dict)
    mine_method: str | None = None
    user_mill: tuple[float, float, float, float] | None = None
    run_name: str = ""

    def __post_init__(self) -> None:
        if self.days_per_year not in (350, 260):
            raise ValueError(f"days_per_year must be 350 or 260, not {self.days_per_year}")
        if self.deposit_type not in DEPOSIT_TYPES and self.mine_method is None:
            raise ValueError(
                f"unknown deposit type {self.deposit_type!r}; one of {', '.join(DEPOSIT_TYPES)}"
            )
        if self.mine_method is not None and self.mine_method not in tables.MINE_METHODS:
            raise ValueError(
                f"unknown mine method {self.mine_method!r}; one of {', '.join(tables.MINE_METHODS)}"
            )
        probs = np.array([p for _, _, p in self.depth_intervals], dtype=float)
        if len(probs) == 0 or np.any(probs < 0) or not np.isclose(probs.sum(), 1.0, atol=1e-6):
            raise ValueError("depth interval probabilities must be >= 0 and sum to 1")
        for lo, hi, _ in self.depth_intervals:
            if hi < lo:
                raise ValueError(f"depth interval max {hi} is below its min {lo}")
        for mill in self.mill_types:
            tables.normalise_mill_name(mill)


# -- elementary relations ------------------------------------------------------------------
def short_tons(metric_tons: np.ndarray | float) -> np.ndarray:
    """Metric tons [t] to short tons [st] (1 st = 0.907185 t)."""
    return np.asarray(metric_tons, dtype=float) / tables.constants()["metric_tons_per_short_ton"]


def mine_life(tons_short: np.ndarray | float) -> np.ndarray:
    """Mine life [yr] by Taylor's rule, ``0.2 * T^0.25`` with T in short tons.

    Taylor, H.K., 1986, Rules of thumb for sizing mines (as coded in RAEF, TM 7-C23).
    """
    c = tables.constants()
    return c["life_coef"] * np.asarray(tons_short, dtype=float) ** c["life_exp"]


def draw_depths(
    n: int, intervals: Sequence[tuple[float, float, float]], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Depth to the top of each deposit [m] and its interval index (0-based).

    An interval is chosen with its probability, then a uniform integer depth in
    ``[min, max]`` (both inclusive), as RAEF's ``sample(c(Min:Max), 1)``.
    """
    lo = np.array([a for a, _, _ in intervals], dtype=np.int64)
    hi = np.array([b for _, b, _ in intervals], dtype=np.int64)
    prob = np.array([p for _, _, p in intervals], dtype=float)
    prob = prob / prob.sum()
    category = rng.choice(len(prob), size=n, p=prob)
    depth = lo[category] + np.floor(rng.random(n) * (hi[category] - lo[category] + 1)).astype(
        np.int64
    )
    return depth.astype(float), category


def mine_method_for_depth(deposit_type: str, depth_m: np.ndarray) -> np.ndarray:
    """RAEF's mine method from deposit type and depth to top [m] (object array of names).

    Massive/disseminated: open pit when depth <= 60 m, else block caving. Flat-bedded/stratiform:
    open pit, else room-and-pillar. Vein/steep: vertical crater retreat.
    """
    depth_m = np.asarray(depth_m, dtype=float)
    surface = depth_m <= tables.constants()["surface_max_depth_m"]
    if deposit_type == "Ore body massive / disseminated":
        return np.where(surface, "Open Pit", "Block Caving").astype(object)
    if deposit_type == "Flat-bedded/stratiform":
        return np.where(surface, "Open Pit", "Room-and-Pillar").astype(object)
    if deposit_type == "Vein deposit / steep":
        return np.full(depth_m.shape, "Vertical Crater Retreat", dtype=object)
    raise ValueError(f"unknown deposit type {deposit_type!r}")


def _capacity_divisor(days_per_year: int) -> float:
    c = tables.constants()
    return c["capacity_divisor_350"] if days_per_year == 350 else c["capacity_divisor_260"]


def mine_costs(
    method: str, tons_short: np.ndarray, depth_m: np.ndarray, life_yr: np.ndarray, days: int
) -> dict[str, np.ndarray]:
    """Mine capacity and costs for one mine method, vectorised over deposits.

    Parameters
    ----------
    method : str
        One of :data:`assay.models.econ.tables.MINE_METHODS`.
    tons_short : array [st]
    depth_m : array [m]
        Depth to the top of the deposit.
    life_yr : array [yr]
    days : int
        Operating days per year.

    Returns
    -------
    dict with ``dilution``, ``recovery``, ``motrf`` (mine ore tonnage recovery factor
    (1+DF)·RF), ``depth_yd`` [yd], ``strip_ratio`` (open pit, else NaN), ``capacity``
    [st/d], ``capital`` [USD], ``operating_per_st`` [USD/st], ``operating_per_year``
    [USD/yr].

    Notes
    -----
    Shapiro and Robinson (2019, TM 7-C23) as coded in RAEF: open pit mine depth
    ``DepthM = 0.3772 ST^(1/3) + 1.0936 depth``, stripping ratio
    ``SR = 2.225·4.1·DepthM³/ST − 1`` and capacity ``((SR+1)·MOTRF·ST)^0.75/70``; block
    caving ``(MOTRF·ST)^0.75/70``; room-and-pillar and VCR ``((1+DF)·MOTRF·ST)^0.75/70``;
    cut-and-fill, shrinkage and sublevel stoping ``MOTRF·ST/(life·days)``. Capital
    ``Kc = a·Cm^b`` and unit operating cost ``Ko = c·Cm^d``; underground caving/pillar/VCR
    add ``371·Cm + 180·3·DepthM·Cm^0.404`` to capital and
    ``2343/Cm + 0.44·3·DepthM/Cm + 0.00163·3·DepthM`` to unit operating cost.
    """
    c = tables.constants()
    rows = tables.mine_methods()
    rows = rows[rows["method"] == method]
    if rows.empty:
        raise ValueError(f"unknown mine method {method!r}")
    first = rows.iloc[0]
    st = np.asarray(tons_short, dtype=float)
    depth_m = np.asarray(depth_m, dtype=float)
    life_yr = np.asarray(life_yr, dtype=float)
    df_, rf_ = float(first["dilution_factor"]), float(first["recovery_factor"])
    motrf = (1.0 + df_) * rf_
    depth_yd = np.maximum(
        first["depth_yards_per_cube_root_st"] * np.cbrt(st) + c["yards_per_meter"] * depth_m,
        float(first["depth_min_yards"]),
    )
    divisor = _capacity_divisor(days)
    strip = np.full(st.shape, np.nan)
    rule = first["capacity_rule"]
    if rule == "stripping":
        strip = c["strip_coef"] * depth_yd**3 / st - 1.0
        capacity = ((strip + 1.0) * motrf * st) ** c["capacity_exp"] / divisor
    elif rule == "taylor":
        capacity = (motrf * st) ** c["capacity_exp"] / divisor
    elif rule == "taylor_dilution":
        capacity = ((1.0 + df_) * motrf * st) ** c["capacity_exp"] / divisor
    elif rule == "life":
        capacity = motrf * st / (life_yr * days)
    else:  # pragma: no cover - table validated by tests
        raise ValueError(f"unknown capacity rule {rule!r} in raef_mine_methods.csv")
    capital = np.zeros_like(capacity)
    unit_op = np.zeros_like(capacity)
    for _, row in rows.iterrows():
        in_regime = (capacity >= row["capacity_min_stpd"]) & (capacity < row["capacity_max_stpd"])
        capital = np.where(
            in_regime, row["capital_coef_usd"] * capacity ** row["capital_exp"], capital
        )
        unit_op = np.where(
            in_regime, row["operating_coef_usd_per_st"] * capacity ** row["operating_exp"], unit_op
        )
    if int(first["underground_depth_terms"]):
        ft = c["ug_depth_factor"] * depth_yd
        capital = capital + (
            c["ug_capital_per_stpd"] * capacity
            + c["ug_capital_depth"] * ft * capacity ** c["ug_capital_depth_exp"]
        )
        unit_op = unit_op + (
            c["ug_operating_fixed"] / capacity
            + c["ug_operating_depth"] * ft / capacity
            + c["ug_operating_depth_linear"] * ft
        )
    return {
        "dilution": np.full(st.shape, df_),
        "recovery": np.full(st.shape, rf_),
        "motrf": np.full(st.shape, motrf),
        "depth_yd": depth_yd,
        "strip_ratio": strip,
        "capacity": capacity,
        "capital": capital,
        "operating_per_st": unit_op,
        "operating_per_year": capacity * unit_op * days,
    }


def mill_capacity(tons_short: np.ndarray, motrf: np.ndarray, days: int) -> np.ndarray:
    """Mill capacity [st/d]: ``(MOTRF·ST)^0.75 / 70`` (``/52`` at 260 days), TM 7-C23."""
    c = tables.constants()
    return (np.asarray(motrf) * np.asarray(tons_short)) ** c["capacity_exp"] / _capacity_divisor(
        days
    )


def mill_costs(
    mills: Sequence[str],
    capacity: np.ndarray,
    user_mill: tuple[float, float, float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Mill capital [USD] and unit operating cost [USD/st] summed over ``mills``.

    Each mill type's equations are ``Kc = a·Cml^b`` and ``Ko = c·Cml^d`` (coefficients in
    ``raef_mill_types.csv``: 1-, 2-, 3-product flotation, SX-EW, CCD, CIP, Au heap leach,
    Au float/roast/leach; TM 7-C23). Returns capital, unit operating cost and whether a
    smelting charge applies (False only for ``"None"``).
    """
    table = tables.mill_types().set_index("mill")
    capacity = np.asarray(capacity, dtype=float)
    capital = np.zeros_like(capacity)
    unit_op = np.zeros_like(capacity)
    smelting = False
    for name in mills:
        mill, _ = tables.normalise_mill_name(name)
        row = table.loc[mill]
        if mill != "None":
            capital = capital + row["capital_coef_usd"] * capacity ** row["capital_exp"]
            unit_op = unit_op + row["operating_coef_usd_per_st"] * capacity ** row["operating_exp"]
        smelting = smelting or bool(row["smelting"])
    if user_mill is not None:
        a, b, cc, d = user_mill
        capital = capital + a * capacity**b
        unit_op = unit_op + cc * capacity**d
        smelting = True
    return capital, unit_op, smelting


def tailings_costs(life_yr: np.ndarray, mill_capacity_stpd: np.ndarray) -> dict[str, np.ndarray]:
    """Tailings pond, dam and liner capital [USD] (TM 7-C23, as coded in RAEF).

    Area ``Atp = Kt·Cml/1000`` [acre] with Kt = 17, 32, 62 for life < 7.5, < 15, >= 15 yr;
    dam length ``Dl = 4·sqrt(43560·Atp)`` [ft]; pond ``146000 + 1783·Atp``; dam ``161·Dl``;
    liner ``5·Dl + 35790·Atp``.
    """
    c = tables.constants()
    life_yr = np.asarray(life_yr, dtype=float)
    kt = np.where(
        life_yr < c["tailings_life_short_yr"],
        c["tailings_kt_short"],
        np.where(
            life_yr < c["tailings_life_long_yr"], c["tailings_kt_medium"], c["tailings_kt_long"]
        ),
    )
    area = kt * np.asarray(mill_capacity_stpd, dtype=float) / 1000.0
    dam_length = 4.0 * np.sqrt(c["square_feet_per_acre"] * area)
    return {
        "area_acre": area,
        "dam_length_ft": dam_length,
        "pond": c["pond_fixed_usd"] + c["pond_per_acre_usd"] * area,
        "dam": c["dam_per_foot_usd"] * dam_length,
        "liner": c["liner_per_foot_usd"] * dam_length + c["liner_per_acre_usd"] * area,
    }


def ore_value_per_short_ton(
    grades_pct: np.ndarray,
    values_usd_per_t: np.ndarray,
    recoveries: np.ndarray,
    omit_lowest_value: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Recoverable ore value [USD/st] and per-commodity values [USD/st], TM 7-C23.

    ``OreV_k = 0.90715 · CV_k · MRR_k · grade_k/100``; ``OreV = Σ_k OreV_k``, less the
    lowest positive component when ``omit_lowest_value`` (RAEF's "3-Product Flotation (Omit
    lowest value commodity)"). Returns the total and an (n, k) array of components with the
    omitted component set to zero.
    """
    factor = tables.constants()["value_per_short_ton_factor"]
    g = np.atleast_2d(np.asarray(grades_pct, dtype=float))
    parts = factor * g * (np.asarray(values_usd_per_t) * np.asarray(recoveries))[None, :] / 100.0
    if omit_lowest_value and parts.shape[1] > 1:
        masked = np.where(parts > 0, parts, np.inf)
        lowest = np.argmin(masked, axis=1)
        n_positive = (parts > 0).sum(axis=1)
        drop = n_positive >= 2
        rows = np.nonzero(drop)[0]
        parts = parts.copy()
        parts[rows, lowest[rows]] = 0.0
    return parts.sum(axis=1), parts


def annuity_factor(rate: float, years: np.ndarray) -> np.ndarray:
    """Present value of 1 per year for ``years`` years at ``rate``: ``(1-(1+r)^-n)/r``.

    RAEF discounts constant annual cash flow over the (fractional) Taylor life this way.
    """
    years = np.asarray(years, dtype=float)
    if rate == 0:
        return years
    return (1.0 - (1.0 + rate) ** (-years)) / rate


def evaluate_deposits(
    ore_t: np.ndarray,
    grades_pct: np.ndarray,
    commodities: Sequence[str],
    params: RaefParameters,
    depth_m: np.ndarray,
    *,
    value_scale: float = 1.0,
) -> pd.DataFrame:
    """Run the RAEF cost model on each deposit.

    Parameters
    ----------
    ore_t : array (n,) [t]
        Ore tonnage of each deposit (metric tons).
    grades_pct : array (n, k) [%]
        Grade of each commodity, in percent (weight %).
    commodities : sequence of k str
        Commodity symbols, matching ``params.commodity_values`` and ``mill_recoveries``.
    params : RaefParameters
    depth_m : array (n,) [m]
        Depth to the top of each deposit.
    value_scale : float
        Multiplier on all commodity values (price scenario); 1 reproduces RAEF.

    Returns
    -------
    pandas.DataFrame, one row per deposit, with RAEF's quantities: ``short_tons`` [st],
    ``life_yr``, ``depth_m``, ``mine_method``, ``dilution``, ``recovery``, ``depth_yd``,
    ``strip_ratio``, ``mine_capacity`` [st/d], ``mine_capital`` [USD], ``mine_op_per_st``
    [USD/st], ``mine_op_per_year`` [USD/yr], ``mill_capacity`` [st/d], ``mill_capital``,
    ``mill_op_per_st``, ``mill_op_per_year``, ``ore_value`` [USD/st], ``cu_eq_pct`` [%],
    ``smelting_per_year`` [USD/yr], ``pond``, ``dam``, ``liner`` [USD], ``total_capital``
    [USD], ``total_op_per_year`` [USD/yr], ``annual_cash_flow`` [USD/yr], ``pv`` [USD],
    ``npv`` [USD], ``economic`` (NPV > 0), ``best_mine_method`` ("None" when uneconomic;
    mine-method columns are categorical),
    ``breakeven_ore_value`` [USD/st] (ore value at NPV = 0 at fixed prices, grade varying),
    ``breakeven_value_factor`` (multiplier on all commodity values at NPV = 0, grades fixed),
    and ``recovered_<X>`` [t] for each commodity.

    Notes
    -----
    Shapiro and Robinson (2019, TM 7-C23), as coded in RAEF:
    ``CuEQ = 100·OreV/(0.90715·MRR_Cu·CV_Cu)``;
    ``SmeltC = 0.26·2000·ST·CuEQ/100·RF·MRR_Cu / life`` [USD/yr];
    ``TotalOC = MSC·OCIF·(SmeltC + mine op + mill op)``;
    ``TKC = (Kc + pond + dam + liner + KcM)·MSC·CCIF``;
    ``VP = OreV·Cml·days − TotalOC``; ``NPV = VP·(1−(1+IRR)^−life)/IRR − TKC``.
    Economic deposits recover ``RF·MRR_X·grade_X·ore/100`` of each commodity.
    The break-even ore value solves NPV = 0 for OreV exactly (the smelting charge scales with
    OreV through CuEQ), where RAEF's CalcBE iterates three times.
    """
    c = tables.constants()
    ore_t = np.asarray(ore_t, dtype=float)
    n = ore_t.shape[0]
    grades = np.asarray(grades_pct, dtype=float).reshape(n, len(commodities))
    depth_m = np.asarray(depth_m, dtype=float)
    missing = [x for x in commodities if x not in params.commodity_values]
    if missing:
        raise ValueError(f"no commodity value for {', '.join(missing)}")
    missing = [x for x in commodities if x not in params.mill_recoveries]
    if missing:
        raise ValueError(f"no mill recovery for {', '.join(missing)}")
    values = np.array([params.commodity_values[x] for x in commodities], dtype=float)
    values = values * value_scale
    recov = np.array([params.mill_recoveries[x] for x in commodities], dtype=float)
    cu_value = float(params.commodity_values.get("Cu", 3813.958)) * value_scale
    cu_recovery = float(params.mill_recoveries.get("Cu", 0.91))
    days = params.days_per_year

    st = short_tons(ore_t)
    life = mine_life(st)
    names = list(tables.MINE_METHODS)
    if params.mine_method is not None:
        codes = np.full(n, names.index(params.mine_method), dtype=np.int8)
    else:
        surface = depth_m <= c["surface_max_depth_m"]
        underground = {
            "Ore body massive / disseminated": "Block Caving",
            "Flat-bedded/stratiform": "Room-and-Pillar",
            "Vein deposit / steep": "Vertical Crater Retreat",
        }[params.deposit_type]
        if params.deposit_type == "Vein deposit / steep":
            codes = np.full(n, names.index(underground), dtype=np.int8)
        else:
            codes = np.where(surface, names.index("Open Pit"), names.index(underground)).astype(
                np.int8
            )

    keys = (
        "dilution",
        "recovery",
        "motrf",
        "depth_yd",
        "strip_ratio",
        "capacity",
        "capital",
        "operating_per_st",
        "operating_per_year",
    )
    mine = {k: np.full(n, np.nan) for k in keys}
    for code in np.unique(codes):
        mask = codes == code
        part = mine_costs(names[code], st[mask], depth_m[mask], life[mask], days)
        for k in keys:
            mine[k][mask] = part[k]

    cml = mill_capacity(st, mine["motrf"], days)
    mill_capital, mill_unit_op, smelting = mill_costs(params.mill_types, cml, params.user_mill)
    mill_op_year = cml * mill_unit_op * days

    ore_value, parts = ore_value_per_short_ton(grades, values, recov, params.omit_lowest_value)
    factor = c["value_per_short_ton_factor"]
    cu_eq = 100.0 * ore_value / (factor * cu_recovery * cu_value)
    ns = 1.0 if smelting else 0.0
    smelt_coef = (
        ns * c["smelting_usd_per_lb_cu"] * c["lb_per_short_ton"] * st * mine["recovery"] / life
    )
    smelt_year = smelt_coef * (cu_eq / 100.0) * cu_recovery
    op_scale = params.msc * params.operating_inflation
    total_op = op_scale * (smelt_year + mine["operating_per_year"] + mill_op_year)

    tail = tailings_costs(life, cml)
    pond_dam = (tail["pond"] + tail["dam"]) if params.tailings_pond_and_dam else 0.0 * cml
    liner = tail["liner"] if params.liner else 0.0 * cml
    cap_scale = params.msc * params.capital_inflation
    total_capital = (mine["capital"] + pond_dam + liner + mill_capital) * cap_scale

    cash = ore_value * cml * days - total_op
    annuity = annuity_factor(params.irr, life)
    pv = cash * annuity
    npv = pv - total_capital
    economic = npv > 0

    # break-even ore value at fixed prices (grade varies, so CuEQ and the smelting charge
    # scale with OreV): a·(OreV·Cml·d − S·(s·OreV + M)) − K = 0, as RAEF's CalcBE
    smelt_per_orev = smelt_coef / (factor * cu_value)
    denom = cml * days - op_scale * smelt_per_orev
    fixed_op = op_scale * (mine["operating_per_year"] + mill_op_year)
    with np.errstate(divide="ignore", invalid="ignore"):
        be_value = np.where(denom > 0, (total_capital / annuity + fixed_op) / denom, np.inf)
        # break-even price multiplier (grades fixed, so the smelting charge is fixed):
        # a·(k·OreV·Cml·d − TotalOC) − K = 0
        be_factor = np.where(
            ore_value > 0, (total_capital / annuity + total_op) / (ore_value * cml * days), np.inf
        )

    out = pd.DataFrame(
        {
            "short_tons": st,
            "life_yr": life,
            "depth_m": depth_m,
            "mine_method": pd.Categorical.from_codes(codes, categories=[*names, "None"]),
            "dilution": mine["dilution"],
            "recovery": mine["recovery"],
            "depth_yd": mine["depth_yd"],
            "strip_ratio": mine["strip_ratio"],
            "mine_capacity": mine["capacity"],
            "mine_capital": mine["capital"],
            "mine_op_per_st": mine["operating_per_st"],
            "mine_op_per_year": mine["operating_per_year"],
            "mill_capacity": cml,
            "mill_capital": mill_capital,
            "mill_op_per_st": mill_unit_op,
            "mill_op_per_year": mill_op_year,
            "ore_value": ore_value,
            "cu_eq_pct": cu_eq,
            "smelting_per_year": smelt_year,
            "pond": tail["pond"] if params.tailings_pond_and_dam else np.zeros(n),
            "dam": tail["dam"] if params.tailings_pond_and_dam else np.zeros(n),
            "liner": liner,
            "total_capital": total_capital,
            "total_op_per_year": total_op,
            "annual_cash_flow": cash,
            "pv": pv,
            "npv": npv,
            "economic": economic,
            "best_mine_method": pd.Categorical.from_codes(
                np.where(economic, codes, len(names)).astype(np.int8), categories=[*names, "None"]
            ),
            "breakeven_ore_value": be_value,
            "breakeven_value_factor": be_factor,
        }
    )
    kept = parts > 0 if params.omit_lowest_value else np.ones_like(parts, dtype=bool)
    for j, x in enumerate(commodities):
        rec = mine["recovery"] * recov[j] * grades[:, j] * ore_t / 100.0
        out[f"recovered_{x}"] = np.where(economic & kept[:, j], rec, 0.0)
    return out
