"""Is the question covered by the corpus? A calibrated score, not a list of banned questions.

Three signals, each cheap given the question's embedding:

- ``dense``: the best cosine similarity of a retrieved chunk;
- ``coverage``: the share of the question's content words the corpus vocabulary knows;
- ``margin``: how much closer the question is to labelled in-scope example questions than to
  labelled out-of-scope ones (mean of the 3 nearest of each). Bag-of-words and chunk similarity
  cannot tell "tech stocks to buy" from "tech to buy"; neighbours in question space can.

``score = dense + 0.35 × coverage + weight × margin``. The weight and threshold are fitted by
``python -m eval.calibrate`` on ``eval/calibration.jsonl`` (leave-one-out for the margin) and
stored in ``eval/calibration.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from advisor.text import content_tokens

DEFAULT_THRESHOLD = 0.40
LEXICAL_WEIGHT = 0.35
NEIGHBOURS = 3


@dataclass(frozen=True)
class ScopeVerdict:
    in_scope: bool
    score: float
    dense: float
    coverage: float
    margin: float = 0.0


@dataclass(frozen=True)
class Calibration:
    threshold: float = DEFAULT_THRESHOLD
    margin_weight: float = 0.0


@dataclass
class ScopeExamples:
    """Embedded labelled questions (rows L2-normalised)."""

    inside: np.ndarray
    outside: np.ndarray

    @classmethod
    def empty(cls) -> ScopeExamples:
        return cls(np.zeros((0, 1)), np.zeros((0, 1)))

    def margin(self, q_vec: np.ndarray, skip_inside: int | None = None, skip_outside: int | None = None) -> float:
        """Mean similarity to the nearest in-scope examples minus to the nearest out-of-scope ones."""
        if len(self.inside) == 0 or len(self.outside) == 0:
            return 0.0
        return _near(self.inside @ q_vec, skip_inside) - _near(self.outside @ q_vec, skip_outside)


def _near(sims: np.ndarray, skip: int | None) -> float:
    if skip is not None:
        sims = np.delete(sims, skip)
    k = min(NEIGHBOURS, len(sims))
    return float(np.mean(np.sort(sims)[-k:])) if k else 0.0


def load_examples(path: Path) -> tuple[list[str], list[str]]:
    """(in-scope questions, out-of-scope questions) from a JSON Lines file of {q, in_scope}."""
    inside, outside = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return [], []
    for line in lines:
        if line.strip():
            item = json.loads(line)
            (inside if item["in_scope"] else outside).append(str(item["q"]))
    return inside, outside


def scope_score(dense_max: float, coverage: float, margin: float = 0.0, margin_weight: float = 0.0) -> float:
    return dense_max + LEXICAL_WEIGHT * coverage + margin_weight * margin


def vocabulary_coverage(question: str, vocabulary: set[str]) -> float:
    words = content_tokens(question)
    if not words:
        return 0.0
    return sum(1 for w in words if w in vocabulary) / len(words)


def load_calibration(path: Path) -> Calibration:
    try:
        data = json.loads(path.read_text())
        return Calibration(float(data["threshold"]), float(data.get("margin_weight", 0.0)))
    except (OSError, ValueError, KeyError, TypeError):
        return Calibration()


def judge(dense_max: float, coverage: float, calibration: Calibration, margin: float = 0.0) -> ScopeVerdict:
    score = scope_score(dense_max, coverage, margin, calibration.margin_weight)
    return ScopeVerdict(score >= calibration.threshold, score, dense_max, coverage, margin)
