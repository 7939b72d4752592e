"""Report documents: one self-contained HTML file, or a PDF made from it by WeasyPrint.

The HTML carries its figures as SVG ``data:`` URIs and its styles inline, so it opens
anywhere without a server. The PDF renderer is given a URL fetcher that only accepts
``data:`` URLs: a report can never make WeasyPrint read a local file or the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from assay.formatting import cite, fmt_number, fmt_percent

TEMPLATES = Path(__file__).parent / "templates"

#: ``progress(step, done, total)``, called by the report builders before each stage (the
#: CLI passes its progress bar's callback; reports never import Rich)
Progress = Callable[..., None]


def no_progress(step: str, done: int | None = None, total: int | None = None) -> None:
    """The default progress callback: does nothing."""


#: templates shared by the web pages and the reports (neither layer imports the other's)
SHARED_TEMPLATES = Path(__file__).parents[1] / "shared_templates"


@dataclass
class Report:
    """A rendered report: its title, a file-name slug, the HTML text and its data."""

    title: str
    slug: str
    html: str
    data: dict[str, Any] = field(default_factory=dict)

    def pdf(self) -> bytes:
        return html_to_pdf(self.html)


_ENV: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    """Jinja environment of the report templates (autoescape on)."""
    global _ENV
    if _ENV is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(TEMPLATES), str(SHARED_TEMPLATES)]),
            autoescape=True,
            undefined=jinja2.ChainableUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["num"] = fmt_number
        env.filters["pct"] = fmt_percent
        env.filters["cite"] = cite
        _ENV = env
    return _ENV


def render_html(template: str, **context: Any) -> str:
    """Render a report template with the generation time and assay version added."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        assay_version = version("assay")
    except PackageNotFoundError:
        assay_version = "unknown"
    context.setdefault("generated", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    context.setdefault("assay_version", assay_version)
    return environment().get_template(template).render(**context)


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of an HTML report (WeasyPrint; only ``data:`` URLs may be fetched)."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=["data"])
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def write_report(
    report: Report, path: str | Path, fmt: str, progress: Progress | None = None
) -> Path:
    """Write ``report`` to ``path`` as ``'html'`` or ``'pdf'`` (``progress`` is told when
    the PDF layout, usually the longest stage, starts)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        target.write_text(report.html, encoding="utf-8")
    elif fmt == "pdf":
        (progress or no_progress)("PDF layout (WeasyPrint)")
        target.write_bytes(report.pdf())
    else:
        raise ValueError(f"unknown report format {fmt!r} (html or pdf)")
    return target
