"""Synthetic data for the scale benchmarks, made from the real corpus so it cannot drift from ingest.

- :func:`synthetic_corpus` writes Markdown articles of shuffled corpus sentences (real text, real
  structure: title, sections, paragraphs) for the ingest benchmark;
- :func:`replicate` makes N :class:`~advisor.passage.Passage` records by copying the real corpus'
  passages (as ingest wrote them) under new ids and document ids, and :func:`write_generation`
  stores them through :meth:`Passage.to_store` as a served index generation, so
  :meth:`IndexSnapshot.load` reads them exactly as it reads an ingested corpus. Their vectors are
  the real passage vectors, lightly jittered: this measures ranking over N passages, not the
  encoder (which would need hours for 100k passages on this machine).
"""

from __future__ import annotations

import dataclasses
import random
import time
from pathlib import Path

import numpy as np

from advisor.index import IndexSnapshot
from advisor.passage import Passage
from advisor.store import IndexStore
from advisor.text import split_sentences

BATCH = 4000
JITTER = 0.01  # per-dimension noise on unit vectors (cosine ≈ 0.98 to the source): no exact duplicates for HNSW


def corpus_sentences(corpus_dir: Path) -> list[str]:
    out: list[str] = []
    for p in sorted(corpus_dir.glob("*.md")):
        text = p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for para in text.split("\n\n"):
            para = para.strip()
            if para and not para.startswith(("#", "|", "-")):
                out.extend(s for s in split_sentences(para) if len(s.split()) >= 5)
    return out


def synthetic_corpus(corpus_dir: Path, out_dir: Path, n_docs: int = 100, sections: int = 20, seed: int = 7) -> Path:
    """n_docs articles × `sections` sections of 2 paragraphs of 2–4 sentences."""
    rng = random.Random(seed)
    sentences = corpus_sentences(corpus_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for d in range(n_docs):
        parts = [f'---\ntitle: "Synthetic article {d}"\n---\n# Synthetic article {d}\n']
        for s in range(sections):
            parts.append(f"## Section {d}.{s}: {rng.choice(sentences)[:60].rstrip(' .,')}\n")
            for _ in range(2):
                parts.append(" ".join(rng.sample(sentences, rng.randint(2, 4))) + "\n")
        (out_dir / f"synthetic-{d:03d}.md").write_text("\n".join(parts), encoding="utf-8")
    return out_dir


def replicate(snap: IndexSnapshot, n: int, seed: int = 11) -> tuple[list[Passage], np.ndarray]:
    """n passages cycling through the snapshot's own, each copy a new document; and their vectors."""
    rng = np.random.default_rng(seed)
    base = snap.passages
    picks = np.arange(n) % len(base)
    passages = [
        dataclasses.replace(base[i], id=f"{base[i].id}-c{k // len(base):05d}", doc_id=f"copy-{k // len(base):05d}/{base[i].doc_id}")
        for k, i in enumerate(int(j) for j in picks)
    ]
    vecs = snap.vectors[picks] + rng.normal(0.0, JITTER, (n, snap.vectors.shape[1])).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return passages, vecs.astype(np.float32)


def write_generation(store: IndexStore, passages: list[Passage], vectors: np.ndarray) -> float:
    """Store the passages as a complete generation (as ingest does) and serve it; returns seconds."""
    started = time.perf_counter()
    gen = store.new_generation()
    for start in range(0, len(passages), BATCH):
        part = passages[start : start + BATCH]
        gen.add(
            ids=[p.id for p in part],
            embeddings=list(vectors[start : start + len(part)]),
            documents=[p.embed_text for p in part],
            metadatas=[p.to_store(doc_hash="synthetic") for p in part],  # type: ignore[misc]
        )
    store.activate(gen, {"ingested_at": time.time(), "chunks": len(passages), "documents": len({p.doc_id for p in passages})})
    store.collect_garbage()
    return time.perf_counter() - started
