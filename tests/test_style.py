"""The code base stays ruff clean (lint rules in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from advisor.settings import PROJECT_ROOT


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff") or str(PROJECT_ROOT / ".venv" / "bin" / "ruff")
    run = subprocess.run([ruff, "check", "."], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sys.version_info >= (3, 11)


def test_mypy_strict_finds_nothing_in_the_core_and_ingest() -> None:
    """mypy strict over advisor/ and ingest/ (settings in pyproject.toml); every remaining ignore says why."""
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    for path in [*(PROJECT_ROOT / "advisor").rglob("*.py"), *(PROJECT_ROOT / "ingest").rglob("*.py")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if "type: ignore" in line:
                why = line.split("type: ignore", 1)[1].split("]", 1)[-1].strip().startswith("#") or lines[n - 2].strip().startswith("#")
                assert why, f"{path.name}:{n} ignores a type error without saying why (on the line or the one before)"
