"""Schema component ``ops``: the operation journal, so that a user-level operation (an import
and its relink, a whole ``build``) is complete, or recorded as incomplete and repaired.

Tables
------
operation
    One row per operation: ``kind`` (``build``, ``sites-import`` ...), ``target`` (the path
    or dataset), ``started_at`` / ``finished_at``, ``status`` (``running`` while it runs,
    then ``complete``, ``failed`` or, once a later run finished its work, ``repaired``),
    the ``steps`` done so far, its ``counts`` and a ``message``.

An operation row is written (and committed) before the work starts and updated after each
step, each step being its own transaction. A process killed mid-way therefore leaves the row
``running``: only one process can hold the store for writing, so a ``running`` row seen by a
writer is an interrupted operation. :func:`unfinished` lists them, :func:`repair` records that
a later run finished their work, and :func:`warning` is the one-line notice that views print.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from assay.store.db import register_component

V1 = """
CREATE SEQUENCE IF NOT EXISTS operation_id_seq;
CREATE TABLE IF NOT EXISTS operation (
    id BIGINT PRIMARY KEY DEFAULT nextval('operation_id_seq'),
    kind VARCHAR NOT NULL,
    target VARCHAR,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status VARCHAR NOT NULL,
    steps VARCHAR,
    counts VARCHAR,
    message VARCHAR
);
"""

register_component("ops", [V1])


@dataclass
class Operation:
    """A journalled operation in progress (see :func:`operation`)."""

    store: Any
    id: int
    kind: str
    steps: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)

    def step(self, name: str, **counts: Any) -> None:
        """Record that step ``name`` is done (committed on its own)."""
        self.steps.append(name)
        self.counts.update(counts)
        self.store.con.execute(
            "UPDATE operation SET steps = ?, counts = ? WHERE id = ?",
            [json.dumps(self.steps), json.dumps(self.counts, default=str), self.id],
        )


def _has_journal(store: Any) -> bool:
    try:
        return bool(
            store.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'operation'"
            ).fetchone()[0]
        )
    except Exception:  # noqa: BLE001 - a store without the component (read-only, old)
        return False


def begin(store: Any, kind: str, target: str | None = None) -> Operation:
    """Write the ``running`` row of a new operation and return it."""
    op_id = store.con.execute(
        "INSERT INTO operation (kind, target, started_at, status) VALUES (?, ?, ?, 'running') "
        "RETURNING id",
        [kind, target, datetime.now()],
    ).fetchone()[0]
    return Operation(store, int(op_id), kind)


def end(op: Operation, status: str = "complete", message: str | None = None) -> None:
    op.store.con.execute(
        "UPDATE operation SET status = ?, finished_at = ?, message = ?, counts = ? WHERE id = ?",
        [status, datetime.now(), message, json.dumps(op.counts, default=str), op.id],
    )


@contextmanager
def operation(store: Any, kind: str, target: str | None = None) -> Iterator[Operation]:
    """Journal the block as one operation: ``complete`` on success, ``failed`` (with the
    error's first line) on an exception, ``running`` forever if the process is killed."""
    op = begin(store, kind, target)
    try:
        yield op
    except BaseException as exc:
        text = str(exc).strip().splitlines()
        try:
            end(op, "failed", text[0][:500] if text else type(exc).__name__)
        except Exception:  # noqa: BLE001 - the store itself failed: the row stays 'running'
            pass
        raise
    end(op, "complete")


def unfinished(store: Any, kind: str | None = None) -> list[dict[str, Any]]:
    """Operations that did not finish (killed: ``running``; or ``failed`` part-way),
    oldest first."""
    if not _has_journal(store):
        return []
    # a failed operation that recorded no step wrote nothing (its transaction rolled back)
    sql = (
        "SELECT * FROM operation WHERE (status = 'running' OR (status = 'failed' "
        "AND steps IS NOT NULL))"
    )
    params: list[Any] = []
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    return store.query(sql + " ORDER BY id", params)


def repair(store: Any, op_ids: list[int], by: Operation | None = None) -> None:
    """Record that the work of ``op_ids`` was finished by a later run (``by``)."""
    if not op_ids:
        return
    note = f"finished by operation {by.id} ({by.kind})" if by is not None else "finished"
    store.con.execute(
        "UPDATE operation SET status = 'repaired', message = coalesce(message || '; ', '') || ? "
        "WHERE id IN (SELECT unnest(?::BIGINT[]))",
        [note, op_ids],
    )


def last(store: Any) -> dict[str, Any] | None:
    """The most recent operation, or None."""
    if not _has_journal(store):
        return None
    rows = store.query("SELECT * FROM operation ORDER BY id DESC LIMIT 1")
    return rows[0] if rows else None


def warning(store: Any) -> str | None:
    """A one-line notice when an operation did not complete (for views), else None."""
    pending = unfinished(store)
    if not pending:
        return None
    op = pending[-1]
    when = op["started_at"].strftime("%Y-%m-%d %H:%M") if op["started_at"] else "?"
    what = f"{op['kind']}" + (f" {op['target']}" if op["target"] else "")
    state = "was interrupted" if op["status"] == "running" else "failed"
    steps = json.loads(op["steps"]) if op["steps"] else []
    done = f" after {', '.join(steps)}" if steps else ""
    return (
        f"the last {what} (started {when}) {state}{done}; the store may be incomplete: "
        f"run it again to finish it"
    )
