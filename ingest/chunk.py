"""Structure-aware chunking of a Markdown document.

Headings split sections; a table row always travels with its header row; a list travels with
its lead-in sentence; an FAQ question travels with its answer. Each chunk keeps its verbatim
body (for display and quoting) apart from its embedding text (body plus title, heading path and
lead-in), because bare sentences in this corpus all look alike to the embedding model.
markdown-it-py does the parsing; the grouping rules are ours because no splitter we know keeps
table rows with headers and lists with lead-ins.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from ingest.load import Document

MAX_PROSE_CHARS = 900
MAX_LIST_CHARS = 1400
_FAQ_HEADING = re.compile(r"\b(faq|faqs|frequently asked|questions and answers|q&a)\b", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    title: str
    url: str | None
    heading: str  # heading path, " > " separated
    position: int
    kind: str  # prose | list | table_row | faq
    body: str  # verbatim lines of the source, joined by newlines
    embed_text: str
    lead_in: str = ""
    faq_question: str = ""
    topics: tuple[str, ...] = field(default_factory=tuple)

    def metadata(self, doc_hash: str) -> dict[str, str | int]:
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
        }


@dataclass
class _Block:
    kind: str  # paragraph | list | table | other
    lines: list[str]
    heading: tuple[str, ...]


def _blocks(text: str) -> list[_Block]:
    lines = text.split("\n")
    tokens = _MD.parse(text)
    heading: list[tuple[int, str]] = []
    out: list[_Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.level != 0 or not tok.nesting >= 0 and tok.type.endswith("_close"):
            i += 1
            continue
        if tok.type == "heading_open":
            level = int(tok.tag[1:])
            title = tokens[i + 1].content.strip()
            heading = [h for h in heading if h[0] < level] + [(level, title)]
            i += 3
            continue
        if tok.map is None or tok.type.endswith("_close"):
            i += 1
            continue
        start, end = tok.map
        block_lines = [ln for ln in lines[start:end]]
        while block_lines and not block_lines[-1].strip():
            block_lines.pop()
        kind = {"paragraph_open": "paragraph", "bullet_list_open": "list", "ordered_list_open": "list", "table_open": "table"}.get(tok.type, "other")
        if kind == "list":
            block_lines = _list_items(tokens, i, lines)
        if block_lines:
            out.append(_Block(kind, block_lines, tuple(h[1] for h in heading)))
        # skip to the matching close token
        depth = 0
        while i < len(tokens):
            depth += tokens[i].nesting
            i += 1
            if depth <= 0:
                break
    return out


def _list_items(tokens: list, open_idx: int, lines: list[str]) -> list[str]:
    """One entry per top-level item: the item's lines joined (nested lines stay with their item)."""
    items: list[str] = []
    level = tokens[open_idx].level + 1
    j = open_idx + 1
    while j < len(tokens) and not (tokens[j].level == tokens[open_idx].level and tokens[j].type.endswith("_list_close")):
        t = tokens[j]
        if t.type == "list_item_open" and t.level == level and t.map:
            s, e = t.map
            item_lines = [ln for ln in lines[s:e] if ln.strip()]
            if item_lines:
                items.append("\n".join(item_lines))
        j += 1
    return items


def _item_text(item: str) -> str:
    return _LIST_MARKER.sub("", item, count=1)


def split_row(row: str) -> list[str]:
    cells = row.strip().strip("|").split("|")
    return [c.strip() for c in cells]


def _chunk_id(doc_id: str, embed_text: str, body: str) -> str:
    return hashlib.sha256(f"{doc_id}\x00{embed_text}\x00{body}".encode()).hexdigest()[:32]


def chunk_markdown(doc: Document) -> list[Chunk]:
    """Split a document into retrieval units that keep their meaning on their own."""
    blocks = _blocks(doc.text)
    chunks: list[Chunk] = []

    def emit(kind: str, heading: tuple[str, ...], body_lines: list[str], embed_core: str, lead_in: str = "", faq_q: str = "") -> None:
        body = "\n".join(body_lines).strip("\n")
        if not body.strip():
            return
        heading_path = " > ".join(h for h in heading if h != doc.title)
        context = ". ".join(p for p in (doc.title, heading_path) if p)
        embed_text = f"{context}.\n{embed_core}".strip()
        chunks.append(
            Chunk(
                id=_chunk_id(doc.doc_id, embed_text, body),
                doc_id=doc.doc_id,
                title=doc.title,
                url=doc.url,
                heading=heading_path,
                position=len(chunks),
                kind=kind,
                body=body,
                embed_text=embed_text,
                lead_in=lead_in,
                faq_question=faq_q,
                topics=doc.topics,
            )
        )

    def is_faq(heading: tuple[str, ...]) -> bool:
        return bool(heading) and heading[-1].rstrip().endswith("?") and any(_FAQ_HEADING.search(h) for h in heading[:-1])

    prose: list[str] = []
    prose_heading: tuple[str, ...] = ()

    def flush_prose() -> None:
        nonlocal prose
        if prose:
            text = "\n\n".join(prose)
            emit("prose", prose_heading, ["\n\n".join(prose)], text)
        prose = []

    idx = 0
    while idx < len(blocks):
        b = blocks[idx]
        if is_faq(b.heading):
            flush_prose()
            group = [b]
            while idx + 1 < len(blocks) and blocks[idx + 1].heading == b.heading:
                idx += 1
                group.append(blocks[idx])
            question = b.heading[-1]
            answer_lines = ["\n".join(g.lines) for g in group]
            emit("faq", b.heading[:-1], [question, ""] + _join_paragraphs(answer_lines), question + "\n" + "\n".join(answer_lines), faq_q=question)
            idx += 1
            continue
        if b.heading != prose_heading:
            flush_prose()
            prose_heading = b.heading
        if b.kind == "list":
            lead_in = ""
            if prose and (prose[-1].rstrip().endswith(":") or len(prose[-1]) < 200):
                lead_in = prose.pop()
            flush_prose()
            prose_heading = b.heading
            for group in _group_items(b.lines, MAX_LIST_CHARS - len(lead_in)):
                items = [_item_text(it) for it in group]
                body = ([lead_in, ""] if lead_in else []) + group
                emit("list", b.heading, body, (lead_in + "\n" if lead_in else "") + "\n".join(items), lead_in=lead_in)
        elif b.kind == "table" and len(b.lines) >= 3:
            lead_in = prose[-1] if prose and len(prose[-1]) < 300 else ""
            flush_prose()
            prose_heading = b.heading
            header, sep, rows = b.lines[0], b.lines[1], b.lines[2:]
            cols = split_row(header)
            for row in rows:
                cells = split_row(row)
                pairs = "; ".join(f"{c}: {v}" for c, v in zip(cols, cells) if v)
                emit("table_row", b.heading, [header, sep, row], (lead_in + "\n" if lead_in else "") + pairs, lead_in=lead_in)
        else:
            para = "\n".join(b.lines)
            if prose and sum(len(p) for p in prose) + len(para) > MAX_PROSE_CHARS:
                flush_prose()
                prose_heading = b.heading
            prose.append(para)
        idx += 1
    flush_prose()
    return chunks


def _join_paragraphs(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if out:
            out.append("")
        out.append(p)
    return out


def _group_items(items: list[str], budget: int) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    size = 0
    for it in items:
        if groups[-1] and size + len(it) > max(budget, 300):
            groups.append([])
            size = 0
        groups[-1].append(it)
        size += len(it)
    return [g for g in groups if g]
