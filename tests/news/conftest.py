"""Fixtures of the news-checking tests.

``rare_earth_store``: the bundled reference store (elements, commodities, countries) plus the
rare-earth world table of three USGS MCS editions, typed in from the published tables so that
verdict tests run without ``../shared``:

- MCS 2023 data release, mcs2023-raree_world.csv (doi:10.5066/P9WCYUI6): reserves t REO.
- MCS 2024 data release ver. 2.0, mcs2024-raree_world.csv (doi:10.5066/P144BA54): reserves
  and 2023 mine production.
- MCS 2025 "Rare Earths" chapter, pp. 144-145 (doi:10.5066/P13XCP3R): reserves and 2024 mine
  production.

``seed_store``: the store with every MCS folder of ``../shared/data`` imported by the
foundation's importer (skips where ``../shared`` is absent).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.store import Store

DATA = Path(__file__).parent / "data"

# (edition, measure, data_year, {area: value t REO}); 'WLD' is the published world total
_TABLES = [
    (2023, "reserves", 2022, {"CHN": 44e6, "VNM": 22e6, "BRA": 21e6, "RUS": 21e6, "IND": 6.9e6,
                              "AUS": 4.2e6, "USA": 2.3e6, "GRL": 1.5e6, "WLD": 130e6}),
    (2024, "reserves", 2023, {"CHN": 44e6, "VNM": 22e6, "BRA": 21e6, "RUS": 10e6, "IND": 6.9e6,
                              "AUS": 5.7e6, "USA": 1.8e6, "GRL": 1.5e6, "WLD": 110e6}),
    (2024, "mine_production", 2023, {"CHN": 240e3, "USA": 43e3, "MMR": 38e3, "AUS": 18e3,
                                     "THA": 7.1e3, "IND": 2.9e3, "RUS": 2.6e3, "WLD": 350e3}),
    (2025, "reserves", 2024, {"CHN": 44e6, "BRA": 21e6, "IND": 6.9e6, "AUS": 5.7e6,
                              "RUS": 3.8e6, "VNM": 3.5e6, "USA": 1.9e6, "GRL": 1.5e6}),
    (2025, "mine_production", 2024, {"CHN": 270e3, "USA": 45e3, "MMR": 31e3, "AUS": 13e3,
                                     "NGA": 13e3, "THA": 13e3, "IND": 2.9e3, "RUS": 2.5e3,
                                     "WLD": 390e3}),
]  # fmt: skip


def _add_rare_earth_tables(store: Store) -> None:
    con = store.con
    con.execute(
        "DELETE FROM observation WHERE commodity_id = 'rare-earths' "
        "AND measure IN ('reserves', 'mine_production')"
    )
    for edition in (2023, 2024, 2025):
        sid = f"news-test-mcs{edition}-raree"
        con.execute("DELETE FROM source WHERE id = ?", [sid])
        con.execute(
            "INSERT INTO source (id, publisher, title, edition, year, table_name) "
            "VALUES (?, 'U.S. Geological Survey', ?, ?, ?, 'Rare earths: world mine production "
            "and reserves')",
            [sid, f"Mineral Commodity Summaries {edition}", edition, edition],
        )
    for edition, measure, year, values in _TABLES:
        for area, value in values.items():
            world = area == "WLD"
            con.execute(
                "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, "
                "data_year, value, unit, source_id, edition) "
                "VALUES ('rare-earths', ?, ?, ?, ?, ?, ?, 't', ?, ?)",
                [
                    None if world else area,
                    "world" if world else "country",
                    "World total" if world else area,
                    measure,
                    year,
                    value,
                    f"news-test-mcs{edition}-raree",
                    edition,
                ],
            )


@pytest.fixture()
def rare_earth_store(reference_store: Store) -> Iterator[Store]:
    _add_rare_earth_tables(reference_store)
    yield reference_store


@pytest.fixture()
def seed_store(mcs_store: Store) -> Iterator[Store]:
    yield mcs_store


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip(f"no seeds at {path}")
    return path
