"""Library: documents in the index, chunk counts, last ingest; upload documents and re-ingest (operators only)."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from advisor.embeddings import embedder_for
from advisor.errors import AdvisorError, IngestError
from advisor.records import read_all
from advisor.settings import load_settings
from advisor.store import open_store
from ingest.index import IngestReport, discover, ensure_index, parse_progress, sync_index
from ingest.load import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, Status, load_document
from ingest.publish import set_status
from operator_auth import require_operator

st.title("Library")
settings = load_settings()
require_operator(settings, "The Library")
st.caption(f"Corpus folder: `{settings.corpus_dir}` — upload .md, .txt, .html or .pdf files below (or drop them into the folder), then re-ingest.")
embedder = embedder_for(settings)


def _render_report(report: IngestReport) -> None:
    """The ingest report as sentences, the skipped files as a list with their reasons."""
    d = report
    st.markdown(
        f"**Documents:** {len(d.docs_added)} added, {len(d.docs_updated)} updated, {len(d.docs_deleted)} deleted, "
        f"{len(d.docs_unchanged)} unchanged, {len(d.skipped)} skipped.  \n"
        f"**Passages:** {d.chunks_embedded} embedded, {d.chunks_reused} reused, {d.chunks_removed} removed — {d.chunks_total} in the index.  \n"
        + ("A new index is being served." if d.wrote else "Nothing changed, so the index was left as it was.")
        + f" ({d.seconds:.1f} s)"
    )
    if d.skipped:
        st.warning("Skipped files:  \n" + "  \n".join(f"- `{path}` — {reason}" for path, reason in sorted(d.skipped.items())))


def _publishing(table: pd.DataFrame) -> None:
    """Publish or unpublish one document: the website and FAQ pages quote published documents only."""
    st.subheader("Publish")
    done = st.session_state.pop("published_msg", None)
    if done:
        st.success(done)
    docs = {f"{row.title} ({row.status})": (row.doc_id, row.status) for row in table.itertuples()}
    label = st.selectbox("Document", list(docs), key="publish-doc", disabled=bool(st.session_state.get("ingesting")))
    if label is None:
        return
    doc_id, status = docs[label]
    target: Status = "draft" if status == "published" else "published"
    verb = "Unpublish (draft: sales only)" if target == "draft" else "Publish (website, FAQ and sales)"
    if st.button(verb, key="publish-go", disabled=bool(st.session_state.get("ingesting"))):
        try:
            with st.spinner("Applying…"):
                set_status(settings, embedder, doc_id, target, store=store)
        except AdvisorError as exc:
            st.error(f"{exc} {exc.hint}")
            return
        st.session_state.published_msg = f"{doc_id} is now {target}."
        st.rerun()  # the table above shows the new status


#: The share of the progress bar for reading the documents; the rest is for storing their passages.
READ_SHARE = 0.2


def _ingest() -> None:
    """Run an ingest with real progress: the documents it reads, then the passages it stores (copied or embedded)."""
    try:
        n_docs = len(discover(settings.corpus_dir))
        with st.status(f"Re-ingesting {n_docs} documents…", expanded=True) as box:
            bar = st.progress(0.0, text=f"Reading {n_docs} documents…")

            def progress(msg: str) -> None:
                got = parse_progress(msg)
                if got is None:
                    return
                what, done, total = got
                share = min(done / max(total, 1), 1.0)
                if what == "documents":
                    bar.progress(READ_SHARE * share, text=f"Reading documents: {done} of {total}")
                else:
                    bar.progress(READ_SHARE + (1 - READ_SHARE) * share, text=f"{n_docs} documents read · passages stored: {done} of {total}")

            report = sync_index(settings, embedder, progress=progress)
            outcome = f"{report.chunks_total} passages in the new index" if report.wrote else "nothing changed"
            bar.progress(1.0, text=f"{n_docs} documents read · {outcome}")
            box.update(label="Ingest finished", state="complete" if not report.skipped else "error", expanded=False)
        st.session_state.last_report = report
        st.cache_resource.clear()  # the chat page's engine reloads the new generation
    except AdvisorError as exc:
        st.session_state.last_error = f"{exc} {exc.hint}".strip()


def _start() -> None:
    st.session_state.ingesting = True


def _save_upload(name: str, data: bytes) -> str | None:
    """Validate an uploaded file exactly as ingest would, then write it into the corpus atomically; the reason when refused."""
    safe = Path(name).name
    if not safe or safe.startswith("."):
        return "the file name is not allowed"
    if Path(safe).suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type {Path(safe).suffix or '(none)'}"
    if len(data) > MAX_FILE_BYTES:
        return f"file larger than {MAX_FILE_BYTES // 1_000_000} MB"
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / safe
        probe.write_bytes(data)
        try:
            load_document(probe, Path(tmp))
        except IngestError as exc:
            return str(exc)
    target = settings.corpus_dir / safe
    part = target.with_name(f".{safe}.upload")
    part.write_bytes(data)
    os.replace(part, target)
    return None


#: True while this session's re-ingest runs: the page is drawn first with every control disabled
#: (so no stale, still clickable button from the last run stays on screen), then the ingest runs in
#: the progress area at the top, then the page is drawn again with the new index.
running = bool(st.session_state.get("ingesting"))
progress_area = st.container()

if not running:
    if err := st.session_state.pop("last_error", None):
        st.error(err)
    if report := st.session_state.pop("last_report", None):
        st.success("Ingest finished.")
        _render_report(report)

try:
    store = open_store(settings, embedder)
    if not running:
        with st.spinner(f"First run: building the index from {len(discover(settings.corpus_dir))} documents…"):
            built = ensure_index(settings, embedder, store)  # the core never ingests; None when an index is already served
        if built is not None:
            _render_report(built)
    info = store.pointer_info()
    if info.get("ingested_at"):
        when = datetime.fromtimestamp(float(info["ingested_at"]), UTC)
        counts = f" — {info['documents']} documents, {info['chunks']} passages" if "documents" in info and "chunks" in info else ""
        st.markdown(f"**Last ingest:** {when:%Y-%m-%d %H:%M:%S} UTC{counts}")
    metas = read_all(store.active(), ["metadatas"])["metadatas"]
    df = pd.DataFrame(metas)
    if len(df):
        if "publisher" not in df:
            df["publisher"] = ""
        if "status" not in df:
            df["status"] = "published"  # generations written before statuses existed were all published
        table = (
            df.groupby(["doc_id", "title"])
            .agg(
                status=("status", "first"),
                publisher=("publisher", "first"),
                chunks=("kind", "size"),
                tables=("kind", lambda k: int((k == "table_row").sum())),
                faq=("kind", lambda k: int((k == "faq").sum())),
            )
            .reset_index()
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={  # every column in view on a laptop; a long title is cut in its cell, not the table at the edge
                "doc_id": st.column_config.TextColumn("document", width="medium"),
                "title": st.column_config.TextColumn("title", width="large"),
                "publisher": st.column_config.TextColumn("publisher", width="small"),
            },
        )
        _publishing(table)
except AdvisorError as exc:
    st.warning(f"{exc} {exc.hint}")

st.subheader("Add documents")
uploads = st.file_uploader(
    "Upload articles", type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], accept_multiple_files=True, key="uploads", disabled=running
)
if st.button("Add to the corpus and re-ingest", icon=":material/upload:", disabled=running or not uploads, key="upload-go") and uploads:
    accepted = 0
    for f in uploads:
        reason = _save_upload(f.name, f.getvalue())
        if reason:
            st.error(f"`{Path(f.name).name}` was not added: {reason}.")
        else:
            accepted += 1
    if accepted:
        st.session_state.ingesting = True
        st.rerun()

st.subheader("Re-ingest")
st.button("Re-ingest corpus", icon=":material/sync:", on_click=_start, disabled=running, key="reingest")

if running:
    try:
        with progress_area:
            _ingest()
    finally:
        st.session_state.ingesting = False
    st.rerun()  # the table and "last ingest" show the new index, the controls are enabled again
