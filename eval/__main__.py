"""``python -m eval``: run the eval set through Advisor and write results.json, report.md and plots.

python -m eval                         # everything, offline answerer
python -m eval --kind fact --kind scenario
python -m eval --ids pos-vcio-conflict,fp-never-both
python -m eval --backend openai:gpt-4o-mini --judge
python -m eval --compare old/results.json new/results.json
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from eval.dataset import ITEMS_FILE, KINDS, check_traceable, load_items

HERE = Path(__file__).resolve().parent
THRESHOLDS_FILE = HERE / "thresholds.json"
MAXIMUMS = frozenset({"contradiction_rate", "fallback_rate"})


def load_thresholds() -> dict[str, float]:
    return json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))


def gate_failures(overall: dict[str, object], thresholds: dict[str, float]) -> list[str]:
    """Thresholds the run misses. Booleans must hold; MAXIMUMS are ceilings; everything else is a floor."""
    out = []
    for key, want in thresholds.items():
        got = overall.get(key)
        if isinstance(want, bool):
            ok = got is want
        elif got is None:
            ok = False
        elif key in MAXIMUMS or key.startswith("latency"):
            ok = float(got) <= want  # type: ignore[arg-type]
        else:
            ok = float(got) >= want  # type: ignore[arg-type]
        if not ok:
            out.append(f"{key}: {got} (gate {want})")
    return out


def _run_results(path: Path) -> dict[str, object]:
    """A run's results: its ``results.json`` or the run folder holding it (what ``eval/results/`` lists)."""
    file = path / "results.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path} is neither a results.json nor a run folder holding one") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{file} is not a readable results file ({exc})") from None
    if not isinstance(data, dict) or "summary" not in data:
        raise ValueError(f"{file} is not an eval results file (no summary)")
    return data


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--items", type=Path, default=ITEMS_FILE, help="the eval set (YAML)")
    p.add_argument("--kind", action="append", choices=KINDS, help="only these kinds (repeatable)")
    p.add_argument("--ids", help="only these item ids, comma-separated")
    p.add_argument("--backend", help="'extractive' or a LangChain model id (overrides ADVISOR_LLM)")
    p.add_argument("--judge", action="store_true", help="also grade nuggets with the configured LLM (reported separately)")
    p.add_argument("--out", type=Path, help="output folder (default eval/results/run-<time>)")
    p.add_argument("--no-plots", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare two results.json files and exit")
    args = p.parse_args(argv)

    if args.compare:
        from eval.report import compare

        try:
            old, new = (_run_results(f) for f in args.compare)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(compare(old, new))
        return 0

    from advisor.engine import Advisor
    from advisor.errors import AdvisorError
    from advisor.settings import load_settings
    from eval.report import markdown_table, write_results
    from eval.runner import run_eval

    items = load_items(args.items)
    settings = load_settings(**({"llm": args.backend} if args.backend else {}))
    problems = check_traceable(items, settings.corpus_dir)
    if problems:
        print("The eval set is not traceable to the corpus:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    if args.kind:
        items = [it for it in items if it.kind in args.kind]
    if args.ids:
        wanted = {i.strip() for i in args.ids.split(",") if i.strip()}
        unknown = wanted - {it.id for it in items}
        if unknown:
            print(f"unknown ids: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        items = [it for it in items if it.id in wanted]
    if not items:
        print("no items selected", file=sys.stderr)
        return 2
    try:
        advisor = Advisor(settings)
        from ingest.index import ensure_index

        ensure_index(settings, advisor.embedder, advisor.store)  # type: ignore[arg-type]
        judge = None
        if args.judge:
            if advisor.backend_name == "extractive":
                print("--judge needs an LLM backend (--backend or ADVISOR_LLM); skipping the LLM judge.", file=sys.stderr)
            else:
                from advisor.llm import make_chat_model
                from eval.judge import make_judge

                judge = make_judge(make_chat_model(settings), settings)
        results = run_eval(advisor, items, progress=not args.quiet, judge=judge)
    except AdvisorError as exc:
        print(f"error: {exc}\n{exc.hint}", file=sys.stderr)
        return 1
    out = args.out or HERE / "results" / f"run-{datetime.now():%Y%m%d-%H%M%S}"
    thresholds = load_thresholds()
    paths = write_results(results, out, thresholds, plots=not args.no_plots)
    print(markdown_table({**results["summary"]["by_kind"], "all": results["summary"]["overall"]}))
    misses = gate_failures(results["summary"]["overall"], thresholds) if len(items) == len(load_items(args.items)) else []
    print(f"\nwrote {', '.join(str(v) for v in paths.values())}", file=sys.stderr)
    if misses:
        print("below the CI gate: " + "; ".join(misses), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
