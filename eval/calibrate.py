"""Fit the in-scope decision on labelled questions: ``python -m eval.calibrate``.

Scores every question in eval/calibration.jsonl with the engine's own scope signals (dense
similarity, vocabulary coverage, and the example-neighbour margin computed leave-one-out, so a
question never votes for itself). For each margin weight on a small grid it picks the threshold
with the best balanced accuracy, then keeps the weight with the widest gap between the classes.
Ties break toward abstaining: a wrong refusal costs less than a guess. Writes eval/calibration.json,
which the engine reads. The eval set (eval/items.yaml) is never used here: it stays a test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from advisor.engine import SCOPE_EXAMPLES_FILE, Advisor
from advisor.scope import scope_score
from advisor.settings import load_settings

HERE = Path(__file__).resolve().parent
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)


def fit(scored: list[tuple[float, bool]]) -> tuple[float, float, float]:
    """(threshold, balanced accuracy, gap): best balanced accuracy; among ties the highest threshold."""
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
    gap = min(pos) - max(neg)
    return t, best[1], gap


def main() -> int:
    advisor = Advisor(load_settings())
    advisor.ensure_ready()
    items = [json.loads(line) for line in SCOPE_EXAMPLES_FILE.read_text().splitlines() if line.strip()]
    examples = advisor.scope_examples
    features = []
    i_in = i_out = 0
    for it in items:
        _, q_vec, _, verdict = advisor.assess(it["q"])
        if it["in_scope"]:
            margin = examples.margin(q_vec, skip_inside=i_in)
            i_in += 1
        else:
            margin = examples.margin(q_vec, skip_outside=i_out)
            i_out += 1
        features.append((verdict.dense, verdict.coverage, margin, bool(it["in_scope"])))
    best: tuple[float, float, float, float] | None = None  # (bal, gap, weight, threshold)
    for w in WEIGHTS:
        scored = [(scope_score(d, c, m, w), y) for d, c, m, y in features]
        t, bal, gap = fit(scored)
        print(f"weight {w:4.2f}: balanced accuracy {bal:.3f}, gap {gap:+.3f}, threshold {t:.4f}", file=sys.stderr)
        if best is None or (bal, gap) > (best[0], best[1]):
            best = (bal, gap, w, t)
    assert best is not None
    bal, gap, weight, threshold = best
    scored = [(scope_score(d, c, m, weight), y) for d, c, m, y in features]
    pos = sorted(s for s, y in scored if y)
    neg = sorted(s for s, y in scored if not y)
    out = {
        "threshold": round(threshold, 4),
        "margin_weight": weight,
        "balanced_accuracy": round(bal, 4),
        "n_in_scope": len(pos),
        "n_out_of_scope": len(neg),
        "lowest_in_scope": round(pos[0], 4),
        "highest_out_of_scope": round(neg[-1], 4),
        "method": "leave-one-out neighbour margin; threshold mid-gap of the best balanced accuracy",
    }
    (HERE / "calibration.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    for (s, y), it in sorted(zip(scored, items), key=lambda p: p[0][0]):
        flag = "" if (s >= threshold) == y else "  <-- misjudged"
        print(f"{s:.3f} {'IN ' if y else 'OUT'} {it['q']}{flag}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
