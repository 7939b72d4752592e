"""The report and supply-chain commands share their option and write/emit blocks instead of
repeating them (hygiene item 4 after issue 16).

Before: ``cli/web.py`` repeated the ``--format``/``--output`` options and the
open-store/spinner/write/print block of each report command (16 identical lines between
``report country`` and ``report commodity``), and ``cli/chain.py`` its three import commands
and the open/query/close/emit block of each view; ``analyses/audit.py`` applied and logged an
observation correction and a site correction with the same eight lines and kept its own
copy of the world-table measures. The check below is an independent, plain
version of what ``duplicates`` reports: windows of identical non-blank lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import assay

ROOT = Path(assay.__file__).parent
WINDOW = 6


def _repeated_windows(path: Path) -> list[tuple[int, int]]:
    """Pairs of 1-based line numbers where WINDOW identical code lines start again."""
    lines = [
        (n, line.strip())
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#") and len(line.strip()) > 3
    ]
    seen: dict[tuple[str, ...], int] = {}
    pairs = []
    for i in range(len(lines) - WINDOW + 1):
        window = tuple(text for _, text in lines[i : i + WINDOW])
        if window in seen:
            pairs.append((seen[window], lines[i][0]))
        else:
            seen[window] = lines[i][0]
    return pairs


@pytest.mark.parametrize("name", ["cli/web.py", "cli/chain.py", "analyses/audit.py"])
def test_no_repeated_blocks(name):
    assert _repeated_windows(ROOT / name) == []
