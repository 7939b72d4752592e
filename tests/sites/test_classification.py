"""Classification crosswalk: every category of every system (assay.models.classification)."""

import pytest

from assay.models import classification as cl

# Oracle: the expected level of every category of every system, written out by hand from
# the primary definitions (CRIRSCO Template 2019, JORC 2012, CIM 2014, 17 CFR 229.1300,
# UNFC-2009, RF 2006 GKZ classification via AMC Consultants, USGS Circular 831) and the
# methods note section 4 (GKZ: A,B ~ Measured; C1 ~ Indicated; C2 ~ Inferred; P1-P3 below).
EXPECTED = {
    ("CRIRSCO", "Exploration Results"): "prognostic",
    ("CRIRSCO", "Exploration Target"): "prognostic",
    ("CRIRSCO", "Inferred Mineral Resource"): "inferred",
    ("CRIRSCO", "Indicated Mineral Resource"): "indicated",
    ("CRIRSCO", "Measured Mineral Resource"): "measured",
    ("CRIRSCO", "Probable Mineral Reserve"): "indicated",
    ("CRIRSCO", "Proved Mineral Reserve"): "measured",
    ("JORC", "Exploration Results"): "prognostic",
    ("JORC", "Exploration Target"): "prognostic",
    ("JORC", "Inferred Mineral Resource"): "inferred",
    ("JORC", "Indicated Mineral Resource"): "indicated",
    ("JORC", "Measured Mineral Resource"): "measured",
    ("JORC", "Probable Ore Reserve"): "indicated",
    ("JORC", "Proved Ore Reserve"): "measured",
    ("NI 43-101", "Exploration Information"): "prognostic",
    ("NI 43-101", "Inferred Mineral Resource"): "inferred",
    ("NI 43-101", "Indicated Mineral Resource"): "indicated",
    ("NI 43-101", "Measured Mineral Resource"): "measured",
    ("NI 43-101", "Probable Mineral Reserve"): "indicated",
    ("NI 43-101", "Proven Mineral Reserve"): "measured",
    ("NI 43-101", "Historical Estimate"): "unclassified",
    ("S-K 1300", "Exploration Results"): "prognostic",
    ("S-K 1300", "Inferred Mineral Resource"): "inferred",
    ("S-K 1300", "Indicated Mineral Resource"): "indicated",
    ("S-K 1300", "Measured Mineral Resource"): "measured",
    ("S-K 1300", "Probable Mineral Reserve"): "indicated",
    ("S-K 1300", "Proven Mineral Reserve"): "measured",
    ("UNFC", "G1"): "measured",
    ("UNFC", "G2"): "indicated",
    ("UNFC", "G3"): "inferred",
    ("UNFC", "G4"): "prognostic",
    ("UNFC", "111"): "measured",
    ("UNFC", "112"): "indicated",
    ("UNFC", "113"): "inferred",
    ("UNFC", "221"): "measured",
    ("UNFC", "222"): "indicated",
    ("UNFC", "223"): "inferred",
    ("UNFC", "321"): "measured",
    ("UNFC", "322"): "indicated",
    ("UNFC", "323"): "inferred",
    ("UNFC", "334"): "prognostic",
    ("GKZ", "A"): "measured",
    ("GKZ", "B"): "measured",
    ("GKZ", "C1"): "indicated",
    ("GKZ", "C2"): "inferred",
    ("GKZ", "P1"): "prognostic",
    ("GKZ", "P2"): "prognostic",
    ("GKZ", "P3"): "speculative",
    ("McKelvey", "Measured"): "measured",
    ("McKelvey", "Indicated"): "indicated",
    ("McKelvey", "Demonstrated"): "indicated",
    ("McKelvey", "Inferred"): "inferred",
    ("McKelvey", "Reserve Base"): "indicated",
    ("McKelvey", "Reserves"): "indicated",
    ("McKelvey", "Hypothetical"): "prognostic",
    ("McKelvey", "Speculative"): "speculative",
    ("MinMod", "Measured"): "measured",
    ("MinMod", "Indicated"): "indicated",
    ("MinMod", "Inferred"): "inferred",
    ("MinMod", "Probable"): "indicated",
    ("MinMod", "Proven"): "measured",
    ("MinMod", "OriginalResource"): "unclassified",
    ("MinMod", "Extracted"): "unclassified",
    ("MinMod", "CumulativeExtracted"): "unclassified",
}


def test_table_covers_exactly_the_expected_categories():
    table = {(c.system, c.category) for c in cl.crosswalk()}
    assert table == set(EXPECTED)
    assert {s for s, _ in EXPECTED} == set(cl.SYSTEMS)


@pytest.mark.parametrize(("system", "category"), sorted(EXPECTED))
def test_every_category(system, category):
    item = cl.classify(system, category)
    assert item.ladder == EXPECTED[(system, category)]
    assert cl.LADDER[item.level] == item.ladder
    assert item.basis  # every correspondence cites its basis


@pytest.mark.parametrize("category", ["A", "B", "C1", "C2", "P1", "P2", "P3"])
def test_gkz_is_always_approximate_and_not_compliant(category):
    item = cl.classify("GKZ", category)
    assert item.approximate and not item.compliant


def test_gkz_ordering_follows_exploration_stage():
    levels = [cl.classify("GKZ", c).level for c in ["A", "B", "C1", "C2", "P1", "P2", "P3"]]
    assert levels == sorted(levels, reverse=True)


def test_crirsco_reserves_are_flagged():
    assert cl.classify("JORC", "proved").kind == "reserve"
    assert cl.classify("JORC", "inferred").kind == "resource"


def test_aliases_and_system_spellings():
    assert cl.classify("JORC 2012", "inferred").ladder == "inferred"
    assert cl.classify("CIM", "Proven").ladder == "measured"
    assert cl.classify("SK1300", "indicated resource").ladder == "indicated"
    assert cl.classify("GKZ", "С1").ladder == "indicated"  # Cyrillic С


def test_unfc_codes_by_g_digit():
    assert cl.classify("UNFC", "E1F1G1").ladder == "measured"
    assert cl.classify("UNFC", "E2F2.1G3").ladder == "inferred"
    assert cl.classify("UNFC", "E3F3G4").ladder == "prognostic"


def test_combined_total_takes_lowest_confidence():
    item = cl.classify_combined("MinMod", "Inferred;Indicated;Measured")
    assert item.ladder == "inferred" and item.approximate


def test_unknown_category_and_system():
    with pytest.raises(cl.UnknownCategoryError, match="C1"):
        cl.classify("GKZ", "C3")
    with pytest.raises(cl.UnknownCategoryError):
        cl.classify("Martian", "A")


def test_prognostic_flag():
    assert cl.classify("GKZ", "P1").is_prognostic
    assert cl.classify("GKZ", "P3").is_prognostic
    assert not cl.classify("GKZ", "C2").is_prognostic


def test_ladder_level():
    assert cl.ladder_level("inferred") == 3
    assert cl.ladder_level("5") == 5
    with pytest.raises(cl.UnknownCategoryError):
        cl.ladder_level("certain")
