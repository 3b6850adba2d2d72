"""A generation's records (what Chroma holds per chunk) as one typed value, read from Chroma or from a file beside it.

Why a file: importing chromadb costs ~0.9 s of a cold start that must show its first answer
within 3 s (issue 14). Ingest writes the served generation's records to ``served_file`` (atomically,
after the pointer flip), so a process can build its first snapshot without importing Chroma, and
checks the pointer afterwards, off the request path (:class:`advisor.index.IndexRuntime`). Chroma
stays the source of truth: the file is only ever a copy of one generation, named inside it, and is
rewritten from Chroma whenever it is missing, unreadable or of another generation.

The file lives in the embedded index's own folder, so it moves with it (a rebuild swaps the whole
folder) and disappears with it; a Chroma server has no such folder, so none is kept for it (another
machine may flip the pointer). This module does not import chromadb.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.files import atomic_write

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

#: Bumped when the file's layout changes: a file of another format is ignored and rewritten.
FORMAT = 1
#: Records per Chroma read: one unbounded get() hits SQLite's variable limit ("too many SQL variables" at ~100k chunks).
PAGE = 5000


@dataclass(frozen=True)
class GenerationRecords:
    """Every chunk of one served generation as Chroma stores it (ids, texts, metadata, vectors)."""

    generation: str
    ingested_at: float
    ids: list[str]
    documents: list[str]
    metadatas: list[Mapping[str, Any]]
    embeddings: np.ndarray  # (n, d) float32, in the order of ids


def served_file(index_dir: Path, prefix: str) -> Path:
    """Where the served generation's records of the index in ``index_dir`` (collections named ``prefix``) are kept."""
    return index_dir / f"{prefix}.served.npz"


def write_records(path: Path, records: GenerationRecords) -> None:
    """Write the records so a reader sees the old file or the new one, never half of one."""
    buf = io.BytesIO()
    np.savez(
        buf,
        format=np.array(FORMAT),
        generation=np.array(records.generation),
        ingested_at=np.array(records.ingested_at, dtype=np.float64),
        ids=np.array(records.ids, dtype=str),
        documents=np.array(records.documents, dtype=str),
        metadatas=np.array(json.dumps([dict(m) for m in records.metadatas])),
        embeddings=np.asarray(records.embeddings, dtype=np.float32),
    )
    atomic_write(path, buf.getvalue())


def generation_in(path: Path | None) -> str | None:
    """The generation a records file holds (reads only its name), or None when there is no readable file."""
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return str(data["generation"]) if int(data["format"]) == FORMAT else None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None


def read_records(path: Path | None) -> GenerationRecords | None:
    """The records in the file, or None when it is missing, corrupt, half-written or of another format (then Chroma is read)."""
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != FORMAT:
                return None
            ids = [str(x) for x in data["ids"]]
            documents = [str(x) for x in data["documents"]]
            metadatas = json.loads(str(data["metadatas"]))
            embeddings = np.asarray(data["embeddings"], dtype=np.float32)
            generation, ingested_at = str(data["generation"]), float(data["ingested_at"])
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile):
        return None
    if not ids or not (len(ids) == len(documents) == len(metadatas) == len(embeddings)) or not all(isinstance(m, dict) for m in metadatas):
        return None
    return GenerationRecords(generation, ingested_at, ids, documents, metadatas, embeddings)


def read_all(collection: Collection, include: list[str]) -> dict[str, list[Any]]:
    """Every record of a collection, read in pages (see :data:`PAGE`)."""
    out: dict[str, list[Any]] = {"ids": [], **{k: [] for k in include}}
    offset = 0
    while True:
        # Chroma wants its Include literals; the names come from callers.
        got: Mapping[str, Any] = collection.get(include=include, limit=PAGE, offset=offset)  # type: ignore[arg-type]
        ids = list(got["ids"])
        if not ids:
            return out
        out["ids"] += ids
        for k in include:
            got_k = got.get(k)
            out[k] += list(got_k) if got_k is not None else []
        offset += len(ids)
        if len(ids) < PAGE:
            return out
