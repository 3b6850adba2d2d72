"""Advisor's Streamlit app: the sales-enablement assistant and chat (the README's main job).

A thin surface: it collects the question, calls the core ``Advisor.answer`` and renders the
Answer; domain errors become ``st.error`` messages with what to do.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from typing import TYPE_CHECKING, Any

import streamlit as st

from advisor.article import document_passages
from advisor.errors import AdvisorError
from advisor.models import Answer, Citation, Message, Statement
from advisor.passage import Passage
from advisor.render import another_passage, markdown_blocks, readable_quote, safe_url
from advisor.sales import SalesBrief, brief_for, split_position, supporting_articles
from advisor.settings import Settings, load_settings
from app_scripts import enable_marker_clicks, scroll_to_answer

if TYPE_CHECKING:  # the engine (Chroma, BM25, the encoder) and the feedback DB (SQLAlchemy) load in the background: see _start_loading
    from advisor.engine import Advisor
    from advisor.feedback import FeedbackStore

log = logging.getLogger("advisor.app")

st.set_page_config(page_title="Advisor", page_icon="💬", layout="wide")


#: Files ingest reads (the README's "Adding documents"); counted only to say what a first start is doing.
CORPUS_SUFFIXES = (".md", ".txt", ".html", ".pdf")
#: What the website profile suggests after an answer (the widget's visitors have no salesperson beside them).
NEXT_STEP = "Next step: book a 30-minute call with an advisor to talk through your situation."


def _first_start_message(settings: Settings) -> str:
    n = sum(1 for p in settings.corpus_dir.glob("**/*") if p.suffix.lower() in CORPUS_SUFFIXES) if settings.corpus_dir.is_dir() else 0
    return f"Loading the model and opening the index (a first start ingests {n} documents from the corpus — about a minute)…"


@st.cache_resource(show_spinner=False)
def _engine_for(settings: Settings) -> Advisor:
    """The engine ``python -m advisor app`` started building with the server, or (``streamlit run app.py``) one built now."""
    from advisor import warmup  # the engine's imports (~1 s) only here, off the first page's path

    return warmup.take(settings) or warmup.build_engine(settings)


@st.cache_resource(show_spinner=False)
def _start_loading(settings: Settings) -> threading.Thread:
    """Collect the engine and open the feedback DB in a worker thread once per process, as the first script run starts.

    Why: the first page needs neither, so the title and the question box render at once and the
    first question waits only for what is left of the load (issue 14: first answer ≤ 3 s after
    the app is started). ``st.cache_resource`` locks per key, so ``engine()`` on the script thread
    waits for this same build instead of starting a second one; a failure is not cached, so
    ``engine()`` retries it and shows the error the usual way.
    """

    def load() -> None:
        try:
            _engine_for(settings)
            _store_for(settings.resolved_db_url)
        except Exception as exc:  # reported by engine()/log_answer on the script thread, where the user sees it
            log.info("background load failed (retried on use): %s: %s", type(exc).__name__, exc)

    thread = threading.Thread(target=load, name="advisor-warmup", daemon=True)
    thread.start()
    return thread


def engine() -> Advisor:
    """One engine per distinct settings (cached across reruns and sessions)."""
    settings = load_settings()
    with st.spinner(_first_start_message(settings), show_time=True):
        return _engine_for(settings)


@st.cache_resource
def _conversations() -> dict[str, list[dict[str, Any]]]:
    """Conversations by an unguessable id kept in the URL (?c=…), so a page reload finds its conversation again."""
    return {}


def conversation() -> list[dict[str, Any]]:
    cid = st.query_params.get("c")
    if not cid or not re.fullmatch(r"[0-9a-f]{32}", cid):
        cid = uuid.uuid4().hex
        st.query_params["c"] = cid
    messages = _conversations().setdefault(cid, [])
    st.session_state.messages = messages
    return messages


@st.cache_resource
def _store_for(url: str) -> FeedbackStore:
    from advisor.feedback import FeedbackStore  # SQLAlchemy (~0.4 s): loaded by _start_loading's thread, not the first page

    return FeedbackStore(url)


def feedback_store() -> FeedbackStore:
    return _store_for(load_settings().resolved_db_url)


FEEDBACK_DOWN = "Feedback can't be saved right now (the feedback database is unavailable). Answers still work."


def log_answer(ans: Answer) -> int | None:
    """Record the answer for Insights and rating; None when the feedback store fails (the answer shows a note instead of thumbs)."""
    try:
        return feedback_store().log_answer(ans, surface="app")
    except Exception as exc:  # the store is optional to answering: any failure (driver, disk, URL) costs the rating, not the page
        log.warning("feedback store unavailable: %s: %s", type(exc).__name__, exc)
        return None


STARTERS = [
    "Does my MSP's vCIO create a conflict of interest?",
    "Do I need both an MSP and a fractional CIO?",
    "What does each cost?",
    "The prospect says their MSP already gives them a vCIO. How do I respond?",
]


def render_answer(ans: Answer, key: str, brief: SalesBrief | None = None) -> None:
    """The statements with [n] badges; a marker highlights the statements it backs and its source (only that one); sources below.

    A new answer and the same answer re-rendered from history on the next run go through here
    alike, so their elements keep their positions and Streamlit updates them in place (a different
    layout showed the old copy below the new one until the run ended). ``brief``: the sales view
    (objection handling, supporting articles), built once when the answer was given and kept with it.
    """
    picked: int | None = st.session_state.get(f"pick-{key}")  # the marker pills below, read before they render
    st.markdown(answer_markdown(ans, picked, profile=ans.profile))
    if ans.citations:
        # The [n] in the text click these pills (app_scripts): the pills hold the selection and still work without the script.
        st.pills(
            "Click a marker, in the text or here, to highlight the sentences it backs and its source",
            [c.id for c in ans.citations],
            format_func=lambda n: f"[{n}]",
            key=f"pick-{key}",
        )
        enable_marker_clicks()
    if ans.notice:
        st.caption(_escape_md(ans.notice))
    if ans.profile == "website" and not ans.abstained:  # a refusal already says what it can answer and suggests questions
        st.caption(NEXT_STEP)
    if ans.profile == "sales" and brief is not None and brief.objections:
        render_objections(brief, key)
    if ans.citations:
        with st.expander(f"Sources ({len(ans.citations)})", expanded=True):
            for c in ans.citations:
                render_source(c, picked, key)
        if ans.profile == "sales":
            articles = brief.articles if brief is not None and brief.articles else supporting_articles(ans.citations)
            st.markdown("**Supporting articles**  \n" + "  \n".join(_article_md(a.title, a.url, a.status) for a in articles))


#: The heading of the sales profile's objection handling (the browser test and the README name it).
PUSHBACK = "If they push back"


def render_objections(brief: SalesBrief, key: str) -> None:
    """Each objection (an FAQ question of the articles), the article's verbatim answer, and its citation."""
    with st.container(border=True):
        st.markdown(f"**{PUSHBACK}** — what prospects ask, answered in our articles' own words")
        for o in brief.objections:
            c = o.citation
            st.markdown(f"**They ask:** “{_escape_md(o.question)}”")
            st.markdown(_quote_markdown(readable_quote(c.quote)) + _badges([c.id]))
            section = c.heading.split(" > ")[-1] if c.heading else ""
            where = f" · {_escape_md(section)}" if section and section != o.question else ""
            draft = " · Draft: internal only" if c.status == "draft" else ""
            cols = st.columns([4, 1])
            cols[0].caption(f"[{c.id}] {_escape_md(c.title)}{where}{draft}")
            if cols[1].button("Read in article", key=f"read-{key}-{c.id}", icon=":material/article:"):
                show_article(c.source, c.chunk_id, c.title)


def _article_md(title: str, url: str | None, status: str) -> str:
    link = safe_url(url)
    name = f"[{_escape_md(title)}]({link})" if link and link.startswith(("https://", "http://")) else _escape_md(title)
    return f"- {name}" + (" (draft: internal only)" if status == "draft" else "")


def render_source(c: Citation, picked: int | None, key: str) -> None:
    """One source: number, title, section (no file name), context, the readable quote, and where to read it."""
    badge = ":orange-background" if c.id == picked else ":blue-background"
    where = f"  \n_{_escape_md(c.heading)}_" if c.heading else ""
    draft = " :orange-badge[Draft: internal only]" if c.status == "draft" else ""
    st.markdown(f"{badge}[**[{c.id}]**] **{_escape_md(c.title)}**{draft}{where}")
    if c.context:
        st.caption(_escape_md(c.context))
    st.markdown(_quote_markdown(readable_quote(c.quote), highlight=c.id == picked))
    cols = st.columns([1, 1, 3])
    if cols[0].button("Read in article", key=f"read-{key}-{c.id}", icon=":material/article:"):
        show_article(c.source, c.chunk_id, c.title)
    url = safe_url(c.url)
    if url and url.startswith(("https://", "http://")):
        cols[1].link_button("Original", url, icon=":material/open_in_new:")


@st.dialog("Article", width="large")
def show_article(doc_id: str, chunk_id: str, title: str) -> None:
    """The cited document, readable: the quoted passage first, then the whole article with it highlighted."""
    passages = document_passages(engine().runtime.current().passages, doc_id)
    st.subheader(_escape_md(title))
    if passages and passages[0].publisher:
        st.caption(f"Published by {_escape_md(passages[0].publisher)}")
    if passages and passages[0].status == "draft":
        st.warning("Draft: not published, so the website and FAQ pages never quote it.")
    if not passages:
        st.warning("This article is no longer in the index (it may have been removed by a re-ingest).")
        return
    cited = next((p for p in passages if p.id == chunk_id), None)
    if cited is not None:  # a dialog cannot scroll to an anchor, so the cited passage opens it
        with st.container(border=True):
            st.caption("Quoted passage" + (f" · {_escape_md(cited.section)}" if cited.section else ""))
            st.markdown(_quote_markdown(_passage_text(cited), highlight=True))
        st.markdown("**The whole article** (the quoted passage is highlighted where it stands)")
    section = None
    for p in passages:
        if p.section != section:
            section = p.section
            if section:
                st.markdown(f"##### {_escape_md(section)}")
        text = _passage_text(p)
        if p.id == chunk_id:
            st.markdown(_quote_markdown(text, highlight=True))
        else:
            st.markdown("  \n".join(_escape_md(line) for line in text.splitlines() if line.strip()))


def _passage_text(p: Passage) -> str:
    return readable_quote(p.readable()) if p.kind == "table_row" else p.readable()


def _quote_markdown(quote: str, highlight: bool = False) -> str:
    """The quote as a blockquote, its lines kept (a quoted list stays a list of lines); highlighted only when selected."""
    lines = [_escape_md(line) for line in quote.splitlines() if line.strip()]
    return "  \n".join(f"> :orange-background[{line}]" if highlight else f"> {line}" for line in lines)


def _badges(ids: list[int]) -> str:
    return "".join(f" :blue-background[**[{n}]**]" for n in ids)


def answer_markdown(ans: Answer, picked: int | None = None, profile: str = "") -> str:
    """The answer's Markdown, statement by statement in order: runs of items are one list, the rest paragraphs.

    Each statement is escaped text followed by badges for its citations; the statements citing
    ``picked`` are highlighted. For the sales profile the answer is split
    (:func:`advisor.sales.split_position`) into **Our position** (the ruling and the lead statement,
    a paragraph) and **Talking points** (every other statement, one bullet each: a point a
    salesperson can say in one breath).
    """
    if profile == "sales" and not ans.abstained:
        position, points = split_position(ans)
        pieces = ["**Our position**\n\n"]
        pieces += [("" if n == 0 else " ") + _statement_md(s, picked) for n, s in enumerate(position)]
        if points:
            pieces.append("\n\n**Talking points**\n\n")
            # A list's items sit under the talking point that introduces them ("The combined model in practice:").
            # Another passage's items are talking points of their own, not more of the list above (advisor.render.blocks' rule).
            nested = [s.kind == "item" and n > 0 and not another_passage(points[n - 1], s) for n, s in enumerate(points)]
            pieces += [("" if n == 0 else "\n") + ("  - " if nested[n] else "- ") + _statement_md(s, picked) for n, s in enumerate(points)]
        return "".join(pieces)
    return markdown_blocks(ans.statements, lambda s: _statement_md(s, picked))


def _statement_md(s: Statement, picked: int | None) -> str:
    body = _escape_md(s.text)
    if picked is not None and picked in s.citation_ids:
        body = f":orange-background[{body}]"
    return body + _badges(s.citation_ids)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
_MD_LEAD = re.compile(r"^(\d*)([-+>=.)])")


def _escape_md(text: str) -> str:
    """Render user and document text as one line of text: no HTML, no Markdown or colour-directive tricks, no list/heading start."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LEAD.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def chat_page() -> None:
    try:
        settings = load_settings()
        _start_loading(settings)
    except AdvisorError as exc:
        st.error(f"{exc} {exc.hint}")
        st.stop()
    st.title("Advisor")
    st.caption("Answers about MSPs, fractional CIOs/CTOs and vCIOs — only from the firm's articles, with the exact passages quoted.")
    # Asked for before the engine is ready (it loads in the background): the box is docked at the
    # bottom whatever the call order, so a user can type while the engine finishes loading.
    limit = settings.max_question_chars
    question = st.chat_input(f"Ask about MSPs, fractional CIOs/CTOs, vCIOs… (up to {limit:,} characters)", max_chars=limit)
    try:
        advisor = engine()
    except AdvisorError as exc:
        st.error(f"{exc} {exc.hint}")
        st.stop()
    profiles = advisor.profiles()
    with st.sidebar:
        st.subheader("Settings")
        profile = st.radio(
            "Profile", profiles, index=profiles.index("sales") if "sales" in profiles else 0, format_func=lambda p: advisor.profile(p).label, key="profile"
        )
        st.caption(advisor.profile(profile).description)
        if st.button("New conversation", icon=":material/restart_alt:", use_container_width=True):
            st.query_params.pop("c", None)
            st.rerun()
        st.divider()
        status = advisor.status()
        st.markdown(f"**Backend:** `{status['backend']}`")
        if status.get("index_ready"):
            st.markdown(f"**Index:** {status['documents']} documents, {status['chunks']} chunks")
        else:
            st.error(f"Index not ready: {status.get('error', '')}")
        st.divider()
        st.markdown("**Try asking**")
        for q in STARTERS:
            if st.button(q, key=f"starter-{q}", use_container_width=True):
                st.session_state.pending = q
    messages = conversation()
    for i, m in enumerate(messages):
        with st.chat_message(m["role"]):
            if m["role"] == "user":
                st.text(m["content"])
            else:
                render_answer(m["answer"], key=str(i), brief=m.get("sales"))
                feedback_widget(m, i)
    question = question or st.session_state.pop("pending", None)
    if question:
        history = [Message(role=m["role"], content=m["content"]) for m in messages]
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            try:
                ans = advisor.answer(question, history, profile)
            except AdvisorError as exc:
                st.error(f"{exc} {exc.hint}".strip())
                return
            # Rendered at once, not streamed: the answer is complete here (~20 ms), and st.write_stream's
            # first call imports pandas (~1 s on this machine) to check for a dataframe.
            brief = sales_brief(advisor, ans)
            messages.append({"role": "user", "content": question})
            turn = {"role": "assistant", "content": ans.text, "answer": ans, "interaction": None, "sales": brief}
            messages.append(turn)
            try:
                render_answer(ans, key=str(len(messages) - 1), brief=brief)
            finally:
                # Recorded after the sources are on screen: on a first answer the feedback DB may still be
                # opening in the background (SQLAlchemy's import, ~0.5 s here), and only the thumbs need it.
                # In ``finally``: a rerun (a click while the sources render) stops the script mid-way, and the
                # turn must still be recorded, or it would show "feedback can't be saved" from then on.
                turn["interaction"] = log_answer(ans)
            feedback_widget(turn, len(messages) - 1)
            scroll_to_answer(len(messages) - 1)


def sales_brief(advisor: Advisor, ans: Answer) -> SalesBrief | None:
    """The sales view of a sales answer (objection handling), built once and kept with the turn; None elsewhere.

    Optional to the answer: if it cannot be built (the index was swapped mid-way), the answer shows without it.
    """
    if ans.profile != "sales" or ans.abstained:
        return None
    try:
        return brief_for(advisor, ans)
    except AdvisorError as exc:
        log.warning("sales view unavailable: %s", exc)
        return None


def _save_rating(m: dict[str, Any], i: int) -> None:
    """Store the thumb as soon as it is clicked (a comment is optional, afterwards)."""
    rating = st.session_state.get(f"fb-{i}")
    if rating is None:
        return
    m["saved"] = _store_rating(m["interaction"], rating, None)


def _save_comment(m: dict[str, Any], i: int) -> None:
    rating = st.session_state.get(f"fb-{i}")
    comment = (st.session_state.get(f"fbc-{i}") or "").strip()
    if rating is not None and comment:
        m["saved"] = _store_rating(m["interaction"], rating, comment)
        m["comment_saved"] = m["saved"] == "saved"


def _store_rating(interaction: int, rating: int, comment: str | None) -> str:
    try:
        return "saved" if feedback_store().rate(interaction, rating, comment) else "missing"
    except Exception as exc:  # as in log_answer: a store failure is reported, not raised
        log.warning("feedback store unavailable: %s: %s", type(exc).__name__, exc)
        return "down"


def feedback_widget(m: dict[str, Any], i: int) -> None:
    if m.get("interaction") is None:
        st.caption(FEEDBACK_DOWN)
        return
    st.feedback("thumbs", key=f"fb-{i}", on_change=_save_rating, args=(m, i))
    state = m.get("saved")
    if state == "saved":
        st.caption("✓ Comment saved — thank you." if m.get("comment_saved") else "✓ Rating saved. Add a comment if you like (optional).")
        if not m.get("comment_saved"):
            with st.form(f"fbf-{i}", border=False):
                st.text_input("Comment (optional)", key=f"fbc-{i}", placeholder="What was missing or wrong?")
                st.form_submit_button("Save comment", on_click=_save_comment, args=(m, i), key=f"fbs-{i}")
    elif state == "down":
        st.warning(FEEDBACK_DOWN, icon=":material/cloud_off:")
    elif state == "missing":
        st.warning("That answer is no longer in the feedback database, so the rating was not saved.")


chat = st.Page(chat_page, title="Chat", icon=":material/chat:", default=True)
insights = st.Page("pages/insights.py", title="Insights", icon=":material/insights:")
library = st.Page("pages/library.py", title="Library", icon=":material/library_books:")
st.navigation([chat, insights, library]).run()
