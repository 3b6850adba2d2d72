"""Sync the corpus folder into a new Chroma index generation, embedding only what is new.

Why not LangChain's ``index()`` with a record manager: it edits the served collection in place
(add new, then delete old), so a kill between the two serves old and new chunks together. Here the
content-hash chunk ids play the record manager's part (unchanged chunk -> same id -> vector reused)
and the generation switch in :mod:`advisor.store` makes the update atomic.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from advisor.embeddings import EmbedderLike
from advisor.errors import IndexNotReady, IngestError
from advisor.index import keep_served_file
from advisor.passage import Passage
from advisor.records import generation_in, read_all
from advisor.render import SAFE_SCHEMES
from advisor.settings import Settings
from advisor.store import IndexStore, open_store, quarantine_index
from ingest.chunk import addressed_lines, chunk_markdown
from ingest.load import SUPPORTED_SUFFIXES, Document, load_document

BATCH = 256
#: Progress is reported as lines a person can read (the CLI prints them) that :func:`parse_progress`
#: reads back for a progress bar: "read 3/5 documents", then "stored 40/132 passages" (the unchanged
#: passages copied first, then the new ones as they are embedded, each batch also as "embedded 64/90 new chunks").
Progress = Callable[[str], None]
_PROGRESS = re.compile(r"^(read|stored) (\d+)/(\d+) (documents|passages)\b")


def parse_progress(message: str) -> tuple[str, int, int] | None:
    """("documents" | "passages", done, total) of a progress line of :func:`sync_index`; None for other lines."""
    m = _PROGRESS.match(message)
    return None if m is None else (m.group(4), int(m.group(2)), int(m.group(3)))


@dataclass
class IngestReport:
    docs_added: list[str] = field(default_factory=list)
    docs_updated: list[str] = field(default_factory=list)
    docs_deleted: list[str] = field(default_factory=list)
    docs_unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # path -> reason
    flagged: dict[str, list[str]] = field(default_factory=dict)  # doc id -> what was left out of it, and why (ingested anyway)
    chunks_embedded: int = 0
    chunks_reused: int = 0
    chunks_removed: int = 0
    chunks_total: int = 0
    wrote: bool = False
    seconds: float = 0.0
    generation: str = ""

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        lines = [
            f"documents: {len(self.docs_added)} added, {len(self.docs_updated)} updated, "
            f"{len(self.docs_deleted)} deleted, {len(self.docs_unchanged)} unchanged, {len(self.skipped)} skipped",
            f"chunks: {self.chunks_embedded} embedded, {self.chunks_reused} reused, {self.chunks_removed} removed, {self.chunks_total} in index",
            f"{'new index generation ' + self.generation if self.wrote else 'index unchanged: nothing written'} ({self.seconds:.1f}s)",
        ]
        lines += [f"skipped {path}: {reason}" for path, reason in sorted(self.skipped.items())]
        lines += [f"flagged {doc}: {note}" for doc, notes in sorted(self.flagged.items()) for note in notes]
        return "\n".join(lines)


def discover(corpus_dir: Path) -> list[Path]:
    """Every file under the corpus folder (hidden files and folders ignored)."""
    if not corpus_dir.is_dir():
        raise IndexNotReady(f"Corpus folder {corpus_dir} does not exist.")
    return sorted(p for p in corpus_dir.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts))


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@contextmanager
def one_ingest_at_a_time(settings: Settings) -> Iterator[None]:
    """An exclusive lock file under the data dir: two ingests (CLI, app button, server first start)
    on one machine take turns, so one's garbage collection never deletes the other's generation.
    The kernel drops the lock when a process dies, even by kill -9."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "ingest.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sync_index(settings: Settings, embedder: EmbedderLike, store: IndexStore | None = None, progress: Progress | None = _stderr) -> IngestReport:
    """Make the served index match ``settings.corpus_dir`` exactly; write nothing when it already does."""
    with one_ingest_at_a_time(settings):
        return sync_locked(settings, embedder, store, progress)


def sync_locked(settings: Settings, embedder: EmbedderLike, store: IndexStore | None, progress: Progress | None) -> IngestReport:
    """:func:`sync_index` for a caller that holds :func:`one_ingest_at_a_time` (publish/unpublish)."""
    from ingest.publish import read_overrides  # its module builds on this one

    overrides = read_overrides(settings)
    started = time.perf_counter()
    store = store or open_store(settings, embedder)
    report = IngestReport()
    say = progress or (lambda _m: None)

    # What is served now: chunk id -> doc id/hash.
    current_ids: dict[str, Mapping[str, Any]] = {}
    active = None
    if store.active_name():
        try:
            active = store.active()
            got = read_all(active, ["metadatas"])
            current_ids = {i: m for i, m in zip(got["ids"], got["metadatas"] or [])}
        except IndexNotReady:
            active = None
    current_docs = {m["doc_id"]: m["doc_hash"] for m in current_ids.values()}

    # What the corpus says now.
    docs: list[Document] = []
    paths = discover(settings.corpus_dir)
    for n_read, path in enumerate(paths, 1):
        say(f"read {n_read}/{len(paths)} documents")
        rel = path.relative_to(settings.corpus_dir).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.skipped[rel] = f"unsupported file type {path.suffix or '(none)'}"
            continue
        try:
            doc = load_document(path, settings.corpus_dir)
            docs.append(replace(doc, status=overrides.get(doc.doc_id, doc.status)))
        except IngestError as exc:
            report.skipped[rel] = str(exc)
        except OSError as exc:
            report.skipped[rel] = f"cannot read: {exc.strerror or exc}"
    chunks: list[tuple[Passage, str]] = []
    for doc in docs:
        try:
            doc_chunks = chunk_markdown(doc)
        except Exception as exc:  # a parser bug must not sink the whole ingest
            report.skipped[doc.doc_id] = f"cannot be chunked: {type(exc).__name__}: {exc}"
            continue
        if not doc_chunks:
            report.skipped[doc.doc_id] = "no text content"
            continue
        notes = [f"never quoted (addressed to an assistant): {ln[:80]!r}" for ln in addressed_lines(doc.text)]
        notes += [f"link dropped (only {', '.join(SAFE_SCHEMES)} URLs are kept): {url[:80]!r}" for url in doc.dropped_links]
        if notes:
            report.flagged[doc.doc_id] = notes
        chunks.extend((c, doc.content_hash) for c in doc_chunks)
        if doc.doc_id not in current_docs:
            report.docs_added.append(doc.doc_id)
        elif current_docs[doc.doc_id] != doc.content_hash:
            report.docs_updated.append(doc.doc_id)
        else:
            report.docs_unchanged.append(doc.doc_id)
    ingested = {c.doc_id for c, _ in chunks}
    report.docs_deleted = sorted(set(current_docs) - ingested - set(report.skipped))
    # A file that became unparseable keeps nothing in the index: its old chunks go too.
    report.docs_deleted += sorted(d for d in set(current_docs) & set(report.skipped))

    # De-duplicate identical chunks (same doc, same text) so ids stay unique.
    unique: dict[str, tuple[Passage, str]] = {}
    for c, h in chunks:
        unique.setdefault(c.id, (c, h))
    wanted_meta = {cid: c.to_store(h) for cid, (c, h) in unique.items()}
    report.chunks_total = len(unique)
    report.chunks_removed = len(set(current_ids) - set(unique))
    reuse = [cid for cid in unique if cid in current_ids]
    fresh = [cid for cid in unique if cid not in current_ids]
    report.chunks_reused = len(reuse)
    report.chunks_embedded = len(fresh)

    same_meta = all(current_ids.get(cid) == meta for cid, meta in wanted_meta.items())
    if active is not None and not fresh and not report.chunks_removed and same_meta:
        report.generation = active.name
        if generation_in(store.served_file) != active.name:  # an index built before the file existed, or a lost file
            keep_served_file(store)
        report.seconds = time.perf_counter() - started
        store.collect_garbage()
        return report
    if not unique and active is None:
        report.seconds = time.perf_counter() - started
        return report

    new = store.new_generation()
    report.generation = new.name
    # Copy unchanged vectors over in batches.
    for start in range(0, len(reuse), BATCH):
        ids = reuse[start : start + BATCH]
        assert active is not None  # reuse is only non-empty when a generation is served
        page = active.get(ids=ids, include=["embeddings", "documents"])
        embs, texts = page["embeddings"], page["documents"]
        by_id = {i: (e, d) for i, e, d in zip(page["ids"], [] if embs is None else embs, [] if texts is None else texts)}
        new.add(
            ids=ids,
            embeddings=np.asarray([by_id[i][0] for i in ids], dtype=np.float32),
            documents=[by_id[i][1] for i in ids],
            metadatas=[wanted_meta[i] for i in ids],
        )
        say(f"stored {start + len(ids)}/{len(unique)} passages ({len(reuse)} unchanged, {len(fresh)} new)")
    # Embed only new chunks (one call: the embedder sorts by length, so batches carry little padding), then write.
    texts_all = [unique[i][0].embed_text for i in fresh]
    def embedded(done: int, total: int) -> None:
        say(f"embedded {done}/{total} new chunks")  # the line tests/hardening/test_crash_safety.py times its kills by
        say(f"stored {len(reuse) + done}/{len(unique)} passages ({len(reuse)} unchanged, {done} new)")

    vecs_all = embedder.encode(texts_all, progress=embedded) if fresh else np.zeros((0, 1))
    for start in range(0, len(fresh), BATCH):
        ids = fresh[start : start + BATCH]
        new.add(ids=ids, embeddings=list(vecs_all[start : start + BATCH]), documents=texts_all[start : start + BATCH], metadatas=[wanted_meta[i] for i in ids])
    if new.count() != len(unique):
        raise RuntimeError(f"index generation incomplete: {new.count()} of {len(unique)} chunks")
    store.activate(new, {"ingested_at": time.time(), "chunks": len(unique), "documents": len(ingested)})
    keep_served_file(store)  # after the flip: the file never names a generation the pointer has not served
    report.wrote = True
    store.collect_garbage()
    report.seconds = time.perf_counter() - started
    return report


def rebuild_index(settings: Settings, embedder: EmbedderLike, progress: Progress | None = _stderr) -> tuple[IngestReport, Path | None]:
    """Build a fresh embedded index beside the current one and only then put it in its place.

    The old index (unreadable, or merely suspect) is moved aside only once the new one is
    complete, so a rebuild that fails (a full disk, a kill) leaves everything as it was; a
    half-built copy is removed. Returns the report and where the old index was moved (None when
    there was none). With a Chroma server there are no files to swap: an ordinary sync.
    """
    if settings.chroma_url:
        return sync_index(settings, embedder, progress=progress), None
    with one_ingest_at_a_time(settings):
        fresh = settings.data_dir / f"chroma.rebuild-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        try:
            report = sync_locked(settings, embedder, open_store(settings, embedder, path=fresh), progress)
            if not report.wrote:
                raise IngestError("The corpus produced no passages; the current index was left in place.")
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        moved = quarantine_index(settings)
        os.replace(fresh, settings.chroma_path)  # the path was just vacated: one rename puts the complete index in place
        return report, moved


def ensure_index(settings: Settings, embedder: EmbedderLike, store: IndexStore | None = None) -> IngestReport | None:
    """First run: build the index from the corpus when none is served and auto-ingest is on.

    The surfaces call this before answering (the core never imports ingest); it returns None
    when an index is already served or auto-ingest is off (the core then says what to do).
    """
    store = store or open_store(settings, embedder)
    if store.active_name() is not None or not settings.auto_ingest:
        return None
    return sync_index(settings, embedder, store, progress=None)
