"""Synthetic data for the scale benchmarks, made from the real corpus so it reads like it.

- :func:`synthetic_corpus` writes Markdown articles of shuffled corpus sentences (real text, real
  structure: title, sections, paragraphs) for the ingest benchmark;
- :func:`synthetic_generation` fills an index generation with N chunks whose vectors are jittered
  real chunk embeddings and whose texts are shuffled corpus sentences: it measures the index (HNSW,
  BM25), not the encoder, which would need hours for 100k chunks on this machine.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np

from advisor.store import IndexStore
from advisor.text import split_sentences

BATCH = 4000


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
    """n_docs articles × `sections` sections of 2 paragraphs of 2–4 sentences (~2k chunks for 100×20)."""
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


def synthetic_generation(store: IndexStore, base_vecs: np.ndarray, sentences: list[str], n: int, seed: int = 11) -> float:
    """Write a complete generation of n synthetic chunks and make it the served one; returns seconds."""
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)
    started = time.perf_counter()
    gen = store.new_generation()
    for start in range(0, n, BATCH):
        m = min(BATCH, n - start)
        picks = rng.integers(0, len(base_vecs), m)
        vecs = base_vecs[picks] + rng.normal(0.0, 0.03, (m, base_vecs.shape[1])).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        ids = [f"syn-{start + i:07d}" for i in range(m)]
        bodies = [" ".join(prng.sample(sentences, prng.randint(2, 5))) for _ in range(m)]
        metas = [
            {
                "doc_id": f"synthetic-{(start + i) // 20:05d}.md",
                "title": f"Synthetic {(start + i) // 20}",
                "heading": f"Section {(start + i) % 20}",
                "body": b,
                "kind": "prose",
                "order": i % 20,
            }
            for i, b in enumerate(bodies)
        ]
        gen.add(ids=ids, embeddings=list(vecs), documents=bodies, metadatas=metas)  # type: ignore[arg-type]
    store.activate(gen, {"ingested_at": time.time(), "chunks": n, "documents": n // 20})
    store.collect_garbage()
    return time.perf_counter() - started
