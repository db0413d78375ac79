"""Rating distribution of a population and how far it sits from the tenant's target distribution.

Shares are 4-decimal Decimals distributed by the largest-remainder method, so over a non-empty
population they sum to exactly 1 (1/3 each becomes 0.3334 + 0.3333 + 0.3333, not 0.9999).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from chalicelib.reviews.scoring import Number, RatingScale, to_decimal

_SHARE_UNITS = 10_000  # shares are counted in 0.0001 steps
_SHARE_QUANTUM = Decimal("0.0001")


@dataclass(frozen=True)
class Bucket:
    count: int
    share: Decimal


@dataclass(frozen=True)
class Deviation:
    label: str
    actual_count: int
    actual_share: Decimal
    target_share: Decimal
    target_count: int  # target share × population, rounded half up
    over_count: int  # people above the target count in this label (0 if not over)
    under_count: int  # people missing to reach the target count (0 if not under)


def distribution(ratings: Sequence[str], scale: RatingScale) -> dict[str, Bucket]:
    """Count and share per label, every label of the scale present, best label first.

    An empty population gives zero counts and zero shares. Raises ValueError for a label not in the scale.
    """
    labels = scale.labels
    counts = Counter(ratings)
    unknown = sorted(set(counts) - set(labels))
    if unknown:
        raise ValueError(f"ratings not in the scale: {', '.join(unknown)}")
    total = len(ratings)
    units = _largest_remainder([counts[label] for label in labels], total)
    return {
        label: Bucket(counts[label], (Decimal(unit) / _SHARE_UNITS).quantize(_SHARE_QUANTUM))
        for label, unit in zip(labels, units, strict=True)
    }


def _largest_remainder(counts: list[int], total: int) -> list[int]:
    if total == 0:
        return [0] * len(counts)
    exact = [Fraction(count * _SHARE_UNITS, total) for count in counts]
    units = [int(value) for value in exact]
    leftover = _SHARE_UNITS - sum(units)
    # Hand the leftover 0.0001 steps to the largest remainders; ties go to the better label (earlier).
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - units[i]), i))
    for i in order[:leftover]:
        units[i] += 1
    return units


def compare(actual: Mapping[str, Bucket], target: Mapping[str, Number]) -> list[Deviation]:
    """Deviation from the target share for each label that has one, in the scale's order.

    ``target`` need not cover every label (a tenant may only cap S and require some D); its shares must
    each lie in [0, 1] and together not exceed 1.
    """
    shares = {label: to_decimal(share) for label, share in target.items()}
    unknown = sorted(set(shares) - set(actual))
    if unknown:
        raise ValueError(f"target names labels not in the distribution: {', '.join(unknown)}")
    if any(not 0 <= share <= 1 for share in shares.values()):
        raise ValueError("target shares must each lie between 0 and 1")
    if sum(shares.values(), Decimal(0)) > 1:
        raise ValueError("target shares must not sum to more than 1")
    population = sum(bucket.count for bucket in actual.values())
    deviations = []
    for label, bucket in actual.items():
        if label not in shares:
            continue
        expected = int((shares[label] * population).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        difference = bucket.count - expected
        deviations.append(
            Deviation(
                label=label,
                actual_count=bucket.count,
                actual_share=bucket.share,
                target_share=shares[label],
                target_count=expected,
                over_count=max(difference, 0),
                under_count=max(-difference, 0),
            )
        )
    return deviations
