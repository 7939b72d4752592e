"""The embedded store: a single DuckDB file with per-component schema versions.

Each domain of the data model declares its tables in a module ``assay.store.schema_<name>``
that calls :func:`register_component` with an ordered list of migrations (SQL scripts).
:meth:`Store.migrate` imports every such module and applies the migrations a file has not
seen yet, recording ``(component, version)`` in ``schema_version``. Components are
independent, so the site inventory, the news layer and the risk layer can each grow their
own tables without renumbering anyone else's.

Path resolution (first that is set): the explicit ``path`` argument (the CLI's ``--db``),
the ``ASSAY_DB`` environment variable, else ``<user data dir>/assay/assay.duckdb``.

One writer, many readers
------------------------
DuckDB locks the file: any number of processes may hold it read-only at once, but a writer
needs it to itself. Views therefore open the store read-only (so ``assay country`` works
while ``assay serve`` runs); a writer that finds the file held waits up to
``ASSAY_LOCK_WAIT_S`` seconds (default 10) for the holder to let go (the web server releases
the file between requests), then fails with :class:`StoreBusyError`, whose message names
the holder's process id and command line.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import platformdirs


class StoreOpenError(OSError):
    """The store file cannot be opened (a folder, not a DuckDB file, unwritable path...)."""


class StoreBusyError(StoreOpenError):
    """Another process holds the store's lock in a mode that excludes ours.

    Attributes
    ----------
    pid : int or None
        Process id of the holder, as DuckDB reports it.
    holder : str
        The holder's command line (shortened), or its executable when unreadable.
    """

    def __init__(self, message: str, pid: int | None, holder: str) -> None:
        super().__init__(message)
        self.pid = pid
        self.holder = holder


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.+?) \(PID (?P<pid>\d+)\)")


def _holder_command(pid: int, exe: str) -> str:
    """The command line of process ``pid`` from /proc, from the program name on (shortened)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return Path(exe).name
    argv = [a for a in raw.decode(errors="replace").split("\0") if a]
    # `python -m assay` / `.venv/bin/assay`: start at the assay program when it is there
    for i, arg in enumerate(argv):
        if Path(arg).name == "assay" or (arg == "assay" and i and argv[i - 1] == "-m"):
            argv = ["assay", *argv[i + 1 :]]
            break
    else:
        argv = [Path(argv[0]).name, *argv[1:]] if argv else [Path(exe).name]
    text = " ".join(argv)
    return text if len(text) <= 100 else text[:97] + "..."


def _busy_error(db_path: Path, exc: Exception, read_only: bool) -> StoreBusyError | None:
    """A :class:`StoreBusyError` for a DuckDB lock conflict, else None."""
    match = _LOCK_HOLDER.search(str(exc))
    if match is None:
        return None
    pid = int(match["pid"])
    holder = _holder_command(pid, match["exe"])
    if read_only:
        message = (
            f"{db_path}: being written by PID {pid} ({holder}); "
            "retry when that process has finished"
        )
    else:
        message = (
            f"{db_path}: in use by PID {pid} ({holder}); a writer needs the store to "
            "itself: stop that process or wait for it to finish, then retry"
        )
    return StoreBusyError(message, pid, holder)


def lock_wait_seconds() -> float:
    """How long an open waits for another process's lock [s] (``$ASSAY_LOCK_WAIT_S``)."""
    try:
        return max(0.0, float(os.environ.get("ASSAY_LOCK_WAIT_S", "10")))
    except ValueError:
        return 10.0


@dataclass(frozen=True)
class Component:
    """A named slice of the schema with its ordered migrations."""

    name: str
    migrations: tuple[str, ...]

    @property
    def version(self) -> int:
        return len(self.migrations)


_COMPONENTS: dict[str, Component] = {}


def register_component(name: str, migrations: Sequence[str]) -> Component:
    """Declare (or re-declare, on module reload) a schema component.

    Migrations are append-only: version *k* is ``migrations[k-1]``. Never edit a migration
    that has shipped; add a new one.
    """
    component = Component(name, tuple(migrations))
    _COMPONENTS[name] = component
    return component


def registered_components() -> dict[str, Component]:
    """All components, after importing every ``assay.store.schema_*`` module."""
    import assay.store as store_pkg

    for info in pkgutil.iter_modules(store_pkg.__path__):
        if info.name.startswith("schema_"):
            importlib.import_module(f"assay.store.{info.name}")
    # core first so that other components may reference its tables
    return dict(sorted(_COMPONENTS.items(), key=lambda kv: (kv[0] != "core", kv[0])))


def default_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the store path: ``path`` if given, else ``$ASSAY_DB``, else the user data dir."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get("ASSAY_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("assay", appauthor=False)) / "assay.duckdb"


class Store:
    """An open assay store (one DuckDB connection).

    Use :func:`open_store` (or ``Store.open``) rather than the constructor. The store is
    migrated on open unless it is opened read-only, in which case it must already be current.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        wait_s: float | None = None,
    ) -> Store:
        """Open the store; wait up to ``wait_s`` [s] (default :func:`lock_wait_seconds`)
        for a lock held by another process, then raise :class:`StoreBusyError`."""
        db_path = default_db_path(path)
        if str(db_path) != ":memory:":
            if read_only and not db_path.exists():
                raise FileNotFoundError(
                    f"no assay store at {db_path}; build one with `assay build` first"
                )
            if db_path.is_dir():
                raise StoreOpenError(f"{db_path}: is a folder, not an assay store file")
            if db_path.is_file() and db_path.stat().st_size >= 12:
                with db_path.open("rb") as fh:
                    # DuckDB's file header carries the magic bytes "DUCK" at offset 8
                    if fh.read(12)[8:12] != b"DUCK":
                        raise StoreOpenError(f"{db_path}: not an assay store (not a DuckDB file)")
            try:
                db_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreOpenError(
                    f"{db_path}: cannot create the store's folder ({exc.strerror or exc})"
                ) from None
        deadline = time.monotonic() + (lock_wait_seconds() if wait_s is None else wait_s)
        while True:
            try:
                con = duckdb.connect(str(db_path), read_only=read_only)
                break
            except duckdb.Error as exc:
                busy = _busy_error(db_path, exc, read_only)
                if busy is not None:
                    if time.monotonic() < deadline:
                        time.sleep(0.2)
                        continue
                    raise busy from None
                # DuckDB's own text may end in a hint about its CLI flags: keep the first clause
                reason = str(exc).splitlines()[0].split(". However,")[0]
                raise StoreOpenError(f"{db_path}: cannot open the assay store ({reason})") from None
        store = cls(con, db_path, read_only)
        if not read_only:
            store.migrate()
        return store

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------
    def migrate(self) -> dict[str, int]:
        """Apply pending migrations of every component; return the versions now in force."""
        self.con.execute(
            """CREATE TABLE IF NOT EXISTS schema_version (
                   component VARCHAR NOT NULL,
                   version INTEGER NOT NULL,
                   applied_at TIMESTAMP DEFAULT current_timestamp,
                   PRIMARY KEY (component, version))"""
        )
        versions: dict[str, int] = {}
        for name, component in registered_components().items():
            current = self.schema_versions().get(name, 0)
            if current > component.version:
                raise RuntimeError(
                    f"store {self.path} has schema {name} v{current}, newer than this "
                    f"assay ({name} v{component.version}); upgrade assay"
                )
            for version in range(current + 1, component.version + 1):
                with self.transaction():
                    self.con.execute(component.migrations[version - 1])
                    self.con.execute(
                        "INSERT INTO schema_version (component, version) VALUES (?, ?)",
                        [name, version],
                    )
            versions[name] = component.version
        return versions

    def schema_versions(self) -> dict[str, int]:
        rows = self.con.execute(
            "SELECT component, max(version) FROM schema_version GROUP BY component"
        ).fetchall()
        return {name: int(version) for name, version in rows}

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing block: commits on success, rolls back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    # -- convenience -----------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return rows as dicts."""
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def df(self, sql: str, params: Sequence[Any] | None = None):  # -> pandas.DataFrame
        return self.con.execute(sql, params or []).df()


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    wait_s: float | None = None,
) -> Store:
    """Open (creating and migrating if needed) the assay store at ``path``."""
    return Store.open(path, read_only=read_only, wait_s=wait_s)


def schema_behind(store: Store) -> bool:
    """True when a registered schema component is newer than the store's."""
    try:
        current = store.schema_versions()
    except duckdb.Error:  # no schema_version table at all
        return True
    return any(current.get(name, 0) < c.version for name, c in registered_components().items())


def open_reader(
    path: str | os.PathLike[str] | None = None, *, wait_s: float | None = None
) -> Store:
    """Open an existing store read-only, for a view.

    A store written by an older assay may lack schema components added since: those are
    created first (schema only, no data) when the file is free; when another process holds
    it, the view goes on read-only and the components it lacks simply read as absent.
    """
    store = Store.open(path, read_only=True, wait_s=wait_s)
    if not schema_behind(store):
        return store
    store.close()
    try:
        Store.open(path, read_only=False, wait_s=0).close()  # migrates
    except StoreBusyError:
        pass
    return Store.open(path, read_only=True, wait_s=wait_s)
