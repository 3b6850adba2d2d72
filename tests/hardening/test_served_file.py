"""Issue 14, a cold start answers from the records file beside the index (no Chroma on the way),
and that file never outlives the generation it copies: Chroma's pointer decides, the file follows."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest

import advisor.index as index_mod
from advisor.engine import Advisor
from advisor.index import POINTER_CHECK_S, keep_served_file, read_generation
from advisor.records import generation_in, read_records, served_file
from advisor.settings import Settings
from advisor.store import open_store
from tests.fakes import HashingEmbedder, knowledge
from tests.hardening.fake_index import QUESTION, fake_advisor
from tests.hardening.test_stall import _reingest


@pytest.fixture(autouse=True)
def _first_look_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_mod, "FILE_FIRST_LOOK_S", POINTER_CHECK_S)  # the tests wait for it


def _cold(settings: Settings) -> Advisor:
    """A new process's engine: nothing opened yet."""
    emb = HashingEmbedder()
    return Advisor(settings, embedder=emb, knowledge=knowledge(emb, dense=3.0, key=2.0), start_from_served_file=True)


def _served(settings: Settings) -> Path:
    return served_file(settings.chroma_path, settings.collection_prefix)


def _pointer(settings: Settings) -> str | None:
    return open_store(settings, HashingEmbedder()).active_name()


def _wait_for(cond: object, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_ingest_writes_the_file_and_a_cold_engine_answers_from_it_before_reading_the_pointer(tmp_path: Path) -> None:
    settings = fake_advisor(tmp_path).settings
    gen = _pointer(settings)
    assert gen and generation_in(_served(settings)) == gen, "ingest wrote the served generation's records beside the index"
    adv = _cold(settings)
    assert adv.answer(QUESTION).citations
    state = adv.runtime.state()
    assert state.served == gen and state.latest is None, "the first answer came from the file: the pointer was not read on the way"
    time.sleep(POINTER_CHECK_S + 0.1)
    adv.answer(QUESTION)  # the next look reads the pointer, in the background
    assert _wait_for(lambda: adv.runtime.state().latest == gen and not adv.runtime.state().loading)
    assert adv.runtime.current().generation == gen and adv.runtime.state().error is None


def test_a_missing_or_corrupt_file_is_read_from_chroma_and_rebuilt(tmp_path: Path) -> None:
    settings = fake_advisor(tmp_path).settings
    gen = _pointer(settings)
    path = _served(settings)
    want = read_records(path)
    assert want is not None
    for damage in (lambda: path.unlink(), lambda: path.write_bytes(b"PK\x03\x04 half a zip"), lambda: path.write_bytes(path.read_bytes()[:200])):
        damage()
        assert read_records(path) is None
        adv = _cold(settings)
        assert adv.answer(QUESTION).citations
        assert adv.runtime.state().latest == gen, "no usable file: the first load read Chroma (and the pointer)"
        got = read_records(path)
        assert got is not None and got.generation == gen and got.ids == want.ids
        assert np.array_equal(got.embeddings, want.embeddings) and got.metadatas == want.metadatas


def test_a_file_of_an_older_generation_is_replaced_on_the_first_look_at_the_pointer(tmp_path: Path) -> None:
    """An ingest killed between the pointer flip and the file write leaves the old file: served until the first look, never after."""
    adv = fake_advisor(tmp_path)
    settings = adv.settings
    old_gen = _pointer(settings)
    old_copy = tmp_path / "old.npz"
    shutil.copy(_served(settings), old_copy)
    new_gen = _reingest(adv)
    assert generation_in(_served(settings)) == new_gen, "the re-ingest rewrote the file"
    shutil.copy(old_copy, _served(settings))  # as if that write had been lost
    cold = _cold(settings)
    cold.ensure_ready()
    assert cold.runtime.current().generation == old_gen
    time.sleep(POINTER_CHECK_S + 0.1)
    cold.ensure_ready()
    assert _wait_for(lambda: cold.runtime.current().generation == new_gen), "the generation the pointer names was swapped in"
    assert generation_in(_served(settings)) == new_gen, "and the file was brought up to date from Chroma"
    assert cold.answer(QUESTION).citations


def test_a_process_holding_an_older_generation_never_overwrites_the_newer_file(tmp_path: Path) -> None:
    adv = fake_advisor(tmp_path)
    store = adv.store
    older = read_generation(store)
    new_gen = _reingest(adv)
    keep_served_file(store, older, _served(adv.settings))  # a slow load of the old generation finishing after the flip
    assert generation_in(_served(adv.settings)) == new_gen



def test_only_the_fast_start_answers_from_the_file_a_server_checks_the_store_first(tmp_path: Path) -> None:
    """A damaged index with a good records file beside it: the app's fast start may answer from the
    file, but an engine built the default way (server, CLI) opens the store first and refuses."""
    from advisor.errors import AdvisorError

    settings = fake_advisor(tmp_path).settings
    db = settings.chroma_path / "chroma.sqlite3"
    size = db.stat().st_size
    with open(db, "r+b") as fh:  # mid-file damage, as a failing disk leaves it
        fh.seek(size // 2)
        fh.write(b"\xde\xad" * (size // 8))
    assert _cold(settings).answer(QUESTION).citations, "premise: the fast start answers from the file"
    emb = HashingEmbedder()
    checked = Advisor(settings, embedder=emb, knowledge=knowledge(emb, dense=3.0, key=2.0))
    with pytest.raises(AdvisorError):
        checked.answer(QUESTION)
