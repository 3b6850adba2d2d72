"""Insights (operators only): what people asked, what the articles do not cover, how answers were rated; CSV export."""

from __future__ import annotations

import json
import logging

import pandas as pd
import streamlit as st

from advisor.feedback import FeedbackStore
from advisor.settings import load_settings
from operator_auth import require_operator

st.title("Insights")
settings = load_settings()
require_operator(settings, "Insights (what people asked)")
try:
    rows = FeedbackStore(settings.resolved_db_url).rows()
except Exception as exc:  # an unreachable or broken feedback database is a message, not a crash
    logging.getLogger("advisor.app").warning("feedback store unavailable: %s: %s", type(exc).__name__, exc)
    st.warning("The feedback database can't be read right now, so there are no insights to show. Check ADVISOR_DB_URL and try again.")
    st.stop()
if not rows:
    st.info("No questions asked yet. Ask something on the Chat page and it will show up here.")
    st.stop()


def topic_label(citations_json: str) -> str:
    """What an answer was about, readable: the first source's title and its section, never a cut heading."""
    try:
        cites = json.loads(citations_json or "[]")
    except ValueError:
        return ""
    if not cites:
        return ""
    section = str(cites[0].get("heading") or "").split(" > ")[-1]
    return f"{cites[0].get('title', '')} — {section}" if section else str(cites[0].get("title", ""))


df = pd.DataFrame(rows)
df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
df["topic"] = df["citations"].map(topic_label)
df["rating"] = df["rating"].map({1: "👍", 0: "👎"}).fillna("")

with st.container(border=True):
    f1, f2 = st.columns(2)
    surfaces = sorted(df["surface"].dropna().unique())
    chosen = f1.multiselect("Surface", surfaces, default=surfaces)
    first, last = df["created_at"].min().date(), df["created_at"].max().date()
    span = f2.date_input("Dates", (first, last), min_value=first, max_value=last)
start, end = (span if isinstance(span, tuple) and len(span) == 2 else (first, last))
view = df[df["surface"].isin(chosen) & (df["created_at"].dt.date >= start) & (df["created_at"].dt.date <= end)]
if view.empty:
    st.info("No questions match these filters.")
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric("Questions", len(view))
c2.metric("Not covered", int(view["abstained"].sum()))
c3.metric("👍", int((view["rating"] == "👍").sum()))
c4.metric("👎", int((view["rating"] == "👎").sum()))

st.subheader("Questions per day")
per_day = (
    view.set_index("created_at")
    .resample("D")
    .agg({"question": "count", "abstained": "sum"})
    .rename(columns={"question": "asked", "abstained": "not covered"})
)
# Side by side, not stacked: "not covered" is a part of "asked", stacking would count it twice.
st.bar_chart(per_day, stack=False, color=["#1f4e79", "#f2a900"])

st.subheader("Not covered by the articles")
st.dataframe(view[view["abstained"]][["created_at", "surface", "profile", "question"]], hide_index=True, width="stretch")

st.subheader("Ratings and comments")
rated = view[view["rating"] != ""]
st.dataframe(
    rated.sort_values(["rating", "created_at"], ascending=[False, False])[["created_at", "surface", "rating", "comment", "question", "answer"]].head(200),
    hide_index=True,
    width="stretch",
)

st.subheader("Most-asked topics")
topics = view[~view["abstained"] & (view["topic"] != "")]["topic"].value_counts().head(15).rename_axis("topic").reset_index(name="questions")
st.dataframe(topics, hide_index=True, width="stretch")

st.download_button("Export as CSV", view.drop(columns=["citations"]).to_csv(index=False).encode("utf-8"), "advisor-insights.csv", "text/csv")
