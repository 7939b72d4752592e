"""Assessment results for pages and reports: pmf, pdfs, exceedance curves, totals, RAEF.

:func:`assessment_data` runs :func:`assay.analyses.assessment.assess_tract` on a tract
specification (and the RAEF economic filter of :mod:`assay.analyses.economics` when the
spec names a preset) and returns one JSON-ready dict with the curves the web page and the
report draw. :func:`assessment_report` renders it as a :class:`~assay.reports.render.Report`.

Methods: USGS three-part assessment as in MapMark4 (Ellefsen, 2017, USGS TM 7-C14,
doi:10.3133/tm7C14); economic filter RAEF (Shapiro and Robinson, 2019, USGS TM 7-C23,
doi:10.3133/tm7C23).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from assay.reports import figures
from assay.reports.render import Report, render_html

#: number of points kept on each exceedance curve (quantiles of the simulated totals)
CURVE_POINTS = 200
#: histogram bins of the tonnage and grade pdfs (log-spaced)
PDF_BINS = 40


def exceedance_curve(totals: np.ndarray, points: int = CURVE_POINTS) -> dict[str, list[float]]:
    """P(T ≥ t) of simulated totals at ``points`` quantiles of the positive values.

    Parameters
    ----------
    totals
        Simulated totals of one material [t] (zeros where no deposit was drawn).

    Returns
    -------
    dict
        ``t`` [t] increasing and ``p`` the fraction of simulations with a total ≥ t
        (the empirical survival function, as plotted by MapMark4's exceedance plots).
    """
    values = np.sort(np.asarray(totals, dtype=float))
    n = len(values)
    positive = values[values > 0]
    if n == 0 or len(positive) == 0:
        return {"t": [], "p": []}
    t = np.unique(np.quantile(positive, np.linspace(0, 1, points)))
    # count of totals >= t: n - (number strictly below t)
    p = (n - np.searchsorted(values, t, side="left")) / n
    return {"t": t.tolist(), "p": p.tolist()}


def log_histogram(samples: np.ndarray, bins: int = PDF_BINS) -> dict[str, list[float]]:
    """Density of positive ``samples`` per unit of log10(x), at the bin centres."""
    x = np.asarray(samples, dtype=float)
    x = x[np.isfinite(x) & (x > 0)]
    if len(x) == 0:
        return {"x": [], "density": []}
    edges = np.logspace(np.log10(x.min()), np.log10(x.max()), bins + 1)
    counts, edges = np.histogram(x, bins=edges)
    widths = np.diff(np.log10(edges))
    density = counts / (len(x) * widths)
    centres = np.sqrt(edges[:-1] * edges[1:])
    return {"x": centres.tolist(), "density": density.tolist()}


def _pdf_curves(result: Any) -> dict[str, Any]:
    curves: dict[str, Any] = {}
    tonnage = result.tonnage_pdf
    samples = getattr(tonnage, "reference_samples", None)
    if samples is not None and np.ndim(samples) == 1:
        curves[f"{getattr(tonnage, 'name', 'tonnage')} tonnage [t]"] = {
            **log_histogram(samples),
            "data": np.asarray(getattr(tonnage, "tonnages", []), dtype=float).tolist(),
        }
    grade = result.grade_pdf
    if grade is not None and grade is not tonnage:
        parts = getattr(grade, "reference_samples", None)
        names = list(getattr(grade, "part_names", []) or getattr(grade, "grade_names", []))
        if parts is not None and np.ndim(parts) == 2:
            for j, name in enumerate(names[: parts.shape[1]]):
                if name.lower() == "gangue":
                    continue
                curves[f"{name} grade [%]"] = log_histogram(100.0 * parts[:200_000, j])
    return curves


def assessment_data(
    spec: Any,
    *,
    seed: int | None = None,
    draws: int | None = None,
    reference_draws: int = 200_000,
) -> dict[str, Any]:
    """Run one tract and return everything the assessment page and report show.

    Parameters
    ----------
    spec
        A :class:`assay.importers.mapmark4.TractSpec` (or a path to its YAML/TOML file).
    seed, draws
        Override the spec's seed and number of simulation draws.
    reference_draws
        Draws used to sample the tonnage/grade pdfs for their plots.

    Returns
    -------
    dict
        The ``assay assess --json`` object (``tract``, ``pmf``, ``draws``, ``seed``,
        ``totals``, ...), plus ``exceedance`` ({material: {t, p}}), ``pdf_curves``
        ({label: {x, density}}), ``materials`` and, when the spec names a RAEF preset,
        ``econ`` (the ``assay econ`` object).
    """
    from assay.analyses.assessment import assess_tract
    from assay.importers.mapmark4 import TractSpec, read_tract_spec

    if not isinstance(spec, TractSpec):
        spec = read_tract_spec(spec)
    keep = True if spec.econ is not None else None
    result = assess_tract(
        spec,
        seed=seed,
        draws=draws,
        keep_deposits=keep,
        reference_draws=reference_draws,
        stream=False,  # the exceedance curves need the draws
    )
    data = result.to_dict()
    sim = result.simulation
    data["materials"] = list(sim.materials)
    data["exceedance"] = {
        name: exceedance_curve(sim.totals[:, i]) for i, name in enumerate(sim.materials)
    }
    data["pdf_curves"] = _pdf_curves(result)
    if spec.econ is not None:
        from assay.analyses.economics import economic_filter_simulation

        frame = sim.deposits_frame()
        data["econ"] = economic_filter_simulation(frame, sim.draws, spec.econ, seed=int(spec.seed))
        data["valuation"] = _valuation(frame, sim.draws, spec.econ, int(spec.seed))
    return data


def _valuation(frame: Any, draws: int, preset: Path, seed: int) -> dict[str, Any]:
    """In-situ vs recoverable vs NPV at the bundled USGS MCS prices (``value_assessment``)."""
    from assay.analyses.economics import metal_prices, value_assessment
    from assay.importers.raef import read_preset

    try:
        return value_assessment(frame, draws, read_preset(preset), metal_prices(), seed=seed)
    except ValueError as exc:  # e.g. a commodity without a bundled price
        return {"unavailable": str(exc)}


def totals_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The totals table: one row per material with mean, sd, P(0) and the quantiles [t]."""
    rows = []
    for material, stats in data["totals"].items():
        row = {
            "material": material,
            "mean_t": stats["mean"],
            "sd_t": stats["sd"],
            "p_zero": stats["p_zero"],
            "p_exceed_mean": stats["p_exceed_mean"],
            "analytic_mean_t": stats.get("analytic_mean"),
        }
        for q, v in stats["quantiles"].items():
            row[f"q{q}_t"] = v
        rows.append(row)
    return rows


def slugify(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "report"


def assessment_report(
    tract: str | Path | Any, *, seed: int | None = None, draws: int | None = None
) -> Report:
    """HTML/PDF report of one tract: pmf, pdfs, exceedance curves, totals, economic filter."""
    return render_assessment_report(assessment_data(tract, seed=seed, draws=draws))


def render_assessment_report(data: dict[str, Any]) -> Report:
    """The report of an :func:`assessment_data` result."""
    pmf = data["pmf"]
    n, p = zip(*pmf["probabilities"], strict=True) if pmf["probabilities"] else ((), ())
    figs = {
        "pmf": figures.column_chart(
            n,
            p,
            title=f"Number of undiscovered deposits ({pmf['method']})",
            x_title="deposits [count]",
            y_title="probability",
        ),
        "exceedance": figures.line_chart(
            {m: (c["t"], c["p"]) for m, c in data["exceedance"].items()},
            title="Probability that the contained total is at least t",
            x_title="contained total t [t] (log scale)",
            y_title="P(T ≥ t)",
            step=True,
            log_x=True,
        ),
    }
    for kind, unit in (("tonnage", "[t]"), ("grade", "[%]")):
        curves = {k: c for k, c in data["pdf_curves"].items() if f" {kind} " in f" {k} "}
        if curves:
            figs[f"{kind}_pdf"] = figures.line_chart(
                {k: (c["x"], c["density"]) for k, c in curves.items()},
                title=f"{kind.capitalize()} pdf (sampled; density per log10 unit)",
                x_title=f"{kind} {unit} (log scale)",
                y_title="density",
                log_x=True,
            )
    title = f"Assessment of tract {data['tract']}"
    provenance = input_provenance(data)
    html = render_html(
        "assessment.html",
        title=title,
        data=data,
        provenance=provenance,
        totals=totals_rows(data),
        figs={k: figures.svg_data_uri(v) for k, v in figs.items()},
        sources=[
            {"id": "method", "publisher": "U.S. Geological Survey", "title": data["source"]},
        ]
        + (
            [{"id": "raef", "publisher": "U.S. Geological Survey", "title": data["econ"]["source"]}]
            if data.get("econ")
            else []
        ),
    )
    return Report(title=title, slug=slugify(f"assessment-{data['tract']}"), html=html, data=data)


def input_provenance(data: dict[str, Any]) -> dict[str, Any]:
    """What the report must say about its inputs: each file (name, SHA-256), the header
    notes of the tract specification (where its disclaimers are written), the citation of
    the deposit-number estimates (a ``# source: ...`` header line, or a ``source`` /
    ``citation`` key where the spec format allows one), and the provenance of a
    grade-tonnage model that assay built from its inventory (``<model>.meta.json``).

    Returns
    -------
    dict
        ``files`` [{role, name, sha256, bytes}], ``notes`` [str], ``citation`` (str or
        None), ``illustrative`` (True when the estimates cite no source: the report then
        says it is illustrative, not a published assessment) and ``gtm`` (dict or None).
    """
    import json

    import yaml

    inputs = ((data.get("manifest") or {}).get("inputs")) or {}
    files = [
        {"role": role, "name": Path(str(entry.get("path") or "")).name,
         "sha256": entry.get("sha256"), "bytes": entry.get("bytes")}
        for role, entry in inputs.items() if isinstance(entry, dict)
    ]  # fmt: skip
    spec_path = (data.get("spec") or {}).get("source")
    notes: list[str] = []
    citation = None
    if spec_path and Path(spec_path).is_file():
        text = Path(spec_path).read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():  # the comment block that opens the file
            if not line.startswith("#"):
                break
            note = line.lstrip("#").strip()
            key, _, value = note.partition(":")
            # the spec grammar has no citation key: a '# source: ...' header line is one
            if key.strip().lower() in ("source", "citation", "estimates source") and value:
                citation = value.strip()
            else:
                notes.append(note)
        try:
            doc = yaml.safe_load(text) if Path(spec_path).suffix != ".toml" else None
        except yaml.YAMLError:
            doc = None
        if isinstance(doc, dict):
            citation = next(
                (str(doc[k]) for k in ("estimates_source", "source", "citation") if doc.get(k)),
                citation,
            )
    gtm = None
    gatm = (data.get("spec") or {}).get("gatm")
    if gatm:
        meta = Path(gatm).with_suffix(".meta.json")
        if meta.is_file():
            try:
                doc = json.loads(meta.read_text(encoding="utf-8"))
                gtm = {
                    "deposits": doc.get("deposits"),
                    "filters": doc.get("filters") or {},
                    "sources": sorted(
                        {r.get("source_id") for r in doc.get("rows") or [] if r.get("source_id")}
                    ),  # fmt: skip
                }
            except (OSError, ValueError):
                gtm = None
    return {
        "files": files,
        "notes": [" ".join(notes)] if notes else [],
        "citation": citation,
        "illustrative": citation is None,
        "gtm": gtm,
    }
