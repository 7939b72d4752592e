"""The Python API: every ``assay`` command that reads data, as a function for notebooks.

Each function accepts what the command line accepts (commodity, country and element names,
aliases and ISO codes, site ids and names, the same files) through the same resolvers, and
returns a :class:`Result`: ``to_dict()`` is the command's ``--json`` object and
``to_frame()`` its main table as a pandas DataFrame (a GeoDataFrame for sites and tracts).
Every frame carries its provenance: source id columns, and ``frame.attrs`` with
``sources`` (source ids), ``edition`` and ``unit`` where they apply.

Unknown names and bad input raise :class:`AssayError` (a ``ValueError``) with the closest
known names in ``suggestions`` where the resolvers give them.

The functions call the analyses the commands call; nothing here computes a number::

    >>> from assay import api
    >>> api.commodity("REE").to_frame()            # world reserves and production
    >>> api.sites(country="Ukraine", commodity="rare earths").to_frame()  # GeoDataFrame

``db`` is a store path (default ``$ASSAY_DB``, else the per-user store) or an open
:class:`assay.store.Store`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from assay.tables import plain

__all__ = [
    "AssayError",
    "Result",
    "aggregate",
    "assess",
    "assess_batch",
    "audit",
    "case",
    "chain",
    "chain_shock",
    "commodity",
    "country",
    "deal",
    "deposit_density",
    "econ",
    "element",
    "history",
    "news_check",
    "prospect_weights",
    "risk",
    "risk_all",
    "shock",
    "site",
    "sites",
    "sources",
    "trade",
    "tracts",
    "world_table",
]


class AssayError(ValueError):
    """Bad input to an API function: an unknown name, a missing or malformed file.

    Attributes
    ----------
    suggestions : list of str
        The closest known names (may be empty).
    kind : str or None
        What was not found ('commodity', 'country', 'element', 'site'), where known.
    """

    def __init__(
        self, message: str, suggestions: Sequence[str] = (), kind: str | None = None
    ) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions)
        self.kind = kind


@dataclass
class Result:
    """What a command returns: its JSON object and its main table.

    Attributes
    ----------
    command : str
        The ``assay`` command this mirrors (``"commodity"``, ``"sites"``...).
    data : dict
        The command's ``--json`` object, as the analysis returned it.
    """

    command: str
    data: dict[str, Any]
    _frame: pd.DataFrame = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` object of the command, as plain JSON values."""
        return plain(self.data)

    def to_frame(self) -> pd.DataFrame:
        """The main table (a copy; ``attrs`` holds ``sources``, ``edition``, ``unit``)."""
        frame = self._frame.copy()
        frame.attrs = json.loads(json.dumps(self._frame.attrs))
        return frame


# -- helpers ---------------------------------------------------------------------------------
def _first_line(exc: BaseException) -> str:
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    text = text.strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the analyses' bad-input errors into :class:`AssayError` (one line, suggestions)."""
    try:
        yield
    except AssayError:
        raise
    except FileNotFoundError as exc:
        raise AssayError(f"{exc.filename or _first_line(exc)}: no such file or folder") from exc
    except (ValueError, KeyError) as exc:
        raise AssayError(
            _first_line(exc), getattr(exc, "suggestions", ()), getattr(exc, "kind", None)
        ) from exc


@contextlib.contextmanager
def _reading(db: Any) -> Iterator[Any]:
    """An open store for a view: ``db`` itself when it is one, else opened read-only."""
    from assay.store import Store, default_db_path
    from assay.store.db import open_reader

    if isinstance(db, Store):
        yield db
        return
    path = default_db_path(db)
    if not path.exists():
        raise AssayError(f"no assay store at {path}; build one with `assay build` (or pass db=)")
    try:
        store = open_reader(path)
    except OSError as exc:
        raise AssayError(str(exc)) from exc
    try:
        yield store
    finally:
        store.close()


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """One record with scalar cells: a cited ``source`` (any dict with an ``id``) becomes
    ``<key>_id``; a location its ``lon``/``lat``; other dicts one level of ``<key>_<field>``
    columns; lists of scalars ``; ``-joined text; anything deeper JSON text."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            if "id" in value and _scalar(value["id"]):
                out[f"{key}_id"] = value["id"]
            elif "lon" in value and "lat" in value:
                out["lon"], out["lat"] = value["lon"], value["lat"]
            else:
                # sorted: the analyses may build these dicts from sets (HS codes of a partner)
                for sub, item in sorted(value.items(), key=lambda kv: str(kv[0])):
                    out[f"{key}_{sub}"] = item if _scalar(item) else json.dumps(plain(item))
        elif isinstance(value, (list, tuple)):
            if all(_scalar(v) for v in value):
                out[key] = "; ".join("" if v is None else str(v) for v in value)
            else:
                out[key] = json.dumps(plain(value), ensure_ascii=False)
        else:
            out[key] = value
    return out


def _frame(
    rows: list[dict[str, Any]],
    command: str,
    *,
    sources: Sequence[str] | None = None,
    edition: Any = None,
    unit: Any = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A flat DataFrame of records with its provenance in ``attrs``."""
    flat = [_flat(r) for r in rows]
    frame = pd.DataFrame(flat, columns=list(columns) if columns is not None else None)
    if sources is None:
        found: list[str] = []
        for column in frame.columns:
            if column == "source_id" or column.endswith("_source_id"):
                found += [str(v) for v in frame[column].dropna().unique()]
        sources = found
    frame.attrs = plain(
        {
            "command": command,
            "sources": sorted({str(s) for s in sources if s}),
            "edition": edition,
            "unit": unit,
        }
    )
    return frame


def _units(rows: list[dict[str, Any]]) -> Any:
    units = sorted({r["unit"] for r in rows if r.get("unit")})
    return units[0] if len(units) == 1 else (units or None)


# -- world statistics ------------------------------------------------------------------------
def commodity(name: str, edition: int | None = None, *, db: Any = None) -> Result:
    """World reserves and production of a commodity (``assay commodity``).

    Parameters
    ----------
    name : str
        Commodity name, alias or MCS code ("rare earths", "REE", "raree").
    edition : int, optional
        MCS edition (publication year); default the latest.
    db : path or Store, optional

    Returns
    -------
    Result
        ``to_frame()``: one row per country (and 'Other countries', 'World total') of every
        published table: ``measure``, ``detail``, ``sub_table``, ``data_year``, ``rank``,
        ``iso3``, ``country``, ``value`` [unit of the row], ``unit``, ``basis``,
        ``qualifier``, ``share`` [% of the share basis], ``source_id``.
    """
    from assay.analyses.statistics import commodity_view

    with _user_errors(), _reading(db) as store:
        view = commodity_view(store, name, edition)
    rows: list[dict[str, Any]] = []
    tables = list(view["measures"].values()) + list(view.get("other_tables") or [])
    for table in tables:
        for row in list(table["rows"]) + [t for t in (table.get("other"), table.get("world")) if t]:
            rows.append({"measure": table["measure"], "table_detail": table.get("detail"), **row})
    return Result(
        "commodity",
        view,
        _frame(rows, "commodity", edition=view["edition"], unit=_units(rows)),
    )


def world_table(
    name: str,
    measure: str,
    edition: int | None = None,
    *,
    detail: str | None = None,
    data_year: int | None = None,
    db: Any = None,
) -> pd.DataFrame:
    """One published world table with shares and ranks, as a DataFrame.

    Parameters
    ----------
    name : str
        Commodity name, alias or MCS code.
    measure : str
        'reserves', 'mine_production', 'refinery_production', ...
    edition : int, optional
        MCS edition; default the latest the store holds for the commodity.
    detail, data_year : optional
        As :func:`assay.analyses.statistics.world_table`.

    Returns
    -------
    pandas.DataFrame
        ``iso3, country, value [unit], unit, basis, qualifier, share [%], rank, source_id``...
        An unknown commodity raises :class:`AssayError`; a measure the edition does not
        publish gives an empty frame with the same columns.
    """
    from assay.analyses.statistics import commodity_view
    from assay.analyses.statistics import world_table as table_of

    with _user_errors(), _reading(db) as store:
        if edition is None:  # the same default edition as `assay commodity`
            edition = commodity_view(store, name)["edition"]
        frame = table_of(store, name, measure, edition, detail=detail, data_year=data_year)
    rows = frame.to_dict("records")
    attrs = dict(frame.attrs)
    frame.attrs = {
        **plain(attrs),
        **_frame(rows, "world_table", edition=edition, unit=_units(rows)).attrs,
    }
    return frame


def history(
    name: str,
    measure: str,
    *,
    country: str | None = None,
    sub_table: str | None = None,
    db: Any = None,
) -> Result:
    """One series across MCS editions, per country (``assay history``).

    Parameters
    ----------
    name : str
        Commodity name, alias or code.
    measure : str
        'reserves', 'mine_production' (also 'production', 'refinery', 'nir' as the CLI).
    country : str, optional
        Only this country (name or ISO code).
    sub_table : str, optional
        The published sub-table ('rutile'); default the main table.

    Returns
    -------
    Result
        ``to_frame()``: one row per country (and world total) and edition: ``iso3``,
        ``country``, ``edition``, ``data_year``, ``value`` [unit], ``unit``, ``basis``,
        ``qualifier``, ``share`` [%], ``rank``, ``source_id``.
    """
    from assay.analyses.statistics import history_view, measure_key

    with _user_errors(), _reading(db) as store:
        view = history_view(store, name, measure_key(measure), country, sub_table)
    rows = [item for items in view["series"].values() for item in items]
    rows += list(view.get("world") or [])
    return Result(
        "history",
        view,
        _frame(rows, "history", edition=view.get("editions"), unit=view.get("unit")),
    )


def country(name: str, *, db: Any = None) -> Result:
    """Every commodity the store has for a country (``assay country``).

    Parameters
    ----------
    name : str
        Country name, alias or ISO code ("Burma", "MMR", "mm").

    Returns
    -------
    Result
        ``to_frame()``: one row per commodity, measure and edition: ``commodity_id``,
        ``commodity``, ``measure``, ``edition``, ``data_year``, ``sub_table``, ``value``
        [unit], ``unit``, ``basis``, ``qualifier``, ``share`` [%], ``rank``, ``of``,
        ``source_id``. ``data['sites']`` and ``data['news_claims']`` hold the rest.
    """
    from assay.analyses.statistics import country_view

    with _user_errors(), _reading(db) as store:
        view = country_view(store, name)
    rows = [
        {"commodity_id": c["id"], "commodity": c["name"], "measure": measure, **item}
        for c in view["commodities"]
        for measure, items in c["measures"].items()
        for item in items
    ]
    editions = sorted({r["edition"] for r in rows})
    return Result("country", view, _frame(rows, "country", edition=editions, unit=_units(rows)))


def element(name: str, *, db: Any = None) -> Result:
    """An element: atomic number and weight, rare-earth membership, oxide (``assay element``).

    Returns
    -------
    Result
        ``to_frame()``: one row: ``symbol``, ``name``, ``atomic_number``,
        ``atomic_weight`` [g/mol], ``is_rare_earth``, ``groups``, ``oxide_formula``,
        ``oxide_factor`` [oxide mass per element mass], ``commodities``, ``source_ids``.
    """
    from assay.analyses.statistics import element_view

    with _user_errors(), _reading(db) as store:
        view = element_view(store, name)
    ids = [s["id"] for s in view["sources"]]
    row = {k: v for k, v in view.items() if k not in ("sources", "commodities")}
    row["commodities"] = [c["id"] for c in view["commodities"]]
    row["source_ids"] = ids
    return Result("element", view, _frame([row], "element", sources=ids, unit="g/mol"))


def sources(*, db: Any = None) -> Result:
    """What the store holds, per source and edition (``assay sources``).

    Returns
    -------
    Result
        ``to_frame()``: one row per source: ``id``, ``publisher``, ``title``, ``edition``,
        ``year``, ``table``, ``doi``, ``url``, ``retrieved``, ``kind``, ``observations``
        [rows in the store]...
    """
    from assay.analyses.statistics import sources_view

    with _user_errors(), _reading(db) as store:
        view = sources_view(store)
    rows = view["sources"]
    return Result("sources", view, _frame(rows, "sources", sources=[r["id"] for r in rows]))


# -- sites -----------------------------------------------------------------------------------
def sites(
    country: str | None = None,
    *,
    region: str | None = None,
    commodity: str | None = None,
    deposit_type: str | None = None,
    min_confidence: str | None = None,
    db: Any = None,
) -> Result:
    """Linked mineral sites (``assay sites``).

    Parameters
    ----------
    country : str, optional
        Country name, alias or ISO code.
    region : str, optional
        Admin-1 region: name, alias, transliteration or ISO 3166-2 code.
    commodity : str, optional
        Commodity name or alias ("rare earths").
    deposit_type : str, optional
        Part of a deposit type's name.
    min_confidence : str, optional
        'speculative' ... 'measured', or SYSTEM:CATEGORY ('GKZ:C1').

    Returns
    -------
    Result
        ``to_frame()``: a GeoDataFrame (EPSG:4326), one row per site (the columns of
        ``assay sites --gpkg``) plus ``source_ids``; a site without a location has an
        empty geometry.
    """
    from assay.analyses.sites import sites_view
    from assay.reports.geo import sites_frame

    with _user_errors(), _reading(db) as store:
        view = sites_view(store, country, region, commodity, deposit_type, min_confidence)
    frame = sites_frame(view)
    frame["source_ids"] = [
        "; ".join(sorted({r["source"]["id"] for r in s["sources"] if r["source"].get("id")}))
        for s in view["sites"]
    ]
    ids = {i for cell in frame["source_ids"] for i in cell.split("; ") if i}
    frame.attrs = _frame([], "sites", sources=sorted(ids)).attrs
    frame.attrs["crs"] = "EPSG:4326"
    return Result("sites", view, frame)


def site(name_or_id: str, *, db: Any = None) -> Result:
    """One site with its linked records and estimates (``assay site``).

    Parameters
    ----------
    name_or_id : str
        Site id (``S...``), record id (``dataset:id``) or name.

    Returns
    -------
    Result
        ``to_frame()``: one row per resource estimate of the matched sites: ``site_id``,
        ``site``, ``system``, ``category``, ``ladder``, ``ore_t`` [t], ``grade_percent``
        [wt %], ``contained_t`` [t], ``source_id``, ``page``...
    """
    from assay.analyses.sites import site_view

    if len(str(name_or_id).strip()) < 2:  # as the CLI: a blank name matched unrelated sites
        raise AssayError(
            f"site {name_or_id!r}: give a site id, record id or name (2 characters or more)"
        )
    with _user_errors(), _reading(db) as store:
        view = site_view(store, name_or_id)
    rows = [
        {"site_id": s["id"], "site": s["name"], **{k: v for k, v in e.items() if k != "units"}}
        for s in view["sites"]
        for e in s["estimates"]
    ]
    return Result("site", view, _frame(rows, "site", unit={"ore_t": "t", "contained_t": "t"}))


# -- risk, chain, trade ----------------------------------------------------------------------
def risk(name: str, edition: int | None = None, *, db: Any = None) -> Result:
    """Concentration, U.S. import dependence and supply-risk scores (``assay risk NAME``).

    Returns
    -------
    Result
        ``to_frame()``: the leading producers of the table the risk is measured on
        (``data['top_measure']``): ``rank``, ``iso3``, ``country``, ``value`` [unit],
        ``unit``, ``basis``, ``qualifier``, ``share`` [%], ``source_id``.
    """
    from assay.analyses.risk import risk_view

    with _user_errors(), _reading(db) as store:
        view = risk_view(store, name, edition)
    rows = [{"measure": view.get("top_measure"), **r} for r in view.get("top") or []]
    sources_ = sorted(set(view.get("sources") or {}) | {r.get("source_id") for r in rows} - {None})
    return Result(
        "risk",
        view,
        _frame(rows, "risk", sources=sources_, edition=view.get("edition"), unit=_units(rows)),
    )


def risk_all(edition: int | None = None, *, db: Any = None) -> Result:
    """A supply-risk ranking of every commodity (``assay risk --all``).

    Returns
    -------
    Result
        ``to_frame()``: one row per commodity: ``rank``, ``commodity``, ``edition``,
        ``stage``, ``hhi`` [0-10,000], ``top_producer``, ``top1_share`` [%],
        ``china_share`` [%], ``us_net_import_reliance`` [%], ``eu_crm``, ``usgs_2021``,
        ``geopolrisk``. Each row's sources are those of ``risk(commodity)``.
    """
    from assay.analyses.risk import risk_all as ranking

    with _user_errors(), _reading(db) as store:
        view = ranking(store, edition)
    rows = view["commodities"]
    editions = sorted({r["edition"] for r in rows if r.get("edition")})
    return Result("risk", view, _frame(rows, "risk --all", edition=editions, unit="%"))


def chain(name: str, year: int | None = None, *, compare: bool = False, db: Any = None) -> Result:
    """Supply-chain stages of a commodity (``assay chain``; ``compare=True``: ``--compare``).

    Returns
    -------
    Result
        ``to_frame()``: one row per stage and country: ``stage``, ``year``, ``unit``,
        ``basis``, ``iso3``, ``country``, ``value`` [unit], ``share`` [fraction 0-1],
        ``source_id``, ``page``. With ``compare``: one row per country: ``usgs`` and
        ``wmd`` [t], ``diff``, ``rel_diff``, ``flagged``, ``usgs_source_id``,
        ``wmd_source_id``.
    """
    from assay.analyses.chain import chain_view, compare_production

    with _user_errors(), _reading(db) as store:
        view = (compare_production if compare else chain_view)(store, name, year)
    if compare:  # columns usgs and wmd [unit of each side], with each side's source id
        cited = {side: ((view.get(side) or {}).get("source") or {}).get("id") for side in
                 ("usgs", "wmd")}  # fmt: skip
        rows = [
            {"year": view.get("year"), **r, "usgs_source_id": cited["usgs"],
             "wmd_source_id": cited["wmd"]}
            for r in view.get("rows") or []
        ]  # fmt: skip
        units = {side: (view.get(side) or {}).get("unit") for side in ("usgs", "wmd")}
        return Result(
            "chain", view, _frame(rows, "chain --compare", edition=view.get("year"), unit=units)
        )
    rows = []
    for st in view["stages"]:
        if st.get("status") != "ok":
            continue
        for r in st["rows"]:
            rows.append(
                {"stage": st["stage"], "year": st["year"], "basis": st.get("basis"),
                 **{k: v for k, v in r.items() if k != "source"},
                 "source_id": r.get("source_id") or (st.get("source") or {}).get("id")}
            )  # fmt: skip
    return Result("chain", view, _frame(rows, "chain", unit=_units(rows)))


def shock(
    name: str,
    remove: str | Sequence[str] = (),
    *,
    cap: dict[str, float] | None = None,
    add: dict[str, float] | None = None,
    measure: str = "mine_production",
    edition: int | None = None,
    db: Any = None,
) -> Result:
    """What if a producer stops, is capped, or a new one starts (``assay shock``).

    Parameters
    ----------
    name : str
        Commodity name or alias.
    remove : str or list of str
        Producers to remove (names or ISO codes).
    cap, add : dict, optional
        Country -> maximum output / extra output [unit of the table].
    measure : str
        'mine_production', 'refinery_production', 'reserves' or a user stage table.

    Returns
    -------
    Result
        ``to_frame()``: one row per producer: ``iso3``, ``country``, ``before``,
        ``after``, ``change`` [unit], ``share_before``, ``share_after`` [%], ``source_id``.
    """
    from assay.analyses.risk import shock_view

    removes = [remove] if isinstance(remove, str) else list(remove)
    if not (removes or cap or add):
        raise AssayError("nothing to change: give remove, cap or add")
    with _user_errors(), _reading(db) as store:
        view = shock_view(store, name, removes, dict(cap or {}), dict(add or {}), measure, edition)
    ids = list(view.get("source_ids") or [])
    rows = [
        {**r, "unit": view.get("unit"), "basis": view.get("basis"),
         "source_id": ids[0] if len(ids) == 1 else "; ".join(ids)}
        for r in view["producers"]
    ]  # fmt: skip
    return Result(
        "shock",
        view,
        _frame(rows, "shock", sources=ids, edition=view.get("edition"), unit=view.get("unit")),
    )


def chain_shock(
    name: str, stage: str, remove: str = "CHN", year: int | None = None, *, db: Any = None
) -> Result:
    """If a country stops processing a stage: stranded concentrate (``assay chain-shock``).

    Returns
    -------
    Result
        ``to_frame()``: one row per mining country: ``iso3``, ``country``,
        ``mine_output_t`` [t], ``share_of_feed_to_removed`` [fraction], ``stranded_t`` [t],
        ``mining_source_id``, ``feed_source_id``.
    """
    from assay.analyses.chain import chain_shock_view

    with _user_errors(), _reading(db) as store:
        view = chain_shock_view(store, name, stage, remove, year)
    mining = ((view.get("mining") or {}).get("source") or {}).get("id")
    feed = (view.get("feed") or {}).get("source_id")
    rows = [{**r, "mining_source_id": mining, "feed_source_id": feed} for r in view["rows"]]
    stage_source = (view.get("stage_share_source") or {}).get("id")
    return Result(
        "chain-shock",
        view,
        _frame(rows, "chain-shock", sources=[mining, feed, stage_source], unit="t"),
    )


def trade(
    name: str,
    importer: str,
    year: int | None = None,
    *,
    stage: str | None = None,
    db: Any = None,
) -> Result:
    """Import partners of a country or the EU27 (``assay trade``, CEPII BACI).

    Returns
    -------
    Result
        ``to_frame()``: one row per partner: ``iso3``, ``country``, ``value_kusd``
        [thousand USD], ``quantity_t`` [t], ``share`` [fraction of import value],
        ``year``, ``source_id``.
    """
    from assay.analyses.trade import trade_view

    with _user_errors(), _reading(db) as store:
        view = trade_view(store, name, importer, year, stage)
    source_id = (view.get("source") or {}).get("id")
    rows = [
        {**p, "year": view["year"], "importer": view["importer"], "source_id": source_id}
        for p in view["partners"]
    ]
    return Result(
        "trade",
        view,
        _frame(rows, "trade", edition=view["year"], unit={"value": "kUSD", "quantity": "t"}),
    )


def audit(severity: str | None = None, *, db: Any = None) -> Result:
    """The plausibility audit's flags (``assay audit``).

    Parameters
    ----------
    severity : {'high', 'medium', 'low'}, optional
        Only flags of this severity.

    Returns
    -------
    Result
        ``to_frame()``: one row per flag: ``id``, ``severity``, ``kind``, ``evidence``,
        ``suggested_fix``, ``series_*`` (the flagged series, ``series_source_id``),
        ``correction_id``, ``reason``, ``resolved``.
    """
    from assay.analyses.audit import public_flags, run_audit

    if severity is not None and severity not in ("high", "medium", "low"):
        raise AssayError(f"severity {severity!r}: use high, medium or low")
    with _user_errors(), _reading(db) as store:
        result = public_flags(run_audit(store))
    if severity is not None:
        result["flags"] = [f for f in result["flags"] if f["severity"] == severity]
    return Result("audit", result, _frame(result["flags"], "audit"))


def case(
    country: str,
    commodity: str | None = None,
    *,
    tract: str | Path | None = None,
    claims: Sequence[str] = (),
    db: Any = None,
) -> Result:
    """The case dossier of a country (``assay case``).

    Returns
    -------
    Result
        ``to_frame()``: the known deposits: ``name``, ``deposit_id``, ``site_id``,
        ``region``, ``status``, ``deposit_type``, ``lon``/``lat`` [degrees],
        ``source_id``, ``secondary``...; worth, undiscovered, headlines and deal are in
        ``data``.
    """
    from assay.analyses.case import case_dossier

    if tract is not None and not Path(tract).is_file():
        raise AssayError(f"tract {tract}: file not found")
    with _user_errors(), _reading(db) as store:
        data = case_dossier(
            store, country, commodity, tract=Path(tract) if tract else None, claims=list(claims)
        )
    rows = data["known"]["deposits"]
    return Result("case", data, _frame(rows, "case", unit="t"))


# -- assessments and economics (files, no store) ---------------------------------------------
def assess(
    spec: str | Path | None = None,
    *,
    gatm: str | Path | None = None,
    tm: str | Path | None = None,
    estimates: str | Path | None = None,
    pmf: str | None = None,
    pdf: str | None = None,
    truncate: bool | None = None,
    joint: bool | None = None,
    draws: int | None = None,
    seed: int | None = None,
    max_deposits: int | None = None,
    name: str | None = None,
    econ: str | Path | None = None,
    econ_values: str | Path | None = None,
    econ_recoveries: str | Path | None = None,
    workers: int = 1,
) -> Result:
    """Assess one tract: pmf, tonnage and grade pdfs, simulation (``assay assess``).

    Parameters
    ----------
    spec : path, optional
        Tract spec (YAML or TOML); the keyword arguments override it, as the options do.
    gatm, tm, estimates : path, optional
        Grade-and-tonnage model, tonnage model and deposit-number estimates CSVs.
    pmf, pdf, truncate, joint, draws, seed, max_deposits, name
        As the options of ``assay assess``.
    econ, econ_values, econ_recoveries : path, optional
        RAEF preset (and overrides): run the economic filter on the deposits.
    workers : int
        Threads of the simulation; the numbers do not depend on it.

    Returns
    -------
    Result
        ``to_frame()``: one row per material: ``material``, ``mean`` [t], ``sd`` [t],
        ``p_zero``, ``p_exceed_mean``, ``analytic_mean`` [t], ``analytic_sd`` [t] and one
        ``q_<p>`` column per quantile [t].
    """
    from assay.analyses.assessment import assess_tract, economic_filter
    from assay.importers.mapmark4 import tract_spec_with_options

    with _user_errors():
        tract = tract_spec_with_options(
            spec, gatm=gatm, tm=tm, estimates=estimates, pmf=pmf, pdf=pdf, truncate=truncate,
            joint=joint, draws=draws, seed=seed, max_deposits=max_deposits, name=name, econ=econ,
        )  # fmt: skip
        # the deposits only for the economic filter (as the command: their scatter costs)
        result = assess_tract(tract, keep_deposits=tract.econ is not None, workers=workers)
        out = result.to_dict()
        if tract.econ is not None:
            out["econ"] = economic_filter(
                result,
                tract.econ,
                Path(econ_values) if econ_values else None,
                Path(econ_recoveries) if econ_recoveries else None,
                seed=tract.seed,
            )
    return Result("assess", out, _totals_frame(out, "assess"))


def _totals_frame(out: dict[str, Any], command: str) -> pd.DataFrame:
    rows = []
    for material, stats in out["totals"].items():
        row: dict[str, Any] = {"tract": out.get("tract"), "material": material}
        row.update({k: v for k, v in stats.items() if k != "quantiles"})
        row.update({f"q_{q}": v for q, v in stats["quantiles"].items()})
        rows.append(row)
    return _frame(rows, command, sources=[out.get("source")], unit="t")


def assess_batch(
    batch: str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    serial: bool = False,
    workers: int = 2,
    address: str | None = None,
) -> Result:
    """Assess many tracts with per-tract seeds from one root seed (``assay assess-batch``).

    Parameters
    ----------
    batch : path
        Batch file: ``seed``, ``draws``, ``tracts`` (YAML or TOML).
    draws, seed : int, optional
        Override the file's simulations per tract and root seed.
    serial : bool
        Run in this process, without Dask (the same numbers).

    Returns
    -------
    Result
        ``to_frame()``: one row per tract and material: ``tract``, ``material``,
        ``mean`` [t], ``sd`` [t], ``p_zero``, ``q_<p>`` [t]...
    """
    from assay.analyses.assessment import assess_tracts, check_batch_options
    from assay.analyses.manifest import build_manifest
    from assay.importers.mapmark4 import read_batch_spec

    with _user_errors():
        spec = read_batch_spec(batch)
        root = spec.seed if seed is None else seed
        check_batch_options(draws, workers)
        results = assess_tracts(
            spec.tracts,
            root,
            draws=draws if draws is not None else spec.draws,
            address=address,
            n_workers=workers,
            scheduler="serial" if serial else "dask",
            progress=False,
        )
    manifest = build_manifest(
        "assess-batch",
        inputs={"batch": Path(batch)},
        parameters={
            "draws": draws if draws is not None else spec.draws,
            "scheduler": "serial" if serial else "dask",
            "workers": workers,
            "tracts": len(results),
        },
        seed=root,
    )
    out = {"seed": root, "tracts": results, "manifest": manifest}
    frames = [_totals_frame(r, "assess-batch") for r in results]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    frame.attrs = frames[0].attrs if frames else {}
    return Result("assess-batch", out, frame)


def aggregate(
    source: str | Path,
    *,
    correlation: float | Any = 0.0,
    draws: int | None = None,
    seed: int | None = None,
    serial: bool = False,
    workers: int = 2,
) -> Result:
    """Regional totals of many tracts: independent, rank-correlated, fully correlated
    (``assay aggregate``).

    Parameters
    ----------
    source : path
        A batch file (its tracts are simulated) or a folder written by
        ``assess-batch --save-simulations``.
    correlation : float or (k, k) array
        Rank correlation between every pair of tracts, or a matrix in the batch's order.

    Returns
    -------
    Result
        ``to_frame()``: one row per material and mode (``independent``, ``correlated``,
        ``fully_correlated``): ``mean`` [t], ``p_zero``, ``q_<p>`` [t].
    """
    from assay.analyses.assessment import aggregate_batch, batch_simulations

    with _user_errors():
        names, materials, totals, root = batch_simulations(
            source,
            seed,
            draws=draws,
            n_workers=workers,
            scheduler="serial" if serial else "dask",
        )
        out = aggregate_batch(names, materials, totals, correlation, seed=root or 0)
    rows = []
    for mode in ("independent", "correlated", "fully_correlated"):
        for material in out["materials"]:
            stats = out[mode][material]
            row = {"mode": mode, "material": material}
            row.update({k: v for k, v in stats.items() if k != "quantiles"})
            row.update({f"q_{q}": v for q, v in (stats.get("quantiles") or {}).items()})
            rows.append(row)
    return Result(
        "aggregate", out, _frame(rows, "aggregate", sources=[out.get("method")], unit="t")
    )


def deposit_density(
    model: str,
    area_km2: float,
    *,
    median_tonnage_mt: float | None = None,
    known: int = 0,
    n90: float | None = None,
    n50: float | None = None,
    n10: float | None = None,
) -> Result:
    """Number of deposits from a deposit-density model (``assay deposit-density``).

    Parameters
    ----------
    model : str
        'general', 'porphyry_cu', 'podiform_cr' or 'vms'.
    area_km2 : float
        Permissive tract area [km2].
    median_tonnage_mt : float, optional
        Median deposit tonnage [Mt] (the general model).
    known : int
        Known deposits in the tract.
    n90, n50, n10 : float, optional
        Experts' estimates (all three or none).

    Returns
    -------
    Result
        ``to_frame()``: rows ``total`` and ``undiscovered`` (and ``experts``): ``n90``,
        ``n50``, ``n10``, ``mean`` [deposits], ``source_id``.
    """
    from assay.analyses.assessment import density_check
    from assay.analyses.manifest import build_manifest

    given = [v for v in (n90, n50, n10) if v is not None]
    with _user_errors():
        if given and len(given) != 3:
            raise ValueError("give all of n90, n50 and n10, or none")
        estimates = {"N90": n90, "N50": n50, "N10": n10} if given else None
        out = density_check(
            model, area_km2, median_tonnage_mt=median_tonnage_mt, known=known, estimates=estimates
        )
    out["manifest"] = build_manifest(
        "deposit-density",
        parameters={
            "model": model,
            "area_km2": area_km2,
            "median_tonnage_mt": median_tonnage_mt,
            "known": known,
            "estimates": estimates,
        },
    )
    rows = [{"deposits": "total", **out["total"]}]
    if out.get("undiscovered") is not None:
        rows.append({"deposits": "undiscovered", **out["undiscovered"]})
    if estimates is not None:
        rows.append({"deposits": "experts", "n90": n90, "n50": n50, "n10": n10, "mean": None})
    for row in rows:
        row["source_id"] = out.get("source_id")
    return Result("deposit-density", out, _frame(rows, "deposit-density", unit="deposits"))


def econ(
    deposits: str | Path,
    preset: str | Path,
    *,
    values: str | Path | None = None,
    recoveries: str | Path | None = None,
    seed: int = 0,
    n_simulations: int | None = None,
) -> Result:
    """RAEF economic filter of simulated deposits (``assay econ``).

    Returns
    -------
    Result
        ``to_frame()``: one row per commodity and measure (``contained``, ``recovered``):
        ``mean``, ``sd``, ``min``, ``median``, ``max`` [t per simulation], ``p_zero``,
        ``p_ge_mean`` and the exceedance quantiles ``P99`` ... ``P1`` [t].
    """
    from assay.analyses.economics import econ_from_files
    from assay.validation import LIMITS, check_cap

    with _user_errors():
        if n_simulations is not None:
            check_cap(n_simulations, LIMITS.econ_simulations, name="econ_simulations")
        result = econ_from_files(deposits, preset, values, recoveries, seed, n_simulations)
    rows = []
    for measure in ("contained", "recovered"):
        for name, stats in (result.get(measure) or {}).items():
            row = {"measure": measure, "commodity": name}
            row.update({k: v for k, v in stats.items() if k != "quantiles"})
            row.update(stats.get("quantiles") or {})
            rows.append(row)
    return Result(
        "econ",
        result,
        _frame(rows, "econ", sources=[result.get("source")], unit="t per simulation"),
    )


def deal(spec: str | Path) -> Result:
    """A revenue-share / resource-for-aid fund simulated (``assay deal``).

    Returns
    -------
    Result
        ``to_frame()``: one row per year: ``year``, ``mean``, ``q10``, ``q50``, ``q90``
        of the cumulative fund inflow [USD, nominal].
    """
    from assay.analyses.economics import deal_summary, load_deal_spec
    from assay.models.econ.deal import simulate_deal
    from assay.validation import check_deal_spec_file

    with _user_errors():
        check_deal_spec_file(Path(spec))
        parsed = load_deal_spec(spec)
        result = simulate_deal(parsed)
    summary = deal_summary(parsed, result)
    rows = [{"year": int(y), **d} for y, d in summary["cumulative_inflow_by_year"].items()]
    return Result("deal", summary, _frame(rows, "deal", sources=[], unit="USD"))


def news_check(
    paths: str | Path | Sequence[str | Path],
    *,
    date: str | None = None,
    workers: int | None = None,
    db: Any = None,
) -> Result:
    """Extract mineral claims from articles and judge each against the store
    (``assay check``).

    Parameters
    ----------
    paths : path or list of paths
        Text, HTML, RSS/Atom or JSON Lines files, or folders.
    date : str, optional
        Publication date (YYYY-MM-DD) for undated articles.

    Returns
    -------
    Result
        ``to_frame()``: one row per claim: ``document_id``, ``title``, ``date``, ``id``,
        ``type``, ``text``, ``verdict``, ``explanation``, ``source_ids`` (of its evidence).
    """
    from assay.analyses.news import check_paths
    from assay.importers.news import coerce_date

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    items = [Path(p) for p in items]
    for p in items:
        if not p.exists():
            raise AssayError(f"{p}: no such file or folder")
    with _user_errors():
        pub = coerce_date(date)
        with _reading(db) as store:
            result = check_paths(store, items, pub, workers)
    if not result["documents"]:
        raise AssayError(result["errors"][0] if result["errors"] else "no articles found")
    rows = []
    for doc in result["documents"]:
        for claim in doc.get("claims") or []:
            ids = sorted(
                {
                    str(e["source"]["id"])
                    for e in claim.get("evidence") or []
                    if isinstance(e, dict) and isinstance(e.get("source"), dict)
                    and e["source"].get("id")
                }
            )  # fmt: skip
            row = {"document_id": doc["id"], "title": doc.get("title"), "date": doc.get("date")}
            row.update({k: v for k, v in claim.items() if k not in ("evidence", "span")})
            row["source_ids"] = ids
            rows.append(row)
    ids = {i for r in rows for i in r["source_ids"]}
    return Result("check", result, _frame(rows, "check", sources=sorted(ids)))


# -- permissive tracts -----------------------------------------------------------------------
def tracts(
    units: str | Path,
    name: str = "tract",
    *,
    attribute: str | None = None,
    values: Sequence[str] | None = None,
    where: str | None = None,
    buffer_km: float = 0.0,
    exclude: Sequence[str | Path] = (),
    dissolve_by: str | None = None,
    equal_area_crs: str | None = None,
    deposits: str | Path | None = None,
    sites_from_store: bool = False,
    deposit_type: str | None = None,
    commodity: str | None = None,
    db: Any = None,
) -> Result:
    """Permissive tracts from geologic-map polygons (``assay tract``, without writing).

    Parameters
    ----------
    units : path
        Geologic-map polygons (any format geopandas reads).
    attribute, values, where
        Which units are permissive (as ``--attribute``/``--value``/``--where``).
    buffer_km : float
        Buffer around the selected units [km].
    exclude : paths
        Areas to remove.
    dissolve_by : str, optional
        One tract per value of this attribute.
    equal_area_crs : str, optional
        CRS for the areas (default a local Lambert azimuthal equal-area).
    deposits : path, optional
        Known sites (points) to list per tract; or ``sites_from_store=True`` to take them
        from the store's inventory (filtered by ``deposit_type``, ``commodity``).

    Returns
    -------
    Result
        ``to_frame()``: a GeoDataFrame of the tracts in their working CRS: ``name``,
        ``n_units``, ``area_km2`` [km2], ``equal_area_crs``, ``known_sites``; the same rows
        and CRS ``assay export tracts`` writes as GeoJSON, GeoPackage or GeoParquet.
    """
    from assay.analyses import tracts as tr

    with _user_errors():
        unit_frame = tr.read_units(Path(units))
        exclusions = [tr.read_units(Path(p)) for p in exclude]
        result = tr.build_tracts(
            unit_frame,
            name,
            attribute=attribute,
            values=list(values) if values else None,
            where=where,
            buffer_km=buffer_km,
            exclusions=exclusions,
            dissolve_by=dissolve_by,
            equal_area_crs=equal_area_crs,
        )
        if deposits is not None:
            tr.sites_inside(result, tr.read_units(Path(deposits)))
        elif sites_from_store:
            with _reading(db) as store:
                tr.sites_inside(result, tr.sites_from_store(store, deposit_type, commodity))
    frame = tr.tracts_frame(result)
    attrs = _frame([], "tracts", sources=[Path(units).name], unit="km2").attrs
    frame.attrs = {**attrs, "crs": frame.crs.to_string() if frame.crs else None}
    return Result("tract", result.to_dict(), frame)


def prospect_weights(
    evidence: str | Path,
    deposits: str | Path,
    weight_type: str = "unique",
    *,
    unit_area_km2: float = 1.0,
    threshold: float = 2.0,
    missing_data: int | None = None,
    generalize: str | None = None,
    reproject_deposits: bool = False,
) -> Result:
    """Weights-of-evidence table of one evidence layer (``assay prospect weights``).

    Parameters
    ----------
    evidence : path
        Integer class raster (GeoTIFF).
    deposits : path
        Deposit points (shapefile, GeoJSON, GPKG, CSV).
    weight_type : {'unique', 'categorical', 'ascending', 'descending'}
    unit_area_km2 : float
        Unit cell for the area counts [km2].
    threshold : float
        Studentized-contrast confidence for generalisation [-].
    missing_data : int, optional
        Class value meaning missing data.
    generalize : str, optional
        'max_contrast', 'max_studentized_contrast', 'class:N' or 'reduced'.

    Returns
    -------
    Result
        ``to_frame()``: one row per class (ArcSDM columns): ``area_units`` [unit cells],
        ``points``, ``w_plus``, ``s_w_plus``, ``w_minus``, ``s_w_minus``, ``contrast``,
        ``studentized_contrast``, ``gen_class``, ``weight``.
    """
    from assay.analyses import prospectivity as pa
    from assay.analyses.manifest import build_manifest
    from assay.models.prospectivity.weights_of_evidence import WEIGHT_TYPES

    if weight_type not in WEIGHT_TYPES:
        raise AssayError(
            f"weight_type must be one of {', '.join(WEIGHT_TYPES)}, not {weight_type!r}"
        )
    with _user_errors():
        table, info = pa.calculate_weights(
            Path(evidence),
            Path(deposits),
            weight_type,
            unit_area_km2=unit_area_km2,
            studentized_contrast_threshold=threshold,
            missing_data_value=missing_data,
            reproject_deposits=reproject_deposits,
        )
        if generalize:
            table = pa.generalize_table(table, generalize, threshold)
            info["generalization"] = generalize
    out = {**info, "rows": table.to_dict(orient="records")}
    out["manifest"] = build_manifest(
        "prospect weights",
        inputs={"evidence": Path(evidence), "deposits": Path(deposits)},
        parameters={"weight_type": weight_type, "unit_area_km2": unit_area_km2},
        extra_packages=("scikit-learn", "rasterio"),
    )
    frame = table.reset_index(drop=True).copy()
    frame.attrs = _frame(
        [],
        "prospect weights",
        sources=[info.get("method")],
        unit=f"unit cells of {unit_area_km2:g} km2",
    ).attrs
    return Result("prospect weights", out, frame)
