"""Domain errors, raised in the core and translated once at each surface (CLI, Streamlit, HTTP)."""

from __future__ import annotations


class AdvisorError(Exception):
    """Base class: every error a user can be shown a clear message for."""

    #: What the user can do about it, shown next to the message.
    hint: str = ""


class InvalidQuestion(AdvisorError):
    """The question (or history) is empty, too long, or not text."""

    hint = "Ask a question in plain text, e.g. 'Does my MSP's vCIO create a conflict of interest?'"


class InputTooLarge(InvalidQuestion):
    """The question or the conversation exceeds the configured limits (HTTP 413, not 422)."""

    hint = "Shorten the question, or start a new conversation."


class IndexNotReady(AdvisorError):
    """No index has been built yet (or it cannot be opened)."""

    hint = "Run `python -m ingest` to build the index from corpus/."


class IndexCorrupt(IndexNotReady):
    """The embedded index files cannot be read (disk full, half-written copy, manual edits)."""

    hint = "Rebuild it from the corpus: `python -m ingest --rebuild` (builds a fresh index first, then moves the broken one aside)."


class BackendUnavailable(AdvisorError):
    """A configured service (Chroma server, LLM) cannot be reached."""

    hint = "Check ADVISOR_CHROMA_URL / ADVISOR_LLM, or unset them to use the offline defaults."


class IngestError(AdvisorError):
    """A document could not be parsed; ingest skips it and reports it by name."""


class ModelMissing(AdvisorError):
    """A fitted artifact the answerer needs (knowledge/*.json) is missing, unreadable or stale."""

    hint = "Re-fit it with `python -m train` (the files in knowledge/ are committed; restore them with git if deleted)."


class EncoderUnavailable(BackendUnavailable):
    """The embedding model cannot be loaded, or its ONNX graph cannot be built or read."""

    hint = (
        "Check ADVISOR_EMBEDDING_MODEL_PATH; the ONNX graph is rebuilt from the weights on the next start "
        "(needs torch, sentence-transformers and onnx: `pip install -r requirements.txt`), or set ADVISOR_ENCODER=sentence-transformers."
    )


class EncoderMismatch(EncoderUnavailable):
    """The exported ONNX graph does not reproduce sentence-transformers' vectors: it is refused, not used."""

    hint = "Set ADVISOR_ENCODER=sentence-transformers to answer with the reference encoder, and report the versions of torch and onnxruntime."


class InvalidSettings(AdvisorError):
    """The ADVISOR_* settings are inconsistent (e.g. the LLM timeout is not below the request timeout)."""

    hint = "Fix the ADVISOR_* variable named in the message, or unset it to use the default."
