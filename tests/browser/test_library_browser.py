"""The Library in a real browser: a re-ingest shows real progress (documents read, then passages
stored, not an empty bar then 100 %), every control is disabled while it runs, and the table and
"Last ingest" show the new index afterwards. Debian's Chromium; the app on a copy of the session's
index and of the corpus, so the test may add a document."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from advisor.settings import PROJECT_ROOT
from tests.conftest import CORPUS, Indexed, child_env
from tests.localserver import free_port, wait_until_ok

SECRET = "library-browser-test"
TIMEOUT_MS = 240_000

#: Records, on every DOM change, the progress bar (value, text, whether stale) and the Re-ingest
#: button's state, so states too short to poll are seen too.
RECORD = """(() => {
  window.__states = [];
  const sample = () => {
    const prog = document.querySelector('[data-testid="stProgress"]');
    const bar = prog && prog.querySelector('[role="progressbar"]');
    const btn = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Re-ingest corpus'));
    const s = {
      value: bar ? Number(bar.getAttribute('aria-valuenow')) : null,
      text: prog ? prog.textContent.trim() : null,
      progressStale: !!(prog && prog.closest('[data-stale="true"]')),
      button: btn ? (btn.disabled ? 'disabled' : 'enabled') : 'none',
      buttonStale: !!(btn && btn.closest('[data-stale="true"]')),
    };
    const last = window.__states[window.__states.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(s)) window.__states.push(s);
  };
  new MutationObserver(sample).observe(document, {childList: true, subtree: true, characterData: true, attributes: true});
})()"""

NEW_DOC = "# Choosing a vCIO\n\n" + "\n\n".join(
    f"## Question {n}\n\nA vCIO engagement number {n} reviews the roadmap, the budget and the vendors every quarter for the leadership team." for n in range(40)
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, indexed: Indexed, encoder_env: dict[str, str]) -> Iterator[tuple[str, Path]]:
    root: Path = tmp_path_factory.mktemp("library")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    indexed(root / "data", corpus)
    port = free_port()
    env = child_env(
        encoder_env, ADVISOR_DATA_DIR=str(root / "data"), ADVISOR_CORPUS_DIR=str(corpus), ADVISOR_DB_URL=f"sqlite:///{root / 'app.db'}", ADVISOR_OPERATOR_SECRET=SECRET
    )
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    log = (root / "app.log").open("w")
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_ok(f"http://127.0.0.1:{port}/_stcore/health", 240, proc)
        yield f"http://127.0.0.1:{port}/library", corpus
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def test_reingest_shows_documents_and_passages_progress_disables_its_controls_and_refreshes_the_table(browser: Browser, library: tuple[str, Path]) -> None:
    url, corpus = library
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(RECORD)
    page = ctx.new_page()
    try:
        page.goto(url)
        page.get_by_label("Operator passphrase").fill(SECRET, timeout=TIMEOUT_MS)
        page.get_by_role("button", name="Sign in").click()
        button = page.get_by_role("button", name="Re-ingest corpus")
        expect(button).to_be_enabled(timeout=TIMEOUT_MS)
        last = page.locator("p", has_text="Last ingest:").first
        before = last.inner_text()
        assert "vcio-choosing.md" not in page.get_by_test_id("stDataFrame").first.inner_text()
        # A new article with many passages: the run reads 6 documents and embeds its passages.
        (corpus / "vcio-choosing.md").write_text(NEW_DOC, encoding="utf-8")
        page.evaluate("window.__states = []")
        button.click()
        expect(page.get_by_text("Ingest finished.")).to_be_visible(timeout=TIMEOUT_MS)
        expect(button).to_be_enabled(timeout=TIMEOUT_MS)
        states = page.evaluate("window.__states")
        live = [s for s in states if s["value"] is not None and not s["progressStale"]]
        assert live, f"no progress bar was shown: {states}"
        # Real progress: the documents read and the passages stored so far, between empty and full (reading
        # six short files takes milliseconds, so the browser may never paint those steps; the per-document
        # lines are tested in tests/ingest/test_index.py).
        assert any("6 documents read" in s["text"] and "passages stored" in s["text"] and 0 < s["value"] < 100 for s in live), live
        assert live[-1]["value"] == 100, live
        values = [s["value"] for s in live]
        assert values == sorted(values), f"progress went backwards: {values}"
        # While the run is going the button is there and disabled (no stale, clickable copy of it).
        assert all(s["button"] == "disabled" and not s["buttonStale"] for s in live), live
        expect(page.get_by_role("button", name="Add to the corpus and re-ingest")).to_be_disabled()  # no upload chosen
        # Afterwards: the new index in the table and in "Last ingest".
        expect(page.get_by_test_id("stDataFrame").first).to_contain_text("vcio-choosing.md", timeout=TIMEOUT_MS)
        after = last.inner_text()
        assert after != before and "6 documents" in after, (before, after)
    finally:
        ctx.close()
