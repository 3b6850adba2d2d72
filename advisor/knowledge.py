"""The fitted artifacts the answerer reads, kept with the knowledge base (``knowledge/``), not the eval.

- ``ranker.json``: which passages answer a question (:mod:`advisor.ranking`);
- ``adapter.npy``: the learned map of question vectors the ranker's ``adapted*`` features use;
- ``verdict.json``: the documents' yes / no / it-depends for a question (:mod:`advisor.verdict`);
- ``scope.json``: in scope or not, with its threshold (:mod:`advisor.scope`);
- ``scope_examples.jsonl``: the labelled training questions the scope margin compares with.

All five are written by ``python -m train`` from ``train/train.jsonl``; a missing or stale one
raises :class:`~advisor.errors.ModelMissing` (never a silent default).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np

from advisor.embeddings import EmbedderLike
from advisor.errors import ModelMissing
from advisor.index import cached_encode
from advisor.ranking import FEATURES, LinearModel, QueryAdapter, load_model
from advisor.scope import SCOPE_FEATURES
from advisor.settings import PROJECT_ROOT
from advisor.verdict import VerdictModel

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"


@dataclass(frozen=True)
class Knowledge:
    ranker: LinearModel
    adapter: QueryAdapter
    verdict: VerdictModel
    scope: LinearModel
    scope_threshold: float
    inside: np.ndarray  # embedded in-scope example questions
    outside: np.ndarray  # embedded out-of-scope example questions

    @classmethod
    def load(
        cls, embedder: EmbedderLike, directory: Path = KNOWLEDGE_DIR, threshold_override: float | None = None, cache_file: Path | None = None
    ) -> Knowledge:
        """The fitted models, and the example questions embedded once (cached on disk by text: a warm start re-embeds none)."""
        ranker = load_model(directory / "ranker.json", FEATURES)
        adapter = QueryAdapter.load(directory / "adapter.npy")
        if ranker.provenance.get("adapter") != adapter.digest():
            raise ModelMissing("knowledge/ranker.json was fit with another query adapter than knowledge/adapter.npy; run `python -m train`.")
        verdict = VerdictModel.load(directory / "verdict.json", adapter.matrices.shape[1])
        if verdict.provenance.get("adapter") != adapter.digest():
            raise ModelMissing("knowledge/verdict.json was fit with another query adapter than knowledge/adapter.npy; run `python -m train`.")
        scope = load_model(directory / "scope.json", SCOPE_FEATURES)
        threshold = threshold_override if threshold_override is not None else float(cast(float, scope.provenance["threshold"]))
        inside, outside = load_examples(directory / "scope_examples.jsonl")
        if not inside or not outside:
            raise ModelMissing("knowledge/scope_examples.jsonl is missing or has no in-scope / out-of-scope questions.")
        return cls(ranker, adapter, verdict, scope, threshold, cached_encode(embedder, inside, cache_file), cached_encode(embedder, outside, cache_file))


def load_examples(path: Path) -> tuple[list[str], list[str]]:
    """(in-scope questions, out-of-scope questions) from JSON Lines of {q, in_scope}."""
    inside: list[str] = []
    outside: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return [], []
    for line in lines:
        if line.strip():
            item = json.loads(line)
            (inside if item["in_scope"] else outside).append(str(item["q"]))
    return inside, outside
