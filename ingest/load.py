"""Parse one corpus file into a :class:`Document` (Markdown-ish text plus metadata).

Every format ends as Markdown-like text so one chunker serves all; the text kept here is the
"source text" that citation quotes must be verbatim spans of.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from advisor.errors import IngestError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
MAX_FILE_BYTES = 20_000_000
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the corpus folder, POSIX style
    title: str
    text: str
    content_hash: str
    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    topics: tuple[str, ...] = field(default_factory=tuple)


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def load_document(path: Path, corpus_dir: Path) -> Document:
    """Read and parse ``path``; raise :class:`IngestError` with a human reason when it cannot be used."""
    doc_id = path.relative_to(corpus_dir).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}")
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"file larger than {MAX_FILE_BYTES // 1_000_000} MB")
    meta: dict[str, object] = {}
    if suffix == ".pdf":
        text, pdf_title = _pdf_text(data)
        meta["title"] = pdf_title
    else:
        raw = _decode(data)
        if suffix in (".html", ".htm"):
            text, html_title = _html_to_markdown(raw)
            meta["title"] = html_title
        else:
            meta, text = _split_front_matter(raw)
    text = text.strip("\n")
    if not text.strip():
        raise IngestError("no text content")
    title = _str(meta.get("title")) or _first_heading(text) or path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    raw_topics = meta.get("topic") or meta.get("topics") or ()
    topics: list[object] = [t.strip() for t in raw_topics.split(",")] if isinstance(raw_topics, str) else list(raw_topics) if isinstance(raw_topics, list | tuple) else []
    return Document(
        doc_id=doc_id,
        title=title,
        text=text,
        content_hash=file_hash(data),
        url=_str(meta.get("url")),
        author=_str(meta.get("author")),
        publisher=_str(meta.get("publisher")),
        topics=tuple(str(t) for t in topics if str(t).strip()),
    )


def _str(value: object) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not valid UTF-8 text (byte {exc.start})") from exc
    controls = sum(1 for ch in text[:8192] if not ch.isprintable() and ch not in "\n\r\t")
    if controls > 0.05 * min(len(text), 8192):
        raise IngestError("binary content (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(raw: str) -> tuple[dict[str, object], str]:
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, raw
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"invalid YAML front matter: {str(exc).splitlines()[0]}") from exc
    if not isinstance(meta, dict):
        raise IngestError("front matter is not a mapping")
    return meta, raw[m.end() :]


def _first_heading(text: str) -> str | None:
    m = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return m.group(1).strip() if m else None


def _html_to_markdown(raw: str) -> tuple[str, str | None]:
    """Block elements to Markdown lines: headings, paragraphs, list items, table rows."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "form", "noscript", "template", "iframe"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    lines: list[str] = []
    blocks = soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "blockquote", "pre"])
    for el in blocks:
        if el.find_parent(["li", "table", "blockquote", "pre"]) and el.name != "table":
            if el.name != "li" or el.find_parent("table"):
                continue
        if el.name == "table":
            if el.find_parent("table"):
                continue
            rows = [[c.get_text(" ", strip=True).replace("|", "/") for c in tr.find_all(["th", "td"])] for tr in el.find_all("tr")]
            rows = [r for r in rows if any(r)]
            if rows:
                width = max(len(r) for r in rows)
                rows = [r + [""] * (width - len(r)) for r in rows]
                lines.append("")
                lines.append("| " + " | ".join(rows[0]) + " |")
                lines.append("|" + "---|" * width)
                lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
                lines.append("")
            continue
        txt = re.sub(r"\s+", " ", el.get_text(" ", strip=True))
        if not txt:
            continue
        if el.name and el.name[0] == "h" and el.name[1:].isdigit():
            lines.extend(["", "#" * int(el.name[1]) + " " + txt, ""])
        elif el.name == "li":
            lines.append("- " + txt)
        else:
            lines.extend(["", txt, ""])
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    if not text and soup.body:
        text = re.sub(r"\s+", " ", soup.body.get_text(" ", strip=True))
    return text, title


def _pdf_text(data: bytes) -> tuple[str, str | None]:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [(p.extract_text() or "") for p in reader.pages]
        title = None
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title)
    except Exception as exc:  # pypdf raises many types on corrupt input
        raise IngestError(f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    paras: list[str] = []
    for page in pages:
        for block in re.split(r"\n\s*\n", page):
            block = re.sub(r"[ \t]+", " ", block.replace("\n", " ")).strip()
            if block:
                paras.append(block)
    if not paras:
        raise IngestError("PDF has no extractable text (scanned image?)")
    return "\n\n".join(paras), title
