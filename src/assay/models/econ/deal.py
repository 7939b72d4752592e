"""Deal scenarios: a revenue-share fund fed by payments to the state from new licences.

Model (``docs/economics.md``; terms of the 30 April 2025 US–Ukraine Reconstruction Investment
Fund agreement as the worked example): each project p has a licence year, a lead time L_p to
production (a random variable), a constant annual revenue R_p over its life, and pays the state
royalties ``ρ_p·R_p`` (Ukraine's subsoil rent), licence fees ``f_p`` and profit tax
``τ_p·m_p·R_p`` (m = operating margin). The fund receives a share ``s`` of the payments its
terms name. Under the agreement (``inflow_basis = "royalties-and-fees"``, the default) those are
the royalties (rent) and licence fees of licences issued after it took effect, not corporate
profit tax:

``Fund_in(t) = s · Σ_p 1[t_p ≤ t < t_p + life_p] · ρ_p R_p · X(t) + s · Σ_p 1[licence_p ≤ t < t_p
+ life_p] · f_p``,

with ``t_p = licence_p + L_p`` and X a price factor. Terms as published (cited in
``assay/reference/sources_deals.csv``): Ukraine pays in 50 % of the state's receipts from new
licences and production-sharing agreements — licence fees and royalties/production-sharing
payments (Norton Rose Fulbright, "US/Ukraine minerals deal: Digging into the detail", May
2025; Kinstellar commentary, May 2025) — "50 % of the state budget's revenue from the new rent
on new licences for new sites", and during the first 10 years the fund distributes nothing:
profits are reinvested in Ukraine (Y. Svyrydenko, 30 April 2025, as reported by Odessa
Journal). ``inflow_basis = "state-take"`` adds profit tax to the base, as the model did before:
it is not the agreement's basis and roughly doubles the inflows. The whole state take
(including profit tax) is still computed as what the host keeps.

The fund's cumulative inflow, payback year (first year the cumulative inflow reaches the
contributed capital), the probability of reaching a target by given years, and present values
``Σ_t CF(t)/(1+r)^(t−t0)`` follow by Monte Carlo over L (and X). Lead times default to the
S&P Global Market Intelligence (2023) figures for 127 mines started 2002–2023: mean 15.7 years,
range 6–32 years (a triangular distribution with those min, max and mean: mode = 3·15.7 − 6 −
32 = 9.1 years).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

SP_LEAD_TIME_MEAN_YR = 15.7
SP_LEAD_TIME_MIN_YR = 6.0
SP_LEAD_TIME_MAX_YR = 32.0
SP_LEAD_TIME_SOURCE = (
    "S&P Global Market Intelligence, 2023, 'Mine development times': 15.7 years on average "
    "from discovery to production, 127 mines 2002-2023, range 6-32 years"
)


#: What the fund receives a share of: the agreement's payments (royalties/rent and licence
#: fees of new licences), or the whole state take including profit tax (not the 2025 terms).
INFLOW_BASES: tuple[str, ...] = ("royalties-and-fees", "state-take")
#: Years after the fund's start during which it distributes nothing and reinvests in Ukraine
#: (Svyrydenko, 30 April 2025, see the module docstring).
AGREEMENT_REINVESTMENT_YEARS = 10
AGREEMENT_FUND_SHARE = 0.5
AGREEMENT_TERMS = (
    "US-Ukraine Reconstruction Investment Fund agreement, signed 30 April 2025: Ukraine pays in "
    "50 % of the state's receipts (licence fees, royalties/rent, production-sharing payments) "
    "from licences issued after the agreement took effect (not renewals) and from licensed but "
    "undeveloped sites; existing budget revenues are excluded; no distributions in the first 10 "
    "years, profits reinvested in Ukraine (Norton Rose Fulbright, May 2025; Kinstellar, May "
    "2025; Svyrydenko, 30 April 2025)"
)


@dataclass(frozen=True)
class LeadTime:
    """Distribution of the lead time from licence to first production [yr].

    ``kind`` is ``"fixed"`` (``value``), ``"triangular"`` (``low``, ``mode``, ``high``),
    ``"uniform"`` (``low``, ``high``) or ``"lognormal"`` (``mean``, ``sd``, clipped to
    [``low``, ``high``]).
    """

    kind: str = "triangular"
    value: float = SP_LEAD_TIME_MEAN_YR
    low: float = SP_LEAD_TIME_MIN_YR
    mode: float = 3 * SP_LEAD_TIME_MEAN_YR - SP_LEAD_TIME_MIN_YR - SP_LEAD_TIME_MAX_YR
    high: float = SP_LEAD_TIME_MAX_YR
    mean: float = SP_LEAD_TIME_MEAN_YR
    sd: float = 5.0

    def draw(self, size: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        if self.kind == "fixed":
            return np.full(size, float(self.value))
        if self.kind == "triangular":
            return rng.triangular(self.low, self.mode, self.high, size=size)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, size=size)
        if self.kind == "lognormal":
            sigma2 = np.log1p((self.sd / self.mean) ** 2)
            mu = np.log(self.mean) - sigma2 / 2
            return np.clip(rng.lognormal(mu, np.sqrt(sigma2), size=size), self.low, self.high)
        raise ValueError(f"unknown lead-time distribution {self.kind!r}")

    def expected(self) -> float:
        if self.kind == "fixed":
            return float(self.value)
        if self.kind == "triangular":
            return (self.low + self.mode + self.high) / 3.0
        if self.kind == "uniform":
            return (self.low + self.high) / 2.0
        return float(self.mean)


@dataclass(frozen=True)
class Project:
    """A project feeding the fund (amounts in USD per year while producing).

    Attributes
    ----------
    name : str
    licence_year : int
    annual_revenue_usd : float  [USD/yr] at full production
    life_years : float  [yr]
    royalty_rate : float  [fraction of revenue]
    licence_fees_usd : float  [USD/yr] paid from the licence year (exploration and production)
    profit_tax_rate : float  [fraction of profit]
    operating_margin : float  [profit / revenue]
    count : int  identical projects of this kind
    lead_time : LeadTime or None
        this project's own lead-time distribution (e.g. from its status: a developed mine
        restarts sooner than an explored deposit is built); None uses the spec's
    """

    name: str
    licence_year: int
    annual_revenue_usd: float
    life_years: float
    royalty_rate: float = 0.0
    licence_fees_usd: float = 0.0
    profit_tax_rate: float = 0.0
    operating_margin: float = 0.0
    count: int = 1
    lead_time: LeadTime | None = None

    @property
    def state_take_per_year(self) -> float:
        """Royalty plus profit tax while producing [USD/yr] (fees excluded)."""
        return self.annual_revenue_usd * (
            self.royalty_rate + self.profit_tax_rate * self.operating_margin
        )

    def fund_base_per_year(self, inflow_basis: str = "royalties-and-fees") -> float:
        """The production payments a fund takes its share of [USD/yr] (fees excluded).

        ``"royalties-and-fees"``: the royalty (rent) only, as in the 2025 agreement;
        ``"state-take"``: royalty plus profit tax.
        """
        if inflow_basis == "royalties-and-fees":
            return self.annual_revenue_usd * self.royalty_rate
        if inflow_basis == "state-take":
            return self.state_take_per_year
        raise ValueError(f"unknown inflow basis {inflow_basis!r}; known: {', '.join(INFLOW_BASES)}")


@dataclass(frozen=True)
class Contribution:
    """A party's contribution of capital to the fund [USD] in a year."""

    party: str
    year: int
    amount_usd: float


@dataclass(frozen=True)
class DealSpec:
    """A resource-for-aid / revenue-share deal.

    Attributes
    ----------
    fund_share : float
        Share of the fund base paid into the fund (0.5 in the 2025 US–Ukraine agreement).
    start_year, horizon_years : int
        First model year (discounting base) and number of years modelled.
    discount_rate : float  [1/yr]
    contributions : sequence of Contribution
    projects : sequence of Project
    lead_time : LeadTime
    target_usd : float or None
        Cumulative inflow whose attainment probability is reported (e.g. 500e9).
    target_years : sequence of int
    price_sigma : float
        Log-sd of a lognormal price factor (mean 1) drawn once per draw; 0 for none.
    host_party : str
        The party whose state take feeds the fund (keeps the rest).
    n_draws, seed : int
    inflow_basis : str
        What the fund takes its share of (:data:`INFLOW_BASES`): ``"royalties-and-fees"``
        (the 2025 agreement) or ``"state-take"`` (adds profit tax; not the agreement's terms).
    reinvestment_years : int
        Years from ``start_year`` in which the fund distributes nothing (reported, not
        modelled as a cash flow).
    """

    fund_share: float
    start_year: int
    horizon_years: int
    discount_rate: float
    projects: Sequence[Project]
    contributions: Sequence[Contribution] = field(default_factory=tuple)
    lead_time: LeadTime = field(default_factory=LeadTime)
    target_usd: float | None = None
    target_years: Sequence[int] = field(default_factory=tuple)
    price_sigma: float = 0.0
    host_party: str = "host"
    n_draws: int = 10000
    seed: int = 0
    name: str = ""
    inflow_basis: str = "royalties-and-fees"
    reinvestment_years: int = AGREEMENT_REINVESTMENT_YEARS


def yearly_state_take(spec: DealSpec, lead_times: np.ndarray, price: np.ndarray) -> np.ndarray:
    """State take [USD] by draw and year, shape (n_draws, horizon).

    ``lead_times`` has shape (n_draws, n_project_units); production runs over
    ``[licence + L, licence + L + life)`` and a year's production is the overlap of that
    interval with the calendar year (so fractional lead times and lives are prorated).
    """
    years = spec.start_year + np.arange(spec.horizon_years, dtype=float)
    n = lead_times.shape[0]
    take = np.zeros((n, spec.horizon_years))
    col = 0
    for p in spec.projects:
        for _ in range(p.count):
            start = p.licence_year + lead_times[:, col][:, None]
            stop = start + p.life_years
            overlap = np.clip(
                np.minimum(stop, years[None, :] + 1) - np.maximum(start, years[None, :]), 0, 1
            )
            take += overlap * p.state_take_per_year * price[:, None]
            # licence fees: whole years from the licence year until production ends
            paying = (years[None, :] >= p.licence_year) & (years[None, :] < stop)
            take += np.where(paying, p.licence_fees_usd, 0.0)
            col += 1
    return take


def yearly_fund_base(spec: DealSpec, lead_times: np.ndarray, price: np.ndarray) -> np.ndarray:
    """The payments the fund takes its share of [USD], by draw and year (n_draws, horizon).

    As :func:`yearly_state_take`, but production years count only
    :meth:`Project.fund_base_per_year` (royalties; plus profit tax for ``"state-take"``);
    licence fees count from the licence year in both bases.
    """
    years = spec.start_year + np.arange(spec.horizon_years, dtype=float)
    base = np.zeros((lead_times.shape[0], spec.horizon_years))
    col = 0
    for p in spec.projects:
        per_year = p.fund_base_per_year(spec.inflow_basis)
        for _ in range(p.count):
            start = p.licence_year + lead_times[:, col][:, None]
            stop = start + p.life_years
            overlap = np.clip(
                np.minimum(stop, years[None, :] + 1) - np.maximum(start, years[None, :]), 0, 1
            )
            base += overlap * per_year * price[:, None]
            paying = (years[None, :] >= p.licence_year) & (years[None, :] < stop)
            base += np.where(paying, p.licence_fees_usd, 0.0)
            col += 1
    return base


def discount_factors(rate: float, horizon_years: int) -> np.ndarray:
    """``(1+r)^-(t - t0)`` for each model year t (flows discounted from the start year)."""
    return (1.0 + rate) ** (-np.arange(horizon_years, dtype=float))


def simulate_deal(spec: DealSpec) -> dict[str, object]:
    """Monte Carlo of the fund: inflows, payback, target probabilities, present values.

    Returns
    -------
    dict with ``years``; ``fund_inflow`` (n_draws, horizon) [USD/yr]; ``state_take`` (all
    royalties, fees and profit tax, of which the host keeps what is not paid in);
    ``inflow_basis``; ``cumulative``;
    ``contributed_total`` [USD]; ``payback_year`` (n_draws,) float with NaN when not
    reached; ``p_target_by_year``; ``pv_fund_inflow`` (n_draws,) [USD]; ``pv_by_party``.
    """
    rng = np.random.default_rng(spec.seed)
    units = sum(p.count for p in spec.projects)
    lead = spec.lead_time.draw((spec.n_draws, units), rng)
    col = 0
    for p in spec.projects:
        if p.lead_time is not None:
            lead[:, col : col + p.count] = p.lead_time.draw((spec.n_draws, p.count), rng)
        col += p.count
    if spec.price_sigma > 0:
        s = spec.price_sigma
        price = rng.lognormal(-s * s / 2, s, size=spec.n_draws)
    else:
        price = np.ones(spec.n_draws)
    take = yearly_state_take(spec, lead, price)
    inflow = spec.fund_share * yearly_fund_base(spec, lead, price)
    cumulative = np.cumsum(inflow, axis=1)
    years = spec.start_year + np.arange(spec.horizon_years)
    contributed = float(sum(c.amount_usd for c in spec.contributions))
    reached = cumulative >= contributed if contributed > 0 else np.ones_like(cumulative, bool)
    any_reached = reached.any(axis=1)
    first = np.argmax(reached, axis=1)
    payback = np.where(any_reached, years[first], np.nan)
    p_target = {}
    if spec.target_usd is not None:
        for y in spec.target_years:
            i = int(y - spec.start_year)
            if 0 <= i < spec.horizon_years:
                p_target[int(y)] = float(np.mean(cumulative[:, i] >= spec.target_usd))
            else:
                p_target[int(y)] = float("nan")
    disc = discount_factors(spec.discount_rate, spec.horizon_years)
    pv_inflow = inflow @ disc
    pv_retained = (take - inflow) @ disc
    parties = sorted({c.party for c in spec.contributions} | {spec.host_party})
    contrib_pv = {
        party: float(
            sum(
                c.amount_usd * (1 + spec.discount_rate) ** -(c.year - spec.start_year)
                for c in spec.contributions
                if c.party == party
            )
        )
        for party in parties
    }
    contrib_nominal = {
        party: float(sum(c.amount_usd for c in spec.contributions if c.party == party))
        for party in parties
    }
    pv_by_party = {}
    for party in parties:
        own = contrib_nominal[party] / contributed if contributed > 0 else 0.0
        value = own * pv_inflow - contrib_pv[party]
        if party == spec.host_party:
            value = value + pv_retained
        pv_by_party[party] = value
    return {
        "years": years,
        "fund_inflow": inflow,
        "state_take": take,
        "inflow_basis": spec.inflow_basis,
        "cumulative": cumulative,
        "contributed_total": contributed,
        "payback_year": payback,
        "p_target_by_year": p_target,
        "pv_fund_inflow": pv_inflow,
        "pv_by_party": pv_by_party,
        "ownership": {
            p: (contrib_nominal[p] / contributed if contributed > 0 else 0.0) for p in parties
        },
        "lead_times": lead,
    }
