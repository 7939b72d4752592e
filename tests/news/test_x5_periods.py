"""Period and source cues (issue 17, round 2): a sentence that says where or when its
figures come from ('figures published by the USGS in 2012', 'a 2019 survey', '2020 data
show', 'as of 2018') sets the period of its figures and of the figures in the following
sentences of its paragraph; the cue is kept as ``period_cue``.

Sentences are written for these tests. Oracle: the USGS Mineral Commodity Summaries of
year Y publish data for year Y-1 (the release year is not the data year); the store holds
rare-earth mine production only for recent years, so a claim about 2011 cannot be checked.
"""

from __future__ import annotations

from assay.analyses.news import check_text
from assay.analyses.news.dates import source_cue
from assay.analyses.news.quantities import find_quantities


def _figures(store, text: str) -> list[dict]:
    claims = check_text(store, text, title=None, date="2025-03-01")["claims"]
    return [c for c in claims if c["type"] in ("share", "production", "reserves", "ranking")]


def _cue(text: str) -> tuple[int, str] | None:
    cue = source_cue(text, 0, len(text))
    return (cue["year"], cue["kind"]) if cue else None


def test_release_and_data_cues() -> None:
    assert _cue("Going by figures published by the USGS in 2012, Laos mined 5%.") == (
        2012,
        "release",
    )
    assert _cue("Per a 2019 survey by the agency, Chile mined 28% of copper.") == (
        2019,
        "release",
    )
    assert _cue("2020 data show Peru mined 2 million tonnes.") == (2020, "data")
    assert _cue("As of 2018, Brazil held 21 million tonnes.") == (2018, "data")
    assert _cue("Statistics for 2017 put output at 130,000 t.") == (2017, "data")


def test_plain_years_are_no_source_cue() -> None:
    assert _cue("China mined 270,000 tonnes in 2024.") is None
    assert _cue("Since 2010, output has grown.") is None


def test_release_year_gives_the_previous_data_year_and_refuses_it(rare_earth_store) -> None:
    text = (
        "According to figures released by the USGS in 2012, China mined 97% of the world's "
        "rare earths."
    )
    (c,) = _figures(rare_earth_store, text)
    assert c["period"] == 2011 and c["period_cue"]["kind"] == "release"
    assert c["period_cue"]["from"] == "sentence"
    assert c["verdict"] == "not-checkable"


def test_the_cue_carries_to_the_rest_of_the_paragraph(rare_earth_store) -> None:
    text = (
        "According to figures released by the USGS in 2012, China mined 97% of the world's "
        "rare earths. India mined 2,800 tonnes and Brazil 550 tonnes.\n"
        "Today the United States mined 45,000 tonnes of rare earths."
    )
    claims = _figures(rare_earth_store, text)
    by_value = {c["value"]: c for c in claims}
    assert by_value[2800]["period"] == 2011
    assert by_value[2800]["period_basis"] == "context"
    assert by_value[2800]["period_cue"]["from"] == "previous sentence"
    assert by_value[2800]["verdict"] == "not-checkable"
    # a new paragraph is not under the cue
    assert "period_cue" not in by_value[45_000]


def test_a_sentence_with_its_own_year_ends_the_cue(rare_earth_store) -> None:
    text = (
        "2020 data show China mined 140,000 tonnes of rare earths. In 2024 the United "
        "States mined 45,000 tonnes. India mined 2,900 tonnes."
    )
    by_value = {c["value"]: c for c in _figures(rare_earth_store, text)}
    assert by_value[140_000]["period"] == 2020
    assert by_value[45_000]["period"] == 2024 and "period_cue" not in by_value[45_000]
    assert "period_cue" not in by_value[2_900]


def test_own_year_besides_a_release_cue_is_kept(rare_earth_store) -> None:
    text = (
        "A 2025 report from the USGS said the United States mined 45,000 t of rare earths in 2024."
    )
    (c,) = _figures(rare_earth_store, text)
    assert c["period"] == 2024


def test_pc_written_against_the_figure_is_per_cent() -> None:
    (q,) = find_quantities("Beijing refines 90pc of the supply.", {})
    assert (q["kind"], q["value"]) == ("percent", 90.0)
    assert find_quantities("The PC makers sold 10pcs.", {}) == []


def test_a_mineral_that_is_a_commodity_passes_to_the_next_sentence(mcs_store) -> None:
    # graphite is itself an MCS commodity: 'the mineral' in the next sentence is graphite
    text = "Graphite is in demand. Mozambique mined 96,000 tonnes of the mineral in 2023."
    claims = check_text(mcs_store, text, title=None, date="2024-06-01")["claims"]
    (c,) = [c for c in claims if c["type"] == "production"]
    assert c["commodity"] == "graphite" and c["commodity_from"] == "previous sentence"


def test_an_ore_mineral_passes_nothing_on(mcs_store) -> None:
    # spodumene is an ore of lithium: its tonnage must not be read as lithium content
    text = "Spodumene is in demand. Australia mined 2 million tonnes in 2023."
    claims = check_text(mcs_store, text, title=None, date="2024-06-01")["claims"]
    (c,) = [c for c in claims if c["type"] == "production"]
    assert c.get("commodity") is None and c["verdict"] == "not-checkable"


def test_share_of_worldwide_production_inherits_the_commodity(rare_earth_store) -> None:
    text = (
        "India mined 2,900 tonnes of rare earths. The country accounts for under 2% of "
        "worldwide production."
    )
    claims = check_text(rare_earth_store, text, title=None, date="2025-03-01")["claims"]
    (c,) = [c for c in claims if c["type"] == "share"]
    assert c["commodity"] == "rare-earths" and c["scope"] == "world"


def test_share_of_the_market_is_claimed_and_not_compared(rare_earth_store) -> None:
    text = "Rare earth prices fell. Last year Australia won 9% of the market."
    claims = check_text(rare_earth_store, text, title=None, date="2025-03-01")["claims"]
    (c,) = [c for c in claims if c["type"] == "share"]
    assert c["frame"] == "market" and c["verdict"] == "not-checkable"
    # without a market or share word, a figure in a sentence about something else is none
    text = "Rare earth prices fell. Last year Australia's shares rose 9% on the exchange."
    claims = check_text(rare_earth_store, text, title=None, date="2025-03-01")["claims"]
    assert [c for c in claims if c["type"] == "share" and c.get("frame") == "market"] == []


def test_name_and_value_lines_under_a_caption(rare_earth_store) -> None:
    text = (
        "Rare earths matter.\n"
        "Rare earth mine production in 2024, by country -\n"
        "World\n"
        "390,000 tons\n"
        "United States\n"
        "  45,000 tons\n"
        "Sources: USGS."
    )
    claims = check_text(rare_earth_store, text, title=None, date="2025-03-01")["claims"]
    got = {(c["iso3"], c["value"], c["period"]) for c in claims if c["type"] == "production"}
    assert got == {("WLD", 390_000, 2024), ("USA", 45_000, 2024)}


def test_a_value_line_without_a_caption_is_no_row(rare_earth_store) -> None:
    text = "Rare earths matter.\nUnited States\n45,000 tons\nSources: USGS."
    claims = check_text(rare_earth_store, text, title=None, date="2025-03-01")["claims"]
    assert [c for c in claims if c["type"] == "production" and c.get("iso3") == "USA"] == []
