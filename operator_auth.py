"""Operator sign-in for the Streamlit app: who may re-ingest, upload, and read Insights.

Anyone who reaches the app may chat; changing what the website quotes or reading what others
asked needs an operator. Where the firm configured an identity provider (an ``[auth]`` section in
``.streamlit/secrets.toml``) Streamlit's own ``st.login`` is used; otherwise a passphrase from
settings (``ADVISOR_OPERATOR_SECRET``), compared in constant time. With neither, operator pages
stay locked: a fresh install is closed by default, not open.
"""

from __future__ import annotations

import hmac

import streamlit as st

from advisor.settings import Settings

_SIGNED_IN = "operator_signed_in"


def _identity_provider() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answering "no"
        return False


def secret_matches(given: str, settings: Settings) -> bool:
    """True when ``given`` is the configured operator passphrase (never true when none is set)."""
    expected = settings.operator_secret.get_secret_value() if settings.operator_secret else ""
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_operator(settings: Settings, what: str) -> None:
    """Stop the page unless an operator is signed in; show how to sign in instead."""
    if _identity_provider():
        if not st.user.is_logged_in:
            st.info(f"{what} is for operators. Sign in to continue.")
            st.button("Sign in", on_click=st.login, icon=":material/login:")
            st.stop()
        st.sidebar.button("Sign out", on_click=st.logout, icon=":material/logout:")
        return
    if st.session_state.get(_SIGNED_IN):
        if st.sidebar.button("Sign out", icon=":material/logout:", key="operator-sign-out"):
            st.session_state[_SIGNED_IN] = False
            st.rerun()
        return
    if settings.operator_secret is None:
        st.warning(f"{what} is for operators, and no operator sign-in is configured. Set ADVISOR_OPERATOR_SECRET (or configure st.login) and restart.")
        st.stop()
    with st.form("operator-sign-in"):
        st.markdown(f"**{what} is for operators.** Anyone may chat; re-ingesting, uploading and reading what others asked need the operator passphrase.")
        given = st.text_input("Operator passphrase", type="password")
        if st.form_submit_button("Sign in", icon=":material/login:"):
            if secret_matches(given, settings):
                st.session_state[_SIGNED_IN] = True
                st.rerun()
            st.error("That passphrase is not right.")
    st.stop()
