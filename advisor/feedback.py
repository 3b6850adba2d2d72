"""Feedback and question log in a real database (SQLite by default, any SQLAlchemy URL otherwise).

Who may change a rating: the row's integer key never leaves the server (the app keeps it in its
session). A web client gets a random ``public_id`` and a random ``token`` with its answer; only
the token's hash is stored, and a rating through :meth:`FeedbackStore.rate_public` needs both (so
ids cannot be guessed, and a leaked id alone changes nothing). The store is optional to answering:
it connects on first use, and a corrupt or unreachable database raises
:class:`FeedbackUnavailable` (the surfaces say so) instead of stopping a server from starting.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text, create_engine, event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from advisor.errors import AdvisorError
from advisor.models import Answer

#: Random bytes in a public interaction id and in its token (128 bits each: not guessable).
ID_BYTES = 16
#: Longest stored comment (characters); the HTTP layer refuses longer ones before this.
MAX_COMMENT_CHARS = 2000


class FeedbackUnavailable(AdvisorError):
    """The feedback database cannot be opened or written (corrupt file, server down): answering goes on."""

    hint = "Answers still work; ratings cannot be saved until the feedback database is repaired (see ADVISOR_DB_URL)."


@dataclass(frozen=True)
class Receipt:
    """What a web client gets to rate its answer by: both are needed, only the token's hash is kept."""

    interaction_id: str
    token: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Base(DeclarativeBase):
    pass


class Interaction(Base):
    """One answered question, with the rating it received (if any)."""

    __tablename__ = "interactions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC))
    surface: Mapped[str] = mapped_column(String(20), default="app")
    profile: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    abstained: Mapped[bool] = mapped_column(Boolean, default=False)
    backend: Mapped[str] = mapped_column(String(80), default="")
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1 = 👍, 0 = 👎
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    topic: Mapped[str] = mapped_column(String(200), default="")
    public_id: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True, index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _wal(conn: Any, _rec: object) -> None:  # a DB-API connection (sqlite3), untyped by SQLAlchemy
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")

    _create_tables(engine)
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: Engine) -> None:
    """Databases made before public ids existed get the new (nullable) columns: old rows keep
    their data and can be rated from the app, never from the web (they have no token)."""
    have = {c["name"] for c in inspect(engine).get_columns(Interaction.__tablename__)}
    with engine.begin() as conn:
        for name, ddl in (("public_id", "VARCHAR(64)"), ("token_hash", "VARCHAR(64)")):
            if name not in have:
                conn.execute(text(f"ALTER TABLE {Interaction.__tablename__} ADD COLUMN {name} {ddl}"))


def _create_tables(engine: Engine) -> None:
    """create_all checks then creates: workers starting together can race; the loser retries."""
    for attempt in range(5):
        try:
            Base.metadata.create_all(engine)
            return
        except OperationalError as exc:
            if "already exists" not in str(exc) or attempt == 4:
                raise


class FeedbackStore:
    def __init__(self, url: str) -> None:
        self.url = url

    @property
    def engine(self) -> Engine:
        """Connected on first use (and retried after a failure), so a broken database never stops a start."""
        try:
            return get_engine(self.url)
        except (SQLAlchemyError, OSError) as exc:
            raise FeedbackUnavailable(f"The feedback database cannot be opened ({type(exc).__name__}).") from exc

    def available(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(select(Interaction.id).limit(1))
            return True
        except (FeedbackUnavailable, SQLAlchemyError, OSError):
            return False

    def log_answer(self, ans: Answer, surface: str = "app") -> int:
        """Record an answer; its private key (for a trusted surface that keeps it server-side)."""
        return self._log(ans, surface, None, None)

    def log_public(self, ans: Answer, surface: str = "web") -> Receipt:
        """Record an answer for a client that may rate it later: a random id and token (only its hash is stored)."""
        receipt = Receipt(secrets.token_urlsafe(ID_BYTES), secrets.token_urlsafe(ID_BYTES))
        self._log(ans, surface, receipt.interaction_id, _token_hash(receipt.token))
        return receipt

    def _log(self, ans: Answer, surface: str, public_id: str | None, token_hash: str | None) -> int:
        topic = ans.citations[0].heading or ans.citations[0].title if ans.citations else ""
        try:
            with Session(self.engine) as s, s.begin():
                row = Interaction(
                    surface=surface,
                    profile=ans.profile,
                    question=ans.question,
                    answer=ans.text,
                    citations=[c.model_dump() for c in ans.citations],
                    abstained=ans.abstained,
                    backend=ans.backend,
                    topic=topic[:200],
                    public_id=public_id,
                    token_hash=token_hash,
                )
                s.add(row)
                s.flush()
                return int(row.id)
        except SQLAlchemyError as exc:
            raise FeedbackUnavailable(f"The feedback database cannot be written ({type(exc).__name__}).") from exc

    def rate(self, interaction_id: int, rating: int, comment: str | None = None) -> bool:
        """Rate by private key (the app). A missing or blank comment keeps the one already there."""
        try:
            with Session(self.engine) as s, s.begin():
                row = s.get(Interaction, interaction_id)
                if row is None:
                    return False
                _apply(row, rating, comment)
                return True
        except SQLAlchemyError as exc:
            raise FeedbackUnavailable(f"The feedback database cannot be written ({type(exc).__name__}).") from exc

    def rate_public(self, public_id: str, token: str, rating: int, comment: str | None = None) -> bool:
        """Rate by public id, if ``token`` is the one issued with that answer (compared in constant time).
        False for an unknown id or a wrong token alike, so a caller learns nothing about other answers."""
        try:
            with Session(self.engine) as s, s.begin():
                row = s.scalars(select(Interaction).where(Interaction.public_id == public_id)).first()
                if row is None or row.token_hash is None or not hmac.compare_digest(row.token_hash, _token_hash(token)):
                    return False
                _apply(row, rating, comment)
                return True
        except SQLAlchemyError as exc:
            raise FeedbackUnavailable(f"The feedback database cannot be written ({type(exc).__name__}).") from exc

    def rows(self, limit: int = 5000) -> list[dict[str, Any]]:
        """Every recorded answer, newest first (for Insights: the operator's, never the public's)."""
        with Session(self.engine) as s:
            got = s.scalars(select(Interaction).order_by(Interaction.created_at.desc()).limit(limit)).all()
            return [
                {
                    "id": r.id,
                    "created_at": r.created_at,
                    "surface": r.surface,
                    "profile": r.profile,
                    "question": r.question,
                    "answer": r.answer,
                    "abstained": r.abstained,
                    "backend": r.backend,
                    "rating": r.rating,
                    "comment": r.comment,
                    "topic": r.topic,
                    "citations": json.dumps(r.citations),
                }
                for r in got
            ]


def _apply(row: Interaction, rating: int, comment: str | None) -> None:
    row.rating = 1 if rating else 0
    if comment is not None and comment.strip():  # a rating alone never wipes what was written before
        row.comment = comment.strip()[:MAX_COMMENT_CHARS]
