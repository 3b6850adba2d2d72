"""Fit the :class:`~advisor.ranking.QueryAdapter`: a linear map of question vectors, learned on labelled passages.

The general-purpose encoder places "What's the typical monthly fee for a fractional CIO?" nearer
to a passage about full-time salaries than to the pricing row that answers it. The adapter learns,
from the training questions only, how questions move toward the passages that answer them:
``q' = normalise(q + q @ A)``, with ``A`` fit by a softmax over every passage (the labelled ones
are the targets) and an L2 penalty that keeps it near the identity map. Deterministic: zero start,
full-batch Adam, one thread, a fixed number of steps.

Why these numbers (chosen on ``train/dev.jsonl`` on 2026-11-25, table in ``docs/ranker.md``):
the penalty 1e-3 gave dev hit@1 0.637 for the whole ranker against 0.618 at 1e-2 and 0.608 at 0.1;
temperature and steps barely mattered (150 or 300 steps, rank 16, 64 or full within ±0.03 of each other).
"""

from __future__ import annotations

import numpy as np

L2 = 1e-3  # penalty on ||A||²: dev-chosen (see above)
TEMPERATURE = 0.05  # softmax temperature over cosine scores (the usual contrastive setting; dev-insensitive)
STEPS = 300  # full-batch Adam steps
LEARNING_RATE = 1e-3
FOLDS = 5  # out-of-fold adapted vectors for the rows the ranker itself is fit on


def fit_adapter(q_vecs: np.ndarray, targets: np.ndarray, passages: np.ndarray) -> np.ndarray:
    """``A`` for questions ``q_vecs`` (m, d) whose answers are the 1s of ``targets`` (m, n) among ``passages`` (n, d)."""
    import torch  # fit time only: the answer path applies the matrix with numpy

    torch.manual_seed(0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # one thread: the same sums in the same order, the same matrix on every run
    try:
        q = torch.tensor(np.asarray(q_vecs, dtype=np.float32))
        y = torch.tensor(np.asarray(targets, dtype=np.float32))
        p = torch.tensor(np.asarray(passages, dtype=np.float32))
        a = torch.zeros(q.shape[1], q.shape[1], requires_grad=True)
        opt = torch.optim.Adam([a], lr=LEARNING_RATE)
        for _ in range(STEPS):
            opt.zero_grad()
            moved = q + q @ a
            moved = moved / moved.norm(dim=1, keepdim=True)
            s = (moved @ p.T) / TEMPERATURE
            loss = (torch.logsumexp(s, 1) - torch.logsumexp(s.masked_fill(y == 0, -1e9), 1)).mean() + L2 * (a**2).sum()
            loss.backward()
            opt.step()
        out: np.ndarray = a.detach().numpy().astype(np.float32)
        return out
    finally:
        torch.set_num_threads(threads)


def apply(matrix: np.ndarray, q_vecs: np.ndarray) -> np.ndarray:
    """Row-wise ``normalise(q + q @ A)``, as :meth:`advisor.ranking.QueryAdapter.apply` does for one."""
    moved = q_vecs + q_vecs @ matrix
    out: np.ndarray = (moved / np.linalg.norm(moved, axis=1, keepdims=True)).astype(np.float32)
    return out


def out_of_fold(q_vecs: np.ndarray, targets: np.ndarray, labelled: np.ndarray, passages: np.ndarray) -> np.ndarray:
    """Each question adapted by a fit that did not see it, so the ranker learns how far to trust the adapter on new questions.

    ``labelled`` marks the rows that may train an adapter (in scope, with a labelled passage); every row is adapted.
    """
    out = np.zeros_like(q_vecs, dtype=np.float32)
    fold = np.arange(len(q_vecs)) % FOLDS
    for f in range(FOLDS):
        fit_rows = labelled & (fold != f)
        matrix = fit_adapter(q_vecs[fit_rows], targets[fit_rows], passages)
        out[fold == f] = apply(matrix, q_vecs[fold == f])
    return out
