"""Shared fixtures: every test gets a temp data dir and no API keys; the real model and a real
Chroma (in a temp dir) serve retrieval tests, ingested once per session. Tests that need an index
of their own (to corrupt it, serve it from another process, poison it) start from a copy of the
session's index (``indexed``) rather than ingesting the corpus again.

The suite runs on the encoder backend named by ``ADVISOR_ENCODER`` when pytest starts (default
``onnx``); scripts/test.sh runs the ``both_encoders`` subset again on ``sentence-transformers``.
The ingested corpus is built once per pytest run, by whichever xdist worker asks first (the others
wait on a lock), in the run's temp folder, and each worker serves its own copy of that index. The
ONNX graph is exported and verified once for as long as the export code and libraries stay the same
(:func:`encoder_cache_dir`, kept between runs): every worker, test and subprocess uses that graph."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

import pytest
from filelock import FileLock

from advisor.embeddings import Embedder, get_embedder
from advisor.engine import Advisor
from advisor.settings import PROJECT_ROOT, EncoderName, Settings

CORPUS = PROJECT_ROOT / "corpus"
KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "MISTRAL_API_KEY", "GROQ_API_KEY")
#: The backend this session tests (read once, before the per-test fixture clears ADVISOR_*).
ENCODER: EncoderName = "sentence-transformers" if os.environ.get("ADVISOR_ENCODER") == "sentence-transformers" else "onnx"


def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This pytest run's temp folder: shared by its xdist workers (each one's basetemp is a child of it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


#: Verified ONNX graphs kept from one test run to the next, as mypy's cache is (tests/test_style.py).
ENCODER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "advisor" / "encoders"
#: What the exported graph and its check against sentence-transformers depend on, besides the weights
#: (whose hash names the graph file): our export code and the libraries that trace, run and compare it.
EXPORT_SOURCES = ("advisor/onnx_encoder.py", "advisor/embeddings.py", "advisor/files.py", "advisor/errors.py")
EXPORT_LIBRARIES = ("torch", "onnx", "onnxruntime", "transformers", "sentence-transformers", "tokenizers", "numpy")
#: A cache folder no run has used for this long is removed (each holds a ~90 MB graph).
ENCODER_CACHE_KEEP_S = 2 * 24 * 3600


def encoder_cache_dir() -> Path:
    """The encoder folder for this checkout's export code and libraries, under :data:`ENCODER_CACHE`.

    Exporting and verifying the graph is ~15 s of CPU (torch); a suite run did it every time. Now a
    run exports only when no earlier run used the same export code, libraries and Python (a new
    folder then), so a change to any of them is exported and verified again, and every run still
    checks the graph against its manifest before use (size and mtime, its full hash when either
    differs: :func:`advisor.onnx_encoder.ensure_graph`).
    ``TEST_FRESH_ENCODER=1``: a folder of the run's own, exported anew (as before 2026-11-27)."""
    h = hashlib.sha256(sys.version.encode())
    for name in EXPORT_SOURCES:
        h.update(name.encode() + b"\0" + (PROJECT_ROOT / name).read_bytes())
    for dist in EXPORT_LIBRARIES:
        h.update(f"\0{dist}=={metadata.version(dist)}".encode())
    ENCODER_CACHE.mkdir(parents=True, exist_ok=True)
    here = ENCODER_CACHE / h.hexdigest()[:16]
    # Under one lock: the three workers and the subset's run all come here at once, and a folder one run
    # takes up again (its stamp touched) must not be removed by another run's sweep in the meantime.
    with FileLock(str(ENCODER_CACHE / ".cleanup.lock")):
        here.mkdir(exist_ok=True)
        (here / "last-used").touch()
        for old in ENCODER_CACHE.iterdir():  # folders of export code or libraries no run has used for days
            try:
                if old != here and old.is_dir() and time.time() - (old / "last-used").stat().st_mtime > ENCODER_CACHE_KEEP_S:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:  # no stamp (a folder being created or removed): not ours to judge
                continue
    return here


@pytest.fixture(scope="session")
def encoder_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The encoder settings of this session, as environment variables (for subprocesses too).

    One folder for the whole run and the runs after it (:func:`encoder_cache_dir`): the ONNX graph
    is exported and verified once (under the encoder's own lock, :func:`advisor.onnx_encoder.ensure_graph`),
    not once per worker or per run."""
    fresh = os.environ.get("TEST_FRESH_ENCODER") == "1"
    return {"ADVISOR_ENCODER": ENCODER, "ADVISOR_ENCODER_DIR": str(run_dir(tmp_path_factory) / "encoders" if fresh else encoder_cache_dir())}


def child_env(encoder: dict[str, str] | None = None, **settings: str) -> dict[str, str]:
    """The environment of a process a test starts (server, CLI, ingest, Streamlit): the caller's, without
    its ``ADVISOR_*`` settings, with the session's encoder, the model hub offline, and ``settings``.

    ``encoder``: :func:`encoder_env`, which a module fixture must pass (it runs before the per-test
    environment is set; without ``ADVISOR_ENCODER_DIR`` the process exported and verified the ONNX graph
    again in its own data dir, ~15 s of CPU). A test's own call may omit it: its environment has them."""
    encoder = encoder if encoder is not None else {k: v for k, v in os.environ.items() if k.startswith("ADVISOR_ENCODER")}
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(HF_HUB_OFFLINE="1", **encoder, **settings)
    return env


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder_env: dict[str, str]) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for key in KEYS + tuple(k for k in os.environ if k.startswith("ADVISOR_") and k != "ADVISOR_DATA_DIR"):
        monkeypatch.delenv(key, raising=False)
    for key, value in encoder_env.items():
        monkeypatch.setenv(key, value)


@pytest.fixture(scope="session")
def embedder(encoder_env: dict[str, str]) -> Embedder:
    # Both backends have Embedder's interface; tests annotate with the reference class.
    return get_embedder(None, ENCODER, Path(encoder_env["ADVISOR_ENCODER_DIR"]))  # type: ignore[return-value]


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, encoder_env: dict[str, str], embedder: Embedder) -> Settings:
    """A data dir holding the real corpus, ingested, with its key vectors cached: this worker's copy
    of the run's one ingest (ingesting is tested in tests/ingest/ and by the processes that must do
    it themselves; here it is only the starting point most tests share)."""
    settings = Settings(data_dir=run_dir(tmp_path_factory) / "corpus-index", corpus_dir=CORPUS, encoder=ENCODER, encoder_dir=Path(encoder_env["ADVISOR_ENCODER_DIR"]))
    built = settings.data_dir / "built"
    with FileLock(f"{settings.data_dir}.lock"):
        if not built.is_file():
            shutil.rmtree(settings.data_dir, ignore_errors=True)  # a worker that died half-way left it
            ready(Advisor(settings, embedder=embedder))  # the index, then the key vectors' cache
            built.touch()
    data = tmp_path_factory.mktemp("corpus-index")
    shutil.copytree(settings.data_dir, data, dirs_exist_ok=True, ignore=shutil.ignore_patterns("ingest.lock", "built", "*.db", "*.db-*"))
    return settings.model_copy(update={"data_dir": data})


def ready(adv: Advisor) -> Advisor:
    """Build the index on first run (the surfaces' job, never the core's) and open it."""
    from ingest.index import ensure_index

    ensure_index(adv.settings, adv.embedder, adv.store)  # type: ignore[arg-type]
    adv.ensure_ready()
    return adv


@pytest.fixture(scope="session")
def advisor(corpus_settings: Settings, embedder: Embedder) -> Advisor:
    """The real engine over the real corpus, ingested once for the whole session."""
    from ingest.index import ensure_index

    adv = Advisor(corpus_settings, embedder=embedder)
    ensure_index(corpus_settings, embedder, adv.store)
    adv.ensure_ready()
    return adv


Indexed = Callable[..., Settings]  # indexed(data_dir, corpus_dir=CORPUS) -> Settings


@pytest.fixture(scope="session")
def indexed(advisor: Advisor, embedder: Embedder) -> Indexed:
    """``indexed(data_dir, corpus_dir)``: a data dir whose served index matches ``corpus_dir``.

    It copies the session's data dir (the real corpus, ingested, key vectors cached) and syncs it
    with ``corpus_dir``, so ingest embeds only what differs: nothing for the real corpus, one
    article for a poisoned copy. Ingesting the corpus from scratch is tested in tests/ingest/ and by
    the processes that must do it themselves (first start of ``serve --workers``, crash safety).
    """
    from ingest.index import sync_index

    template = advisor.settings.data_dir

    def build(data_dir: Path, corpus_dir: Path = CORPUS) -> Settings:
        # The lock file and feedback databases belong to the session's dir, not to the index.
        shutil.copytree(template, data_dir, ignore=shutil.ignore_patterns("ingest.lock", "*.db", "*.db-*"))
        settings = advisor.settings.model_copy(update={"data_dir": data_dir, "corpus_dir": corpus_dir})
        report = sync_index(settings, embedder, progress=None)
        assert report.ok, report.summary()
        return settings

    return build


@pytest.fixture
def small_corpus(tmp_path: Path) -> Iterator[Path]:
    """A copy of two short corpus-like documents that tests may edit freely."""
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "alpha.md").write_text(
        "---\ntitle: Alpha\nurl: https://example.test/alpha\n---\n# Alpha\n\n## Pricing\n\n"
        "An MSP bills per user each month. A fractional CIO bills a monthly retainer.\n\n"
        "| Item | MSP | Fractional CIO |\n|---|---|---|\n| Pricing | Per user | Retainer |\n| Focus | Uptime | Strategy |\n",
        encoding="utf-8",
    )
    (d / "beta.md").write_text(
        "# Beta\n\n## Roles\n\nThe MSP runs the helpdesk:\n\n- Patching servers\n- Resetting passwords\n\n"
        "## FAQ\n\n### Do I need both?\n\nMost growing businesses do. The MSP executes and the CIO directs.\n",
        encoding="utf-8",
    )
    yield d
    shutil.rmtree(d, ignore_errors=True)


def corpus_text(source: str) -> str:
    return (CORPUS / source).read_text(encoding="utf-8")


# The modules that take longest, slowest first: seconds (wall, setup included) from `pytest -n 2
# --durations=40` on 2026-11-25 under load 3-7 on 2 cores, after the session index became one per
# run and mypy's cache one per user: crash safety ~300 (kill -9 runs, rebuilds, the session's
# ingest), workers ~100 (first start ingests), the eval gate ~70, encoder ~70 (export checks,
# child processes), load ~55, browser ~50, LLM over HTTP ~45 (a slow model on purpose), injection,
# fuzz. Collection puts them first so that `scripts/test.sh` (xdist, modules handed out in
# collection order) starts the long ones at once and ends on short ones.
SLOWEST_FIRST = (
    "hardening/test_crash_safety.py",
    "hardening/test_workers.py",
    "eval/test_gate.py",
    "test_train.py",
    "test_encoder.py",
    "hardening/test_load.py",
    "browser/test_widget.py",
    "browser/test_app_browser.py",
    "test_llm_http.py",
    "hardening/test_injection.py",
    "hardening/test_fuzz_api.py",
    "hardening/test_bad_input.py",
    "test_app.py",
    "test_server.py",
    "hardening/test_stall.py",
    "hardening/test_feedback_store.py",
)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The ``-m both_encoders`` run (scripts/test.sh) imports only the test modules that name the
    marker: it selects ~60 tests from three modules, and importing every other module only to
    deselect its tests cost ~5 s of CPU (8.7 s → 3.1 s to collect). A module can carry the marker
    only by naming it (``pytestmark``, a decorator); no hook here adds it."""
    if config.getoption("markexpr", "") == "both_encoders" and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        if "both_encoders" not in collection_path.read_text(encoding="utf-8"):
            return True
    return None  # pytest's own rules decide (--ignore, …)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    tests_dir = Path(__file__).parent

    def weight(item: pytest.Item) -> int:
        return rank.get(item.path.relative_to(tests_dir).as_posix(), len(rank))

    items.sort(key=weight)  # stable: the rest keep their order
