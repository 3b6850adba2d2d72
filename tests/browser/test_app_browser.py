"""The sales app in a real browser: ``streamlit run app.py`` on the session's index, Debian's Chromium.

What AppTest cannot see: where the page is scrolled after an answer, and what a marker click
looks like on screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from advisor.settings import PROJECT_ROOT
from tests.browser.test_widget import ARGS, CHROMIUM, VCIO
from tests.conftest import Indexed
from tests.localserver import free_port, wait_until_ok

VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, indexed: Indexed) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("app")
    indexed(root / "data")  # the real corpus, already ingested: the app opens it, it does not build it
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(ADVISOR_DATA_DIR=str(root / "data"), ADVISOR_DB_URL=f"sqlite:///{root / 'app.db'}", HF_HUB_OFFLINE="1")
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    log = (root / "app.log").open("w")
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_ok(f"http://127.0.0.1:{port}/_stcore/health", 120, proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _in_viewport(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                 return r.top >= 0 && r.top < window.innerHeight; }""",
            selector,
        )
    )


def _source_badge_colours(page: Page) -> dict[str, str]:
    """Each source badge's text ("[n]") and its background colour, read from the rendered page."""
    return dict(
        page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stExpander"] strong')]
                 .filter(s => /^\\[\\d+\\]$/.test(s.textContent.trim()))
                 .map(s => [s.textContent.trim(), getComputedStyle(s.closest('span') || s).backgroundColor])"""
        )
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_answer_start_is_in_view_and_a_marker_highlights_only_its_source(browser: Browser, app_url: str, viewport: str) -> None:
    ctx = browser.new_context(viewport=VIEWPORTS[viewport])
    page = ctx.new_page()
    try:
        page.goto(app_url)
        box = page.get_by_placeholder("Ask about MSPs", exact=False)
        box.wait_for(timeout=120_000)
        box.fill(VCIO)
        box.press("Enter")
        page.get_by_text("Sources (", exact=False).first.wait_for(timeout=180_000)
        page.wait_for_timeout(2500)  # past the app's scroll settle time: what stays on screen is what the user sees
        last_answer = '[data-testid="stChatMessage"]:last-of-type [data-testid="stMarkdownContainer"]'
        assert _in_viewport(page, last_answer), "the start of the new answer is not on screen"

        before = _source_badge_colours(page)
        assert len(before) >= 2 and len(set(before.values())) == 1, before  # nothing emphasised yet
        page.locator('[data-testid="stButtonGroup"] button', has_text="[2]").first.click()
        page.wait_for_timeout(1500)
        after = _source_badge_colours(page)
        changed = [n for n in after if after[n] != before[n]]
        assert changed == ["[2]"], after  # only the clicked source is emphasised
    finally:
        ctx.close()
