"""Surfaces' renderings without a model: readable quotes, the article page, the FAQ page (HTML and Markdown)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from advisor.article import article_html, document_passages
from advisor.faq import FaqOptions, build_page, faq_html, faq_markdown, needs_article_report
from advisor.models import Answer, Citation, Statement
from advisor.render import article_path, readable_quote
from tests.fakes import passage

PIXEL = "https://tracker.example/pixel.gif"
POISONED_QUOTE = f"An MSP keeps systems running ![p]({PIXEL}) <img src=\"{PIXEL}\"> [click](javascript:alert(1))."


def _answer(question: str, quote: str = "An MSP keeps systems running.", url: str | None = None, abstained: bool = False) -> Answer:
    if abstained:
        return Answer(question=question, statements=[Statement(text="The articles don't cover that.", kind="refusal")], abstained=True)
    return Answer(
        question=question,
        statements=[Statement(text="An MSP keeps systems running.", citation_ids=[1]), Statement(text="Monitoring", citation_ids=[2], kind="item")],
        citations=[
            Citation(id=1, title="MSP vs CIO", source="guides/msp.md", url=url, chunk_id="c1", quote=quote, heading="Roles"),
            Citation(id=2, title="Costs", source="costs.md", chunk_id="c2", quote="| Pricing model | $50 per user | $5,000 retainer |"),
        ],
    )


class _Tags(HTMLParser):
    """Every start tag with its attributes: what a browser would load or follow."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(page)
    return p.tags


def test_a_table_row_quote_reads_as_label_and_cells_never_pipes() -> None:
    assert readable_quote("| Pricing model | MSP $50–$200 per user per month | fractional $5,000–$20,000 per month retainer |") == (
        "Pricing model: MSP $50–$200 per user per month; fractional $5,000–$20,000 per month retainer"
    )
    assert readable_quote("| Role | Cost |\n|---|---|\n| MSP | $50 |") == "Role: Cost\nMSP: $50"
    assert readable_quote("Plain prose | with a pipe inside.") == "Plain prose | with a pipe inside."


def test_article_links_are_encoded_and_point_at_the_passage() -> None:
    assert article_path("guides/msp vs cio.md", "ab12") == "/articles/guides/msp%20vs%20cio.md#ab12"


def test_the_article_page_marks_every_passage_and_shows_document_markup_as_text() -> None:
    ps = [
        passage("Second paragraph.", doc="a.md", heading="Roles", position=2),
        passage(f"First ![p]({PIXEL}) <img src={PIXEL}>.", doc="a.md", heading="Roles", position=1),
        passage("| Model | MSP | Fractional |\n|---|---|---|\n| Pricing model | $50 | $5,000 |", doc="a.md", heading="Costs", position=3, kind="table_row"),
        passage("Other doc.", doc="b.md"),
    ]
    mine = document_passages(ps, "a.md")
    assert [p.position for p in mine] == [1, 2, 3]
    page = article_html(mine)
    ids = [a.get("id") for t, a in _tags(page) if t == "div"]
    assert ids == [p.id for p in mine]
    assert not [t for t, _ in _tags(page) if t in ("img", "script", "iframe")]
    assert "&lt;img src=" in page and '<html lang="en">' in page and "viewport" in page
    assert ".passage:target" in page  # the cited passage is highlighted when the URL names it
    assert page.count("<h2>Roles</h2>") == 1 and "<h2>Costs</h2>" in page  # one heading per section, not per passage
    assert "Pricing model: MSP: $50; Fractional: $5,000" in page and "| Pricing" not in page


def test_faq_html_is_a_publishable_page_with_stable_slugs_toc_and_structured_data() -> None:
    answers = [_answer("What does an MSP do?"), _answer("Who wins the World Cup?", abstained=True), _answer("What does an MSP do?")]
    page = faq_html(answers, FaqOptions(title="MSP questions", intro="Straight answers.", lang="de", articles_base="https://advisor.example"))
    assert page == faq_html(answers, FaqOptions(title="MSP questions", intro="Straight answers.", lang="de", articles_base="https://advisor.example"))
    assert page.startswith('<!doctype html><html lang="de">') and 'name="viewport"' in page and "<style>" in page
    assert "<title>MSP questions</title>" in page and "Straight answers." in page
    tags = _tags(page)
    h2 = [a["id"] for t, a in tags if t == "h2"]
    assert h2 == ["what-does-an-msp-do", "what-does-an-msp-do-2"]  # the uncovered question is left out
    assert "World Cup" not in page.split('<script type="application/ld+json">')[0]
    toc = [a["href"] for t, a in tags if t == "a" and (a.get("href") or "").startswith("#what") and "source" not in (a.get("href") or "")]
    assert toc == ["#what-does-an-msp-do", "#what-does-an-msp-do-2"]
    assert ("a", {"class": "marker", "href": "#what-does-an-msp-do-source-1"}) in tags
    assert any(t == "li" and a.get("id") == "what-does-an-msp-do-source-2" for t, a in tags)
    assert ("a", {"href": "https://advisor.example/articles/guides/msp.md#c1"}) in tags  # a title with no URL links to Advisor's article page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert ld["@type"] == "FAQPage" and [q["name"] for q in ld["mainEntity"]] == ["What does an MSP do?", "What does an MSP do?"]
    assert ld["mainEntity"][0]["acceptedAnswer"]["text"].startswith("An MSP keeps systems running.")
    assert "Pricing model: $50 per user; $5,000 retainer" in page


def test_faq_fragment_is_a_section_for_a_cms() -> None:
    frag = faq_html([_answer("What does an MSP do?")], FaqOptions(fragment=True))
    assert frag.startswith('<section class="advisor-faq" lang="en">') and "<html" not in frag and "<head" not in frag


def test_uncovered_questions_go_to_the_needs_an_article_report() -> None:
    page = build_page([_answer("What does an MSP do?"), _answer("Who wins the World Cup?", abstained=True)])
    assert needs_article_report(page) == "Who wins the World Cup?\n"


def test_faq_markdown_has_heading_anchors_marker_links_and_a_final_newline() -> None:
    md = faq_markdown([_answer("What does an MSP do?", url="https://firm.example/msp"), _answer("Nope?", abstained=True)])
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert '<a id="what-does-an-msp-do"></a>\n\n## What does an MSP do?' in md
    assert "1. [What does an MSP do?](#what-does-an-msp-do)" in md
    assert "[\\[1\\]](#what-does-an-msp-do-source-1)" in md and '<a id="what-does-an-msp-do-source-1"></a>[MSP vs CIO](https://firm.example/msp)' in md
    assert "Nope" not in md


def test_document_images_links_and_html_are_inert_in_faq_html_and_markdown() -> None:
    ans = [_answer("What does an MSP do?", quote=POISONED_QUOTE, url="javascript:alert(1)")]
    page = faq_html(ans)
    assert not [a for t, a in _tags(page) if t in ("img", "script") and a.get("type") != "application/ld+json"]
    assert all(not (a.get("href") or "").startswith("javascript:") for _, a in _tags(page))
    md = faq_markdown(ans)
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(md)
    rendered_tags = _tags(rendered)
    assert not [a for t, a in rendered_tags if t == "img"], rendered
    assert all(PIXEL not in (a.get("href") or "") and not (a.get("href") or "").startswith("javascript:") for _, a in rendered_tags)


def test_two_lists_quoted_one_after_the_other_stay_two_lists_in_every_rendering() -> None:
    # A list with its lead-in, then another passage's list without one: read as one list, the second
    # passage's items would look like more of the first's.
    from advisor.render import blocks, to_html, to_markdown, to_text

    a = Answer(
        question="What is it?",
        statements=[
            Statement(text="That work includes:", citation_ids=[1]),
            Statement(text="A roadmap", citation_ids=[1], kind="item"),
            Statement(text="Board reporting", citation_ids=[1], kind="item"),
            Statement(text="Managed IT keeps the lights on.", citation_ids=[2], kind="item"),
        ],
        citations=[
            Citation(id=1, title="A", source="a.md", chunk_id="c1", quote="That work includes:\n- A roadmap\n- Board reporting"),
            Citation(id=2, title="B", source="b.md", chunk_id="c2", quote="- Managed IT keeps the lights on."),
        ],
    )
    assert [(b.kind, len(b.statements)) for b in blocks(a.statements)] == [("paragraph", 1), ("list", 2), ("list", 1)]
    assert to_text(a) == "That work includes: [1]\n\n- A roadmap [1]\n- Board reporting [1]\n\n- Managed IT keeps the lights on. [2]"
    assert to_html(a).count("<ul>") == 2
    assert "- Board reporting [1]\n\n* Managed IT" in to_markdown(a)
    page = [a]
    assert faq_html(page).count("<ul>") == 2
    md = faq_markdown(page)
    assert "- A roadmap" in md and "* Managed IT keeps the lights on." in md  # another bullet: CommonMark starts another list
    unmarked = [Statement(text="One", kind="item"), Statement(text="Two", kind="item")]  # an LLM's list without markers
    assert [len(b.statements) for b in blocks(unmarked)] == [2]
