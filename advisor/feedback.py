"""Feedback and question log in a real database (SQLite by default, any SQLAlchemy URL otherwise)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from advisor.models import Answer


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
    return engine


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
        self.engine = get_engine(url)

    def log_answer(self, ans: Answer, surface: str = "app") -> int:
        topic = ans.citations[0].heading or ans.citations[0].title if ans.citations else ""
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
            )
            s.add(row)
            s.flush()
            return int(row.id)

    def rate(self, interaction_id: int, rating: int, comment: str | None = None) -> bool:
        with Session(self.engine) as s, s.begin():
            row = s.get(Interaction, interaction_id)
            if row is None:
                return False
            row.rating = 1 if rating else 0
            row.comment = (comment or "").strip()[:2000] or None
            return True

    def rows(self, limit: int = 5000) -> list[dict[str, Any]]:
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
