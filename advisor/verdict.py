"""The documents' yes / no / it-depends for a question, said before the first quote: a learned model.

A yes/no or should-I question deserves its answer first ("No." then the passage that says so).
Which answer the articles give is learned, not set by hand: ``python -m train`` fits a multinomial
logistic model on the labelled training questions (``verdict`` in ``train/*.jsonl``; a question
with none is the class ``none``: it asks for no verdict) over the adapted question vector, the
question's shape and the question's words (the vocabulary of the training questions: "replace",
"same", "cancel" or "both" decide a verdict that a sentence vector blurs), and chooses on dev the
confidence below which no verdict is said at all. A
wrong verdict misleads, a missing one only leaves the quote to speak: the threshold is chosen
for that (``WRONG_VERDICT_COST`` in ``train``). A question whose premise is corrected gets "no"
from the correction, not from this model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from advisor.errors import ModelMissing
from advisor.models import Verdict
from advisor.questions import QuestionShape, last_sentence
from advisor.text import plain_word_sequence, plain_words

VERDICTS: tuple[Verdict, ...] = ("yes", "no", "depends")
SHAPE_FEATURES = ("yes_no", "should", "premise", "overstated")  # appended to the adapted question vector
FEATURE_GROUPS = ("adapted question vector", *SHAPE_FEATURES, "question words and openings (vocabulary)")  # in order; a file fit on others is refused
RULING_TEXT: dict[Verdict, str] = {"yes": "Yes.", "no": "No.", "depends": "It depends."}
#: A question's first one, two and three words (of its last sentence) join its bag as "^can", "^can a",
#: "^can a fractional": the bag loses word order, and the opening carries what is asked of whom ("can a
#: fractional cio …" and "will our msp …" lean opposite ways). Three, not tuned: a longer opening is the
#: whole question, shared by too few training questions to reach VOCABULARY_MIN_COUNT.
OPENING_WORDS = 3
VOCABULARY_MIN_COUNT = 3  # a word joins the verdict model's vocabulary when this many training questions use it (set, not tuned: rarer words are noise on ~570 questions)


def verdict_terms(question: str) -> set[str]:
    """The question's words and its opening (:data:`OPENING_WORDS`): the verdict model's bag."""
    opening = plain_word_sequence(last_sentence(question))[:OPENING_WORDS]
    return plain_words(question) | {"^" + " ".join(opening[:k]) for k in range(1, len(opening) + 1)}


def verdict_features(adapted_q: np.ndarray, shape: QuestionShape, question: str, vocabulary: tuple[str, ...]) -> np.ndarray:
    flags = [float(shape.yes_no), float("should" in shape.types), float("premise" in shape.types), float(shape.overstated_premise)]
    words = verdict_terms(question)
    bag = [float(w in words) for w in vocabulary]
    return np.concatenate([np.asarray(adapted_q, dtype=np.float32), np.asarray(flags, dtype=np.float32), np.asarray(bag, dtype=np.float32)])


@dataclass(frozen=True)
class VerdictModel:
    classes: tuple[str, ...]  # "yes" / "no" / "depends" / "none"
    weights: np.ndarray  # (classes, features)
    bias: np.ndarray  # (classes,)
    threshold: float  # say a verdict only at this probability or above
    provenance: dict[str, object]
    vocabulary: tuple[str, ...] = ()  # the question words the model weighs (training questions' words used VOCABULARY_MIN_COUNT times)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.weights.T + self.bias
        z = z - z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = e / e.sum(axis=-1, keepdims=True)
        return out

    def features(self, adapted_q: np.ndarray, shape: QuestionShape, question: str) -> np.ndarray:
        return verdict_features(adapted_q, shape, question, self.vocabulary)

    def lean(self, features: np.ndarray) -> Verdict:
        """Yes or no, whichever is likelier for a row of :meth:`features` however unsure the model is."""
        p = dict(zip(self.classes, (float(v) for v in self.probabilities(features))))
        return "yes" if p.get("yes", 0.0) >= p.get("no", 0.0) else "no"

    def decide(self, features: np.ndarray) -> tuple[Verdict | None, float]:
        """The verdict to state for a row of :meth:`features`, or None when the question asks for none or the model is unsure."""
        p = self.probabilities(features)
        k = int(np.argmax(p))
        label = self.classes[k]
        if label not in VERDICTS or float(p[k]) < self.threshold:
            return None, float(p[k])
        return label, float(p[k])

    def to_json(self) -> dict[str, object]:
        return {
            "classes": list(self.classes),
            "features": list(FEATURE_GROUPS),
            "vocabulary": list(self.vocabulary),
            "weights": [[round(float(v), 7) for v in row] for row in self.weights],
            "bias": [round(float(v), 7) for v in self.bias],
            "threshold": round(float(self.threshold), 4),
            "provenance": self.provenance,
        }

    @classmethod
    def load(cls, path: Path, dimension: int) -> VerdictModel:
        """The fitted model at ``path``; :class:`ModelMissing` when absent, unreadable or fit for another encoder."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            model = cls(
                tuple(str(c) for c in data["classes"]),
                np.asarray(data["weights"], dtype=np.float32),
                np.asarray(data["bias"], dtype=np.float32),
                float(data["threshold"]),
                dict(data.get("provenance") or {}),
                tuple(str(w) for w in data.get("vocabulary") or ()),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelMissing(f"The verdict model {path.name} is missing or unreadable ({exc}); run `python -m train`.") from exc
        if data.get("features") != list(FEATURE_GROUPS) or model.weights.shape != (len(model.classes), dimension + len(SHAPE_FEATURES) + len(model.vocabulary)):
            raise ModelMissing(f"The verdict model {path.name} was fit on other features than this code computes; run `python -m train`.")
        return model
