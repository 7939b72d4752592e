"""Verdict guards against false supports and refutations (issue 17, holdouts 5 and 6).

Each test names a general mechanism, in sentences written for the test:

- a figure for part of a year (quarter, half, some months) is never compared with a
  yearly value, nor is a share of part of a year;
- a claimed tie needs the tied countries to share the value (one country's rank alone does
  not earn it);
- a figure equal, within its written rounding, to a superseded edition's value for the
  year, while the current edition differs beyond that rounding, is not supported through
  the 10 % mass floor;
- a world total published as a bound ('>90,000,000') does not confirm another point
  figure, but still refutes one below it;
- 'some of the largest' is a set of unstated size, not first place.

Evidence: the ``rare_earth_store`` fixture (typed in from USGS MCS 2023-2025; MCS 2025
2024 output: China 270,000 t; Australia, Nigeria and Thailand 13,000 t each, tied fourth;
Russia 2,500 t). The fixture ``revised_store`` adds two published figures: MCS 2025's
revised 2023 output (Rare Earths chapter, p. 145: China 255,000 t, Russia 2,500 t; MCS
2024 had 240,000 t and 2,600 t) and MCS 2025's world reserves, published as a lower bound
(">90,000,000" t REO, 2024).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assay.analyses.news import check_text
from assay.store import Store

DATED = "2025-06-01"  # after MCS 2025 (data year 2024)


def _claims(store: Store, text: str, kind: str, date: str = DATED) -> list[dict]:
    claims = check_text(store, text, title="", date=date)["claims"]
    return [c for c in claims if c["type"] == kind]


@pytest.fixture()
def revised_store(rare_earth_store: Store) -> Iterator[Store]:
    con = rare_earth_store.con
    rows = [
        ("CHN", "country", "CHN", "mine_production", 2023, 255e3, None),
        ("RUS", "country", "RUS", "mine_production", 2023, 2.5e3, None),
        (None, "world", "World total", "reserves", 2024, 90e6, ">"),
    ]
    for iso3, kind, name, measure, year, value, qualifier in rows:
        con.execute(
            "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, "
            "data_year, value, unit, source_id, edition, qualifier) "
            "VALUES ('rare-earths', ?, ?, ?, ?, ?, ?, 't', 'news-test-mcs2025-raree', 2025, ?)",
            [iso3, kind, name, measure, year, value, qualifier],
        )
    yield rare_earth_store


# -- part of a year ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Chinese mines turned out 61,000 tonnes of rare earths in the first quarter of 2024.",
        "In the first half of 2024, China produced 140,000 tonnes of rare earths.",
        "Chinese rare earth output reached 200,000 tonnes in January-August 2024.",
        "China mined 190,000 tonnes of rare earths in the first nine months of 2024.",
    ],
)
def test_part_year_output_is_never_judged_against_the_year(rare_earth_store, text) -> None:
    # 61,000 t is a quarter of 270,000 t: a yearly total cannot refute (or support) it
    amounts = _claims(rare_earth_store, text, "production")
    assert amounts, text
    for c in amounts:
        assert c["verdict"] == "not-checkable", c["explanation"]
        assert "part of a year" in c["reason"]


def test_part_year_share_is_not_checkable(rare_earth_store) -> None:
    text = "In the first half of 2024, China accounted for 40% of global rare earth mining."
    shares = _claims(rare_earth_store, text, "share")
    assert shares
    assert all(c["verdict"] == "not-checkable" for c in shares)
    assert any("first half" in (c.get("reason") or "") for c in shares)


def test_whole_year_output_is_still_judged(rare_earth_store) -> None:
    # the guard must not swallow a yearly figure: 100,000 t against 270,000 t is refuted
    text = "China mined 100,000 tonnes of rare earths in 2024."
    (c,) = _claims(rare_earth_store, text, "production")
    assert c["verdict"] == "refuted"


# -- shared ranks -----------------------------------------------------------------------------


def test_a_tie_the_data_show_is_supported(rare_earth_store) -> None:
    text = "Nigeria and Australia were tied as the fourth largest rare earth miners in 2024."
    ranks = _claims(rare_earth_store, text, "ranking")
    assert ranks and all(c["verdict"] == "supported" for c in ranks), ranks


def test_a_tie_with_a_country_of_another_value_is_not_supported(rare_earth_store) -> None:
    # Myanmar mined 31,000 t, Australia 13,000 t: no shared third place, whatever the
    # rank of either one alone says
    text = "Australia and Myanmar were tied as the third largest rare earth miners in 2024."
    ranks = _claims(rare_earth_store, text, "ranking")
    assert ranks
    for c in ranks:
        assert c["verdict"] != "supported", c["explanation"]


def test_tied_with_after_the_rank_is_checked(rare_earth_store) -> None:
    text = "Australia is the fourth-largest rare earth miner in 2024, tied with Russia."
    ranks = _claims(rare_earth_store, text, "ranking")
    assert ranks
    for c in ranks:
        assert c["verdict"] == "not-checkable", c["explanation"]
        assert "shared" in c["reason"]


def test_a_tie_where_no_country_shares_the_value(rare_earth_store) -> None:
    # Myanmar is third alone (31,000 t): its rank holds, the tie it asserts does not
    text = "Myanmar is tied for third place in rare earth mining in 2024."
    ranks = _claims(rare_earth_store, text, "ranking")
    assert ranks
    assert all(c["verdict"] == "not-checkable" for c in ranks)


# -- superseded editions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Russian rare earth mines produced 2,600 tonnes in 2023.", "Russia"),
        ("Chinese rare earth mining came to 240,000 tonnes in 2023.", "China"),
    ],
)
def test_a_superseded_figure_is_not_supported_by_the_mass_floor(
    revised_store, text, country
) -> None:
    # MCS 2025 revised 2023 (2,500 t; 255,000 t); both figures lie inside the 10 % floor
    # but outside their written rounding (+-50 t; +-5,000 t) and equal MCS 2024's
    (c,) = _claims(revised_store, text, "production")
    assert c["verdict"] == "not-checkable", c["explanation"]
    assert "superseded MCS 2024" in c["reason"]


def test_the_current_figure_of_a_revised_year_is_supported(revised_store) -> None:
    (c,) = _claims(revised_store, "China mined 255,000 tonnes of rare earths in 2023.",
                   "production")  # fmt: skip
    assert c["verdict"] == "supported"


def test_a_figure_matching_no_edition_keeps_the_mass_floor(revised_store) -> None:
    # 250,000 t is within 10 % of 255,000 t and equals no edition's figure
    (c,) = _claims(revised_store, "China mined 250,000 tonnes of rare earths in 2023.",
                   "production")  # fmt: skip
    assert c["verdict"] == "supported"


# -- bounds -----------------------------------------------------------------------------------


def test_a_bound_does_not_confirm_another_point_figure(revised_store) -> None:
    text = "The world's rare earth reserves total 93,500,000 tonnes."
    (c,) = _claims(revised_store, text, "reserves")
    assert c["verdict"] == "not-checkable", c["explanation"]
    assert "bound" in c["reason"]


def test_a_bound_supports_its_own_number_and_a_bound_claim(revised_store) -> None:
    for text in (
        "World rare earth reserves exceed 90 million tonnes.",
        "Global rare earth reserves are about 90 million tonnes.",
    ):
        (c,) = _claims(revised_store, text, "reserves")
        assert c["verdict"] == "supported", (text, c["explanation"])


def test_a_bound_refutes_a_point_figure_below_it(revised_store) -> None:
    text = "The world's rare earth reserves total 40 million tonnes."
    (c,) = _claims(revised_store, text, "reserves")
    assert c["verdict"] == "refuted", c["explanation"]


# -- plural superlatives ----------------------------------------------------------------------


def test_some_of_the_largest_is_not_first_place(rare_earth_store) -> None:
    # Australia is fourth in 2024: 'some of the largest' neither claims nor denies that
    text = "Australia has some of the world's largest rare earth mines outside China."
    for c in _claims(rare_earth_store, text, "ranking"):
        assert c["verdict"] == "not-checkable", c["explanation"]


def test_rank_word_nearest_the_commodity_is_read(rare_earth_store) -> None:
    # 'the largest reserves of X, and some of the largest Y': Y's rank is the vague one
    text = (
        "Brazil has the world's largest reserves of niobium, and some of the largest reserves "
        "of rare earths."
    )
    rare = [c for c in _claims(rare_earth_store, text, "ranking") if "rare" in c["commodity"]]
    assert rare
    for c in rare:  # Brazil is second in rare-earth reserves: read as first it was refuted
        assert c["verdict"] == "not-checkable", c["explanation"]
        assert "some of the largest" in c["reason"]
