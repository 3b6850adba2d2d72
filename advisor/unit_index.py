"""Sentence-level dense search over every answer unit of the served index.

Chunks are embedded whole, so a sharp sentence inside a long chunk can rank below vaguer
chunks ("evaluating its own performance" vs "an objective assessment of how it performs").
Searching the units (sentences, list items, table rows) directly finds it; the chunks of the
best units join the hybrid hits before the answer is composed.

Unit vectors are cached on disk by a hash of their text, so each unit is embedded once across
restarts and re-ingests (the write is atomic: a temp file, then ``os.replace``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from advisor.embeddings import Embedder
from advisor.units import units_for


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class UnitIndex:
    chunk_ids: list[str]
    vecs: np.ndarray  # one row per unit, unit length

    @classmethod
    def build(cls, ids: list[str], metas: list[dict], embedder: Embedder, cache_file: Path | None) -> UnitIndex:
        units = [u for cid, m in zip(ids, metas) for u in units_for(cid, m)]
        texts = [u.embed_text for u in units]
        if not texts:
            return cls([], np.zeros((0, 1), dtype=np.float32))
        known = _load(cache_file)
        keys = [_key(t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in known]
        if missing:
            fresh = embedder.encode([texts[i] for i in missing])
            for j, i in enumerate(missing):
                known[keys[i]] = fresh[j]
            _save(cache_file, {k: known[k] for k in set(keys)})
        vecs = np.vstack([known[k] for k in keys]).astype(np.float32)
        embedder.remember(texts, vecs)  # composing an answer re-scores these units: no re-encoding
        return cls([u.chunk_id for u in units], vecs)

    def best_chunks(self, q_vec: np.ndarray, n: int) -> list[tuple[str, float]]:
        """The chunks of the n most similar units, best first, each once, with that unit's similarity."""
        if not self.chunk_ids:
            return []
        sims = self.vecs @ q_vec
        out: dict[str, float] = {}
        for i in np.argsort(-sims):
            cid = self.chunk_ids[int(i)]
            if cid not in out:
                out[cid] = float(sims[int(i)])
                if len(out) >= n:
                    break
        return list(out.items())


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
