"""``python -m ingest``: sync corpus/ into the index and report what changed.

Exit code 0 when every file was ingested, 2 when some were skipped (named on stderr), 1 on failure.
"""

from __future__ import annotations

import argparse
import sys

from advisor.embeddings import embedder_for
from advisor.errors import AdvisorError
from advisor.settings import load_settings
from ingest.index import rebuild_index, sync_index


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Ingest corpus/ into the Advisor index.")
    parser.add_argument("--corpus", help="corpus folder (default: ADVISOR_CORPUS_DIR or ./corpus)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--rebuild", action="store_true", help="build a fresh index from the corpus; the old one is moved aside only once the new one is complete")
    args = parser.parse_args(argv)
    try:
        overrides = {"corpus_dir": args.corpus} if args.corpus else {}
        settings = load_settings(**overrides)
        progress = None if args.quiet else _progress
        embedder = embedder_for(settings)
        if args.rebuild:
            report, moved = rebuild_index(settings, embedder, progress=progress)
            if moved is not None:
                print(f"moved the old index to {moved}", file=sys.stderr)
        else:
            report = sync_index(settings, embedder, progress=progress)
    except AdvisorError as exc:
        print(f"error: {exc}\n{exc.hint}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0 if report.ok else 2


if __name__ == "__main__":
    sys.exit(main())
