"""Per-app state: the store connection, the capabilities present, a result cache.

The server opens the store **read-only** unless it was started with a write token. DuckDB
connections are not meant to be shared between threads, so each worker thread gets its
own cursor on the one database (``con.cursor()``), wrapped as a :class:`~assay.store.Store`.

Pages are pure functions of the store and their parameters, so each page's dict is cached
(LRU) by its name and parameters; a write through a token-protected endpoint clears the cache.

One writer, many readers: the server holds the store file only while it answers requests
(:meth:`WebContext.begin_request` / :meth:`WebContext.end_request`, called by the app's
middleware) and lets go between them, so ``assay build`` or an import can take the file.
A request that finds the file changed since the cached pages were computed (a completed
import) clears the cache first; while a writer holds the file, pages answer 503 naming it,
so a half-written store is never shown.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from assay.store import Store, default_db_path, open_store

# capability -> (module, functions it must define); a page is offered only when present
CAPABILITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "statistics": ("assay.analyses.statistics", ("commodity_view", "country_view")),
    "history": ("assay.analyses.statistics", ("history_view",)),
    "sources": ("assay.analyses.statistics", ("sources_view",)),
    "sites": ("assay.analyses.sites", ("site_view", "country_sites_summary")),
    "risk": ("assay.analyses.risk", ("risk_view",)),
    "news": ("assay.analyses.news", ("check_text",)),
    "news_country": ("assay.analyses.news", ("claims_mentioning_country",)),
    "assessment": ("assay.analyses.assessment", ()),
    "economics": ("assay.analyses.economics", ()),
}


def capability(name: str) -> ModuleType | None:
    """The module of a capability when it and its functions exist, else None."""
    module_name, functions = CAPABILITIES[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    if all(callable(getattr(module, fn, None)) for fn in functions):
        return module
    return None


def _schema_behind(store: Store) -> bool:
    """True when a registered schema component is newer than the store's."""
    from assay.store.db import schema_behind

    return schema_behind(store)


def _file_signature(path: Path) -> tuple[int, ...]:
    """(mtime [ns], size [bytes], inode) of the store file and of its write-ahead log."""
    out: list[int] = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            st = candidate.stat()
        except OSError:
            out.extend((0, 0, 0))
        else:
            out.extend((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(out)


@dataclass
class WebContext:
    """What every route needs: store access, settings and the page cache."""

    db_path: Path
    write_token: str | None = None
    max_upload_bytes: int = 2_000_000
    request_timeout_s: float = 30.0
    allow_fetch: bool = False
    cache_size: int = 512
    _base: Store | None = None
    _local: threading.local = field(default_factory=threading.local)
    _cache: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)
    _write_lock: threading.Lock = field(default_factory=threading.Lock)
    _open_lock: threading.RLock = field(default_factory=threading.RLock)
    _active: int = 0
    _signature: tuple[int, ...] | None = None
    # a request waits this long [s] for a writer (an import) to let go of the file
    busy_wait_s: float = 2.0

    @property
    def read_only(self) -> bool:
        return self.write_token is None

    def open(self) -> None:
        """Open the store (read-only unless a write token was given).

        A store written by an older assay may lack schema components added since; those
        are created first (schema only, no data), as the CLI's views do, and the store is
        then reopened read-only.
        """
        path = default_db_path(self.db_path)
        wait = self.busy_wait_s
        with self._open_lock:
            if self._signature is None:
                self._signature = _file_signature(path)
            if not self.read_only:
                self._base = open_store(path, read_only=False, wait_s=wait)
                return
            store = open_store(path, read_only=True, wait_s=wait)
            if _schema_behind(store):
                store.close()
                open_store(path, read_only=False, wait_s=wait).close()  # migrates
                store = open_store(path, read_only=True, wait_s=wait)
            self._base = store

    def close(self) -> None:
        with self._open_lock:
            if self._base is not None:
                self._base.close()
                self._base = None

    def begin_request(self) -> None:
        """A request starts: forget cached pages when the file changed since they were made."""
        with self._open_lock:
            self._active += 1
            signature = _file_signature(default_db_path(self.db_path))
            if signature != self._signature:
                if self._active == 1:  # nobody reads the old connection: reopen lazily
                    self.close()
                self.clear_cache()
                self._signature = signature

    def end_request(self) -> None:
        """A request ends: when none is left, let go of the file so a writer can take it."""
        with self._open_lock:
            self._active = max(0, self._active - 1)
            if self._active == 0:
                self.close()

    def store(self) -> Store:
        """A store for the calling thread (its own DuckDB cursor on the shared database)."""
        with self._open_lock:
            if self._base is None:
                self.open()
        assert self._base is not None
        local = self._local
        cursor_store: Store | None = getattr(local, "store", None)
        if cursor_store is None or getattr(local, "base", None) is not self._base:
            cursor_store = Store(self._base.con.cursor(), self._base.path, self.read_only)
            local.store = cursor_store
            local.base = self._base
        return cursor_store

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per key (LRU of ``cache_size`` entries)."""
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
            self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return value

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()
