"""How a claim's subject, commodity and period were found (issue 17): ``subject_basis``,
``commodity_basis``, ``period_basis`` and, for classifications, ``class_basis``.

'explicit' means named in the claim's own clause or sentence (or table row); 'coreference'
a pronoun, 'the country', 'these metals' or the previous sentence of the paragraph;
'context' a headline, a list heading, a table caption or the line above a labelled line.
Sentences are written for these tests. Oracles for the verdicts: the USGS MCS rare-earth
tables typed into ``rare_earth_store`` (conftest: China 270,000 t and the world 390,000 t
of mine production in 2024, MCS 2025).
"""

from __future__ import annotations

from assay.analyses.news import check_text
from assay.analyses.news.claims import BASES, commodity_basis, subject_basis


def _claims(store, text: str, title: str = "", date: str = "2025-03-01") -> list[dict]:
    return check_text(store, text, title=title, date=date)["claims"]


def _one(claims: list[dict], ctype: str) -> dict:
    found = [c for c in claims if c["type"] == ctype]
    assert len(found) == 1, found
    return found[0]


def test_subject_named_in_the_figures_clause_is_explicit(rare_earth_store) -> None:
    c = _one(
        _claims(rare_earth_store, "Last year China mined 270,000 t of rare earths."), "production"
    )
    assert (c["iso3"], c["subject_basis"], c["commodity_basis"]) == ("CHN", "explicit", "explicit")
    assert c["period_basis"] == "explicit" and c["period"] == 2024


def test_possessive_pronoun_subject_is_coreference_and_never_the_world(rare_earth_store) -> None:
    text = "Beijing leads the sector. Its output of rare earths reached 270,000 t in 2024."
    c = _one(_claims(rare_earth_store, text), "production")
    assert c["iso3"] == "CHN"  # not the world total, although 390,000 t is not claimed
    assert c["subject_basis"] == "coreference"


def test_pronoun_in_a_second_clause_makes_a_named_subject_coreference(rare_earth_store) -> None:
    # the country is named in the first clause; the figure's clause reaches it via 'its'
    text = "China controls refining, while its share of global rare earth mining is near 69%."
    c = _one(_claims(rare_earth_store, text), "share")
    assert c["iso3"] == "CHN" and c["subject_basis"] == "coreference"
    # a relative clause attached to the name is the same subject, stated explicitly
    text = "China, which mines 69% of the world's rare earths, also refines most of them."
    c = _one(_claims(rare_earth_store, text), "share")
    assert c["iso3"] == "CHN" and c["subject_basis"] == "explicit"


def test_world_total_phrase_is_an_explicit_world_subject(rare_earth_store) -> None:
    text = "Chinese mines produced 270,000 t of rare earths, from a world total of 390,000 t."
    world = [c for c in _claims(rare_earth_store, text) if c.get("iso3") == "WLD"]
    assert [(c["value"], c["subject_basis"], c["verdict"]) for c in world] == [
        (390000.0, "explicit", "supported")
    ]


def test_labelled_line_takes_its_country_from_context(rare_earth_store) -> None:
    text = "China\nProduction: 270,000 t of rare earths"
    c = _one(_claims(rare_earth_store, text), "production")
    assert (c["iso3"], c["subject_basis"]) == ("CHN", "context")


def test_commodity_from_headline_is_context(rare_earth_store) -> None:
    c = _one(
        _claims(rare_earth_store, "China mined 270,000 t in 2024.", title="Rare earth output"),
        "production",
    )
    assert c["commodity_from"] == "headline" and c["commodity_basis"] == "context"


def test_table_row_subject_is_explicit_and_caption_year_is_context(rare_earth_store) -> None:
    text = (
        "Rare earth mine output in 2024\n"
        "| Country | Production (tonnes) |\n|---|---|\n| China | 270,000 |\n"
    )
    c = _one(_claims(rare_earth_store, text), "production")
    assert (c["subject_basis"], c["period_basis"], c["period"]) == ("explicit", "context", 2024)


def test_classification_of_members_named_before_is_coreference(rare_earth_store) -> None:
    text = "Lithium and cobalt are used in batteries. These metals are not rare earths."
    cls = [c for c in _claims(rare_earth_store, text) if c["type"] == "classification"]
    assert {c["subject"] for c in cls} == {"lithium", "cobalt"}
    assert {c["subject_basis"] for c in cls} == {"coreference"}
    assert {c["class_basis"] for c in cls} == {"explicit"}


def test_basis_helpers() -> None:
    assert BASES == ("explicit", "coreference", "context")
    assert [commodity_basis(x) for x in ("sentence", "previous claim", "headline", None)] == [
        "explicit",
        "coreference",
        "context",
        None,
    ]
    text = "Brazil has reserves, and it ranks third."
    brazil = {"span": [0, 6]}
    assert subject_basis(text, None, "sentence", (0, len(text)), 0) is None
    assert subject_basis(text, brazil, "label", (0, len(text)), 30) == "context"
    assert subject_basis(text, brazil, "sentence", (20, len(text)), 30) == "coreference"
    assert subject_basis(text, brazil, "sentence", (0, len(text)), 30) == "explicit"


def test_possessive_anaphor_before_a_figure_beats_a_country_named_later(rare_earth_store) -> None:
    # 'the country's' is the country of the sentence before, not China named after it;
    # the share in the relative clause is said of the same figure
    text = (
        "Brazil has a long coast. The country's estimated 21 million tonnes of rare earths, "
        "which are about 23% of world reserves, are exceeded only by China's 44 million tonnes."
    )
    claims = _claims(rare_earth_store, text)
    by_value = {c["value"]: c for c in claims if c["type"] in ("reserves", "share")}
    assert by_value[21e6]["iso3"] == "BRA" and by_value[21e6]["subject_basis"] == "coreference"
    assert by_value[21e6]["measure"] == "reserves"  # named in the relative clause
    assert by_value[23.0]["iso3"] == "BRA" and by_value[23.0]["subject_basis"] == "coreference"
    assert by_value[44e6]["iso3"] == "CHN" and by_value[44e6]["subject_basis"] == "explicit"


def test_relative_clause_figure_without_a_known_antecedent_has_no_country(rare_earth_store) -> None:
    text = "Deposits are large, which is 20% of global rare earth reserves, and China mines most."
    shares = [c for c in _claims(rare_earth_store, text) if c["type"] == "share"]
    assert [c.get("iso3") for c in shares] == [None]


def test_region_scope_is_read_near_the_rank_not_anywhere(rare_earth_store) -> None:
    text = (
        "China is the largest producer of rare earths, which sit on the European Union's "
        "list of critical raw materials."
    )
    ranks = [c for c in _claims(rare_earth_store, text) if c["type"] == "ranking"]
    assert [(c["iso3"], c["scope"], c["verdict"]) for c in ranks] == [("CHN", "world", "supported")]
    text = "Greenland hopes to become Europe's largest rare earth producer."
    ranks = [c for c in _claims(rare_earth_store, text) if c["type"] == "ranking"]
    assert [c["scope"] for c in ranks] == ["within Europe"]


def test_two_ranks_of_one_sentence_are_two_claims(rare_earth_store) -> None:
    text = "China is the top producer of rare earths and one of the largest producers of gallium."
    ranks = [c for c in _claims(rare_earth_store, text) if c["type"] == "ranking"]
    assert sorted(c["commodity"] for c in ranks) == ["gallium", "rare-earths"]


def test_rank_words_after_the_ordinal_and_ranking_it(rare_earth_store) -> None:
    text = "The United States mined 45,000 t of rare earths in 2024, second only to China."
    ranks = [c for c in _claims(rare_earth_store, text) if c["type"] == "ranking"]
    assert [(c["iso3"], c["rank"], c["verdict"]) for c in ranks] == [("USA", 2, "supported")]
    text = "The United States mined 45,000 t of rare earths in 2024, ranking it second globally."
    ranks = [c for c in _claims(rare_earth_store, text) if c["type"] == "ranking"]
    assert [(c["iso3"], c["rank"], c["verdict"]) for c in ranks] == [("USA", 2, "supported")]


def test_only_listed_countries_larger_ranks_the_previous_subject(rare_earth_store) -> None:
    # MCS 2025 (conftest): the United States is second in 2024 mine production, after China
    before = "The United States mined 45,000 t of rare earths in 2024. "
    ranks = [
        c
        for c in _claims(rare_earth_store, before + "Only China mines more rare earths.")
        if c["type"] == "ranking"
    ]
    assert [(c["iso3"], c["rank"], c["subject_basis"], c["verdict"]) for c in ranks] == [
        ("USA", 2, "coreference", "supported")
    ]
    # an inferred subject is never refuted; an open list ('such as') is no rank at all
    ranks = [
        c
        for c in _claims(
            rare_earth_store, before + "Only China and Australia mine more rare earths."
        )
        if c["type"] == "ranking"
    ]
    assert [(c["rank"], c["verdict"]) for c in ranks] == [(3, "not-checkable")]
    text = before + "Only a few countries, such as China, mine more rare earths."
    assert [c for c in _claims(rare_earth_store, text) if c["type"] == "ranking"] == []


def test_composition_threshold_is_no_share(rare_earth_store) -> None:
    text = (
        "Licences now apply to goods with 0.1 percent or more of Chinese-origin rare earth content."
    )
    assert [c for c in _claims(rare_earth_store, text) if c["type"] == "share"] == []


def test_country_in_a_shares_of_phrase_owns_the_base_not_the_share(rare_earth_store) -> None:
    text = "About 70% of Chinese rare earth exports go to Japan."
    shares = [c for c in _claims(rare_earth_store, text) if c["type"] == "share"]
    assert [(c.get("iso3"), c["scope"], c["verdict"]) for c in shares] == [
        (None, "China's", "not-checkable")
    ]
    # a country before the figure is still its subject
    text = "China mines 69% of the world's rare earths."
    shares = [c for c in _claims(rare_earth_store, text) if c["type"] == "share"]
    assert [(c["iso3"], c["scope"], c["verdict"]) for c in shares] == [
        ("CHN", "world", "supported")
    ]


def test_attribution_to_a_survey_is_not_the_subject(rare_earth_store) -> None:
    text = "According to the US Geological Survey, China mined 270,000 t of rare earths in 2024."
    c = _one(_claims(rare_earth_store, text), "production")
    assert (c["iso3"], c["subject_basis"], c["verdict"]) == ("CHN", "explicit", "supported")
    text = "The US Geological Survey puts 2024 world rare earth mine output at 390,000 t."
    c = _one(_claims(rare_earth_store, text), "production")
    assert (c["iso3"], c["subject_basis"]) == ("WLD", "explicit")


def test_caption_line_ranks_nothing(rare_earth_store) -> None:
    text = (
        "Largest rare earth miners by country in 2024 (tonnes)\nChina 270,000\nUnited States 45,000"
    )
    captions = [c for c in _claims(rare_earth_store, text) if c.get("caption")]
    assert captions and {c["verdict"] for c in captions} == {"not-checkable"}
