"""False verdicts found on hand-written sentences (issue 17, third round).

Each test names the general mechanism, not a sentence: the percentage place value, the
comparator of a ranking ('second only to X', 'behind X'), and the owner of a named list.
Evidence: the ``rare_earth_store`` fixture (MCS 2025 rare earths: China mined 270,000 of
390,000 t in 2024 = 69.2 %, reserves 44 Mt, first; Brazil second with 21 Mt) and the
bundled USGS 2022 critical-minerals list.
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.verdicts import rounding_halfwidth

DATED = "2025-06-01"  # after MCS 2025 (data year 2024)


def _claims(store, text: str, kind: str | None = None) -> list[dict]:
    claims = check_text(store, text, title="", date=DATED)["claims"]
    return [c for c in claims if kind is None or c["type"] == kind]


# -- a percentage is never rounded coarser than tens ------------------------------------------


@pytest.mark.parametrize(
    ("written", "halfwidth"),
    [
        ("100%", 5.0),  # not +-50: '100' is a share, not a figure rounded to hundreds
        ("100 percent", 5.0),
        ("200 per cent", 5.0),
        ("70%", 5.0),
        ("69%", 0.5),
    ],
)
def test_percentage_halfwidth_is_at_most_five_points(written: str, halfwidth: float) -> None:
    # analytic: half the place value of the last written digit, tens at most for a percentage
    value = float(written.split()[0].rstrip("%"))
    assert rounding_halfwidth(written, value, round_tens=True) == pytest.approx(halfwidth)
    if value >= 100:  # a two-digit figure is read as written unless tens are asked for
        assert rounding_halfwidth(written, value) == pytest.approx(halfwidth)


def test_tonnage_trailing_zeros_still_round() -> None:
    # a mass keeps its place value: '300,000 t' may stand for 250,000-350,000 t
    assert rounding_halfwidth("300,000 t", 300_000.0) == pytest.approx(50_000.0)


@pytest.mark.parametrize(
    "text",
    [
        "China mines 100% of the world's rare earths.",
        "China accounted for nearly 100 percent of rare-earth mining in 2024.",
        "China is responsible for virtually 100% of rare earth mine output.",
        "China supplied almost 100 per cent of mined rare earths last year.",
    ],
)
def test_all_of_the_world_is_not_supported_by_a_two_thirds_share(rare_earth_store, text) -> None:
    shares = _claims(rare_earth_store, text, "share")
    assert shares, text
    assert all(c["verdict"] != "supported" for c in shares), shares


def test_virtually_is_read_as_nearly(rare_earth_store) -> None:
    (c,) = _claims(rare_earth_store, "China mined virtually 70% of rare earths in 2024.", "share")
    assert c["qualifier"] == "virtually"
    assert c["comparison"]["tolerance_rule"] == "nearly"
    assert c["verdict"] == "supported"  # 69.2 is a little under 70


# -- the comparator of a ranking is not its subject --------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The nation's rare earth reserves of 44 million tonnes are second only to Vietnam.",
        "Its rare-earth reserves trail only Vietnam's.",
        "The country ranks second in rare earth reserves, behind Vietnam.",
        "In rare earth reserves the country comes second, trailing Vietnam.",
    ],
)
def test_comparator_country_is_never_the_ranked_subject(rare_earth_store, sentence) -> None:
    text = "China leads the rare earth industry. " + sentence
    ranks = _claims(rare_earth_store, text, "ranking")
    assert all(c["subject"] != "Vietnam" for c in ranks), ranks
    # the subject is the country of the previous sentence at best: never refuted on a guess
    assert all(c["verdict"] != "refuted" for c in ranks), ranks


def test_second_only_to_the_leader_supports_the_runner_up(rare_earth_store) -> None:
    ranks = _claims(
        rare_earth_store, "Brazil's rare earth reserves are second only to China's.", "ranking"
    )
    assert ranks and all(c["subject"] == "Brazil" for c in ranks)
    assert {c["verdict"] for c in ranks} == {"supported"}
    assert all("CHN" not in (c.get("excluding") or []) for c in ranks)  # China is counted


def test_named_comparator_keeps_a_named_subject_refutable(rare_earth_store) -> None:
    # Australia is fourth in MCS 2025 rare-earth reserves, whatever it trails
    ranks = _claims(
        rare_earth_store,
        "Australia holds the world's second-largest rare earth reserves, behind China.",
        "ranking",
    )
    assert ranks and ranks[0]["subject"] == "Australia"
    assert ranks[0]["verdict"] == "refuted"


# -- a named owner's list is that owner's list -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Cobalt is on the EU list of critical raw materials.",
        "Cobalt appears on the UK list of critical minerals.",
        "Cobalt is on the U.K. list of critical minerals.",
        "Cobalt is on Japan's list of critical minerals.",
        "Tungsten is not on the UK critical minerals list.",
    ],
)
def test_another_owners_list_is_not_read_as_the_usgs_list(rare_earth_store, text) -> None:
    found = _claims(rare_earth_store, text, "classification")
    assert found, text
    assert all(c["verdict"] == "not-checkable" for c in found), found
    assert all(c["object"] != "critical-minerals" for c in found), found


@pytest.mark.parametrize(
    "text",
    ["Cobalt is on the U.S. list of critical minerals.", "Cobalt is a critical mineral."],
)
def test_the_us_list_is_still_checked(rare_earth_store, text) -> None:
    found = _claims(rare_earth_store, text, "classification")
    assert [c["verdict"] for c in found] == ["supported"]


# -- a coordinated subject named the way news name countries -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # MCS 2025: China 270,000 + United States 45,000 of 390,000 t = 80.8 %
        "The US and China together mined 81% of the world's rare earths in 2024.",
        "China and the US together mined about 80% of the world's rare earths in 2024.",
    ],
)
def test_two_letter_country_opens_a_group_subject(rare_earth_store, text) -> None:
    shares = _claims(rare_earth_store, text, "share")
    assert shares and all(c["verdict"] == "supported" for c in shares), shares


def test_bracketed_official_name_is_one_country() -> None:
    from assay.analyses.news.knowledge import KnowledgeBase
    from assay.analyses.news.verdicts import _country_pattern

    kb = KnowledgeBase.bundled()
    found = [m.group(0) for m in _country_pattern(kb).finditer("Congo (Kinshasa) and Zambia")]
    assert found == ["Congo (Kinshasa)", "Zambia"]
    assert [m.group(0) for m in _country_pattern(kb).finditer("costs US$5 in the US.")] == ["US"]


# -- an edition released after the article agrees ---------------------------------------------


def test_a_later_edition_agreeing_withdraws_the_refutation(rare_earth_store) -> None:
    # MCS 2024 (current on 10 January 2025) gives Vietnam 22 Mt of rare-earth reserves;
    # MCS 2025 (released later) revised them to 3.5 Mt, the figure the article quotes
    text = "Vietnam holds 3.5 million tonnes of rare earth reserves."
    (c,) = check_text(rare_earth_store, text, title="", date="2025-01-10")["claims"]
    assert c["verdict"] == "not-checkable"
    assert "released after the article" in c["reason"]


def test_a_figure_no_edition_supports_stays_refuted(rare_earth_store) -> None:
    text = "Vietnam holds 60 million tonnes of rare earth reserves."
    (c,) = check_text(rare_earth_store, text, title="", date="2025-01-10")["claims"]
    assert c["verdict"] == "refuted"


# -- an older edition's estimate of the named year ----------------------------------------------


def test_an_earlier_estimate_of_the_named_year_is_not_refuted(mcs_store) -> None:
    # MCS 2023 put Australia at 61,000 of 130,000 t of lithium in 2022 (46.9 %); MCS 2024
    # revised 2022 to 74,700 of 146,000 t (51.2 %). An article of mid-2024 quoting the
    # first estimate is not wrong, a figure far from both still is.
    quoted = "Australia accounted for 46.9% of global lithium mine production in 2022."
    (c,) = check_text(mcs_store, quoted, title="", date="2024-06-01")["claims"]
    assert c["verdict"] == "not-checkable"
    assert "MCS 2023's estimate for 2022" in c["reason"]
    wrong = "Australia accounted for 30% of global lithium mine production in 2022."
    (c,) = check_text(mcs_store, wrong, title="", date="2024-06-01")["claims"]
    assert c["verdict"] == "refuted"
