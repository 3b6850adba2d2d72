"""Is the question covered by the corpus? A calibrated score, not a list of banned questions.

The score mixes the best dense similarity of the retrieved chunks with the share of the
question's content words that the corpus vocabulary knows. Its threshold is fitted by
``python -m eval.calibrate`` on labelled in-scope / out-of-scope questions and stored in
``eval/calibration.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from advisor.text import content_tokens

DEFAULT_THRESHOLD = 0.40
LEXICAL_WEIGHT = 0.35


@dataclass(frozen=True)
class ScopeVerdict:
    in_scope: bool
    score: float
    dense: float
    coverage: float


def scope_score(dense_max: float, coverage: float) -> float:
    return dense_max + LEXICAL_WEIGHT * coverage


def vocabulary_coverage(question: str, vocabulary: set[str]) -> float:
    words = content_tokens(question)
    if not words:
        return 0.0
    return sum(1 for w in words if w in vocabulary) / len(words)


def load_threshold(path: Path) -> float:
    try:
        return float(json.loads(path.read_text())["threshold"])
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_THRESHOLD


def judge(dense_max: float, coverage: float, threshold: float) -> ScopeVerdict:
    score = scope_score(dense_max, coverage)
    return ScopeVerdict(score >= threshold, score, dense_max, coverage)
