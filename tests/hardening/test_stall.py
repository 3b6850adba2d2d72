"""Issue 15, never stall and never lie about readiness: a new index generation is loaded off the
request path and swapped in whole; a chat during re-ingest never fails; a damaged index gives a
clear CLI message and a not-ready server; a rebuild never moves the good index aside first."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

import advisor.index as index_mod
import ingest.__main__ as ingest_main
from advisor import cli
from advisor.engine import Advisor
from advisor.errors import IndexCorrupt
from advisor.index import POINTER_CHECK_S, IndexSnapshot
from advisor.store import IndexStore
from ingest.index import sync_index
from tests.fakes import HashingEmbedder
from tests.hardening.fake_index import QUESTION, ask, fake_advisor, fake_app, started

NEW_DOC = "# Cost\n\n## What an MSP costs\n\nAn MSP usually bills per user per month, from about 100 to 250 dollars.\n"


def _reingest(adv: Advisor) -> str:
    (adv.settings.corpus_dir / "cost.md").write_text(NEW_DOC + f"\n{time.time_ns()}\n", encoding="utf-8")
    report = sync_index(adv.settings, adv.embedder, progress=None)
    assert report.wrote
    return report.generation


def _slow_load(monkeypatch: pytest.MonkeyPatch, seconds: float) -> threading.Event:
    """Make loading a snapshot take ``seconds`` (as a 100k-passage generation does); the event is set when one finished."""
    done = threading.Event()
    real = IndexSnapshot.load.__func__  # type: ignore[attr-defined]

    def slow(cls: type[IndexSnapshot], *a: Any, **k: Any) -> IndexSnapshot:
        time.sleep(seconds)
        snap = real(cls, *a, **k)
        done.set()
        return snap

    monkeypatch.setattr(IndexSnapshot, "load", classmethod(slow))
    return done


def test_a_new_generation_loads_off_the_request_path_and_swaps_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    adv = fake_advisor(tmp_path)
    _ = adv.store  # opened first, as the server's warm-up does: these tests are about loads from Chroma (a start from the records file: test_served_file)
    adv.ensure_ready()
    old = adv.runtime.current()
    done = _slow_load(monkeypatch, 3.0)
    new = _reingest(adv)
    time.sleep(POINTER_CHECK_S + 0.1)
    started_at = time.perf_counter()
    ans = adv.answer(QUESTION)
    assert time.perf_counter() - started_at < 2.0, "the request waited for the new generation to load"
    assert ans.citations and adv.runtime.current() is old
    assert adv.runtime.state().loading and adv.runtime.state().latest == new
    assert done.wait(20)
    for _ in range(50):
        if adv.runtime.current().generation == new:
            break
        time.sleep(0.1)
    assert adv.runtime.current().generation == new and adv.runtime.current().size > old.size


def test_a_chat_during_re_ingest_never_fails_when_its_generation_is_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    adv = fake_advisor(tmp_path)
    _ = adv.store  # opened first, as the server's warm-up does: these tests are about loads from Chroma (a start from the records file: test_served_file)
    adv.ensure_ready()
    real_read = index_mod.read_all
    raced = []

    def read_while_another_ingest_finishes(collection: Any, include: list[str]) -> Any:
        if not raced:  # the generation being loaded is replaced and garbage-collected mid-read
            raced.append(collection.name)
            _reingest(adv)
        return real_read(collection, include)

    monkeypatch.setattr(index_mod, "read_all", read_while_another_ingest_finishes)
    _reingest(adv)
    time.sleep(POINTER_CHECK_S + 0.1)
    errors: list[BaseException] = []
    for _ in range(20):
        try:
            assert adv.answer(QUESTION).citations
        except BaseException as exc:  # noqa: BLE001  # any failure of a chat is what this test is about
            errors.append(exc)
        time.sleep(0.1)
    assert raced and errors == []
    served = adv.store.active_name()
    for _ in range(50):  # the loader retries and catches up with what is served
        adv.answer(QUESTION)
        if adv.runtime.current().generation == served:
            break
        time.sleep(0.2)
    assert adv.runtime.current().generation == served


def test_readyz_reports_the_generation_really_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    adv = fake_advisor(tmp_path)
    c = started(fake_app(tmp_path, advisor=adv))
    first = c.get("/readyz").json()
    assert first["ready"] is True and first["generation"] == adv.store.active_name() and first["loading"] is False
    done = _slow_load(monkeypatch, 2.0)
    new = _reingest(adv)
    time.sleep(POINTER_CHECK_S + 0.1)
    during = c.get("/readyz").json()
    assert during["generation"] == first["generation"] and during["latest"] == new and during["loading"] is True
    assert c.post("/api/chat", json=ask()).status_code == 200  # served from the old snapshot meanwhile
    assert done.wait(20)
    time.sleep(0.3)
    assert c.get("/readyz").json()["generation"] == new


def _damage(adv: Advisor) -> None:
    db = adv.settings.chroma_path / "chroma.sqlite3"
    size = db.stat().st_size
    with open(db, "r+b") as fh:  # mid-file damage, as a failing disk leaves it
        fh.seek(size // 2)
        fh.write(b"\xde\xad" * (size // 8))


def test_a_damaged_index_is_a_clear_cli_message_with_the_recovery_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    adv = fake_advisor(tmp_path)
    _damage(adv)
    fresh = Advisor(adv.settings, embedder=adv.embedder, knowledge=adv._knowledge)
    monkeypatch.setattr("advisor.engine.get_advisor", lambda settings=None: fresh)
    assert cli.main(["ask", QUESTION]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "python -m ingest --rebuild" in err and "Traceback" not in err
    with pytest.raises(IndexCorrupt):
        fresh.ensure_ready()


def test_a_damaged_index_makes_the_server_not_ready_with_a_reason_not_500s(tmp_path: Path) -> None:
    adv = fake_advisor(tmp_path)
    _damage(adv)
    c = started(fake_app(tmp_path, advisor=Advisor(adv.settings, embedder=adv.embedder, knowledge=adv._knowledge)))
    r = c.get("/readyz")
    assert r.status_code == 503 and r.json()["error"] == "not_ready" and "rebuild" in r.json()["hint"]
    assert c.get("/healthz").json()["reason"] == "index_corrupt"
    chat = c.post("/api/chat", json=ask())
    assert chat.status_code == 503 and chat.json()["error"] in ("index_not_ready", "backend_unavailable")


def test_a_failed_rebuild_leaves_the_good_index_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    adv = fake_advisor(tmp_path)
    served = adv.store.active_name()
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(adv.settings.data_dir))
    monkeypatch.setenv("ADVISOR_CORPUS_DIR", str(adv.settings.corpus_dir))
    monkeypatch.setattr(ingest_main, "embedder_for", lambda settings: HashingEmbedder())

    def disk_full(self: IndexStore, *a: Any, **k: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(IndexStore, "activate", disk_full)
    with pytest.raises(OSError):
        ingest_main.main(["--rebuild", "--quiet"])
    data = adv.settings.data_dir
    assert sorted(p.name for p in data.iterdir() if p.name.startswith("chroma")) == ["chroma"]  # nothing moved aside, no half-built copy left
    monkeypatch.undo()
    after = fake_advisor(tmp_path, ingest=False)
    assert after.store.active_name() == served and after.answer(QUESTION).citations


def test_a_rebuild_replaces_a_damaged_index_once_the_new_one_is_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    adv = fake_advisor(tmp_path)
    _damage(adv)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(adv.settings.data_dir))
    monkeypatch.setenv("ADVISOR_CORPUS_DIR", str(adv.settings.corpus_dir))
    monkeypatch.setattr(ingest_main, "embedder_for", lambda settings: HashingEmbedder())
    assert ingest_main.main(["--rebuild", "--quiet"]) == 0
    assert "moved the old index to" in capsys.readouterr().err
    names = sorted(p.name for p in adv.settings.data_dir.iterdir() if p.name.startswith("chroma"))
    assert names[0] == "chroma" and len(names) == 2 and names[1].startswith("chroma.broken-")


def test_damage_is_found_when_the_store_opens_whatever_chroma_has_cached(tmp_path: Path) -> None:
    from advisor.store import open_store

    adv = fake_advisor(tmp_path)
    assert adv.answer(QUESTION).citations  # Chroma has read (and may cache) the pages now
    _damage(adv)
    with pytest.raises(IndexCorrupt, match="Cannot open the index at"):
        open_store(adv.settings, adv.embedder)


def test_a_hot_journal_or_a_lock_is_not_called_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A killed ingest's rollback journal (only a read-write open recovers it) or an ingest's lock is not damage."""
    import sqlite3

    from advisor.store import SQLITE_FILE, check_files

    adv = fake_advisor(tmp_path)
    db = adv.settings.chroma_path / SQLITE_FILE
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # what an ingest holds while it writes
    try:
        check_files(adv.settings.chroma_path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    monkeypatch.chdir(adv.settings.data_dir.parent)
    check_files(adv.settings.chroma_path.relative_to(adv.settings.data_dir.parent))  # a relative data folder works too
