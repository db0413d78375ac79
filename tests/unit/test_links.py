"""Links in notifications and digests open a screen the web app really has (static_site/src/router.ts)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from chalicelib.core import links

ROUTER = Path(__file__).resolve().parents[2] / "static_site" / "src" / "router.ts"


def declared_routes(source: str) -> list[str]:
    """Route paths declared in router.ts, without the catch-all (it would match anything)."""
    return [p for p in re.findall(r"""\bpath:\s*["']([^"']+)["']""", source) if "(.*)" not in p]


def route_pattern(route: str) -> re.Pattern[str]:
    """vue-router path syntax used here: static segments, ``:param`` and optional ``:param?``."""
    out = ""
    for segment in route.strip("/").split("/"):
        if not segment:
            continue
        optional = segment.startswith(":") and segment.endswith("?")
        piece = "[^/]+" if segment.startswith(":") else re.escape(segment)
        out += f"(?:/{piece})?" if optional else f"/{piece}"
    return re.compile(f"^{out or '/'}/?$")


def web_path(link: str) -> str:
    """The route path a link opens: ``/#/tasks/t1?m=x`` -> ``/tasks/t1``."""
    assert link.startswith(links.PREFIX + "/"), link
    return urlsplit(link[len(links.PREFIX) :]).path


def matches(path: str, routes: list[str]) -> bool:
    return any(route_pattern(r).match(path) for r in routes)


EVERY_LINK = {
    "inbox": links.inbox(),
    "tasks": links.tasks(),
    "task": links.task("01hq3v6x1y2z3a4b5c6d7e8f9g"),
    "task message": links.task("t1", "m1"),
    "task thread": links.thread("task:t1", "m1"),
    "unit thread": links.thread("unit:u1", "m1"),
    "indicator thread": links.thread("indicator:s1.i1"),
    "set thread": links.thread("indicator_set:s1"),
    "document": links.document("d1"),
    "my indicators": links.my_indicators(),
    "my indicator set": links.my_indicators("s1"),
    "hr review": links.hr_review("s1"),
    "set edit": links.set_edit("s1"),
    "my payslip": links.my_payslip("r1"),
    "payroll run": links.payroll_run("r1"),
    "leave approvals": links.leave_approvals(),
    "attendance team": links.attendance_team(),
    "my leave": links.my_leave(),
    "my attendance": links.my_attendance(),
    "my trips": links.my_trips(),
}


@pytest.mark.parametrize("name", list(EVERY_LINK))
def test_every_link_opens_a_declared_route_of_the_web_app(name):
    # Given the routes the web app declares
    routes = declared_routes(ROUTER.read_text(encoding="utf-8"))
    # When a notification carries this link
    path = web_path(EVERY_LINK[name])
    # Then a route of the web app (not the catch-all) opens it
    assert matches(path, routes), f"{name}: {path} is not a route in {ROUTER.name}: {routes}"


def test_a_renamed_route_is_caught():
    # Given a router where the task screen was renamed
    source = 'const routes = [{ path: "/todo/:taskId", name: "task" }, { path: "/:pathMatch(.*)*", redirect: "/" }];'
    # When the task link is checked against it
    # Then it no longer matches (and the catch-all does not count)
    assert not matches(web_path(links.task("t1")), declared_routes(source))


def test_a_task_thread_link_opens_the_task_and_keeps_the_message():
    assert links.thread("task:t1", "m1") == "/#/tasks/t1?m=m1"


def test_a_digest_link_is_the_web_origin_followed_by_the_hash_route():
    # The digest prefixes links with the web origin; the browser then opens the hash route
    url = urlsplit("https://app.luodi.example" + links.task("t1"))
    assert url.path == "/" and url.fragment == "/tasks/t1"
