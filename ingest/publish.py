"""Publish or unpublish a document: the operator's decision, kept beside the index and applied by ingest.

Why an override file and not an edit of the document: the corpus is the authors' (and often a
read-only checkout); the operator's publish/unpublish is a separate fact that must survive the
next ingest. It lives in ``<data_dir>/status.json`` (doc id -> status, written atomically) and
wins over the document's front matter. Applying it is an ordinary ingest: passage ids do not
depend on status, so every vector is reused and only a new generation with the new metadata is
written and flipped in, the same atomic switch as any ingest (the served index is never edited).
"""

from __future__ import annotations

import json
from pathlib import Path

from advisor.embeddings import EmbedderLike
from advisor.errors import IngestError
from advisor.files import atomic_write
from advisor.settings import Settings
from advisor.store import IndexStore
from ingest.index import IngestReport, Progress, discover, one_ingest_at_a_time, sync_locked
from ingest.load import Status

STATUSES: tuple[Status, ...] = ("draft", "published")
OVERRIDES_FILE = "status.json"


def overrides_path(settings: Settings) -> Path:
    return settings.data_dir / OVERRIDES_FILE


def read_overrides(settings: Settings) -> dict[str, Status]:
    """The operator's statuses by doc id; an unreadable file is reported, never guessed around."""
    path = overrides_path(settings)
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IngestError(f"The publish/unpublish record {OVERRIDES_FILE} is unreadable ({type(exc).__name__}); fix or delete it and publish again.") from exc
    if not isinstance(raw, dict):
        raise IngestError(f"The publish/unpublish record {OVERRIDES_FILE} is not a JSON object; fix or delete it and publish again.")
    return {str(k): v for k, v in raw.items() if v in STATUSES}


def _write_atomic(path: Path, data: dict[str, Status]) -> None:
    atomic_write(path, json.dumps(data, indent=1, sort_keys=True).encode())


def set_status(settings: Settings, embedder: EmbedderLike, doc_id: str, status: Status, store: IndexStore | None = None, progress: Progress | None = None) -> IngestReport:
    """Record ``status`` for ``doc_id`` (a corpus path, as the Library and citations name it) and
    ingest, so the served index says so when this returns. Raises IngestError for an unknown document."""
    if status not in STATUSES:
        raise IngestError(f"Unknown status {status!r}; use one of: {', '.join(STATUSES)}.")
    with one_ingest_at_a_time(settings):
        known = {p.relative_to(settings.corpus_dir).as_posix() for p in discover(settings.corpus_dir)}
        if doc_id not in known:
            raise IngestError(f"No document {doc_id!r} in the corpus folder.")
        overrides = read_overrides(settings)
        overrides[doc_id] = status
        _write_atomic(overrides_path(settings), overrides)
        return sync_locked(settings, embedder, store, progress)
