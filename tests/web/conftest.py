"""Fixtures of the web tests: a small store, the app on it, a live server on loopback.

``tiny_store_path`` is written here through the core schema (two commodities, four
countries, two sources, including hostile text to check escaping), so that the framework
tests do not depend on the importers. ``full_store_path`` is the lead's ``mcs_store_path``:
the store built from ``../shared/data`` (skipped when that is absent).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.store import open_store

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'

TINY_SQL = f"""
INSERT INTO commodity VALUES
  ('rare-earths', 'Rare earths', 'group', 'REO', 'raree', NULL),
  ('lithium', 'Lithium', 'element', 'contained metal', 'lithi', NULL);
INSERT INTO country VALUES
  ('CHN', 'CN', 'China', 'People''s Republic of China'),
  ('UKR', 'UA', 'Ukraine', 'Ukraine'),
  ('RUS', 'RU', 'Russia', 'Russian Federation'),
  ('USA', 'US', 'United States', 'United States of America');
INSERT INTO source (id, publisher, title, edition, table_name, doi, kind) VALUES
  ('usgs-mcs-2025-raree', 'U.S. Geological Survey', 'Mineral Commodity Summaries 2025: Rare earths',
   2025, 'World mine production and reserves', '10.3133/mcs2025', 'official'),
  ('hostile', 'Test publisher', '{HOSTILE}', 2024, NULL, NULL, 'official');
"""

SRC = "usgs-mcs-2025-raree"
NA = "not available"
# (commodity, iso3, name, measure, value [t], basis, qualifier, source, edition)
OBSERVATIONS = [
    ("rare-earths", "CHN", "China", "mine_production", 270000, "REO", "estimated", SRC, 2025),
    ("rare-earths", "USA", "United States", "mine_production", 45e3, "REO", "estimated", SRC, 2025),
    ("rare-earths", "RUS", "Russia", "mine_production", 2500, "REO", "estimated", SRC, 2025),
    ("rare-earths", "CHN", "China", "reserves", 44000000, "REO", None, SRC, 2025),
    ("rare-earths", "RUS", "Russia", "reserves", 3800000, "REO", None, SRC, 2025),
    ("lithium", "UKR", "Ukraine", "reserves", None, "contained metal", NA, "hostile", 2024),
]


def _write_tiny(path: Path) -> Path:
    store = open_store(path)
    try:
        store.con.execute(TINY_SQL)
        store.con.executemany(
            """INSERT INTO observation (commodity_id, iso3, area_name, measure, value,
                   basis, qualifier, source_id, edition, data_year, unit)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 2024, 't')""",
            OBSERVATIONS,
        )
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def tiny_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_tiny(tmp_path_factory.mktemp("web") / "tiny.duckdb")


@pytest.fixture(scope="session")
def full_store_path(mcs_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the store built from ../shared/data (``mcs_store_path``): MCS
    tables, risk inputs, the staged site inventories and the checked seed articles."""
    path = tmp_path_factory.mktemp("web-full") / "full.duckdb"
    shutil.copyfile(mcs_store_path, path)
    return path


@pytest.fixture()
def tiny_client(tiny_store_path: Path):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(tiny_store_path)) as client:
        yield client


@pytest.fixture(scope="session")
def full_client(full_store_path: Path):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(full_store_path)) as client:
        yield client


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """uvicorn serving an app in a background thread on a free loopback port."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("live server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(full_store_path: Path) -> Iterator[LiveServer]:
    from assay.web import create_app

    with LiveServer(create_app(full_store_path)) as server:
        yield server


# The session-wide ``browser`` fixture lives in tests/conftest.py: one Playwright per test
# process (a second sync_playwright in the same process fails with "Sync API inside the
# asyncio loop" when the desk and web tests share a worker).


class PageVisit:
    """A browser page that records every request and console error."""

    def __init__(self, browser, server: LiveServer) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # anything not for the live server is recorded above, then refused here so that a
        # page that tries to leave the machine fails fast instead of hanging
        self.context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(server.url + "/")
                else route.abort()
            ),
        )

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the live server (data: and blob: URLs are local)."""
        return [
            url
            for url in self.requests
            if not url.startswith(self.server.url + "/")
            and not url.startswith(("data:", "blob:", "about:"))
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def visit(browser, live_server: LiveServer) -> Iterator[PageVisit]:
    page_visit = PageVisit(browser, live_server)
    try:
        yield page_visit
    finally:
        page_visit.close()
