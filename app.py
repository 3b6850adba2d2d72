"""Advisor's Streamlit app: the sales-enablement assistant and chat (the README's main job).

A thin surface: it collects the question, calls the core ``Advisor.answer`` and renders the
Answer; domain errors become ``st.error`` messages with what to do.
"""

from __future__ import annotations

import logging
import re

import streamlit as st

from advisor.engine import Advisor
from advisor.errors import AdvisorError
from advisor.feedback import FeedbackStore
from advisor.models import Answer, Message
from advisor.settings import Settings, load_settings
from ingest.index import ensure_index

log = logging.getLogger("advisor.app")

st.set_page_config(page_title="Advisor", page_icon="💬", layout="wide")


@st.cache_resource(show_spinner="Loading the model and opening the index (first run ingests the corpus)…")
def _engine_for(settings: Settings) -> Advisor:
    advisor = Advisor(settings)
    # The core never ingests: on first run (no index served yet) this surface builds it.
    ensure_index(advisor.settings, advisor.embedder, advisor.store)  # type: ignore[arg-type]
    advisor.ensure_ready()
    return advisor


def engine() -> Advisor:
    """One engine per distinct settings (cached across reruns and sessions)."""
    return _engine_for(load_settings())


@st.cache_resource
def _store_for(url: str) -> FeedbackStore:
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


def render_answer(ans: Answer, key: str) -> None:
    """The statements with [n] badges; click a marker to highlight the statements it backs and its quote; sources below."""
    picked: int | None = st.session_state.get(f"pick-{key}")  # the marker pills below, read before they render
    st.markdown(answer_markdown(ans, picked))
    if ans.citations:
        st.pills(
            "Click a marker to highlight the sentence it backs and its source",
            [c.id for c in ans.citations],
            format_func=lambda n: f"[{n}]",
            key=f"pick-{key}",
        )
    if ans.notice:
        st.caption(_escape_md(ans.notice))
    if ans.abstained:
        st.info("Advisor answers only from the firm's articles. Try one of the suggested questions in the sidebar.")
    if ans.citations:
        supports = statements_by_citation(ans)
        with st.expander(f"Sources ({len(ans.citations)})", expanded=True):
            for c in ans.citations:
                badge = ":orange-background" if c.id == picked else ":blue-background"
                link = f" · [open source]({c.url})" if c.url and c.url.startswith(("https://", "http://")) else ""
                st.markdown(f"{badge}[**[{c.id}]**] **{_escape_md(c.title)}**  \n_{_escape_md(c.heading or c.source)}_ · `{c.source.replace('`', '')}`{link}")
                if c.context:
                    st.caption(_escape_md(c.context))
                st.markdown(_quote_markdown(c.quote))
                if supports.get(c.id):
                    st.caption("Supports: " + " / ".join(f"“{_escape_md(t)}”" for t in supports[c.id]))


def statements_by_citation(ans: Answer) -> dict[int, list[str]]:
    """For each citation id, the statements it backs (shortened), in answer order."""
    out: dict[int, list[str]] = {}
    for s in ans.statements:
        text = " ".join(s.text.split())
        for n in s.citation_ids:
            out.setdefault(n, []).append(text if len(text) <= 240 else text[:237] + "…")
    return out


def _quote_markdown(quote: str) -> str:
    """The verbatim quote as a highlighted blockquote, its lines kept (a quoted list stays a list of lines)."""
    lines = [_escape_md(line) for line in quote.splitlines() if line.strip()]
    return "  \n".join(f"> :orange-background[{line}]" for line in lines)


def _badges(ids: list[int]) -> str:
    return "".join(f" :blue-background[**[{n}]**]" for n in ids)


def answer_pieces(ans: Answer, picked: int | None = None) -> list[str]:
    """The answer's Markdown, one piece per statement in order; joined, runs of items are one list, the rest paragraphs.

    Each statement is escaped text followed by badges for its citations; the statements citing
    ``picked`` are highlighted. A piece carries the separator before it.
    """
    out: list[str] = []
    prev: bool | None = None
    for s in ans.statements:
        body = _escape_md(s.text)
        if picked is not None and picked in s.citation_ids:
            body = f":orange-background[{body}]"
        is_item = s.kind == "item"
        sep = "" if prev is None else ("\n" if is_item else " ") if prev == is_item else "\n\n"
        out.append(sep + ("- " if is_item else "") + body + _badges(s.citation_ids))
        prev = is_item
    return out


def answer_markdown(ans: Answer, picked: int | None = None) -> str:
    return "".join(answer_pieces(ans, picked))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
_MD_LEAD = re.compile(r"^(\d*)([-+>=.)])")


def _escape_md(text: str) -> str:
    """Render user and document text as one line of text: no HTML, no Markdown or colour-directive tricks, no list/heading start."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LEAD.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def chat_page() -> None:
    st.title("Advisor")
    st.caption("Answers about MSPs, fractional CIOs/CTOs and vCIOs — only from the firm's articles, with the exact passages quoted.")
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
            st.session_state.messages = []
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
    st.session_state.setdefault("messages", [])
    for i, m in enumerate(st.session_state.messages):
        with st.chat_message(m["role"]):
            if m["role"] == "user":
                st.text(m["content"])
            else:
                render_answer(m["answer"], key=str(i))
                feedback_widget(m, i)
    question = st.chat_input("Ask about MSPs, fractional CIOs/CTOs, vCIOs…")
    question = question or st.session_state.pop("pending", None)
    if question:
        history = [Message(role=m["role"], content=m["content"]) for m in st.session_state.messages]
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            try:
                ans = advisor.answer(question, history, profile)
            except AdvisorError as exc:
                st.error(f"{exc} {exc.hint}".strip())
                return
            st.write_stream(iter(answer_pieces(ans)))  # statement by statement: no badge or highlight is cut in half
            interaction = log_answer(ans)
        st.session_state.messages.append({"role": "user", "content": question})
        st.session_state.messages.append({"role": "assistant", "content": ans.text, "answer": ans, "interaction": interaction})
        st.rerun()


def feedback_widget(m: dict, i: int) -> None:  # type: ignore[type-arg]
    if m.get("interaction") is None:
        st.caption(FEEDBACK_DOWN)
        return
    rating = st.feedback("thumbs", key=f"fb-{i}")
    if rating is not None:
        comment = st.text_input("Comment (optional)", key=f"fbc-{i}", placeholder="What was missing or wrong?")
        if st.button("Save feedback", key=f"fbs-{i}"):
            try:
                saved = feedback_store().rate(m["interaction"], rating, comment)
            except Exception as exc:  # as in log_answer: a store failure is reported, not raised
                log.warning("feedback store unavailable: %s: %s", type(exc).__name__, exc)
                st.warning(FEEDBACK_DOWN, icon=":material/cloud_off:")
                return
            if saved:
                st.toast("Thanks — feedback saved.")
            else:
                st.warning("That answer is no longer in the feedback database, so the rating was not saved.")


chat = st.Page(chat_page, title="Chat", icon=":material/chat:", default=True)
insights = st.Page("pages/insights.py", title="Insights", icon=":material/insights:")
library = st.Page("pages/library.py", title="Library", icon=":material/library_books:")
st.navigation([chat, insights, library]).run()
