"""A copula that relates a mineral to a class is not a membership claim (issue 17).

'Monazite is a phosphate mineral of rare earths' says monazite carries rare earths; it does
not say monazite is a rare-earth element, so it must never be refuted as one (found on the
final blind held-out set 7, S175). Partitives of membership ('one of', 'a member of', 'a
type of') still make a membership claim. Sentences written for this test; oracle: the
element table (IUPAC 2005: the rare-earth elements are Sc, Y and La-Lu).
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text


def _classifications(store, text: str) -> list[dict]:
    claims = check_text(store, text, title=None, date="2025-05-20")["claims"]
    return [c for c in claims if c["type"] == "classification"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Along the coast the mineral monazite occurs, which is a phosphate mineral of rare "
        "earth elements with some thorium.",
        "Bastnaesite is an ore of rare earths.",
        "Xenotime is the main carrier of heavy rare earths in these sands.",
        "Loparite is a mineral containing rare earths and niobium.",
    ],
)
def test_a_mineral_related_to_the_class_is_never_refuted(rare_earth_store, sentence) -> None:
    assert all(c["verdict"] != "refuted" for c in _classifications(rare_earth_store, sentence))


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("Cerium is one of the rare earth elements.", "supported"),
        ("Yttrium is a member of the rare earths.", "supported"),
        ("Iron is a type of rare earth.", "refuted"),
        ("Titanium is a rare earth metal.", "refuted"),
    ],
)
def test_membership_partitives_still_claim_membership(rare_earth_store, sentence, verdict) -> None:
    (claim,) = _classifications(rare_earth_store, sentence)
    assert claim["verdict"] == verdict


@pytest.mark.parametrize(
    "sentence",
    [
        "Neodymium falls under the category of rare earth elements.",
        "Samarium belongs to the rare earths.",
        "Lutetium is part of the rare earth group.",
    ],
)
def test_membership_wording_with_of_or_to_is_still_a_claim(rare_earth_store, sentence) -> None:
    (claim,) = _classifications(rare_earth_store, sentence)
    assert claim["verdict"] == "supported"
