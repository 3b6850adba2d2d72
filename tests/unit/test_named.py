"""Articles a question names (advisor.named)."""

from advisor.named import article_names, naming
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
