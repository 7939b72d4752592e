"""Sources page: every source and edition in the store, with how many numbers cite it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from assay.store import Store
from assay.web.app import Pages
from assay.web.render import rows_to_csv

SOURCE_COLUMNS = (
    "id",
    "publisher",
    "title",
    "edition",
    "year",
    "table_name",
    "doi",
    "url",
    "retrieved",
    "file",
    "sha256",
    "license",
    "kind",
    "observations",
)


def public_path(path: str | None) -> str | None:
    """A source file as readers may see it: the path inside its published data set
    (``usgs-mcs-2024/world/x.csv``) or inside assay (``assay/reference/...``), never the
    absolute path on the machine that built the store."""
    if not path or not path.startswith(("/", "\\")) and ":" not in path[:3]:
        return path
    parts = path.replace("\\", "/").split("/")
    for marker, keep in (("data", 0), ("assay", 1)):
        if marker in parts:
            i = len(parts) - 1 - parts[::-1].index(marker)
            return "/".join(parts[i + 1 - keep :])
    return parts[-1]


def sources_listing(store: Store) -> dict[str, Any]:
    """All rows of the ``source`` table with the number of observations citing each.

    Returns
    -------
    dict
        ``sources``: list of records (columns :data:`SOURCE_COLUMNS`), ordered by publisher,
        title and edition; ``editions``: the distinct editions per publisher and title.
    """
    rows = store.query(
        """SELECT s.*, coalesce(n.observations, 0) AS observations
           FROM source s LEFT JOIN (
               SELECT source_id, count(*) AS observations FROM observation GROUP BY source_id
           ) n ON n.source_id = s.id
           ORDER BY s.publisher, s.title, s.edition NULLS LAST, s.id"""
    )
    for row in rows:  # the machine's folders are nobody's business: a path from the data set
        row["file"] = public_path(row.get("file"))
    editions: dict[str, list[Any]] = {}
    for row in rows:
        key = f"{row['publisher']}: {row['title']}"
        if row.get("edition") is not None and row["edition"] not in editions.setdefault(key, []):
            editions[key].append(row["edition"])
        editions.setdefault(key, [])
    return {"sources": rows, "editions": editions}


def register(pages: Pages) -> None:
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Sources", "/sources")

    def compute() -> dict[str, Any]:
        return sources_listing(ctx.store())

    @app.get("/sources.json", tags=["sources"], summary="Every source and edition in the store")
    def sources_json() -> Response:
        return pages.json("sources", compute)

    @app.get("/sources.csv", tags=["sources"], summary="The sources table as CSV")
    def sources_csv() -> Response:
        data = pages.data("sources", compute)
        return Response(
            rows_to_csv(data["sources"], SOURCE_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="assay-sources.csv"'},
        )

    @app.get("/sources", include_in_schema=False)
    def sources(request: Request) -> Response:
        return pages.page(request, "sources", compute, "sources.html", title="Sources")
