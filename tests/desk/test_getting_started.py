"""The README, followed by a new user in a fresh clone: quick start, then `assay` as told.

The clone gets its ``.venv`` the way ``scripts/setup.sh`` would leave it, but without
downloading every dependency again: a new virtual environment whose ``.pth`` file reaches
the dependencies already installed in this checkout's ``.venv``, with the clone itself
installed by ``pip install --no-deps`` (the ordinary ``pip install .`` of a third-party
user, which gives the ``assay`` command) and the stamp ``setup.sh`` checks. The README's
quick-start commands (except the test suite itself) and then its "Running assay" block
run verbatim in bash.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _blocks(readme: str, heading: str) -> list[str]:
    """Command lines (comments stripped) of the first ```bash block under ``heading``."""
    section = readme.split(heading, 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, f"no bash block under {heading!r}"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def _run(command: str, cwd: Path, env: dict[str, str], timeout: int = 600):
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


def test_readme_quick_start_then_assay_in_a_fresh_clone(tmp_path: Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    clone = tmp_path / "assay"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)
    readme = (clone / "README.md").read_text(encoding="utf-8")
    quick_start = _blocks(readme, "## Quick start")
    run_block = _blocks(readme, "### Running `assay` after the quick start")
    assert any("scripts/main.sh" in c for c in quick_start)
    assert run_block[0] == "source .venv/bin/activate"

    # the environment setup.sh would build (dependencies reused from this checkout)
    venv = clone / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "-q", "--no-deps", "--ignore-installed", str(clone)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if (
        install.returncode != 0
        and "build" in install.stderr.lower()
        and ("connection" in install.stderr.lower() or "no matching distribution" in install.stderr)
    ):
        pytest.skip(f"the build backend cannot be fetched offline: {install.stderr[-300:]}")
    assert install.returncode == 0, install.stderr
    assert (venv / "bin" / "assay").exists()  # pip install . gives the assay command
    # only now the dependencies of this checkout become visible to the clone's environment:
    # pip, seeing this checkout's own assay there, would have uninstalled it
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "reuse-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    digest = hashlib.sha256((clone / "pyproject.toml").read_bytes()).hexdigest()
    (venv / ".assay-installed").write_text(digest + "\n")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSAY_", "VIRTUAL_ENV"))}
    env["ASSAY_DB"] = str(tmp_path / "store.duckdb")  # never the user's store
    env["PATH"] = "/usr/bin:/bin"  # a new user's shell: no assay on the PATH yet
    assert _run("command -v assay", clone, env).returncode != 0
    for command in quick_start:
        if "scripts/test.sh" in command:  # the whole test suite: this test is part of it
            continue
        done = _run(command, clone, env)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    done = _run(" && ".join(run_block), clone, env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    import assay

    assert done.stdout.startswith(f"assay {assay.__version__}\n")
    assert "Rare earths" in done.stdout
    where = _run("source .venv/bin/activate && command -v assay", clone, env).stdout.strip()
    assert where == str(venv / "bin" / "assay")
