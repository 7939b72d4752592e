"""Assessment page: upload a grade-tonnage (or tonnage) model and estimates, run, see results.

The uploaded files are written to a private temporary folder under fixed names, read by
:mod:`assay.importers.mapmark4` (whose errors name the file, row and column) and run by
:func:`assay.reports.assessment.assessment_data`. Each run is kept in the page cache under a
run id (a hash of the inputs), from which its JSON, totals CSV and HTML/PDF report are
downloaded.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import Response

from assay.web.app import PageError, Pages
from assay.web.figures import column_chart, line_chart
from assay.web.render import rows_to_csv

#: most simulation draws a web request may ask for (the time limit applies as well)
MAX_WEB_DRAWS = 50_000
DEFAULT_WEB_DRAWS = 5_000


def assessment_figures(data: dict[str, Any]) -> dict[str, Any]:
    """Plotly figures of a run: pmf, tonnage and grade pdfs, exceedance curves."""
    pmf = data["pmf"]
    n = [row[0] for row in pmf["probabilities"]]
    p = [row[1] for row in pmf["probabilities"]]
    figs = {
        "pmf": column_chart(
            n,
            p,
            title=f"Number of undiscovered deposits ({pmf['method']})",
            x_title="deposits [count]",
            y_title="probability",
        ),
        "exceedance": line_chart(
            {m: (c["t"], c["p"]) for m, c in data["exceedance"].items()},
            title="P(contained total ≥ t)",
            x_title="t [metric tons] (log scale)",
            y_title="probability",
            mode="lines",
            log_x=True,
            step=True,
        ),
    }
    for kind, unit in (("tonnage", "[t]"), ("grade", "[%]")):
        curves = {k: c for k, c in data["pdf_curves"].items() if f" {kind} " in f" {k} "}
        if curves:
            figs[f"{kind}_pdf"] = line_chart(
                {k: (c["x"], c["density"]) for k, c in curves.items()},
                title=f"{kind.capitalize()} pdf (density per log10 unit)",
                x_title=f"{kind} {unit} (log scale)",
                y_title="density",
                mode="lines",
                log_x=True,
            )
    return figs


async def _save(upload: UploadFile | None, target: Path) -> bytes:
    if upload is None or not upload.filename:
        return b""
    content = await upload.read()
    target.write_bytes(content)
    return content


def register(pages: Pages) -> None:
    if not pages.has("assessment"):
        return
    app = pages.app
    pages.add_nav("Assessment", "/assessment")

    def form_page(request: Request, error: str | None = None, status: int = 200) -> Response:
        response = pages.render(
            "assessment.html",
            title="Assessment of undiscovered deposits",
            data=None,
            error=error,
            path="/assessment",
            json_href=None,
            max_draws=MAX_WEB_DRAWS,
            default_draws=DEFAULT_WEB_DRAWS,
        )
        response.status_code = status
        return response

    def describe() -> dict[str, Any]:
        from assay.importers.mapmark4 import PDF_TYPES, PMF_METHODS

        return {
            "page": "assessment",
            "post": "/assessment.json",
            "files": {
                "estimates": "CSV: Name, Weight, N90, N50, N10 (Mark3/Mark4 also N05...N0001)",
                "model": "CSV: grade-tonnage (ID, Name, Ore [t], metals [%]) or tonnage model",
                "preset": "optional RAEF preset CSV (economic filter and valuation)",
            },
            "model_kind": ["gatm", "tm"],
            "pmf": list(PMF_METHODS),
            "pdf": list(PDF_TYPES),
            "max_draws": MAX_WEB_DRAWS,
            "default_draws": DEFAULT_WEB_DRAWS,
            "max_upload_bytes": pages.ctx.max_upload_bytes,
            "method": "USGS three-part assessment as in MapMark4 (Ellefsen 2017, USGS TM 7-C14)",
        }

    @app.get("/assessment.json", tags=["assessment"], summary="What the assessment accepts")
    def assessment_describe() -> Response:
        return pages.json("assessment-form", describe)

    @app.get("/assessment", include_in_schema=False)
    def assessment_form(request: Request) -> Response:
        from assay.web.app import wants_json

        if wants_json(request):
            return pages.json("assessment-form", describe)
        return form_page(request)

    async def run(
        estimates: UploadFile,
        model: UploadFile,
        model_kind: str,
        pmf: str,
        pdf: str,
        truncate: bool,
        draws: int,
        seed: int,
        preset: UploadFile | None,
    ) -> tuple[str, dict[str, Any]]:
        from starlette.concurrency import run_in_threadpool

        from assay.importers.mapmark4 import tract_spec_from_dict
        from assay.reports.assessment import assessment_data

        if model_kind not in ("gatm", "tm"):
            raise PageError("model_kind must be 'gatm' (grade-tonnage) or 'tm' (tonnage)", 400)
        if not 1 <= draws <= MAX_WEB_DRAWS:
            raise PageError(f"draws must be between 1 and {MAX_WEB_DRAWS}", 400)
        with tempfile.TemporaryDirectory(prefix="assay-web-") as tmp:
            folder = Path(tmp)
            digest = hashlib.sha256()
            for upload, name in ((estimates, "estimates.csv"), (model, "model.csv")):
                content = await _save(upload, folder / name)
                if not content:
                    raise PageError(f"no {name.split('.')[0]} file was uploaded", 400)
                digest.update(content)
            spec_dict: dict[str, Any] = {
                "name": Path(model.filename or "tract").stem[:60] or "tract",
                model_kind: "model.csv",
                "estimates": "estimates.csv",
                "pmf": pmf,
                "pdf": pdf,
                "truncate": truncate,
                "draws": draws,
                "seed": seed,
            }
            preset_bytes = await _save(preset, folder / "preset.csv")
            if preset_bytes:
                spec_dict["econ"] = "preset.csv"
                digest.update(preset_bytes)
            digest.update(repr(sorted(spec_dict.items())).encode())
            run_id = digest.hexdigest()[:16]

            names = {
                str(folder / "estimates.csv"): estimates.filename or "estimates",
                str(folder / "model.csv"): model.filename or "model",
                str(folder / "preset.csv"): (preset.filename if preset else None) or "preset",
                str(folder / "upload"): "the form",
            }

            def compute() -> dict[str, Any]:
                try:
                    spec = tract_spec_from_dict(spec_dict, folder, folder / "upload")
                    data = assessment_data(spec, reference_draws=100_000)
                except (ValueError, KeyError) as exc:
                    message = str(exc)
                    for path, name in names.items():
                        message = message.replace(path, name)
                    raise PageError(message.replace(str(folder), "upload"), 400) from exc
                # uploaded file names replace the temporary paths in the echoed spec
                data["spec"] = {
                    **data["spec"],
                    "estimates": estimates.filename,
                    model_kind: model.filename,
                    "econ": preset.filename if preset_bytes and preset else None,
                }
                data["run_id"] = run_id
                data["figures"] = assessment_figures(data)
                return data

            data = await run_in_threadpool(pages.data, ("assessment", run_id), compute)
        return run_id, data

    @app.post("/assessment.json", tags=["assessment"], summary="Run a three-part assessment")
    async def assessment_json(
        estimates: Annotated[UploadFile, File(description="Estimates CSV (N90, N50, N10...)")],
        model: Annotated[UploadFile, File(description="Grade-tonnage or tonnage model CSV")],
        model_kind: Annotated[str, Form()] = "gatm",
        pmf: Annotated[str, Form()] = "negbinomial",
        pdf: Annotated[str, Form()] = "normal",
        truncate: Annotated[bool, Form()] = False,
        draws: Annotated[int, Form()] = DEFAULT_WEB_DRAWS,
        seed: Annotated[int, Form()] = 1,
        preset: Annotated[UploadFile | None, File(description="RAEF preset (optional)")] = None,
    ) -> Response:
        run_id, _ = await run(estimates, model, model_kind, pmf, pdf, truncate, draws, seed, preset)
        return pages.json(("assessment", run_id), lambda: None)

    @app.post("/assessment", include_in_schema=False)
    async def assessment_run(
        request: Request,
        estimates: Annotated[UploadFile, File()],
        model: Annotated[UploadFile, File()],
        model_kind: Annotated[str, Form()] = "gatm",
        pmf: Annotated[str, Form()] = "negbinomial",
        pdf: Annotated[str, Form()] = "normal",
        truncate: Annotated[bool, Form()] = False,
        draws: Annotated[int, Form()] = DEFAULT_WEB_DRAWS,
        seed: Annotated[int, Form()] = 1,
        preset: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        from assay.web.app import wants_json

        try:
            run_id, data = await run(
                estimates, model, model_kind, pmf, pdf, truncate, draws, seed, preset
            )
        except PageError as exc:
            if wants_json(request):
                raise
            return form_page(request, exc.message, exc.status)
        if wants_json(request):
            return pages.json(("assessment", run_id), lambda: None)
        return pages.render(
            "assessment.html",
            title=f"Assessment of tract {data['tract']}",
            data=data,
            plots=True,
            path="/assessment",
            json_href=f"/assessment/run/{run_id}.json",
            max_draws=MAX_WEB_DRAWS,
            default_draws=DEFAULT_WEB_DRAWS,
        )

    def stored(run_id: str) -> dict[str, Any]:
        def missing() -> dict[str, Any]:
            raise PageError(f"no assessment run {run_id!r} in this server's memory; run it again")

        return pages.data(("assessment", run_id), missing)

    @app.get("/assessment/run/{run_id}.json", tags=["assessment"], summary="A run's result")
    def run_json(run_id: str) -> Response:
        return pages.json(("assessment", run_id), lambda: stored(run_id))

    @app.get("/assessment/run/{run_id}/totals.csv", tags=["assessment"])
    def run_csv(run_id: str) -> Response:
        from assay.reports.assessment import totals_rows

        return Response(
            rows_to_csv(totals_rows(stored(run_id))),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="totals-{run_id}.csv"'},
        )

    @app.get("/assessment/run/{run_id}/report.{fmt}", tags=["assessment"])
    def run_report(run_id: str, fmt: str) -> Response:
        from assay.reports.assessment import render_assessment_report

        if fmt not in ("html", "pdf"):
            raise PageError("report format must be html or pdf", 404)
        report = render_assessment_report(stored(run_id))
        body, media = (
            (report.html.encode(), "text/html; charset=utf-8")
            if fmt == "html"
            else (report.pdf(), "application/pdf")
        )
        return Response(
            body,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{report.slug}.{fmt}"'},
        )
