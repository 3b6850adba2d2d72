"""Questions asked from the provider's side of the market are outside the articles (advisor.scope.asks_as_a_provider)."""

import pytest

from advisor.scope import asks_an_unstated_price, asks_as_a_provider


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
        "What should I charge clients as a fractional CTO?",
        "I'm thinking about working as a fractional CIO. What do I need?",
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
        "What would a fractional CTO charge us per month?",
        "As a CFO, I want to know what a fractional CIO costs.",
    ],
)
def test_a_buyers_question_is_not_a_providers(question: str) -> None:
    assert not asks_as_a_provider(question)


@pytest.mark.parametrize(
    ("question", "unstated"),
    [
        ("How much salary does a full-time CISO command these days?", True),
        ("How much does a fractional CFO cost, and do we need one before a fundraise?", True),
        ("What salary should we budget for an in-house IT manager to run our helpdesk?", True),
        # a role the articles price is named: answered with its price
        ("Is a fractional CIO cheaper than a full-time IT director?", False),
        ("What does an MSP cost per user per month?", False),
        # the unpriced role named in the story, not in the price asked
        ("Our CFO is worried about spend. How much does a fractional CIO cost?", False),
        ("Should our fractional CTO also cover the CISO role?", False),  # no price asked
    ],
)
def test_a_price_the_articles_never_state_is_out_of_scope(question: str, unstated: bool) -> None:
    assert asks_an_unstated_price(question) is unstated


@pytest.mark.parametrize(
    ("question", "operational"),
    [
        ("Should we patch our Windows servers weekly or monthly?", True),  # a stop-36 blind walk's, answered "It depends."
        ("How often should we replace employee laptops?", True),
        ("How often should we test our backups?", True),
        ("How often should our fractional CIO review the MSP's performance?", False),  # a side's work: the articles say quarterly
        ("How often should our IT roadmap be updated?", False),
        ("Should we meet weekly or monthly with our MSP?", False),
    ],
)
def test_how_often_to_do_an_operational_task_is_outside_the_articles(question: str, operational: bool) -> None:
    from advisor.scope import asks_an_operational_schedule

    assert asks_an_operational_schedule(question) is operational
