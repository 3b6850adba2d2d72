"""Advisor's Streamlit app: the sales-enablement assistant and chat (the README's main job).

A thin surface: it collects the question, calls the core ``Advisor.answer`` and renders the
Answer; domain errors become ``st.error`` messages with what to do.
"""

from __future__ import annotations

import re

import streamlit as st

from advisor.citations import split_statements
from advisor.engine import Advisor
from advisor.errors import AdvisorError
from advisor.feedback import FeedbackStore
from advisor.models import Answer, Message
from advisor.settings import Settings, load_settings

st.set_page_config(page_title="Advisor", page_icon="💬", layout="wide")


@st.cache_resource(show_spinner="Loading the model and opening the index (first run ingests the corpus)…")
def _engine_for(settings: Settings) -> Advisor:
    advisor = Advisor(settings)
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


STARTERS = [
    "Does my MSP's vCIO create a conflict of interest?",
    "Do I need both an MSP and a fractional CIO?",
    "What does each cost?",
    "The prospect says their MSP already gives them a vCIO. How do I respond?",
]


def render_answer(ans: Answer, key: str) -> None:
    """Answer text with [n] badges; click a marker to highlight its sentence and quote; sources below."""
    picked: int | None = st.session_state.get(f"pick-{key}")  # the marker pills below, read before they render
    st.markdown(_answer_markdown(ans.text, picked))
    if ans.citations:
        st.pills(
            "Click a marker to highlight the sentence it backs and its source",
            [c.id for c in ans.citations],
            format_func=lambda n: f"[{n}]",
            key=f"pick-{key}",
        )
    if ans.notice:
        st.caption(ans.notice)
    if ans.abstained:
        st.info("Advisor answers only from the firm's articles. Try one of the suggested questions in the sidebar.")
    if ans.citations:
        supports = _sentences_by_citation(ans.text)
        with st.expander(f"Sources ({len(ans.citations)})", expanded=True):
            for c in ans.citations:
                badge = ":orange-background" if c.id == picked else ":blue-background"
                link = f" · [open source]({c.url})" if c.url else ""
                st.markdown(f"{badge}[**[{c.id}]**] **{_escape_md(c.title)}**  \n_{_escape_md(c.heading or c.source)}_ · `{c.source}`{link}")
                st.markdown(f"> :orange-background[{_escape_md(c.quote)}]")
                if supports.get(c.id):
                    st.caption("Supports: " + " / ".join(f"“{_escape_md(t)}”" for t in supports[c.id]))


def _sentences_by_citation(text: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for st_ in split_statements(text):
        for n in st_.cites:
            out.setdefault(n, []).append(st_.text if len(st_.text) <= 240 else st_.text[:237] + "…")
    return out


def _answer_markdown(text: str, picked: int | None) -> str:
    """Escaped answer; the statements citing the picked source get a highlight."""
    if picked is None:
        return _mark_citations(_escape_md(text)).replace("\n", "  \n")
    parts = []
    for st_ in split_statements(text):
        body = _escape_md(st_.text)
        marks = "".join(f" :blue-background[**[{n}]**]" for n in st_.cites)
        parts.append(f":orange-background[{body}]{marks}" if picked in st_.cites else f"{body}{marks}")
    return " ".join(parts)


_MARKER = re.compile(r"\[(\d+)\]")


def _mark_citations(text: str) -> str:
    """Show each [n] as the same coloured badge its source carries below, so sentence and source pair up."""
    return _MARKER.sub(lambda m: f":blue-background[**[{m.group(1)}]**]", text)


_MD_SPECIAL = re.compile(r"([\\`*_{}<>#|~$])")


def _escape_md(text: str) -> str:
    """Render user and document text as text: no HTML, no Markdown tricks (brackets kept for [n])."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n\\- ", "\n- ")


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
            st.write_stream(_stream_words(_escape_md(ans.text)))
            interaction = feedback_store().log_answer(ans, surface="app")
        st.session_state.messages.append({"role": "user", "content": question})
        st.session_state.messages.append({"role": "assistant", "content": ans.text, "answer": ans, "interaction": interaction})
        st.rerun()


def _stream_words(text: str):  # type: ignore[no-untyped-def]
    for word in text.split(" "):
        yield word + " "


def feedback_widget(m: dict, i: int) -> None:  # type: ignore[type-arg]
    rating = st.feedback("thumbs", key=f"fb-{i}")
    if rating is not None:
        comment = st.text_input("Comment (optional)", key=f"fbc-{i}", placeholder="What was missing or wrong?")
        if st.button("Save feedback", key=f"fbs-{i}"):
            feedback_store().rate(m["interaction"], rating, comment)
            st.toast("Thanks — feedback saved.")


chat = st.Page(chat_page, title="Chat", icon=":material/chat:", default=True)
insights = st.Page("pages/insights.py", title="Insights", icon=":material/insights:")
library = st.Page("pages/library.py", title="Library", icon=":material/library_books:")
st.navigation([chat, insights, library]).run()
