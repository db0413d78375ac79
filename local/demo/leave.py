"""Demo step: annual leave for everyone in 2026, and a few leave requests (one waiting for 李强)."""

from __future__ import annotations

import zlib
from typing import Any

from local.demo import Demo, Step
from local.demo.org import _parallel


def _working_time(person_id: str) -> tuple[str, int]:
    """A made-up but stable joining date and prior working time, for a person without a file."""
    seed = zlib.crc32(person_id.encode())
    joined = f"{2016 + seed % 9}-{1 + seed % 12:02d}-01"
    return joined, (seed >> 8) % 180


def run(demo: Demo) -> str:
    hr = demo.as_("hr")
    people = demo.as_("admin").items("/org/people")

    def grant(person: dict[str, Any]) -> None:
        url = f"/attendance/people/{person['person_id']}/annual-leave"
        # The start date and working years come from the person's file (the people step runs first).
        answer = hr.request("POST", url, {"year": 2026}, ok=(201, 400, 409))
        error = answer.get("error") if isinstance(answer, dict) else None
        if error and error.get("code") != "conflict":  # no file yet: made-up working time (any other 400 raises)
            joined, months = _working_time(person["person_id"])
            hr.request("POST", url, {"year": 2026, "joined": joined, "working_months_before_joining": months},
                       ok=(201, 409))

    _parallel(grant, people)
    hr.post(f"/attendance/people/{demo.person_id('seller')}/ledger", {
        "leave_type": "toil", "kind": "grant", "amount": 8, "on": "2026-11-07", "reason": "11 月 7 日周六加班调休"})
    seller = demo.as_("employee")
    seller.post("/attendance/leave-requests", {
        "leave_type": "annual", "start": "2026-12-28", "end": "2026-12-29", "reason": "回老家",
        "idempotency_key": "demo-seller-annual"})
    sick = demo.as_("hr").post("/attendance/leave-requests", {
        "leave_type": "sick", "start": "2026-11-16", "end": "2026-11-16", "reason": "感冒发烧",
        "idempotency_key": "demo-hr-staff-sick"})
    if sick.get("status") in ("pending", "pending_hr"):  # 孙丽华 reports to 周婷 (admin + HR)
        demo.as_("admin").post(f"/attendance/leave-requests/{sick['request_id']}/decision",
                               {"version": sick["version"], "approve": True, "comment": "好好休息"})
    return f"annual leave for {len(people)} people, 3 leave requests"


STEP = Step("leave", ("POST /attendance/people/{person_id}/annual-leave", "POST /attendance/leave-requests"), run)
