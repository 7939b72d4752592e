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
