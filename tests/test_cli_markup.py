"""CLI text is printed through Rich, whose markup swallows ``[m]``, ``[t]``, ``[km²]``...

Rich reads ``[word]`` as a style tag and drops it when ``word`` is not a style, so a unit
written as ``depth [m]`` in a table header, title or ``--help`` text reaches the analyst as
``depth`` (the unit is lost). Units must be escaped (``\\[m]``). Oracle: ``rich.style.Style``
itself decides what is a style; any other bracketed lower-case text in a CLI string literal
would be eaten.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rich.style import Style

CLI = Path(__file__).resolve().parents[1] / "src" / "assay" / "cli"
# Rich's tag syntax (rich.markup.RE_TAGS): an odd number of backslashes escapes the bracket
TAG = re.compile(r"(\\*)\[([a-z#/@][^\[\]]*?)\]")


def _swallowed(text: str) -> list[str]:
    out = []
    for match in TAG.finditer(text):
        escaped = len(match.group(1)) % 2 == 1
        tag = match.group(2)
        if escaped or tag[0] in "/@":
            continue
        try:
            Style.parse(tag)
        except Exception:
            out.append(tag)
    return out


def test_cli_strings_do_not_lose_units_to_rich_markup() -> None:
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found += [f"{path.name}:{node.lineno} [{t}]" for t in _swallowed(node.value)]
    assert not found, "unescaped units Rich would drop (write \\[unit]): " + ", ".join(found)


def test_detector_flags_a_unit_and_passes_styles() -> None:
    assert _swallowed("depth [m]") == ["m"]
    assert _swallowed("depth \\[m]") == []
    assert _swallowed("[bold red]x[/] E[N] [USD]") == []
