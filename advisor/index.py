"""The served index as an immutable snapshot, and the runtime that swaps snapshots atomically.

An :class:`IndexSnapshot` holds everything derived from one ingest generation (passages, their
unit vectors, the vectors of their keys, BM25, vocabulary) and is never mutated, so a request
that read ``runtime.current()`` once keeps a consistent view even while a new generation is
loaded. :class:`IndexRuntime` builds the next snapshot off the request path and swaps it in with
one assignment (as datasette does with its databases: copy, change the copy, assign once).

A process that has not opened the store yet builds its first snapshot from the records file ingest
keeps beside the index (:mod:`advisor.records`), so it answers without importing Chroma, and checks
the pointer in the background on its next look, as it does for every later generation.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bm25s
import numpy as np

from advisor import records as records_file
from advisor.duties import Duty, duties_of
from advisor.embeddings import EmbedderLike
from advisor.errors import AdvisorError, IndexNotReady
from advisor.figures import Price, stated_prices
from advisor.fits import Fit, fits_of
from advisor.named import ArticleName, article_names
from advisor.passage import Passage
from advisor.premises import ComparisonRow, comparison_row
from advisor.questions import side_of, without_sides
from advisor.records import GenerationRecords, generation_in, read_all, read_records, write_records
from advisor.spelling import spelling_words
from advisor.text import PRONOUN_START, content_tokens, word_pairs
from advisor.units import Unit, units_of

if TYPE_CHECKING:  # advisor.store imports chromadb (~0.9 s): only the store handle opens it, on first use
    from advisor.store import IndexStore

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


_TITLE_HEAD = re.compile(r"[:?]|\s[—–-]\s")  # a title's head ends at its colon, question mark or spaced dash
_VERSUS = re.compile(r"\s+vs\.?\s+", re.I)

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
    phrases: tuple[frozenset[tuple[str, str]], ...]  # each passage's word pairs (:func:`advisor.text.word_pairs`) of its key, lead-in and quotable units
    prices: tuple[tuple[Price, ...], ...]  # the prices each passage states, with the role and unit of each (advisor.figures)
    comparisons: tuple[tuple[int, ComparisonRow], ...]  # the table rows with a column for each side, by passage index (advisor.premises)
    unit_words: tuple[tuple[frozenset[str], ...], ...]  # each unit's content words less the sides' names (choosing where a quote opens)
    facts: np.ndarray  # (n, len(FACTS)): what the ranker needs to know of a passage, independent of the question
    ingested_at: float = 0.0
    spellings: frozenset[str] = frozenset()  # the corpus's words a misspelt question word may be read as (advisor.spelling)
    duties: tuple[Duty, ...] = ()  # the list items saying what each side does (advisor.duties)
    article_names: tuple[ArticleName, ...] = ()  # how a question may name each article (advisor.named)
    fits: tuple[Fit, ...] = ()  # the sentences, items and rows saying which side a situation calls for (advisor.fits)

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

    def subjects(self) -> list[str]:
        """What the articles' titles set side by side ("Fractional CIO vs MSP: …"), most titles first.

        Titles name the subjects a reader would; front-matter topics mix them with genre tags
        ("comparison", "faq", "which-do-i-need"). Empty when no title compares anything.
        """
        counts: dict[str, int] = {}
        spelled: dict[str, str] = {}
        for title in self.documents.values():
            head = _TITLE_HEAD.split(title, maxsplit=1)[0]
            sides = _VERSUS.split(head)
            if len(sides) < 2:
                continue
            for side in (x.strip() for x in sides):
                if side:
                    spelled.setdefault(side.lower(), side)
                    counts[side.lower()] = counts.get(side.lower(), 0) + 1
        return [spelled[k] for k in sorted(counts, key=lambda k: -counts[k])]  # stable: ties keep the titles' order

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
    def load(cls, store: IndexStore, embedder: EmbedderLike, cache_file: Path | None, served_file: Path | None = None) -> IndexSnapshot:
        """Read the served generation from Chroma once and derive everything a request needs.

        With ``served_file``, the records file is brought up to date when it holds another
        generation (or none: missing, corrupt), so the next cold start can skip Chroma.
        """
        records = read_generation(store)
        snap = cls.from_records(records, embedder, cache_file)
        if served_file is not None and generation_in(served_file) != records.generation:
            keep_served_file(store, records, served_file)
        return snap

    @classmethod
    def from_records(cls, records: GenerationRecords, embedder: EmbedderLike, cache_file: Path | None) -> IndexSnapshot:
        passages = [Passage.from_store(i, d, m) for i, d, m in zip(records.ids, records.documents, records.metadatas)]
        return cls.build(records.generation, passages, records.embeddings, embedder, cache_file, records.ingested_at)

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
        phrases = tuple(frozenset(word_pairs([p.key, p.lead_in, *(u.text for u in us)])) for p, us in zip(ordered, units, strict=True))
        prices = tuple(tuple(stated_prices(p, p.readable())) for p in ordered)
        comparisons = tuple((i, c) for i, p in enumerate(ordered) if (c := comparison_row(p)) is not None)
        unit_words = tuple(tuple(frozenset(content_tokens(without_sides(u.text))) for u in us) for us in units)
        return cls(
            generation,
            ordered,
            vectors,
            key_vectors,
            bm25,
            vocab,
            units,
            unit_vectors,
            unit_matrix,
            starts,
            words,
            key_words,
            phrases,
            prices,
            comparisons,
            unit_words,
            passage_facts(ordered),
            ingested_at,
            spelling_words(f"{p.title} {p.heading} {p.key} {p.embed_text}" for p in ordered),
            duties_of(ordered, units),
            article_names(ordered),
            fits_of(ordered, units),
        )

    def unit_max(self, q_vec: np.ndarray) -> np.ndarray:
        """Per passage, the similarity of its closest sentence / item / row to the question."""
        return np.maximum.reduceat(self.unit_matrix @ q_vec, self.unit_starts)


def read_generation(store: IndexStore, reader: Callable[..., dict[str, list[Any]]] | None = None) -> GenerationRecords:
    """Every record of the generation the pointer names, read from Chroma (domain errors only)."""
    collection = store.active()
    try:
        got = (reader or read_all)(collection, ["documents", "metadatas", "embeddings"])
        info = store.pointer_info()
    except AdvisorError:
        raise
    except Exception as exc:  # Chroma raises its own, SQLite's and numpy's errors here
        raise store.failure(exc) from exc
    embeddings = np.asarray(got["embeddings"], dtype=np.float32)
    return GenerationRecords(collection.name, float(info.get("ingested_at") or 0.0), got["ids"], got["documents"], got["metadatas"], embeddings)


def keep_served_file(store: IndexStore, records: GenerationRecords | None = None, path: Path | None = None) -> None:
    """Write the served generation's records to the file beside the index (ingest calls it after the pointer flip).

    Written only while the pointer still names that generation: a process that loaded an older
    one while an ingest flipped the pointer must not overwrite the newer file ingest wrote.
    A failed write costs the next start its shortcut, never an answer.
    """
    path = path or store.served_file
    if path is None:
        return
    try:
        records = records or read_generation(store, records_file.read_all)  # not this module's read_all, which tests replace to race a load
        if store.active_name() == records.generation:
            write_records(path, records)
    except (OSError, AdvisorError):
        pass


#: Seconds between two looks at the pointer from the request path (one small Chroma read); a new
#: generation is noticed this much after ingest flips it, then loaded in the background.
POINTER_CHECK_S = 1.0
#: Seconds after a first snapshot read from the records file before the pointer is first looked at
#: (instead of POINTER_CHECK_S). That look opens the store, i.e. imports Chroma (~1 s of CPU under the
#: same interpreter lock), which would otherwise compete with the app's first answer (issue 14); the
#: file is rewritten by ingest right after each pointer flip, so it is stale only if that write was lost.
FILE_FIRST_LOOK_S = 5.0


@dataclass(frozen=True)
class RuntimeState:
    """What is really served, for /readyz and the Library: the loaded generation, the one the
    pointer names (if newer and still loading), and why the last load failed (the old one serves on)."""

    served: str | None
    latest: str | None
    loading: bool
    error: str | None


class StoreHandle:
    """The index store, opened on first use and then kept.

    Why: opening it imports chromadb (~0.9 s of a cold start); a runtime whose first snapshot came
    from the records file opens it in the background, after the first answer can already be given.
    """

    def __init__(self, open_store: Callable[[], IndexStore]) -> None:
        self._open = open_store
        self._store: IndexStore | None = None
        self._tried = False
        self._lock = threading.Lock()

    @classmethod
    def of(cls, store: IndexStore) -> StoreHandle:
        handle = cls(lambda: store)
        handle._store = store
        return handle

    @property
    def opened(self) -> bool:
        return self._store is not None

    @property
    def tried(self) -> bool:
        """Whether anyone asked for the store yet: after a failed open (a damaged index) the records file is no longer trusted unchecked."""
        return self._tried or self._store is not None

    def get(self) -> IndexStore:
        if self._store is None:
            self._tried = True
            with self._lock:
                if self._store is None:
                    self._store = self._open()
        return self._store


class IndexRuntime:
    """Owns the current snapshot: requests read :meth:`current` once; :meth:`refresh` swaps atomically.

    Only the very first load happens on the caller's thread (nothing can be served before it).
    After that a new generation is loaded by one background thread while requests keep the old
    snapshot; a failed load (the generation was replaced or dropped mid-read, the store broke)
    leaves the old snapshot serving and is retried on the next look at the pointer.

    With ``served_file`` and a store nobody has asked for yet (a server's warm-up and the CLI open it
    first, so a damaged index still makes them not ready), the first load reads the records file instead
    of Chroma (no chromadb import on the way to the first answer). The pointer is then looked at
    as for any snapshot, on the first refresh :data:`FILE_FIRST_LOOK_S` later, except that the
    background thread opens the store (and imports Chroma) for that look; a generation other than the file's
    is loaded from Chroma and swapped in as any new generation is. A missing or unreadable file
    means the first load reads Chroma, which rewrites the file.
    """

    def __init__(
        self,
        store: IndexStore | StoreHandle,
        embedder: EmbedderLike,
        cache_file: Path | None,
        check_every_s: float = POINTER_CHECK_S,
        served_file: Path | None = None,
    ) -> None:
        self._stores = store if isinstance(store, StoreHandle) else StoreHandle.of(store)
        self._embedder = embedder
        self._cache_file = cache_file
        self._served_file = served_file
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
        return self._stores.get()

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
        if not self._stores.opened and not wait:
            if self._snapshot is None and not self._stores.tried and self._load_served_file():
                self._checked_at = now + FILE_FIRST_LOOK_S - self._check_every_s  # the first look (below, off the request path) comes FILE_FIRST_LOOK_S from now
                return True
            if self._snapshot is not None and (not self._stores.tried or self._loading()):
                self._in_background(self._check_quietly)  # opening the store imports Chroma: never on the request path
                return False
        self._checked_at = now
        name = self._stores.get().active_name()
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
        self._in_background(self._load_quietly, name)
        return False

    def _loading(self) -> bool:
        loader = self._loader
        return bool(loader and loader.is_alive())

    def _in_background(self, target: Callable[..., None], *args: str) -> None:
        with self._start_lock:
            if self._loader is None or not self._loader.is_alive():
                self._loader = threading.Thread(target=target, args=args, name="advisor-index-loader", daemon=True)
                self._loader.start()

    def _load_served_file(self) -> bool:
        """Serve the records file's generation as the first snapshot; False when there is no usable file."""
        records = read_records(self._served_file)
        if records is None:
            return False
        try:
            snap = IndexSnapshot.from_records(records, self._embedder, self._cache_file)
        except (ValueError, KeyError, TypeError, AdvisorError):  # a file that reads but does not build (unknown kind, bad metadata): Chroma decides
            return False
        with self._lock:
            if self._snapshot is None:
                self._snapshot = snap
        return True

    def _load(self, name: str) -> bool:
        with self._lock:
            if self._snapshot is not None and self._snapshot.generation == name:
                return False
            snap = IndexSnapshot.load(self._stores.get(), self._embedder, self._cache_file, self._served_file)
            self._snapshot = snap  # the one assignment readers can observe
            self._error = None
            return True

    def _load_quietly(self, name: str) -> None:
        try:
            self._load(name)
        except Exception as exc:  # a background load must never take the served snapshot down; the next look retries
            self._error = f"{type(exc).__name__}: {exc}"
            self._checked_at = -math.inf

    def _check_quietly(self) -> None:
        """Open the store, read the pointer and load its generation if the served one (from the records file) is not it."""
        try:
            name = self._stores.get().active_name()
            self._latest = name
            snap = self._snapshot
            if name is not None and (snap is None or snap.generation != name):
                self._load(name)
            else:
                self._error = None
        except Exception as exc:  # as in _load_quietly: the snapshot serves on; the next look (after check_every_s) retries
            self._error = f"{type(exc).__name__}: {exc}"
            self._checked_at = time.monotonic()


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
