"""Where things live in the web app: the one place that knows its screen paths.

Notifications store these links; the in-app inbox opens them and the reminder digests prefix them
with the web origin (``https://app.example`` + ``/#/tasks/01h...``). The web app uses hash
routing (``static_site/src/router.ts``), so every link is ``/#`` followed by a route path;
``tests/unit/test_links.py`` checks each function here against the routes declared there, so a
renamed screen fails the suite instead of sending people to a blank page.
"""

from __future__ import annotations

from urllib.parse import quote

PREFIX = "/#"


def _path(path: str, **query: str | None) -> str:
    pairs = [f"{key}={quote(value, safe='')}" for key, value in query.items() if value]
    return PREFIX + path + ("?" + "&".join(pairs) if pairs else "")


def _seg(value: str) -> str:
    return quote(value, safe=":.")


def inbox() -> str:
    return _path("/inbox")


def tasks() -> str:
    return _path("/tasks")


def task(task_id: str, message_id: str | None = None) -> str:
    """A task's screen (its discussion included); ``message_id`` scrolls to that message."""
    return _path(f"/tasks/{_seg(task_id)}", m=message_id)


def thread(thread_id: str, message_id: str | None = None) -> str:
    """An object's discussion (``<kind>:<object id>``); a task's discussion is on the task's screen."""
    kind, _, object_id = thread_id.partition(":")
    if kind == "task":
        return task(object_id, message_id)
    return _path(f"/threads/{_seg(thread_id)}", m=message_id)


def document(document_id: str) -> str:
    return _path(f"/documents/{_seg(document_id)}")


def my_indicators(set_id: str | None = None) -> str:
    """An employee's performance file (confirm / question their indicators); ``set_id`` opens that set's
    card with its questions and answers (and names the set whose confirmation the digest checks)."""
    return _path("/mine", set=set_id)


def hr_review(set_id: str) -> str:
    """HR's review of one indicator set (approve, return, answer questions)."""
    return _path(f"/hr/sets/{_seg(set_id)}")


def set_edit(set_id: str) -> str:
    """The author's view of their indicator set (editable while draft or returned)."""
    return _path(f"/sets/{_seg(set_id)}/edit")


def person(person_id: str) -> str:
    """A person's page (HR sees their contracts and lifecycle events there)."""
    return _path(f"/org/people/{_seg(person_id)}")


def person_file(person_id: str) -> str:
    """A person's file (人事档案): HR approves change requests there."""
    return _path(f"/people/{_seg(person_id)}/file")


def my_payslip(run_id: str) -> str:
    """The employee's payslip of one month (confirm it or ask about it)."""
    return _path("/payslips", run=run_id)


def payroll_run(run_id: str) -> str:
    """Payroll's run screen, with the run's open payslip questions."""
    return _path("/payroll/runs", run=run_id)


def leave_approvals() -> str:
    """Leave waiting for the caller's decision (a manager's team, or HR's queue)."""
    return _path("/leave/approvals")


def attendance_team() -> str:
    """A team's attendance, with the 补卡, overtime and trip requests waiting for the caller."""
    return _path("/attendance/team")


def my_leave() -> str:
    """The employee's leave requests and balances (a decision on their leave opens this)."""
    return _path("/leave")


def my_attendance() -> str:
    """The employee's month (我的考勤): a decided 补卡 or overtime request shows on its day there."""
    return _path("/attendance/month")


def my_trips() -> str:
    """The employee's business trips (a decided trip opens this)."""
    return _path("/attendance/trips")
