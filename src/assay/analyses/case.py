"""The case dossier: "assess this resource - how real it is, how much there is, what it costs".

For one country and commodity, :func:`case_dossier` answers from the store:

``known``
    the curated deposits (dataset ``assay-curated``, linked with the staged records of the same
    deposit) with each estimate in its own system and its place on the confidence ladder
    (:mod:`assay.models.classification`), the estimate's age, what is producing, and who
    controls the ground (share of the known contained tonnage in claimed territory, with the
    control layer's date and source). Estimates seen only in secondary reports are shown and
    flagged, and kept out of every headline total.
``worth``
    per deposit and in total: gross in-situ value ``V = C · P`` (contained tonnage × price of
    the grade species) ≥ recoverable value ``V_rec = V · RF · MRR · pay`` (mining recovery,
    processing recovery, payability) ≥ NPV ``= V_rec / L · m · a(r, L) · (1 + r)^-T`` (constant
    production over a Taylor's-rule life L, margin m after operating, processing, separation
    and capital costs, annuity factor ``a = (1 - (1 + r)^-L) / r``, discounted over the time to
    production T). Each input has a low / central / high value; the low (high) answer combines
    the low (high) ends, so the range brackets the stated inputs rather than being a
    probability interval. Prices come from the bundled USGS deck
    (``reference/prices_*.csv``), lead times from S&P Global Market Intelligence (2023); every
    other input is an assumption, stated in ``assumptions``.
``undiscovered``
    a three-part assessment when a tract spec with cited estimates is given, else ``None``
    beside a plain statement that none has been published.
``headlines``
    the news claims stored for the country (or given) beside what they measure.
``deal``
    for Ukraine, the fund inflows under the 30 April 2025 terms with the deposits as projects.
``belarus``
    for Belarus, what the literature reports and what USGS does not publish.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assay import reference
from assay.importers.curated_deposits import DATASET, read_literature
from assay.models import classification
from assay.models.econ import deal as deal_model
from assay.models.econ.valuation import ATOMIC_WEIGHTS
from assay.store import Store

__all__ = ["CaseError", "case_dossier", "fmt_usd", "value_estimate"]

LEVELS = ("low", "central", "high")


class CaseError(ValueError):
    """A country or commodity the dossier cannot answer for (one line, exit 2)."""


class UnknownCaseSubjectError(CaseError):
    """No such country or commodity (the web answers 404)."""


# -- prices of the grade species ------------------------------------------------------------


def _molar(formula: dict[str, int]) -> float:
    weights = {**ATOMIC_WEIGHTS, "Li": 6.94, "Nb": 92.90637, "Zr": 91.224, "Ti": 47.867,
               "Si": 28.085, "C": 12.011}  # fmt: skip
    return sum(weights[el] * n for el, n in formula.items())


#: t of Li2CO3 per t of Li2O (IUPAC 2021 standard atomic weights)
LI2O_TO_LCE = _molar({"Li": 2, "C": 1, "O": 3}) / _molar({"Li": 2, "O": 1})
#: t of Nb per t of Nb2O5
NB2O5_TO_NB = 2 * 92.90637 / _molar({"Nb": 2, "O": 5})
#: mass fraction of ZrO2 in zircon ZrSiO4
ZRO2_IN_ZIRCON = _molar({"Zr": 1, "O": 2}) / _molar({"Zr": 1, "Si": 1, "O": 4})


@lru_cache(maxsize=1)
def _deck() -> dict[str, pd.DataFrame]:
    return {
        "ree": pd.read_csv(reference.path("prices_usgs_ree_oxides.csv")),
        "metals": pd.read_csv(reference.path("prices_usgs_metals.csv")),
        "minerals": pd.read_csv(reference.path("prices_usgs_mineral_concentrates.csv")),
    }


def _price_rows(table: str, key: str, value: str) -> pd.DataFrame:
    frame = _deck()[table]
    return frame[frame[key] == value].sort_values("year")


#: Assumed share of Nd2O3 in a deposit's separated-oxide basket where the deposit's own
#: distribution is not curated; the rest is priced as La/Ce oxide (lower bound: Pr, Dy, Tb
#: are not credited). ASSUMPTION.
ND_SHARE = {"low": 0.10, "central": 0.15, "high": 0.20}
#: Assumed TiO2 content of ilmenite concentrate [fraction]. ASSUMPTION.
TIO2_IN_ILMENITE = {"low": 0.60, "central": 0.52, "high": 0.45}


def species_prices(commodity_id: str, species: str | None) -> dict[str, Any] | None:
    """Price of one tonne of the grade species [USD/t], low/central/high, with its basis.

    None when the deck has no price for it (the estimate is then not valued).
    """
    sp = (species or "").strip()
    key = sp.upper()
    if commodity_id == "rare-earths":
        nd = _price_rows("ree", "oxide", "Nd2O3")
        ce = _price_rows("ree", "oxide", "CeO2")
        latest = int(nd["year"].max())
        nd_now = float(nd[nd["year"] == latest]["usd_per_kg"].iloc[0])
        ce_now = float(ce[ce["year"] == latest]["usd_per_kg"].iloc[0])
        nd_max = float(nd["usd_per_kg"].max())
        ce_max = float(ce["usd_per_kg"].max())
        values = {
            "low": 1000 * (ND_SHARE["low"] * nd_now + (1 - ND_SHARE["low"]) * ce_now),
            "central": 1000 * (ND_SHARE["central"] * nd_now + (1 - ND_SHARE["central"]) * ce_now),
            "high": 1000 * (ND_SHARE["high"] * nd_max + (1 - ND_SHARE["high"]) * ce_max),
        }
        years = f"{int(nd['year'].min())}-{latest}"
        return {
            "commodity": commodity_id,
            "species": sp or "TREO",
            "usd_per_t": values,
            "year": latest,
            "basis": (
                "separated-oxide basket per t of TREO: Nd2O3 share 10/15/20 % (assumed), the "
                f"rest at the CeO2/La2O3 price; Nd2O3 {nd_now:g} USD/kg and CeO2 {ce_now:g} "
                f"USD/kg in {latest}, high end at the highest Nd2O3 price of {years} "
                f"({nd_max:g} USD/kg)"
            ),
            "source": str(nd["source"].iloc[-1]),
        }
    if commodity_id == "lithium" and key in ("LI2O", ""):
        metal = _price_rows("metals", "symbol", "Li2CO3")
        extra = _price_rows("minerals", "commodity", "lithium")
        prices = pd.concat([metal[["year", "usd_per_t"]], extra[["year", "usd_per_t"]]])
        latest = int(metal["year"].max())
        now = float(metal["usd_per_t"].iloc[-1])
        top = float(prices["usd_per_t"].max())
        return {
            "commodity": commodity_id,
            "species": "Li2O",
            "usd_per_t": {
                "low": now * LI2O_TO_LCE,
                "central": now * LI2O_TO_LCE,
                "high": top * LI2O_TO_LCE,
            },
            "year": latest,
            "basis": (
                f"battery-grade Li2CO3 {now:,.0f} USD/t ({latest}) x {LI2O_TO_LCE:.3f} t "
                f"Li2CO3 per t Li2O; high end at the deck's highest year ({top:,.0f} USD/t)"
            ),
            "source": str(metal["source"].iloc[-1]) + "; " + str(extra["source"].iloc[-1]),
        }
    if commodity_id == "titanium" and key in ("TIO2", ""):
        ilm = _price_rows("minerals", "product", "ilmenite")
        latest = int(ilm["year"].max())
        now = float(ilm["usd_per_t"].iloc[-1])
        return {
            "commodity": commodity_id,
            "species": "TiO2",
            "usd_per_t": {lv: now / TIO2_IN_ILMENITE[lv] for lv in LEVELS},
            "year": latest,
            "basis": (
                f"ilmenite concentrate {now:g} USD/t ({latest}) per t of contained TiO2 at an "
                "assumed 60/52/45 % TiO2 in the concentrate"
            ),
            "source": str(ilm["source"].iloc[-1]),
        }
    if commodity_id == "zirconium-hafnium" and key in ("ZRO2", ""):
        zr = _price_rows("minerals", "product", "zircon")
        latest = int(zr["year"].max())
        now = float(zr["usd_per_t"].iloc[-1])
        low = float(zr["usd_per_t"].min())
        return {
            "commodity": commodity_id,
            "species": "ZrO2",
            "usd_per_t": {
                "low": low / ZRO2_IN_ZIRCON,
                "central": now / ZRO2_IN_ZIRCON,
                "high": now / ZRO2_IN_ZIRCON,
            },
            "year": latest,
            "basis": (
                f"imported zircon {now:g} USD/t ({latest}; low end {low:g}) per t of ZrO2 at "
                f"{ZRO2_IN_ZIRCON:.3f} t ZrO2 per t zircon (stoichiometric ZrSiO4)"
            ),
            "source": str(zr["source"].iloc[-1]),
        }
    if commodity_id == "niobium" and key in ("NB2O5", ""):
        nb = _price_rows("metals", "symbol", "Nb")
        now = float(nb["usd_per_t"].iloc[-1])
        return {
            "commodity": commodity_id,
            "species": "Nb2O5",
            "usd_per_t": {lv: now * NB2O5_TO_NB for lv in LEVELS},
            "year": int(nb["year"].iloc[-1]),
            "basis": (
                f"ferroniobium Nb content {now:,.0f} USD/t x {NB2O5_TO_NB:.3f} t Nb per t Nb2O5"
            ),
            "source": str(nb["source"].iloc[-1]),
        }
    return None


# -- assumptions ---------------------------------------------------------------------------

#: (name, low, central, high, unit, basis): inputs of recoverable value and NPV by commodity.
#: "low" is the end that lowers the value.
_ASSUMED = "ASSUMPTION (no cited source; edit in assay.analyses.case)"
_FRACTION = "fraction"
_MARGIN = "fraction of payable revenue"
_MARGIN_NOTE = _ASSUMED + ": after operating, processing and capital costs, before tax"
_CONCENTRATE = "the price is a concentrate price already"


def _p(low: float, central: float, high: float, unit: str, note: str = "") -> tuple:
    return (low, central, high, unit, _ASSUMED + (f": {note}" if note else ""))


PARAMETERS: dict[str, dict[str, tuple[float, float, float, str, str]]] = {
    "rare-earths": {
        "mining_recovery": _p(0.85, 0.90, 0.95, _FRACTION, "ore mined of ore estimated"),
        "processing_recovery": _p(0.50, 0.65, 0.80, _FRACTION, "TREO into mixed concentrate"),
        "payability": _p(
            0.25, 0.35, 0.45, "fraction of basket",
            "share of the separated-oxide value a buyer pays for mixed concentrate "
            "(separation costs borne by the buyer)",
        ),
        "margin": (0.15, 0.25, 0.35, _MARGIN, _MARGIN_NOTE),
    },
    "lithium": {
        "mining_recovery": _p(0.85, 0.90, 0.95, _FRACTION),
        "processing_recovery": _p(0.60, 0.70, 0.80, _FRACTION, "Li2O into spodumene concentrate"),
        "payability": _p(
            0.30, 0.45, 0.60, "fraction of LCE value",
            "concentrate price as a share of its lithium-carbonate-equivalent value",
        ),
        "margin": (0.15, 0.25, 0.35, _MARGIN, _MARGIN_NOTE),
    },
    "titanium": {
        "mining_recovery": _p(0.85, 0.90, 0.95, _FRACTION),
        "processing_recovery": _p(0.60, 0.70, 0.80, _FRACTION, "TiO2 into ilmenite concentrate"),
        "payability": (1.0, 1.0, 1.0, _FRACTION, _CONCENTRATE),
        "margin": (0.10, 0.20, 0.30, _MARGIN, _MARGIN_NOTE),
    },
    "zirconium-hafnium": {
        "mining_recovery": _p(0.85, 0.90, 0.95, _FRACTION),
        "processing_recovery": _p(0.50, 0.65, 0.80, _FRACTION, "ZrO2 into zircon concentrate"),
        "payability": (1.0, 1.0, 1.0, _FRACTION, _CONCENTRATE),
        "margin": (0.10, 0.20, 0.30, _MARGIN, _MARGIN_NOTE),
    },
    "niobium": {
        "mining_recovery": _p(0.85, 0.90, 0.95, _FRACTION),
        "processing_recovery": _p(0.50, 0.60, 0.70, _FRACTION),
        "payability": _p(0.60, 0.70, 0.80, "fraction of ferroniobium value"),
        "margin": (0.15, 0.25, 0.35, _MARGIN, _MARGIN_NOTE),
    },
}  # fmt: skip
DISCOUNT_RATE = (0.10, 0.08, 0.06)  # low value <- high rate; ASSUMPTION
DISCOUNT_BASIS = _ASSUMED + ": real discount rate 6-10 %/yr"
#: years to production by status: producing 0; developed/mothballed an assumed 2/4/6; explored
#: and occurrence S&P Global (2023) 32 / 15.7 / 6 years (max / mean / min)
DEVELOPED_LEAD = (6.0, 4.0, 2.0)


def lead_time_years(status: str | None) -> tuple[tuple[float, float, float], str]:
    """(low-value, central, high-value) years to production and their basis."""
    if status == "producing":
        return (0.0, 0.0, 0.0), "producing"
    if status in ("developed", "mothballed"):
        return DEVELOPED_LEAD, _ASSUMED + ": 2-6 years to (re)start a developed mine"
    return (
        (
            deal_model.SP_LEAD_TIME_MAX_YR,
            deal_model.SP_LEAD_TIME_MEAN_YR,
            deal_model.SP_LEAD_TIME_MIN_YR,
        ),
        deal_model.SP_LEAD_TIME_SOURCE + " (applied from today: the deposits are discovered)",
    )


def mine_life_years(ore_t: float | None, contained_t: float, grade_pct: float | None) -> float:
    """Mine life [yr] by Taylor's rule (0.2 · short tons^0.25; Taylor 1986 as coded in RAEF),
    from the ore tonnage (or contained / grade when only those are published); 20 yr when
    neither is known, at least 1 yr."""
    from assay.models.econ import raef

    tonnes = ore_t
    if tonnes is None and grade_pct:
        tonnes = contained_t / (grade_pct / 100.0)
    if tonnes is None or tonnes <= 0:
        return 20.0
    return max(1.0, float(raef.mine_life(raef.short_tons(tonnes))))


def _annuity(rate: float, years: float) -> float:
    return years if rate == 0 else (1 - (1 + rate) ** -years) / rate


def value_estimate(
    commodity_id: str,
    contained_t: float,
    price: dict[str, Any],
    status: str | None,
    life_years: float,
) -> dict[str, Any]:
    """In-situ, recoverable and NPV [USD] (low/central/high) of one contained tonnage.

    ``V = C·P``; ``V_rec = V·RF·MRR·pay``; ``NPV = (V_rec/L)·m·a(r, L)·(1+r)^-T``. Since every
    factor is at most 1 (``a(r, L) ≤ L``), ``V ≥ V_rec ≥ NPV`` holds for each level.
    """
    params = PARAMETERS[commodity_id]
    lead, _ = lead_time_years(status)
    out: dict[str, dict[str, float]] = {"in_situ_usd": {}, "recoverable_usd": {}, "npv_usd": {}}
    for i, lv in enumerate(LEVELS):
        in_situ = contained_t * price["usd_per_t"][lv]
        factor = 1.0
        for name in ("mining_recovery", "processing_recovery", "payability"):
            factor *= params[name][i]
        recoverable = in_situ * factor
        rate = DISCOUNT_RATE[i]
        npv = (
            recoverable
            / life_years
            * params["margin"][i]
            * _annuity(rate, life_years)
            * (1 + rate) ** -lead[i]
        )
        out["in_situ_usd"][lv] = in_situ
        out["recoverable_usd"][lv] = recoverable
        out["npv_usd"][lv] = npv
    return out


def assumptions_list(commodity_ids: list[str]) -> list[dict[str, Any]]:
    rows = []
    for cid in commodity_ids:
        for name, (low, central, high, unit, basis) in PARAMETERS.get(cid, {}).items():
            rows.append(
                {
                    "commodity": cid,
                    "name": name,
                    "low": low,
                    "central": central,
                    "high": high,
                    "unit": unit,
                    "basis": basis,
                }  # fmt: skip
            )
    rows.append(
        {
            "commodity": "all",
            "name": "discount_rate",
            "low": DISCOUNT_RATE[0],
            "central": DISCOUNT_RATE[1],
            "high": DISCOUNT_RATE[2],
            "unit": "1/yr",
            "basis": DISCOUNT_BASIS,
        }  # fmt: skip
    )
    rows.append(
        {
            "commodity": "all",
            "name": "time_to_production",
            "low": deal_model.SP_LEAD_TIME_MAX_YR,
            "central": deal_model.SP_LEAD_TIME_MEAN_YR,
            "high": deal_model.SP_LEAD_TIME_MIN_YR,
            "unit": "yr",
            "basis": deal_model.SP_LEAD_TIME_SOURCE + "; producing 0 yr; developed "
            "or mothballed 2-6 yr (" + _ASSUMED + ")",
        }  # fmt: skip
    )
    rows.append(
        {
            "commodity": "all",
            "name": "mine_life",
            "low": None,
            "central": None,
            "high": None,
            "unit": "yr",
            "basis": "Taylor's rule 0.2 x (short tons of ore)^0.25 (Taylor 1986, as "
            "coded in RAEF, USGS TM 7-C23); 20 yr where no ore tonnage is published",
        }  # fmt: skip
    )
    rows.append(
        {
            "commodity": "all",
            "name": "range",
            "low": None,
            "central": None,
            "high": None,
            "unit": "",
            "basis": "low/high combine the low/high ends of every input: a bracket of "
            "the stated inputs, not a probability interval",
        }  # fmt: skip
    )
    return rows


# -- known ----------------------------------------------------------------------------------


def _source_dict(row: dict[str, Any] | None, page: str | None = None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "id": row["id"],
        "publisher": row.get("publisher"),
        "title": row.get("title"),
        "year": None if pd.isna(row.get("year")) else int(row["year"]),
        "url": row.get("url"),
        "kind": row.get("kind"),
        "page": page,
    }


def _sources(store: Store) -> dict[str, dict[str, Any]]:
    frame = store.df("SELECT id, publisher, title, year, url, kind FROM source")
    return {r["id"]: r for r in frame.to_dict("records")}


def _year_of(text: Any) -> int | None:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    digits = str(text)[:4]
    return int(digits) if digits.isdigit() else None


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _estimates_for(
    frame: pd.DataFrame, sources: dict[str, dict[str, Any]], today: date
) -> list[dict[str, Any]]:
    """Group a deposit's estimate rows (one per commodity) into estimates."""
    out = []
    for _key, rows in frame.groupby("estimate_key", sort=False):
        first = rows.iloc[0]
        grades = {
            str(r["commodity"]): _clean(r["grade_percent"])
            for _, r in rows.iterrows()
            if _clean(r["grade_percent"]) is not None
        }
        contained = {
            str(r["commodity"]): _clean(r["contained_t"])
            for _, r in rows.iterrows()
            if _clean(r["contained_t"]) is not None
        }
        year = _year_of(first["as_of"])
        out.append(
            {
                "id": str(first["estimate_key"]),
                "system": str(first["system_published"]),
                "category": str(first["category"]),
                "ladder": str(first["ladder"]),
                "level": int(first["level"]),
                "kind": _clean(first["kind"]),
                "approximate": bool(first["approximate"]),
                "ore_t": _clean(first["ore_t"]),
                "grades": grades,
                "grade_basis": {
                    str(r["commodity"]): _clean(r["grade_basis"]) for _, r in rows.iterrows()
                },
                "contained_t": contained,
                "commodities": sorted({str(c) for c in rows["commodity_id"]}),
                "rows": [
                    {
                        "commodity_id": str(r["commodity_id"]),
                        "species": _clean(r["commodity"]),
                        "grade_percent": _clean(r["grade_percent"]),
                        "contained_t": _clean(r["contained_t"]),
                    }
                    for _, r in rows.iterrows()
                ],
                "cutoff": _clean(first["cutoff_value"]),
                "depth_limit_m": _clean(first["depth_limit_m"]),
                "date": _clean(first["as_of"]),
                "age_years": None if year is None else today.year - year,
                "secondary": bool(first["secondary"]),
                "in_headline_totals": not bool(first["secondary"]),
                "note": _clean(first["note"]),
                "source": _source_dict(sources.get(first["source_id"]), _clean(first["page"])),
                "row_refs": list(rows["row_ref"]),
            }
        )
    out.sort(key=lambda e: (-e["level"], -(_year_of(e["date"]) or 0)))
    return out


def _contained_of(
    estimate: dict[str, Any], commodity_id: str
) -> tuple[float | None, str | None, float | None]:
    """(contained t, species, grade %) of one commodity in an estimate."""
    for row in estimate["rows"]:
        if row["commodity_id"] == commodity_id and row["contained_t"] is not None:
            return float(row["contained_t"]), row["species"], row["grade_percent"]
    return None, None, None


def best_estimate(estimates: list[dict[str, Any]], commodity_id: str) -> dict[str, Any] | None:
    """The headline estimate of a deposit: not secondary, with a contained tonnage of the
    commodity, highest confidence level, then the latest."""
    usable = [
        e for e in estimates if not e["secondary"] and _contained_of(e, commodity_id)[0] is not None
    ]
    return usable[0] if usable else None


def _load_curated(store: Store, iso3: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    deposits = store.df(
        "SELECT r.id AS record_id, r.site_id, r.name AS record_name, r.commodity_ids, "
        "r.deposit_type, r.aliases, d.*, s.name AS site_name, s.region AS site_region, "
        "s.region_code AS site_region_code, s.lon, s.lat, s.location_precision AS site_precision,"
        " s.control_id, s.n_records, s.confidence_level "
        "FROM site_record r JOIN curated_deposit d ON d.record_id = r.id "
        "LEFT JOIN site s ON s.id = r.site_id WHERE r.dataset = ? AND r.iso3 = ? ORDER BY r.name",
        [DATASET, iso3],
    )
    estimates = store.df(
        "SELECT e.*, c.estimate_key, c.system_published, c.grade_species, c.depth_limit_m, "
        "c.secondary FROM estimate e JOIN curated_estimate c ON c.row_ref = e.row_ref "
        "AND c.record_id = e.record_id WHERE e.record_id IN (SELECT id FROM site_record "
        "WHERE dataset = ? AND iso3 = ?) ORDER BY e.row_ref",
        [DATASET, iso3],
    )
    return deposits, estimates


def _controls(store: Store) -> dict[str, dict[str, Any]]:
    rows = store.query("SELECT * FROM control_area")
    return {
        r["id"]: {
            "id": r["id"],
            "area": r["name"],
            "controlling_party": r["controlling_party"],
            "status": r["status"],
            "as_of": r["as_of"].isoformat() if r["as_of"] else None,
            "source": r["source"],
        }
        for r in rows
    }


def _has_commodity(text: Any, commodity_id: str) -> bool:
    return isinstance(text, str) and commodity_id in text.split("|")


def known_section(
    store: Store, iso3: str, commodity_id: str, today: date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The *Known* section and the deposits with their headline estimate (for *Worth*)."""
    deposits, estimates = _load_curated(store, iso3)
    sources = _sources(store)
    controls = _controls(store)
    out = []
    for dep in deposits.to_dict("records"):
        dep_est = estimates[estimates["record_id"] == dep["record_id"]]
        items = _estimates_for(dep_est, sources, today) if len(dep_est) else []
        in_case = _has_commodity(dep["commodity_ids"], commodity_id) or any(
            commodity_id in e["commodities"] for e in items
        )
        if not in_case:
            continue
        items = [e for e in items if commodity_id in e["commodities"]]
        best = best_estimate(items, commodity_id)
        control = controls.get(dep["control_id"]) if isinstance(dep["control_id"], str) else None
        out.append(
            {
                "name": _clean(dep["site_name"]) or dep["record_name"],
                "curated_name": dep["record_name"],
                "deposit_id": dep["deposit_id"],
                "site_id": _clean(dep["site_id"]),
                "region": _clean(dep["site_region"]) or _clean(dep["region"]),
                "region_code": _clean(dep["site_region_code"]) or _clean(dep["region_code"]),
                "district": _clean(dep["district"]),
                "status": _clean(dep["status"]),
                "status_as_of": _clean(dep["status_as_of"]),
                "operator": _clean(dep["operator"]),
                "deposit_type": _clean(dep["deposit_type"]),
                "commodities": (dep["commodity_ids"] or "").split("|"),
                "location": {
                    "lon": _clean(dep["lon"]),
                    "lat": _clean(dep["lat"]),
                    "precision": _clean(dep["site_precision"]) or "none",
                    "curated_precision": _clean(dep["location_precision"]),
                    "precision_km": _clean(dep["precision_km"]),
                },
                "linked_records": int(_clean(dep["n_records"]) or 1),
                "control": control,
                "secondary": bool(dep["secondary"]),
                "source": _source_dict(sources.get(dep["source_id"]), _clean(dep["page"])),
                "estimates": items,
                "headline_estimate": None if best is None else best["id"],
                "note": _clean(dep["note"]),
            }
        )
    return _known_summary(store, iso3, commodity_id, out, controls), out


def _known_summary(
    store: Store,
    iso3: str,
    commodity_id: str,
    deposits: list[dict[str, Any]],
    controls: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    by_conf: dict[str, dict[str, Any]] = {
        name: {"level": i, "deposits": [], "contained_t": 0.0}
        for i, name in enumerate(classification.LADDER)
    }
    by_kind: dict[str, dict[str, Any]] = {}
    total = claimed = 0.0
    for dep in deposits:
        best = next((e for e in dep["estimates"] if e["id"] == dep["headline_estimate"]), None)
        if best is None:
            by_conf["unclassified"]["deposits"].append(dep["name"])
            continue
        contained = _contained_of(best, commodity_id)[0] or 0.0
        slot = by_conf[best["ladder"]]
        slot["deposits"].append(dep["name"])
        slot["contained_t"] += contained
        kind = {"reserve": "reserves", "resource": "resources", "prognostic": "prognostic",
                "exploration": "prognostic"}.get(best["kind"], "historic/other")  # fmt: skip
        part = by_kind.setdefault(kind, {"deposits": [], "contained_t": 0.0})
        part["deposits"].append(dep["name"])
        part["contained_t"] += contained
        total += contained
        if dep["control"] is not None:
            claimed += contained
    n_staged = store.con.execute(
        "SELECT count(*) FROM site WHERE iso3 = ? AND list_contains(string_split(coalesce("
        "commodity_ids, ''), '|'), ?) AND id NOT IN (SELECT site_id FROM site_record WHERE "
        "dataset = ? AND site_id IS NOT NULL)",
        [iso3, commodity_id, DATASET],
    ).fetchone()[0]
    layer = sorted({(c["as_of"], c["source"]) for c in controls.values() if c["as_of"]})
    return {
        "deposits": deposits,
        "by_confidence": by_conf,
        "by_kind": by_kind,
        "headline_contained_t": total,
        "basis": "each deposit's headline estimate (not secondary; highest confidence, then "
        "latest); contained tonnage of the grade species as published (e.g. t TR2O3)",
        "producing": [d["name"] for d in deposits if d["status"] == "producing"],
        "with_estimate": sum(1 for d in deposits if d["headline_estimate"]),
        "secondary_only": [
            d["name"] for d in deposits if d["estimates"] and not d["headline_estimate"]
        ],
        "other_sites_without_curated_record": int(n_staged),
        "control": {
            "share_of_known_contained_in_claimed_territory": (claimed / total) if total else None,
            "claimed_contained_t": claimed,
            "layer": [{"as_of": a, "source": s} for a, s in layer],
            "note": "control layer of the store (claimed annexations by oblast); a deposit "
            "counts when its site lies in a claimed area",
        },
    }


# -- worth ---------------------------------------------------------------------------------


def worth_section(deposits: list[dict[str, Any]], commodity_id: str) -> dict[str, Any]:
    """Per-deposit and total in-situ, recoverable and NPV values of every estimate's
    commodities that the deck prices; totals over headline (non-secondary) estimates."""
    per_deposit = []
    prices: dict[str, dict[str, Any]] = {}
    totals = {k: dict.fromkeys(LEVELS, 0.0) for k in ("in_situ_usd", "recoverable_usd", "npv_usd")}
    case_totals = {k: dict.fromkeys(LEVELS, 0.0) for k in totals}
    unpriced: set[str] = set()
    for dep in deposits:
        for est in dep["estimates"]:
            parts = []
            for row in est["rows"]:
                if row["contained_t"] is None:
                    continue
                cid = row["commodity_id"]
                price = species_prices(cid, row["species"]) if cid in PARAMETERS else None
                if price is None:
                    unpriced.add(f"{cid} ({row['species']})")
                    continue
                prices.setdefault(f"{cid}:{price['species']}", price)
                life = mine_life_years(est["ore_t"], row["contained_t"], row["grade_percent"])
                values = value_estimate(cid, row["contained_t"], price, dep["status"], life)
                parts.append(
                    {
                        "commodity": cid,
                        "species": price["species"],
                        "contained_t": row["contained_t"],
                        "life_years": life,
                        **values,
                    }  # fmt: skip
                )
            if not parts:
                continue
            item = {
                "deposit": dep["name"],
                "estimate": est["id"],
                "system": est["system"],
                "category": est["category"],
                "ladder": est["ladder"],
                "status": dep["status"],
                "secondary": est["secondary"],
                "headline": est["id"] == dep["headline_estimate"],
                "parts": parts,
            }
            for key in totals:
                item[key] = {lv: sum(p[key][lv] for p in parts) for lv in LEVELS}
                item[key + "_case_commodity"] = {
                    lv: sum(p[key][lv] for p in parts if p["commodity"] == commodity_id)
                    for lv in LEVELS
                }
            per_deposit.append(item)
            if item["headline"]:
                for key in totals:
                    for lv in LEVELS:
                        totals[key][lv] += item[key][lv]
                        case_totals[key][lv] += item[key + "_case_commodity"][lv]
    cids = sorted({p["commodity"] for d in per_deposit for p in d["parts"]} | {commodity_id})
    return {
        "in_situ_usd": case_totals["in_situ_usd"],
        "recoverable_usd": case_totals["recoverable_usd"],
        "npv_usd": case_totals["npv_usd"],
        "all_priced_commodities": totals,
        # 0 means the totals above sum nothing: say "not valued", never "worth USD 0"
        "valued_headline_estimates": sum(1 for d in per_deposit if d["headline"]),
        "per_deposit": per_deposit,
        "prices": list(prices.values()),
        "not_priced": sorted(unpriced),
        "assumptions": assumptions_list([c for c in cids if c in PARAMETERS]),
        "basis": "totals: the case commodity of each deposit's headline estimate (secondary "
        "estimates are valued per deposit but kept out of totals); USD, prices of the deck year",
    }


# -- headlines -----------------------------------------------------------------------------

FORBES_TOTAL_USD = 14.8e12
FORBES_SOURCES = ("case-forbes-ua-14-8t-zhzh-2023", "case-forbes-ua-14-8t-ubn-2023")


def _all_ukraine_in_situ(store: Store, today: date) -> dict[str, float]:
    """Central in-situ, recoverable and NPV values [USD] of every priced headline estimate of
    Ukraine's curated deposits (each commodity once per deposit)."""
    total = {"in_situ": 0.0, "recoverable": 0.0, "npv": 0.0}
    for cid in PARAMETERS:
        _, deposits = known_section(store, "UKR", cid, today)
        worth = worth_section(deposits, cid)
        for key in total:
            total[key] += worth[f"{key}_usd"]["central"]
    return total


def headlines_section(
    store: Store, iso3: str, commodity_id: str, claims: list[str], today: date
) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT c.id, c.type, c.verdict, c.text, c.explanation, c.edition, c.commodity, "
        "d.title, d.outlet, d.url FROM news_claim c JOIN news_claim_country k ON k.claim_id = "
        "c.id LEFT JOIN news_document d ON d.id = c.document_id WHERE k.iso3 = ? AND c.type "
        "IN ('valuation', 'ranking', 'reserves', 'share', 'production') ORDER BY c.id",
        [iso3],
    )
    seen: set[str] = set()
    items = [
        {
            "text": text,
            "origin": "--claim",
            "claim_id": None,
            "verdict": None,
            "explanation": None,
            "document": None,
        }  # fmt: skip
        for text in claims
    ]
    for r in rows:
        if r["text"] in seen:
            continue
        seen.add(r["text"])
        items.append(
            {
                "text": r["text"],
                "origin": "news store",
                "claim_id": r["id"],
                "type": r["type"],
                "verdict": r["verdict"],
                "explanation": r["explanation"],
                "document": {"title": r["title"], "outlet": r["outlet"], "url": r["url"]},
            }
        )
    sources = _sources(store)
    for item in items:
        text = item["text"].lower()
        if "trillion" in text and ("14.8" in text or "15 trillion" in text or "14,8" in text):
            reconstructed = _all_ukraine_in_situ(store, today)
            item["measures"] = (
                "gross in-situ value: every mineral's tonnage (111 bn t in all) times a price "
                "(Forbes Ukraine, prices of February 2023) - no recovery, cost, time or "
                "confidence discount; coal 62 % and iron ore 14 % of it, every other asset under "
                "5 %"
            )
            item["reconstructable"] = {
                "tool_in_situ_usd_central": reconstructed["in_situ"],
                "tool_recoverable_usd_central": reconstructed["recoverable"],
                "tool_npv_usd_central": reconstructed["npv"],
                "share_of_headline": reconstructed["in_situ"] / FORBES_TOTAL_USD,
                "basis": "central in-situ value of the curated Ukrainian deposits' headline "
                "estimates of the commodities the deck prices (REE, Li, Ti, Zr, Nb); coal and "
                "iron ore (76 % of the headline) have no deposit-level data in the tool",
                "not_reconstructable_share_at_least": 0.76,
            }
            item["sources"] = [_source_dict(sources.get(s)) for s in FORBES_SOURCES if s in sources]
        if "rank" in text and ("fourth" in text or "4th" in text) and iso3 == "RUS":
            item["measures"] = "rank of USGS MCS rare-earth reserves (t REO) by edition"
            history = ranking_history(store, "RUS")
            item["edition_history"] = history
            fourth = [r["edition"] for r in history.get("series", []) if r.get("rank") == 4]
            latest = max(history.get("series", []), key=lambda r: r["edition"], default=None)
            if latest is not None:
                item["evidence"] = (
                    "fourth only in MCS "
                    + (", ".join(str(e) for e in fourth) if fourth else "no edition")
                    + f"; MCS {latest['edition']} (data year {latest['data_year']}) puts Russia "
                    f"at rank {latest['rank']} with {latest['value']:,.0f} t REO"
                )
    return items


#: Chapter notes of the MCS rare-earth chapters that the world tables in the store do not
#: carry as footnotes (USGS, Mineral Commodity Summaries 2025, Rare earths, world mine
#: production and reserves, chapter note; source
#: assay-curated-usgs-mcs2025-rare-earths-chapter-world).
CHAPTER_REVISION_NOTES: dict[str, dict[int, str]] = {
    "RUS": {
        2025: "Reserves for Russia, South Africa, the United States, and Vietnam were revised "
        "based on company and Government reports. (MCS 2025 rare-earths chapter note)"
    }
}


def ranking_history(store: Store, iso3: str) -> dict[str, Any]:
    """A country's rare-earth reserves and rank in each MCS edition, with revision notes."""
    from assay.analyses.statistics import history_view

    try:
        view = history_view(store, "rare-earths", "reserves", iso3)
    except ValueError as exc:
        return {"error": str(exc)}
    notes = store.query(
        "SELECT DISTINCT edition, footnotes FROM observation WHERE iso3 = ? AND commodity_id = "
        "'rare-earths' AND measure = 'reserves' AND footnotes IS NOT NULL ORDER BY edition",
        [iso3],
    )
    series = [
        {
            k: _clean(v)
            for k, v in row.items()
            if k in ("edition", "data_year", "value", "unit", "basis", "rank", "share")
        }  # fmt: skip
        for row in view["series"].get(iso3, [])
    ]
    revision = [{"edition": n["edition"], "note": n["footnotes"]} for n in notes]
    have = {r["edition"] for r in revision}
    for edition, note in CHAPTER_REVISION_NOTES.get(iso3, {}).items():
        if edition not in have and any(r["edition"] == edition for r in series):
            revision.append({"edition": edition, "note": note})
    return {
        "series": series,
        "revision_notes": sorted(revision, key=lambda r: r["edition"]),
        "source": "USGS Mineral Commodity Summaries world tables in the store",
    }


# -- deal ----------------------------------------------------------------------------------

#: ASSUMPTION: Ukraine's rent (royalty) rate on the projects' revenue; licence fee per project
DEAL_ROYALTY_RATE = 0.05
DEAL_LICENCE_FEE_USD = 1.0e6


def deal_section(worth: dict[str, Any], known: dict[str, Any], today: date) -> dict[str, Any]:
    """Fund inflows under the agreement's terms with the deposits as new-licence projects.

    Each non-producing deposit outside claimed territory with a headline estimate becomes a
    project licensed next year, producing its central recoverable value evenly over its
    Taylor life after a lead time drawn by its status (developed or mothballed: uniform 2-6
    years, assumed; otherwise S&P's triangular 6 / 9.1 / 32 years); producing deposits hold
    existing licences and are out of the agreement's scope.
    """
    by_name = {d["name"]: d for d in known["deposits"]}
    projects, excluded = [], []
    for item in worth["per_deposit"]:
        if not item["headline"]:
            continue
        dep = by_name[item["deposit"]]
        if dep["status"] == "producing":
            excluded.append({"deposit": dep["name"], "why": "producing: an existing licence"})
            continue
        if dep["control"] is not None:
            excluded.append({"deposit": dep["name"], "why": f"in {dep['control']['area']} "
                             f"({dep['control']['status']})"})  # fmt: skip
            continue
        life = max(p["life_years"] for p in item["parts"])
        revenue = item["recoverable_usd"]["central"] / life
        slow, _, fast = lead_time_years(dep["status"])[0]
        lead = (
            deal_model.LeadTime()  # S&P triangular 6 / 9.1 / 32 yr (mean 15.7)
            if dep["status"] not in ("developed", "mothballed")
            else deal_model.LeadTime(kind="uniform", low=fast, high=slow)
        )
        projects.append(
            deal_model.Project(
                name=dep["name"],
                licence_year=today.year + 1,
                annual_revenue_usd=revenue,
                life_years=life,
                royalty_rate=DEAL_ROYALTY_RATE,
                licence_fees_usd=DEAL_LICENCE_FEE_USD,
                lead_time=lead,
            )
        )
    if not projects:
        return {
            "terms": deal_model.AGREEMENT_TERMS,
            "projects": [],
            "excluded": excluded,
            "statement": "no deposit with a headline estimate qualifies as a new-licence project",
        }
    spec = deal_model.DealSpec(
        fund_share=deal_model.AGREEMENT_FUND_SHARE,
        start_year=today.year,
        horizon_years=60,
        discount_rate=DISCOUNT_RATE[1],
        projects=tuple(projects),
        n_draws=2000,
        seed=0,
        name="case: deposits as new licences",
    )
    res = deal_model.simulate_deal(spec)
    cum = res["cumulative"]
    years = res["years"]
    marks = [y for y in (today.year + 10, today.year + 20, today.year + 30, today.year + 59)]
    return {
        "terms": deal_model.AGREEMENT_TERMS,
        "inflow_basis": spec.inflow_basis,
        "fund_share": spec.fund_share,
        "reinvestment_years": spec.reinvestment_years,
        "royalty_rate": {"value": DEAL_ROYALTY_RATE, "basis": _ASSUMED + ": rent rate"},
        "licence_fee_usd": {"value": DEAL_LICENCE_FEE_USD, "basis": _ASSUMED},
        "lead_time": deal_model.SP_LEAD_TIME_SOURCE,
        "projects": [
            {
                "name": p.name,
                "licence_year": p.licence_year,
                "annual_revenue_usd": p.annual_revenue_usd,
                "life_years": p.life_years,
                "status": by_name[p.name]["status"],
                "lead_time_years": {"kind": p.lead_time.kind, "expected": p.lead_time.expected()},
            }  # fmt: skip
            for p in projects
        ],
        "excluded": excluded,
        "cumulative_inflow_usd": {
            int(y): {
                "q10": float(np.percentile(cum[:, int(y - years[0])], 10)),
                "median": float(np.percentile(cum[:, int(y - years[0])], 50)),
                "q90": float(np.percentile(cum[:, int(y - years[0])], 90)),
            }
            for y in marks
        },
        "pv_fund_inflow_usd": {
            "q10": float(np.percentile(res["pv_fund_inflow"], 10)),
            "median": float(np.percentile(res["pv_fund_inflow"], 50)),
            "q90": float(np.percentile(res["pv_fund_inflow"], 90)),
        },
    }


# -- Belarus -------------------------------------------------------------------------------

EXPLORATION_NEEDS = [
    "depth to the crystalline basement and thickness of the sedimentary cover over each "
    "reported occurrence (drilling, seismic)",
    "REE grades and their distribution (light vs heavy, Nd/Pr/Dy/Tb) from drill core assays",
    "the host minerals (monazite, xenotime, apatite, eudialyte ...) and whether they can be "
    "processed (metallurgical tests)",
    "continuity and tonnage: drilling density sufficient for at least an inferred resource "
    "(GKZ C2 / JORC Inferred)",
    "REE content and volumes of phosphorite and phosphogypsum by-products where reported",
]


def belarus_section(store: Store, literature_folder: Path | None = None) -> dict[str, Any]:
    """What the literature reports for Belarus and what USGS does (not) publish."""
    mcs = store.query(
        "SELECT commodity_id, measure, count(*) AS n, min(edition) AS first_edition, "
        "max(edition) AS last_edition FROM observation WHERE iso3 = 'BLR' GROUP BY ALL "
        "ORDER BY commodity_id, measure"
    )
    ree_rows = [r for r in mcs if r["commodity_id"] == "rare-earths"]
    editions = [
        r[0]
        for r in store.con.execute(
            "SELECT DISTINCT edition FROM observation WHERE commodity_id = 'rare-earths' "
            "AND edition IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    sources = _sources(store)
    items = []
    for row in read_literature(literature_folder):
        items.append(
            {
                "name": row["name"],
                "region": row["region"] or None,
                "kind": row["kind"] or None,
                "description": row["description"],
                "depth_m": row["depth_m"],
                "commodities": row["commodities"],
                "secondary": row["secondary"],
                "source": _source_dict(sources.get(row["source_id"]), row["page"] or None),
            }
        )
    if ree_rows:
        statement = "The store holds USGS rare-earth statistics for Belarus: " + ", ".join(
            f"{r['measure']} ({r['n']} rows)" for r in ree_rows
        )
    else:
        statement = (
            "USGS publishes no rare-earth statistics for Belarus: no Belarus row in the rare-"
            "earth tables of the MCS editions in the store ("
            + ", ".join(str(e) for e in editions)
            + "). USGS rows for Belarus cover only "
            + ", ".join(sorted({r["commodity_id"] for r in mcs}))
            + "."
        )
    return {
        "usgs_statement": statement,
        "usgs_ree_rows": len(ree_rows),
        "usgs_editions_checked": editions,
        "usgs_rows_for_belarus": [{k: _clean(v) for k, v in r.items()} for r in mcs],
        "literature": items,
        "exploration_programme_needs": EXPLORATION_NEEDS,
    }


# -- undiscovered --------------------------------------------------------------------------


def undiscovered_section(tract: Path | None) -> tuple[dict[str, Any] | None, str]:
    if tract is None:
        return None, (
            "No three-part assessment of undiscovered resources has been published for this "
            "country and commodity, and none is made here; give --tract with a tract spec "
            "whose estimates cite their source to run one."
        )
    from assay.analyses.assessment import assess_tract
    from assay.importers.mapmark4 import MapMark4InputError, read_tract_spec

    try:
        spec = read_tract_spec(Path(tract))
        result = assess_tract(spec)
    except (MapMark4InputError, OSError) as exc:
        raise CaseError(f"--tract {tract}: {exc}") from None
    out = result.to_dict()
    cited = _tract_citation(Path(tract))
    statement = "three-part assessment of the given tract" + (
        f"; its deposit-number estimates cite: {cited}"
        if cited
        else "; the tract spec cites no source for its deposit-number estimates (no 'source' or "
        "'citation' key): treat the result as illustrative, not as a published assessment"
    )
    return {
        "tract": str(tract),
        "estimates_cited": cited,
        "totals": out.get("totals"),
        "assessment": out,
    }, statement


def _tract_citation(path: Path) -> str | None:
    """The ``source``/``citation`` of a tract spec (YAML or TOML), if it has one."""
    import tomllib

    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        doc = tomllib.loads(text) if path.suffix.lower() == ".toml" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    if not isinstance(doc, dict):
        return None
    for key in ("estimates_source", "source", "citation"):
        if doc.get(key):
            return str(doc[key])
    return None


# -- the dossier ---------------------------------------------------------------------------


def fmt_usd(x: float) -> str:
    """A USD amount in words of scale ('14.8 trillion')."""
    for div, unit in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= div:
            return f"{x / div:,.1f} {unit}"
    return f"{x:,.0f}"


def _confidence_word(level: int) -> str:
    return {5: "high", 4: "moderate", 3: "low", 2: "very low", 1: "very low"}.get(level, "none")


def summary_answers(
    country: str,
    commodity: str,
    known: dict[str, Any],
    worth: dict[str, Any],
    commodity_id: str | None = None,
) -> dict[str, Any]:
    """The three answers (how real, how much, what it is worth) with range and confidence."""
    deps = known["deposits"]
    levels = [
        next(e["level"] for e in d["estimates"] if e["id"] == d["headline_estimate"])
        for d in deps
        if d["headline_estimate"]
    ]
    best = max(levels) if levels else 0
    n_est = len(levels)
    real = (
        f"{len(deps)} curated {commodity.lower()} deposits in {country}; {n_est} with an "
        f"estimate from "
        f"a primary source (best level: {classification.LADDER[best]}); "
        f"{len(known['producing'])} producing"
        + (f" ({', '.join(known['producing'])})" if known["producing"] else "")
        + (
            f"; {len(known['secondary_only'])} known only from secondary reports"
            if known["secondary_only"]
            else ""
        )
    )
    conf = known["by_confidence"]
    identified = sum(v["contained_t"] for k, v in conf.items() if v["level"] >= 3)
    prognostic = sum(v["contained_t"] for k, v in conf.items() if 0 < v["level"] < 3)
    species = sorted(
        {
            row["species"]
            for d in deps
            for e in d["estimates"]
            if e["id"] == d["headline_estimate"]
            for row in e["rows"]
            if row["contained_t"] is not None
            and row["species"]
            and row["commodity_id"] in (commodity_id, None)
        }
    )
    unit = f"t {'/'.join(species)}" if species else "t"
    much = (
        f"{known['headline_contained_t']:,.0f} {unit} contained in headline estimates: "
        f"{identified:,.0f} t identified (inferred or better), {prognostic:,.0f} t prognostic"
    )
    low, cen, high = (worth["in_situ_usd"][k] for k in LEVELS)
    npv = worth["npv_usd"]
    rec = worth["recoverable_usd"]
    value = (
        f"in situ USD {fmt_usd(cen)} ({fmt_usd(low)}-{fmt_usd(high)}); recoverable "
        f"{fmt_usd(rec['central'])} ({fmt_usd(rec['low'])}-{fmt_usd(rec['high'])}); NPV "
        f"{fmt_usd(npv['central'])} ({fmt_usd(npv['low'])}-{fmt_usd(npv['high'])})"
    )
    valued = worth.get("valued_headline_estimates", 1)
    if not valued:
        value = (
            "not valued: no headline estimate (a primary source with contained tonnage) to "
            "value"
            + (
                "; figures known only from secondary reports are valued per deposit, outside "
                "the totals"
                if worth["per_deposit"]
                else ""
            )
        )
    return {
        "how_real": {
            "answer": real,
            "confidence": _confidence_word(best) if n_est else "none",
            "range": {"deposits": len(deps), "with_primary_estimate": n_est},
        },
        "how_much": {
            "answer": much,
            "confidence": "low" if prognostic > identified else _confidence_word(best),
            "range": {"identified_t": identified, "prognostic_t": prognostic},
        },
        "worth": {
            "answer": value,
            "confidence": (
                "low (prices and recoveries assumed; see assumptions)" if valued else "none"
            ),
            "range": {"in_situ_usd": worth["in_situ_usd"], "npv_usd": npv},
        },
    }


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _summary_notes(data: dict[str, Any]) -> list[str]:
    """One line each for the headlines and the deal, for the summary page."""
    notes = []
    for item in data["headlines"]:
        rec = item.get("reconstructable")
        if rec:
            notes.append(
                f"Headline “{_short(item['text'])}”: an in-situ gross value dominated by coal and "
                f"iron ore; the tool reconstructs USD {fmt_usd(rec['tool_in_situ_usd_central'])} "
                f"of it ({100 * rec['share_of_headline']:.2g} %), recoverable USD "
                f"{fmt_usd(rec['tool_recoverable_usd_central'])}, NPV USD "
                f"{fmt_usd(rec['tool_npv_usd_central'])} (central)."
            )
        elif item.get("evidence"):
            notes.append(f"Headline “{_short(item['text'])}”: {item['evidence']}.")
    deal = data.get("deal")
    if deal and deal.get("projects"):
        last = max(deal["cumulative_inflow_usd"], key=int)
        cum = deal["cumulative_inflow_usd"][last]
        notes.append(
            f"Deal (50 % of royalties and licence fees of new licences, no profit tax): "
            f"{len(deal['projects'])} deposit(s) as new licences pay USD "
            f"{fmt_usd(cum['median'])} into the fund by {last} (10-90 %: "
            f"{fmt_usd(cum['q10'])}-{fmt_usd(cum['q90'])})."
        )
    elif deal:
        notes.append(f"Deal: {deal.get('statement')}.")
    return notes


def case_dossier(
    store: Store,
    country: str,
    commodity: str | None = None,
    *,
    tract: Path | None = None,
    claims: list[str] | tuple[str, ...] = (),
    today: date | None = None,
    literature_folder: Path | None = None,
) -> dict[str, Any]:
    """The case dossier of ``country`` for ``commodity`` (default: rare earths).

    Raises
    ------
    CaseError
        for an unknown country or commodity.
    """
    from assay.store.lookup import resolve_commodity, resolve_country

    today = today or date.today()
    try:
        iso3 = resolve_country(store, country)
    except ValueError as exc:
        raise UnknownCaseSubjectError(str(exc)) from None
    try:
        commodity_id = resolve_commodity(store, commodity or "rare earths")
    except ValueError as exc:
        raise UnknownCaseSubjectError(str(exc)) from None
    names = dict(store.con.execute("SELECT iso3, name FROM country").fetchall())
    cnames = dict(store.con.execute("SELECT id, name FROM commodity").fetchall())
    known, deposits = known_section(store, iso3, commodity_id, today)
    worth = worth_section(deposits, commodity_id)
    undiscovered, undiscovered_statement = undiscovered_section(tract)
    out: dict[str, Any] = {
        "country": iso3,
        "country_name": names.get(iso3, iso3),
        "commodity": {"id": commodity_id, "name": cnames.get(commodity_id, commodity_id)},
        "as_of": today.isoformat(),
        "summary": summary_answers(
            names.get(iso3, iso3),
            cnames.get(commodity_id, commodity_id),
            known,
            worth,
            commodity_id,
        ),
        "known": known,
        "worth": worth,
        "undiscovered": undiscovered,
        "undiscovered_statement": undiscovered_statement,
        "headlines": headlines_section(store, iso3, commodity_id, list(claims), today),
        "deal": deal_section(worth, known, today) if iso3 == "UKR" else None,
        "belarus": belarus_section(store, literature_folder) if iso3 == "BLR" else None,
    }
    out["summary"]["notes"] = _summary_notes(out)
    if out["belarus"] is not None:
        real = out["summary"]["how_real"]
        n_lit = len(out["belarus"]["literature"])
        real["answer"] += (
            f". {out['belarus']['usgs_statement']} The geological literature reports {n_lit} "
            "item(s) (occurrences, host rocks, depth under cover; see What Belarus has), none "
            "with a resource estimate"
        )
        real["range"]["literature_items"] = n_lit
    return out
