"""Consumer status, grace, arrears and the timeline (A2 note; DESIGN "Status")."""

from datetime import date
from decimal import Decimal

import pytest

from insurance.coverage import (
    CategorySpan,
    History,
    MonthState,
    PaymentFact,
    Policies,
    Policy,
    Reason,
    add_months,
    assess,
    assess_history,
    timeline,
)

POLICIES = Policies(
    [
        Policy(effective_from=date(2020, 1, 1), grace_months=3),
        Policy(
            effective_from=date(2026, 1, 1), grace_months=3, long_payer_months=60, long_payer_grace_months=6
        ),
    ]
)
WAGE = Decimal("85000")
BIRTH = date(1990, 3, 15)


def paid(*periods, paid_on=None, amount="4250", refunded="0"):
    return [
        PaymentFact(
            period=p,
            paid_on=paid_on or add_months(p, 1),
            amount=Decimal(amount),
            refunded_amount=Decimal(refunded),
        )
        for p in periods
    ]


def months(first: date, last: date):
    result, month = [], first
    while month <= last:
        result.append(month)
        month = add_months(month, 1)
    return result


def check(history, on):
    return assess_history(history, on, POLICIES, WAGE)


def test_a_month_paid_for_makes_a_consumer():
    history = History(BIRTH, paid(*months(date(2025, 1, 1), date(2026, 10, 1))))
    result = check(history, date(2026, 11, 20))
    # November is not paid yet (it is paid in December) but October is: within grace.
    assert result.is_consumer
    assert result.reason == Reason.GRACE
    assert result.last_paid_month == date(2026, 10, 1)
    assert result.covered_until == date(2027, 1, 31)
    assert result.arrears_months == []
    assert result.arrears_amount == Decimal("0.00")


def test_the_paid_month_itself_is_covered():
    history = History(BIRTH, paid(date(2026, 11, 1), paid_on=date(2026, 11, 5)))
    result = check(history, date(2026, 11, 20))
    assert result.is_consumer
    assert result.reason == Reason.PAID
    assert result.covered_until == date(2027, 2, 28)


@pytest.mark.parametrize(
    "on, consumer",
    [
        (date(2025, 6, 30), True),  # the last paid month
        (date(2025, 7, 1), True),  # grace month 1
        (date(2025, 9, 30), True),  # grace month 3, last day
        (date(2025, 10, 1), False),  # grace over
    ],
)
def test_grace_lasts_three_months_after_the_last_paid_month(on, consumer):
    history = History(BIRTH, paid(*months(date(2024, 1, 1), date(2025, 6, 1)), paid_on=date(2025, 6, 1)))
    result = check(history, on)
    assert result.is_consumer is consumer
    if not consumer:
        assert result.reason == Reason.LAPSED
        assert result.covered_until == date(2025, 9, 30)
        assert result.not_consumer_since == date(2025, 10, 1)


def test_sixty_consecutive_months_give_six_months_of_grace_from_2026():
    history = History(BIRTH, paid(*months(date(2021, 1, 1), date(2025, 12, 1)), paid_on=date(2025, 12, 20)))
    assert check(history, date(2026, 6, 30)).is_consumer
    assert check(history, date(2026, 6, 30)).covered_until == date(2026, 6, 30)
    assert not check(history, date(2026, 7, 1)).is_consumer


def test_fifty_nine_consecutive_months_are_not_enough():
    history = History(BIRTH, paid(*months(date(2021, 2, 1), date(2025, 12, 1)), paid_on=date(2025, 12, 20)))
    assert check(history, date(2026, 3, 31)).is_consumer
    assert not check(history, date(2026, 4, 1)).is_consumer


def test_a_gap_breaks_the_streak_of_consecutive_months():
    periods = [m for m in months(date(2020, 1, 1), date(2025, 12, 1)) if m != date(2022, 6, 1)]
    history = History(BIRTH, paid(*periods, paid_on=date(2025, 12, 20)))
    result = check(history, date(2026, 4, 1))
    assert result.consecutive_paid_months == 42
    assert not result.is_consumer


def test_the_longer_grace_does_not_apply_before_2026():
    history = History(BIRTH, paid(*months(date(2019, 1, 1), date(2025, 6, 1)), paid_on=date(2025, 6, 20)))
    assert not check(history, date(2025, 10, 1)).is_consumer


def test_a_fully_refunded_payment_covers_nothing():
    history = History(BIRTH, paid(date(2026, 10, 1), refunded="4250"))
    result = check(history, date(2026, 11, 10))
    assert not result.is_consumer
    assert result.reason == Reason.NEVER_COVERED
    assert date(2026, 10, 1) in result.arrears_months


def test_a_partly_refunded_payment_still_covers_its_month():
    history = History(BIRTH, paid(date(2026, 10, 1), refunded="1000"))
    assert check(history, date(2026, 11, 10)).is_consumer


def test_prepaid_months_cover_the_future_and_extend_coverage():
    prepaid = paid(*months(date(2026, 11, 1), date(2027, 4, 1)), paid_on=date(2026, 11, 2))
    history = History(BIRTH, prepaid)
    result = check(history, date(2026, 12, 15))
    assert result.is_consumer and result.reason == Reason.PAID
    assert result.covered_until == date(2027, 7, 31)


def test_payments_made_after_the_date_do_not_count_yet():
    late = paid(date(2026, 5, 1), paid_on=date(2026, 11, 1))  # arrears paid in November for May
    history = History(BIRTH, late)
    assert not check(history, date(2026, 6, 15)).is_consumer
    assert check(history, date(2026, 11, 2)).arrears_months.count(date(2026, 5, 1)) == 0


def test_a_state_category_makes_a_consumer_without_payments():
    history = History(BIRTH, [], [CategorySpan("pensioner", date(2019, 12, 1))])
    result = check(history, date(2026, 11, 22))
    assert result.is_consumer
    assert result.reason == Reason.STATE_CATEGORY
    assert result.category == "pensioner"
    assert result.covered_until is None  # open-ended: covered as long as the category holds
    assert result.arrears_months == []


def test_a_category_that_ended_leaves_grace_only_from_payments():
    child_birth = date(2008, 5, 8)
    history = History(child_birth, [], [CategorySpan("child", child_birth, date(2026, 5, 8))])
    assert check(history, date(2026, 5, 8)).is_consumer
    assert check(history, date(2026, 5, 8)).covered_until == date(2026, 5, 31)
    result = check(history, date(2026, 7, 1))
    assert not result.is_consumer
    assert result.reason == Reason.LAPSED
    assert result.covered_until == date(2026, 5, 31)
    assert result.not_consumer_since == date(2026, 6, 1)


def test_arrears_count_unpaid_months_of_the_twelve_before_the_date():
    periods = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 5, 1), date(2026, 6, 1)]
    history = History(BIRTH, paid(*periods, paid_on=date(2026, 7, 1)))
    result = check(history, date(2026, 11, 22))
    assert result.arrears_months == [
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 8, 1),
        date(2026, 9, 1),
        date(2026, 10, 1),
    ]
    # 7 months × 5% × 85,000 tenge (the minimum wage of 2026).
    assert result.arrears_amount == Decimal("29750.00")


def test_arrears_are_capped_at_twelve_months():
    result = check(History(BIRTH), date(2026, 11, 22))
    assert len(result.arrears_months) == 12
    assert result.arrears_months[0] == date(2025, 11, 1)
    assert result.arrears_months[-1] == date(2026, 10, 1)
    assert result.arrears_amount == Decimal("51000.00")


def test_months_before_birth_are_never_arrears():
    result = check(History(date(2026, 6, 10)), date(2026, 11, 22))
    assert result.arrears_months == months(date(2026, 6, 1), date(2026, 10, 1))


def test_months_covered_by_a_category_are_not_arrears():
    history = History(BIRTH, [], [CategorySpan("unemployed", date(2026, 1, 15), date(2026, 3, 10))])
    result = check(history, date(2026, 11, 22))
    assert date(2026, 1, 1) not in result.arrears_months
    assert date(2026, 3, 1) not in result.arrears_months
    assert date(2026, 4, 1) in result.arrears_months
    assert len(result.arrears_months) == 9


def test_the_arrears_use_the_rate_and_wage_given():
    policies = Policies(
        [Policy(effective_from=date(2020, 1, 1), arrears_rate=Decimal("0.10"), arrears_window_months=6)]
    )
    result = assess_history(History(BIRTH), date(2024, 7, 1), policies, Decimal("85000"))
    assert len(result.arrears_months) == 6
    assert result.arrears_amount == Decimal("51000.00")


def test_no_policy_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        Policies([])


def test_the_timeline_shows_what_covered_each_month():
    payments = (
        paid(*months(date(2025, 1, 1), date(2025, 6, 1)))
        + paid(date(2025, 9, 1), refunded="4250")
        + paid(*months(date(2026, 9, 1), date(2026, 12, 1)), paid_on=date(2026, 9, 5))
    )
    categories = [CategorySpan("unemployed", date(2026, 2, 1), date(2026, 4, 30))]
    cells = timeline(History(BIRTH, payments, categories), date(2026, 11, 22), POLICIES, months=24)
    states = {cell.month: cell.state for cell in cells}
    assert len(cells) == 24
    assert cells[0].month == date(2024, 12, 1) and cells[-1].month == date(2026, 11, 1)
    assert states[date(2024, 12, 1)] == MonthState.GAP
    assert states[date(2025, 3, 1)] == MonthState.PAID
    assert states[date(2025, 7, 1)] == MonthState.GRACE
    assert states[date(2025, 9, 1)] == MonthState.GRACE  # refunded, but still within grace
    assert states[date(2025, 10, 1)] == MonthState.GAP
    assert states[date(2026, 3, 1)] == MonthState.STATE
    assert states[date(2026, 9, 1)] == MonthState.PAID
    assert states[date(2026, 10, 1)] == MonthState.PREPAID
    assert states[date(2026, 11, 1)] == MonthState.PREPAID


def test_the_timeline_marks_a_refunded_month_outside_grace():
    payments = paid(date(2026, 1, 1), refunded="4250")
    cells = timeline(History(BIRTH, payments), date(2026, 3, 1), POLICIES, months=3)
    assert [c.state for c in cells] == [MonthState.REFUNDED, MonthState.GAP, MonthState.GAP]


@pytest.mark.django_db
def test_assess_reads_the_database_and_the_reference_data(django_assert_max_num_queries):
    from tests.factories import PaymentFactory, PersonFactory

    person = PersonFactory()
    for period in months(date(2026, 1, 1), date(2026, 9, 1)):
        PaymentFactory(person=person, period=period, paid_on=add_months(period, 1))
    with django_assert_max_num_queries(5):
        result = assess(person.iin, date(2026, 11, 22))
    assert result.is_consumer and result.reason == Reason.GRACE
    assert result.covered_until == date(2026, 12, 31)
    assert result.arrears_months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 10, 1)]
    assert result.arrears_amount == Decimal("12750.00")
