"""The ranker's question-dependent lexical features, on a two-passage snapshot."""

import numpy as np

from advisor.index import IndexSnapshot
from advisor.questions import shape
from advisor.ranking import COL, feature_matrix
from tests.fakes import HashingEmbedder, passage


def features(a: str, b: str, q: str) -> tuple[np.ndarray, dict[str, int]]:
    """The feature rows of a two-passage snapshot ("a.md" holds ``a``, "b.md" ``b``) for question ``q``, and each doc's row."""
    e = HashingEmbedder()
    ps = [passage(a, doc="a.md"), passage(b, doc="b.md")]
    snap = IndexSnapshot.build("t", ps, e.encode([p.embed_text for p in ps]), e, cache_file=None)
    v = e.encode([q])[0]
    return feature_matrix(snap, q, v, shape(q), v, snap.vectors), {p.doc_id: k for k, p in enumerate(snap.passages)}


def test_predicate_lexical_counts_the_question_words_other_than_the_sides_names() -> None:
    # "How does a fractional CIO keep the MSP accountable?": every passage names the sides; the one that says
    # "accountable" is the one about the asked thing.
    x, by_doc = features(
        "A fractional CIO and the MSP meet every quarter.", "A fractional CIO keeps the MSP accountable to its SLAs.", "How does a fractional CIO keep the MSP accountable?"
    )
    pred = x[:, COL["predicate_lexical"]]
    assert pred[by_doc["b.md"]] == 1.0  # "keep" and "accountable" both there
    assert pred[by_doc["a.md"]] == 0.0  # only the sides' names in common
    assert np.all(x[:, COL["lexical"]] > 0)  # the plain share counts the sides' names too


def test_situation_unit_is_unit_unless_the_question_states_a_situation_apart() -> None:
    e = HashingEmbedder()
    ps = [passage("Your IT leader left and nobody holds the keys.", doc="a.md"), passage("A fractional CIO builds the foundation.", doc="b.md")]
    snap = IndexSnapshot.build("t", ps, e.encode([p.embed_text for p in ps]), e, cache_file=None)
    q = "Our IT leader left. Should we bring in a fractional CIO?"
    v = e.encode([q])[0]
    plain = feature_matrix(snap, q, v, shape(q), v, snap.vectors)
    assert np.array_equal(plain[:, COL["situation_unit"]], plain[:, COL["unit"]])
    s = e.encode(["Our IT leader left."])[0]
    stated = feature_matrix(snap, q, v, shape(q), v, snap.vectors, s)
    by_doc = {p.doc_id: k for k, p in enumerate(snap.passages)}
    assert stated[by_doc["a.md"], COL["situation_unit"]] > stated[by_doc["b.md"], COL["situation_unit"]]
    assert stated[by_doc["a.md"], COL["situation_unit_gap"]] == 0.0


def test_phrase_counts_the_question_word_pairs_found_in_order() -> None:
    # "When is an MSP the right investment?": both passages share its words; only one says "right investment".
    x, by_doc = features(
        "Still unsure which investment is right? Work through these questions.",
        "An MSP is the right investment when your core problem is operational.",
        "When is an MSP the right investment?",
    )
    assert x[by_doc["b.md"], COL["phrase"]] == 1.0  # "msp right" and "right invest", in that order
    assert x[by_doc["a.md"], COL["phrase"]] == 0.0  # "investment is right": the words, not the pairs
    assert x[by_doc["a.md"], COL["lexical"]] > 0  # the bag of words cannot tell them apart
