"""An oracle for the statistics checker (issue 17): sentences written from the store itself.

For every commodity and edition the bundled store holds a world table of (MCS country
rows with a world total), the test takes each leading country's real mine production and
reserves, computes its share of the world total and its rank, and writes claim sentences
from many templates:

- TRUE sentences carry the value the way a journalist rounds it: two significant figures,
  one significant figure after 'about/around/roughly', an integer or a multiple of ten for a
  share, a fraction word within 3 pp ('a third'), 'nearly' with the value rounded up and
  'more than / over / at least' with it rounded down. The checker must NEVER refute them.
- FALSE sentences carry a value far outside any tolerance (a share 25 pp off, 'all' of the
  world for a share under 80 %, a bound on the wrong side by 15 pp, a mass three times too
  large or small, a rank two places off). The checker must NEVER support them.
- UNDECIDABLE sentences (a ranking told through its comparator, 'second only to X', whose
  subject is only a coreference; a place on another owner's list) must stay not-checkable.

The expected values come from SQL on the store's ``observation`` table, independently of
the checker's own evidence lookup (an independent implementation of share and rank).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assay.analyses.news import check_text
from assay.store import open_store

#: Commodity id -> the word a journalist writes.
WORDS = {
    "lithium": "lithium", "cobalt": "cobalt", "graphite": "graphite", "nickel": "nickel",
    "tungsten": "tungsten", "copper": "copper", "zinc": "zinc", "molybdenum": "molybdenum",
    "antimony": "antimony", "vanadium": "vanadium", "rare-earths": "rare earths",
    "manganese": "manganese", "gallium": "gallium", "germanium": "germanium",
}  # fmt: skip
#: Short names of the gazetteer's official ones, as news write them.
SHORT = {"United States": "the US", "Congo (Kinshasa)": "the DRC", "Burma": "Myanmar",
         "United Kingdom": "the UK"}  # fmt: skip
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
FRACTIONS = {"half": 50.0, "a third": 100 / 3, "a quarter": 25.0, "two-thirds": 200 / 3,
             "a fifth": 20.0, "three-quarters": 75.0}  # fmt: skip


@dataclass(frozen=True)
class Case:
    text: str
    date: str
    truth: bool | None  # None: must stay not-checkable
    kind: str
    subject: str | None = None


@dataclass(frozen=True)
class Row:
    country: str
    value: float


def _tables(con) -> Iterator[tuple[str, str, int, list[Row], float | None]]:
    """(commodity, measure, edition, countries by value, world total) of every single-series
    world table: a table with several series (ore and metal, two metals) is left out, since a
    sentence names no series."""
    keys = con.execute(
        "SELECT commodity_id, measure, edition FROM observation "
        "WHERE measure IN ('mine_production', 'reserves') AND area_kind = 'country' "
        "AND edition IS NOT NULL GROUP BY 1, 2, 3 HAVING count(DISTINCT detail) = 1 "
        "ORDER BY 1, 2, 3"
    ).fetchall()
    for cid, measure, edition in keys:
        if cid not in WORDS:
            continue
        # one source per table: a full build holds a table both curated and imported
        rows = con.execute(
            "SELECT area_kind, area_name, value FROM observation WHERE commodity_id = ? "
            "AND measure = ? AND edition = ? AND data_year = ? AND value IS NOT NULL "
            "AND coalesce(qualifier, '') <> 'withheld' AND source_id = (SELECT min(source_id) "
            "FROM observation WHERE commodity_id = ? AND measure = ? AND edition = ?)",
            [cid, measure, edition, edition - 1, cid, measure, edition],
        ).fetchall()
        countries = sorted(
            (Row(name, v) for kind, name, v in rows if kind == "country" and v > 0),
            key=lambda r: -r.value,
        )
        world = next((v for kind, _n, v in rows if kind == "world"), None)
        if len(countries) >= 3:
            yield cid, measure, edition, countries, world


def _sig(x: float, figures: int, how=round) -> float:
    step = 10 ** (math.floor(math.log10(x)) - figures + 1)
    return how(x / step) * step


def _tonnes(x: float) -> str:
    return f"{x / 1e6:g} million" if x >= 1e6 else f"{round(x):,}"


def _share_forms(s: float) -> list[str]:
    """A true share as journalists write it."""
    r, up, down = round(s), math.ceil(s), math.floor(s)
    forms = [f"{r}%", f"about {r}%", f"some {r} percent", f"roughly {r} per cent",
             f"nearly {up}%", f"almost {up} percent", f"more than {down}%", f"over {down}%",
             f"at least {down}%", f"{s:.1f}%"]  # fmt: skip
    if s >= 15:
        forms.append(f"about {round(s, -1):.0f}%")
    for word, value in FRACTIONS.items():
        if abs(s - value) <= 3:
            forms += [word, f"about {word}", f"roughly {word}"]
        if value - 6 <= s < value:
            forms.append(f"nearly {word}")
        if value < s <= value + 8:
            forms.append(f"more than {word}")
    return forms


def _false_shares(s: float) -> list[str]:
    """A share no rounding or hedge makes true."""
    forms = [f"{round(s + 25)}%", f"about {round(s + 25)}%"]
    if s > 30:
        forms += [f"{round(s - 25)}%", f"about {round(s - 25)}%"]
    if s < 80:
        forms += ["100%", "nearly 100%", "100 percent", "virtually 100 per cent"]
    if s < 70:
        forms.append(f"more than {math.ceil(s) + 15}%")
    if s > 20:
        forms += [f"less than {math.floor(s) - 15}%", f"nearly {math.floor(s) - 15}%"]
    return forms


def _share_sentences(c: str, n: str, measure: str, y: int, f: str) -> list[str]:
    if measure == "mine_production":
        return [
            f"{c} produced {f} of the world's {n} in {y}.",
            f"{c} accounted for {f} of global {n} mine production in {y}.",
            f"In {y}, {c} mined {f} of the world's {n}.",
            f"{c}'s share of world {n} mine output was {f} in {y}.",
            f"Mines in {c} supplied {f} of global {n} output last year.",
            f"According to the USGS, {c} produced {f} of the world's mined {n} in {y}.",
        ]
    return [
        f"{c} holds {f} of the world's {n} reserves.",
        f"{c} has {f} of global {n} reserves.",
        f"{c} sits on {f} of known {n} reserves.",
    ]


def _amount_sentences(c: str, n: str, measure: str, y: int, f: str) -> list[str]:
    if measure == "mine_production":
        return [
            f"{c} mined {f} tonnes of {n} in {y}.",
            f"{c}'s {n} mine production reached {f} tonnes in {y}.",
            f"Output of {n} in {c} was {f} metric tons in {y}.",
            f"{c} produced {f} tons of {n} last year.",
        ]
    return [
        f"{c} has {n} reserves of {f} tonnes.",
        f"{c}'s reserves of {n} stand at {f} tonnes.",
        f"{c} is estimated to hold {f} tonnes of {n} reserves.",
    ]


def _unit_forms(x: float) -> list[str]:
    """A mass in the units news use: 'Mt', 'million metric tons', 'kt', 'thousand tonnes'."""
    forms = []
    if x >= 1e6:
        forms += [f"{x / 1e6:g} Mt", f"{x / 1e6:g} million metric tons"]
    if 1e3 <= x < 1e7:
        forms += [f"{x / 1e3:g} kt", f"{x / 1e3:g} thousand tonnes"]
    return forms


def _unit_sentence(c: str, n: str, measure: str, y: int, u: str) -> str:
    if measure == "mine_production":
        return f"{c} mined {u} of {n} in {y}."
    return f"{c}'s {n} reserves amount to {u}."


def _rank_sentences(c: str, n: str, measure: str, y: int, rank: int) -> list[str]:
    o = ORDINALS[rank - 1]
    largest = "largest" if rank == 1 else f"{o}-largest"
    if measure == "mine_production":
        return [
            f"{c} was the world's {largest} {n} producer in {y}.",
            f"In {y}, {c} ranked {o} among {n}-mining countries.",
            f"{c} is the {largest} producer of {n}.",
        ]
    return [
        f"{c} has the world's {largest} {n} reserves.",
        f"{c} holds the {largest} reserves of {n} in the world.",
        f"With the {largest} {n} reserves, {c} attracts investors.",
    ]


def oracle_cases(con) -> list[Case]:
    cases: list[Case] = []
    for cid, measure, edition, countries, world in _tables(con):
        n, y, date = WORDS[cid], edition - 1, f"{edition}-06-01"
        for i, row in enumerate(countries[:4]):
            c = row.country

            def add(texts: list[str], truth: bool | None, kind: str, subject=None, d=date) -> None:
                cases.extend(Case(t, d, truth, kind, subject) for t in texts)

            if world and 100 * row.value / world >= 3:
                s = 100 * row.value / world
                for f in _share_forms(s):
                    add(_share_sentences(c, n, measure, y, f), True, "share")
                for f in _false_shares(s):
                    add(_share_sentences(c, n, measure, y, f), False, "share")
            v = row.value
            for f in (_tonnes(_sig(v, 2)), f"about {_tonnes(_sig(v, 2))}",
                      f"some {_tonnes(_sig(v, 2))}", f"around {_tonnes(_sig(v, 1))}",
                      f"nearly {_tonnes(_sig(v, 2, math.ceil))}",
                      f"more than {_tonnes(_sig(v, 2, math.floor))}"):  # fmt: skip
                add(_amount_sentences(c, n, measure, y, f), True, "amount")
            for wrong in (3 * v, v / 3):
                add(_amount_sentences(c, n, measure, y, _tonnes(_sig(wrong, 2))), False, "amount")
            for x, truth in ((_sig(v, 2), True), (_sig(3 * v, 2), False)):
                add([_unit_sentence(c, n, measure, y, u) for u in _unit_forms(x)], truth, "amount")
            # a rank is only stated when the neighbours differ by more than rounding does
            above = countries[i - 1].value if i else math.inf
            below = countries[i + 1].value if i + 1 < len(countries) else 0.0
            if above > 1.15 * v > 1.15**2 * below:
                add(_rank_sentences(c, n, measure, y, i + 1), True, "rank")
                add(_rank_sentences(c, n, measure, y, i + 3 if i < 2 else i - 1), False, "rank")
                if i >= 1:
                    lead = countries[0].country
                    noun = "output" if measure == "mine_production" else "reserves"
                    what = "producer" if measure == "mine_production" else "reserve holder"
                    o = ORDINALS[i]
                    behind = [
                        f"{c} ranks {o} in {n} {noun}, behind {lead}.",
                        f"Trailing {lead}, {c} is the {o}-largest {n} {what}.",
                    ]
                    add(behind, True, "rank")
                    if i + 2 < len(ORDINALS):
                        wrong = ORDINALS[i + 2]
                        add(
                            [f"{c} is the {wrong}-largest {n} {what}, after {lead}."], False, "rank"
                        )
                    # the comparator is not the subject, and the subject is a coreference
                    comparator = [
                        f"{lead} dominates {n}. The country's {n} {noun} are second only to {c}.",
                        f"{lead} dominates {n}. Its {noun} rank behind {c}.",
                    ]
                    add(comparator, None, "rank", c)
        # the two leaders together, under the names journalists use ('the US', 'the DRC')
        if world and len(countries) >= 3:
            a, b = (SHORT.get(r.country, r.country) for r in countries[:2])
            total = 100 * (countries[0].value + countries[1].value) / world
            verb = "produced" if measure == "mine_production" else "held"
            what = f"{n} in {y}" if measure == "mine_production" else f"{n} reserves"
            for f, truth in ((f"{round(total)}%", True), (f"about {round(total)}%", True),
                             (f"{round(total) - 25}%", False)):  # fmt: skip
                for first, second in ((a, b), (b, a)):
                    sentence = f"{first} and {second} together {verb} {f} of the world's {what}."
                    cases.append(Case(sentence[0].upper() + sentence[1:], date, truth, "share"))
    for n in WORDS.values():
        for owner in ("the EU", "the European Union's", "Japan's", "the UK", "India's"):
            cases += [
                Case(f"{n.capitalize()} is on {owner} list of critical raw materials.",
                     "2024-06-01", None, "classification"),
                Case(f"{n.capitalize()} is not on {owner} list of critical minerals.",
                     "2024-06-01", None, "classification"),
            ]  # fmt: skip
    return cases


def _wrong(case: Case, claim: dict) -> bool:
    verdict = claim["verdict"]
    if case.truth is True:
        return verdict == "refuted"
    if case.truth is False:
        return verdict == "supported"
    if case.subject is not None and claim.get("subject") != case.subject:
        # the coreferent subject (the leader, said to be second): never supported, and
        # never refuted on a guessed subject
        return verdict != "not-checkable"
    return verdict != "not-checkable"


@pytest.fixture(scope="module")
def oracle_store(reference_store_path: Path):
    store = open_store(reference_store_path, read_only=True)
    try:
        yield store
    finally:
        store.close()


def test_oracle_covers_several_commodities_editions_and_templates(oracle_store) -> None:
    cases = oracle_cases(oracle_store.con)
    tables = {(cid, m, e) for cid, m, e, _c, _w in _tables(oracle_store.con)}
    assert len({cid for cid, _m, _e in tables}) >= 5
    assert len({e for _c, _m, e in tables}) >= 2
    kinds = Counter((c.kind, c.truth) for c in cases)
    for kind in ("share", "amount", "rank"):
        assert kinds[(kind, True)] >= 50 and kinds[(kind, False)] >= 20, kinds


def test_checker_never_contradicts_the_store(oracle_store) -> None:
    cases = oracle_cases(oracle_store.con)
    wrong, decided = [], Counter()
    for case in cases:
        claims = check_text(oracle_store, case.text, title="", date=case.date)["claims"]
        for claim in claims:
            decided[(case.truth, claim["verdict"])] += 1
            if _wrong(case, claim):
                wrong.append(f"{case.date} {case.text!r}: {claim['verdict']} "
                             f"({claim['explanation'][:160]})")  # fmt: skip
    assert not wrong, f"{len(wrong)} wrong verdicts, e.g.\n" + "\n".join(wrong[:15])
    # the oracle is not vacuous: most true sentences are supported, most false ones refuted
    assert decided[(True, "supported")] > 0.8 * sum(v for k, v in decided.items() if k[0])
    assert decided[(False, "refuted")] > 0.6 * sum(v for k, v in decided.items() if k[0] is False)


def test_supported_sentences_stay_unrefuted_under_other_editions(oracle_store) -> None:
    """Metamorphic: a sentence the store supports as of its edition's year is never refuted
    when the article is dated just before that edition's release (the author had the
    estimate early) nor, when it names its year, a year later (a revision of that year)."""
    wrong, moved = [], 0
    for case in oracle_cases(oracle_store.con):
        if case.truth is not True:
            continue
        claims = check_text(oracle_store, case.text, title="", date=case.date)["claims"]
        if not claims or any(c["verdict"] != "supported" for c in claims):
            continue
        edition = int(case.date[:4])
        dates = [f"{edition}-01-10"]
        if str(edition - 1) in case.text:
            dates.append(f"{edition + 1}-06-01")
        for day in dates:
            for claim in check_text(oracle_store, case.text, title="", date=day)["claims"]:
                moved += 1
                if claim["verdict"] == "refuted":
                    wrong.append(f"{day} {case.text!r}: {claim['explanation'][:160]}")
    assert moved > 500
    assert not wrong, f"{len(wrong)} refuted, e.g.\n" + "\n".join(wrong[:15])
