"""The web app (FastAPI): server-rendered pages, each with a JSON twin.

``create_app(db_path, *, write_token=None, ...)`` builds the app; ``assay serve`` runs it.
"""

from assay.web.app import create_app

__all__ = ["create_app"]
