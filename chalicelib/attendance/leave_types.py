"""The leave types every tenant has, and how a request's length is counted.

Built-in types follow what Chinese law and common practice give: annual leave and 调休 (time off
in lieu, in hours) keep a balance; sick, personal, marriage, maternity, paternity and bereavement
leave do not (their length is set by law, local rules or a certificate, and HR checks it).
Maternity leave counts calendar days (98 days include holidays); the others count working days.
A tenant adds its own types (生日假…); a built-in code cannot be reused.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from chalicelib.attendance.schemas import LeaveType, LeaveUnit


def _builtin(
    code: str,
    zh: str,
    en: str,
    *,
    unit: LeaveUnit = LeaveUnit.DAY,
    paid: bool = True,
    tracked: bool = False,
    counts: Literal["working_days", "calendar_days"] = "working_days",
    hr_over: float | None = None,
) -> LeaveType:
    return LeaveType(
        code=code,
        name={"zh-CN": zh, "en": en},
        unit=unit,
        paid=paid,
        tracked=tracked,
        counts=counts,
        hr_approval_over=hr_over,
    )


@lru_cache(maxsize=1)
def built_in() -> dict[str, LeaveType]:
    """The built-in types by code (built on first use: schemas are not built at import)."""
    return {
        t.code: t
        for t in (
            _builtin("annual", "年假", "Annual leave", tracked=True, hr_over=5),
            _builtin("toil", "调休", "Time off in lieu", unit=LeaveUnit.HOUR, tracked=True),
            _builtin("sick", "病假", "Sick leave", hr_over=3),
            _builtin("personal", "事假", "Personal leave", paid=False, hr_over=3),
            _builtin("marriage", "婚假", "Marriage leave"),
            _builtin("maternity", "产假", "Maternity leave", counts="calendar_days", hr_over=0.5),
            _builtin("paternity", "陪产假", "Paternity leave"),
            _builtin("bereavement", "丧假", "Bereavement leave"),
        )
    }
