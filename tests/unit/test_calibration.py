"""Rating distribution and its deviation from a target (forced) distribution."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.reviews.calibration import Bucket, compare, distribution
from chalicelib.reviews.scoring import DEFAULT_SCALE, RatingScale

FAST = settings(max_examples=200, deadline=None)

ratings_lists = st.lists(st.sampled_from(DEFAULT_SCALE.labels), max_size=300)


def test_given_ten_ratings_when_distributed_then_counts_and_shares_per_label_best_first():
    ratings = ["S", "A", "A", "B", "B", "B", "B", "C", "C", "D"]

    result = distribution(ratings, DEFAULT_SCALE)

    assert list(result) == ["S", "A", "B", "C", "D"]
    assert result["B"] == Bucket(4, Decimal("0.4000"))
    assert result["S"] == Bucket(1, Decimal("0.1000"))


def test_given_thirds_when_distributed_then_shares_still_sum_to_exactly_one():
    scale = RatingScale([("优", 90), ("良", 70), ("中", 0)])

    result = distribution(["优", "良", "中"], scale)

    assert [b.share for b in result.values()] == [Decimal("0.3334"), Decimal("0.3333"), Decimal("0.3333")]


def test_given_no_ratings_when_distributed_then_all_zero():
    result = distribution([], DEFAULT_SCALE)

    assert all(bucket == Bucket(0, Decimal("0.0000")) for bucket in result.values())


def test_given_label_outside_scale_when_distributed_then_value_error():
    with pytest.raises(ValueError, match="E"):
        distribution(["A", "E"], DEFAULT_SCALE)


@FAST
@given(ratings=ratings_lists)
def test_given_any_ratings_when_distributed_then_counts_total_and_shares_sum_to_one(ratings):
    result = distribution(ratings, DEFAULT_SCALE)

    assert sum(b.count for b in result.values()) == len(ratings)
    if ratings:
        assert sum(b.share for b in result.values()) == 1
        for bucket in result.values():
            assert abs(bucket.share - Decimal(bucket.count) / len(ratings)) <= Decimal("0.0001")


def test_given_too_many_s_ratings_when_compared_then_over_and_under_counts():
    ratings = ["S"] * 4 + ["A"] * 6 + ["B"] * 8 + ["C"] * 2  # 20 people
    target = {
        "S": Decimal("0.10"),
        "A": Decimal("0.20"),
        "B": Decimal("0.50"),
        "C": Decimal("0.15"),
        "D": "0.05",
    }

    deviations = {d.label: d for d in compare(distribution(ratings, DEFAULT_SCALE), target)}

    assert (deviations["S"].target_count, deviations["S"].over_count, deviations["S"].under_count) == (
        2,
        2,
        0,
    )
    assert (deviations["B"].target_count, deviations["B"].under_count) == (10, 2)
    assert (deviations["D"].actual_count, deviations["D"].target_count, deviations["D"].under_count) == (
        0,
        1,
        1,
    )
    assert deviations["A"].over_count == 2
    assert (deviations["C"].target_count, deviations["C"].under_count) == (3, 1)  # 0.15 × 20 = 3, two rated C


def test_given_partial_target_when_compared_then_only_targeted_labels_in_scale_order():
    result = distribution(["S", "A", "D"], DEFAULT_SCALE)

    deviations = compare(result, {"D": "0.1", "S": "0.2"})

    assert [d.label for d in deviations] == ["S", "D"]


@pytest.mark.parametrize(
    "target",
    [
        {"E": Decimal("0.1")},
        {"S": Decimal("1.1")},
        {"S": Decimal("-0.1")},
        {"S": Decimal("0.6"), "A": Decimal("0.6")},
    ],
)
def test_given_bad_target_when_compared_then_value_error(target):
    with pytest.raises(ValueError):
        compare(distribution(["S"], DEFAULT_SCALE), target)


@FAST
@given(ratings=ratings_lists, s_share=st.decimals(min_value=0, max_value=1, places=2))
def test_given_any_target_when_compared_then_actual_equals_target_plus_over_minus_under(ratings, s_share):
    (deviation,) = compare(distribution(ratings, DEFAULT_SCALE), {"S": s_share})

    assert deviation.actual_count == deviation.target_count + deviation.over_count - deviation.under_count
    assert deviation.over_count == 0 or deviation.under_count == 0
