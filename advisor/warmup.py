"""Build the app's engine in a background thread from the moment the process starts (issue 14).

Why: the Streamlit app must show its first answer within 3 s of being started, and loading the
engine (imports, snapshot, the encoder's session) takes about as long as Streamlit takes to start
and serve the page. ``python -m advisor app`` calls :func:`start` before it even imports Streamlit,
so both happen at once; the app's script, run per browser session as ``__main__``, then collects
the result with :func:`take`. Module state (one registry per process) is what both can see: the
script's own ``st.cache_resource`` functions are defined anew in each script run's module.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

from advisor.errors import IndexNotReady

if TYPE_CHECKING:
    from advisor.engine import Advisor
    from advisor.settings import Settings

#: Encoded once after the engine is built, to open the encoder's session (~0.5 s) before the first question; not cached, answers unchanged.
WARM_UP_TEXT = "warm-up"

_started: dict[Settings, Future[Advisor]] = {}
_lock = threading.Lock()


def build_engine(settings: Settings) -> Advisor:
    """The engine, ready to answer: the served snapshot loaded (the corpus ingested first on a fresh machine) and the encoder warm.

    The index is built only when nothing is served: a start on a built index reads its records
    file and never imports ingest or Chroma on the way (:class:`advisor.index.IndexRuntime`).
    """
    from advisor.engine import Advisor

    advisor = Advisor(settings, start_from_served_file=True)
    try:
        advisor.ensure_ready()
    except IndexNotReady:
        from ingest.index import ensure_index  # the core never ingests: on first run (no index served yet) this surface builds it

        ensure_index(advisor.settings, advisor.embedder, advisor.store)
        advisor.ensure_ready()
    advisor.embedder.encode([WARM_UP_TEXT])
    return advisor


def start(settings: Settings) -> None:
    """Start building the engine for ``settings`` in a daemon thread (at most one pending build per settings)."""
    with _lock:
        if settings in _started:
            return
        future: Future[Advisor] = Future()
        _started[settings] = future

    def run() -> None:
        try:
            future.set_result(build_engine(settings))
            import advisor.feedback  # noqa: F401  # SQLAlchemy's import (~0.25 s) here, not in the first answer's log line
        except BaseException as exc:  # handed to take(), where the surface shows it
            if not future.done():
                future.set_exception(exc)

    threading.Thread(target=run, name="advisor-warmup", daemon=True).start()


def take(settings: Settings) -> Advisor | None:
    """The engine :func:`start` built for ``settings`` (waiting for it), handed over once; None when none was started.

    Handed over once, so a surface that drops its engine (the Library after a re-ingest clears
    the app's caches) builds a fresh one. A failed build raises its error here, once.
    """
    with _lock:
        future = _started.pop(settings, None)
    return None if future is None else future.result()
