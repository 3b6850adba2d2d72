"""Is the question covered by the articles? A learned decision, not a list of banned questions.

Features, each cheap given the question's embedding and the ranker's output:
best passage similarity, best key (heading / FAQ question) similarity, the ranker's best
probability, how much of the question's vocabulary the corpus knows, and how much closer the
question is to labelled in-scope training questions than to out-of-scope ones that use the same
domain words (a vendor choice, tax classification). ``python -m train`` fits the weights and the
threshold on ``train/`` (never on ``eval/``) and writes ``knowledge/scope.json``.
"""

from __future__ import annotations

import numpy as np

from advisor.text import content_tokens

SCOPE_FEATURES: tuple[str, ...] = ("dense_max", "key_max", "ranker_max", "coverage", "margin")
NEIGHBOURS = 3  # nearest labelled questions on each side that the margin averages


def vocabulary_coverage(question: str, vocabulary: frozenset[str]) -> float:
    words = content_tokens(question)
    if not words:
        return 0.0
    return sum(1 for w in words if w in vocabulary) / len(words)


def margin(q_vec: np.ndarray, inside: np.ndarray, outside: np.ndarray, skip_inside: int | None = None, skip_outside: int | None = None) -> float:
    """Mean similarity to the nearest in-scope examples minus to the nearest out-of-scope ones."""
    if len(inside) == 0 or len(outside) == 0:
        return 0.0
    return _near(inside @ q_vec, skip_inside) - _near(outside @ q_vec, skip_outside)


def _near(sims: np.ndarray, skip: int | None) -> float:
    if skip is not None:
        sims = np.delete(sims, skip)
    k = min(NEIGHBOURS, len(sims))
    return float(np.mean(np.sort(sims)[-k:])) if k else 0.0


def scope_features(dense_max: float, key_max: float, ranker_max: float, coverage: float, margin_value: float) -> np.ndarray:
    return np.asarray([dense_max, key_max, ranker_max, coverage, margin_value], dtype=np.float32)
