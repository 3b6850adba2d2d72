"""Fit the :class:`~advisor.ranking.QueryAdapter`: a linear map of question vectors, learned on labelled passages.

The general-purpose encoder places "What's the typical monthly fee for a fractional CIO?" nearer
to a passage about full-time salaries than to the pricing row that answers it. The adapter learns,
from the training questions only, how questions and passages move so that a question lands near
the passages that answer it: ``q' = normalise(q + q @ A)``, ``p' = normalise(p + p @ B)``, fit by a
softmax over every passage (the labelled ones are the targets) with an L2 penalty that keeps both
maps near the identity. Deterministic: zero start, full-batch Adam, one thread, fixed steps.

Why these choices (on ``train/dev.jsonl`` and leave-one-article-out, 2026-11-25, whole ranker's hit@1):
both sides 0.676 dev / 0.746 LOAO mean against the question side only 0.637 / 0.734; the penalty
1e-3 against 1e-2 (0.637 dev) and 0.1 (0.608); steps and temperature barely mattered (150 or 300
steps, low-rank 16 or 64 or full: within ±0.03 of each other).
"""

from __future__ import annotations

import numpy as np

from advisor.ranking import moved_by

L2 = 1e-3  # penalty on ||A||²: dev-chosen (see above)
TEMPERATURE = 0.05  # softmax temperature over cosine scores (the usual contrastive setting; dev-insensitive)
STEPS = 300  # full-batch Adam steps
LEARNING_RATE = 1e-3
FOLDS = 5  # out-of-fold adapted vectors for the rows the ranker itself is fit on


def fit_adapter(q_vecs: np.ndarray, targets: np.ndarray, passages: np.ndarray) -> np.ndarray:
    """``[A, B]`` (2, d, d) for questions ``q_vecs`` (m, d) whose answers are the 1s of ``targets`` (m, n) among ``passages`` (n, d)."""
    import torch  # fit time only: the answer path applies the matrices with numpy

    torch.manual_seed(0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # one thread: the same sums in the same order, the same matrices on every run
    try:
        q = torch.tensor(np.asarray(q_vecs, dtype=np.float32))
        y = torch.tensor(np.asarray(targets, dtype=np.float32))
        p = torch.tensor(np.asarray(passages, dtype=np.float32))
        d = q.shape[1]
        a = torch.zeros(d, d, requires_grad=True)
        b = torch.zeros(d, d, requires_grad=True)
        opt = torch.optim.Adam([a, b], lr=LEARNING_RATE)
        for _ in range(STEPS):
            opt.zero_grad()
            qm = q + q @ a
            qm = qm / qm.norm(dim=1, keepdim=True)
            pm = p + p @ b
            pm = pm / pm.norm(dim=1, keepdim=True)
            s = (qm @ pm.T) / TEMPERATURE
            loss = (torch.logsumexp(s, 1) - torch.logsumexp(s.masked_fill(y == 0, -1e9), 1)).mean() + L2 * ((a**2).sum() + (b**2).sum())
            loss.backward()
            opt.step()
        out: np.ndarray = np.stack([a.detach().numpy(), b.detach().numpy()]).astype(np.float32)
        return out
    finally:
        torch.set_num_threads(threads)


def out_of_fold(q_vecs: np.ndarray, targets: np.ndarray, labelled: np.ndarray, passages: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per question, (adapted question, adapted passages) from a fit that did not see it.

    The ranker is fit on these rows, so it learns how far to trust the adapter on a question it
    has never seen. ``labelled`` marks the rows that may train an adapter (in scope, with a
    labelled passage); every row is adapted.
    """
    out: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0), np.zeros(0))] * len(q_vecs)
    fold = np.arange(len(q_vecs)) % FOLDS
    for f in range(FOLDS):
        fit_rows = labelled & (fold != f)
        a, b = fit_adapter(q_vecs[fit_rows], targets[fit_rows], passages)
        moved = moved_by(passages, b)
        for i, q in zip(np.flatnonzero(fold == f), moved_by(q_vecs[fold == f], a)):
            out[i] = (q, moved)
    return out
