"""The served index as an immutable snapshot, and the runtime that swaps snapshots atomically.

An :class:`IndexSnapshot` holds everything derived from one ingest generation (passages, their
unit vectors, the vectors of their keys, BM25, vocabulary) and is never mutated, so a request
that read ``runtime.current()`` once keeps a consistent view even while a new generation is
loaded. :class:`IndexRuntime` builds the next snapshot off the request path and swaps it in with
one assignment (as datasette does with its databases: copy, change the copy, assign once).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from advisor.embeddings import EmbedderLike
from advisor.errors import AdvisorError, IndexNotReady
from advisor.passage import Passage
from advisor.questions import side_of
from advisor.store import IndexStore, read_all
from advisor.text import PRONOUN_START, content_tokens
from advisor.units import Unit, units_of

FACTS = ("faq", "list", "table_row", "figure", "when_key", "length", "position", "leans_back", "rhetorical", "side_msp", "side_leader")
FACT = {name: i for i, name in enumerate(FACTS)}
_FIGURE = re.compile(r"\$\d|\d\s*(%|percent|hours?|months?|employees|people|days?)")
_WHEN_KEY = re.compile(r"\b(when|signs?|fit|enough|stop|pick|choose|need)\b", re.I)


def passage_facts(passages: tuple[Passage, ...]) -> np.ndarray:
    last: dict[str, int] = {}
    for p in passages:
        last[p.doc_id] = max(last.get(p.doc_id, 0), p.position)
    rows = []
    for p in passages:
        sides = side_of(p.embed_text)
        rows.append(
            [
                p.kind == "faq",
                p.kind == "list",
                p.kind == "table_row",
                bool(_FIGURE.search(p.body)),
                bool(_WHEN_KEY.search(p.key)),
                math.log1p(len(p.body.split())) / 6.0,
                p.position / max(last[p.doc_id], 1),
                bool(PRONOUN_START.match(p.body)),
                p.body.rstrip().endswith("?"),
                "msp" in sides,
                "leader" in sides,
            ]
        )
    return np.asarray(rows, dtype=np.float32)


@dataclass(frozen=True)
class IndexSnapshot:
    generation: str
    passages: tuple[Passage, ...]
    vectors: np.ndarray  # (n, d) unit vectors of embed_text, as stored in Chroma
    key_vectors: np.ndarray  # (n, d) unit vectors of each passage's key; zero rows where it has none
    bm25: bm25s.BM25 | None
    vocabulary: frozenset[str]
    units: tuple[tuple[Unit, ...], ...]  # the quotable pieces of each passage
    unit_vectors: tuple[np.ndarray, ...]  # their unit vectors, one (k, d) array per passage
    unit_matrix: np.ndarray  # all unit vectors stacked, for one matrix product per question
    unit_starts: np.ndarray  # where each passage's units start in unit_matrix (passages with none get a zero row)
    words: tuple[frozenset[str], ...]  # content words of each passage's embed_text
    key_words: tuple[frozenset[str], ...]  # content words of each passage's key
    facts: np.ndarray  # (n, len(FACTS)): what the ranker needs to know of a passage, independent of the question
    ingested_at: float = 0.0

    @property
    def size(self) -> int:
        return len(self.passages)

    @property
    def documents(self) -> dict[str, str]:
        """doc id → title, in corpus order."""
        out: dict[str, str] = {}
        for p in self.passages:
            out.setdefault(p.doc_id, p.title)
        return out

    def topics(self) -> list[str]:
        """What the corpus is about, from its own front matter (``topic``), most common first."""
        counts: dict[str, int] = {}
        seen: set[str] = set()
        for p in self.passages:
            if p.doc_id in seen:
                continue
            seen.add(p.doc_id)
            for t in p.topics:
                counts[t] = counts.get(t, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))

    def bm25_scores(self, question: str) -> np.ndarray:
        """BM25 score of every passage for the question's content words (zeros when none match)."""
        out = np.zeros(self.size, dtype=np.float32)
        words = content_tokens(question)
        if self.bm25 is None or not words or not self.size:
            return out
        docs, scores = self.bm25.retrieve([words], k=self.size, show_progress=False)
        out[np.asarray(docs[0], dtype=int)] = scores[0]
        return out

    @classmethod
    def load(cls, store: IndexStore, embedder: EmbedderLike, cache_file: Path | None) -> IndexSnapshot:
        """Read the served generation once and derive everything a request needs."""
        collection = store.active()
        try:
            got = read_all(collection, ["documents", "metadatas", "embeddings"])
            info = store.pointer_info()
        except AdvisorError:
            raise
        except Exception as exc:  # Chroma raises its own, SQLite's and numpy's errors here
            raise store.failure(exc) from exc
        passages = [Passage.from_store(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return cls.build(collection.name, passages, np.asarray(got["embeddings"], dtype=np.float32), embedder, cache_file, float(info.get("ingested_at") or 0.0))

    @classmethod
    def build(
        cls, generation: str, passages: list[Passage], vectors: np.ndarray, embedder: EmbedderLike, cache_file: Path | None, ingested_at: float = 0.0
    ) -> IndexSnapshot:
        """A snapshot of these passages (``vectors``: their embed_text vectors, in the same order)."""
        if not passages:
            raise IndexNotReady("The index is empty: add documents to the corpus folder and ingest.")
        order = sorted(range(len(passages)), key=lambda i: (passages[i].doc_id, passages[i].position))
        ordered = tuple(passages[i] for i in order)
        vectors = np.asarray(vectors, dtype=np.float32)[order]
        keys = [p.key for p in ordered]
        key_vectors = np.zeros_like(vectors)
        have = [i for i, k in enumerate(keys) if k]
        if have:
            key_vectors[have] = cached_encode(embedder, [keys[i] for i in have], cache_file)
        bm25 = bm25s.BM25()
        bm25.index([content_tokens(f"{p.key} {p.embed_text}") for p in ordered], show_progress=False)
        vocab = frozenset(w for p in ordered for w in content_tokens(f"{p.title} {p.heading} {p.embed_text}"))
        units = tuple(tuple(units_of(p)) for p in ordered)
        flat = [u.text for us in units for u in us]
        flat_vecs = cached_encode(embedder, flat, cache_file) if flat else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        bounds = np.cumsum([0] + [len(us) for us in units])
        # One row at least per passage (its own vector when it has no units), so reduceat sees no empty range;
        # each passage's unit vectors are views into that one matrix (stored once).
        padded = [flat_vecs[bounds[i] : bounds[i + 1]] if bounds[i + 1] > bounds[i] else vectors[i : i + 1] for i in range(len(units))]
        unit_matrix = np.vstack(padded).astype(np.float32)
        starts = np.cumsum([0] + [len(x) for x in padded[:-1]]).astype(np.int64)
        unit_vectors = tuple(unit_matrix[starts[i] : starts[i] + len(units[i])] for i in range(len(units)))
        words = tuple(frozenset(content_tokens(p.embed_text)) for p in ordered)
        key_words = tuple(frozenset(content_tokens(p.key)) for p in ordered)
        return cls(
            generation, ordered, vectors, key_vectors, bm25, vocab, units, unit_vectors, unit_matrix, starts, words, key_words, passage_facts(ordered), ingested_at
        )

    def unit_max(self, q_vec: np.ndarray) -> np.ndarray:
        """Per passage, the similarity of its closest sentence / item / row to the question."""
        return np.maximum.reduceat(self.unit_matrix @ q_vec, self.unit_starts)


#: Seconds between two looks at the pointer from the request path (one small Chroma read); a new
#: generation is noticed this much after ingest flips it, then loaded in the background.
POINTER_CHECK_S = 1.0


@dataclass(frozen=True)
class RuntimeState:
    """What is really served, for /readyz and the Library: the loaded generation, the one the
    pointer names (if newer and still loading), and why the last load failed (the old one serves on)."""

    served: str | None
    latest: str | None
    loading: bool
    error: str | None


class IndexRuntime:
    """Owns the current snapshot: requests read :meth:`current` once; :meth:`refresh` swaps atomically.

    Only the very first load happens on the caller's thread (nothing can be served before it).
    After that a new generation is loaded by one background thread while requests keep the old
    snapshot; a failed load (the generation was replaced or dropped mid-read, the store broke)
    leaves the old snapshot serving and is retried on the next look at the pointer.
    """

    def __init__(self, store: IndexStore, embedder: EmbedderLike, cache_file: Path | None, check_every_s: float = POINTER_CHECK_S) -> None:
        self._store = store
        self._embedder = embedder
        self._cache_file = cache_file
        self._check_every_s = check_every_s
        self._snapshot: IndexSnapshot | None = None
        self._lock = threading.Lock()  # one loader at a time; readers never take it
        self._start_lock = threading.Lock()  # guards starting the background loader (never held during a load)
        self._loader: threading.Thread | None = None
        self._latest: str | None = None
        self._checked_at = -math.inf
        self._error: str | None = None

    @property
    def store(self) -> IndexStore:
        return self._store

    def current(self) -> IndexSnapshot:
        snap = self._snapshot
        if snap is None:
            raise IndexNotReady("The index is not loaded yet.")
        return snap

    def loaded(self) -> bool:
        return self._snapshot is not None

    def state(self) -> RuntimeState:
        snap = self._snapshot
        loader = self._loader
        return RuntimeState(snap.generation if snap else None, self._latest, bool(loader and loader.is_alive()), self._error)

    def refresh(self, wait: bool = False) -> bool:
        """Make the served generation current; True when a new snapshot was swapped in by this call.

        The first load, and any load with ``wait=True`` (a CLI, a test, the Library right after
        its own ingest), happens here; otherwise a newer generation is loaded in the background
        and this returns at once (False), the old snapshot serving until the new one is complete.
        """
        now = time.monotonic()
        if self._snapshot is not None and not wait and now - self._checked_at < self._check_every_s:
            return False
        self._checked_at = now
        name = self._store.active_name()
        self._latest = name
        if name is None:
            if self._snapshot is None:
                raise IndexNotReady("No index has been built yet.")
            return False
        if self._snapshot is not None and self._snapshot.generation == name:
            self._error = None
            return False
        if self._snapshot is None or wait:
            return self._load(name)
        with self._start_lock:
            if self._loader is None or not self._loader.is_alive():
                self._loader = threading.Thread(target=self._load_quietly, args=(name,), name="advisor-index-loader", daemon=True)
                self._loader.start()
        return False

    def _load(self, name: str) -> bool:
        with self._lock:
            if self._snapshot is not None and self._snapshot.generation == name:
                return False
            snap = IndexSnapshot.load(self._store, self._embedder, self._cache_file)
            self._snapshot = snap  # the one assignment readers can observe
            self._error = None
            return True

    def _load_quietly(self, name: str) -> None:
        try:
            self._load(name)
        except Exception as exc:  # a background load must never take the served snapshot down; the next look retries
            self._error = f"{type(exc).__name__}: {exc}"
            self._checked_at = -math.inf


# ---- a small on-disk cache of key vectors (keys repeat across generations) --------------------
def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cached_encode(embedder: EmbedderLike, texts: list[str], path: Path | None) -> np.ndarray:
    """Encode texts, reusing vectors cached on disk by text hash (written atomically).

    The key is the text alone, not the encoder backend: the ONNX graph is used only after it
    matched sentence-transformers at cosine ≥ 0.9999 (:mod:`advisor.onnx_encoder`), so a vector
    cached by one backend is, within that tolerance, the other's too (as the Chroma vectors are).
    A backend whose vectors could differ beyond it would need its identity in the key.
    """
    known = _load(path)
    keys = [_hash(t) for t in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if k not in known}.values())
    if missing:
        fresh = embedder.encode([texts[i] for i in missing])
        for j, i in enumerate(missing):
            known[keys[i]] = fresh[j]
        _save(path, known)
    return np.vstack([known[k] for k in keys]).astype(np.float32)


def _load(path: Path | None) -> dict[str, np.ndarray]:
    if path is None or not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            return dict(zip((str(k) for k in data["keys"]), data["vecs"]))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return {}  # a corrupt or half-written cache is only a cache: rebuild it


def _save(path: Path | None, known: dict[str, np.ndarray]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(known)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, keys=np.array(keys), vecs=np.vstack([known[k] for k in keys]))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
