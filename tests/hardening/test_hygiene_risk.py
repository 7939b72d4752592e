"""The risk ranking (``risk --all``, the /risk page) does no per-commodity pandas filtering or
grouping (hygiene item 6 after issue 14).

Before: every commodity and stage filtered the whole ``risk_parameter`` frame with four
boolean masks (twice) and grouped its country shares with ``Series.groupby``: ~190 pandas
group-bys and ~190 frame filters per ranking, 1.35 s of a ranking that now takes 0.45 s
(benchmarks/bench_risk.py; medians measured on the 2-core shared machine, same store). The
output is unchanged; the shares and parameters are checked here against pandas itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assay.analyses import risk
from assay.store import open_store


def _rows(pairs):
    return [{"iso3": iso3, "name": iso3, "area_kind": "country", "share": share}
            for iso3, share in pairs]  # fmt: skip


@pytest.mark.parametrize(
    "pairs",
    [
        [("CHN", 69.0), ("USA", 12.0), ("AUS", 5.0)],
        [("USA", 10.0), ("CHN", 30.0), ("USA", 0.1), ("USA", 0.2)],  # one country, 3 rows
        [("BRA", None), ("BRA", None), ("IND", 2.5)],  # no share at all: NaN, not 0
        [("RUS", None), ("RUS", 3.3), ("MMR", float("nan"))],
        [],
    ],
)
def test_shares_match_pandas_groupby_sum(pairs):
    """Independent implementation: pandas' ``Series.groupby(level=0).sum(min_count=1)``."""
    records = _rows(pairs)
    named = risk._countries(records)
    expected = (
        pd.Series(
            [np.nan if r["share"] is None else float(r["share"]) / 100.0 for r in named],
            index=[r["iso3"] for r in named],
            dtype=float,
        )
        .groupby(level=0)
        .sum(min_count=1)
    )
    got = risk._shares_fraction(records)
    assert list(got.index) == list(expected.index)
    np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())  # bit-identical


def test_ranking_groups_and_filters_once_per_run(one_table_store_path, monkeypatch, tmp_path):
    calls = {"groupby": 0, "frame_filter": 0}
    groupby, getitem = pd.Series.groupby, pd.DataFrame.__getitem__

    def counted_groupby(self, *args, **kwargs):
        calls["groupby"] += 1
        return groupby(self, *args, **kwargs)

    def counted_getitem(self, key):
        if isinstance(key, pd.Series) and key.dtype == bool:
            calls["frame_filter"] += 1
        return getitem(self, key)

    params = tmp_path / "params.csv"
    params.write_text(
        "commodity,method,parameter,value,country,citation\n"
        "rare earths,eu_crm,trade_adjustment,1.2,China,scenario\n"
        "rare earths,eu_crm,eol_rir,0.3,,user value\n"
    )
    db = tmp_path / "store.duckdb"
    db.write_bytes(one_table_store_path.read_bytes())
    with open_store(db) as store:
        risk.import_risk_parameters(store, params)
        monkeypatch.setattr(pd.Series, "groupby", counted_groupby)
        monkeypatch.setattr(pd.DataFrame, "__getitem__", counted_getitem)
        ranking = risk.risk_all(store)
        view = risk.risk_view(store, "rare earths")
    assert ranking["count"] >= 1
    assert calls == {"groupby": 0, "frame_filter": 0}
    # the user rows still reach the scores: a user value before the bundled one
    eu = view["supply_risk"]["eu_crm"]
    assert eu["components"]["trade_adjustment"] == {"CHN": 1.2}
    assert eu["components"]["eol_rir"] == 0.3
