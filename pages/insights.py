"""Insights: abstained questions, lowest-rated answers, most-asked topics, over time; CSV export."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from advisor.feedback import FeedbackStore
from advisor.settings import load_settings

st.title("Insights")
try:
    rows = FeedbackStore(load_settings().resolved_db_url).rows()
except Exception as exc:  # an unreachable or broken feedback database is a message, not a crash
    logging.getLogger("advisor.app").warning("feedback store unavailable: %s: %s", type(exc).__name__, exc)
    st.warning("The feedback database can't be read right now, so there are no insights to show. Check ADVISOR_DB_URL and try again.")
    st.stop()
if not rows:
    st.info("No questions asked yet. Ask something on the Chat page and it will show up here.")
    st.stop()
df = pd.DataFrame(rows)
df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Questions", len(df))
c2.metric("Not covered (abstained)", int(df["abstained"].sum()))
rated = df[df["rating"].notna()]
c3.metric("Rated", len(rated))
c4.metric("Rated helpful", f"{(rated['rating'].mean() * 100):.0f}%" if len(rated) else "—")

st.subheader("Questions per day")
per_day = (
    df.set_index("created_at").resample("D").agg({"question": "count", "abstained": "sum"}).rename(columns={"question": "asked", "abstained": "not covered"})
)
st.bar_chart(per_day)

st.subheader("Not covered by the articles")
st.dataframe(df[df["abstained"]][["created_at", "surface", "profile", "question"]], hide_index=True, use_container_width=True)

st.subheader("Lowest-rated answers")
st.dataframe(
    rated.sort_values(["rating", "created_at"])[["created_at", "surface", "rating", "question", "answer", "comment"]].head(50),
    hide_index=True,
    use_container_width=True,
)

st.subheader("Most-asked topics")
topics = df[~df["abstained"]]["topic"].value_counts().head(15).rename_axis("topic").reset_index(name="questions")
st.bar_chart(topics, x="topic", y="questions", horizontal=True)

st.download_button("Export all as CSV", df.to_csv(index=False).encode("utf-8"), "advisor-insights.csv", "text/csv")
