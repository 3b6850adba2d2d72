"""The Streamlit app, driven by AppTest: ask, see cited answers, follow up, abstain, rate, see insights.

Answers are rendered from their structure (``Answer.statements`` and ``Answer.citations``); the
tests read the rendered Markdown back only to check what a reader sees.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.feedback import FeedbackStore
from advisor.models import Answer, Citation, Statement
from advisor.render import readable_quote
from advisor.sales import SalesBrief, split_position
from advisor.settings import PROJECT_ROOT, Settings, load_settings
from ingest.index import ensure_index
from tests.conftest import CORPUS

VCIO = "Does my MSP's vCIO create a conflict of interest?"
BOTH = "Do I need both an MSP and a fractional CIO?"
FEEDBACK_DOWN = "Feedback can't be saved right now"
PUSHBACK = "If they push back"  # the sales profile's objection handling (app.PUSHBACK)


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, corpus_settings: Settings, embedder: Embedder, tmp_path: Path) -> str:
    ensure_index(corpus_settings, embedder)  # the shared session index (built once; None when it exists)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(corpus_settings.data_dir))
    db = f"sqlite:///{tmp_path / 'fb.db'}"
    monkeypatch.setenv("ADVISOR_DB_URL", db)
    monkeypatch.chdir(PROJECT_ROOT)
    return db


def _app() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)


def _operator(at: AppTest) -> AppTest:
    """An operator already signed in (the sign-in itself is tested on its own)."""
    at.session_state["operator_signed_in"] = True
    return at


def _plain(markdown: str) -> str:
    """What the reader sees of escaped Markdown text (escapes dropped)."""
    return markdown.replace("\\", "")


def _answer_md(at: AppTest) -> str:
    """The rendered answer of the last turn: the Markdown block holding its statements."""
    ans: Answer = at.session_state["messages"][-1]["answer"]
    first = " ".join(ans.statements[0].text.split())
    found = [m.value for m in at.markdown if first[:40] in _plain(m.value) and not m.value.startswith("> ")]  # not a quote
    assert found, f"the answer's first statement is not on the page: {first!r}"
    return found[-1]


def _assert_in_order(rendered: str, statements: list[Statement]) -> None:
    pos = -1
    plain = _plain(rendered)
    for s in statements:
        text = " ".join(s.text.split())
        at = plain.find(text, pos + 1)
        assert at > pos, f"statement missing or out of order: {text!r}"
        pos = at


def _elements(node: Any) -> list[Any]:
    """The page's elements in display order (depth first)."""
    out: list[Any] = []
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            out.extend(_elements(child))
    else:
        out.append(node)
    return out


def test_ask_follow_up_abstain_and_feedback_is_stored(app_env: str) -> None:
    at = _app().run()
    assert not at.exception
    at.chat_input[0].set_value(VCIO).run()
    assert not at.exception
    ans: Answer = at.session_state["messages"][-1]["answer"]
    rendered = _answer_md(at)
    assert "vCIO" in rendered
    # Statements show in the order the core gave them, each followed by the badges of its citations.
    _assert_in_order(rendered, ans.statements)
    for s in ans.statements:
        badges = "".join(f" :blue-background[**[{n}]**]" for n in s.citation_ids)
        assert " ".join(s.text.split()) + badges in _plain(rendered)
    assert any(s.citation_ids for s in ans.statements)
    assert any("Sources" in e.label for e in at.expander)
    at.chat_input[0].set_value("and how is it priced?").run()
    assert not at.exception
    at.chat_input[0].set_value("What is the capital of France?").run()
    assert "I can only answer from our published articles" in _answer_md(at)  # the refusal says it once: no second box repeating it
    assert not at.info
    rows = FeedbackStore(app_env).rows()
    assert len(rows) == 3 and rows[0]["abstained"] is True
    FeedbackStore(app_env).rate(rows[-1]["id"], 0, "too long")
    assert FeedbackStore(app_env).rows()[-1]["rating"] == 0


def test_lists_verdict_first_and_context_above_its_quote(app_env: str) -> None:
    """A real answer with a verdict, a list of items and an FAQ citation (its question shown as context)."""
    at = _app().run()
    at.chat_input[0].set_value(BOTH).run()
    assert not at.exception
    ans: Answer = at.session_state["messages"][-1]["answer"]
    assert ans.statements[0].kind in ("verdict", "correction"), "premise: the core answers this with a verdict first"
    items = [s for s in ans.statements if s.kind == "item"]
    with_context = [c for c in ans.citations if c.context]
    assert items and with_context, "premise: this answer has list items and a citation with context"
    rendered = _answer_md(at)
    _assert_in_order(rendered, ans.statements)
    body = _plain(rendered).removeprefix("**Our position**\n\n")  # the sales profile opens with its position: the verdict first
    assert body.startswith(" ".join(ans.statements[0].text.split())), "the verdict comes first"
    lines = _plain(rendered).splitlines()
    for s in items:
        assert any(line.lstrip().startswith("- " + " ".join(s.text.split())) for line in lines), f"item not rendered as a list entry: {s.text!r}"
    # The context (the FAQ question / list lead-in) sits just above the quote it frames.
    shown = _elements(at.expander[-1])
    for c in with_context:
        i = next(i for i, e in enumerate(shown) if e.type == "caption" and _plain(e.value) == " ".join(c.context.split()))
        assert shown[i + 1].type == "markdown" and shown[i + 1].value.startswith("> "), "the context is not directly above its quote"
        assert _plain(shown[i - 1].value).split("**")[1] == f"[{c.id}]", "the context belongs to another source"


def test_structured_answer_renders_as_text_and_markers_highlight_their_statements(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Statements and citations carry document text: it shows as text (no Markdown, HTML or colour tricks)."""
    crafted = Answer(
        question="What is in it?",
        statements=[
            Statement(text="Not quite: it is :red[two] things.", citation_ids=[1], kind="correction"),
            Statement(text="- The first <b>thing</b> **bold**", citation_ids=[1], kind="item"),
            Statement(text="The second $x$ thing [9]", citation_ids=[2], kind="item"),
            Statement(text="# Both matter.", citation_ids=[1, 2], kind="support"),
        ],
        citations=[
            Citation(id=1, title="Alpha <i>", source="alpha.md", chunk_id="a", quote="Two things:\n- one\n- two", context="What is in it?"),
            Citation(id=2, title="Beta", source="beta.md", chunk_id="b", quote="The second thing."),
        ],
    )
    monkeypatch.setattr(Advisor, "answer", lambda self, q, history=None, profile="website": crafted.model_copy(update={"question": q}))
    at = _app().run()
    at.chat_input[0].set_value("What is in it?").run()
    assert not at.exception
    md = _answer_md(at)
    assert md == (
        r"Not quite: it is :red\[two\] things. :blue-background[**[1]**]"
        "\n\n"
        r"- \- The first \<b\>thing\</b\> \*\*bold\*\* :blue-background[**[1]**]"
        "\n\n"  # an item of another source starts another list, with another bullet (two "-" lists would merge)
        r"* The second \$x\$ thing \[9\] :blue-background[**[2]**]"
        "\n\n"
        r"\# Both matter. :blue-background[**[1]**] :blue-background[**[2]**]"
    )
    # The quote keeps its lines; the context is shown above it.
    assert "> Two things:  \n> \\- one  \n> \\- two" in [m.value for m in at.markdown]  # not emphasised until selected
    assert any(c.value == "What is in it?" for c in at.caption)
    # Clicking marker [2] highlights exactly the statements it backs, and its source's badge.
    at.pills[0].set_value(2).run()
    md = _answer_md(at)
    assert r":orange-background[The second \$x\$ thing \[9\]] :blue-background[**[2]**]" in md
    assert r":orange-background[\# Both matter.]" in md
    assert ":orange-background[Not quite" not in md and r":orange-background[\- The first" not in md
    assert any(m.value.startswith(":orange-background[**[2]**] **Beta**") for m in at.markdown)
    assert any(m.value.startswith(":blue-background[**[1]**] **Alpha \\<i\\>**") for m in at.markdown)
    assert not any(c.value.startswith("Supports:") for c in at.caption), "no caption repeats the quote"
    assert "> :orange-background[The second thing.]" in [m.value for m in at.markdown]  # only the selected source's quote is emphasised
    assert "> Two things:  \n> \\- one  \n> \\- two" in [m.value for m in at.markdown]
    assert not any("alpha.md" in m.value or "beta.md" in m.value for m in at.markdown), "a source with no heading does not show its file name"


def _layout(at: AppTest) -> list[tuple[str, str]]:
    """The main area as the browser receives it: each element's type and what identifies it, in order."""
    return [(e.type, str(getattr(e, "value", "")) if e.type in ("markdown", "text", "caption", "html") else str(getattr(e.proto, "id", ""))) for e in _elements(at.main)]


def test_a_new_answer_renders_once_in_the_place_it_keeps_and_only_its_own_run_scrolls(app_env: str) -> None:
    """Issue 16: the streamed answer is replaced in its own slot, so the next run updates it in place
    (a different layout made the browser show the old copy below the new one until the run ended);
    the scroll-to-answer script comes only with the new answer, never with a marker click."""
    at = _app().run()
    at.chat_input[0].set_value(VCIO).run()
    assert not at.exception
    ans: Answer = at.session_state["messages"][-1]["answer"]
    first = " ".join(ans.statements[0].text.split())[:40]
    assert len([m for m in at.markdown if first in _plain(m.value) and not m.value.startswith("> ")]) == 1, "the answer is on the page once"
    answered = _layout(at)
    scrolls = [v for t, v in answered if t == "html" and "data-advisor-answer" in v]
    assert len(scrolls) == 1 and 'data-advisor-answer="1"' in scrolls[0], "the new answer (message 1) is scrolled into view"
    assert answered[-1] == ("html", scrolls[0]), "the scroll script comes last, after everything that changes the layout"
    assert sum(t == "html" and "__advisorMarkers" in v for t, v in answered) == 1, "one marker script per answer with citations"
    assert answered[:-1] == _layout(at.run()), "the same answer re-rendered from history has the same layout"
    at.pills[0].set_value(2).run()
    assert not any(t == "html" and "data-advisor-answer" in v for t, v in _layout(at)), "a marker click does not move the page"


def test_a_feedback_store_failure_keeps_the_page_working(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: FeedbackStore, ans: Answer, surface: str = "app") -> int:
        raise OperationalError("INSERT INTO interactions", {}, Exception("database is locked"))

    monkeypatch.setattr(FeedbackStore, "log_answer", broken)
    at = _app().run()
    at.chat_input[0].set_value(VCIO).run()
    assert not at.exception
    assert "vCIO" in _answer_md(at), "the answer is still shown"
    assert any(FEEDBACK_DOWN in c.value for c in at.caption), "a friendly note replaces the rating"
    assert not at.feedback, "no thumbs for an answer that could not be recorded"
    at.chat_input[0].set_value("and how is it priced?").run()
    assert not at.exception and len(at.session_state["messages"]) == 4


def test_insights_says_so_when_the_feedback_database_is_unreadable(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: FeedbackStore, limit: int = 5000) -> list[dict[str, Any]]:
        raise OperationalError("SELECT", {}, Exception("unable to open database file"))

    monkeypatch.setattr(FeedbackStore, "rows", broken)
    at = _operator(AppTest.from_file(str(PROJECT_ROOT / "pages/insights.py"), default_timeout=120)).run()
    assert not at.exception
    assert any("feedback database can't be read" in w.value for w in at.warning)


def test_first_run_builds_the_index(monkeypatch: pytest.MonkeyPatch, small_corpus: Path, tmp_path: Path, corpus_settings: Settings) -> None:
    """No index yet: the app builds it from the corpus (the core no longer ingests), then answers."""
    # The vector cache is seeded from the session's (its ~780 example questions), so the engine does not
    # spend ~3 s of CPU re-encoding them: what is tested is the index build; a cold cache: test_crash_safety.py.
    (tmp_path / "fresh").mkdir()
    shutil.copy(corpus_settings.vector_cache, tmp_path / "fresh" / corpus_settings.vector_cache.name)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "fresh"))
    monkeypatch.setenv("ADVISOR_CORPUS_DIR", str(small_corpus))
    monkeypatch.setenv("ADVISOR_DB_URL", f"sqlite:///{tmp_path / 'fb.db'}")
    monkeypatch.chdir(PROJECT_ROOT)
    at = _app().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("**Index:** 2 documents" in m.value for m in at.sidebar.markdown)


def test_insights_and_library_pages_render_without_exceptions(app_env: str) -> None:
    store = FeedbackStore(app_env)
    refusal = Answer(question="What is the capital of France?", statements=[Statement(text="no", kind="refusal")], abstained=True)
    i = store.log_answer(refusal, surface="app")
    store.rate(i, 0, "bad")
    for page in ("pages/insights.py", "pages/library.py"):
        at = _operator(AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=120)).run()
        assert not at.exception, page
    at = _operator(AppTest.from_file(str(PROJECT_ROOT / "pages/insights.py"), default_timeout=120)).run()
    assert any("capital of France" in str(df.value) for df in at.dataframe)
    library = _operator(AppTest.from_file(str(PROJECT_ROOT / "pages/library.py"), default_timeout=120)).run()
    assert any(len(df.value) >= 5 for df in library.dataframe), "the library lists the indexed documents"


def test_a_new_user_asks_reads_sources_rates_through_the_ui_and_finds_it_on_insights(app_env: str) -> None:
    at = _app().run()
    at.chat_input[0].set_value(VCIO).run()
    assert not at.exception
    ans: Answer = at.session_state["messages"][-1]["answer"]
    quotes = [m.value for m in at.markdown if m.value.startswith("> ")]
    pushbacks = at.session_state["messages"][-1]["sales"].objections  # the sales profile quotes their answers too
    assert len(quotes) == len(ans.citations) + len(pushbacks), "the sources list shows each quoted passage"
    # Clicking marker [1] highlights the statements it backs, and only those.
    at.pills[0].set_value(1).run()
    md = _answer_md(at)
    for s in ans.statements:
        head = " ".join(s.text.split())[:30]
        highlighted = any(part.startswith(head) for part in _plain(md).split(":orange-background[")[1:])
        assert highlighted == (1 in s.citation_ids), f"highlight wrong for {s.text!r}"
    assert not any("Supports:" in c.value for c in at.caption)
    # The thumb alone stores the rating (a visible "saved" state); a comment is optional, afterwards.
    at.feedback[0].set_value(0).run()
    row = FeedbackStore(app_env).rows()[0]
    assert row["rating"] == 0 and row["comment"] is None
    assert any("Rating saved" in c.value for c in at.caption)
    at.text_input(key="fbc-1").input("Missed the pricing angle")
    at.button(key="fbs-1").click().run()
    assert not at.exception
    row = FeedbackStore(app_env).rows()[0]
    assert row["rating"] == 0 and row["comment"] == "Missed the pricing angle"
    assert any("Comment saved" in c.value for c in at.caption)
    insights = _operator(AppTest.from_file(str(PROJECT_ROOT / "pages/insights.py"), default_timeout=120)).run()
    assert not insights.exception
    lowest = [df.value for df in insights.dataframe]
    assert any("vCIO" in str(v["question"].tolist()) and "Missed the pricing angle" in str(v.get("comment", "").tolist()) for v in lowest if "question" in v)


def test_operator_pages_are_locked_without_a_sign_in_and_open_with_the_passphrase(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    FeedbackStore(app_env).log_answer(Answer(question="Secret question from a visitor?", statements=[Statement(text="x")], abstained=True), surface="web")
    for page in ("pages/insights.py", "pages/library.py"):
        locked = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=120).run()
        assert not locked.exception and not locked.dataframe and not locked.button, page
        assert any("no operator sign-in is configured" in w.value for w in locked.warning)
    monkeypatch.setenv("ADVISOR_OPERATOR_SECRET", "correct horse")
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/insights.py"), default_timeout=120).run()
    assert not at.dataframe and "Secret question" not in str([m.value for m in at.markdown])
    at.text_input[0].input("wrong").run()
    at.button[0].click().run()
    assert any("not right" in e.value for e in at.error) and not at.dataframe
    at.text_input[0].input("correct horse")
    at.button[0].click().run()
    assert not at.exception
    assert any("Secret question" in str(df.value) for df in at.dataframe)
    lib = AppTest.from_file(str(PROJECT_ROOT / "pages/library.py"), default_timeout=120).run()
    assert not any(b.label == "Re-ingest corpus" for b in lib.button)


def test_profiles_render_differently_on_the_same_question(app_env: str) -> None:
    """Issue 16: sales shows its position, talking points, objection handling (pushbacks the articles
    themselves ask, answered by verbatim quotes with citations) and every supporting article; the
    website, asked the same question, is the short answer with a next step and none of that."""
    at = _app().run()
    at.chat_input[0].set_value(VCIO).run()
    assert not at.exception
    turn = at.session_state["messages"][-1]
    sales: Answer = turn["answer"]
    brief: SalesBrief = turn["sales"]
    assert sales.profile == "sales" and not sales.abstained
    rendered = _plain(_answer_md(at))
    position, points = split_position(sales)
    assert rendered.startswith("**Our position**\n\n" + " ".join(position[0].text.split())), "sales: the position first"
    assert points and "\n\n**Talking points**\n\n- " in rendered, "sales: talking points"
    assert rendered.count("\n- ") == len(points), "one bullet per talking point"
    # Objection handling: each pushback is an FAQ question of the articles, answered by its passage's
    # verbatim opening with a citation numbered after the answer's own.
    assert len(brief.objections) >= 2, "sales: objections a prospect raises on this topic"
    md = [m.value for m in at.markdown]
    assert sum(v.startswith(f"**{PUSHBACK}**") for v in md) == 1
    asked = {_plain(v) for v in md}
    captions = [_plain(c.value) for c in at.caption]
    cited_ids = {c.id for c in sales.citations}
    for o in brief.objections:
        c = o.citation
        assert o.question != VCIO and c.id not in cited_ids
        assert f"**They ask:** “{o.question}”" in asked
        assert c.quote in (CORPUS / c.source).read_text(encoding="utf-8"), "every objection answer is a verbatim quote of its article"
        quote_md = [v for v in md if v.startswith("> ") and v.endswith(f":blue-background[**[{c.id}]**]")]
        assert len(quote_md) == 1 and readable_quote(c.quote).splitlines()[0].split()[0] in quote_md[0], "the quote with its [n] badge"
        assert any(cap.startswith(f"[{c.id}] {c.title}") for cap in captions), "and the article it is cited from"
        assert at.button(key=f"read-1-{c.id}").label == "Read in article"
    articles = next(v for v in md if v.startswith("**Supporting articles**"))
    for title in {c.title for c in sales.citations + brief.citations}:
        assert title in _plain(articles), f"sales: every supporting article listed ({title})"
    at.radio(key="profile").set_value("website").run()
    at.chat_input[0].set_value(VCIO).run()
    assert not at.exception
    web_turn = at.session_state["messages"][-1]
    website: Answer = web_turn["answer"]
    assert website.profile == "website" and not website.abstained and web_turn["sales"] is None
    assert any(c.value.startswith("Next step:") for c in at.caption), "website: a next step"
    web_md = _answer_md(at)
    assert not web_md.startswith("**Our position**") and "**Talking points**" not in web_md, "website: the answer as it is"
    # Only the first (sales) turn has objection handling and supporting articles; the website turn adds none.
    md = [m.value for m in at.markdown]
    assert sum(v.startswith(f"**{PUSHBACK}**") for v in md) == 1 and sum(v.startswith("**Supporting articles**") for v in md) == 1
    assert sum(v.startswith("**They ask:**") for v in md) == len(brief.objections)


def test_the_conversation_survives_a_reload(app_env: str) -> None:
    at = _app().run()
    at.chat_input[0].set_value(VCIO).run()
    cid = at.query_params["c"]
    cid = cid[0] if isinstance(cid, list) else cid
    again = _app()
    again.query_params["c"] = cid
    again.run()
    assert not again.exception
    assert [m["content"] for m in again.session_state["messages"]][:1] == [VCIO]
    assert "vCIO" in _answer_md(again)


def test_document_markdown_images_and_html_in_quotes_are_inert_and_tables_read_as_text(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from markdown_it import MarkdownIt

    crafted = Answer(
        question="q",
        statements=[Statement(text="Pricing differs ![t](https://tracker.example/p.gif)", citation_ids=[1, 2])],
        citations=[
            Citation(id=1, title="T <img src=https://tracker.example/t.gif>", source="a.md", chunk_id="a", quote="See ![pixel](https://tracker.example/p.gif) <img src=https://tracker.example/q.gif> [x](javascript:alert(1))"),
            Citation(id=2, title="Costs", source="b.md", chunk_id="b", quote="| Pricing model | MSP $50 | fractional $5,000 |", heading="Comparison"),
        ],
    )
    monkeypatch.setattr(Advisor, "answer", lambda self, q, history=None, profile="website": crafted.model_copy(update={"question": q}))
    at = _app().run()
    at.chat_input[0].set_value("q").run()
    assert not at.exception
    rendered = "".join(MarkdownIt("commonmark").render(m.value) for m in at.markdown)
    assert "<img" not in rendered and "tracker.example/p.gif\"" not in rendered and 'href="javascript' not in rendered
    assert "> Pricing model: MSP $50; fractional $5,000".replace("$", "\\$") in [m.value for m in at.markdown]


def test_read_in_article_opens_the_document_at_the_quoted_passage(app_env: str) -> None:
    at = _app().run()
    at.chat_input[0].set_value(VCIO).run()
    ans: Answer = at.session_state["messages"][-1]["answer"]
    at.button(key=f"read-1-{ans.citations[0].id}").click().run()
    assert not at.exception
    assert any(c.value.startswith("Quoted passage") for c in at.caption), "the dialog opens with the quoted passage"
    first_line = readable_quote(ans.citations[0].quote).splitlines()[0].split()[0]
    assert any(m.value.startswith("> :orange-background[") and first_line in m.value for m in at.markdown)


def test_an_operator_unpublishes_a_document_in_the_library_and_the_website_stops_quoting_it(
    app_env: str, indexed: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Embedder
) -> None:
    settings = indexed(tmp_path / "private")  # a copy of the session index: publishing changes it
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(settings.data_dir))
    at = _operator(AppTest.from_file(str(PROJECT_ROOT / "pages/library.py"), default_timeout=180)).run()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "status" in df.value)
    assert set(table["status"]) == {"published"}
    doc = "msp-vs-fractional-it-executive.md"
    label = next(o for o in at.selectbox(key="publish-doc").options if o.startswith(str(table[table["doc_id"] == doc]["title"].iloc[0])))
    at.selectbox(key="publish-doc").set_value(label).run()
    at.button(key="publish-go").click().run()
    assert not at.exception and any(f"{doc} is now draft" in s.value for s in at.success)
    table = next(df.value for df in at.dataframe if "status" in df.value)
    assert table[table["doc_id"] == doc]["status"].iloc[0] == "draft"
    # The engine over that index: the website never cites the draft; sales may, labelled.
    from tests.conftest import ready

    adv = ready(Advisor(settings, embedder=embedder))
    q = "What are the core services of a well-run MSP?"
    assert all(c.source != doc for c in adv.answer(q, profile="website").citations)
    drafts = [c for c in adv.answer(q, profile="sales").citations if c.source == doc]
    assert all(c.status == "draft" for c in drafts)


def test_question_box_renders_before_the_engine_is_ready(app_env: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The engine loads in the background (issue 14): the page shows the question box without waiting for it, even when the load fails."""
    import ingest.index
    from advisor.errors import IndexNotReady

    def not_ready(*_: Any, **__: Any) -> None:
        raise IndexNotReady("No index yet.")

    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "fresh"))  # settings no cached engine was built for
    monkeypatch.setattr(ingest.index, "ensure_index", not_ready)
    at = _app().run()
    assert not at.exception
    assert len(at.chat_input) == 1
    assert any("No index yet." in e.value for e in at.error)


def test_the_launcher_s_engine_is_the_one_the_app_answers_with(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m advisor app`` starts building the engine with the server (issue 14); the app's first session takes it over instead of building another."""
    from advisor import warmup
    from advisor.settings import load_settings

    built: list[Advisor] = []
    real = warmup.build_engine

    def counted(settings: Settings) -> Advisor:
        built.append(real(settings))
        return built[-1]

    monkeypatch.setattr(warmup, "build_engine", counted)
    settings = load_settings()
    warmup.start(settings)
    at = _app().run()
    at.chat_input[0].set_value(VCIO).run()
    assert not at.exception
    assert at.session_state["messages"][-1]["answer"].citations
    assert len(built) == 1, "the app built a second engine instead of taking the launcher's"
    assert warmup.take(settings) is None, "handed over once"


_FIRST_ANSWER_IMPORTS = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
at.chat_input[0].set_value(sys.argv[2]).run()
assert not at.exception, at.exception
assert at.session_state["messages"][-1]["answer"].citations
heavy = ("pandas", "matplotlib") + (("torch", "sentence_transformers", "transformers") if sys.argv[3] == "onnx" else ())
print(sorted(m for m in heavy if m in sys.modules))
"""


def test_a_first_answer_in_a_fresh_process_imports_no_pandas_or_torch(app_env: str) -> None:
    """Issue 14: the first answer's page imports nothing heavy it does not use. ``st.write_stream`` imported pandas
    (~1 s here) on its first call to check for a dataframe; only the operator pages use pandas. A fresh process,
    because this test session has imported pandas long before."""
    encoder = load_settings().encoder  # torch is the reference backend's own dependency: checked on the default one
    out = subprocess.run([sys.executable, "-c", _FIRST_ANSWER_IMPORTS, str(PROJECT_ROOT / "app.py"), VCIO, encoder], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_sales_talking_points_nest_only_their_own_list_items(app_env: str) -> None:
    # A list's items sit under the point that introduces them; another passage's items are points of their own.
    from app import answer_markdown

    ans = Answer(
        question="q",
        profile="sales",
        statements=[
            Statement(text="Our position.", citation_ids=[1], kind="support"),
            Statement(text="The combined model in practice:", citation_ids=[2], kind="support"),
            Statement(text="MSP owns tickets", citation_ids=[2], kind="item"),
            Statement(text="Managed IT keeps the lights on", citation_ids=[3], kind="item"),
        ],
        citations=[Citation(id=n, title="t", source=f"{n}.md", chunk_id=str(n), quote="x") for n in (1, 2, 3)],
    )
    md = answer_markdown(ans, profile="sales")
    assert "\n  - MSP owns tickets" in md and "\n- Managed IT keeps the lights on" in md
