"""Classification lists found by general mechanisms (issue 17, round 2): a definition whose
subject is the group ('GROUP are/include/refer to ... X, Y and Z'), a parenthesised
abbreviation before a list opener, a group given in parentheses before 'such as', short
descriptions in parentheses between list members, element symbols restating a member,
the size of a group item at the head of a list, and a plural premodifying class.

Sentences are written for these tests. Oracle: IUPAC Red Book 2005 IR-3.5 (the 17 rare
earths: Sc, Y and the lanthanoids La-Lu); lithium, cobalt, copper and nickel are not
rare earths.
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


def _members(store, text: str) -> list[tuple[str, str]]:
    return [(s, v) for s, _, _, v in _classified(store, text)]


def test_definition_with_the_group_as_subject_lists_its_members(reference_store) -> None:
    text = "The seventeen rare earth metals are yttrium (Y), cerium (Ce) and holmium (Ho)."
    assert _members(reference_store, text) == [
        ("yttrium", "supported"),
        ("cerium", "supported"),
        ("holmium", "supported"),
    ]


def test_definition_through_the_group_size(reference_store) -> None:
    text = (
        "Rare earths refer to a set of 17 metals in the periodic table, which include "
        "15 lanthanides as well as scandium and yttrium."
    )
    assert _members(reference_store, text) == [("scandium", "supported"), ("yttrium", "supported")]


def test_wrong_definition_is_refuted(reference_store) -> None:
    text = "Heavy rare earths include nickel and cobalt."
    assert {(s, v) for s, v in _members(reference_store, text)} == {
        ("nickel", "refuted"),
        ("cobalt", "refuted"),
    }


def test_a_describing_predicate_is_no_definition(reference_store) -> None:
    # 'are used in' / 'are found with' describe the group, they do not list its members
    assert _members(reference_store, "Rare earths are found alongside lithium and nickel.") == []
    assert _members(reference_store, "Rare earths are lithium-ion battery inputs.") == []


def test_a_group_that_is_not_the_subject_defines_nothing(reference_store) -> None:
    text = "Miners of rare earths are cobalt and nickel producers too."
    assert _members(reference_store, text) == []


def test_abbreviation_in_parentheses_before_a_dash_list(reference_store) -> None:
    text = "Licences now cover six rare earth elements (REE)\u2014terbium, lutetium and scandium."
    assert _members(reference_store, text) == [
        ("terbium", "supported"),
        ("lutetium", "supported"),
        ("scandium", "supported"),
    ]


def test_abbreviated_group_in_parentheses_before_such_as(reference_store) -> None:
    text = "Car makers need rare earth metals (REMs) such as copper and neodymium."
    assert _members(reference_store, text) == [("copper", "refuted"), ("neodymium", "supported")]


def test_described_members_in_parentheses_stay_in_the_list(reference_store) -> None:
    text = (
        "Rare earths such as cerium (for polishing glass), europium (phosphors) and "
        "dysprosium are mined there."
    )
    assert [s for s, _ in _members(reference_store, text)] == ["cerium", "europium", "dysprosium"]


def test_group_size_before_the_first_item(reference_store) -> None:
    text = (
        "Tokyo stockpiles rare earth metals. The metals, which comprise the 15 lanthanides, "
        "scandium and yttrium, are scarce."
    )
    assert _members(reference_store, text) == [("scandium", "supported"), ("yttrium", "supported")]


def test_plural_premodifying_class_takes_the_coordinated_list(reference_store) -> None:
    text = "Shipments of the heavy rare earths terbium and dysprosium stopped in May."
    assert _members(reference_store, text) == [
        ("terbium", "supported"),
        ("dysprosium", "supported"),
    ]


def test_singular_premodifying_class_takes_one_member(reference_store) -> None:
    text = "Output of the rare earth metal cerium and of copper rose."
    assert _members(reference_store, text) == [("cerium", "supported")]


def test_list_of_as_many_members_as_counted_before(reference_store) -> None:
    text = (
        "The ministry restricted three more rare earth elements on Friday.\n\n"
        "Terbium, thulium and lutetium were named in the notice."
    )
    assert _members(reference_store, text) == [
        ("terbium", "supported"),
        ("thulium", "supported"),
        ("lutetium", "supported"),
    ]


def test_counted_list_needs_the_same_size_a_subject_list_and_group_members(
    reference_store,
) -> None:
    base = "The ministry restricted two more rare earth elements. "
    assert _members(reference_store, base + "Terbium, thulium and lutetium were named.") == []
    assert _members(reference_store, base + "Terbium and thulium prices rose.") == []
    # another list of the same size is not the counted one, and not a wrong statement
    assert _members(reference_store, base + "Nickel and cobalt were also named.") == []


def test_demonstrative_stock_noun_refers_to_the_group_before(reference_store) -> None:
    text = (
        "Norway holds many rare earth metals. Those reserves, such as nickel and yttrium, "
        "are large."
    )
    assert _members(reference_store, text) == [("nickel", "refuted"), ("yttrium", "supported")]


def test_stock_noun_after_a_copula_does_not_classify_earlier_members(reference_store) -> None:
    text = "Norway mines nickel and zinc. The deposits are rich in rare earths."
    assert _members(reference_store, text) == []


def test_bare_class_noun_repeating_the_group_head(reference_store) -> None:
    base = "Chile has some rare earth elements. It holds elements such as "
    assert _members(reference_store, base + "cerium and holmium.") == [
        ("cerium", "supported"),
        ("holmium", "supported"),
    ]
    # a member outside the group means plain 'elements' were meant: nothing is refuted
    assert {v for _, v in _members(reference_store, base + "cerium and copper.")} == {
        "not-checkable"
    }
    # 'other elements' are set apart from the group
    text = "Chile has some rare earth elements. It holds other elements such as cerium."
    assert {v for _, v in _members(reference_store, text)} == {"not-checkable"}


def test_bare_class_noun_after_a_line_break(reference_store) -> None:
    text = "Peru reports some rare earth metals.\nIt holds metals such as lanthanum and erbium."
    assert _members(reference_store, text) == [("lanthanum", "supported"), ("erbium", "supported")]


def test_anaphoric_class_after_a_line_break_only_supports(reference_store) -> None:
    base = "Peru refines rare earth oxide.\nSales of the metals, which include "
    assert _members(reference_store, base + "holmium and erbium, rose.") == [
        ("holmium", "supported"),
        ("erbium", "supported"),
    ]
    assert _members(reference_store, base + "copper and erbium, rose.") == []
