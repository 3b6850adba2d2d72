"""Prices read from a question and from a quote, and the verdict the arithmetic gives (advisor.figures)."""

import pytest

from advisor.figures import Price, asked_price, billed_as, mixed_up, per_user, price_ask, price_ruling, price_verdict, prices, range_for, role_of
from tests.fakes import passage

ROW = "| Factor | MSP | Fractional IT Executive |\n|---|---|---|\n| Pricing model | Per-user fee ($50–$200/user/month) | Monthly retainer ($5,000–$20,000/month based on scope) |"
SALARY = "A full-time CIO at a mid-market company typically costs $220,000 to $280,000 per year — plus benefits."


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("$140 per user per month", 140, 140, "user-month"),
        ("($50–$200/user/month)", 50, 200, "user-month"),
        ("a $12k/month retainer", 12_000, 12_000, "month"),
        ("$5,000–$20,000/month based on scope", 5_000, 20_000, "month"),
        ("costs $220,000 to $280,000 per year", 220_000, 280_000, "year"),
        ("$150k a year", 150_000, 150_000, "year"),
        ("$1.2 million annually", 1_200_000, 1_200_000, "year"),
    ],
)
def test_prices_read_amount_range_and_unit(text: str, low: float, high: float, unit: str) -> None:
    assert prices(text) == [Price(low, high, unit, None)]  # type: ignore[arg-type]


def test_an_amount_without_a_unit_is_no_price() -> None:
    assert prices("We're a $40M distributor with 120 people.") == []  # revenue, not a price of anything
    assert asked_price("We're a $40M distributor. Do we need both an MSP and a fractional CIO?") is None


def test_roles_are_read_one_at_a_time() -> None:
    assert role_of("A fractional CIO quoted us a retainer") == "fractional"
    assert role_of("Got an MSP quote") == "msp"
    assert role_of(SALARY) == "full-time"
    assert role_of("Given a full-time CIO runs $200k, is a fractional CIO cheaper?") is None  # two roles: not one price's


def test_a_table_cells_role_is_its_column_header() -> None:
    row = passage(ROW, kind="table_row")
    asked = asked_price("A fractional CIO quoted us $12k a month. Is that typical?")
    assert asked is not None
    assert range_for(asked, row, row.readable()) == Price(5_000, 20_000, "month", "fractional")
    msp = asked_price("Our MSP wants $12k a month. Is that normal?")
    assert msp is not None and range_for(msp, row, row.readable()) is None  # the MSP's price is per user


@pytest.mark.parametrize(
    ("question", "text", "verdict"),
    [
        ("A fractional CIO quoted us a $12k/month retainer. Is that typical?", ROW, "yes"),
        ("I heard fractional CIOs charge like $50k a month. Is that about right?", ROW, "no"),
        ("Got an MSP quote at $140 per user per month, is that in the normal range?", ROW, "yes"),
        ("Our MSP wants $350 per user per month. Is that normal?", ROW, "no"),
        ("Is around $5k a month typical for a fractional CIO?", ROW, None),  # the range's end: scope decides, not arithmetic
        ("We pencilled in $150k a year for a full-time CIO. Is that realistic?", SALARY, "no"),
        ("Does a full-time CIO cost more than $200k a year?", SALARY, "yes"),
        ("Does a full-time CIO cost more than $250k a year?", SALARY, None),  # the range straddles it
        ("Does a full-time CIO cost less than $200k a year?", SALARY, "no"),
    ],
)
def test_the_verdict_is_the_asked_price_against_the_quoted_range(question: str, text: str, verdict: str | None) -> None:
    p = passage(text, kind="table_row" if text.startswith("|") else "prose")
    asked = asked_price(question)
    assert asked is not None
    stated = range_for(asked, p, p.readable())
    assert stated is not None
    assert price_verdict(asked, stated) == verdict


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Our MSP charges $350 per user per month. Are they overcharging us?", "yes"),
        ("Our MSP charges $150 per user per month. Is that too much?", "no"),
        ("Our MSP charges $30 per user per month. Is that too much?", None),  # cheap is not "too much", nor is it usual
        ("Our MSP charges $30 per user per month. Is that suspiciously cheap?", "yes"),
        ("I heard MSPs charge $500/user/month, right?", "no"),
    ],
)
def test_too_high_and_too_low_are_read_on_their_side_of_the_range(question: str, verdict: str | None) -> None:
    row = passage(ROW, kind="table_row")
    asked = asked_price(question)
    assert asked is not None
    stated = range_for(asked, row, row.readable())
    assert stated is not None and price_verdict(asked, stated) == verdict


def test_a_price_asked_about_otherwise_is_not_read() -> None:
    # "Worth it?" asks whether to buy, not whether the price is usual: the verdict model answers that.
    assert asked_price("A consultant is pitching us a fractional CIO at $8k a month. Worth it or not?") is None
    assert asked_price("Can we get a fractional IT exec for around $5k a month?") is None
    assert asked_price("A fractional CIO charges us $12k a month and has been fairly helpful. Should we renew?") is None  # "fairly"
    assert asked_price("Does a fractional CIO cost more than $15k–$30k a month?") is None  # more than a range: not read
    assert asked_price("Is $2k/month normal for a vCIO?") is None  # the articles price no vCIO (it is the MSP's)


def test_more_than_the_ranges_low_end_is_not_said() -> None:
    asked = asked_price("Does a fractional CIO cost more than $5,000 a month?")
    assert asked is not None and price_verdict(asked, Price(5_000, 20_000, "month", "fractional")) is None


def test_a_minus_sign_or_figure_dash_makes_a_range_and_a_thousands_comma_splits_no_clause() -> None:
    assert prices("$12k−$18k a month") == [Price(12_000, 18_000, "month", None)]
    assert prices("$12k‒$18k a month") == [Price(12_000, 18_000, "month", None)]
    known = [Price(500, 2_000, "user-month", "msp"), Price(5_000, 20_000, "month", "fractional")]
    assert mixed_up("Fractional CIOs bill $1,000 per user, so how do we budget?", known) == "fractional"  # not "$1" and "000 per user"


KNOWN = [Price(50, 200, "user-month", "msp"), Price(5_000, 20_000, "month", "fractional"), Price(220_000, 280_000, "year", "full-time")]


def test_a_premise_giving_one_role_the_others_per_user_rate_is_mixed_up() -> None:
    q = "MSPs usually charge a monthly retainer of $5k–$20k while fractional CIOs bill $50–$200 per user, so how do we budget?"
    assert mixed_up(q, KNOWN) == "fractional"
    assert mixed_up("Our MSP bills us $10k a month. How do we check their work?", KNOWN) is None  # may be the asker's total
    assert mixed_up("We pay our MSP $120 per user per month. Is that fine?", KNOWN) is None  # the MSP's own unit
    assert mixed_up("What does a fractional CIO cost?", iter(())) is None


def test_a_range_the_articles_give_another_role_is_mixed_up_even_without_a_per_user_rate() -> None:
    # a blind walk (stop 32): no correction
    assert mixed_up("MSPs usually charge a flat retainer of $5k–$20k a month, so how should we budget for one?", KNOWN) == "msp"
    assert mixed_up("Our MSP charges $8,000–$12,000 a month for 60 users. How do we check their work?", KNOWN) is None  # the asker's bill


def test_a_monthly_total_for_stated_users_is_asked_as_a_rate_per_user() -> None:
    q = "Our MSP charges $9,000 a month for 60 users, is that normal?"
    asked = asked_price(q)
    assert asked is not None and asked.price.unit == "month"
    rate = per_user(asked, q)
    assert rate is not None and (rate.price.low, rate.price.high, rate.price.unit, rate.headcount) == (150, 150, "user-month", 60)
    ruled = price_ruling(rate, KNOWN[0])
    assert ruled == ("yes", "Yes — at about $150 per user a month for 60 users, that is within the range our articles give.")
    assert per_user(asked, "Our MSP charges $9,000 a month, is that normal?") is None  # no headcount
    assert per_user(asked, "We're 60 people with 45 users; $9,000 a month, normal?") is None  # two counts: which?
    # a count that is not what the bill is paid for (a review found both divided)
    assert per_user(asked, "Our MSP charges $9,000 a month and our 3-person IT team still does most of the work, normal?") is None
    assert per_user(asked, "Our MSP charges $9,000 a month and sends 2 people on site every week, reasonable?") is None
    assert mixed_up("Our MSP quoted $5,000–$20,000 a month for our 100 users, is that normal?", KNOWN) is None  # $50–$200 a user


@pytest.mark.parametrize(
    ("question", "ruling"),
    [
        ("Our MSP quoted $8,000–$12,000 a month for 60 users. Is that reasonable?", ("yes", "Yes — at about $133–$200 per user a month for 60 users, that is within the range our articles give.")),
        ("Our MSP wants $150 to $180 per user per month. Is that normal?", ("yes", "Yes — that is within the range our articles give.")),
        ("Our MSP wants $250 to $300 per user per month. Is that too much?", ("yes", "Yes — that is above the range our articles give.")),
        ("Our MSP wants $150 to $250 per user per month. Is that normal?", None),  # straddles the range's top: half may be usual
        ("Our MSP wants $20 to $40 per user per month. Is that too much?", None),  # below the range is not "too high"
    ],
)
def test_a_quoted_range_is_read_by_where_both_its_ends_lie(question: str, ruling: tuple[str, str] | None) -> None:
    asked = asked_price(question)
    assert asked is not None
    rate = per_user(asked, question) or asked
    assert price_ruling(rate, KNOWN[0]) == ruling


def test_a_unit_word_before_the_amount_counts() -> None:
    assert prices("a monthly retainer of $5k–$20k") == [Price(5_000, 20_000, "month", None)]
    assert prices("an annual salary of $150k") == [Price(150_000, 150_000, "year", None)]
    assert prices("they bill $50–$200 per user") == [Price(50, 200, "user-month", None)]


@pytest.mark.parametrize(
    ("question", "ruling"),
    [
        ("A fractional CIO quoted us a $12k/month retainer. Is that typical?", ("yes", "Yes — that is within the range our articles give.")),
        ("Our MSP wants $350 per user per month. Is that normal or a rip-off?", ("no", "That is above the range our articles give.")),
        ("Our MSP wants $350 per user per month. Are we getting ripped off?", ("yes", "Yes — that is above the range our articles give.")),
    ],
)
def test_the_ruling_says_where_the_price_sits(question: str, ruling: tuple[str, str]) -> None:
    row = passage(ROW, kind="table_row")
    asked = asked_price(question)
    assert asked is not None
    stated = range_for(asked, row, row.readable())
    assert stated is not None and price_ruling(asked, stated) == ruling


def test_one_roles_cost_against_anothers_by_their_yearly_ranges() -> None:
    from advisor.figures import Price, compared_cost, cost_verdict, yearly

    retainer = Price(5000, 20000, "month", "fractional")
    salary = Price(220000, 280000, "year", "full-time")
    cheaper = compared_cost("Is a fractional CIO cheaper than a full-time CIO?")
    dearer = compared_cost("Is a fractional CIO more expensive than hiring a full-time one?")
    same = compared_cost("A fractional CIO ends up costing roughly what a full-time CIO does, so how do I justify it?")
    assert cheaper is not None and (cheaper.first, cheaper.second, cheaper.relation) == ("fractional", "full-time", "less")
    assert dearer is not None and dearer.relation == "more" and same is not None and same.relation == "same"
    fy, sy = yearly([retainer], "fractional"), yearly([salary], "full-time")
    assert fy == Price(60000, 240000, "year", "fractional") and sy is not None
    assert cost_verdict(cheaper, fy, sy) == "yes" and cost_verdict(dearer, fy, sy) == "no" and cost_verdict(same, fy, sy) == "no"
    assert cost_verdict(cheaper, Price(200000, 300000, "year", "fractional"), sy) is None  # wider at both ends: the ranges say neither
    assert yearly([Price(50, 200, "user-month", "msp")], "msp") is None  # no yearly figure without a headcount
    assert compared_cost("What does each cost?") is None and compared_cost("Is a fractional CIO cheaper than another fractional CIO?") is None
    # a review's: a price asked ("costs what per month"), the role after "than" in another clause, a negation, an overstatement
    for q in (
        "A fractional CIO costs what per month, compared to a full-time CIO?",
        "Our fractional CIO costs less than we expected; is a full-time CIO worth it?",
        "Is a fractional CIO not cheaper than a full-time CIO?",
        "Is a fractional CIO always cheaper than a full-time CIO?",
    ):
        assert compared_cost(q) is None, q


def test_a_yes_no_ask_about_a_price_is_read_where_the_question_goes_on_past_it() -> None:
    q = "We have 120 employees and our MSP charges $150 per user per month. Is that normal, and what would a fractional CIO add on top of that?"
    assert asked_price(q) is None  # two roles named: the whole question is no one price
    asked = price_ask(q)
    assert asked is not None and (asked.role, asked.price.low, asked.compares) == ("msp", 150, "usual")
    assert price_ask("Our MSP charges $150 per user per month. Is that normal?") is None  # nothing past it: asked_price reads it
    assert price_ask("Our MSP charges $150 per user per month, and what would a fractional CIO add?") is None  # no yes/no ask
    # an ask about something else than the price (a review's "Yes — that is within the range")
    assert price_ask("Our MSP charges $150 per user per month. Is it reasonable to expect them to handle our IT strategy too, or do we need a fractional CIO?") is None
    # the ask after an earlier ", and"
    later = price_ask("We have 60 users, and our MSP charges $9,000 a month. Is that normal, and what would a fractional CIO add?")
    assert later is not None and later.price.low == 9_000


ROW_PRICES = [Price(50, 200, "user-month", "msp"), Price(5000, 20000, "month", "fractional")]


def test_a_quoted_per_user_range_is_worked_out_for_the_askers_headcount() -> None:
    from advisor.figures import total_for

    # Two stop-34 blind walks were left to multiply the pricing row themselves.
    assert total_for(120, ROW_PRICES) == "For 120 users, $50–$200 per user a month comes to about $6,000–$24,000 a month."
    assert total_for(200, ROW_PRICES, both=True) == (
        "For 200 users, $50–$200 per user a month comes to about $10,000–$40,000 a month; "
        "with a $5,000–$20,000 monthly retainer, both come to about $15,000–$60,000 a month."
    )
    assert total_for(120, [Price(5000, 20000, "month", "fractional")]) is None  # no per-user range quoted
    assert total_for(120, [Price(50, 200, "user-month", "msp"), Price(60, 250, "user-month", None)]) is None  # which one?
    assert total_for(1, ROW_PRICES) is None


def test_a_headcount_is_a_count_the_bill_is_paid_for() -> None:
    from advisor.figures import headcount

    assert headcount("roughly what would both cost us? we're around 200 staff") == 200
    assert headcount("Our MSP has 3 people on our account. Is that enough?") is None
    assert headcount("Our MSP has 300 employees. What would they cost us per month?") is None  # theirs, not the asker's (a review's)
    assert headcount("We have 3 people in IT and 150 employees. What would an MSP cost?") is None  # the IT team is no headcount


def test_a_fractional_leader_typed_fast_is_the_fractional_role() -> None:
    # A stop-35 walk's "is a fcio cheaper than a full time cio" had no "Yes." and no fractional figure.
    from advisor.figures import role_of

    assert role_of("is a fcio cheaper") == "fractional"
    assert role_of("what do fctos charge") == "fractional"


_KNOWN = [Price(50, 200, "user-month", "msp"), Price(5000, 20000, "month", "fractional"), Price(220000, 280000, "year", "full-time")]


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("is msp pricing usually per user per month", ("yes", "msp")),
        ("Our MSP bills us per user every month — is that normal, and what's a typical range?", ("yes", "msp")),
        ("Do fractional CIOs usually work on a monthly retainer?", ("yes", "fractional")),
        ("Do fractional execs bill per user per month?", ("no", "fractional")),
        ("Do MSPs charge a monthly retainer?", ("no", "msp")),
        ("Do MSPs bill per device or per seat?", None),  # asks which
        ("Our MSP is on a monthly retainer, and that covers strategic leadership too, so we'd be paying twice, right?", None),  # a conclusion drawn
        ("We pay our MSP per user, so we don't need a fractional CIO, right?", None),  # a conclusion drawn, from a true billing
        ("Can a fractional CIO check whether our MSP billing per user is fair?", None),  # two roles by the billing words
        ("fractional execs bill per user per month like msps", None),  # two roles: whose bill is which is not read
        ("Our MSP charges $150 per user per month, is that normal?", None),  # an amount: price_verdict reads it
    ],
)
def test_how_a_role_bills_with_no_amount_is_read_against_the_units_the_articles_price_it_in(question: str, read: tuple[str, str] | None) -> None:
    assert billed_as(question, _KNOWN) == read
