"""Library: documents in the index, chunk counts, last ingest, and a re-ingest button."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from advisor.embeddings import embedder_for
from advisor.errors import AdvisorError
from advisor.settings import load_settings
from advisor.store import open_store, read_all
from ingest.index import ensure_index, sync_index

st.title("Library")
settings = load_settings()
st.caption(f"Corpus folder: `{settings.corpus_dir}` — drop .md, .txt, .html or .pdf files there, then re-ingest.")
embedder = embedder_for(settings)
try:
    store = open_store(settings, embedder)
    with st.spinner("First run: building the index from the corpus…"):
        built = ensure_index(settings, embedder, store)  # the core never ingests; None when an index is already served
    if built is not None:
        st.success(built.summary())
    info = store.pointer_info()
    if info.get("ingested_at"):
        st.markdown(f"**Last ingest:** {datetime.fromtimestamp(float(info['ingested_at']), UTC):%Y-%m-%d %H:%M UTC}")
    metas = read_all(store.active(), ["metadatas"])["metadatas"]
    df = pd.DataFrame(metas)
    if len(df):
        table = (
            df.groupby(["doc_id", "title"])
            .agg(chunks=("kind", "size"), tables=("kind", lambda k: int((k == "table_row").sum())), faq=("kind", lambda k: int((k == "faq").sum())))
            .reset_index()
        )
        st.dataframe(table, hide_index=True, use_container_width=True)
except AdvisorError as exc:
    st.warning(f"{exc} {exc.hint}")

if st.button("Re-ingest corpus", icon=":material/sync:"):
    bar = st.progress(0.0, text="Reading the corpus…")

    def progress(msg: str) -> None:
        try:
            done, total = msg.split()[1].split("/")
            bar.progress(int(done) / max(int(total), 1), text=msg)
        except (IndexError, ValueError):
            bar.progress(0.5, text=msg)

    try:
        report = sync_index(settings, embedder, progress=progress)
        bar.progress(1.0, text="Done")
        st.code(report.summary())
        if report.skipped:
            st.warning(f"{len(report.skipped)} file(s) skipped — see the reasons above.")
        st.cache_resource.clear()
    except AdvisorError as exc:
        st.error(f"{exc} {exc.hint}")
