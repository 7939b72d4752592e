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
#: the package holding bundled example tracts, one folder each with tract.yaml and README.md
EXAMPLES_PACKAGE = "assay.reference.examples"


def bundled_examples() -> dict[str, dict[str, Any]]:
    """The bundled example tracts: ``{folder name: {"name", "title", "spec", "readme",
    "files"}}``, from the folders of :data:`EXAMPLES_PACKAGE` that hold a ``tract.yaml``.

    ``title`` is the spec's ``name``; ``readme`` the README's first paragraph after its
    heading (what the example is and where its numbers came from).
    """
    from importlib.resources import files

    import yaml

    root = Path(str(files(EXAMPLES_PACKAGE)))
    out: dict[str, dict[str, Any]] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "tract.yaml").is_file()):
        spec = yaml.safe_load((folder / "tract.yaml").read_text(encoding="utf-8")) or {}
        readme = folder / "README.md"
        paragraphs = (
            [b.strip() for b in readme.read_text(encoding="utf-8").split("\n\n")]
            if readme.is_file()
            else []
        )
        heading = paragraphs[0].lstrip("# ") if paragraphs else ""
        out[folder.name] = {
            "name": folder.name,
            "title": str(spec.get("name") or folder.name),
            "heading": heading,
            "readme": " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else "",
            "spec": folder / "tract.yaml",
            "files": sorted(
                p.name for p in folder.iterdir() if p.suffix in {".csv", ".json", ".yaml", ".md"}
            ),
        }
    return out


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
    app, ctx = pages.app, pages.ctx
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
            has_sites=bool(pages.has("sites")),
            examples=list(bundled_examples().values()),
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
            "examples": {
                name: {
                    "title": ex["title"],
                    "about": ex["readme"],
                    "post": "/assessment/example.json",
                    "form": {"example": name},
                    "files": {f: f"/assessment/example/{name}/{f}" for f in ex["files"]},
                }
                for name, ex in bundled_examples().items()
            },
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

    # below the server's request limit, so that the page can say why instead of a bare 503
    time_limit = max(1.0, 0.9 * ctx.request_timeout_s)

    async def run(form: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Run the form: uploaded files, or typed estimates and a model built from the
        store's site inventory (:func:`assay.analyses.sites.build_gtm`)."""
        from starlette.concurrency import run_in_threadpool

        from assay.importers.mapmark4 import tract_spec_from_dict
        from assay.reports.assessment import assessment_data

        estimates: UploadFile | None = form["estimates"]
        model: UploadFile | None = form["model"]
        preset: UploadFile | None = form["preset"]
        model_kind = form["model_kind"]
        draws = form["draws"]
        if model_kind not in ("gatm", "tm"):
            raise PageError("model_kind must be 'gatm' (grade-tonnage) or 'tm' (tonnage)", 400)
        if not 1 <= draws <= MAX_WEB_DRAWS:
            raise PageError(f"draws must be between 1 and {MAX_WEB_DRAWS}", 400)
        with tempfile.TemporaryDirectory(prefix="assay-web-") as tmp:
            folder = Path(tmp)
            digest = hashlib.sha256()
            est_bytes = await _save(estimates, folder / "estimates.csv")
            est_name = estimates.filename if est_bytes and estimates else None
            if not est_bytes:
                typed = [str(form[k]).strip() for k in ("n90", "n50", "n10")]
                if not all(typed):
                    raise PageError(
                        "upload an estimates file, or type N90, N50 and N10 (numbers of "
                        "deposits with 90 %, 50 % and 10 % probability of at least that many)",
                        400,
                    )
                est_bytes = ("Name,Weight,N90,N50,N10\nform,1," + ",".join(typed) + "\n").encode()
                (folder / "estimates.csv").write_bytes(est_bytes)
                est_name = "typed estimates (N90 " + ", ".join(typed) + ")"
            digest.update(est_bytes)
            model_bytes = await _save(model, folder / "model.csv")
            model_name = model.filename if model_bytes and model else None
            inventory = None
            if not model_bytes:
                deposit_type = str(form["inventory_type"]).strip()
                commodity = str(form["inventory_commodity"]).strip()
                if not (deposit_type and commodity) or not pages.has("sites"):
                    raise PageError(
                        "upload a deposit model file, or name a deposit type and commodity "
                        "to build one from the store's site inventory",
                        400,
                    )
                from assay.analyses.sites import build_gtm

                try:
                    gtm = await run_in_threadpool(build_gtm, ctx.store(), deposit_type, commodity)
                except ValueError as exc:
                    raise PageError(str(exc), 400) from exc
                gtm["table"].to_csv(folder / "model.csv", index=False)
                model_bytes = (folder / "model.csv").read_bytes()
                model_kind = "gatm"
                model_name = (
                    f"site inventory: {deposit_type} / {commodity} ({gtm['deposits']} deposits)"
                )
                inventory = {k: v for k, v in gtm.items() if k != "table"}
            digest.update(model_bytes)
            tract_name = form["name"] or (
                Path(model.filename).stem
                if model and model.filename
                else f"{form['inventory_type']} {form['inventory_commodity']}"
            )
            spec_dict: dict[str, Any] = {
                "name": str(tract_name)[:60] or "tract",
                model_kind: "model.csv",
                "estimates": "estimates.csv",
                "pmf": form["pmf"],
                "pdf": form["pdf"],
                "truncate": form["truncate"],
                "draws": draws,
                "seed": form["seed"],
            }
            preset_bytes = await _save(preset, folder / "preset.csv")
            if preset_bytes:
                spec_dict["econ"] = "preset.csv"
                digest.update(preset_bytes)
            digest.update(repr(sorted(spec_dict.items())).encode())
            run_id = digest.hexdigest()[:16]
            names = {
                str(folder / "estimates.csv"): est_name or "estimates",
                str(folder / "model.csv"): model_name or "model",
                str(folder / "preset.csv"): (preset.filename if preset else None) or "preset",
                str(folder / "upload"): "the form",
            }

            def simulate() -> dict[str, Any]:
                spec = tract_spec_from_dict(spec_dict, folder, folder / "upload")
                return assessment_data(spec, reference_draws=100_000)

            def compute() -> dict[str, Any]:
                from assay.web.security import WorkTimeout, run_with_time_limit

                try:
                    # a forked worker killed at the request's time limit: a thread could not
                    # be stopped and would simulate on after the client was answered
                    data = run_with_time_limit(simulate, seconds=time_limit)
                except WorkTimeout as exc:
                    raise PageError(f"assessment: {exc}; ask for fewer draws", 503) from None
                except (ValueError, KeyError) as exc:
                    message = str(exc)
                    for path, name in names.items():
                        message = message.replace(path, name)
                    raise PageError(message.replace(str(folder), "upload"), 400) from exc
                # the inputs' names replace the temporary paths in the echoed spec
                data["spec"] = {
                    **data["spec"],
                    "estimates": est_name,
                    model_kind: model_name,
                    "econ": preset.filename if preset_bytes and preset else None,
                }
                if inventory is not None:
                    data["inventory_model"] = inventory
                data["run_id"] = run_id
                data["figures"] = assessment_figures(data)
                return data

            data = await run_in_threadpool(pages.data, ("assessment", run_id), compute)
        return run_id, data

    def form_fields(
        estimates: UploadFile | None,
        model: UploadFile | None,
        preset: UploadFile | None,
        **fields: Any,
    ) -> dict[str, Any]:
        return {"estimates": estimates, "model": model, "preset": preset, **fields}

    @app.post("/assessment.json", tags=["assessment"], summary="Run a three-part assessment")
    async def assessment_json(
        estimates: Annotated[
            UploadFile | None, File(description="Estimates CSV (Name, Weight, N90, N50, N10...)")
        ] = None,
        model: Annotated[
            UploadFile | None, File(description="Grade-tonnage or tonnage model CSV")
        ] = None,
        model_kind: Annotated[str, Form()] = "gatm",
        n90: Annotated[str, Form(description="typed estimate when no file")] = "",
        n50: Annotated[str, Form()] = "",
        n10: Annotated[str, Form()] = "",
        inventory_type: Annotated[
            str, Form(description="deposit type: build the model from the inventory")
        ] = "",
        inventory_commodity: Annotated[str, Form()] = "",
        name: Annotated[str, Form()] = "",
        pmf: Annotated[str, Form()] = "negbinomial",
        pdf: Annotated[str, Form()] = "normal",
        truncate: Annotated[bool, Form()] = False,
        draws: Annotated[int, Form()] = DEFAULT_WEB_DRAWS,
        seed: Annotated[int, Form()] = 1,
        preset: Annotated[UploadFile | None, File(description="RAEF preset (optional)")] = None,
    ) -> Response:
        run_id, _ = await run(form_fields(**locals()))
        return pages.json(("assessment", run_id), lambda: None)

    @app.post("/assessment", include_in_schema=False)
    async def assessment_run(
        request: Request,
        estimates: Annotated[UploadFile | None, File()] = None,
        model: Annotated[UploadFile | None, File()] = None,
        model_kind: Annotated[str, Form()] = "gatm",
        n90: Annotated[str, Form()] = "",
        n50: Annotated[str, Form()] = "",
        n10: Annotated[str, Form()] = "",
        inventory_type: Annotated[str, Form()] = "",
        inventory_commodity: Annotated[str, Form()] = "",
        name: Annotated[str, Form()] = "",
        pmf: Annotated[str, Form()] = "negbinomial",
        pdf: Annotated[str, Form()] = "normal",
        truncate: Annotated[bool, Form()] = False,
        draws: Annotated[int, Form()] = DEFAULT_WEB_DRAWS,
        seed: Annotated[int, Form()] = 1,
        preset: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        from assay.web.app import wants_json

        fields = {k: v for k, v in locals().items() if k not in ("request", "wants_json")}
        try:
            run_id, data = await run(form_fields(**fields))
        except PageError as exc:
            if wants_json(request):
                raise
            return form_page(request, exc.message, exc.status)
        if wants_json(request):
            return pages.json(("assessment", run_id), lambda: None)
        return result_page(run_id, data)

    def result_page(run_id: str, data: dict[str, Any]) -> Response:
        return pages.render(
            "assessment.html",
            title=f"Assessment of tract {data['tract']}",
            data=data,
            plots=True,
            path="/assessment",
            json_href=f"/assessment/run/{run_id}.json",
            max_draws=MAX_WEB_DRAWS,
            default_draws=DEFAULT_WEB_DRAWS,
            has_sites=bool(pages.has("sites")),
            examples=list(bundled_examples().values()),
        )

    async def run_example(name: str) -> tuple[str, dict[str, Any]]:
        """Run a bundled example tract (:func:`bundled_examples`) as its spec says."""
        from starlette.concurrency import run_in_threadpool

        from assay.importers.mapmark4 import read_tract_spec
        from assay.reports.assessment import assessment_data

        examples = bundled_examples()
        if name not in examples:
            known = ", ".join(examples) or "none"
            raise PageError(f"no bundled example {name!r}; bundled: {known}", 404)
        example = examples[name]
        folder = example["spec"].parent
        digest = hashlib.sha256(name.encode())
        for file in example["files"]:
            digest.update((folder / file).read_bytes())
        run_id = digest.hexdigest()[:16]

        def compute() -> dict[str, Any]:
            spec = read_tract_spec(example["spec"])
            data = assessment_data(spec, reference_draws=100_000)
            # file names, not the installation's paths, in the echoed spec
            data["spec"] = {
                k: (Path(v).name if isinstance(v, str | Path) and Path(str(v)).is_absolute() else v)
                for k, v in data["spec"].items()
            }
            data["example"] = {k: v for k, v in example.items() if k != "spec"}
            meta = folder / "gtm.meta.json"
            if meta.is_file():
                import json

                data["inventory_model"] = json.loads(meta.read_text(encoding="utf-8"))
            data["run_id"] = run_id
            data["figures"] = assessment_figures(data)
            return data

        data = await run_in_threadpool(pages.data, ("assessment", run_id), compute)
        return run_id, data

    @app.post("/assessment/example.json", tags=["assessment"], summary="Run a bundled example")
    async def example_json(example: Annotated[str, Form()] = "carbonatite_ree") -> Response:
        run_id, _ = await run_example(example)
        return pages.json(("assessment", run_id), lambda: None)

    @app.post("/assessment/example", include_in_schema=False)
    async def example_run(
        request: Request, example: Annotated[str, Form()] = "carbonatite_ree"
    ) -> Response:
        from assay.web.app import wants_json

        try:
            run_id, data = await run_example(example)
        except PageError as exc:
            if wants_json(request):
                raise
            return form_page(request, exc.message, exc.status)
        if wants_json(request):
            return pages.json(("assessment", run_id), lambda: None)
        return result_page(run_id, data)

    @app.get("/assessment/example/{name}/{file}", tags=["assessment"])
    def example_file(name: str, file: str) -> Response:
        """One input file of a bundled example (its model, estimates, spec, README)."""
        example = bundled_examples().get(name)
        if example is None or file not in example["files"]:
            raise PageError(f"no bundled example file {name}/{file}", 404)
        media = {
            ".csv": "text/csv; charset=utf-8",
            ".json": "application/json",
            ".yaml": "text/plain; charset=utf-8",
            ".md": "text/plain; charset=utf-8",
        }[Path(file).suffix]
        return Response(
            (example["spec"].parent / file).read_bytes(),
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{name}-{file}"'},
        )

    async def read_aggregate(upload: UploadFile | None) -> tuple[str, dict[str, Any]]:
        """The JSON of ``assay aggregate --json`` (regional totals of a batch), checked."""
        import json

        raw = await upload.read() if upload is not None else b""
        if not raw:
            raise PageError("upload the JSON written by assay aggregate --json", 400)
        if len(raw) > pages.ctx.max_upload_bytes:
            raise PageError(f"{upload.filename}: larger than the upload limit", 413)
        try:
            data = json.loads(raw)
            modes = ("independent", "correlated", "fully_correlated")
            materials = list(data["materials"])
            for mode in modes:
                for material in materials:
                    stats = data[mode][material]
                    float(stats["mean"]), float(stats["p_zero"]), dict(stats["quantiles"])
        except (ValueError, KeyError, TypeError) as exc:
            name = upload.filename if upload is not None else "upload"
            raise PageError(f"{name}: not an assay aggregate JSON (missing {exc})", 400) from exc
        run_id = hashlib.sha256(raw).hexdigest()[:16]
        first = materials[0]
        levels = list(data["independent"][first]["quantiles"])
        data["figures"] = {
            "aggregate": line_chart(
                {
                    mode.replace("_", " "): (
                        [data[mode][first]["quantiles"][q] for q in levels],
                        [1 - float(q) for q in levels],
                    )
                    for mode in modes
                },
                title=f"Regional {first}: probability of at least t ({data.get('tracts')} tracts)",
                x_title=f"regional {first} t [t] (log scale)",
                y_title="P(T ≥ t)",
                log_x=True,
            )
        }
        return run_id, data

    def aggregate_page(request: Request, data: dict[str, Any]) -> Response:
        return pages.render(
            "assessment.html",
            title=f"Regional totals of {data.get('tracts')} tracts",
            data=None,
            aggregate=data,
            plots=True,
            path="/assessment",
            json_href=None,
            max_draws=MAX_WEB_DRAWS,
            default_draws=DEFAULT_WEB_DRAWS,
            has_sites=bool(pages.has("sites")),
            examples=list(bundled_examples().values()),
        )

    @app.post("/assessment/aggregate", include_in_schema=False)
    async def aggregate_view(
        request: Request, aggregate: Annotated[UploadFile | None, File()] = None
    ) -> Response:
        from assay.web.app import wants_json

        try:
            run_id, data = await read_aggregate(aggregate)
        except PageError as exc:
            if wants_json(request):
                raise
            return form_page(request, exc.message, exc.status)
        pages.data(("aggregate", run_id), lambda: data)
        if wants_json(request):
            return pages.json(("aggregate", run_id), lambda: data)
        return aggregate_page(request, data)

    @app.post("/assessment/aggregate.json", tags=["assessment"], summary="Show regional totals")
    async def aggregate_json(
        aggregate: Annotated[
            UploadFile | None, File(description="JSON of assay aggregate --json")
        ] = None,
    ) -> Response:
        run_id, data = await read_aggregate(aggregate)
        return pages.json(("aggregate", run_id), lambda: data)

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
