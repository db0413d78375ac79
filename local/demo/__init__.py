"""Demo data for the local run, loaded once through the real HTTP API.

Seeding is a list of steps, one per domain, org first. Each step names the API paths it needs
(from ``/openapi.json``); a step whose API is not there yet is skipped and tried again on the next
start, so data for a domain that lands later still arrives. Steps already done are recorded in
the run's snapshot (``meta["demo"]["steps"]``) and never run twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from local.demo import story
from local.demo.http import Api, sign_in


@dataclass
class Demo:
    """What the steps share: the API, the pool, the logins and ids found so far."""

    api_url: str
    pool_id: str
    client_id: str
    meta: dict[str, Any]  # persisted in the snapshot: tenant id, logins, steps done
    paths: set[str] = field(default_factory=set)  # "METHOD /path" from /openapi.json
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def api(self) -> Api:
        return Api(self.api_url)

    def has(self, *routes: str) -> bool:
        return all(r in self.paths for r in routes)

    def token(self, login: str) -> str:
        if login not in self._tokens:
            email = self.meta["logins"][login]["email"]
            self._tokens[login] = sign_in(self.client_id, email, story.PASSWORD)
        return self._tokens[login]

    def as_(self, login: str) -> Api:
        return Api(self.api_url, self.token(login))

    # Lookups re-read through the API, so a step run on a later start needs nothing cached.
    def units(self) -> dict[str, dict[str, Any]]:
        return {u["code"]: u for u in self.as_("admin").items("/org/units")}

    def positions(self) -> dict[str, dict[str, Any]]:
        return {p["code"]: p for p in self.as_("admin").items("/org/positions")}

    def people(self) -> dict[str, dict[str, Any]]:
        """By email (HR sees contact fields)."""
        return {p["email"]: p for p in self.as_("admin").items("/org/people")}

    def person_id(self, key: str) -> str:
        return self.meta["people"][key]


class NotReady(Exception):
    """Raised by a step whose API is not complete yet: skipped now, tried again on the next start."""


@dataclass(frozen=True)
class Step:
    name: str
    needs: tuple[str, ...]  # "METHOD /path" that must exist in /openapi.json
    run: Callable[[Demo], str]  # returns a one-line summary


def _paths(api: Api) -> set[str]:
    doc = api.get("/openapi.json")
    return {f"{method.upper()} {path}" for path, ops in doc.get("paths", {}).items() for method in ops}


def steps() -> list[Step]:
    from local.demo import attendance, collab, employment, goals, indicators, leave, org, payroll, people, raci, reviews

    # people before employment (a departure makes a file read-only) and before leave (leave reads the start
    # dates from the files)
    return [org.STEP, goals.STEP, raci.STEP, indicators.STEP, reviews.STEP, reviews.CYCLE_STEP, collab.STEP,
            people.STEP, employment.STEP, leave.STEP, attendance.STEP, payroll.STEP]


def seed(
    api_url: str,
    pool_id: str,
    client_id: str,
    meta: dict[str, Any],
    report: Callable[[str], None] = print,
    size: str = "full",
    only: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Run the steps not done yet whose API exists; returns the updated ``meta["demo"]``.

    ``size`` ("full" or "small", see :func:`story.plan`) applies when the company is first seeded.
    """
    demo_meta = dict(meta.get("demo") or {"steps": [], "size": size})
    demo = Demo(api_url, pool_id, client_id, demo_meta, _paths(Api(api_url)))
    for step in steps():
        if step.name in demo_meta["steps"] or (only and step.name not in only):
            continue
        if not demo.has(*step.needs):
            missing = ", ".join(r for r in step.needs if r not in demo.paths)
            report(f"  demo · {step.name}: skipped (API not there yet: {missing})")
            continue
        if step.name != "org" and "org" not in demo_meta["steps"]:
            break
        started = time.monotonic()
        try:
            summary = step.run(demo)
        except NotReady as exc:
            report(f"  demo · {step.name}: skipped ({exc})")
            continue
        except Exception as exc:  # noqa: BLE001 - keep what was seeded; later steps may depend on this one
            # Marked done anyway: running it again would duplicate what it created before failing.
            demo_meta["steps"] = [*demo_meta["steps"], step.name]
            demo_meta.setdefault("failed", {})[step.name] = str(exc)[:500]
            report(f"  demo · {step.name}: FAILED: {exc}\n    (the run continues; `--fresh` reseeds everything)")
            if step.name == "org":
                break
            continue
        demo_meta["steps"] = [*demo_meta["steps"], step.name]
        report(f"  demo · {step.name}: {summary} ({time.monotonic() - started:.1f} s)")
    return demo_meta
