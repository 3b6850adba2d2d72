"""The code base stays ruff clean (lint rules in pyproject.toml) and mypy strict clean.

mypy keeps its incremental cache in one folder per user (``~/.cache/advisor/mypy``), not in the
checkout: a fresh clone (every CI run) would otherwise check langchain, chromadb, pydantic & co.
from scratch (~15 s of CPU since the largest packages are not followed, ~75 s before) where a warm cache takes ~1-4 s. mypy re-checks any module whose
source hash differs from the cached one, so the cache changes how long, never what, it checks. A
lock keeps two test runs on the machine from writing the shared cache at the same time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

from advisor.settings import PROJECT_ROOT

MYPY_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "advisor" / "mypy"


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff") or str(PROJECT_ROOT / ".venv" / "bin" / "ruff")
    run = subprocess.run([ruff, "check", "."], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sys.version_info >= (3, 11)


def test_mypy_strict_finds_nothing_in_the_core_and_ingest() -> None:
    """mypy strict over advisor/ and ingest/ (settings in pyproject.toml); every remaining ignore says why."""
    MYPY_CACHE.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(MYPY_CACHE) + ".lock"):
        run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(MYPY_CACHE)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    for path in [*(PROJECT_ROOT / "advisor").rglob("*.py"), *(PROJECT_ROOT / "ingest").rglob("*.py")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if "type: ignore" in line:
                why = line.split("type: ignore", 1)[1].split("]", 1)[-1].strip().startswith("#") or lines[n - 2].strip().startswith("#")
                assert why, f"{path.name}:{n} ignores a type error without saying why (on the line or the one before)"
