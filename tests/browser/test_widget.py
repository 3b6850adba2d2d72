"""The website widget in a real browser: Debian's Chromium driven by Playwright, against
``python -m advisor serve`` started here on localhost (real model, real index, real SQLite).

The served corpus is the real one plus a poisoned article whose text carries HTML/JS payloads,
so "document text is rendered as text" is proven on a real quote, not on a mock.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from advisor.render import readable_quote
from advisor.settings import PROJECT_ROOT
from tests.conftest import Indexed, child_env
from tests.localserver import free_port, wait_until_ok

ARTIFACTS = PROJECT_ROOT / "artifacts"
VCIO = "Does my MSP's vCIO create a conflict of interest?"
BOTH = "Do I need both an MSP and a fractional CIO?"
POISON = (
    "---\ntitle: \"Roadmap cadence <script>window.__xss='title'</script>\"\n---\n"
    "# Quarterly roadmap reviews\n\n"
    "A quarterly roadmap review with the leadership team keeps the zebra-fleet telemetry program honest "
    "<img src=x onerror=\"window.__xss='quote'\"> and on budget ![pixel](/pixel.gif?md) <img src=\"/pixel.gif?html\">.\n"
)

TEE_STREAMS = """(() => {
    // Keep a copy of every chat stream the widget reads (a tee: the widget still reads it as it arrives).
    window.__streams = [];
    const fetch0 = window.fetch;
    window.fetch = async (...args) => {
        const res = await fetch0(...args);
        if (String(args[0]).endsWith('/api/chat/stream') && res.ok) {
            const i = window.__streams.push(null) - 1;
            res.clone().text().then(t => { window.__streams[i] = t; });
        }
        return res;
    };
})()"""


@dataclass(frozen=True)
class Served:
    base: str
    db: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, indexed: Indexed, encoder_env: dict[str, str]) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("served")
    corpus = root / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    (corpus / "zz-roadmap-cadence.md").write_text(POISON, encoding="utf-8")
    indexed(root / "data", corpus)  # the server opens this index (real corpus + the poisoned article)
    port = free_port()
    env = child_env(encoder_env, ADVISOR_DATA_DIR=str(root / "data"), ADVISOR_CORPUS_DIR=str(corpus), ADVISOR_RATE_LIMIT="200/minute")
    log = (root / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "serve", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ok(f"{base}/readyz", 180, proc)
        yield Served(base, root / "data" / "advisor.db")
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.add_init_script(TEE_STREAMS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _open(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.locator(".bubble").click()
    expect(page.locator("textarea")).to_be_focused()


def _ask(page: Page, question: str) -> None:
    before = page.locator("[data-testid=answer]").count()
    page.locator("textarea").fill(question)
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=answer]")).to_have_count(before + 1, timeout=60_000)


def _record_stream(page: Page) -> None:
    """Remember every partial text the streaming bubble showed, to prove the answer arrived in pieces."""
    page.evaluate(
        """() => {
        window.__partials = [];
        const log = document.querySelector('#advisor-widget').shadowRoot.querySelector('.log');
        new MutationObserver(recs => recs.forEach(r => {
            const live = r.target.closest ? r.target.closest('[data-testid=streaming]') : null;
            if (live) r.addedNodes.forEach(n => window.__partials.push(n.textContent));
        })).observe(log, {subtree: true, childList: true});
    }"""
    )


def _ask_and_capture_done(page: Page, question: str) -> dict:  # type: ignore[type-arg]
    """Ask through the widget and return the ``done`` event's payload the server streamed to it."""
    _ask(page, question)
    page.wait_for_function("window.__streams.length && window.__streams[window.__streams.length - 1] !== null")
    return _done_payload(page.evaluate("window.__streams[window.__streams.length - 1]"))


def _done_payload(body: str) -> dict:  # type: ignore[type-arg]
    for block in body.replace("\r\n", "\n").split("\n\n"):
        lines = block.split("\n")
        if "event: done" in lines:
            return json.loads("".join(line[5:].lstrip() for line in lines if line.startswith("data:")))
    raise AssertionError(f"no done event in the stream: {body[:300]!r}")


def _sse(events: list[tuple[str, object]]) -> str:
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)


def _marker_ids(statement: Locator) -> list[int]:
    """The marker links that follow a statement span, up to the next statement."""
    return statement.evaluate(
        """st => { const ids = []; let n = st.nextSibling;
        while (n && !(n.classList && n.classList.contains('st'))) {
            if (n.classList && n.classList.contains('marker')) ids.push(Number(n.textContent));
            n = n.nextSibling; }
        return ids; }"""
    )


def _assert_rendered_from_statements(answer: Locator, done: dict) -> None:  # type: ignore[type-arg]
    """The answer's DOM is the done event's statements, in order, each with links to its citations."""
    spans = answer.locator(".st")
    assert spans.all_text_contents() == [s["text"] for s in done["statements"]]
    for i, s in enumerate(done["statements"]):
        span = spans.nth(i)
        assert _marker_ids(span) == s["citation_ids"], f"markers of statement {i}"
        in_list = span.evaluate("st => st.parentElement.tagName === 'LI' && st.parentElement.parentElement.tagName === 'UL'")
        assert in_list == (s["kind"] == "item"), f"statement {i} ({s['kind']}) list placement"
    assert answer.locator(".sources li").count() == len(done["citations"])


def test_vcio_question_streams_a_cited_answer_and_follow_up_works(page: Page, server: Served, corpus_sources: dict[str, str]) -> None:
    _open(page, server.base)
    _record_stream(page)
    done = _ask_and_capture_done(page, VCIO)
    answer = page.locator("[data-testid=answer]").last
    expect(answer.locator("a.marker").first).to_be_visible()
    _assert_rendered_from_statements(answer, done)
    quotes = answer.locator(".sources blockquote").all_text_contents()
    assert quotes == [readable_quote(c["quote"]) for c in done["citations"]]  # table rows read as text, never pipes
    assert all("|" not in q for q in quotes)
    assert all(any(c["quote"] in text for text in corpus_sources.values()) for c in done["citations"])
    partials = [p for p in page.evaluate("window.__partials") if p and p != "\u2026"]
    assert partials, "no partial answer text was shown while streaming"
    # A marker leads to its source: clicking it highlights that source entry and the statements it backs.
    # Sources start collapsed behind "N sources ▾"; the answer's start (its question) is in view, not its bottom.
    expect(answer.locator(".sources")).to_be_hidden()
    expect(answer.locator(".srctoggle")).to_have_text(f"{len(done['citations'])} sources \u25be" if len(done["citations"]) > 1 else "1 source \u25be")
    assert page.evaluate(
        "() => { const log = document.querySelector('#advisor-widget').shadowRoot.querySelector('.log');"
        " const q = [...log.querySelectorAll('.msg.user')].pop(); return q.offsetTop >= log.scrollTop && q.offsetTop < log.scrollTop + log.clientHeight; }"
    ), "the new answer's question is not in view"
    marker = answer.locator("a.marker").first
    n = int(marker.inner_text())
    marker.click()
    expect(answer.locator(".sources")).to_be_visible()
    expect(answer.locator(".srctoggle")).to_have_attribute("aria-expanded", "true")
    expect(answer.locator(".sources li.flash")).to_have_count(1)
    expect(answer.locator(".sources li.flash")).to_have_attribute("id", (marker.get_attribute("href") or "")[1:])
    expect(answer.locator(".sources li.flash .n")).to_have_text(f"[{n}]")
    expect(answer.locator(".st.flash")).to_have_count(sum(n in s["citation_ids"] for s in done["statements"]))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-answer.png"))
    # Every source links to Advisor's page of its article, opened at the cited passage, highlighted.
    cited = done["citations"][n - 1]
    link = answer.locator(".sources li.flash a.article")
    with page.context.expect_page() as opened:
        link.click()
    article = opened.value
    article.wait_for_load_state()
    target = article.locator(".passage:target")
    expect(target).to_have_attribute("id", cited["chunk_id"])
    assert target.evaluate("t => getComputedStyle(t).backgroundColor") == "rgb(255, 243, 196)"
    assert target.evaluate("t => { const r = t.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"), "the passage is scrolled into view"
    article.screenshot(path=str(ARTIFACTS / "article.png"))
    article.close()
    # Rating it stores the rating against this answer in the server's database.
    answer.get_by_role("button", name="Yes, helpful").click()
    expect(answer.get_by_role("button", name="Yes, helpful")).to_have_attribute("aria-pressed", "true")
    with sqlite3.connect(server.db) as db:
        rows = db.execute("SELECT question, rating, surface FROM interactions WHERE rating IS NOT NULL").fetchall()
    assert (VCIO, 1, "web") in rows

    _ask(page, "And what would a fractional CIO cost instead?")
    follow = page.locator("[data-testid=answer]").last
    assert "abstained" not in (follow.get_attribute("class") or "")
    assert follow.locator(".sources blockquote").count() >= 1
    assert any(ch.isdigit() for ch in follow.inner_text()), "the cost follow-up should carry figures from the articles"

    # The conversation survives a reload (page session) and "Start over" clears it.
    page.reload()
    expect(page.locator("[data-testid=answer]")).to_have_count(2)
    page.locator(".restart").click()
    expect(page.locator("[data-testid=answer]")).to_have_count(0)
    expect(page.locator(".msg.user")).to_have_count(0)


def test_a_list_answer_shows_items_and_the_context_of_its_quotes(page: Page, server: Served) -> None:
    _open(page, server.base)
    done = _ask_and_capture_done(page, BOTH)
    answer = page.locator("[data-testid=answer]").last
    assert any(s["kind"] == "item" for s in done["statements"]), "premise: the answer lists items"
    assert any(c["context"] for c in done["citations"]), "premise: a citation carries context"
    _assert_rendered_from_statements(answer, done)
    assert answer.locator("ul > li > .st").count() == sum(s["kind"] == "item" for s in done["statements"])
    for c in done["citations"]:
        li = answer.locator(f".sources li:nth-child({done['citations'].index(c) + 1})")
        if c["context"]:
            expect(li.locator(".ctx")).to_have_text(c["context"])
            assert li.evaluate("li => li.querySelector('.ctx').nextElementSibling.tagName") == "BLOCKQUOTE", "the context sits above its quote"
        else:
            expect(li.locator(".ctx")).to_have_count(0)


def test_the_answer_is_built_from_statements_not_from_the_answer_text(page: Page, server: Served) -> None:
    """A stubbed stream: tokens show while streaming, then the done event's structure replaces them.

    The answer text carries markers that disagree with the statements, and every text field carries
    HTML: the DOM must follow the statements and show all of it as text.
    """
    statements = [
        {"text": "Not quite: <b>both</b> exist.", "citation_ids": [2], "kind": "correction"},
        {"text": "<img src=x onerror=\"window.__xss='statement'\"> first item [7]", "citation_ids": [1], "kind": "item"},
        {"text": "second item", "citation_ids": [1, 2], "kind": "item"},
        {"text": "A closing line with no source.", "citation_ids": [], "kind": "support"},
    ]
    citations = [
        {
            "id": 1,
            "title": "Alpha <script>window.__xss='t'</script>",
            "source": "a.md",
            "url": "javascript:alert(1)",
            "chunk_id": "a",
            "quote": "one\ntwo",
            "heading": "",
            "context": "<i>Do you need both?</i>",
        },
        {"id": 2, "title": "Beta", "source": "b.md", "url": "https://example.test/b", "chunk_id": "b", "quote": "Both.", "heading": "FAQ", "context": ""},
    ]
    done = {
        "question": "q",
        "answer": "IGNORED TEXT [1] [2] [3]",
        "abstained": False,
        "citations": citations,
        "statements": statements,
        "backend": "extractive",
        "notice": "",
        "latency_ms": 1.0,
        "interaction_id": None,
    }

    def stub(route: Route) -> None:
        body = _sse([("token", {"text": "Streaming "}), ("token", {"text": "text…"}), ("done", done)])
        route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=body)

    page.route("**/api/chat/stream", stub)
    _open(page, server.base)
    _record_stream(page)
    _ask(page, "What about both?")
    answer = page.locator("[data-testid=answer]").last
    assert "Streaming text…" in page.evaluate("window.__partials"), "the streamed tokens were shown"
    expect(page.locator("[data-testid=streaming]")).to_have_count(0)
    assert "IGNORED" not in answer.inner_text() and "[3]" not in answer.inner_text()
    _assert_rendered_from_statements(answer, done)
    # Correction first as a paragraph, then the two items as one list, then the closing paragraph.
    tags = answer.evaluate("a => [...a.children].map(c => c.tagName + (c.className ? '.' + c.className : ''))")
    assert tags[:5] == ["P", "UL", "P", "DIV.srcbar", "OL.sources"], tags
    expect(answer.locator(".st").nth(1)).to_have_text(statements[1]["text"])  # "[7]" stays text: no marker parsing
    expect(answer.locator(".sources li").first.locator(".ctx")).to_have_text("<i>Do you need both?</i>")
    expect(answer.locator(".sources li").first.locator(".t")).to_have_text(citations[0]["title"])
    assert answer.locator(".sources li").first.locator("a.t").count() == 0, "a javascript: URL is not linked"
    assert answer.locator("a[href^='javascript']").count() == 0
    expect(answer.locator(".sources li").first.locator("a.article")).to_have_attribute("href", server.base + "/articles/a.md#a")
    expect(answer.locator(".sources li").nth(1).locator("a.t")).to_have_attribute("href", "https://example.test/b")
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelector('#advisor-widget').shadowRoot.querySelectorAll('img, script, b, i').length") == 0
    # Keyboard: Tab to a marker, Enter moves focus to its source and highlights what it backs.
    marker = answer.locator("a.marker").nth(2)  # statement 3's first marker: [1]
    marker.focus()
    page.keyboard.press("Enter")
    src = answer.locator(".sources li").first
    expect(src).to_be_focused()
    expect(src).to_have_class("flash")
    expect(answer.locator(".st.flash")).to_have_text([statements[1]["text"], statements[2]["text"]])
    # Selecting another source moves the emphasis: only the selected one stays marked.
    answer.locator("a.marker").first.click()  # statement 1's marker: [2]
    expect(answer.locator(".sources li.flash")).to_have_count(1)
    expect(answer.locator(".sources li.flash .n")).to_have_text("[2]")
    expect(answer.locator(".st.flash")).to_have_text([statements[0]["text"], statements[2]["text"]])
    expect(marker).to_have_attribute("aria-label", "Source 1: " + citations[0]["title"])


def test_two_lists_from_two_passages_show_as_two_lists(page: Page, server: Served) -> None:
    # A list with its lead-in, then another passage's list: the second one's items are not more of the first's.
    statements = [
        {"text": "That work includes:", "citation_ids": [1], "kind": "support"},
        {"text": "A roadmap", "citation_ids": [1], "kind": "item"},
        {"text": "Board reporting", "citation_ids": [1], "kind": "item"},
        {"text": "Managed IT keeps the lights on.", "citation_ids": [2], "kind": "item"},
    ]
    citations = [
        {"id": 1, "title": "A", "source": "a.md", "url": None, "chunk_id": "a", "quote": "That work includes:", "heading": "", "context": ""},
        {"id": 2, "title": "B", "source": "b.md", "url": None, "chunk_id": "b", "quote": "Managed IT keeps the lights on.", "heading": "", "context": ""},
    ]
    done = {"question": "q", "answer": "x", "abstained": False, "citations": citations, "statements": statements, "backend": "extractive", "notice": "", "latency_ms": 1.0, "interaction_id": None}
    page.route("**/api/chat/stream", lambda route: route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=_sse([("done", done)])))
    _open(page, server.base)
    _ask(page, "What is it?")
    answer = page.locator("[data-testid=answer]").last
    expect(answer.locator("ul")).to_have_count(2)
    expect(answer.locator("ul").nth(1).locator("li")).to_have_count(1)


def test_html_in_questions_and_in_documents_is_shown_as_text(page: Page, server: Served) -> None:
    pixels: list[str] = []
    page.route("**/pixel.gif*", lambda r: (pixels.append(r.request.url), r.fulfill(status=200, body=b"GIF89a"))[-1])
    _open(page, server.base)
    payload = "<img src=x onerror=\"window.__xss='question'\"><script>window.__xss='script'</script> What does an MSP do?"
    _ask(page, payload)
    expect(page.locator(".msg.user").last).to_have_text(payload)
    _ask(page, "How often should we hold a quarterly roadmap review for the zebra-fleet telemetry program?")
    poisoned = page.locator("[data-testid=answer]").last
    # ingest drops the image's non-http(s) src (issue 15); the rest of the tag is shown as text
    expect(poisoned.locator(".sources")).to_contain_text("<img onerror=")
    expect(poisoned.locator(".sources")).to_contain_text("<script>window.__xss='title'</script>")
    poisoned.locator(".srctoggle").click()
    # ingest also drops the Markdown image's relative URL (only http/https/mailto survive): its alt text stays
    expect(poisoned.locator(".sources")).to_contain_text("on budget pixel")
    expect(poisoned.locator(".sources")).not_to_contain_text("/pixel.gif?md")
    # The article page shows the same document markup as text too, and loads nothing.
    href = poisoned.locator("a.article").first.get_attribute("href") or ""
    article = page.context.new_page()
    article.route("**/pixel.gif*", lambda r: (pixels.append(r.request.url), r.fulfill(status=200, body=b"GIF89a"))[-1])
    article.goto(href)
    expect(article.locator(".passage:target")).to_contain_text("on budget pixel <img>.")  # the dropped src (issue 15) leaves the tag, as text
    assert article.locator("img").count() == 0
    article.close()
    page.wait_for_timeout(300)
    assert not pixels, f"a document image was loaded: {pixels}"
    assert page.evaluate("window.__xss") is None, "an HTML payload executed"
    assert page.evaluate("document.querySelector('#advisor-widget').shadowRoot.querySelectorAll('img, script').length") == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-xss.png"))


def test_rate_limit_and_outage_get_friendly_messages(page: Page, server: Served) -> None:
    _open(page, server.base)
    page.route(
        "**/api/chat/stream",
        lambda r: r.fulfill(status=429, headers={"Retry-After": "3", "Content-Type": "application/json"}, body='{"error":"rate_limited","message":"x"}'),
    )
    _ask(page, VCIO)
    err = page.locator(".msg.bot.error").last
    expect(err).to_contain_text("Please wait 3 seconds")
    send = page.get_by_role("button", name="Send")
    page.locator("textarea").fill("next question")
    expect(send).to_be_disabled()
    expect(err.locator(".countdown")).to_have_text("1", timeout=4_000)  # a live countdown, not a fixed number
    expect(send).to_be_enabled(timeout=4_000)
    expect(err).to_contain_text("You can ask again now")
    page.unroute("**/api/chat/stream")
    page.route("**/api/chat/stream", lambda r: r.abort())
    _ask(page, VCIO)
    expect(page.locator(".msg.bot.error").last).to_contain_text("unavailable right now")
    page.unroute("**/api/chat/stream")
    page.locator(".msg.bot.error").last.get_by_role("button", name="Retry").click()  # keeps the question: nothing to retype
    answer = page.locator("[data-testid=answer]").last
    expect(answer.locator(".srctoggle")).to_be_visible(timeout=60_000)
    expect(page.locator(".msg.user").last).to_have_text(VCIO)
    answer.locator(".srctoggle").click()
    expect(answer.locator(".sources blockquote").first).to_be_visible()


def test_keyboard_only_use(page: Page, server: Served) -> None:
    page.goto(server.base + "/")
    page.locator(".bubble").focus()
    page.keyboard.press("Enter")
    expect(page.locator("textarea")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    expect(page.locator(".bubble")).to_be_focused()
    expect(page.locator(".bubble")).to_have_attribute("aria-expanded", "false")


def test_fills_a_phone_screen(browser: Browser, server: Served) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    pg.goto(server.base + "/")
    pg.locator(".bubble").click()
    box = pg.locator(".panel").bounding_box()
    assert box is not None and box["width"] >= 385 and box["height"] >= 800
    # A proper modal: aria-modal, focus cycles inside, Esc returns it to the bubble; the hint names no keys.
    expect(pg.locator(".panel")).to_have_attribute("aria-modal", "true")
    for _ in range(8):
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.querySelector('#advisor-widget').shadowRoot.activeElement.closest('.panel') !== null"), "focus left the modal"
    assert "Enter" not in pg.locator(".hint").inner_text() and "Esc" not in pg.locator(".hint").inner_text()
    assert pg.locator("textarea").evaluate("t => getComputedStyle(t).fontSize") == "16px"  # no iOS zoom on focus
    _ask(pg, VCIO)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "widget-mobile.png"))
    pg.keyboard.press("Escape")
    expect(pg.locator(".bubble")).to_be_focused()
    ctx.close()


def test_the_question_box_grows_and_shows_the_limit_instead_of_cutting(page: Page, server: Served) -> None:
    _open(page, server.base)
    box = page.locator("textarea")
    h0 = box.evaluate("t => t.offsetHeight")
    box.fill("one\ntwo\nthree")
    assert box.evaluate("t => t.offsetHeight") > h0, "the input did not grow with its lines"
    box.fill("\n".join(str(i) for i in range(40)))
    assert box.evaluate("t => t.offsetHeight") < 200, "the input grows only to a few lines, then scrolls"
    expect(page.locator(".count")).to_have_text("109 / 2000")
    long = "Does my MSP's vCIO create a conflict of interest? " * 45
    box.fill(long)
    expect(page.locator(".count")).to_contain_text("too long")
    expect(page.get_by_role("button", name="Send")).to_be_disabled()
    page.keyboard.press("Enter")
    assert box.input_value() == long, "the pasted text was cut or cleared"
    expect(page.locator(".msg.user")).to_have_count(0)


def test_host_page_styles_do_not_reach_the_widget_and_data_attributes_theme_it(page: Page, server: Served) -> None:
    host = (
        "<!doctype html><html><head><style>* { color: red !important; font-size: 40px !important; background: yellow !important }</style></head>"
        '<body><p>Host page</p><script src="/widget.js" data-accent="#0a7d5a" data-theme="dark" data-position="left" data-title="Ask us"></script></body></html>'
    )
    page.route("**/host-page", lambda r: r.fulfill(status=200, content_type="text/html", body=host))
    page.goto(server.base + "/host-page")
    bubble = page.locator(".bubble")
    expect(bubble).to_have_text("Ask us")
    style = bubble.evaluate("b => { const s = getComputedStyle(b); return [s.color, s.backgroundColor, s.fontSize]; }")
    assert style == ["rgb(255, 255, 255)", "rgb(10, 125, 90)", "15px"], style
    bb = bubble.bounding_box()
    assert bb is not None and bb["x"] < 100, "data-position=left puts the bubble on the left"
    bubble.click()
    hi = page.locator(".msg.bot").first
    assert hi.evaluate("m => getComputedStyle(m).color") == "rgb(232, 236, 241)"  # dark theme text, not the host's red


@pytest.fixture(scope="module")
def corpus_sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "corpus").glob("*.md")}
