"""The contract rules as data (劳动合同法 art. 14, 19) and the pure headcount computation."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.core.errors import Invalid
from chalicelib.employment import rules
from chalicelib.employment.schemas import Contract, ContractType, EventType, Period, PeriodStatus
from chalicelib.employment.service import _months, compute_headcount


@pytest.mark.parametrize("start,end,months", [
    (date(2026, 1, 1), date(2026, 3, 31), 3),
    (date(2026, 1, 1), date(2026, 3, 30), 2),
    (date(2026, 1, 31), date(2026, 2, 27), 0),
    (date(2026, 1, 31), date(2026, 2, 28), 1),
    (date(2026, 1, 5), date(2029, 1, 4), 36),
    (date(2026, 1, 5), date(2029, 1, 3), 35),
])
def test_term_months_counts_whole_months_inclusive(start, end, months):
    assert rules.term_months(start, end) == months


@pytest.mark.parametrize("kind,start,end,max_months,latest", [
    ("fixed_term", date(2026, 1, 1), date(2026, 3, 30), 0, None),  # under 3 months: none
    ("fixed_term", date(2026, 1, 1), date(2026, 3, 31), 1, date(2026, 1, 31)),  # 3 months to under 1 year
    ("fixed_term", date(2026, 1, 1), date(2026, 12, 31), 2, date(2026, 2, 28)),  # 1 to under 3 years
    ("fixed_term", date(2026, 1, 5), date(2029, 1, 4), 6, date(2026, 7, 4)),  # 3 years or more
    ("open_ended", date(2026, 1, 5), None, 6, date(2026, 7, 4)),
    ("per_task", date(2026, 1, 5), None, 0, None),
    ("internship", date(2026, 1, 5), date(2026, 12, 31), 0, None),
    ("labour_dispatch", date(2026, 1, 1), date(2027, 12, 31), 2, date(2026, 2, 28)),
])
def test_probation_bound_by_term(kind, start, end, max_months, latest):
    limit = rules.probation_limit(kind, start, end)
    assert (limit.max_months, limit.latest_end) == (max_months, latest)
    assert limit.source == "劳动合同法 第十九条"


def test_the_rule_table_is_dated_and_a_date_before_it_is_400_naming_the_start():
    with pytest.raises(Invalid) as refused:
        rules.rule_on(date(2007, 12, 31))
    assert refused.value.details[0].field == "start_date"
    assert refused.value.text.code == "employment.no_rule"


@pytest.mark.parametrize("chain,right", [
    (["fixed_term"], False),
    (["fixed_term", "fixed_term"], True),
    (["fixed_term", "open_ended", "fixed_term"], False),
    (["per_task", "fixed_term", "fixed_term"], False),
    (["fixed_term", "fixed_term", "fixed_term"], True),
])
def test_two_consecutive_fixed_terms_give_the_open_ended_right(chain, right):
    assert rules.open_ended_right(chain) is right


def _period(person: str, start: str, unit: str, status: PeriodStatus = PeriodStatus.EMPLOYED) -> Period:
    return Period(person_id=person, start=date.fromisoformat(start), unit_id=unit, status=status,
                  event_id=f"{person}-{start}", event_type=EventType.TRANSFER)


def test_headcount_counts_rehires_as_joiners_and_tenure_from_the_last_return():
    # Given p1 hired 2020-01-01, left 2024-05-31, rehired 2024-07-01; p2 hired 2024-06-10 on a fixed term
    periods = [_period("p1", "2020-01-01", "A"), _period("p1", "2024-06-01", "A", PeriodStatus.LEFT),
               _period("p1", "2024-07-01", "B"), _period("p2", "2024-06-10", "A")]
    contracts = [Contract(contract_id="c2", person_id="p2", type=ContractType.FIXED_TERM,
                          start_date=date(2024, 6, 10), end_date=date(2027, 6, 9), probation_max_months=6,
                          signed_on=date(2024, 6, 1), created_at="2024-06-01")]
    # When May to July 2024 are computed
    result = compute_headcount(periods, contracts, _months(date(2024, 5, 1), date(2024, 7, 31)))
    rows = {r.month: r for r in result.months}
    # Then May has the leaver, June the new joiner, July the rehire
    assert (rows["2024-05"].headcount, rows["2024-05"].leavers, rows["2024-05"].joiners) == (1, 1, 0)
    assert (rows["2024-06"].headcount, rows["2024-06"].joiners, rows["2024-06"].by_unit) == (1, 1, {"A": 1})
    assert (rows["2024-07"].headcount, rows["2024-07"].joiners) == (2, 1)
    assert rows["2024-07"].by_type == {"fixed_term": 1, "none": 1}
    # 1 leaver over the average of 1 opening and 1 closing: on the last working day they still count
    assert rows["2024-05"].turnover_rate == 100.0
    assert result.tenure_bands == {"<1": 2}
