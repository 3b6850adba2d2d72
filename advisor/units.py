"""Answer units: the sentences, list items and table rows a chunk can be quoted by.

Each unit's ``quote`` is a verbatim span of the chunk body (itself verbatim source lines); its
``text`` is what an answer shows (identical for sentences and items; a table row reads as
"Row — Column: value; ..." and quotes the raw row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from advisor.text import sentence_spans

_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SEP = re.compile(r"^\|?\s*:?-{2,}")


@dataclass(frozen=True)
class Unit:
    chunk_id: str
    kind: str  # sentence | item | row | lead
    text: str
    quote: str
    context: str  # title, heading, lead-in / FAQ question: embedded with the unit
    para: int  # paragraph (or list) index within the chunk, for contiguity
    start: int  # char offset within the paragraph
    end: int
    order: int  # position within the chunk

    @property
    def embed_text(self) -> str:
        return f"{self.context}\n{self.text}"


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def units_for(chunk_id: str, meta: dict[str, Any]) -> list[Unit]:
    body = str(meta.get("body", ""))
    kind = str(meta.get("kind", "prose"))
    heading = str(meta.get("heading", ""))
    title = str(meta.get("title", ""))
    context = ". ".join(p for p in (title, heading) if p)
    units: list[Unit] = []

    def add(k: str, text: str, quote: str, ctx: str, para: int, start: int, end: int) -> None:
        units.append(Unit(chunk_id, k, text, quote, ctx, para, start, end, len(units)))

    if kind == "table_row":
        lines = body.split("\n")
        if len(lines) >= 3:
            header, row = _cells(lines[0]), _cells(lines[2])
            label = row[0] if row else ""
            parts = [f"{h}: {v}" for h, v in zip(header[1:], row[1:]) if v]
            text = f"{label} — " + "; ".join(parts) + "." if label else "; ".join(parts) + "."
            lead = str(meta.get("lead_in", ""))
            add("row", text, lines[2], f"{context}. {lead} {lines[0]}".strip(), 0, 0, len(lines[2]))
        return units

    paragraphs = body.split("\n\n")
    faq_q = str(meta.get("faq_question", ""))
    ctx = f"{context}. {faq_q}".strip(". ") if faq_q else context
    lead_in = str(meta.get("lead_in", ""))
    for pi, para in enumerate(paragraphs):
        if faq_q and pi == 0 and para.strip() == faq_q:
            continue  # the question itself is context, not an answer
        lines = para.split("\n")
        if kind == "list" and (pi > 0 or not lead_in) and all(_MARKER.match(ln) or not ln.strip() for ln in lines[:1]):
            offset = 0
            for ln in lines:
                m = _MARKER.match(ln)
                if m:
                    item = ln[m.end() :].strip()
                    if item:
                        s = para.index(item, offset)
                        add("item", item, item, f"{ctx}. {lead_in}".strip(), pi, s, s + len(item))
                offset += len(ln) + 1
            continue
        k = "lead" if kind == "list" and pi == 0 and lead_in else "sentence"
        for s, e in sentence_spans(para):
            sent = para[s:e]
            if "\n" in sent:  # keep quotes on one source line
                for part in sent.split("\n"):
                    if part.strip():
                        ps = para.index(part, s)
                        add(k, part.strip(), part.strip(), ctx, pi, ps, ps + len(part))
                continue
            add(k, sent, sent, ctx, pi, s, e)
    return units
