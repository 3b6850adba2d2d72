"""The FAQ exporter: answers rendered as a publishable page (HTML document or fragment, or Markdown).

Anchors are slugs of the question (``#what-does-each-cost``) and of the source entry under it
(``#what-does-each-cost-source-1``), so links into the page survive every re-run. Questions the
articles do not answer are left out and returned as the "needs an article" list: a page that
says "we can't answer that" is not publishable. Document text is escaped in both formats, so an
image or link inside a quoted article loads nothing on the published page.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import partial

from slugify import slugify  # python-slugify: Unicode-aware, well kept

from advisor.models import Answer, Citation, Statement
from advisor.render import article_path, html_blocks, markdown_blocks, readable_quote, safe_url

#: The page's whole stylesheet: a readable measure on desktop, full width on phones.
FAQ_CSS = """
body{margin:0;font:17px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c2430;background:#fff}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1{font-size:2rem;line-height:1.2}h2{font-size:1.3rem;margin-top:2.5rem;scroll-margin-top:1rem}
nav ol{padding-left:1.25rem}a{color:#1f4e79}
.faq-sources{font-size:.92rem;color:#333;padding-left:1.25rem}
.faq-sources li{scroll-margin-top:1rem;margin-bottom:.5rem}.faq-sources li:target{background:#fff3c4}
blockquote{margin:.25rem 0;padding-left:.75rem;border-left:3px solid #f2a900;font-style:italic;white-space:pre-line}
@media (max-width:520px){body{font-size:16px}h1{font-size:1.6rem}}
"""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


@dataclass(frozen=True)
class FaqOptions:
    """What an editor chooses about the page; defaults give a complete English page."""

    title: str = "Frequently asked questions"
    intro: str = ""
    lang: str = "en"
    fragment: bool = False  # HTML for a CMS: the <section> only, no <html>/<head>
    articles_base: str = ""  # where Advisor serves /articles/… (e.g. https://advisor.example); empty: link only articles' own URLs


@dataclass
class FaqPage:
    """The answered questions (in input order, each with its anchor) and the ones that need an article."""

    entries: list[tuple[str, Answer]] = field(default_factory=list)
    needs_article: list[str] = field(default_factory=list)


def build_page(answers: list[Answer]) -> FaqPage:
    """Split answers into publishable entries with unique, stable slugs and the uncovered questions."""
    page = FaqPage()
    used: set[str] = set()
    for a in answers:
        if a.abstained or not a.citations:
            page.needs_article.append(a.question)
            continue
        base = slugify(a.question, max_length=80, word_boundary=True) or "question"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        page.entries.append((slug, a))
    return page


def _title_href(c: Citation, opts: FaqOptions) -> str | None:
    return safe_url(c.url) or _article_href(c, opts)


def _article_href(c: Citation, opts: FaqOptions) -> str | None:
    return opts.articles_base.rstrip("/") + article_path(c.source, c.chunk_id) if opts.articles_base else None


def plain_answer(a: Answer) -> str:
    """The answer as plain sentences without markers (what structured data and snippets show)."""
    return " ".join(s.text for s in a.statements)


def json_ld(page: FaqPage) -> str:
    """schema.org FAQPage structured data, safe inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [{"@type": "Question", "name": a.question, "acceptedAnswer": {"@type": "Answer", "text": plain_answer(a)}} for _, a in page.entries],
    }
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def faq_html(answers: list[Answer], opts: FaqOptions | None = None) -> str:
    opts = opts or FaqOptions()
    e = html.escape
    page = build_page(answers)
    toc = "".join(f'<li><a href="#{slug}">{e(a.question)}</a></li>' for slug, a in page.entries)
    parts = [f"<h1>{e(opts.title)}</h1>"]
    if opts.intro:
        parts.append(f'<p class="faq-intro">{e(opts.intro)}</p>')
    parts.append(f'<nav aria-label="Questions"><ol>{toc}</ol></nav>')
    for slug, a in page.entries:
        parts.append(_entry_html(slug, a, opts))
    parts.append(f'<script type="application/ld+json">{json_ld(page)}</script>')
    section = f'<section class="advisor-faq" lang="{e(opts.lang, quote=True)}">' + "".join(parts) + "</section>"
    if opts.fragment:
        return section + "\n"
    return (
        f'<!doctype html><html lang="{e(opts.lang, quote=True)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(opts.title)}</title><style>{FAQ_CSS}</style></head><body><main>{section}</main></body></html>\n"
    )


def _entry_html(slug: str, a: Answer, opts: FaqOptions) -> str:
    e = html.escape
    body = html_blocks(a.statements, lambda ids: "".join(f' <a class="marker" href="#{slug}-source-{n}">[{n}]</a>' for n in ids))
    sources = []
    for c in a.citations:
        href = _title_href(c, opts)
        title = f'<a href="{e(href, quote=True)}">{e(c.title)}</a>' if href else e(c.title)
        second = _article_href(c, opts) if safe_url(c.url) else None
        extra = f' · <a href="{e(second, quote=True)}">read the passage</a>' if second else ""
        heading = f" — {e(c.heading)}" if c.heading else ""
        sources.append(f'<li id="{slug}-source-{c.id}"><cite>{title}</cite>{heading}{extra}<blockquote>{e(readable_quote(c.quote))}</blockquote></li>')
    return f'<article><h2 id="{slug}">{e(a.question)}</h2>{body}<ol class="faq-sources">{"".join(sources)}</ol></article>'


def escape_markdown(text: str) -> str:
    """Document text as literal Markdown text: no link, image, HTML, emphasis or heading can form."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _markdown_statement(s: Statement, slug: str) -> str:
    return escape_markdown(s.text) + "".join(f" [\\[{n}\\]](#{slug}-source-{n})" for n in s.citation_ids)


def faq_markdown(answers: list[Answer], opts: FaqOptions | None = None) -> str:
    opts = opts or FaqOptions()
    page = build_page(answers)
    out = [f"# {escape_markdown(opts.title)}", ""]
    if opts.intro:
        out += [escape_markdown(opts.intro), ""]
    out += [f"{i}. [{escape_markdown(a.question)}](#{slug})" for i, (slug, a) in enumerate(page.entries, 1)] + [""]
    for slug, a in page.entries:
        out += [f'<a id="{slug}"></a>', "", f"## {escape_markdown(a.question)}", ""]
        if a.statements:
            out += [markdown_blocks(a.statements, partial(_markdown_statement, slug=slug)), ""]
        for c in a.citations:
            href = _title_href(c, opts)
            title = f"[{escape_markdown(c.title)}]({href})" if href else escape_markdown(c.title)
            heading = f" — {escape_markdown(c.heading)}" if c.heading else ""
            quote = escape_markdown(readable_quote(c.quote))
            out.append(f'{c.id}. <a id="{slug}-source-{c.id}"></a>{title}{heading}: “{quote}”')
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def needs_article_report(page: FaqPage) -> str:
    """The questions to write an article for, one a line (empty string when every question was answered)."""
    return "".join(f"{q}\n" for q in page.needs_article)
