"""The release days of USGS Mineral Commodity Summaries editions (``news_edition_releases.csv``).

Oracles, read through the project's source search and cited per row (``source_ids`` in
``sources_hygiene.csv``): MCS 2023, data release metadata pubdate 20230131 (doi:10.5066/
P9WCYUI6) and Mining.com ('released January 31'); MCS 2024, the USGS publication page dated
January 31, 2024 (doi:10.3133/mcs2024); MCS 2025, E&E News of 31 Jan 2025 reporting the new
report and the USGS statement that the summaries 'are released every year on January 31'
(secondary: no USGS page dating the 2025 edition was found); MCS 2026, data release
metadata pubdate 20260206 (doi:10.5066/P1WKQ63T).
"""

from __future__ import annotations

from datetime import date

import pytest

from assay.analyses.build import read_reference_csv as read_frame
from assay.analyses.news.knowledge import read_reference_csv, release_dates
from assay.analyses.news.verdicts import edition_at


def test_release_days() -> None:
    assert release_dates() == {
        2023: date(2023, 1, 31),
        2024: date(2024, 1, 31),
        2025: date(2025, 1, 31),
        2026: date(2026, 2, 6),
    }


def test_every_release_day_cites_bundled_sources() -> None:
    sources = read_frame("sources.csv").set_index("id")
    for row in read_reference_csv("news_edition_releases.csv"):
        ids = [s.strip() for s in row["source_ids"].split(";") if s.strip()]
        assert ids and row["source"], row
        assert all(s in sources.index for s in ids), (row["edition"], ids)
        assert row["secondary"] in ("true", "false"), row
        kinds = {sources.loc[s, "kind"] for s in ids}
        # a day resting on news reports alone is flagged secondary
        if kinds == {"secondary"}:
            assert row["secondary"] == "true", row
    secondary = {r["edition"] for r in read_reference_csv("news_edition_releases.csv")
                 if r["secondary"] == "true"}  # fmt: skip
    assert secondary == {"2025"}


@pytest.mark.parametrize(
    ("day", "edition"),
    [
        (date(2023, 1, 30), 2022),
        (date(2023, 1, 31), 2023),  # MCS 2023's release day (was 1 February by default)
        (date(2025, 1, 30), 2024),
        (date(2025, 1, 31), 2025),  # MCS 2025's release day
        (date(2026, 2, 5), 2025),
        (date(2026, 2, 6), 2026),
        (date(2022, 1, 31), 2021),  # no day on file for MCS 2022: 1 February counts
        (date(2022, 2, 1), 2022),
    ],
)
def test_edition_current_on_a_day(day: date, edition: int) -> None:
    assert edition_at(day) == edition
