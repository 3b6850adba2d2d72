"""Chroma access: the client (embedded or server) and the index *generations*.

An index generation is one complete Chroma collection. Ingest builds a new generation beside the
serving one and then flips a pointer (metadata of a tiny pointer collection, one atomic SQLite
write), so a killed ingest never leaves a half-written index being served. Unchanged chunks keep
their vectors (copied by content-hash id), so nothing unchanged is ever re-embedded.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings

from advisor.embeddings import EmbedderLike
from advisor.errors import AdvisorError, BackendUnavailable, IndexCorrupt, IndexNotReady
from advisor.records import served_file
from advisor.settings import Settings

COSINE = {"hnsw:space": "cosine"}


class AdvisorEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our packaged MiniLM behind Chroma's interface, so Chroma never reaches for its default model."""

    def __init__(self, embedder: EmbedderLike) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return list(self._embedder.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "advisor-minilm"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> AdvisorEmbeddingFunction:
        from advisor.embeddings import get_embedder

        return AdvisorEmbeddingFunction(get_embedder())


def make_client(settings: Settings, path: Path | None = None) -> ClientAPI:
    """Embedded PersistentClient under the data dir (or at ``path``), or an HttpClient when ADVISOR_CHROMA_URL is set."""
    cfg = chromadb.config.Settings(anonymized_telemetry=False, allow_reset=False)
    where = path or settings.chroma_path
    try:
        if settings.chroma_url and path is None:
            u = urlparse(settings.chroma_url)
            return chromadb.HttpClient(host=u.hostname or "localhost", port=u.port or 8000, ssl=u.scheme == "https", settings=cfg)
        where.mkdir(parents=True, exist_ok=True)
        check_files(where)
        return chromadb.PersistentClient(path=str(where), settings=cfg)
    except IndexCorrupt:
        raise
    except Exception as exc:
        if settings.chroma_url and path is None:
            raise BackendUnavailable(f"Cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
        raise IndexCorrupt(f"Cannot open the index at {where}: {exc}") from exc


#: Chroma's SQLite file inside an embedded index folder.
SQLITE_FILE = "chroma.sqlite3"


def check_files(where: Path) -> None:
    """Raise IndexCorrupt when the embedded index's SQLite file fails SQLite's own ``quick_check``.

    Why here and not on first read: Chroma keeps one client per folder per process and reads only
    the pages a query needs, so damage was found or not depending on what was cached and which
    pages a read touched. The check reads every page through a fresh read-only connection, once
    per store opened (38 ms in a cold process for this corpus's 1.3 MB file, measured in stop 13;
    it grows with the file). A file SQLite cannot check right now (locked by an ingest, or a hot
    journal a killed ingest left, which only a read-write open rolls back) is not called damaged:
    Chroma's own open recovers it or fails with its own error.
    """
    db = (where / SQLITE_FILE).resolve()
    if not db.is_file():
        return
    try:
        with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        return  # locked, busy, or a hot journal to roll back: not evidence of damage
    except sqlite3.DatabaseError as exc:  # SQLITE_CORRUPT / SQLITE_NOTADB
        raise IndexCorrupt(f"Cannot open the index at {where}: {db.name} cannot be read ({exc})") from exc
    problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
    if problems:
        raise IndexCorrupt(f"Cannot open the index at {where}: {db.name} is damaged ({'; '.join(problems[:3])})")


def quarantine_index(settings: Settings) -> Path | None:
    """Move an unreadable embedded index aside (kept for inspection) so a rebuild starts clean."""
    if settings.chroma_url or not settings.chroma_path.exists():
        return None
    target = settings.chroma_path.with_name(f"chroma.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    settings.chroma_path.rename(target)
    return target


@dataclass
class IndexStore:
    """The serving generation and the pointer that names it."""

    client: ClientAPI
    prefix: str
    embedding_function: AdvisorEmbeddingFunction
    embedded: bool = True  # files on this machine (a failure means damage) rather than a Chroma server (a failure means unreachable)
    path: Path | None = None  # the embedded index's folder (None for a Chroma server)

    @property
    def served_file(self) -> Path | None:
        """Where the served generation's records are copied for a Chroma-free start (:mod:`advisor.records`); None for a server."""
        return served_file(self.path, self.prefix) if self.path is not None else None

    def failure(self, exc: Exception) -> AdvisorError:
        """The domain error for a Chroma failure: a generation dropped while being read (another
        ingest finished) is "not ready, retry"; anything else is damage (embedded) or an outage (server)."""
        if "does not exist" in str(exc):
            return IndexNotReady(f"The index generation changed while it was being read ({exc}); it is read again on the next request.")
        if self.embedded:
            return IndexCorrupt(f"The index files cannot be read: {type(exc).__name__}: {exc}")
        return BackendUnavailable(f"Chroma did not answer: {exc}")

    @property
    def pointer_name(self) -> str:
        return f"{self.prefix}_pointer"

    def _pointer(self) -> Collection:
        return self.client.get_or_create_collection(self.pointer_name, embedding_function=self.embedding_function)  # type: ignore[arg-type]  # Chroma types the protocol over images too; ours embeds text only

    def active_name(self) -> str | None:
        try:
            meta = self._pointer().metadata or {}
        except Exception as exc:
            raise self.failure(exc) from exc
        name = meta.get("active")
        return str(name) if name else None

    def active(self) -> Collection:
        name = self.active_name()
        if not name:
            raise IndexNotReady("No index has been built yet.")
        try:
            return self.client.get_collection(name, embedding_function=self.embedding_function)  # type: ignore[arg-type]  # Chroma types the protocol over images too; ours embeds text only
        except Exception as exc:
            raise IndexNotReady(f"The index generation {name} cannot be opened: {exc}") from exc

    def new_generation(self) -> Collection:
        name = f"{self.prefix}_gen_{time.time_ns()}"
        return self.client.create_collection(name, metadata=COSINE, embedding_function=self.embedding_function)  # type: ignore[arg-type]  # Chroma types the protocol over images too; ours embeds text only

    def activate(self, collection: Collection, info: dict[str, str | int | float]) -> None:
        """Flip the pointer to a complete generation: the one write that makes it served."""
        self._pointer().modify(metadata={"active": collection.name, **info})

    def pointer_info(self) -> dict[str, Any]:
        return dict(self._pointer().metadata or {})

    def collect_garbage(self) -> list[str]:
        """Drop generations that are not served (older ones, or ones a killed ingest left behind)."""
        active = self.active_name()
        dropped = []
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(f"{self.prefix}_gen_") and name != active:
                self.client.delete_collection(name)
                dropped.append(name)
        return dropped


def open_store(settings: Settings, embedder: EmbedderLike, path: Path | None = None) -> IndexStore:
    """The index store of these settings (at ``path`` instead: a rebuild's fresh embedded copy)."""
    embedded = path is not None or not settings.chroma_url
    where = (path or settings.chroma_path) if embedded else None
    return IndexStore(make_client(settings, path), settings.collection_prefix, AdvisorEmbeddingFunction(embedder), embedded=embedded, path=where)
