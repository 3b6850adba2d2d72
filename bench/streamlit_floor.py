"""The floor for the Streamlit benchmark: the least app with the same page shape (a title, the question box, one line in reply).

Why: "first answer ≤ 3 s after ``streamlit run`` starts" (issue 14) includes Streamlit's own server
start, its page and its first script run in Chromium; this app has none of Advisor's work, so the
two measured in the same run show what is ours and what no app on this machine can go under.
"""

import streamlit as st

st.title("Advisor")
question = st.chat_input("Ask about MSPs, fractional CIOs/CTOs, vCIOs…")
if question:
    with st.chat_message("assistant"):
        st.markdown("Sources (1)")
