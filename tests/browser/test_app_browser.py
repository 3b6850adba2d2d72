"""The sales app in a real browser: ``streamlit run app.py`` on the session's index, Debian's Chromium.

What AppTest cannot see: where the page is scrolled after an answer, how many copies of the
answer the page shows while it renders, and what a click on a ``[n]`` in the answer text does.

Built to hold under the suite's parallel load: every wait is on a condition (the app's own
"scrolled" mark on ``<body>``, a colour change), never on a fixed time, with generous timeouts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from advisor.settings import PROJECT_ROOT
from tests.conftest import Indexed, child_env
from tests.localserver import free_port, wait_until_ok

VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: The lead's acceptance question: a sales-profile answer with several markers and sources.
QUESTION = "What does an MSP do that a fractional CIO does not?"
#: Generous: a cold first answer on a machine running the rest of the suite on both cores.
ANSWER_TIMEOUT_MS = 240_000
CLICK_TIMEOUT_MS = 60_000

#: Counts, on every DOM change, how many answer blocks ("Our position", the sales profile's
#: first line) the page holds at once, and keeps the highest count seen.
COUNT_ANSWERS = """(() => {
  window.__maxAnswers = 0;
  const count = () => {
    const n = [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
      .filter((e) => e.textContent.trim().startsWith("Our position")).length;
    window.__maxAnswers = Math.max(window.__maxAnswers, n);
  };
  new MutationObserver(count).observe(document, {childList: true, subtree: true, characterData: true});
})()"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, indexed: Indexed, encoder_env: dict[str, str]) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("app")
    indexed(root / "data")  # the real corpus, already ingested: the app opens it, it does not build it
    port = free_port()
    env = child_env(encoder_env, ADVISOR_DATA_DIR=str(root / "data"), ADVISOR_DB_URL=f"sqlite:///{root / 'app.db'}")
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    log = (root / "app.log").open("w")
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_ok(f"http://127.0.0.1:{port}/_stcore/health", 240, proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


#: True when the new answer's first line is below Streamlit's fixed header and in the upper half of
#: the view: the answer's start, not the bottom of its sources.
ANSWER_START_IN_VIEW = """() => {
  const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
  const text = msgs[msgs.length - 1].querySelector('[data-testid="stMarkdownContainer"]');
  const header = document.querySelector('[data-testid="stHeader"]');
  const top = text.getBoundingClientRect().top;
  return top >= (header ? header.getBoundingClientRect().bottom : 0) - 1 && top < window.innerHeight / 2;
}"""


def _expect_answer_start_in_view(page: Page) -> None:
    page.wait_for_function(ANSWER_START_IN_VIEW, timeout=CLICK_TIMEOUT_MS)


def _source_badge_colours(page: Page) -> dict[str, str]:
    """Each source badge's text ("[n]") and its background colour, read from the rendered page."""
    return dict(
        page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stExpander"] strong')]
                 .filter(s => /^\\[\\d+\\]$/.test(s.textContent.trim()))
                 .map(s => [s.textContent.trim(), getComputedStyle(s.closest('span') || s).backgroundColor])"""
        )
    )


def _marker_in_text(page: Page, label: str) -> Locator:
    """The ``label`` marker in the new answer's text (its first Markdown block), not in the pills or the sources."""
    text = page.get_by_test_id("stChatMessage").last.get_by_test_id("stMarkdownContainer").first
    return text.locator("strong", has_text=label).first


def _shot(page: Page, viewport: str, step: str) -> None:
    """A screenshot for a person to look at, only when APP_SCREENSHOTS names a folder."""
    if folder := os.environ.get("APP_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"{viewport}-{step}.png"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_answer_shows_once_from_its_start_and_a_marker_in_the_text_emphasises_only_its_source(browser: Browser, app_url: str, viewport: str) -> None:
    ctx = browser.new_context(viewport=VIEWPORTS[viewport])
    ctx.add_init_script(COUNT_ANSWERS)
    page = ctx.new_page()
    try:
        page.goto(app_url)
        box = page.get_by_placeholder("Ask about MSPs", exact=False)
        box.fill(QUESTION, timeout=ANSWER_TIMEOUT_MS)
        box.press("Enter")
        # The app marks <body> once the answer's start has stayed in view (app_scripts.scroll_to_answer).
        expect(page.locator("body")).to_have_attribute("data-advisor-scrolled", "1", timeout=ANSWER_TIMEOUT_MS)
        assert page.locator("body").get_attribute("data-advisor-scrolled-how") == "ok"
        _expect_answer_start_in_view(page)
        page.wait_for_timeout(1000)  # not a wait for a condition: a pause, after which the start must still be (or be back) in view
        _expect_answer_start_in_view(page)
        _shot(page, viewport, "answer")
        assert page.get_by_test_id("stChatMessage").count() == 2
        assert page.evaluate("window.__maxAnswers") == 1, "the answer was on the page twice at some point"
        # Sales: objection handling under the answer, each pushback answered by a quote with its citation.
        answer = page.get_by_test_id("stChatMessage").last
        expect(answer.get_by_text("If they push back", exact=False)).to_be_visible()
        asks = answer.locator("p", has_text="They ask:")
        assert asks.count() >= 2, "pushbacks a prospect raises, from the articles"
        for i in range(asks.count()):
            quote = asks.nth(i).locator("xpath=following::blockquote[1]")
            expect(quote).to_be_visible()
            assert re.search(r"\[\d+\]\s*$", quote.inner_text()), "each answer quote ends with its [n] citation"

        before = _source_badge_colours(page)
        assert len(before) >= 2 and len(set(before.values())) == 1, before  # nothing emphasised yet
        marker = _marker_in_text(page, "[2]")
        expect(marker).to_have_attribute("role", "button", timeout=CLICK_TIMEOUT_MS)  # the script made it clickable
        marker.click(timeout=CLICK_TIMEOUT_MS)
        page.wait_for_function(
            """(base) => [...document.querySelectorAll('[data-testid="stExpander"] strong')]
                 .some(s => s.textContent.trim() === "[2]" && getComputedStyle(s.closest('span') || s).backgroundColor !== base)""",
            arg=before["[2]"],
            timeout=CLICK_TIMEOUT_MS,
        )
        # The source is brought into view (on a phone it is screens below the text).
        expect(page.get_by_test_id("stExpander").last.locator("strong", has_text="[2]").first).to_be_in_viewport(timeout=CLICK_TIMEOUT_MS)
        after = _source_badge_colours(page)
        assert [n for n in after if after[n] != before[n]] == ["[2]"], after  # only the clicked source is emphasised
        _shot(page, viewport, "marker-2")
        assert page.evaluate("window.__maxAnswers") == 1, "the rerun after the click showed the answer twice"
        # The same marker again clears the emphasis (the pill toggles).
        _marker_in_text(page, "[2]").click(timeout=CLICK_TIMEOUT_MS)
        page.wait_for_function(
            """(base) => [...document.querySelectorAll('[data-testid="stExpander"] strong')]
                 .every(s => !/^\\[\\d+\\]$/.test(s.textContent.trim()) || getComputedStyle(s.closest('span') || s).backgroundColor === base)""",
            arg=before["[1]"],
            timeout=CLICK_TIMEOUT_MS,
        )
        # The keyboard does what the click does: a marker takes focus and Enter emphasises its source.
        key_marker = _marker_in_text(page, "[1]")
        expect(key_marker).to_have_attribute("tabindex", "0", timeout=CLICK_TIMEOUT_MS)
        key_marker.focus()
        assert page.evaluate("document.activeElement.textContent.trim()") == "[1]"
        page.keyboard.press("Enter")
        page.wait_for_function(
            """(base) => [...document.querySelectorAll('[data-testid="stExpander"] strong')]
                 .some(s => s.textContent.trim() === "[1]" && getComputedStyle(s.closest('span') || s).backgroundColor !== base)""",
            arg=before["[1]"],
            timeout=CLICK_TIMEOUT_MS,
        )
        keyed = _source_badge_colours(page)
        assert [n for n in keyed if keyed[n] != before[n]] == ["[1]"], keyed  # only the source named by the key's marker
    finally:
        ctx.close()
