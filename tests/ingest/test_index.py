"""Ingest is incremental, idempotent, safe with bad files, and atomic (a killed run serves the old index)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from advisor.embeddings import Embedder
from advisor.settings import PROJECT_ROOT, Settings
from advisor.store import open_store
from ingest.index import sync_index


def _served(settings: Settings, embedder: Embedder) -> dict[str, str]:
    got = open_store(settings, embedder).active().get(include=["metadatas"])
    return {i: m["doc_id"] for i, m in zip(got["ids"], got["metadatas"])}


def test_second_run_writes_nothing(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> None:
    s = Settings(data_dir=tmp_path / "d", corpus_dir=small_corpus)
    first = sync_index(s, embedder, progress=None)
    assert first.wrote and first.chunks_embedded == first.chunks_total > 0
    gen = open_store(s, embedder).active_name()
    second = sync_index(s, embedder, progress=None)
    assert not second.wrote and second.chunks_embedded == 0
    assert sorted(second.docs_unchanged) == ["alpha.md", "beta.md"]
    assert open_store(s, embedder).active_name() == gen


def test_changed_file_replaces_exactly_its_chunks_and_reuses_the_rest(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> None:
    s = Settings(data_dir=tmp_path / "d", corpus_dir=small_corpus)
    sync_index(s, embedder, progress=None)
    before = _served(s, embedder)
    beta_before = {i for i, d in before.items() if d == "beta.md"}
    path = small_corpus / "alpha.md"
    path.write_text(path.read_text().replace("bills a monthly retainer", "bills a fixed monthly retainer"))
    report = sync_index(s, embedder, progress=None)
    after = _served(s, embedder)
    alpha_count = sum(1 for d in before.values() if d == "alpha.md")
    # Only alpha's chunks whose text or context changed are embedded again; beta's vectors are reused.
    assert report.docs_updated == ["alpha.md"]
    assert 0 < report.chunks_embedded <= alpha_count
    assert report.chunks_reused >= len(beta_before)
    assert {i for i, d in after.items() if d == "beta.md"} == beta_before
    assert len(after) == len(before)
    bodies = open_store(s, embedder).active().get(include=["metadatas"])["metadatas"]
    assert any("fixed monthly retainer" in m["body"] for m in bodies)
    assert not any("bills a monthly retainer" in m["body"] for m in bodies)


def test_deleted_file_disappears(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> None:
    s = Settings(data_dir=tmp_path / "d", corpus_dir=small_corpus)
    sync_index(s, embedder, progress=None)
    (small_corpus / "beta.md").unlink()
    report = sync_index(s, embedder, progress=None)
    assert report.docs_deleted == ["beta.md"]
    assert set(_served(s, embedder).values()) == {"alpha.md"}


def test_bad_files_are_reported_by_name_and_the_rest_is_ingested(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> None:
    (small_corpus / "corrupt.pdf").write_bytes(b"%PDF-1.7 garbage")
    (small_corpus / "blob.md").write_bytes(b"\x00\xff\x00\xfe" * 100)
    (small_corpus / "image.png").write_bytes(b"\x89PNG\r\n")
    s = Settings(data_dir=tmp_path / "d", corpus_dir=small_corpus)
    report = sync_index(s, embedder, progress=None)
    assert set(report.skipped) == {"corrupt.pdf", "blob.md", "image.png"}
    assert not report.ok
    assert set(_served(s, embedder).values()) == {"alpha.md", "beta.md"}
    assert "skipped blob.md: binary content" in report.summary()


def test_an_interrupted_ingest_leaves_the_served_index_intact_and_the_next_run_converges(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> None:
    s = Settings(data_dir=tmp_path / "d", corpus_dir=small_corpus)
    sync_index(s, embedder, progress=None)
    served = _served(s, embedder)
    store = open_store(s, embedder)
    # What a kill -9 mid-ingest leaves: a half-written generation that was never activated.
    half = store.new_generation()
    half.add(ids=["orphan"], embeddings=[[0.1] * 384], documents=["x"], metadatas=[{"doc_id": "ghost.md"}])
    assert _served(s, embedder) == served
    (small_corpus / "gamma.md").write_text("# Gamma\n\nA vCIO employed by the MSP is conflicted.\n")
    report = sync_index(s, embedder, progress=None)
    assert report.docs_added == ["gamma.md"]
    names = [c if isinstance(c, str) else c.name for c in store.client.list_collections()]
    assert [n for n in names if "_gen_" in n] == [store.active_name()]
    assert "orphan" not in _served(s, embedder)


def test_cli_exit_code_says_files_were_skipped(tmp_path: Path, small_corpus: Path, encoder_env: dict[str, str]) -> None:
    (small_corpus / "empty.md").write_text("")
    env = {"ADVISOR_DATA_DIR": str(tmp_path / "d"), "ADVISOR_CORPUS_DIR": str(small_corpus), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", **encoder_env}
    run = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2, run.stderr
    assert "skipped empty.md: empty file" in run.stdout
    again = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "index unchanged: nothing written" in again.stdout


def test_read_all_pages_through_large_collections(tmp_path, embedder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An unbounded get() fails at ~100k chunks (SQLite variable limit); reads are paged."""
    import numpy as np

    from advisor import records
    from advisor import store as store_mod
    from advisor.settings import Settings

    monkeypatch.setattr(records, "PAGE", 5)
    st = store_mod.open_store(Settings(data_dir=tmp_path / "d"), embedder)
    col = st.new_generation()
    col.add(
        ids=[f"id{i:02d}" for i in range(12)],
        embeddings=[np.ones(384, dtype=np.float32) / 384**0.5] * 12,
        documents=[f"doc {i}" for i in range(12)],
        metadatas=[{"n": i} for i in range(12)],
    )
    got = records.read_all(col, ["documents", "metadatas"])
    assert sorted(got["ids"]) == [f"id{i:02d}" for i in range(12)]
    assert len(got["documents"]) == len(got["metadatas"]) == 12


def test_two_ingests_at_once_take_turns_and_agree(tmp_path, embedder, small_corpus) -> None:  # type: ignore[no-untyped-def]
    import threading

    from advisor.records import read_all
    from advisor.settings import Settings
    from advisor.store import open_store
    from ingest.index import sync_index

    settings = Settings(data_dir=tmp_path / "d", corpus_dir=small_corpus)
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(sync_index(settings, embedder, progress=None))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.wrote for r in reports) == [False, True]  # the second found the index up to date
    store = open_store(settings, embedder)
    ids = read_all(store.active(), [])["ids"]
    assert len(ids) == len(set(ids)) == reports[0].chunks_total


def test_progress_reports_each_document_read_and_the_passages_stored(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> None:
    """The Library's progress bar reads these lines (issue 16: documents and passages, not an empty bar then 100 %)."""
    from ingest.index import parse_progress

    s = Settings(data_dir=tmp_path / "d", corpus_dir=small_corpus)
    sync_index(s, embedder, progress=None)
    (small_corpus / "gamma.md").write_text("# Gamma\n\n## Fit\n\nA vCIO fits when the roadmap has no owner.\n\n## Cost\n\nA vCIO is billed monthly.\n", encoding="utf-8")
    lines: list[str] = []
    report = sync_index(s, embedder, progress=lines.append)
    got = [p for p in map(parse_progress, lines) if p is not None]
    assert [(d, t) for w, d, t in got if w == "documents"] == [(1, 3), (2, 3), (3, 3)], lines
    stored = [(d, t) for w, d, t in got if w == "passages"]
    assert report.chunks_reused > 0 and report.chunks_embedded > 0, "premise: passages copied and passages embedded"
    assert len(stored) >= 2 and all(t == report.chunks_total for _, t in stored), lines
    assert [d for d, _ in stored] == sorted(d for d, _ in stored) and stored[-1][0] == report.chunks_total, "stored counts grow to the total"
    assert 0 < stored[0][0] < report.chunks_total, "the unchanged passages are reported before the new ones are embedded"
    assert parse_progress("embedded 3/4 new chunks") is None and parse_progress("read 1/2 documents") == ("documents", 1, 2)
