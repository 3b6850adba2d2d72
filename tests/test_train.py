"""The fitted models in knowledge/ are reproducible: `python -m train` on train/ writes them again.

Stated tolerance: every number within 1e-4 of the committed file (this machine reproduces them bit
for bit; another CPU's floating-point summation order may differ in the last digits), the same
feature names, classes and provenance otherwise, and the same scope examples.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from advisor.embeddings import Embedder
from advisor.knowledge import KNOWLEDGE_DIR
from advisor.ranking import QueryAdapter
from tests.conftest import Indexed

TOLERANCE = 1e-4


def _same(a: object, b: object, where: str) -> None:
    if where.endswith(".provenance.adapter"):
        return  # a digest of the adapter's bytes: compared below as numbers, within the tolerance, and against the fresh adapter it names
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= TOLERANCE, f"{where}: {a} != {b}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_python_m_train_writes_the_committed_models_again(tmp_path: Path, indexed: Indexed, embedder: Embedder) -> None:
    from train.__main__ import fit

    # On a copy of the session's index and vector cache: the corpus and the training questions are
    # not encoded again (what is tested is the fitting; `python -m train` encodes from scratch).
    data = indexed(tmp_path / "data").data_dir
    out = tmp_path / "knowledge"
    fit(out_dir=out, report=None, loao=False, data_dir=data, embedder=embedder)
    for name in ("ranker.json", "verdict.json", "scope.json"):
        _same(json.loads((out / name).read_text(encoding="utf-8")), json.loads((KNOWLEDGE_DIR / name).read_text(encoding="utf-8")), name)
    assert (out / "scope_examples.jsonl").read_text(encoding="utf-8") == (KNOWLEDGE_DIR / "scope_examples.jsonl").read_text(encoding="utf-8")
    fresh, committed = np.load(out / "adapter.npy"), np.load(KNOWLEDGE_DIR / "adapter.npy")
    assert fresh.shape == committed.shape and float(np.abs(fresh - committed).max()) <= TOLERANCE
    # The digest each model file records is of the adapter written with it (bit for bit: another CPU's last digits give another digest).
    for name in ("ranker.json", "verdict.json"):
        for folder, matrices in ((out, fresh), (KNOWLEDGE_DIR, committed)):
            assert json.loads((folder / name).read_text(encoding="utf-8"))["provenance"]["adapter"] == QueryAdapter(matrices).digest(), f"{folder / name}"


def test_no_question_the_fit_reads_is_an_eval_question_reworded(embedder: Embedder) -> None:
    """The eval is test data only: train, dev and the scope examples keep below the split's near-duplicate line.

    `python -m train split` drops drafts this close to an eval question; `scope_questions.jsonl` is
    written by hand, and held three (the weather in Boston, interim vs fractional CTO, "msp vs
    fractional cio which one") until 2026-11-27, when this test was added.
    """
    import yaml

    from eval.dataset import ITEMS_FILE
    from train.__main__ import DEV, EXTRA_SCOPE, NEAR_DUPLICATE_COS, TRAIN, read

    eval_vecs = embedder.encode([str(i["question"]) for i in yaml.safe_load(ITEMS_FILE.read_text(encoding="utf-8"))["items"]])
    for path in (TRAIN, DEV, EXTRA_SCOPE):
        questions = [i.q for i in read(path)]
        sims = np.asarray(embedder.encode(questions)) @ np.asarray(eval_vecs).T
        near = [(questions[k], round(float(sims[k].max()), 3)) for k in np.flatnonzero(sims.max(axis=1) >= NEAR_DUPLICATE_COS)]
        assert not near, f"{path.name}: {near}"


def test_the_verdict_model_reads_only_questions_whose_verdict_label_is_known() -> None:
    from train.__main__ import Labelled, Prepared, verdict_labelled

    items = [
        Labelled("Is a vCIO from my MSP independent?", True, [], "", ""),  # yes/no, labelled in / out only: its verdict is unknown
        Labelled("What does a managed service provider actually do?", True, [], "", ""),  # asks for none by its shape
        Labelled("Is a vCIO the same as a fractional CIO?", True, [{"source": "s.md", "quote": "q"}], "", "yesno", "no"),  # written with its answers
        Labelled("What is the weather in Boston?", False, [], "", ""),  # out of scope
    ]
    prep = Prepared(items, [i.q for i in items], [], [], np.zeros((4, 3), dtype=np.float32), np.zeros((4, 3), dtype=np.float32))
    assert verdict_labelled(prep) == [1, 2]


def test_the_relative_floor_study_reports_every_floor_and_leaves_the_shipped_one(tmp_path: Path, indexed: Indexed, embedder: Embedder) -> None:
    """`python -m train floor`: where advisor.answerer.RELATIVE_FLOOR comes from (README, training section)."""
    import advisor.answerer as answerer_module
    from train.__main__ import DEV, FLOORS, floor_table, read

    shipped = answerer_module.RELATIVE_FLOOR
    rows = floor_table(read(DEV)[:25], indexed(tmp_path / "data").data_dir, embedder)
    assert [r["floor"] for r in rows] == list(FLOORS) and shipped in FLOORS
    assert shipped == answerer_module.RELATIVE_FLOOR
    passages = [r["passages"] for r in rows]
    assert passages == sorted(passages, reverse=True) and passages[0] > passages[-1]  # a higher floor quotes fewer further passages
    assert all(0.0 <= r["labelled_share_of_cited"] <= 1.0 and 0.0 <= r["two_thirds_cited"] <= 1.0 for r in rows)


def test_the_sentence_study_reports_every_weight_and_ships_trains_best(tmp_path: Path, indexed: Indexed, embedder: Embedder) -> None:
    """`python -m train sentences`: where advisor.answerer.SENTENCE_WORDS comes from (train's best, ties to the smaller)."""
    import advisor.answerer as answerer_module
    from train.__main__ import SENTENCE_WORDS_GRID, TRAIN, read, sentence_table

    shipped = answerer_module.SENTENCE_WORDS
    rows = sentence_table(read(TRAIN), indexed(tmp_path / "data").data_dir, embedder)
    assert [r["weight"] for r in rows] == list(SENTENCE_WORDS_GRID) and shipped in SENTENCE_WORDS_GRID
    assert shipped == answerer_module.SENTENCE_WORDS  # restored after the study
    best = max(r["first_quote_labelled"] for r in rows)
    assert shipped == min(r["weight"] for r in rows if r["first_quote_labelled"] == best)
    assert best > rows[0]["first_quote_labelled"]  # the words help: the dense choice alone is worse on train
