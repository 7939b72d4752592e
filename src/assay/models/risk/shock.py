"""Supply-shock scenarios: remove, cap or add producers and recompute world supply and HHI.

A scenario acts on one year's production by country ``q_k`` [t] with the published world
total ``W`` (which includes producers not listed by name, e.g. "Other countries")::

    q'_k = 0                      for k in remove
    q'_k = min(q_k, cap_k)        for k in cap
    q'_k = q_k + a_k              for k in add (a new producer starts at 0)
    W'   = W − Σ_k (q_k − q'_k)

Shares are ``s_k = q_k / W`` and the Herfindahl-Hirschman index is
``HHI = Σ_k (100 · s_k)²`` [0–10,000] (:func:`assay.models.concentration.hhi`) over the named
producers (the unnamed remainder is
treated as atomistic and contributes nothing), as in U.S. DOJ & FTC (2010), Horizontal Merger
Guidelines, §5.3. For an importer, the share of its imports affected is
``Σ_i m_i · (1 − q'_i / q_i)``, with m_i the share of its imports that come from source i
(the cut of each source's output passed through pro rata to its exports).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from assay.models.concentration import hhi as hhi_index


@dataclass(frozen=True)
class ShockResult:
    """Outcome of a supply-shock scenario (all quantities in the production unit)."""

    world_before: float
    world_after: float
    hhi_before: float
    hhi_after: float
    #: one row per named producer: ``before``, ``after``, ``change``, ``share_before``,
    #: ``share_after`` [fraction], indexed by producer key
    table: pd.DataFrame
    removed: list[str] = field(default_factory=list)
    capped: dict[str, float] = field(default_factory=dict)
    added: dict[str, float] = field(default_factory=dict)

    @property
    def world_change(self) -> float:
        return self.world_after - self.world_before

    @property
    def world_change_fraction(self) -> float:
        return self.world_change / self.world_before if self.world_before else float("nan")


def _hhi_of(quantities: pd.Series, world: float) -> float:
    if world <= 0:
        return float("nan")
    return hhi_index(100.0 * quantities.to_numpy(dtype=float) / world)


def apply_shock(
    production: pd.Series,
    world_total: float | None = None,
    remove: Iterable[str] = (),
    cap: Mapping[str, float] | None = None,
    add: Mapping[str, float] | None = None,
) -> ShockResult:
    """Apply a scenario to production by producer.

    Parameters
    ----------
    production : pandas.Series
        q_k, production of each named producer [t], indexed by a key (ISO3 code). NaN
        (withheld/not available) is read as 0 for the arithmetic.
    world_total : float, optional
        W, the published world total [t]; defaults to the sum of ``production``.
    remove : iterable of str
        Producers whose output falls to zero.
    cap : mapping of str to float, optional
        Producer → maximum output [t].
    add : mapping of str to float, optional
        Producer → additional output [t] (new producers are appended).

    Returns
    -------
    ShockResult
        World totals and HHI [0–10,000] before and after, with the per-producer table.
    """
    cap = dict(cap or {})
    add = dict(add or {})
    remove = list(remove)
    before = production.astype(float).fillna(0.0)
    if before.index.has_duplicates:
        raise ValueError("production must have one row per producer")
    for key, value in list(cap.items()) + list(add.items()):
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"quantity for {key} must be a non-negative number, got {value}")
    for key in remove + list(cap):
        if key not in before.index:
            raise KeyError(f"{key} is not a producer in this table")
    world_before = float(before.sum()) if world_total is None else float(world_total)

    new_keys = [k for k in add if k not in before.index]
    before = pd.concat([before, pd.Series(0.0, index=new_keys)]) if new_keys else before
    after = before.copy()
    for key in remove:
        after[key] = 0.0
    for key, limit in cap.items():
        after[key] = min(after[key], float(limit))
    for key, extra in add.items():
        after[key] = after[key] + float(extra)
    world_after = world_before + float(after.sum() - before.sum())

    table = pd.DataFrame({"before": before, "after": after})
    table["change"] = table["after"] - table["before"]
    table["share_before"] = table["before"] / world_before if world_before else np.nan
    table["share_after"] = table["after"] / world_after if world_after else np.nan
    table = table.sort_values("after", ascending=False)
    return ShockResult(
        world_before=world_before,
        world_after=world_after,
        hhi_before=_hhi_of(before, world_before),
        hhi_after=_hhi_of(after, world_after),
        table=table,
        removed=remove,
        capped={k: float(v) for k, v in cap.items()},
        added={k: float(v) for k, v in add.items()},
    )


def import_share_affected(import_shares: pd.Series, table: pd.DataFrame) -> float:
    """Share of an importer's imports lost when its sources' output is cut.

    ``A = Σ_i m_i · (1 − q'_i / q_i)`` (sources without production data are unaffected).

    Parameters
    ----------
    import_shares : pandas.Series
        m_i, share of the importer's imports from source i [fraction], indexed like
        ``table`` (ISO3); need not sum to 1 (the rest is "other").
    table : pandas.DataFrame
        ``ShockResult.table`` with ``before`` and ``after`` columns.

    Returns
    -------
    float
        A [fraction of imports, 0–1].
    """
    affected = 0.0
    for key, m in import_shares.dropna().items():
        if key in table.index and table.at[key, "before"] > 0:
            cut = 1.0 - table.at[key, "after"] / table.at[key, "before"]
            affected += float(m) * max(0.0, cut)
    return affected


# -- stage propagation ---------------------------------------------------------------------
@dataclass(frozen=True)
class StageShockResult:
    """A processing stage lost in one country, propagated upstream to the mines feeding it.

    ``table`` has one row per mining country (ISO3 index): ``mine_output`` q_m [t],
    ``to_removed`` f_m [fraction of its feed exports shipped to the removed processor] and
    ``stranded`` = q_m · f_m [t]. ``removed_own_output`` is the removed country's own mine
    output [t], which loses its domestic processor with it.
    """

    removed: str
    table: pd.DataFrame
    stranded_total: float
    mine_world_total: float
    removed_own_output: float
    stage_share_removed: float | None
    stage_capacity_outside: float | None

    @property
    def stranded_fraction(self) -> float:
        """Stranded concentrate of the other countries as a fraction of world mine output."""
        if not self.mine_world_total:
            return float("nan")
        return self.stranded_total / self.mine_world_total


def strand_upstream(
    mine_output: pd.Series,
    feed_to_removed: pd.Series,
    removed: str,
    *,
    mine_world_total: float | None = None,
    stage_share_removed: float | None = None,
) -> StageShockResult:
    """Concentrate stranded when one country stops processing a stage.

    Every mining country m is assumed to send its mine output q_m to processors in the
    proportions of its feed exports, so the part shipped to the removed processor,

        stranded_m = q_m · f_m        f_m = x_{m→removed} / Σ_p x_{m→p}

    has no buyer until processing elsewhere grows. Outside the removed country the stage
    keeps the fraction ``1 − s_removed`` of its world output (its capacity outside, when the
    stage's shares are published).

    Parameters
    ----------
    mine_output : pandas.Series
        q_m, mine production by country [t], ISO3 index (NaN read as 0).
    feed_to_removed : pandas.Series
        f_m [fraction 0-1], share of each country's feed exports that go to ``removed``;
        countries without an entry ship none there.
    removed : str
        ISO3 of the processor that stops.
    mine_world_total : float, optional
        World mine production [t] (default: the sum of ``mine_output``).
    stage_share_removed : float, optional
        s_removed, the removed country's share of the stage [fraction].

    Returns
    -------
    StageShockResult
    """
    q = mine_output.astype(float).fillna(0.0)
    if q.index.has_duplicates:
        raise ValueError("mine_output must have one row per country")
    f = feed_to_removed.astype(float).reindex(q.index).fillna(0.0)
    if ((f < 0) | (f > 1)).any():
        raise ValueError("feed shares must be fractions in [0, 1]")
    if stage_share_removed is not None and not 0.0 <= stage_share_removed <= 1.0:
        raise ValueError("stage_share_removed must be a fraction in [0, 1]")
    others = q.index != removed
    stranded = (q * f).where(others, 0.0)
    table = pd.DataFrame({"mine_output": q, "to_removed": f.where(others, np.nan)})
    table["stranded"] = stranded
    table = table.sort_values(["stranded", "mine_output"], ascending=False)
    world = float(q.sum()) if mine_world_total is None else float(mine_world_total)
    return StageShockResult(
        removed=removed,
        table=table,
        stranded_total=float(stranded.sum()),
        mine_world_total=world,
        removed_own_output=float(q.get(removed, 0.0)),
        stage_share_removed=stage_share_removed,
        stage_capacity_outside=(
            None if stage_share_removed is None else 1.0 - float(stage_share_removed)
        ),
    )
