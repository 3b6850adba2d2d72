"""The fitted models in knowledge/ are reproducible: `python -m train` on train/ writes them again.

Stated tolerance: every number within 1e-4 of the committed file (this machine reproduces them bit
for bit; another CPU's floating-point summation order may differ in the last digits), the same
feature names, classes and provenance otherwise, and the same scope examples.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from advisor.knowledge import KNOWLEDGE_DIR

TOLERANCE = 1e-4


def _same(a: object, b: object, where: str) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= TOLERANCE, f"{where}: {a} != {b}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_python_m_train_writes_the_committed_models_again(tmp_path: Path) -> None:
    from train.__main__ import fit

    fit(out_dir=tmp_path, report=None, loao=False)
    for name in ("ranker.json", "verdict.json", "scope.json"):
        _same(json.loads((tmp_path / name).read_text(encoding="utf-8")), json.loads((KNOWLEDGE_DIR / name).read_text(encoding="utf-8")), name)
    assert (tmp_path / "scope_examples.jsonl").read_text(encoding="utf-8") == (KNOWLEDGE_DIR / "scope_examples.jsonl").read_text(encoding="utf-8")
    fresh, committed = np.load(tmp_path / "adapter.npy"), np.load(KNOWLEDGE_DIR / "adapter.npy")
    assert fresh.shape == committed.shape and float(np.abs(fresh - committed).max()) <= TOLERANCE
