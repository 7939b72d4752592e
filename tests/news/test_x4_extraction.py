"""Classification and count claims found by general mechanisms (issue 17): unspaced em-dash
lists, partitives before a list, initials inside a class postmodifier, definite class
phrases that refer back, colon lists after a time adverbial, coordinated subgroups,
membership of a named list, and 'GROUP are N metals'.

Sentences are written for these tests. Oracles: IUPAC Red Book 2005 IR-3.5 (the 17 rare
earths: Sc, Y and La-Lu); USGS light/heavy split (light La-Eu, heavy Gd-Lu and Y, in the
bundled element table); USGS 2022 final list of critical minerals (87 FR 10381), which has
cobalt, nickel, lithium, titanium, graphite and tungsten and not uranium.
"""

from __future__ import annotations

from assay.analyses.news import check_text


def _classified(store, text: str) -> list[tuple[str, str, bool, str]]:
    claims = check_text(store, text, title=None, date="2025-03-01")["claims"]
    return [
        (c["subject"], c["object"], c["polarity"], c["verdict"])
        for c in claims
        if c["type"] == "classification"
    ]


def test_unspaced_em_dash_opens_a_list_after_a_group(reference_store) -> None:
    text = "The rules added two heavy rare earths\u2014dysprosium and terbium\u2014in May."
    assert _classified(reference_store, text) == [
        ("dysprosium", "heavy-rare-earths", True, "supported"),
        ("terbium", "heavy-rare-earths", True, "supported"),
    ]


def test_hyphen_is_not_an_em_dash(reference_store) -> None:
    # 'neodymium-iron-boron' joins words: iron and boron are not listed as rare earths
    text = "Rare earths-neodymium-iron-boron magnets are strong."
    assert _classified(reference_store, text) == []


def test_coordinated_subgroups_name_the_whole_group(reference_store) -> None:
    # europium is light by the USGS split: 'medium and heavy' covers it as a rare earth
    text = (
        "Beijing listed four medium and heavy rare earths\u2014europium, holmium, erbium "
        "and thulium."
    )
    got = _classified(reference_store, text)
    assert {(s, o) for s, o, _, _ in got} == {
        (m, "rare-earths") for m in ("europium", "holmium", "erbium", "thulium")
    }
    assert {v for *_, v in got} == {"supported"}


def test_partitive_before_the_first_item_keeps_the_list(reference_store) -> None:
    text = (
        "Washington lists 50 minerals as critical, including various kinds of rare earths, "
        "cobalt and nickel."
    )
    assert _classified(reference_store, text) == [
        ("cobalt", "critical-minerals", True, "supported"),
        ("nickel", "critical-minerals", True, "supported"),
    ]


def test_initials_do_not_end_a_class_postmodifier(reference_store) -> None:
    text = (
        'Kyiv offered "critical metals worth billions of U.S. dollars" including titanium '
        "and lithium."
    )
    assert _classified(reference_store, text) == [
        ("titanium", "critical-minerals", True, "supported"),
        ("lithium", "critical-minerals", True, "supported"),
    ]


def test_definite_descriptive_class_refers_to_the_previous_group(reference_store) -> None:
    text = (
        "The licences now cover 12 of the 17 rare earth elements. "
        "This covers the recently added elements such as lutetium and scandium."
    )
    got = _classified(reference_store, text)
    assert got == [
        ("lutetium", "rare-earths", True, "supported"),
        ("scandium", "rare-earths", True, "supported"),
    ]
    # 'other' names what is outside the group: no rare-earth claim
    text = "Rare earths are scarce. Traders also buy the other metals such as lithium."
    assert all(o != "rare-earths" for _, o, _, _ in _classified(reference_store, text))


def test_colon_list_after_a_time_adverbial(reference_store) -> None:
    text = "Heavy rare earths: from May 2025 dysprosium, terbium and lutetium need licences."
    assert [s for s, o, _, _ in _classified(reference_store, text) if o == "heavy-rare-earths"] == [
        "dysprosium",
        "terbium",
        "lutetium",
    ]


def test_membership_of_a_named_list(reference_store) -> None:
    got = _classified(reference_store, "Cobalt appears on the U.S. list of critical minerals.")
    assert got == [("cobalt", "critical-minerals", True, "supported")]
    # another jurisdiction's list is not the store's: not checkable, never refuted
    got = _classified(
        reference_store,
        "Gallium and germanium, both on the European Union's list of critical raw materials, "
        "are scarce.",
    )
    assert [(s, v) for s, _, _, v in got] == [
        ("gallium", "not-checkable"),
        ("germanium", "not-checkable"),
    ]
    assert {o for _, o, _, _ in got} == {"european union critical list"}
    # a pronoun with one antecedent in the sentence before
    got = _classified(
        reference_store, "Tungsten is very hard. It is listed as a critical mineral in the US."
    )
    assert got == [("tungsten", "critical-minerals", True, "supported")]


def test_group_copula_count(reference_store) -> None:
    claims = check_text(
        reference_store, "Rare earths (REEs) are 17 metals found together.", date="2025-03-01"
    )["claims"]
    counts = [(c["value"], c["verdict"]) for c in claims if c["type"] == "count"]
    assert counts == [(17.0, "supported")]
    claims = check_text(
        reference_store, "Rare earths (REEs) are 15 metals found together.", date="2025-03-01"
    )["claims"]
    assert [c["verdict"] for c in claims if c["type"] == "count"] == ["refuted"]
    # the subject must be the group itself: 'the items restricted are seven rare earths'
    claims = check_text(
        reference_store, "The items restricted are seven rare earth elements.", date="2025-03-01"
    )["claims"]
    assert [c for c in claims if c["type"] == "count"] == []


def _typed(store, text: str, ctype: str) -> list[dict]:
    claims = check_text(store, text, title=None, date="2025-03-01")["claims"]
    return [c for c in claims if c["type"] == ctype]


def test_trade_rank_is_a_claim_judged_not_checkable(rare_earth_store) -> None:
    for text in (
        "Laos ranks as the third-largest exporter of rare earths in the world.",
        "China has been the world's biggest importer of rare earths since 2019.",
    ):
        ranks = _typed(rare_earth_store, text, "ranking")
        assert [(c["object"], c["frame"], c["verdict"]) for c in ranks] == [
            ("trade", "trade", "not-checkable")
        ]


def test_percent_in_words_and_contribution_to_global(rare_earth_store) -> None:
    # the United States mined 45,000 of 390,000 t in 2024 (11.5 %): 'less than one percent'
    # is false, 'less than twenty percent' true; both are world shares
    text = "Its contribution to global rare earth production is less than twenty percent."
    shares = _typed(rare_earth_store, "The United States mines rare earths. " + text, "share")
    assert [(c["value"], c["scope"], c["verdict"]) for c in shares] == [
        (20.0, "world", "supported")
    ]
    text = "The US contribution to global rare earth mining is less than one percent."
    shares = _typed(rare_earth_store, text, "share")
    assert [(c["value"], c["scope"], c["verdict"]) for c in shares] == [(1.0, "world", "refuted")]


def test_amount_held_without_a_reserves_word_is_a_resource(rare_earth_store) -> None:
    text = "The Kvanefjeld project is thought to hold some 200,000 t of rare earth oxides."
    held = _typed(rare_earth_store, text, "reserves")
    assert [(c["measure"], c["verdict"]) for c in held] == [("resources", "not-checkable")]


def test_money_amounts_with_sale_and_total_verbs_are_valuations(rare_earth_store) -> None:
    for text in (
        "The rare earth project was sold for $90 million in 2024.",
        "Investment in Ukraine's minerals may amount to $300 billion.",
    ):
        vals = _typed(rare_earth_store, text, "valuation")
        assert [c["verdict"] for c in vals] == ["not-checkable"], text


def test_apposition_to_a_critical_class_and_exception_in_a_relative_clause(reference_store) -> None:
    got = _classified(
        reference_store, "The mine also yields cobalt, a critical metal for batteries."
    )
    assert got == [("cobalt", "critical-minerals", True, "supported")]
    text = "Producers chase the heavy rare earths, which except for dysprosium are rarely traded."
    assert _classified(reference_store, text) == [
        ("dysprosium", "heavy-rare-earths", True, "supported")
    ]


def test_dash_apposition_takes_the_measure_before_the_dash(rare_earth_store) -> None:
    text = "China holds the world's largest rare earth reserves - 44 million tonnes - by far."
    masses = _typed(rare_earth_store, text, "reserves")
    assert [(c["iso3"], c["measure"], c["value"]) for c in masses] == [("CHN", "reserves", 44e6)]


def test_size_of_a_named_mineral_list_is_a_count(reference_store) -> None:
    def counts(text: str) -> list[tuple[str, float]]:
        return [(c["object"], c["value"]) for c in _typed(reference_store, text, "count")]

    assert counts("Washington considers 50 minerals to be critical.") == [
        ("critical-minerals", 50.0)
    ]
    # another owner's list is another list (not the USGS one)
    assert counts("Canada's 31 critical minerals guide its strategy.") == [
        ("canada critical minerals list", 31.0)
    ]
    assert counts("The EU has identified 34 minerals as critical.") == [
        ("eu critical minerals list", 34.0)
    ]
    # a selection from the list is no count of it
    assert counts("Beijing restricted exports of five critical minerals.") == []
