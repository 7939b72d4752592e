"""One regression test per failure class of issue 17, on sentences written for these tests.

Oracles: the USGS MCS rare-earth tables typed into ``rare_earth_store`` (conftest): China's
2024 mine production 270,000 t of a 390,000 t world total (69.23 %), the United States
45,000 t, Burma 31,000 t; China's reserves 44 Mt. Cobalt: MCS 2024 world table bundled in
the reference store (Congo (Kinshasa) 170,000 t of 230,000 t in 2023). Membership: IUPAC
Red Book 2005 IR-3.5. Stage shares come from a stub of ``assay.analyses.chain`` with a
value chosen for the test (an analytic oracle of the comparison, not a fact).
"""

from __future__ import annotations

import sys
import types

import pytest

import assay.analyses
from assay.analyses.news import check_text
from assay.analyses.news.quantities import find_quantities

AFTER_MCS_2025 = "2025-03-01"


def _claims(store, text: str, title: str = "", date: str = AFTER_MCS_2025) -> list[dict]:
    return check_text(store, text, title=title, date=date)["claims"]


def _typed(store, text: str, ctype: str, **kw) -> list[dict]:
    return [c for c in _claims(store, text, **kw) if c["type"] == ctype]


def _one(store, text: str, ctype: str, **kw) -> dict:
    found = _typed(store, text, ctype, **kw)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture()
def stage_stub(monkeypatch):
    """A stand-in for ``assay.analyses.chain`` holding one separation share: China 90 %
    of rare-earth separation (a test value), nothing for other countries or stages."""
    fake = types.ModuleType("assay.analyses.chain")
    fake.STAGES = {"rare-earths": ["mining", "separation", "metal", "magnets"]}
    source = {"id": "stub", "publisher": "test stub", "title": "stage table"}

    def stage_share(store, commodity_id, stage, iso3, year=None, not_after=False):
        if (commodity_id, stage, iso3) == ("rare-earths", "separation", "CHN"):
            return {"iso3": "CHN", "stage": stage, "share": 0.90, "value": None, "unit": None,
                    "basis": "REO", "year": 2024, "source": source, "page": "p. 1"}  # fmt: skip
        return None

    def stage_world_total(store, commodity_id, stage, year=None, not_after=False):
        return None

    fake.stage_share = stage_share
    fake.stage_world_total = stage_world_total
    monkeypatch.setitem(sys.modules, "assay.analyses.chain", fake)
    monkeypatch.setattr(assay.analyses, "chain", fake, raising=False)
    return fake


@pytest.fixture()
def no_stage_data(monkeypatch):
    """``assay.analyses.chain`` with the stage model but no cited stage table."""
    fake = types.ModuleType("assay.analyses.chain")
    fake.STAGES = {"rare-earths": ["mining", "separation", "metal", "magnets"]}
    fake.stage_share = lambda store, commodity_id, stage, iso3, year=None, not_after=False: None
    fake.stage_world_total = lambda store, commodity_id, stage, year=None, not_after=False: None
    monkeypatch.setitem(sys.modules, "assay.analyses.chain", fake)
    monkeypatch.setattr(assay.analyses, "chain", fake, raising=False)
    return fake


# -- the JSON contract ------------------------------------------------------------------------


def test_every_claim_has_comparison_and_not_checkable_ones_a_reason(rare_earth_store) -> None:
    claims = _claims(
        rare_earth_store,
        "China mined 270,000 tonnes of rare earths in 2024. Russia could supply two million "
        "tonnes of aluminium. Neodymium is a rare earth.",
    )
    assert claims
    for c in claims:
        assert "comparison" in c
        for key in ("text", "span", "type", "subject", "verdict", "evidence", "explanation"):
            assert key in c
        if c["verdict"] == "not-checkable":
            assert c["reason"]
    prod = next(c for c in claims if c["type"] == "production" and c["subject"] == "China")
    comp = prod["comparison"]
    assert set(comp) >= {"claim_value", "claim_unit", "evidence_value", "evidence_unit",
                         "tolerance", "measure", "stage", "edition"}  # fmt: skip
    assert (comp["claim_value"], comp["evidence_value"], comp["edition"]) == (270e3, 270e3, 2025)
    assert comp["stage"] == "mining" and comp["tolerance"] == pytest.approx(27_000)


# -- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tons"),
    [
        ("270,000 MT of ore", 270_000.0),
        ("270,000 mt of ore", 270_000.0),
        ("3 million MT of ore", 3e6),
        ("110 Mt of ore", 110e6),
        ("2 MMT of ore", 2e6),
        ("45 kt of ore", 45_000.0),
    ],
)
def test_mass_units(text, tons) -> None:
    q = next(q for q in find_quantities(text) if q["kind"] == "mass")
    assert q["value"] == pytest.approx(tons)


def test_metric_tons_written_mt_are_not_megatonnes(rare_earth_store) -> None:
    for unit in ("MT", "mt"):
        claim = _one(rare_earth_store, f"China mined 270,000 {unit} of rare earths in 2024.",
                     "production")  # fmt: skip
        assert claim["verdict"] == "supported", claim["explanation"]
    odd = _one(rare_earth_store, "China mined 270,000 Mt of rare earths in 2024.", "production")
    assert odd["verdict"] == "not-checkable" and "ambiguous unit" in odd["reason"]


# -- stage conflation ------------------------------------------------------------------------


def test_processing_share_is_not_compared_with_mining(rare_earth_store, no_stage_data) -> None:
    claim = _one(rare_earth_store, "China processes about 90% of the world's rare earths.",
                 "share")  # fmt: skip
    assert claim["verdict"] == "not-checkable"
    assert "mine production" in claim["reason"] and "separation" in claim["reason"]


def test_processing_share_checked_against_the_stage_table(rare_earth_store, stage_stub) -> None:
    claims = _typed(
        rare_earth_store,
        "China processes about 90% of the world's rare earths. China mines 90% of them.",
        "share",
    )
    processing, mining = claims
    assert processing["verdict"] == "supported", processing["explanation"]
    assert processing["comparison"]["stage"] == "separation"
    assert processing["comparison"]["evidence_value"] == pytest.approx(90.0)
    # 'of them': the base is the previous sentence's; mining is 69.2 % in MCS 2025
    assert mining["verdict"] == "refuted" and mining["comparison"]["stage"] == "mining"


def test_unstated_stage_is_never_read_as_one_stage(rare_earth_store, stage_stub) -> None:
    # 'supplies' names no stage: true of separation (90 %), false of mining (69.2 %), so
    # the claim is ambiguous, not supported by whichever stage happens to fit
    claim = _one(rare_earth_store, "China supplies 90% of the world's rare earths.", "share")
    assert claim["verdict"] == "not-checkable"
    assert "names no stage" in claim["reason"] and "holds for separation" in claim["reason"]
    assert claim.get("stage_assumed") is None
    mined = _one(rare_earth_store, "China supplies 70% of the world's rare earths.", "share")
    assert mined["verdict"] == "not-checkable" and "holds for mine production" in mined["reason"]
    wrong = _one(rare_earth_store, "China supplies 30% of the world's rare earths.", "share")
    assert wrong["verdict"] == "refuted"  # neither 69 % (mining) nor 90 % (separation)


def test_refining_claim_without_stage_data_is_declined(rare_earth_store, no_stage_data) -> None:
    claim = _one(rare_earth_store, "China refines 60% of the world's rare earths.", "share")
    assert claim["verdict"] == "not-checkable"


# -- offers, plans, capacities, quotas -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("Russia could supply two million tonnes of aluminium to the US.", "offer"),
        ("Russia offered 2 million tonnes of aluminium a year.", "offer"),
        ("China set a mining quota of 270,000 tonnes of rare earths.", "quota"),
        ("The US plans to mine 100,000 tonnes of rare earths by 2030.", "plan"),
        ("Australia has a processing capacity of 500,000 tonnes of rare earths.", "capacity"),
    ],
)
def test_offers_plans_quotas_capacities_are_not_production(rare_earth_store, text, frame) -> None:
    claim = _one(rare_earth_store, text, "production")
    assert claim["frame"] == frame
    assert claim["verdict"] == "not-checkable" and "not an amount produced" in claim["reason"]


# -- counts of a list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Beijing imposed controls on seven rare earth elements.",
        "Exports of 7 rare earth elements now need a licence.",
        "The seven rare earth elements under export controls include dysprosium.",
    ],
)
def test_counts_of_a_list_are_not_group_sizes(rare_earth_store, text) -> None:
    assert _typed(rare_earth_store, text, "count") == []


def test_group_sizes_are_still_counted(rare_earth_store) -> None:
    assert _one(rare_earth_store, "There are 17 rare earth elements.", "count")["verdict"] == (
        "supported"
    )
    claim = _one(rare_earth_store, "Rare earths are a group of 15 elements.", "count")
    assert claim["verdict"] == "refuted"


# -- possessive superlatives -----------------------------------------------------------------


def test_possessive_superlative_is_not_a_world_rank(rare_earth_store) -> None:
    for text in (
        "Greenland's largest rare-earth deposit lies in the south.",
        "Brazil's biggest rare earth producer is expanding.",
    ):
        ranks = _typed(rare_earth_store, text, "ranking")
        assert all(c["verdict"] == "not-checkable" for c in ranks), ranks
        assert all("within" in c["reason"] for c in ranks)


def test_superlative_of_an_object_is_not_a_country_rank(rare_earth_store) -> None:
    ranks = _typed(rare_earth_store, "Russia hosts the largest rare-earth deposits project "
                   "of the region.", "ranking")  # fmt: skip
    assert all(c["verdict"] == "not-checkable" for c in ranks)
    world = _one(rare_earth_store, "China is the world's largest producer of rare earths.",
                 "ranking")  # fmt: skip
    assert world["verdict"] == "supported"


# -- classification in clauses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject", "verdict"),
    [
        ("Rare earths, which include titanium and lithium, are in demand.", "titanium", "refuted"),
        ("Rare earths, which include titanium and lithium, are in demand.", "lithium", "refuted"),
        ("Rare earths, which include cerium, are mined.", "cerium", "supported"),
        ("Rare earths, which do not include nickel, sell well.", "nickel", "supported"),
        ("Lithium and uranium, which are not rare earths, are sought.", "lithium", "supported"),
        ("Lithium and uranium, which are not rare earths, are sought.", "uranium", "supported"),
        ("Neither lithium nor cobalt is a rare earth.", "lithium", "supported"),
        ("Neither lithium nor cobalt is a rare earth.", "cobalt", "supported"),
        ("The rare-earth metal scandium is light.", "scandium", "supported"),
        ("Copper, one of the rare earths, is traded.", "copper", "refuted"),
    ],
)
def test_classification_in_relative_clauses_and_negations(rare_earth_store, text, subject,
                                                          verdict) -> None:  # fmt: skip
    claims = _typed(rare_earth_store, text, "classification")
    claim = next(c for c in claims if c["subject"] == subject)
    assert claim["verdict"] == verdict, claim["explanation"]


# -- context ---------------------------------------------------------------------------------


def test_commodity_from_the_headline_and_previous_sentence(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "China produced 270,000 tonnes last year.", "production",
                 title="Rare earth output climbs")  # fmt: skip
    assert claim["commodity"] == "rare-earths" and claim["commodity_from"] == "headline"
    assert claim["verdict"] == "supported"
    claim = _one(rare_earth_store, "Rare earths are in demand. China mined 270,000 tonnes.",
                 "production")  # fmt: skip
    assert claim["commodity_from"] == "previous sentence" and claim["verdict"] == "supported"
    # a figure 'of' something else inherits nothing
    other = _typed(rare_earth_store, "China mined 900,000 tonnes of sand.", "production",
                   title="Rare earth output climbs")  # fmt: skip
    assert all(c["verdict"] != "refuted" for c in other)


def test_attribution_is_not_the_subject(rare_earth_store) -> None:
    claim = _one(
        rare_earth_store,
        "According to the US Geological Survey, China mined 270,000 tonnes of rare earths.",
        "production",
    )
    assert claim["subject"] == "China" and claim["verdict"] == "supported"
    claim = _one(rare_earth_store, "Burma mined 31,000 tonnes of rare earths, the US "
                 "Geological Survey said.", "production")  # fmt: skip
    assert claim["subject"] != "United States"


def test_world_totals(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "World mine production of rare earths was about 390,000 "
                 "tonnes in 2024.", "production")  # fmt: skip
    assert claim["subject"] == "World" and claim["verdict"] == "supported"
    wrong = _one(rare_earth_store, "Global mine production of rare earths was 150,000 tonnes.",
                 "production")  # fmt: skip
    assert wrong["verdict"] == "refuted"


def test_numbered_top_list_and_labelled_lines(rare_earth_store) -> None:
    text = (
        "Leading rare earth producers in 2024:\n1. China - 270,000 t\n"
        "2. United States - 45,000 t\n3. Myanmar - 31,000 t"
    )
    ranks = {c["subject"]: c for c in _typed(rare_earth_store, text, "ranking") if c["iso3"]}
    assert {k: c["rank"] for k, c in ranks.items()} == {"China": 1, "United States": 2,
                                                         "Burma": 3}  # fmt: skip
    assert all(c["verdict"] == "supported" for c in ranks.values())
    amounts = _typed(rare_earth_store, text, "production")
    assert [c["verdict"] for c in amounts] == ["supported"] * 3
    lines = _claims(rare_earth_store, "China\nProduction: 270,000 t\nReserves: 44 million t",
                    title="Rare earths by country")  # fmt: skip
    by_type = {c["type"]: c for c in lines}
    assert by_type["production"]["subject"] == "China"
    assert by_type["production"]["verdict"] == "supported"
    assert by_type["reserves"]["verdict"] == "supported"


# -- country identity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["the Democratic Republic of Congo", "the DRC", "DR Congo", "Congo-Kinshasa",
     "the Democratic Republic of the Congo"],
)  # fmt: skip
def test_drc_is_cod(rare_earth_store, name) -> None:
    claim = _one(rare_earth_store, f"{name} mined 170,000 tonnes of cobalt in 2023.",
                 "production", date="2024-06-01")  # fmt: skip
    assert claim["iso3"] == "COD" and claim["verdict"] == "supported"


# -- events against the knowledge base of official events ------------------------------------


def test_event_kb_rows_are_typed_dated_and_cited() -> None:
    import csv
    from datetime import date
    from importlib import resources

    ref = resources.files("assay.reference")
    sources = {r["id"]: r for r in csv.DictReader(
        ref.joinpath("sources_events.csv").read_text(encoding="utf-8").splitlines())}  # fmt: skip
    rows = list(csv.DictReader(
        ref.joinpath("news_events_kb.csv").read_text(encoding="utf-8").splitlines()))  # fmt: skip
    types = {"licensing", "ban", "suspension", "quota", "suspension_of_measure", "agreement",
             "offer", "investigation", "designation"}  # fmt: skip
    ids = {r["id"] for r in rows}
    for r in rows:
        assert r["type"] in types, r["id"]
        date.fromisoformat(r["date"])
        cited = [s.strip() for s in r["source_ids"].split(";") if s.strip()]
        assert cited and all(s in sources and sources[s]["url"] for s in cited), r["id"]
        assert r["secondary"] in ("true", "false")
        assert all(m.strip() in ids for m in r["modifies"].split(";") if m.strip())
    # the events the issue names are all there
    for needed in ("cn-gallium-germanium-2023", "cn-graphite-2023", "cn-antimony-2024",
                   "cn-us-dual-use-ban-2024", "cn-ree-medium-heavy-2025",
                   "cn-oct-2025-suspended", "cod-cobalt-suspension-2025",
                   "cod-cobalt-quota-2025", "usa-ukr-minerals-agreement-2025",
                   "rus-offer-usa-2025"):  # fmt: skip
        assert needed in ids


@pytest.mark.parametrize(
    ("text", "verdict", "event_id"),
    [
        # MOFCOM/GAC Announcement No. 18 of 2025 is a licensing regime, not a ban
        ("China banned rare-earth exports in April 2025.", "refuted", "cn-ree-medium-heavy-2025"),
        ("China imposed export controls on seven rare earths in April 2025.", "supported",
         "cn-ree-medium-heavy-2025"),
        ("China banned exports of gallium and antimony to the US in December 2024.", "supported",
         "cn-us-dual-use-ban-2024"),
        ("The DRC suspended cobalt exports in February 2025.", "supported",
         "cod-cobalt-suspension-2025"),
        ("The United States and Ukraine signed a minerals agreement on April 30, 2025.",
         "supported", "usa-ukr-minerals-agreement-2025"),
        ("The United States and Ukraine signed the minerals deal on February 28, 2025.",
         "refuted", "usa-ukr-minerals-agreement-2025"),
        ("China suspended its October rare earth export controls in November 2025.",
         "supported", "cn-oct-2025-suspended"),
    ],
)  # fmt: skip
def test_event_claims_against_the_kb(rare_earth_store, text, verdict, event_id) -> None:
    claim = _one(rare_earth_store, text, "event", date="2025-12-01")
    assert claim["verdict"] == verdict, claim["explanation"]
    assert claim["event_id"] == event_id
    assert claim["evidence"][0]["sources"][0]["url"]


def test_undated_or_unknown_events_are_not_refuted(rare_earth_store) -> None:
    # undated: a ban claim is never refuted (the KB may lack an event); unknown: no record
    for text in ("China has banned rare earth exports.",
                 "Chile banned lithium exports in March 2025.",
                 "China banned rare earth exports in 2025."):  # fmt: skip
        for claim in _typed(rare_earth_store, text, "event", date="2025-12-01"):
            assert claim["verdict"] != "refuted", claim["explanation"]


def test_done_when_processing_versus_mining_on_the_built_store(seed_store) -> None:
    # the built store holds h15's cited stage table (IEA via Rare Earth Exchanges: China 91 %
    # of rare-earth separation) and MCS 2025 (China 69.2 % of mine production)
    from assay.analyses.news.pipeline import knowledge_base

    kb = knowledge_base(seed_store)
    separation = kb.stage_figure("rare-earths", "separation", "CHN")
    claims = _typed(
        seed_store,
        "China processes about 90% of the world's rare earths. China mines 90% of them.",
        "share",
    )
    processing, mining = claims
    if separation is None:
        assert processing["verdict"] == "not-checkable"
    else:
        expected = "supported" if abs(100 * separation["share"] - 90) <= 10 else "refuted"
        assert processing["verdict"] == expected, processing["explanation"]
        assert processing["comparison"]["stage"] == "separation"
    assert mining["verdict"] == "refuted" and mining["comparison"]["stage"] == "mining"
    assert mining["comparison"]["evidence_value"] == pytest.approx(69.23, abs=0.01)


# -- share bases written implicitly, and fractions in words -----------------------------------


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # MCS 2025: China 69.2 % of world mine production
        # 69.2 % is 2.6 pp above two-thirds: 'nearly' may overshoot by half the +-5 pp of
        # a word fraction only, so neither verdict (verdicts.claim_intervals)
        ("China accounts for nearly two-thirds of global rare earth mining.", "not-checkable"),
        ("China accounts for nearly 70% of global rare earth mining.", "supported"),
        ("China mines 70% of rare earths.", "supported"),
        ("China controls about 70% of rare earth mining.", "supported"),
        ("China's share of global rare earth mine production is 69%.", "supported"),
        ("China mines a third of the world's rare earths.", "refuted"),
        ("China mines 40% of rare earth output.", "refuted"),
    ],
)
def test_implicit_world_base_and_word_fractions(rare_earth_store, text, verdict) -> None:
    claim = _one(rare_earth_store, text, "share")
    assert claim["verdict"] == verdict, claim["explanation"]
    assert claim["comparison"]["measure"] == "mine_production"


def test_owned_or_exported_shares_are_not_world_shares(rare_earth_store) -> None:
    for text in ("About 30% of its rare earth output is exported.",
                 "The US wanted 50 per cent of Ukraine's rare-earth metals."):  # fmt: skip
        for claim in _typed(rare_earth_store, text, "share"):
            assert claim["verdict"] == "not-checkable", claim["explanation"]


# -- period and basis ------------------------------------------------------------------------


def test_the_year_a_figure_is_about(rare_earth_store) -> None:
    # MCS 2024: China 240,000 t in 2023; MCS 2025: 270,000 t in 2024; no 2020 figure held
    old = _one(rare_earth_store, "China mined 240,000 tonnes of rare earths in 2023.",
               "production")  # fmt: skip
    assert old["verdict"] == "supported" and old["comparison"]["edition"] == 2024
    wrong_year = _one(rare_earth_store, "China mined 240,000 tonnes of rare earths in 2024.",
                      "production")  # fmt: skip
    assert wrong_year["verdict"] == "refuted"
    absent = _one(rare_earth_store, "In 2020, China mined 140,000 tonnes of rare earths.",
                  "production")  # fmt: skip
    assert absent["verdict"] == "not-checkable" and "2020" in absent["reason"]


def test_ore_and_concentrate_tonnages_are_another_basis(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "China mined 500,000 tonnes of rare earth ore.", "production")
    assert claim["verdict"] == "not-checkable" and "ore" in claim["reason"]


# -- rankings with a reference country and a year ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # MCS 2025 reserves: China 44 Mt, Brazil 21 Mt, India 6.9 Mt
        ("Brazil has the largest rare earth reserves outside China.", "supported"),
        ("Brazil has the largest rare earth reserves after China.", "supported"),
        ("Brazil has the second-largest rare earth reserves after China.", "supported"),
        ("India has the largest rare earth reserves outside China.", "refuted"),
        ("The US is the second largest producer of rare earths, behind China.", "supported"),
    ],
)
def test_rankings_outside_or_after_a_country(rare_earth_store, text, verdict) -> None:
    claim = _one(rare_earth_store, text, "ranking")
    assert claim["verdict"] == verdict, claim["explanation"]


def test_reference_country_is_not_the_subject(rare_earth_store) -> None:
    claims = _claims(rare_earth_store, "Lynas, the largest rare earth producer outside China, "
                     "mined 13,000 tonnes.")  # fmt: skip
    assert all(c.get("iso3") != "CHN" for c in claims)
    assert all(c["verdict"] != "refuted" for c in claims)


def test_ranking_in_a_stated_year(rare_earth_store) -> None:
    # MCS 2024: Russia fourth in 2023 reserves; MCS 2025: fifth in 2024
    claim = _one(rare_earth_store, "In 2023, Russia ranked fourth in rare earth reserves.",
                 "ranking")  # fmt: skip
    assert claim["verdict"] == "supported" and claim["comparison"]["edition"] == 2024


def test_ranges_past_periods_and_national_superlatives(rare_earth_store) -> None:
    # MCS 2025: China 69.2 % of mine production; a range holds when the value is inside it
    wide = _one(rare_earth_store, "China mines 60-80% of the world's rare earths.", "share")
    assert wide["verdict"] == "supported"
    out = _one(rare_earth_store, "China mines 40-50% of the world's rare earths.", "share")
    assert out["verdict"] == "refuted"
    for text in ("China produced 90% of the world's rare earths in the 1990s.",
                 "Russia was once the largest producer of rare earths.",
                 "MP Materials is the largest US producer of rare earths."):  # fmt: skip
        claims = _claims(rare_earth_store, text)
        assert claims and all(c["verdict"] == "not-checkable" for c in claims), claims


def test_more_phrasings_are_extracted(rare_earth_store) -> None:
    by_text = {
        "China produced 270k tonnes of rare earths.": ("production", "supported"),
        "China's rare earth reserves are 44m tonnes.": ("reserves", "supported"),
        "Rare earths are a group of 17 rare earths.": ("count", "supported"),
        "China leads the world in rare earth production.": ("ranking", "supported"),
        "Rare earths (such as lithium) are used in magnets.": ("classification", "refuted"),
    }
    for text, (ctype, verdict) in by_text.items():
        assert _one(rare_earth_store, text, ctype)["verdict"] == verdict, text


def test_several_figures_in_one_clause_and_lower_bound_totals(rare_earth_store) -> None:
    # each figure takes the measure of its own 'of ...' phrase or verb
    claims = _typed(rare_earth_store, "China holds 60% of rare earth reserves and 70% of mine "
                    "output.", "share")  # fmt: skip
    assert [c["measure"] for c in claims] == ["reserves", "mine_production"]
    # MCS 2025 gives world reserves as '>90,000,000' (conftest: no total; countries sum to
    # 88.3 Mt): China's 44 Mt is at most 49.8 %, so 60 % is refuted and 40 % is not
    assert claims[0]["verdict"] == "refuted" and claims[1]["verdict"] == "supported"
    low = _one(rare_earth_store, "China holds 40% of rare earth reserves.", "share")
    assert low["verdict"] == "not-checkable" and "world total" in low["reason"]
    both = _typed(rare_earth_store, "China mines 70% and processes 90% of the world's rare "
                  "earths.", "share")  # fmt: skip
    assert [c["stage"] for c in both] == ["mining", "separation"]


def test_world_totals_published_as_bounds(rare_earth_store) -> None:
    # a world reserves row published as '>90,000,000 t' (as in MCS 2025)
    rare_earth_store.con.execute(
        "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, data_year, "
        "value, unit, qualifier, source_id, edition) VALUES ('rare-earths', NULL, 'world', "
        "'World total', 'reserves', 2024, 90e6, 't', '>', 'news-test-mcs2025-raree', 2025)"
    )
    above = _one(rare_earth_store, "Global rare earth reserves are 130 million tonnes.",
                 "reserves")  # fmt: skip
    assert above["verdict"] == "not-checkable" and "bound" in above["reason"]
    below = _one(rare_earth_store, "Global rare earth reserves are 50 million tonnes.",
                 "reserves")  # fmt: skip
    assert below["verdict"] == "refuted"


def test_a_halt_is_not_refuted_by_a_licensing_record(rare_earth_store) -> None:
    # licences not granted can halt exports de facto; only an outright ban is contradicted
    claim = _one(rare_earth_store, "China halted exports of rare earths in April 2025.", "event",
                 date="2025-12-01")  # fmt: skip
    assert claim["verdict"] == "not-checkable"


def test_by_product_production_is_refuted_on_its_published_series(rare_earth_store) -> None:
    # synthetic rows (analytic oracle): gallium published only as refinery production,
    # CHN 90 t and JPN 10 t -> China 90 %; 'produces 50 %' is wrong on the only stage there is
    for iso3, kind, value in (("CHN", "country", 90.0), ("JPN", "country", 10.0),
                              (None, "world", 100.0)):  # fmt: skip
        rare_earth_store.con.execute(
            "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, "
            "data_year, value, unit, source_id, edition) VALUES ('gallium', ?, ?, ?, "
            "'refinery_production', 2024, ?, 't', 'news-test-mcs2025-raree', 2025)",
            [iso3, kind, iso3 or "World total", value],
        )
    claim = _one(rare_earth_store, "China produces 50% of the world's gallium.", "share")
    assert claim["verdict"] == "refuted", claim["explanation"]
    assert claim["comparison"]["measure"] == "refinery_production"


def test_questions_assert_nothing(rare_earth_store) -> None:
    assert _claims(rare_earth_store, "Does China really mine 90% of the world's rare earths?") == []


def test_lists_coreference_and_shares_of_a_stated_total(rare_earth_store) -> None:
    # sentences written for this test; MCS 2025 reserves: China 44 Mt, Brazil 21 Mt, world
    # published as a lower bound '>90,000,000' t (Brazil's 23 % quotes that division)
    rare_earth_store.con.execute(
        "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, "
        "data_year, value, unit, qualifier, source_id, edition) VALUES ('rare-earths', NULL, "
        "'world', 'World total (rounded)', 'reserves', 2024, 90e6, 't', '>', "
        "'news-test-mcs2025-raree', 2025)"
    )
    text = (
        "China holds 44 million tonnes of rare earth reserves.\n"
        "Brazil ranks second with 21 million tons, or 23%.\n"
        "Seven rare earths: samarium, gadolinium and terbium are controlled."
    )
    claims = _claims(rare_earth_store, text)
    brazil = [c for c in claims if c["subject"] == "Brazil"]
    assert {c["type"] for c in brazil} >= {"ranking", "reserves", "share"}
    assert all(c["verdict"] == "supported" for c in brazil), brazil
    members = {c["subject"] for c in claims if c["type"] == "classification"}
    assert members >= {"samarium", "gadolinium", "terbium"}
    # 'top tier' is vague, 'South American' is not the United States
    for text in (
        "Vietnam joins the world's top tier of rare earth suppliers.",
        "The South American nation mines less than 1% of global rare earth output.",
    ):
        for c in _claims(rare_earth_store, text):
            assert c["verdict"] != "refuted" and c.get("iso3") != "USA", c


def test_undated_figure_of_unknown_period_is_not_refuted(rare_earth_store) -> None:
    # Period: an article with no date whose clause names no year may describe any year, so a
    # mismatch with the latest edition is not a refutation (an old article's figure against
    # 2024 data); dated, or with the year in the clause, the same sentence is refuted.
    text = "China mined 120,000 tonnes of rare earths."
    undated = _one(rare_earth_store, text, "production", date=None)
    assert undated["verdict"] == "not-checkable"
    assert "no date" in undated["reason"] and undated["comparison"] is not None
    dated = _one(rare_earth_store, text, "production")
    assert dated["verdict"] == "refuted"
    in_clause = _one(rare_earth_store, "China mined 120,000 tonnes of rare earths in 2024.",
                     "production", date=None)  # fmt: skip
    assert in_clause["verdict"] == "refuted"
    # a match is still a match
    right = _one(rare_earth_store, "China mined 270,000 tonnes of rare earths.", "production",
                 date=None)  # fmt: skip
    assert right["verdict"] == "supported"
