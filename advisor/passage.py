"""The one record ingest writes and the core reads: a context-complete passage of a document.

A passage is the unit of an answer: a paragraph (with the paragraph it leans on), a list with
its lead-in, a table row with its header, or a question-shaped section (FAQ) with its answer.
Its ``body`` is verbatim source lines, so every quote cut from it is verbatim by construction.
Chroma metadata is its serialised form, written by :meth:`Passage.to_store` and read by
:meth:`Passage.from_store`, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeGuard, cast

from advisor.models import Citation
from advisor.text import LIST_MARKER

PassageKind = Literal["prose", "list", "table_row", "faq"]
PASSAGE_KINDS: tuple[PassageKind, ...] = ("prose", "list", "table_row", "faq")
PassageStatus = Literal["draft", "published"]



def _is_kind(value: str) -> TypeGuard[PassageKind]:
    return value in PASSAGE_KINDS


def split_row(row: str) -> list[str]:
    """The cells of a Markdown table row, trimmed."""
    return [c.strip() for c in row.strip().strip("|").split("|")]


def readable_row(cells: list[str]) -> str:
    """A table row as a reader sees it: "Label: cell; cell" (empty cells left out), the header row too ("Function: Your MSP; Fractional CIO")."""
    label, rest = (cells[0] if cells else ""), "; ".join(c for c in cells[1:] if c)
    return f"{label}: {rest}" if label and rest else label or rest


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    doc_id: str
    title: str
    url: str | None
    heading: str  # heading path below the title, " > " separated
    position: int  # order within the document
    kind: PassageKind
    body: str  # verbatim source lines joined by newlines
    embed_text: str  # what the dense index embeds (body with its lead-in / table header; no title)
    lead_in: str = ""  # a list's or table's introducing sentence (also the first paragraph of body for lists)
    faq_question: str = ""  # the question a question-shaped heading asks (body answers it)
    topics: tuple[str, ...] = ()
    publisher: str = ""
    status: PassageStatus = "published"  # the document's: drafts are never quoted on the website (advisor/engine.py)

    # ---- derived forms -------------------------------------------------------------------
    @property
    def section(self) -> str:
        """The innermost heading (what the passage is about, in the author's words)."""
        return self.heading.split(" > ")[-1] if self.heading else ""

    @property
    def key(self) -> str:
        """The retrieval key the document itself gives this passage: its FAQ question, else its section heading."""
        return self.faq_question or self.section

    def cite(self, quote: str, context: str, id: int = 0) -> Citation:
        """The citation of ``quote`` from this passage (``context``: the question or lead-in shown above it)."""
        if context in (self.heading, self.section):
            context = ""  # a table row's section is already its heading: shown once
        return Citation(id=id, title=self.title, source=self.doc_id, url=self.url, chunk_id=self.id, quote=quote, heading=self.heading, context=context, status=self.status)

    def items(self) -> list[str]:
        """A list passage's items (markers dropped), in order; empty for other kinds."""
        if self.kind != "list":
            return []
        rest = self.body[len(self.lead_in) :] if self.lead_in and self.body.startswith(self.lead_in) else self.body
        rest = rest.strip("\n")
        if not LIST_MARKER.match(rest):  # a run of paragraphs after a ":" lead-in
            return [p.strip() for p in rest.split("\n\n") if p.strip()]
        out: list[str] = []
        for line in rest.split("\n"):
            if LIST_MARKER.match(line):
                out.append(LIST_MARKER.sub("", line, count=1).strip())
            elif line.strip() and out:
                out[-1] += " " + line.strip()
        return out

    def table_cells(self) -> tuple[list[str], list[str]]:
        """(header cells, row cells) of a table row passage."""
        lines = self.body.split("\n")
        if self.kind != "table_row" or len(lines) < 3:
            return [], []
        return split_row(lines[0]), split_row(lines[2])

    def readable(self) -> str:
        """The passage as a reader sees it: a table row as "Column: value; …", never raw pipes."""
        if self.kind == "table_row":
            header, row = self.table_cells()
            label = row[0] if row else ""
            parts = "; ".join(f"{h}: {v}" for h, v in zip(header[1:], row[1:]) if v)
            return f"{label}: {parts}" if label else parts
        if self.kind == "list":
            lead = f"{self.lead_in}\n" if self.lead_in else ""
            return lead + "\n".join(f"- {it}" for it in self.items())
        return self.body

    # ---- the one serialisation boundary --------------------------------------------------
    def to_store(self, doc_hash: str) -> dict[str, str | int]:
        return {
            "doc_id": self.doc_id,
            "doc_hash": doc_hash,
            "title": self.title,
            "url": self.url or "",
            "heading": self.heading,
            "position": self.position,
            "kind": self.kind,
            "body": self.body,
            "lead_in": self.lead_in,
            "faq_question": self.faq_question,
            "topics": ",".join(self.topics),
            "publisher": self.publisher,
            "status": self.status,
        }

    @classmethod
    def from_store(cls, id: str, embed_text: str, meta: Mapping[str, object]) -> Passage:
        kind = str(meta["kind"])
        if not _is_kind(kind):
            raise ValueError(f"unknown passage kind {kind!r} in the index")
        topics = str(meta.get("topics") or "")
        return cls(
            id=id,
            doc_id=str(meta["doc_id"]),
            title=str(meta["title"]),
            url=str(meta.get("url") or "") or None,
            heading=str(meta.get("heading") or ""),
            position=int(cast(int, meta.get("position") or 0)),
            kind=kind,  # checked against PASSAGE_KINDS above
            body=str(meta["body"]),
            embed_text=embed_text,
            lead_in=str(meta.get("lead_in") or ""),
            faq_question=str(meta.get("faq_question") or ""),
            topics=tuple(t for t in topics.split(",") if t),
            publisher=str(meta.get("publisher") or ""),
            status="draft" if meta.get("status") == "draft" else "published",  # generations written before statuses existed were all published
        )
