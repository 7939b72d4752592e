"""Persisting checked claims and the country-dossier query.

Oracle: the claims written are the claims returned by ``check_text`` (round trip), and
the country links follow the mentions inside each claim's span (hand-checked sentences).
"""

from __future__ import annotations

from assay.analyses.news import check_text, claims_mentioning_country, save_results


def test_round_trip_and_country_lookup(rare_earth_store) -> None:
    doc = check_text(
        rare_earth_store,
        "Russia ranks fourth in rare earth reserves. Lithium is a rare earth. "
        "Putin said Moscow is ready to work with Washington.",
        title="",
        date="2025-03-01",
    )
    assert save_results(rare_earth_store, [doc]) == len(doc["claims"])
    rus = claims_mentioning_country(rare_earth_store, "rus")
    assert [c["type"] for c in rus] == ["ranking", "event"]  # refuted first
    assert rus[0]["verdict"] == "refuted" and rus[0]["edition"] == 2025
    assert rus[0]["evidence"][0]["rank"] == 5
    assert rus[0]["date"] == "2025-03-01"
    usa = claims_mentioning_country(rare_earth_store, "USA")
    assert [c["type"] for c in usa] == ["event"]
    assert claims_mentioning_country(rare_earth_store, "FRA") == []
    # checking the same document again replaces, not duplicates
    save_results(rare_earth_store, [doc])
    assert len(claims_mentioning_country(rare_earth_store, "RUS")) == 2


def test_store_without_news_tables_returns_nothing(rare_earth_store) -> None:
    rare_earth_store.con.execute("DROP TABLE news_claim_country")
    assert claims_mentioning_country(rare_earth_store, "RUS") == []


def test_saved_claims_keep_their_arithmetic_and_reason(rare_earth_store) -> None:
    """A saved check shows the comparison behind each verdict (claim value, evidence value,
    tolerance) and the reason of a not-checkable verdict, exactly as ``check_text`` gave them."""
    doc = check_text(
        rare_earth_store,
        "Russia mined 2,500 tonnes of rare earths in 2024. "
        "Russia could supply two million tonnes of rare earths to the United States.",
        title="",
        date="2025-03-01",
    )
    save_results(rare_earth_store, [doc])
    saved = {c["claim_id"]: c for c in claims_mentioning_country(rare_earth_store, "RUS")}
    assert set(saved) == {c["id"] for c in doc["claims"]}
    with_arithmetic = [c for c in doc["claims"] if c.get("comparison")]
    with_reason = [c for c in doc["claims"] if c.get("reason")]
    assert with_arithmetic and with_reason  # the test sentences exercise both
    for c in doc["claims"]:
        assert saved[c["id"]]["comparison"] == c.get("comparison")
        assert saved[c["id"]]["reason"] == c.get("reason")
    first = saved[with_arithmetic[0]["id"]]["comparison"]
    assert first["claim_value"] == 2500 and first["evidence_value"] is not None
