"""Questions asked from the provider's side of the market are outside the articles (advisor.scope.asks_as_a_provider)."""

import pytest

from advisor.scope import asks_as_a_provider


@pytest.mark.parametrize(
    "question",
    [
        "I run a small MSP — how should I price a vCIO add-on for my managed services clients?",
        "How do I get more clients for my MSP startup?",
        "how do i start an msp from scratch, what tools and insurance do i need first",
        "How do I start my own MSP business?",
        "how do fractional CTOs find their first clients",
        "What gross margins do MSPs typically make on per-user contracts?",
        "How big is the managed services market, and how fast is it growing?",
    ],
)
def test_a_providers_own_business_is_out_of_scope(question: str) -> None:
    assert asks_as_a_provider(question)


@pytest.mark.parametrize(
    "question",
    [
        "If we run an MSP and a fractional CIO together, how do we split the responsibilities?",  # a buyer running both
        "Given a fractional CIO costs roughly what a full-time CIO does, is it even worth going fractional?",
        "Our MSP's vCIO service is the same thing as an independent fractional CIO, so there's no reason to look elsewhere, right?",
        "How do we win more clients with the vCIO comparison?",  # the firm's own salespeople
        "What does an MSP cost per user per month?",
    ],
)
def test_a_buyers_question_is_not_a_providers(question: str) -> None:
    assert not asks_as_a_provider(question)
