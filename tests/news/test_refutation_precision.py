"""Precision-first rules for "refuted" (issue 17, after the second held-out set was seen),
each on sentences written for these tests (none is a held-out sentence).

1. A refutation needs a subject named in the claim's own sentence: a country inferred from
   a pronoun, 'the country' or the sentence before may be supported, never refuted.
2. 'world total', 'global total', 'worldwide' in a figure's own phrase make that figure a
   world figure, whoever the sentence is about.
3. Composition percentages ('containing 0.1% of ... content', '2.5% TREO') are not shares.
4. Headings and captions without a finite verb assert nothing: no ranking or share verdict.
Plus: countries joined by 'and' before a plain superlative ('A and B are the largest ...')
claim the top N jointly, not each the first place.

Oracles: the USGS MCS rare-earth tables typed into ``rare_earth_store`` (conftest): MCS 2025
mine production 2024: world 390,000 t, China 270,000 t, United States 45,000 t (second),
Myanmar 31,000 t; reserves 2024: China 44,000,000 t.
"""

from __future__ import annotations

from assay.analyses.news import check_text
from assay.analyses.news.claims import is_caption

DATE = "2025-03-01"


def _claims(store, text: str, title: str = "") -> list[dict]:
    return check_text(store, text, title=title, date=DATE)["claims"]


def _of_type(store, text: str, *types: str) -> list[dict]:
    return [c for c in _claims(store, text) if c["type"] in types]


# -- 1. a subject inferred from context may support, never refute -----------------------------


def test_pronoun_subject_that_disagrees_is_not_checkable(rare_earth_store) -> None:
    text = "China dominates the industry. In 2024, its rare earth mine production was 150,000 t."
    (claim,) = _of_type(rare_earth_store, text, "production")
    assert claim["iso3"] == "CHN" and claim["subject_from"] == "context"
    assert claim["verdict"] == "not-checkable"
    assert claim["reason"].startswith("subject inferred from context")
    # the comparison is kept for the reader
    assert claim["comparison"]["evidence_value"] == 270_000


def test_pronoun_subject_that_agrees_is_supported(rare_earth_store) -> None:
    text = "China dominates the industry. In 2024, its rare earth mine production was 270,000 t."
    (claim,) = _of_type(rare_earth_store, text, "production")
    assert claim["subject_from"] == "context"
    assert claim["verdict"] == "supported"


def test_the_country_as_subject_is_not_refuted(rare_earth_store) -> None:
    text = (
        "The United States reopened a mine in California. "
        "The country mined 90,000 tonnes of rare earths in 2024."
    )
    (claim,) = _of_type(rare_earth_store, text, "production")
    assert claim["iso3"] == "USA"
    assert claim["verdict"] == "not-checkable"
    assert "subject inferred from context" in claim["reason"]


def test_named_subject_that_disagrees_is_still_refuted(rare_earth_store) -> None:
    # control: the rule does not blunt refutations whose subject is named in the sentence
    text = "The United States mined 90,000 tonnes of rare earths in 2024."
    (claim,) = _of_type(rare_earth_store, text, "production")
    assert claim["subject_from"] == "sentence"
    assert claim["verdict"] == "refuted"


def test_pronoun_figure_is_not_read_as_the_world_figure(rare_earth_store) -> None:
    # 'its reserves' with 'global reserves' later in the sentence: the figure is China's,
    # not the world's (the old reading compared 44 Mt with the world total and refuted it)
    text = (
        "China leads the rare earth market. In 2024, its reserves stood at 44 million tonnes, "
        "close to half of known global reserves."
    )
    (claim,) = _of_type(rare_earth_store, text, "reserves")
    assert claim["iso3"] == "CHN"
    assert claim["verdict"] == "supported"


# -- 2. the figure's own phrase names the world ----------------------------------------------


def test_world_total_phrase_makes_the_figure_a_world_figure(rare_earth_store) -> None:
    text = (
        "In 2024, China's rare earth mine production came to 270,000 tonnes, "
        "out of a global total of 390,000 tonnes."
    )
    claims = _of_type(rare_earth_store, text, "production")
    by_value = {c["value"]: c for c in claims}
    assert by_value[270_000]["iso3"] == "CHN" and by_value[270_000]["verdict"] == "supported"
    assert by_value[390_000]["iso3"] == "WLD" and by_value[390_000]["verdict"] == "supported"


def test_world_total_phrase_is_explicit_so_a_wrong_total_is_refuted(rare_earth_store) -> None:
    text = (
        "In 2024, China's rare earth mine production came to 270,000 tonnes, "
        "out of a world total of 600,000 tonnes."
    )
    by_value = {c["value"]: c for c in _of_type(rare_earth_store, text, "production")}
    assert by_value[600_000]["iso3"] == "WLD"
    assert by_value[600_000]["verdict"] == "refuted"
    assert by_value[600_000]["comparison"]["evidence_value"] == 390_000


def test_worldwide_after_the_figure_is_a_world_figure(rare_earth_store) -> None:
    text = (
        "China's miners led again in 2024, when rare earth mine production reached "
        "390,000 t worldwide."
    )
    (claim,) = _of_type(rare_earth_store, text, "production")
    assert claim["iso3"] == "WLD"
    assert claim["verdict"] == "supported"


# -- 3. composition percentages are not shares ------------------------------------------------


def test_content_percentage_is_not_a_share(rare_earth_store) -> None:
    text = (
        "Beijing now requires a licence for magnets containing as little as 0.1% of "
        "Chinese rare earth content."
    )
    assert _of_type(rare_earth_store, text, "share") == []


def test_grade_and_purity_percentages_are_not_shares(rare_earth_store) -> None:
    for text in (
        "China's new rare earth deposit has an average grade of 2.5% in its upper zone.",
        "China's plant makes rare earth oxide of 99.9% purity.",
        "The Chinese ore holds 3.1% TREO, miners in China say of rare earths.",
    ):
        assert _of_type(rare_earth_store, text, "share") == [], text


def test_a_market_share_is_still_read(rare_earth_store) -> None:
    # control: a share of production is not caught by the composition rule
    text = "In 2024, China accounted for 69% of global rare earth mine production."
    (claim,) = _of_type(rare_earth_store, text, "share")
    assert claim["verdict"] == "supported"


# -- 4. captions and headings assert nothing ---------------------------------------------------


def test_is_caption_needs_its_own_line_no_stop_and_no_finite_verb() -> None:
    caption = "Leading countries by rare earth mine output worldwide in 2024 (in tonnes)"
    assert is_caption(caption, 0, len(caption))
    text = f"Some text.\n{caption}\nMore text."
    s0 = text.index("Leading")
    assert is_caption(text, s0, s0 + len(caption))
    for sentence in (
        "The United States ranks first in rare earth mine output",  # finite verb
        "Leading countries by rare earth mine output in 2024.",  # a full stop
        "Malaysia joins the leading rare earth refiners",  # a headline verb after a name
        "Kazakh miners ranked among the top ten producers",  # a listed verb
    ):
        assert not is_caption(sentence, 0, len(sentence))
    inline = f"As the chart shows, {caption}, China leads."
    s0 = inline.index("Leading")
    assert not is_caption(inline, s0, s0 + len(caption))  # not a line of its own


def test_caption_gives_no_ranking_verdict(rare_earth_store) -> None:
    text = (
        "Rare earth mining grew in 2024.\n"
        "United States as the top producer of rare earths in 2024 (chart, in tonnes)\n"
        "Figures are from the USGS."
    )
    rankings = _of_type(rare_earth_store, text, "ranking")
    assert rankings, "the caption's ranking is kept (it carries the measure on)"
    assert all(c["verdict"] == "not-checkable" for c in rankings)
    assert all("caption" in c["reason"] for c in rankings)


def test_the_same_words_as_a_sentence_are_refuted(rare_earth_store) -> None:
    # control: with a finite verb the claim is asserted (the US was second in 2024)
    text = "The United States was the top producer of rare earths in 2024."
    (claim,) = _of_type(rare_earth_store, text, "ranking")
    assert claim["verdict"] == "refuted"


# -- coordinated subjects of a plural superlative ----------------------------------------------


def test_coordinated_countries_claim_the_top_n_jointly(rare_earth_store) -> None:
    text = "In 2024, China and the United States were the largest producers of rare earths."
    (claim,) = _of_type(rare_earth_store, text, "ranking")
    assert claim["iso3"] == "USA"
    assert claim["rank"] is None and claim["rank_max"] == 2
    assert claim["verdict"] == "supported"
