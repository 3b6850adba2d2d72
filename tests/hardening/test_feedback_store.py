"""The feedback store under concurrent writes loses nothing, and survives a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from advisor.feedback import Base, FeedbackStore, get_engine
from advisor.models import Answer, Citation
from advisor.settings import PROJECT_ROOT

WRITERS, EACH = 16, 25
# .ci/run provisions a PostgreSQL and sets this, so the same contract runs on both databases there.
POSTGRES = os.environ.get("TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES else [])


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fb.db'}"
    assert POSTGRES is not None
    engine = get_engine(POSTGRES)
    Base.metadata.drop_all(engine)  # a clean table per test
    Base.metadata.create_all(engine)
    return POSTGRES


def _answer(i: int) -> Answer:
    return Answer(question=f"question {i}", text=f"answer {i} [1]", citations=[Citation(id=1, title="t", source="s.md", chunk_id="c", quote="q")])


def test_concurrent_logs_and_ratings_lose_nothing(db_url: str) -> None:
    store = FeedbackStore(db_url)
    ids: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(w: int) -> None:
        try:
            for k in range(EACH):
                i = store.log_answer(_answer(w * 1000 + k), surface="web")
                assert store.rate(i, k % 2, f"comment {w}-{k}")
                with lock:
                    ids.append(i)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    rows = store.rows(limit=10_000)
    assert len(rows) == len(ids) == len(set(ids)) == WRITERS * EACH
    assert all(r["rating"] in (0, 1) and r["comment"] for r in rows)


def test_concurrent_writers_in_separate_processes(tmp_path: Path) -> None:
    """Several server workers share one SQLite file: WAL + busy timeout serialise them safely."""
    db = tmp_path / "fb.db"
    code = (
        "import sys; from advisor.feedback import FeedbackStore; from advisor.models import Answer\n"
        "s = FeedbackStore(sys.argv[1])\n"
        "for k in range(40): s.rate(s.log_answer(Answer(question=f'p{sys.argv[2]}-{k}', text='a')), 1)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, f"sqlite:///{db}", str(p)], cwd=PROJECT_ROOT) for p in range(4)]
    assert [p.wait(120) for p in procs] == [0, 0, 0, 0]
    rows = FeedbackStore(f"sqlite:///{db}").rows(limit=1000)
    assert len(rows) == 160 and all(r["rating"] == 1 for r in rows)


def test_database_survives_a_restart(db_url: str) -> None:
    url = db_url
    store = FeedbackStore(url)
    i = store.log_answer(_answer(1))
    store.rate(i, 1, "kept")
    get_engine(url).dispose()
    get_engine.cache_clear()  # as a new process would: fresh engine, same file
    again = FeedbackStore(url).rows()
    assert [(r["question"], r["rating"], r["comment"]) for r in again] == [("question 1", 1, "kept")]
