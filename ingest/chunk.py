"""Passage-level chunking of a Markdown document: each passage keeps its meaning on its own.

- a paragraph, joined to the one before when it leans on it ("They are…", "But…") or when
  that one introduces it ("Think of it this way:", "In practice, there's a structural problem.");
- a list (or a run of paragraphs after a ":" lead-in) with its lead-in sentence;
- a table row with its header row (and the sentence introducing the table);
- a question-shaped heading with everything under it (an FAQ pair).

Author bios, contact lines, calls to action and captions of missing images are never passages
(:data:`NOT_AN_ANSWER`). markdown-it-py parses; the grouping rules are ours because no splitter
we know keeps table rows with headers and lists with lead-ins.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token

from advisor.guard import is_addressed_to_assistant
from advisor.passage import Passage, PassageKind, split_row
from advisor.text import ANNOUNCES, LEANS_BACK, LIST_MARKER, split_sentences
from ingest.load import Document

# Sizes, in characters, chosen so a passage is a readable quote (about one screen paragraph).
MAX_PROSE_CHARS = 700  # a merged run of paragraphs stops growing here
MAX_LIST_CHARS = 1400  # a long list is split into several passages, each with the lead-in
MAX_FAQ_CHARS = 1400
SHORT_LEAD_IN_CHARS = 200  # a short paragraph right before a list introduces it even without ":"

_TERMINAL = re.compile(r"[.!?:;)\"”’]\s*$")
# What a document says that is not an answer to anybody's question (each with its reason):
NOT_AN_ANSWER = {
    # contact lines and bios: "You can reach Geoff at …", an email address, "is the Founder …"
    "contact": re.compile(r"\b(you can reach|reach (us|me) at|schedule a free|book a (call|meeting)|contact us)\b|@[\w-]+\.\w", re.I),
    "bio": re.compile(r"\b(is the founder|is an accomplished|years of experience driving|throughout his career|throughout her career)\b", re.I),
    # calls to action: "Browse our directory …", "start with Get an … Check", "Start with a free … review"
    "call_to_action": re.compile(r"\b(browse our|tell us about your situation|start with get|start with a free|sign up|subscribe)\b", re.I),
}
CTA_HEADING = re.compile(r"^(find|want|contact|get in touch|talk to|book|schedule|about the author|ready to)\b", re.I)
_MD = MarkdownIt("commonmark").enable("table")


class Emit(Protocol):
    def __call__(self, kind: PassageKind, heading: tuple[str, ...], body: str, embed_text: str, lead_in: str = "", faq_q: str = "") -> None: ...


@dataclass
class _Block:
    kind: str  # paragraph | list | table | other
    lines: list[str]  # verbatim source lines (list: one entry per top-level item)
    heading: tuple[str, ...]


def _blocks(text: str) -> list[_Block]:
    lines = text.split("\n")
    tokens = _MD.parse(text)
    heading: list[tuple[int, str]] = []
    out: list[_Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.level != 0 or tok.type.endswith("_close"):
            i += 1
            continue
        if tok.type == "heading_open":
            level = int(tok.tag[1:])
            heading = [h for h in heading if h[0] < level] + [(level, tokens[i + 1].content.strip())]
            i += 3
            continue
        if tok.map is None:
            i += 1
            continue
        start, end = tok.map
        block_lines = list(lines[start:end])
        while block_lines and not block_lines[-1].strip():
            block_lines.pop()
        kind = {"paragraph_open": "paragraph", "bullet_list_open": "list", "ordered_list_open": "list", "table_open": "table"}.get(tok.type, "other")
        if kind == "list":
            block_lines = _list_items(tokens, i, lines)
        if block_lines and kind != "other":
            out.append(_Block(kind, block_lines, tuple(h[1] for h in heading)))
        depth = 0
        while i < len(tokens):  # skip to the matching close token
            depth += tokens[i].nesting
            i += 1
            if depth <= 0:
                break
    return out


def _list_items(tokens: list[Token], open_idx: int, lines: list[str]) -> list[str]:
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


def not_an_answer(text: str) -> str | None:
    """Why ``text`` is never an answer passage (contact, bio, call to action, instructions to an assistant), or None."""
    if is_addressed_to_assistant(text):
        return "instructions"  # documents are data: lines addressed to the assistant are never quoted
    for reason, pattern in NOT_AN_ANSWER.items():
        if pattern.search(text):
            return reason
    return None


def addressed_lines(text: str) -> list[str]:
    """The lines of a document that speak to an assistant (never quoted; the ingest report names them)."""
    return [ln.strip() for ln in text.split("\n") if ln.strip() and is_addressed_to_assistant(ln)]


def _only_announces(block: _Block) -> bool:
    """A paragraph that only announces what follows ("Here is the cleanest way to see the difference." before a table):
    alone it promises what it does not hold, and what it announces is a passage of its own."""
    sentences = split_sentences(" ".join(block.lines).strip())
    return len(sentences) == 1 and bool(ANNOUNCES.match(sentences[0]))


def _is_caption(block: _Block, nxt: _Block | None) -> bool:
    """A short unpunctuated line standing alone before a heading: the caption of something the capture lost."""
    text = " ".join(block.lines).strip()
    return block.kind == "paragraph" and len(text.split()) <= 8 and not _TERMINAL.search(text) and (nxt is None or nxt.heading != block.heading)


def _passage_id(doc_id: str, kind: str, heading: str, embed_text: str, body: str) -> str:
    return hashlib.sha256(f"{doc_id}\x00{kind}\x00{heading}\x00{embed_text}\x00{body}".encode()).hexdigest()[:32]


def chunk_markdown(doc: Document) -> list[Passage]:
    """Split a document into passages that keep their meaning on their own."""
    blocks = _blocks(doc.text)
    # Drop what is never an answer: sections under a call-to-action or publisher heading, captions, contact lines, bios.
    kept: list[_Block] = []
    for i, b in enumerate(blocks):
        section = b.heading[-1] if b.heading else ""
        if section and (CTA_HEADING.match(section) or (doc.publisher and section.strip() == doc.publisher.strip())):
            continue
        if _is_caption(b, blocks[i + 1] if i + 1 < len(blocks) else None):
            continue
        if b.kind == "paragraph" and (not_an_answer(" ".join(b.lines)) or _only_announces(b)):
            continue
        if b.kind in ("list", "table"):
            # Documents are data: an item or row that speaks to the assistant is dropped like a paragraph
            # (a table keeps its header and separator rows, which are never instructions in themselves).
            keep = [ln for j, ln in enumerate(b.lines) if (b.kind == "table" and j < 2) or not is_addressed_to_assistant(ln)]
            if len(keep) < len(b.lines):
                b = _Block(b.kind, keep, b.heading)
            if not keep or (b.kind == "table" and len(keep) < 3):
                continue
        kept.append(b)
    # A lead-in whose list or table the capture lost (only its caption was left) says nothing alone.
    kept = [
        b
        for i, b in enumerate(kept)
        if not (b.kind == "paragraph" and _text(b).rstrip().endswith(":") and (i + 1 == len(kept) or kept[i + 1].heading != b.heading))
    ]

    passages: list[Passage] = []

    def emit(kind: PassageKind, heading: tuple[str, ...], body: str, embed_text: str, lead_in: str = "", faq_q: str = "") -> None:
        body = body.strip("\n")
        if not body.strip():
            return
        heading_path = " > ".join(h for h in heading if h != doc.title)
        passages.append(
            Passage(
                id=_passage_id(doc.doc_id, kind, heading_path, embed_text, body),
                doc_id=doc.doc_id,
                title=doc.title,
                url=doc.url,
                heading=heading_path,
                position=len(passages),
                kind=kind,
                body=body,
                embed_text=embed_text.strip(),
                lead_in=lead_in,
                faq_question=faq_q,
                topics=doc.topics,
                publisher=doc.publisher or "",
                status=doc.status,
            )
        )

    idx = 0
    while idx < len(kept):
        b = kept[idx]
        section = b.heading[-1] if b.heading else ""
        group = [b]
        while idx + 1 < len(kept) and kept[idx + 1].heading == b.heading:
            idx += 1
            group.append(kept[idx])
        idx += 1
        if section.rstrip().endswith("?") and section != doc.title:
            _emit_faq(emit, b.heading, section, group)
        else:
            _emit_section(emit, b.heading, group)
    return passages


def _text(b: _Block) -> str:
    return "\n".join(b.lines)


def _emit_faq(emit: Emit, heading: tuple[str, ...], question: str, group: list[_Block]) -> None:
    """A question-shaped heading and its answer: one passage (split only when very long)."""
    parts: list[str] = []
    for b in group:
        text = _text(b) if b.kind != "list" else "\n".join(b.lines)
        if parts and sum(len(p) for p in parts) + len(text) > MAX_FAQ_CHARS:
            body = "\n\n".join(parts)
            emit("faq", heading[:-1], body, f"{question}\n{body}", faq_q=question)
            parts = []
        parts.append(text)
    if parts:
        body = "\n\n".join(parts)
        emit("faq", heading[:-1], body, f"{question}\n{body}", faq_q=question)


def _emit_section(emit: Emit, heading: tuple[str, ...], group: list[_Block]) -> None:
    """Paragraphs, lists and tables of one section, each with what it leans on."""
    prose: list[str] = []

    def flush() -> None:
        if prose:
            body = "\n\n".join(prose)
            emit("prose", heading, body, body)
            prose.clear()

    i = 0
    while i < len(group):
        b = group[i]
        if b.kind == "list" or (b.kind == "paragraph" and _text(b).rstrip().endswith(":") and _paragraph_items(group, i + 1) >= 3):
            lead_parts: list[str] = []
            if b.kind == "list":
                if prose and (prose[-1].rstrip().endswith(":") or len(prose[-1]) < SHORT_LEAD_IN_CHARS):
                    lead_parts.append(prose.pop())
                items = [LIST_MARKER.sub("", it, count=1) for it in b.lines]
                raw_items = b.lines
                i += 1
            else:
                lead_parts.append(_text(b))
                n = _paragraph_items(group, i + 1)
                raw_items = [_text(x) for x in group[i + 1 : i + 1 + n]]
                items = raw_items
                i += 1 + n
            # A lead-in that leans back ("That work often includes:") brings the paragraph it leans on.
            if lead_parts and LEANS_BACK.match(lead_parts[0]) and prose:
                lead_parts.insert(0, prose.pop())
            flush()
            lead_in = "\n\n".join(lead_parts)
            sep = "\n" if b.kind == "list" else "\n\n"
            for start, end in _item_groups(raw_items, MAX_LIST_CHARS - len(lead_in)):
                body = ((lead_in + "\n\n") if lead_in else "") + sep.join(raw_items[start:end])
                emit("list", heading, body, ((lead_in + "\n") if lead_in else "") + "\n".join(items[start:end]), lead_in=lead_in)
            continue
        if b.kind == "table" and len(b.lines) >= 3:
            lead_in = prose[-1] if prose and len(prose[-1]) < 300 and prose[-1].rstrip().endswith(":") else ""
            if lead_in:
                prose.pop()
            flush()
            header, sep_line, rows = b.lines[0], b.lines[1], b.lines[2:]
            cols = split_row(header)
            for row in rows:
                cells = split_row(row)
                pairs = "; ".join(f"{c}: {v}" for c, v in zip(cols, cells) if v)
                emit("table_row", heading, "\n".join([header, sep_line, row]), (lead_in + "\n" if lead_in else "") + pairs, lead_in=lead_in)
            i += 1
            continue
        para = _text(b)
        announced = bool(prose) and bool(ANNOUNCES.match(split_sentences(prose[-1])[-1]))  # "In practice, there's a structural problem."
        # A paragraph ending in an announcement is joined to what it announces past MAX_PROSE_CHARS: apart, it says nothing.
        joins = prose and (announced or ((prose[-1].rstrip().endswith(":") or LEANS_BACK.match(para)) and sum(len(p) for p in prose) + len(para) <= MAX_PROSE_CHARS))
        if not joins:
            flush()
        prose.append(para)
        i += 1
    flush()


def _paragraph_items(group: list[_Block], start: int) -> int:
    """How many plain paragraphs follow ``start`` in the section as the items of a ':' lead-in.

    None of them may lean back ("They're not the same thing…"): then they are prose that
    continues the lead-in, not items of a list.
    """
    n = 0
    while start + n < len(group) and group[start + n].kind == "paragraph":
        n += 1
    if any(LEANS_BACK.match(_text(b)) for b in group[start : start + n]):
        return 0
    return n


def _item_groups(items: list[str], budget: int) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    start, size = 0, 0
    for i, it in enumerate(items):
        if i > start and size + len(it) > max(budget, 300):
            groups.append((start, i))
            start, size = i, 0
        size += len(it)
    if start < len(items):
        groups.append((start, len(items)))
    return groups
