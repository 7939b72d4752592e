"""Name normalisation and pair scoring (assay.models.linking)."""

import math

import numpy as np
import pytest

from assay.models import linking


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Yastrebets", "Yastrebetskoye"),
        ("Azovske", "Azovskoye"),
        ("Azovske", "Azovskoe"),
        ("Oktjabr'skoe", "Oktyabrskoye"),
        ("Khibinskiy", "Khibinsky"),
        ("Lovozerskaya", "Lovozerskoye"),
        ("Mazurivske", "Mazurivs'ke"),
        ("Novopoltavskoe", "Novopoltavskii"),
    ],
)
def test_suffix_and_transliteration_variants_share_a_key(a, b):
    # Oracle: these pairs are the same Russian/Ukrainian adjective in different
    # romanisations (BGN/PCGN vs ISO 9 vs Ukrainian national system).
    assert linking.name_key(a) == linking.name_key(b)


@pytest.mark.parametrize(
    ("ukrainian", "russian"),
    [
        ("Kryvyi Rih", "Krivoy Rog"),
        ("Zhovti Vody", "Zheltiye Vody"),
        ("Vilnohirsk", "Volnogorsk"),
        ("Yastrubetske", "Yastrebets"),
        ("Berehove", "Beregovo"),
    ],
)
def test_ukrainian_and_russian_toponyms_share_a_key(ukrainian, russian):
    # Oracle: official Ukrainian names and the Russian forms used by the USGS for the same
    # places (e.g. USGS major deposits lists 'Krivoy Rog', 'Zheltiye Vody', 'Beregovo').
    assert linking.name_key(ukrainian) == linking.name_key(russian)


def test_generic_words_dropped():
    assert linking.name_key("Tomtor deposit") == linking.name_key("Tomtor")


def test_name_variants_split_parentheses():
    variants = linking.name_variants("Chernigovskii (Novopoltavskii)")
    assert "Chernigovskii" in variants and "Novopoltavskii" in variants


def test_haversine_known_distance():
    # Oracle: one degree of latitude on a sphere of R = 6371.0088 km is pi*R/180 = 111.195 km
    assert float(linking.haversine_km(0, 0, 0, 1)) == pytest.approx(111.195, abs=1e-3)
    # Oracle: a quarter of the equator = pi*R/2
    assert float(linking.haversine_km(0, 0, 90, 0)) == pytest.approx(math.pi * 6371.0088 / 2)


def test_overlap_coefficient():
    # Oracle: |{a,b} & {b,c,d}| / min(2,3) = 1/2 (definition)
    assert linking.overlap_coefficient(["a", "b"], ["b", "c", "d"]) == 0.5
    assert math.isnan(linking.overlap_coefficient([], ["a"]))


def test_combine_scores_renormalises_over_available_parts():
    # Oracle: name 0.9 only available -> score = 0.9; with distance 0.5 too:
    # (0.55*0.9 + 0.30*0.5) / 0.85 by hand.
    assert float(linking.combine_scores(0.9, np.nan, np.nan, np.nan)) == pytest.approx(0.9)
    got = float(linking.combine_scores(0.9, 0.5, np.nan, np.nan))
    assert got == pytest.approx((0.55 * 0.9 + 0.30 * 0.5) / 0.85)


def test_low_name_similarity_caps_score():
    # two deposits at the same coordinates with different names are not linked
    assert float(linking.combine_scores(0.3, 1.0, 1.0, 1.0)) == pytest.approx(0.3)


def test_score_pair_same_deposit_two_sources():
    s = linking.score_pair(
        ["Tomtor"],
        ["Tomtor"],
        (116.571, 71.054),
        (116.583, 71.0),
        ["rare-earths"],
        ["rare-earths", "niobium"],
        "Carbonatite REE",
        "Carbonatite",
    )
    assert s.score > 0.9 and s.distance_km < 10
    assert "name 1.00" in s.explain()


def test_score_pair_different_deposits_far_apart():
    s = linking.score_pair(["Lovozero"], ["Tomtor"], (34.75, 67.78), (116.58, 71.0))
    assert s.score < linking.DEFAULT_THRESHOLD


def test_similarity_matrix_matches_pairwise():
    keys = ["tomtor", "lovozero", "azov"]
    m = linking.name_similarity_matrix(keys, keys)
    assert np.allclose(np.diag(m), 1.0)
    assert m[0, 1] == pytest.approx(linking.name_similarity(["Tomtor"], ["Lovozero"]))


def test_union_find():
    uf = linking.UnionFind(4)
    uf.union(0, 1)
    uf.union(2, 3)
    assert uf.find(0) == uf.find(1) != uf.find(2)
    uf.union(1, 3)
    assert len({uf.find(i) for i in range(4)}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. Honore", "Saint-Honoré Complex"),
        ("Ste-Marie", "Sainte Marie"),
        ("Mt. Weld", "Mount Weld"),
        ("Ft. Portal", "Fort Portal"),
        ("Zandkopsdrift Rare Earth Element and Manganese By-product Project", "Zandkopsdrift"),
        ("Sarfartoq Rare Earth Element Project", "Sarfartoq"),
    ],
)
def test_abbreviations_and_report_title_words_share_a_key(a, b):
    # Oracle: 'St.'/'Ste.' abbreviate Saint/Sainte, 'Mt.' Mount, 'Ft.' Fort (the same place
    # names in USGS OFR 2009-1139 and Weng et al. 2015); NI 43-101 titles append commodity
    # and report words to the deposit name.
    assert linking.name_key(a) == linking.name_key(b)


def test_roman_numerals_are_not_folded():
    # Catalão I and Catalão II are two carbonatite complexes (USGS OFR 2009-1139 lists both)
    key_i, key_ii = linking.name_key("Catalão I"), linking.name_key("Catalão II")
    assert key_i != key_ii
    assert linking.qualifier_conflict(key_i, key_ii)


def test_parenthesised_alias_is_a_variant_but_a_descriptor_is_not():
    assert {"St. Honore", "Niobec"} <= set(linking.name_variants("St. Honore (Niobec)"))
    variants = linking.name_variants("Bayan Obo (Tailings Dam)")
    assert "Bayan Obo" not in variants and "Tailings Dam" not in variants
    # a tailings resource is told apart from the in-situ deposit
    assert linking.name_similarity(["Bayan Obo (Tailings Dam)"], ["Bayan Obo"]) < 0.7


def test_spelling_allowance_for_long_one_word_names_needs_nearby_records():
    # Zandkopsdrift / Sandkopfsdrif: 3 edits in 13 letters (Levenshtein distance counted by
    # hand: Z->S, +f, -t); coordinates 17.95E 30.88S (USGS OFR 02-189) and 17.94E 30.88S
    # (USGS OFR 2009-1139), 1 km apart
    near = linking.score_pair(
        ["Zandkopsdrift"], ["Sandkopfsdrif"], (17.95, -30.88), (17.94, -30.884)
    )
    assert near.name == pytest.approx(linking.TYPO_NAME_SCORE)
    assert near.score >= linking.DEFAULT_THRESHOLD
    far = linking.score_pair(["Zandkopsdrift"], ["Sandkopfsdrif"], (17.95, -30.88), (17.61, -30.0))
    assert far.name < linking.TYPO_NAME_SCORE and far.score < linking.DEFAULT_THRESHOLD
    unlocated = linking.score_pair(["Zandkopsdrift"], ["Sandkopfsdrif"])
    assert unlocated.name < linking.TYPO_NAME_SCORE  # no allowance without a distance
    # short or several-word names get no allowance
    assert not linking.typo_matrix(["oka"], ["ola"]).any()
    assert not linking.typo_matrix(["kemess north"], ["kemess south"]).any()
