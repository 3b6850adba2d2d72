"""Which passages answer the question: features of (question, passage) and a learned linear model.

The weights are not set by hand: ``python -m train`` fits them on ``train/train.jsonl``,
chooses among candidates on ``train/dev.jsonl`` and writes ``knowledge/ranker.json`` (weights,
feature scaling and provenance) and ``knowledge/adapter.npy`` (a learned linear map of the
question's vector, :class:`QueryAdapter`: users ask in other words than the articles answer in,
and a general-purpose encoder does not know how this corpus' questions map to its answers). The same module computes the features at fit time and at
answer time, so the two cannot drift. A missing or stale model file fails loudly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np

from advisor.errors import ModelMissing
from advisor.index import FACT, IndexSnapshot
from advisor.questions import QuestionShape, without_sides
from advisor.text import content_tokens, tokens, word_pairs

# BM25 matches words, not meaning: the corpus' own words for what visitors ask in other words.
SYNONYMS = {
    "cio": ("executive", "leader"),
    "cto": ("executive", "leader"),
    "fee": ("pricing", "retainer", "cost"),
    "cost": ("pricing", "price", "fee", "retainer", "salary"),
    "price": ("pricing", "cost", "fee"),
    "charge": ("pricing", "fee", "cost"),
    "pay": ("pricing", "fee", "cost"),
    "expensive": ("cost", "pricing"),
    "quit": ("left", "exit", "lost"),
}

FEATURES: tuple[str, ...] = (
    "dense",  # cosine(question, passage)
    "dense_gap",  # dense minus the best dense of any passage
    "unit",  # cosine(question, the passage's closest sentence / item / row)
    "unit_gap",
    "situation_unit",  # cosine(the asker's situation, the passage's closest sentence): "unit" when the question states none apart
    "situation_unit_gap",
    "key",  # cosine(question, FAQ question or section heading)
    "key_gap",
    "bm25",  # BM25 over key + passage, scaled by the best score for this question
    "lexical",  # share of the question's content words in the passage
    "key_lexical",  # share of the question's content words in the key
    "predicate_lexical",  # share of the question's content words other than the sides' names in the passage ("accountable", "resigned")
    "phrase",  # share of the question's adjacent content-word pairs found adjacent in the passage (word order: "right investment")
    "dense_rank",  # 1 / (1 + rank by dense)
    "faq",
    "list",
    "table_row",
    "figure",  # the passage states a figure ($, %, months…)
    "cost_x_figure",
    "steps_x_list",
    "when_x_key",  # a when/should question meets a "When you need…"/"signs" section
    "verdict_x_faq",
    "compare_x_table",
    "sides_covered",  # share of the sides the question asks about that the passage names
    "length",  # log of the passage's words
    "position",  # relative position in its document
    "leans_back",  # opens with a pronoun it cannot resolve
    "rhetorical",  # ends with a question mark
    "adapted",  # cosine(adapted question, passage): the question's vector mapped by QueryAdapter
    "adapted_gap",
    "adapted_unit",
    "adapted_unit_gap",
    "adapted_key",
    "adapted_key_gap",
)

COL = {name: i for i, name in enumerate(FEATURES)}  # column of each feature in feature_matrix


def expand(words: list[str]) -> list[str]:
    syn = {tokens(k)[0]: tuple(tokens(" ".join(v))) for k, v in SYNONYMS.items()}
    out = list(words)
    for w in words:
        out.extend(t for t in syn.get(w, ()) if t not in out)
    return out


def feature_matrix(
    snap: IndexSnapshot, question: str, q_vec: np.ndarray, shape: QuestionShape, adapted: np.ndarray, adapted_passages: np.ndarray, s_vec: np.ndarray | None = None
) -> np.ndarray:
    """One row of :data:`FEATURES` per passage of the snapshot (question-independent parts come precomputed).

    ``adapted`` and ``adapted_passages``: ``q_vec`` and ``snap.vectors`` mapped by the :class:`QueryAdapter`
    (at fit time, by a fit that did not see this question). ``s_vec``: the vector of the asker's situation
    (:func:`advisor.questions.situation`), when the question states one apart from what it asks.
    """
    n = snap.size
    a_dense = adapted_passages @ adapted
    a_key = snap.key_vectors @ adapted
    a_unit = snap.unit_max(adapted)
    dense = snap.vectors @ q_vec
    key = snap.key_vectors @ q_vec
    unit = snap.unit_max(q_vec)
    s_unit = unit if s_vec is None else snap.unit_max(s_vec)
    bm = snap.bm25_scores(" ".join(expand(content_tokens(question))))
    bm = bm / bm.max() if bm.max() > 0 else bm
    rank = np.empty(n)
    rank[np.argsort(-dense)] = np.arange(n)
    q_words = frozenset(content_tokens(question))
    share = float(len(q_words)) or 1.0
    lexical = np.fromiter((len(q_words & w) for w in snap.words), dtype=np.float32, count=n) / share
    key_lexical = np.fromiter((len(q_words & w) for w in snap.key_words), dtype=np.float32, count=n) / share
    q_pairs = word_pairs([question])
    phrase = np.fromiter((len(q_pairs & w) for w in snap.phrases), dtype=np.float32, count=n) / (float(len(q_pairs)) or 1.0)
    p_words = frozenset(content_tokens(without_sides(question)))
    predicate = np.fromiter((len(p_words & w) for w in snap.words), dtype=np.float32, count=n) / (float(len(p_words)) or 1.0)
    f = snap.facts
    t = shape.types

    def fact(name: str) -> np.ndarray:
        return f[:, FACT[name]]

    sides = shape.sides
    covered = ((fact("side_msp") * ("msp" in sides) + fact("side_leader") * ("leader" in sides)) / len(sides)) if sides else np.zeros(n, np.float32)
    columns = [
        *_with_gap(dense),
        *_with_gap(unit),
        *_with_gap(s_unit),
        *_with_gap(key),
        bm,
        lexical,
        key_lexical,
        predicate,
        phrase,
        1.0 / (1.0 + rank),
        fact("faq"),
        fact("list"),
        fact("table_row"),
        fact("figure"),
        fact("figure") * ("cost" in t),
        fact("list") * ("steps" in t),
        fact("when_key") * bool({"when", "should"} & t),
        fact("faq") * shape.verdict_cue,  # the cues it was fit with, not the wider last-clause yes/no
        fact("table_row") * ("compare" in t),
        covered,
        fact("length"),
        fact("position"),
        fact("leans_back"),
        fact("rhetorical"),
        *_with_gap(a_dense),
        *_with_gap(a_unit),
        *_with_gap(a_key),
    ]
    return np.column_stack(columns).astype(np.float32)


def _with_gap(sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A similarity and its distance to the question's best passage (the "…_gap" feature)."""
    return sims, sims - sims.max()


@dataclass(frozen=True)
class QueryAdapter:
    """Learned linear maps of question and passage vectors: ``normalise(v + v @ M)``, ``M`` one per side.

    Fit by ``python -m train`` (:mod:`train.adapter`) on the training questions' labelled passages;
    square matrices over the encoder's dimensions, so they apply to passages the fit never saw
    (leave-one-article-out in ``docs/ranker.md``). The ranker records their digest: a model fit
    with another adapter fails loudly instead of ranking with the wrong features.
    """

    matrices: np.ndarray  # (2, d, d): question side, passage side

    def question(self, q_vec: np.ndarray) -> np.ndarray:
        out: np.ndarray = moved_by(q_vec[None, :], self.matrices[0])[0]
        return out

    def passages(self, vectors: np.ndarray) -> np.ndarray:
        """The passage side, for a whole snapshot at once (the answerer computes it once per snapshot)."""
        return moved_by(vectors, self.matrices[1])

    def digest(self) -> str:
        return hashlib.sha256(np.ascontiguousarray(self.matrices, dtype=np.float32).tobytes()).hexdigest()[:16]

    @classmethod
    def identity(cls, dimension: int) -> QueryAdapter:
        return cls(np.zeros((2, dimension, dimension), np.float32))

    @classmethod
    def load(cls, path: Path) -> QueryAdapter:
        """The fitted adapter at ``path``; raises :class:`ModelMissing` when absent or unreadable."""
        try:
            matrices = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise ModelMissing(f"The query adapter {path.name} is missing or unreadable ({exc}); run `python -m train`.") from exc
        if matrices.ndim != 3 or matrices.shape[0] != 2 or matrices.shape[1] != matrices.shape[2]:
            raise ModelMissing(f"The query adapter {path.name} does not hold two square matrices; run `python -m train`.")
        return cls(matrices.astype(np.float32))


def moved_by(vecs: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Row-wise ``normalise(v + v @ matrix)``; zero rows (a passage without a key) stay zero."""
    moved = vecs + vecs @ matrix
    norm = np.linalg.norm(moved, axis=1, keepdims=True)
    out: np.ndarray = np.divide(moved, norm, out=np.zeros_like(moved), where=norm > 0).astype(np.float32)
    return out


@dataclass(frozen=True)
class LinearModel:
    """A logistic model over named, standardised features (fit by ``python -m train``)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    provenance: dict[str, object]

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        p: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return p

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "weights": [round(float(v), 8) for v in self.weights],
            "bias": round(float(self.bias), 8),
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearModel:
        return cls(
            tuple(str(f) for f in cast(list[object], data["features"])),
            np.asarray(data["mean"], dtype=np.float32),
            np.asarray(data["scale"], dtype=np.float32),
            np.asarray(data["weights"], dtype=np.float32),
            float(cast(float, data["bias"])),
            dict(cast(dict[str, object], data.get("provenance") or {})),
        )


def load_model(path: Path, features: tuple[str, ...]) -> LinearModel:
    """The fitted model at ``path``; raises :class:`ModelMissing` when absent or fit on other features."""
    try:
        model = LinearModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelMissing(f"The answer model {path.name} is missing or unreadable ({exc}).") from exc
    if model.features != features:
        raise ModelMissing(f"The answer model {path.name} was fit on other features than this code computes.")
    return model
