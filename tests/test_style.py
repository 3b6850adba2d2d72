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
