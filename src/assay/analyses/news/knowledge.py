"""What the news checker knows: a picklable snapshot of the store plus the news gazetteers.

:class:`KnowledgeBase` is read once from a :class:`~assay.store.Store` (elements, commodities
and their aliases, countries, sources and the observations of the measures that claims
speak about) and from the curated tables ``assay/reference/news_*.csv``. It holds only plain
Python data, so the Dask batch mode ships it to worker processes, which then need no
database connection.

The element table is the evidence for classification and count claims (IUPAC 2005: the
rare-earth elements are the 15 lanthanides plus scandium and yttrium); the observation
table (USGS Mineral Commodity Summaries editions) is the evidence for ranking, share,
reserves and production claims.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

#: Measures whose observations are loaded for checking claims.
CHECKED_MEASURES = ("reserves", "mine_production", "refinery_production")


#: Supply-chain stages per commodity used when :mod:`assay.analyses.chain` is absent (the
#: stage model of issue 15; names as in ``chain.STAGES``).
DEFAULT_STAGES: dict[str, list[str]] = {
    "rare-earths": ["mining", "separation", "metal", "magnets"],
    "lithium": ["mining", "chemicals"],
    "cobalt": ["mining", "refining"],
    "nickel": ["mining", "refining"],
    "graphite": ["mining", "anode"],
    "titanium": ["mining", "sponge", "pigment"],
    "gallium": ["refining"],
    "germanium": ["refining"],
    "manganese": ["mining", "refining"],
}


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def read_reference_csv(name: str) -> list[dict[str, str]]:
    """Rows of a bundled ``assay/reference/<name>`` table as dicts of strings."""
    text = resources.files("assay.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _rows(store: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    try:
        return store.query(sql, params)
    except Exception:  # a table missing from an older or partial store reads as empty
        return []


@dataclass
class KnowledgeBase:
    """Snapshot of the evidence and gazetteers used to read and check articles.

    Attributes
    ----------
    elements : dict
        symbol -> {symbol, name, atomic_number, is_rare_earth, ree_group, source_id}.
    commodities : dict
        commodity id -> {id, name, kind}.
    commodity_names : dict
        lower-case name or alias -> commodity id (misnomers excluded).
    misnomers : dict
        lower-case alias -> (commodity id, note) for aliases the store flags as misnomers.
    countries : dict
        iso3 -> country name.
    country_aliases : dict
        alias (as written) -> (iso3, kind).
    regions : list of dict
        Sub-national regions with aliases (``news_regions.csv``).
    actors : dict
        alias -> {person, iso3, role, source} (the first row of the alias).
    offices : list of dict
        Every row of ``news_actors.csv``: one office of a person with its tenure (``since``,
        ``until``) and cited sources.
    terms : dict
        lower-case term -> row of ``news_terms.csv`` (groups, minerals, materials).
    numbers : dict
        word -> (kind, value) from ``news_number_words.csv``.
    event_patterns : list of dict
        Rows of ``news_event_patterns.csv``.
    sources : dict
        source id -> source row.
    observations : list of dict
        Rows of the observation table for :data:`CHECKED_MEASURES`.
    editions : dict
        commodity id -> sorted list of editions present.
    critical : dict
        list name -> {mineral name: source} (``news_critical_minerals.csv``).
    official_events : list of dict
        The knowledge base of official events (``news_events_kb.csv``): export-control
        announcements, bans, suspensions, quotas, agreements and offers, each with date,
        actors, type, items and cited sources (``sources_events.csv``).
    """

    elements: dict[str, dict[str, Any]] = field(default_factory=dict)
    commodities: dict[str, dict[str, Any]] = field(default_factory=dict)
    commodity_names: dict[str, str] = field(default_factory=dict)
    misnomers: dict[str, tuple[str, str]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    country_aliases: dict[str, tuple[str, str]] = field(default_factory=dict)
    regions: list[dict[str, Any]] = field(default_factory=list)
    actors: dict[str, dict[str, str]] = field(default_factory=dict)
    offices: list[dict[str, str]] = field(default_factory=list)
    terms: dict[str, dict[str, str]] = field(default_factory=dict)
    numbers: dict[str, tuple[str, float]] = field(default_factory=dict)
    event_patterns: list[dict[str, str]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    observations: list[dict[str, Any]] = field(default_factory=list)
    editions: dict[str, list[int]] = field(default_factory=dict)
    critical: dict[str, dict[str, str]] = field(default_factory=dict)
    official_events: list[dict[str, Any]] = field(default_factory=list)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_store(cls, store: Any) -> KnowledgeBase:
        """Read the snapshot from an open store (tables missing from the store read as
        empty; the claims they would decide then come out ``not-checkable``)."""
        kb = cls.bundled()
        for row in _rows(
            store,
            "SELECT symbol, name, atomic_number, is_rare_earth, ree_group, source_id FROM element",
        ):
            kb.elements[row["symbol"]] = row
        for row in _rows(store, "SELECT id, name, kind FROM commodity"):
            kb.commodities[row["id"]] = row
            kb.commodity_names[row["name"].lower()] = row["id"]
            kb.commodity_names[row["id"].lower()] = row["id"]
        for row in _rows(
            store, "SELECT alias, commodity_id, is_misnomer, note FROM commodity_alias"
        ):
            alias = row["alias"].lower()
            if row["is_misnomer"]:
                kb.misnomers[alias] = (row["commodity_id"], row["note"] or "")
            else:
                kb.commodity_names.setdefault(alias, row["commodity_id"])
        for row in _rows(store, "SELECT iso3, name FROM country"):
            kb.countries[row["iso3"]] = row["name"]
            kb.country_aliases.setdefault(row["name"], (row["iso3"], "name"))
        for row in _rows(store, "SELECT alias, iso3 FROM country_alias"):
            kb.country_aliases.setdefault(row["alias"], (row["iso3"], "alias"))
        for row in _rows(store, "SELECT * FROM source"):
            kb.sources[row["id"]] = row
        placeholders = ", ".join("?" for _ in CHECKED_MEASURES)
        kb.observations = _rows(
            store,
            "SELECT commodity_id, iso3, area_kind, area_name, measure, detail, data_year, value, "
            "unit, basis, qualifier, source_id, edition, row_ref FROM observation "
            f"WHERE measure IN ({placeholders})",
            list(CHECKED_MEASURES),
        )
        editions: dict[str, set[int]] = {}
        for obs in kb.observations:
            if obs["edition"] is not None:
                editions.setdefault(obs["commodity_id"], set()).add(int(obs["edition"]))
        kb.editions = {k: sorted(v) for k, v in editions.items()}
        return kb

    @classmethod
    def bundled(cls) -> KnowledgeBase:
        """The gazetteers shipped with assay, without any store content."""
        import pycountry

        kb = cls()
        for c in pycountry.countries:
            kb.countries.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
            for attr in ("name", "common_name"):
                name = getattr(c, attr, None)
                if name and "," not in name:
                    kb.country_aliases.setdefault(name, (c.alpha_3, "name"))
        for row in read_reference_csv("news_country_aliases.csv"):
            kb.country_aliases[row["alias"]] = (row["iso3"], row["kind"])
        for row in read_reference_csv("news_regions.csv"):
            aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            kb.regions.append({**row, "aliases": sorted({row["name"], *aliases})})
        for row in read_reference_csv("news_actors.csv"):
            # one row per alias and office: the first row of an alias names the person
            kb.actors.setdefault(row["alias"], row)
            kb.offices.append(row)
        for row in read_reference_csv("news_terms.csv"):
            kb.terms[row["term"].lower()] = row
        for row in read_reference_csv("news_number_words.csv"):
            kb.numbers[row["word"].lower()] = (row["kind"], float(row["value"]))
        kb.event_patterns = read_reference_csv("news_event_patterns.csv")
        for row in read_reference_csv("news_critical_minerals.csv"):
            kb.critical.setdefault(row["list"], {})[row["name"]] = row["source"]
        for row in read_reference_csv("news_events_kb.csv"):
            kb.official_events.append(
                {
                    **row,
                    "actors": _split(row["actors"]),
                    "targets": _split(row["targets"]),
                    "items": [i.lower() for i in _split(row["items"])],
                    "modifies": _split(row["modifies"]),
                    # what the measure covers: 'goods' (the items themselves), 'technology'
                    # (know-how and equipment for them) or both; empty for agreements, offers
                    "scope": _split(row.get("scope") or ""),
                    "source_ids": _split(row["source_ids"]),
                    "secondary": row["secondary"] == "true",
                }
            )
        for row in read_reference_csv("sources_events.csv"):
            kb.sources.setdefault(row["id"], row)
        return kb

    def __getstate__(self) -> dict[str, Any]:
        # the compiled lexicon is rebuilt where it is needed (e.g. on a Dask worker); the
        # store connection stays in this process (stage figures travel in _stage_cache)
        return {k: v for k, v in self.__dict__.items() if k not in ("_lexicon", "_store")}

    # -- supply-chain stages (assay.analyses.chain) -------------------------------------
    def attach_store(self, store: Any) -> None:
        """Let stage look-ups (:meth:`stage_figure`) query ``store`` through
        :mod:`assay.analyses.chain`; not pickled."""
        self.__dict__["_store"] = store

    def stage_names(self, commodity_id: str) -> list[str]:
        """The supply-chain stages of a commodity (``chain.STAGES``, else
        :data:`DEFAULT_STAGES`)."""
        try:
            from assay.analyses import chain

            stages = getattr(chain, "STAGES", None) or DEFAULT_STAGES
        except ImportError:
            stages = DEFAULT_STAGES
        return list(stages.get(commodity_id, []))

    def prefill_stages(self) -> int:
        """Look up every stage figure a claim may need (each stage of each modelled
        commodity, for the world and each country with statistics of it), so that a copy
        shipped to Dask workers, which have no store, checks stage claims as this process
        does. Returns the number of figures found."""
        if self.__dict__.get("_store") is None:
            return 0
        try:
            from assay.analyses import chain

            commodities = list(getattr(chain, "STAGES", DEFAULT_STAGES))
        except ImportError:
            commodities = list(DEFAULT_STAGES)
        found = 0
        for cid in commodities:
            for stage, named in self._stage_countries(cid).items():
                if stage == "mining":
                    continue  # mine production is checked against the MCS observations
                for iso3 in [None, *sorted(named)]:
                    for year in [None, *self._stage_years(cid, stage)]:
                        found += self.stage_figure(cid, stage, iso3, year) is not None
        return found

    def _stage_years(self, commodity_id: str, stage: str) -> list[int]:
        """The years of the stage's cited tables (primary and alternatives), ascending."""
        self._stage_countries(commodity_id)
        return self.__dict__.setdefault("_stage_table_years", {}).get((commodity_id, stage), [])

    def _stage_countries(self, commodity_id: str) -> dict[str, set[str]]:
        """stage -> countries named by any of its cited tables (``chain.chain_view``), so
        that countries no table names are answered without a query (stage_share returns
        None for them)."""
        known = self.__dict__.setdefault("_stage_named", {})
        if commodity_id in known:
            return known[commodity_id]
        named: dict[str, set[str]] = {}
        store = self.__dict__.get("_store")
        if store is not None:
            try:
                from assay.analyses import chain

                view = chain.chain_view(store, commodity_id)
                years = self.__dict__.setdefault("_stage_table_years", {})
                for st in view.get("stages", []):
                    tables = [st, *(st.get("alternatives") or [])]
                    named[st["stage"]] = {
                        r["iso3"] for t in tables for r in t.get("rows") or [] if r.get("iso3")
                    }
                    years[(commodity_id, st["stage"])] = sorted(
                        {int(t["year"]) for t in tables if t.get("year") is not None}
                    )
            except Exception:  # no chain module, no stage data, or not a modelled commodity
                named = {}
        known[commodity_id] = named
        return named

    def stage_figure(
        self, commodity_id: str, stage: str, iso3: str | None, year: int | None = None
    ) -> dict[str, Any] | None:
        """A country's share of a stage (``chain.stage_share``), or the world total of the
        stage when ``iso3`` is None (``chain.stage_world_total``); None when the chain
        module or its data is absent. Results are cached (and shipped to Dask workers).

        With ``year`` [calendar year], the figure of the latest table of that year or
        before: the year is first mapped to the latest table year <= it (so the cache
        holds one entry per table year, all prefilled), and None when every table is later.
        """
        cache = self.__dict__.setdefault("_stage_cache", {})
        if year is not None:
            held = self._stage_years(commodity_id, stage)
            if held:
                earlier = [y for y in held if y <= year]
                if not earlier:
                    return None
                year = earlier[-1]
        key = (commodity_id, stage, iso3, year)
        if key in cache:
            return cache[key]
        store = self.__dict__.get("_store")
        out = None
        named = self._stage_countries(commodity_id) if store is not None else {}
        if named and iso3 is not None and iso3 not in named.get(stage, set()):
            cache[key] = None  # no cited table of the stage names the country
            return None
        if store is not None:
            try:
                from assay.analyses import chain

                if year is None:  # the latest figure
                    out = (
                        chain.stage_world_total(store, commodity_id, stage)
                        if iso3 is None
                        else chain.stage_share(store, commodity_id, stage, iso3)
                    )
                elif iso3 is None:
                    out = chain.stage_world_total(store, commodity_id, stage, year, not_after=True)
                else:
                    out = chain.stage_share(store, commodity_id, stage, iso3, year, not_after=True)
            except Exception:  # module absent or still being built, table missing
                out = None
        cache[key] = out
        return out

    # -- look-ups -------------------------------------------------------------------------
    def country_name(self, iso3: str | None) -> str | None:
        return self.countries.get(iso3) if iso3 else None

    def rare_earth_symbols(self) -> set[str]:
        return {s for s, e in self.elements.items() if e.get("is_rare_earth")}

    def element_by_name(self, name: str) -> dict[str, Any] | None:
        low = name.lower()
        for e in self.elements.values():
            if e["name"].lower() == low:
                return e
        return None

    def resolve_commodity(self, name: str) -> str | None:
        """Commodity id for a name, alias or id (case-insensitive), or None."""
        low = name.lower().strip()
        if low in self.commodity_names:
            return self.commodity_names[low]
        term = self.terms.get(low)
        if term and term["ref"] in self.commodities:
            return term["ref"]
        if term and term["kind"] == "group" and term["ref"] == "rare-earths":
            return "rare-earths" if "rare-earths" in self.commodities else None
        return None

    def editions_for(self, commodity_id: str) -> list[int]:
        return self.editions.get(commodity_id, [])


@functools.lru_cache(maxsize=1)
def release_dates() -> dict[int, date]:
    """Known release dates of USGS MCS editions (``news_edition_releases.csv``)."""
    return {
        int(r["edition"]): date.fromisoformat(r["released"])
        for r in read_reference_csv("news_edition_releases.csv")
    }


def current_edition(
    editions: list[int], on: date | None, releases: dict[int, date] | None = None
) -> int | None:
    """The annual edition current on a date.

    USGS Mineral Commodity Summaries appear at the end of January or early in February
    (MCS 2024 on 31 January 2024, the MCS 2026 data release on 6 February 2026). An
    edition counts as published on its known release date (``releases``), else on
    1 February of its year. The latest edition the store holds that was published on or
    before ``on`` is returned; with no date, the latest edition.

    Parameters
    ----------
    editions : list of int
        Editions available.
    on : datetime.date or None
        Publication date of the article.
    releases : dict, optional
        edition -> release date; defaults to :func:`release_dates`.
    """
    if not editions:
        return None
    if on is None:
        return max(editions)
    known = release_dates() if releases is None else releases
    published = [e for e in editions if known.get(e, date(e, 2, 1)) <= on]
    return max(published) if published else None
