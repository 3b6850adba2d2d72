"""One typed settings object built from ``ADVISOR_*`` environment variables.

Nothing here reads the environment at import time: call :func:`load_settings` (or build
:class:`Settings` directly in tests) and pass the object down explicitly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from advisor.errors import InvalidSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EncoderName = Literal["onnx", "sentence-transformers"]

#: Seconds the offline answerer needs after an LLM timeout (its p95 is ~50 ms; one second leaves room on a busy machine).
LLM_FALLBACK_MARGIN_S = 1.0


class Settings(BaseSettings):
    """Every knob Advisor has, with defaults that work offline on a laptop."""

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", frozen=True, extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / ".data", description="Where the index, record of ingests and feedback DB live.")
    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus", description="Documents to ingest (.md, .txt, .html, .pdf).")
    prompts_dir: Path = Field(default=PROJECT_ROOT / "prompts", description="Prompt and profile files.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL (e.g. http://localhost:8000); embedded Chroma when unset.")
    collection_prefix: str = Field(default="advisor", description="Prefix of the Chroma collections this index owns.")
    embedding_model_path: str | None = Field(default=None, description="Sentence-transformers model folder; the packaged all-MiniLM-L6-v2 when unset.")
    encoder: EncoderName = Field(
        default="onnx",
        description="'onnx' (onnxruntime, no torch when answering; graph built once from the weights and verified) or 'sentence-transformers' (the reference).",
    )
    encoder_dir: Path | None = Field(default=None, description="Where the verified ONNX graph is kept (by weights hash); data_dir/encoders when unset.")
    llm: str = Field(default="extractive", description="'extractive' (offline default) or a LangChain model id such as 'openai:gpt-4o-mini'.")
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible base URL (llama.cpp, vLLM) for the LLM backend.")
    llm_timeout_s: float = Field(
        default=20.0, gt=0, description="Whole LLM call (streamed) limit; on timeout the offline answerer answers. Must be below request_timeout_s."
    )
    llm_max_retries: int = Field(default=1, ge=0, le=1, description="Retries of a failed LLM call (0 or 1: the client's 2 tripled the wait before the fallback).")
    llm_breaker_failures: int = Field(default=3, ge=1, description="Consecutive LLM failures that open the circuit breaker (the offline answerer replies at once).")
    llm_breaker_open_s: float = Field(default=60.0, gt=0, description="How long an open breaker skips the LLM before trying it again.")
    db_url: str | None = Field(default=None, description="SQLAlchemy URL of the feedback store; SQLite under data_dir when unset.")
    scope_threshold: float | None = Field(default=None, description="Override of the fitted in-scope threshold (knowledge/scope.json, written by python -m train).")
    max_question_chars: int = Field(default=2000, ge=10, description="Longest accepted question.")
    max_history_messages: int = Field(default=20, ge=0, description="Longest accepted conversation history.")
    firm_publisher: str = Field(
        default="",
        description="The firm's name as documents' front matter `publisher` spells it: the website quotes only its documents (and those naming no publisher). Empty: every document in the corpus folder is the firm's.",
    )
    auto_ingest: bool = Field(default=True, description="Ingest the corpus on first use when no index exists.")
    # HTTP surface
    cors_origins: str = Field(
        default="", description="Comma-separated origins (https://firm.example) whose pages may embed the widget; same-origin always works; '*' allows any."
    )
    rate_limit: str = Field(default="20/minute", description="Per-client rate limit of the chat endpoints (limits syntax).")
    request_timeout_s: float = Field(default=30.0, gt=0, description="Longest time one HTTP request may take.")
    max_body_bytes: int = Field(default=64_000, ge=1024, description="Largest accepted HTTP request body.")
    max_headers: int = Field(default=64, ge=16, description="Most request headers accepted (browsers send about 20).")
    max_header_bytes: int = Field(default=16_384, ge=4096, description="Largest accepted request head in bytes (uvicorn's h11 default; nginx allows 8-32 KB).")
    rate_limit_storage: str = Field(default="memory://", description="Rate-limit counters: memory:// per process, or redis://… shared by workers.")
    public_profiles: str = Field(default="website,faq", description="Profiles the public HTTP API may use (sales is internal).")
    trusted_proxies: str = Field(
        default="", description="Comma-separated addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed; from anyone else they are ignored."
    )
    log_bodies: bool = Field(default=False, description="Log question text in the HTTP access log (off: lengths only).")
    # Streamlit app
    operator_secret: SecretStr | None = Field(
        default=None, description="Passphrase for the app's operator actions (re-ingest, upload, Insights); unset: locked unless st.login is configured."
    )

    @model_validator(mode="after")
    def _llm_within_request(self) -> Settings:
        """The LLM must give up before the HTTP request does, or a visitor gets a 504 instead of the fallback."""
        if self.llm != "extractive" and self.llm_timeout_s + LLM_FALLBACK_MARGIN_S > self.request_timeout_s:
            raise ValueError(
                f"ADVISOR_LLM_TIMEOUT_S ({self.llm_timeout_s:g}) must be at least {LLM_FALLBACK_MARGIN_S:g} s below "
                f"ADVISOR_REQUEST_TIMEOUT_S ({self.request_timeout_s:g}), so the offline answerer can reply in time"
            )
        return self

    def origin_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    def trusted_proxy_list(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    def public_profile_list(self) -> list[str]:
        return [p.strip() for p in self.public_profiles.split(",") if p.strip()]

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def vector_cache(self) -> Path:
        """Vectors of passage keys, sentences and example questions, cached by text (:func:`advisor.index.cached_encode`)."""
        return self.data_dir / "key_vectors.npz"

    @property
    def resolved_encoder_dir(self) -> Path:
        return self.encoder_dir or self.data_dir / "encoders"

    @property
    def resolved_db_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'advisor.db'}"


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment now (not at import), with explicit overrides on top (InvalidSettings when inconsistent)."""
    try:
        return Settings.model_validate(overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'settings'}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors())
        raise InvalidSettings(f"Invalid settings: {problems}") from exc
