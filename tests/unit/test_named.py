"""Articles a question names (advisor.named)."""

import pytest

from advisor.named import agreement_asked, article_names, naming
from advisor.passage import Passage


def _doc(doc_id: str, publisher: str = "") -> Passage:
    return Passage(id=doc_id, doc_id=doc_id, title="T", url=None, heading="H", position=0, kind="prose", body="b", embed_text="b", publisher=publisher)


PASSAGES = [
    _doc("fractional-cio-vs-msp-orange-county.md"),
    _doc("fractional-cio-vs-msp-turning-point.md", "Turning Point Advisory"),
    _doc("fractional-cto-vs-managed-it.md"),
    _doc("fractional-cto-vs-msp-cto-input.md", "CTO Input"),
    _doc("msp-vs-fractional-it-executive.md"),
]
NAMES = article_names(PASSAGES)


def test_a_publisher_or_a_file_names_own_words_name_an_article() -> None:
    both, _ = naming("How do the Turning Point and Orange County articles each explain the vCIO conflict of interest?", NAMES)
    assert both == {"fractional-cio-vs-msp-orange-county.md", "fractional-cio-vs-msp-turning-point.md"}
    assert naming("What does CTO Input say about board reporting?", NAMES)[0] == {"fractional-cto-vs-msp-cto-input.md"}


def test_words_the_subject_shares_name_no_article() -> None:
    # a place, with no article spoken of; words of several file names ("managed it", "fractional it")
    assert not naming("Do a lot of Orange County companies fold strategy into the MSP relationship?", NAMES)[0]
    assert not naming("What does the managed IT article say about strategy?", NAMES)[0]
    assert not naming("What do the articles say about a fractional IT executive?", NAMES)[0]


def test_the_names_are_not_what_is_asked() -> None:
    q = "How do the Turning Point and Orange County articles each explain the vCIO conflict of interest?"
    assert naming(q, NAMES)[1] == "How do the and articles each explain the vCIO conflict of interest?"
    assert naming("What do Turning Point Advisory and the turning point article say?", NAMES)[1] == "What do and the article say?"
    assert naming("Is an MSP enough?", NAMES) == (frozenset(), "Is an MSP enough?")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("do your articles agree on what a vcio is", "what a vcio is"),
        ("do ur articles all say the same thing about msps offering vcio services", "msps offering vcio services"),
        ("Do the articles contradict each other about pricing?", "pricing"),
        ("Do all of your articles agree?", "Do all of your articles agree?"),  # nothing named: asked as it is
        ("do your articles agree that most companies need both", "do your articles agree that most companies need both"),  # a yes/no on that
    ],
)
def test_asked_whether_the_articles_agree(question: str, asked: str) -> None:
    assert agreement_asked(question) == asked


@pytest.mark.parametrize("question", ["Do most companies need both?", "Does the Orange County article say MSPs are cheap?", "Do MSPs and fractional CIOs agree on scope?"])
def test_not_asked_whether_the_articles_agree(question: str) -> None:
    assert agreement_asked(question) is None
