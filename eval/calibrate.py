"""Fit the in-scope threshold on labelled questions: ``python -m eval.calibrate``.

Scores every question in eval/calibration.jsonl with the engine's own scope features and picks
the threshold that maximises balanced accuracy, breaking ties toward abstaining (a wrong refusal
costs less than a guess). Writes eval/calibration.json, which the engine reads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from advisor.engine import Advisor
from advisor.settings import load_settings

HERE = Path(__file__).resolve().parent


def fit(scored: list[tuple[float, bool]]) -> tuple[float, float]:
    """Threshold with the best balanced accuracy; among ties the highest (stricter) one."""
    pos = [s for s, y in scored if y]
    neg = [s for s, y in scored if not y]
    best = (0.0, 0.0)
    for t in sorted({s for s, _ in scored}):
        tpr = sum(s >= t for s in pos) / len(pos)
        tnr = sum(s < t for s in neg) / len(neg)
        bal = (tpr + tnr) / 2
        if bal >= best[1]:
            best = (t, bal)
    # Put the threshold halfway into the gap below it, so it does not sit on a training point.
    below = [s for s, _ in scored if s < best[0]]
    t = (best[0] + max(below)) / 2 if below else best[0]
    return t, best[1]


def main() -> int:
    advisor = Advisor(load_settings())
    items = [json.loads(line) for line in (HERE / "calibration.jsonl").read_text().splitlines() if line.strip()]
    scored = []
    for it in items:
        verdict = advisor.assess(it["q"])[3]
        scored.append((verdict.score, bool(it["in_scope"])))
    threshold, bal = fit(scored)
    pos = sorted(s for s, y in scored if y)
    neg = sorted(s for s, y in scored if not y)
    out = {
        "threshold": round(threshold, 4),
        "balanced_accuracy": round(bal, 4),
        "n_in_scope": len(pos),
        "n_out_of_scope": len(neg),
        "lowest_in_scope": round(pos[0], 4),
        "highest_out_of_scope": round(neg[-1], 4),
    }
    (HERE / "calibration.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    for (s, y), it in sorted(zip(scored, items), key=lambda p: p[0][0]):
        flag = "" if (s >= threshold) == y else "  <-- misjudged"
        print(f"{s:.3f} {'IN ' if y else 'OUT'} {it['q']}{flag}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
