"""The web app (FastAPI): server-rendered pages, each with a JSON twin.

``create_app(db_path, *, write_token=None, ...)`` builds the app; ``assay serve`` runs it.
The app (and FastAPI) is imported on first use of ``create_app``, so that the reports, which
share :mod:`assay.web.render`'s formatters, do not pay ~0.4 s of FastAPI import per PDF.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from assay.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
