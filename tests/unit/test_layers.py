"""The core never imports ``ingest``: first-run ingest is the surfaces' call (issue 12).

Read from the source (every ``import`` statement, in functions too), not from ``sys.modules``, so
an in-function import that runs back up the layers is caught before anything executes it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from advisor.settings import PROJECT_ROOT

ADVISOR = PROJECT_ROOT / "advisor"
#: The surfaces inside the package: the CLI, the HTTP app's dependencies and the app's warm-up may
#: build the index on first run; nothing else in advisor/ may reach ingest.
SURFACES = {"advisor/cli.py", "advisor/warmup.py", "advisor/__main__.py", "advisor/http/deps.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_no_core_module_imports_ingest() -> None:
    offenders = {
        rel: sorted(m for m in imported_modules(path) if m == "ingest" or m.startswith("ingest."))
        for path in ADVISOR.rglob("*.py")
        if (rel := path.relative_to(PROJECT_ROOT).as_posix()) not in SURFACES
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from ingest.index import ensure_index\n    import ingest.load\n", encoding="utf-8")
    assert imported_modules(src) == {"ingest.index", "ingest.load"}
