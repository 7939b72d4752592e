"""Verdict precision (issue 17): tolerance from the written figure, directional hedge
words, one gate for every statistical verdict, and the period rule.

The interval rules are tested against hand-computed values (analytic: half the place
value of the last written digit); the store cases use MCS 2025 rare earths (China
270,000 of 390,000 t mined in 2024 = 69.23 %, the ``rare_earth_store`` fixture).
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.verdicts import (
    NOT_CHECKABLE,
    REFUTED,
    SUPPORTED,
    _share_tolerance,
    claim_intervals,
    gate,
    judge,
    reconcile_undated,
    rounding_halfwidth,
)

DATED = "2025-03-01"  # after MCS 2025 (data year 2024)


def _shares(store, text: str, date: str | None = DATED) -> list[dict]:
    claims = check_text(store, text, title="", date=date)["claims"]
    return [c for c in claims if c["type"] == "share"]


# -- tolerance from the written number --------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "halfwidth"),
    [
        ("60%", 60.0, 5.0),  # rounded to tens: 55-65 all write as 60
        ("62%", 62.0, 0.5),  # rounded to units
        ("62.5%", 62.5, 0.05),
        ("300,000 t", 300_000.0, 50_000.0),
    ],
)
def test_rounding_halfwidth_is_half_the_last_place(written, value, halfwidth) -> None:
    assert rounding_halfwidth(written, value, round_tens=True) == pytest.approx(halfwidth)


def test_share_tolerance_is_the_rounding_with_a_floor() -> None:
    assert _share_tolerance({"value": 60.0, "quantity": {"text": "60%"}}) == pytest.approx(5.0)
    # '62%' allows only 0.5 pp by its digits; the evidence's own rounding sets the floor
    assert _share_tolerance({"value": 62.0, "quantity": {"text": "62%"}}) == pytest.approx(2.5)


# -- hedge words are directions, not wider tolerances -----------------------------------------


@pytest.mark.parametrize(
    ("claimed", "qualifier", "tol", "actual", "expected"),
    [
        # bare: one interval
        (60, None, 5, 64.9, True),
        (60, None, 5, 65.1, False),
        # 'about': support within the rounding, refute only beyond twice it
        (70, "about", 5, 69.2, True),
        (60, "approximately", 5, 69.2, None),
        (60, "approximately", 5, 70.5, False),
        # 'nearly 90%': a little under 90
        (90, "nearly", 5, 86, True),
        (90, "nearly", 5, 90, True),
        (90, "nearly", 5, 93, None),
        (90, "nearly", 5, 96, False),
        (90, "nearly", 5, 79, False),
        # 'more than 60%': refuted only below 60 minus its rounding
        (60, "more than", 5, 54, False),
        (60, "more than", 5, 56, None),
        (60, "more than", 5, 58, True),
        (60, "more than", 5, 97, True),
        # 'up to 60%': the mirror image
        (60, "up to", 5, 10, True),
        (60, "up to", 5, 64, None),
        (60, "up to", 5, 66, False),
    ],
)
def test_hedge_intervals(claimed, qualifier, tol, actual, expected) -> None:
    assert judge(claim_intervals(claimed, qualifier, tol), actual) is expected


def test_range_is_widened_by_the_tolerance() -> None:
    iv = claim_intervals(65, None, 2.5, [60, 70])
    assert iv["agree"] == [57.5, 72.5] and iv["refute_outside"] == [57.5, 72.5]
    assert judge(iv, 72.0) is True and judge(iv, 73.0) is False


def test_false_approximate_share_is_not_supported(rare_earth_store) -> None:
    (claim,) = _shares(
        rare_earth_store, "China controls approximately 60% of world rare earth mining."
    )
    assert claim["verdict"] == NOT_CHECKABLE
    comp = claim["comparison"]
    # the JSON shows the tolerance used and the intervals it gave
    assert comp["tolerance"] == pytest.approx(5.0)
    assert comp["tolerance_rule"] == "approx"
    assert comp["agree_interval"] == pytest.approx([55.0, 65.0])
    assert comp["refute_outside"] == pytest.approx([50.0, 70.0])
    assert "agreement interval" in claim["reason"]


def test_true_approximate_share_is_supported(rare_earth_store) -> None:
    (claim,) = _shares(rare_earth_store, "China controls about 70% of world rare earth mining.")
    assert claim["verdict"] == SUPPORTED
    assert claim["comparison"]["agree_interval"] == pytest.approx([65.0, 75.0])


def test_lower_bound_claims(rare_earth_store) -> None:
    (low,) = _shares(rare_earth_store, "China mines more than 60% of the world's rare earths.")
    assert low["verdict"] == SUPPORTED
    # 'more than 75%': its rounding is 0.5, the floor 2.5 pp: refuted below 72.5
    (high,) = _shares(rare_earth_store, "China mines more than 75% of the world's rare earths.")
    assert high["verdict"] == REFUTED
    assert high["comparison"]["refute_outside"] == pytest.approx([72.5, None])


# -- period -----------------------------------------------------------------------------------


def test_relative_year_resolves_against_the_publication_date(rare_earth_store) -> None:
    text = "Last year China mined 270,000 tonnes of rare earths."
    claims = check_text(rare_earth_store, text, title="", date=DATED)["claims"]
    (claim,) = [c for c in claims if c["type"] == "production"]
    assert claim["period"] == 2024 and claim["verdict"] == SUPPORTED
    assert claim["comparison"]["data_year"] == 2024


def test_relative_year_in_an_undated_article_is_not_checked(rare_earth_store) -> None:
    text = "China produced about 70% of the world's rare earth mine output last year."
    (claim,) = _shares(rare_earth_store, text, date=None)
    assert claim["verdict"] == NOT_CHECKABLE
    assert "last year" in claim["reason"] and "no date" in claim["reason"]


def test_a_year_the_store_lacks_is_not_compared_with_another(rare_earth_store) -> None:
    text = "In 2012, China mined 100,000 tonnes of rare earths."
    claims = check_text(rare_earth_store, text, title="", date=DATED)["claims"]
    (claim,) = [c for c in claims if c["type"] == "production"]
    assert claim["verdict"] == NOT_CHECKABLE
    assert "2012" in claim["reason"]


# -- the gate ---------------------------------------------------------------------------------


def _result(verdict: str, **comp) -> dict:
    base = {"measure": "mine_production", "stage": "mining", "data_year": 2024,
            "evidence_value": 69.2, "agree_interval": [65, 75],
            "refute_outside": [65, 75]}  # fmt: skip
    return {"verdict": verdict, "evidence": [{"role": "current", "iso3": "CHN"}],
            "explanation": "x", "comparison": {**base, **comp}}  # fmt: skip


def _claim(**kw) -> dict:
    return {"type": "share", "measure": "production", "iso3": "CHN", "subject": "China",
            "subject_basis": "explicit", "commodity_from": "sentence", "period": None,
            "stage": None, "text": "t", **kw}  # fmt: skip


def test_gate_needs_the_arithmetic() -> None:
    out = gate({"verdict": SUPPORTED, "evidence": [], "explanation": "x", "comparison": None},
               _claim(), None)  # fmt: skip
    assert out["verdict"] == NOT_CHECKABLE and "comparison" in out["reason"]


def test_gate_needs_the_same_period() -> None:
    out = gate(_result(SUPPORTED, data_year=2022), _claim(period=2024), None)
    assert out["verdict"] == NOT_CHECKABLE and "2024" in out["reason"]
    assert gate(_result(SUPPORTED), _claim(period=2024), None)["verdict"] == SUPPORTED


def test_gate_needs_the_same_stage_and_measure() -> None:
    out = gate(_result(REFUTED, stage="separation"), _claim(stage="mining"), None)
    assert out["verdict"] == NOT_CHECKABLE and "mine production" in out["reason"]
    out = gate(_result(SUPPORTED, measure="reserves"), _claim(), None)
    assert out["verdict"] == NOT_CHECKABLE


def test_gate_needs_the_same_country() -> None:
    res = _result(SUPPORTED)
    res["evidence"] = [{"role": "current", "iso3": "USA"}]
    assert gate(res, _claim(), None)["verdict"] == NOT_CHECKABLE


def test_gate_checks_the_verdict_follows_the_intervals() -> None:
    # a path that called 69.2 'refuted' although it lies in the refutation interval
    out = gate(_result(REFUTED), _claim(), None)
    assert out["verdict"] == NOT_CHECKABLE and "refutation interval" in out["reason"]
    out = gate(_result(SUPPORTED, evidence_value=80.0), _claim(), None)
    assert out["verdict"] == NOT_CHECKABLE


def test_gate_refutes_only_named_subjects_of_known_period() -> None:
    miss = _result(REFUTED, evidence_value=80.0)
    from datetime import date

    pub = date(2025, 3, 1)
    assert gate(miss, _claim(), pub)["verdict"] == REFUTED
    assert gate(miss, _claim(), None)["verdict"] == NOT_CHECKABLE  # period unknown
    assert gate(miss, _claim(subject_basis="coreference"), pub)["verdict"] == NOT_CHECKABLE
    assert gate(miss, _claim(commodity_from="headline"), pub)["verdict"] == NOT_CHECKABLE


# -- undated sentences whose own figure shows another period ----------------------------------


def test_undated_rank_is_withdrawn_when_its_sentence_figure_misses() -> None:
    sentence = "X has the second largest reserves with 2.7 million tonnes"
    rank = {"type": "ranking", "verdict": SUPPORTED, "text": sentence, "iso3": "AUS",
            "measure": "reserves", "period": None, "subject": "Australia", "explanation": "e",
            "comparison": {"claim_value": 2, "evidence_value": 2}}  # fmt: skip
    amount = {"type": "reserves", "verdict": NOT_CHECKABLE, "text": sentence, "iso3": "AUS",
              "measure": "reserves", "period": None,
              "comparison": {"claim_value": 2.7e6, "evidence_value": 6.2e6,
                             "refute_outside": [2.43e6, 2.97e6]}}  # fmt: skip
    judged = reconcile_undated([dict(rank), amount], None)
    assert judged[0]["verdict"] == NOT_CHECKABLE and "another period" in judged[0]["reason"]
    # dated: the edition current at the date judges each figure on its own
    from datetime import date

    assert reconcile_undated([dict(rank), amount], date(2025, 3, 1))[0]["verdict"] == SUPPORTED
    # an agreeing sentence figure leaves the rank supported
    ok = {**amount, "comparison": {**amount["comparison"], "evidence_value": 2.8e6}}
    assert reconcile_undated([dict(rank), ok], None)[0]["verdict"] == SUPPORTED


# -- rare earths on the light/heavy boundary --------------------------------------------------


def test_boundary_rare_earths_are_not_refuted_as_heavy_or_light(rare_earth_store) -> None:
    def judged(text: str, name: str) -> dict:
        claims = check_text(rare_earth_store, text, title="", date=DATED)["claims"]
        return next(c for c in claims
                    if c["type"] == "classification" and c["subject"].lower() == name)  # fmt: skip

    # USGS puts europium with the light group, China's export lists with the heavy one:
    # only its rare-earth membership is judged, and its exclusion is not judged at all
    text = "Heavy rare earths such as europium, lanthanum and dysprosium are scarce."
    eu = judged(text, "europium")
    assert eu["verdict"] == SUPPORTED and "depends on the definition" in eu["explanation"]
    assert judged(text, "lanthanum")["verdict"] == REFUTED  # light under every definition
    assert judged(text, "dysprosium")["verdict"] == SUPPORTED
    assert judged("Europium is not a heavy rare earth.", "europium")["verdict"] == NOT_CHECKABLE


def test_a_size_word_before_the_group_word_is_not_dropped(rare_earth_store) -> None:
    def verdict(text: str, name: str) -> str:
        claims = check_text(rare_earth_store, text, title="", date=DATED)["claims"]
        return next(c["verdict"] for c in claims
                    if c["type"] == "classification" and c["subject"].lower() == name)  # fmt: skip

    # 'a heavy rare earth' must not be judged as 'a rare earth'
    assert verdict("Cerium is a heavy rare earth.", "cerium") == REFUTED
    assert verdict("Terbium is a heavy rare earth.", "terbium") == SUPPORTED
    # China's 'medium and heavy' class holds samarium, not neodymium
    text = "Medium and heavy rare earths such as samarium and neodymium are restricted."
    assert verdict(text, "samarium") == SUPPORTED
    assert verdict(text, "neodymium") == REFUTED


def test_undated_sentence_figure_withdraws_its_rank_through_the_pipeline(rare_earth_store) -> None:
    # MCS 2025 (the latest edition): Brazil second in rare-earth reserves with 21,000,000 t
    def rank(text: str) -> dict:
        claims = check_text(rare_earth_store, text, title="", date=None)["claims"]
        return next(c for c in claims if c["type"] == "ranking")

    far = rank(
        "Brazil has the world's second largest rare earth reserves, with 2.1 million tonnes."
    )
    assert far["verdict"] == NOT_CHECKABLE and "another period" in far["reason"]
    near = rank(
        "Brazil has the world's second largest rare earth reserves, with 21 million tonnes."
    )
    assert near["verdict"] == SUPPORTED


def test_no_statistical_path_bypasses_the_gate(rare_earth_store, monkeypatch) -> None:
    # a checker that forgets its arithmetic cannot hand a verdict to the reader
    from assay.analyses.news import verdicts

    def careless(kb, claim, pub):
        return {"verdict": REFUTED, "evidence": [], "explanation": "no arithmetic",
                "comparison": None}  # fmt: skip

    monkeypatch.setattr(verdicts, "check_share", careless)
    (claim,) = _shares(rare_earth_store, "China mines 40% of the world's rare earths.")
    assert claim["verdict"] == NOT_CHECKABLE and "comparison" in claim["reason"]
