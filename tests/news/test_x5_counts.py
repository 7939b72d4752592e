"""Counts found by general mechanisms (issue 17, round 2): a list defined in a relative
clause after its size ('the 50 critical minerals the US identified'), 'recognized ... as
critically important', sites a place holds ('has 15 rare earth deposits') and lists of
controlled items ('eight gallium and six germanium products').

Sentences are written for these tests. Oracle: USGS 2022 final list of critical minerals
(87 FR 10381) has 50 entries; the EU Critical Raw Materials Act (2024) list and counts of
deposits, mines or controlled products are not held, so those counts are not checkable.
"""

from __future__ import annotations

from assay.analyses.news import check_text


def _counts(store, text: str) -> list[tuple[str, float, str]]:
    claims = check_text(store, text, title=None, date="2025-03-01")["claims"]
    return [(c["object"], c["value"], c["verdict"]) for c in claims if c["type"] == "count"]


def test_list_defined_after_its_size_by_the_us(reference_store) -> None:
    text = "Of the 50 critical minerals Washington designated in 2022, Canada mines 30."
    assert _counts(reference_store, text) == [("critical-minerals", 50, "supported")]


def test_us_list_of_another_size_is_not_refuted(reference_store) -> None:
    text = "Of the 61 critical minerals Washington designated last year, Peru mines 20."
    assert _counts(reference_store, text) == [("critical-minerals", 61, "not-checkable")]


def test_a_selection_is_no_list_size(reference_store) -> None:
    assert _counts(reference_store, "Beijing curbed six critical minerals in May.") == []


def test_list_recognised_by_the_eu_as_critically_important(reference_store) -> None:
    text = "Norway hosts 12 of the 34 minerals recognised by the EU as critically important."
    ((obj, value, verdict),) = _counts(reference_store, text)
    assert (value, verdict) == (34, "not-checkable") and "eu" in obj


def test_sites_a_country_holds_are_a_count_not_checked(reference_store) -> None:
    ((obj, value, verdict),) = _counts(reference_store, "Mongolia has 9 rare earth deposits.")
    assert (obj, value, verdict) == ("rare earth deposits", 9, "not-checkable")
    # closing or visiting mines is not a count of what a place holds
    assert _counts(reference_store, "Officials closed 9 rare earth mines.") == []


def test_size_of_a_list_of_controlled_products(reference_store) -> None:
    text = "The rules cover seven tungsten and three bismuth products from July."
    ((obj, value, verdict),) = _counts(reference_store, text)
    assert (obj, value, verdict) == ("tungsten products", 7, "not-checkable")
    text = "Licences are needed for 4 kinds of indium-related products."
    assert [v for _, v, _ in _counts(reference_store, text)] == [4]


def test_group_named_in_a_definition_list_gives_its_size(reference_store) -> None:
    text = (
        "Rare earths refer to a family of 17 metals, which include 15 lanthanides as well "
        "as yttrium and scandium."
    )
    assert sorted(_counts(reference_store, text)) == [
        ("lanthanides", 15, "supported"),
        ("rare-earths", 17, "supported"),
    ]


def test_a_part_included_by_a_group_is_not_its_size(reference_store) -> None:
    # 'include' names a part: seven heavy elements are not the size of the rare earths
    assert _counts(reference_store, "Rare earths include 7 heavy elements.") == []
    assert _counts(reference_store, "Tokyo's curbs include 7 rare earth elements.") == []
