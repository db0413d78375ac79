"""Pay per use: what one 200-person tenant's typical month costs in AWS, at public us-east-1 prices.

    /work/main/.venv/bin/python bench/cost.py

Runs in moto, in-process, exactly like the tests (tests/support/env, ``chalice.test.Client``):

1. Builds the demo company (setup, not counted): 200 people in 销售部 (two teams of 33), 运营部,
   技术部, 风控部, 人力资源部 (4) and 财务部 with heads and positions; users for admin, HR,
   executive, managers and two employees. Units, heads, positions, users, indicator sets, the cycle,
   actuals and tasks go through the API; the 190 staff go through the org service in batched
   transactions (one request each would take most of the run). 销售部's March indicators are
   drafted, submitted and approved for its 66 sellers, 90 % of whom confirm and read their inbox
   (service calls); three more departments' sets wait for HR; a monthly review cycle runs for
   销售部 with the first actuals entered; ten tasks, three overdue on the day measured (18 March).
2. Profiles each request type of a typical month (counted): per request, DynamoDB round trips and
   estimated read/write request units (bench/_capacity.py states the rules and the item-size
   approximation), split into the handler's share and the custom authorizer's share, and the
   in-process time. ``chalice.test.Client`` runs the authorizer on every request; API Gateway
   caches its answer for ``AUTH_CACHE_SECONDS`` (300 s) per token, so in AWS it runs about once
   per 5-minute session: the month below charges the authorizer per session, not per request.
3. Runs the daily reminders once as AWS would (schedule handler -> SQS -> per-tenant job) and
   counts its units, SQS requests (incl. GetQueueUrl calls and the receive/delete the event source
   mapping would make) and the digest emails SES sent.
4. Multiplies by the monthly volumes below and prices the month with chalicelib/metering/prices.py
   for the REST API Chalice deploys and, for comparison, an HTTP API.
5. Fleet: the cost per tenant at 1, 100 and 1,000 such tenants in one deployment, with the lines
   that are per user (Cognito MAU, billed per pool on graduated tiers) and per deployment (the SQS
   trigger's polling, alarms, log storage) next to the per-request ones; CloudWatch Logs ingestion
   is priced from the bytes the app logged while the requests were profiled, plus Lambda's own
   START/END/REPORT lines.

    .venv/bin/python bench/cost.py --fleet-only   # step 5 alone, from the figures of the last full run

Figures only; it never asserts. In-process times include moto and the test client, so the
"measured" Lambda compute is an upper bound; the "assumed" one uses ``ASSUMED_MS`` per invocation.
The usage counter (metering) is buffered per container; it is priced from the assumption below
rather than from whenever the buffer happens to flush during the run.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._capacity import capacity, table_bytes  # noqa: E402  (before any DynamoDB client exists)
from bench._support import round_trips  # noqa: E402  (idem)
from tests.support import env  # noqa: E402

env.configure()
env.reuse_moto_signing_key()
env.fast_moto_transactions()  # as tests/conftest.py: moto's transactions, minus the table deep-copy

# ---- monthly volumes: assumptions for a 200-person company ---------------------------------------
PEOPLE = 200
WORKING_DAYS = 21
WEEKS = 30 / 7  # 4.29 weeks in a 30-day month
DAYS = 30
EMPLOYEE_SESSIONS_PER_WEEK = 2  # every person opens the app about twice a week
MANAGERS = 8  # heads of the six departments and of the two sales teams, daily
HR_USERS = 2  # daily
DIRECTORS = 2  # the executive and the founder, three times a week
DIRECTOR_SESSIONS_PER_WEEK = 3
# Actuals: 销售部's head enters loans and conversions, 运营部's head the leads, for 66 sellers,
# weekly; at most 20 entries per request -> 4 requests per measure per week.
ACTUALS_REQUESTS_PER_WEEK = 3 * math.ceil(66 / 20)
DATA_OWNERS = 2
APPROVALS_PER_MONTH = 8  # one monthly set per position, approved by HR
OTHER_REQUESTS_SHARE = 0.10  # not profiled (reviews, task edits, org edits): +10 % at the mean cost
METERING_FLUSH_EVERY = 25  # chalicelib/metering/store.py: one counter write per ~25 requests...
ASSUMED_MS = 120  # average billed duration per invocation (API handler, authorizer, scheduled)
LAMBDA_MEMORY_GB = 0.5  # 512 MB
REPEATS = 2  # requests measured per type
COGNITO_PLAN = "LITE"  # infra/auth.yaml UserPoolTier (docs/decisions.md: the plan that has what we use)
PLATFORM_LOG_BYTES = 400  # Lambda's START/END/REPORT lines per invocation (assumed; REPORT is ~250 B)
LOG_RETENTION_MONTHS = 1  # stored logs priced for this long (compressed ~ 1/5)
FUNCTIONS = 5  # API handler, authorizer, reminders fan-out, reminders job, mail feedback
ALARMS = 2 * FUNCTIONS + 3  # infra/monitoring.yaml: errors + throttles per function, table, queue, DLQ
SQS_IDLE_RECEIVES = 5 * 3 * 60 * 24 * DAYS  # the SQS trigger's 5 pollers x one 20-s long poll each
FLEET = (1, 100, 1_000)
# Figures of the last full run (per tenant-month, REST API, assumed ms), for --fleet-only.
LAST_RUN = {"total": 0.1080, "invocations": 10_636, "log_bytes_per_request": 0.0}  # 2026-12-06

PERIOD = "2026-03"
TODAY = datetime(2026, 3, 18, 2, 0, tzinfo=UTC)  # a Wednesday mid-month, 10:00 in China
DEPARTMENTS = [  # code, name, people incl. the head, position
    ("OPS", "运营部", 39, ("OPS_STAFF", "运营专员")),
    ("TECH", "技术部", 39, ("TECH_ENG", "开发工程师")),
    ("RISK", "风控部", 25, ("RISK_ANALYST", "风控专员")),
    ("HRD", "人力资源部", 4, ("HR_STAFF", "人事专员")),
    ("FIN", "财务部", 20, ("FIN_ACCOUNTANT", "会计")),
]
SALES_TEAMS = [("SALES1", "销售一组", 33), ("SALES2", "销售二组", 33)]  # plus the heads
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


# ---- measuring ----------------------------------------------------------------------------------

@dataclass
class Sample:
    trips: dict[str, int]
    read: dict[str, float]
    write: dict[str, float]
    gsi_write: dict[str, float]
    seconds: float
    auth_seconds: float
    status: int


@dataclass
class Profile:
    label: str
    who: str
    samples: list[Sample] = field(default_factory=list)
    per_month: float = 0.0

    def mean(self, what: str, phase: str) -> float:
        return statistics.fmean(getattr(s, what).get(phase, 0) for s in self.samples)

    @property
    def median_ms(self) -> float:
        return statistics.median((s.seconds - s.auth_seconds) * 1000 for s in self.samples)

    @property
    def auth_median_ms(self) -> float:
        return statistics.median(s.auth_seconds * 1000 for s in self.samples)


class Probe:
    """Counts one request at a time; the authorizer's calls are attributed to phase 'authorizer'."""

    def __init__(self) -> None:
        self._stack: ExitStack | None = None
        self.trips: Any = None
        self.units: Any = None
        self.auth_seconds = 0.0

    @contextmanager
    def request(self) -> Iterator[None]:
        self.auth_seconds = 0.0
        with round_trips() as trips, capacity() as units:
            self.trips, self.units = trips, units
            try:
                yield
            finally:
                self.trips = self.units = None
        self.last = (trips, units)

    @contextmanager
    def authorizer(self) -> Iterator[None]:
        started = time.perf_counter()
        with ExitStack() as stack:
            if self.trips is not None:
                stack.enter_context(self.trips.phase("authorizer"))
                stack.enter_context(self.units.phase("authorizer"))
            yield
        self.auth_seconds += time.perf_counter() - started


PROBE = Probe()


class LogBytes:
    """Bytes the app's logger writes (what CloudWatch Logs ingests), counted per request measured."""

    def __init__(self) -> None:
        import logging

        from chalicelib.core.observability import logger

        self.bytes = 0
        self.requests = 0
        logger.setLevel("INFO")  # the deployed level (.chalice/config.json); tests/support/env sets WARNING
        formatter = logger.registered_formatter
        counter = self

        class _Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                counter.bytes += len(formatter.format(record).encode()) + 1

        logging.getLogger(logger.name).addHandler(_Handler())

    @property
    def per_request(self) -> float:
        return self.bytes / max(1, self.requests)


LOGS: LogBytes | None = None


def split_authorizer(app: Any) -> None:
    """Wrap the custom authorizer's function so its DynamoDB calls and time are counted apart."""
    from chalice.app import ChaliceAuthorizer

    wrapped: set[int] = set()
    for methods in app.routes.values():
        for entry in methods.values():
            auth = entry.authorizer
            if not isinstance(auth, ChaliceAuthorizer) or id(auth) in wrapped:
                continue
            wrapped.add(id(auth))
            original = auth.func

            def func(request: Any, _original: Callable[[Any], Any] = original) -> Any:
                with PROBE.authorizer():
                    return _original(request)

            auth.func = func


def measure(profile: Profile, call: Callable[[int], Any]) -> None:
    for n in range(REPEATS):
        started = time.perf_counter()
        with PROBE.request():
            reply = call(n)
        seconds = time.perf_counter() - started
        trips, units = PROBE.last
        assert reply.status < 300, (profile.label, reply.status, reply.body)  # a broken setup, not a figure
        profile.samples.append(Sample(
            trips=trips.by_phase, read=dict(units.read_by_phase), write=dict(units.write_by_phase),
            gsi_write=dict(units.gsi_write_by_phase), seconds=seconds, auth_seconds=PROBE.auth_seconds,
            status=reply.status))


# ---- the demo company ---------------------------------------------------------------------------

def name_of(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + (GIVEN[(n * 3) % len(GIVEN)] if n % 3 else "")


def build(api: Any) -> Any:
    from chalicelib.core import clock
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.core.db import Changes
    from chalicelib.core.ids import new_id
    from chalicelib.org import service as org
    from chalicelib.org import store as org_store
    from chalicelib.org.schemas import Person
    from tests.support.world import sign_up

    company = sign_up(api, "示例金融科技有限公司")
    hr = RequestContext(tenant_id=company.tenant_id, user_id="bench-setup", person_id=company.people["founder"],
                        roles=frozenset({Role.ADMIN, Role.HR}))
    counter = iter(range(1, 10_000))

    def position(code: str, title: str, unit: str, headcount: int) -> str:
        reply = company.admin.post("/org/positions", {"code": code, "title": title, "unit_id": company.units[unit],
                                                      "headcount": headcount})
        assert reply.status == 201, reply.body
        company.units[f"position:{code}"] = reply.body["position_id"]
        return reply.body["position_id"]

    def staff(unit: str, count: int, head_label: str, position_id: str, prefix: str) -> list[str]:
        """The staff of a unit, 20 people per transaction through the org service (the API's own
        write path; one request per person would take most of the run)."""
        unit_path = org_store.get_unit(company.tenant_id, company.units[unit]).path
        labels, batch = [], Changes()
        for i in range(count):
            n = next(counter)
            person = Person(person_id=new_id(), name=name_of(n), email=f"staff{n}@{company.tenant_id}.test",
                            employee_no=f"S{n:05d}", unit_id=company.units[unit], position_id=position_id,
                            manager_id=company.people[head_label])
            org.add_new_person(batch, hr, person, unit_path)
            company.people[f"{prefix}{i}"] = person.person_id
            labels.append(f"{prefix}{i}")
            if len(batch) >= 80:
                batch.commit()
                batch = Changes()
        batch.commit()
        return labels

    company.person("executive_person", "高远", None)
    company.person("sales_head", "李强")
    company.unit("SALES", "销售部", head="sales_head")
    sellers: list[str] = []
    for code, name, size in SALES_TEAMS:
        head = f"{code.lower()}_head"
        company.person(head, name_of(next(counter)), "SALES", manager_id=company.people["sales_head"])
        company.unit(code, name, parent_code="SALES", head=head)
        rep = position(f"{code}_REP", "客户经理", code, size)
        sellers += staff(code, size, head, rep, f"{code.lower()}_")
    for code, name, size, (pos_code, title) in DEPARTMENTS:
        head = f"{code.lower()}_head"
        company.person(head, name_of(next(counter)))
        company.unit(code, name, head=head)
        pid = position(pos_code, title, code, size)
        staff(code, size - 1, head, pid, f"{code.lower()}_")
    company.sellers = sellers  # type: ignore[attr-defined]

    company.user("hr", ["hr"], person="hrd_head")
    company.user("hr2", ["hr"], person="hrd_0")
    company.user("executive", ["executive"], person="executive_person")
    company.user("manager", person="sales_head")
    company.user("team_manager", person="sales1_head")
    company.user("ops", person="ops_head")
    for code in ("TECH", "RISK", "FIN"):
        company.user(f"{code.lower()}_manager", person=f"{code.lower()}_head")
    company.user("employee", person="sales1_0")
    company.user("engineer", person="tech_0")

    clock.freeze(datetime(2026, 3, 1, 2, tzinfo=UTC))
    publish_sales(company)
    for code, manager in (("OPS", "ops"), ("TECH", "tech_manager"), ("RISK", "risk_manager")):
        company.units[f"set:{code}"] = submitted_set(company, code, manager)
    open_cycle(company)
    tasks(company)
    clock.freeze(TODAY)
    enter_actuals(company, "2026-03-13", 1)
    return company


def indicators(company: Any) -> list[dict[str, Any]]:
    from tests.support.review_sources import conversion, loans

    company.people["ops_clerk"] = company.people["ops_head"]  # 运营部's head owns the lead counts
    return [conversion(company, 60), loans(company, 40)]


def publish_sales(company: Any) -> None:
    from chalicelib.collab import service as collab
    from chalicelib.collab.schemas import MarkRead
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.indicators import service
    from chalicelib.indicators.schemas import ConfirmBody

    manager = company.as_("manager")
    created = manager.post("/indicators/sets", {
        "period": PERIOD, "unit_id": company.units["SALES"], "title": "客户经理 3 月指标",
        "person_ids": [company.people[label] for label in company.sellers],
        "indicators": indicators(company)})
    assert created.status == 201, created.body
    submitted = manager.post(f"/indicators/sets/{created.body['set_id']}/submit", {"version": created.body["version"]})
    assert submitted.status == 200, submitted.body
    approved = company.as_("hr").post(f"/indicators/sets/{created.body['set_id']}/approve",
                                      {"version": submitted.body["version"]})
    assert approved.status == 200, approved.body
    company.indicator_ids = {i["name"]: i["indicator_id"] for i in approved.body["indicators"]}
    # 90 % of the sellers confirm and read their inbox (through the services: setup, not a profile)
    for label in company.sellers[: int(len(company.sellers) * 0.9)]:
        ctx = RequestContext(tenant_id=company.tenant_id, user_id=f"u-{label}", person_id=company.people[label],
                             roles=frozenset({Role.EMPLOYEE}))
        service.confirm(ctx, created.body["set_id"], ConfirmBody())
        collab.mark_read(ctx, MarkRead(all=True))


def submitted_set(company: Any, unit: str, user: str) -> dict[str, Any]:
    api = company.as_(user)
    body = {"name": "工作完成率", "formula": "done / planned * 100", "unit": "percent",
            "direction": "higher_is_better", "target": 95, "threshold": 80, "weight": 100,
            "definition": "当月按期完成的工作项占计划工作项的比例",
            "measures": [{"key": "done", "name": "完成项数", "unit": "count"},
                         {"key": "planned", "name": "计划项数", "unit": "count"}],
            "data_source": {"unit_id": company.units[unit], "system": "OA",
                            "owner_person_id": company.people[f"{unit.lower()}_head"]}}
    position_code = next(p[0] for c, _, _, p in DEPARTMENTS if c == unit)
    created = api.post("/indicators/sets", {"period": PERIOD, "position_id": company.units[f"position:{position_code}"],
                                            "title": f"{unit} 3 月指标", "indicators": [body]})
    assert created.status == 201, created.body
    reply = api.post(f"/indicators/sets/{created.body['set_id']}/submit", {"version": created.body["version"]})
    assert reply.status == 200, reply.body
    return reply.body


def open_cycle(company: Any) -> None:
    heads = [company.people[h] for h in ("sales_head", "sales1_head", "sales2_head")]
    reply = company.as_("hr").post("/reviews/cycles", {
        "name": "2026 年 3 月考核", "period": PERIOD, "unit_id": company.units["SALES"], "excluded_person_ids": heads,
        "deadlines": {"goal_setting": "2026-03-05", "in_progress": "2026-03-31"}})
    assert reply.status == 201, reply.body
    locked = company.as_("hr").post(f"/reviews/cycles/{reply.body['cycle_id']}/advance",
                                    {"version": reply.body["version"]})
    assert locked.status == 200, locked.body
    company.cycle_id = reply.body["cycle_id"]


def tasks(company: Any) -> None:
    """Tasks created on 1 March: three already overdue on the 18th, two due in the next days, five later."""
    plan = [("hr", "sales_head", "2026-03-10"), ("hr", "ops_head", "2026-03-12"), ("manager", "sales1_3", "2026-03-16"),
            ("manager", "sales1_head", "2026-03-19"), ("hr", "fin_head", "2026-03-20"),
            *[("hr", f"{u}_head", "2026-03-31") for u in ("tech", "risk", "fin", "ops", "sales2")]]
    for by, assignee, deadline in plan:
        reply = company.as_(by).post("/collab/tasks", {"title": f"完成 {deadline} 的指标工作",
                                                       "assignee_id": company.people[assignee], "deadline": deadline})
        assert reply.status == 201, reply.body


def actuals_bodies(company: Any, as_of: str, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """(user, body) for one week's entries: loans and conversions by 销售部's head, leads by 运营部's head."""
    ids = company.indicator_ids
    plan = [("manager", ids["放款金额"], "loan_amount", 12.0),
            ("manager", ids["客户转化率"], "converted_customers", 2.0),
            ("ops", ids["客户转化率"], "qualified_leads", 25.0)]
    out = []
    for user, indicator, measure, base in plan:
        for start in range(0, len(company.sellers), 20):
            entries = [{"person_id": company.people[label], "indicator_id": indicator, "as_of": as_of,
                        "values": {measure: base + (i + seed) % 7}}
                       for i, label in enumerate(company.sellers[start:start + 20], start)]
            out.append((user, {"period": PERIOD, "entries": entries}))
    return out


def enter_actuals(company: Any, as_of: str, seed: int) -> None:
    """The first 20 sellers' figures (one request per measure): enough for the forecast to project."""
    for user, body in actuals_bodies(company, as_of, seed)[::4]:
        reply = company.as_(user).post("/reviews/actuals", body)
        assert reply.status == 200, reply.body


# ---- the month ----------------------------------------------------------------------------------

def profiles(company: Any) -> list[Profile]:
    emp, mgr, hr, exe = (company.as_(u) for u in ("employee", "manager", "hr", "executive"))
    sales = company.units["SALES"]
    week = actuals_bodies(company, "2026-03-18", 2)
    sets = [company.units[f"set:{c}"] for c in ("OPS", "TECH", "RISK")]
    employee_sessions = PEOPLE * EMPLOYEE_SESSIONS_PER_WEEK * WEEKS
    manager_sessions = MANAGERS * WORKING_DAYS
    hr_sessions = HR_USERS * WORKING_DAYS
    director_sessions = DIRECTORS * DIRECTOR_SESSIONS_PER_WEEK * WEEKS
    plan: list[tuple[str, str, float, Callable[[int], Any]]] = [
        ("GET /me", "employee", employee_sessions, lambda n: emp.get("/me")),
        ("GET /indicators/me", "employee", employee_sessions, lambda n: emp.get("/indicators/me")),
        ("GET /reviews/me/history", "employee", employee_sessions, lambda n: emp.get("/reviews/me/history")),
        ("GET /collab/inbox", "employee", employee_sessions, lambda n: emp.get("/collab/inbox")),
        ("GET /me", "manager", manager_sessions, lambda n: mgr.get("/me")),
        ("GET /dashboards/director", "manager", manager_sessions,
         lambda n: mgr.get("/dashboards/director", period=PERIOD)),
        ("GET /reviews/units/{unit}/forecast", "manager", manager_sessions,
         lambda n: mgr.get(f"/reviews/units/{sales}/forecast")),
        ("GET /collab/inbox", "manager", manager_sessions, lambda n: mgr.get("/collab/inbox")),
        ("POST /reviews/actuals (20 entries)", "data owner", ACTUALS_REQUESTS_PER_WEEK * WEEKS,
         lambda n: company.as_(week[n][0]).post("/reviews/actuals", week[n][1])),
        ("GET /me", "hr", hr_sessions, lambda n: hr.get("/me")),
        ("GET /dashboards/hr", "hr", hr_sessions, lambda n: hr.get("/dashboards/hr", period=PERIOD)),
        ("GET /indicators/sets?period&state", "hr", hr_sessions,
         lambda n: hr.get("/indicators/sets", period=PERIOD, state="in_review")),
        ("GET /collab/inbox", "hr", hr_sessions, lambda n: hr.get("/collab/inbox")),
        ("POST /indicators/sets/{id}/approve", "hr", APPROVALS_PER_MONTH,
         lambda n: hr.post(f"/indicators/sets/{sets[n]['set_id']}/approve", {"version": sets[n]["version"]})),
        ("GET /me", "executive", director_sessions, lambda n: exe.get("/me")),
        ("GET /dashboards/director", "executive", director_sessions,
         lambda n: exe.get("/dashboards/director", period=PERIOD)),
        ("GET /collab/inbox", "executive", director_sessions, lambda n: exe.get("/collab/inbox")),
    ]
    for api in (emp, mgr, hr, exe):  # warm each caller's clients and key set (not counted)
        api.get("/me")
    out = []
    global LOGS
    LOGS = LogBytes()
    for label, who, per_month, call in plan:
        profile = Profile(label, who, per_month=per_month)
        measure(profile, call)
        LOGS.requests += len(profile.samples)
        out.append(profile)
    company.sessions = employee_sessions + manager_sessions + hr_sessions + director_sessions + DATA_OWNERS * WEEKS
    return out


@dataclass
class ReminderRun:
    trips: int
    read: float
    write: float
    sqs: int
    emails: int
    seconds: float
    invocations: int = 2  # the schedule's fan-out and this tenant's SQS job


def reminders(company: Any) -> ReminderRun:
    from moto.ses.models import ses_backends

    from chalicelib.core import clock
    from chalicelib.core.settings import settings
    from chalicelib.reminders import store as reminders_store

    client = company.api.client
    mails = ses_backends["123456789012"]["us-east-1"].sent_messages
    before = len(mails)
    clock.freeze(datetime(TODAY.year, TODAY.month, TODAY.day, 0, tzinfo=UTC))  # 08:00 in China
    started = time.perf_counter()
    with round_trips() as trips, capacity() as units:
        client.lambda_.invoke("reminders_fan_out", client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=["rule/reminders"]))
        # what the SQS event source mapping does: receive, invoke, delete
        for handle, body in reminders_store.receive(settings().reminders_queue):
            client.lambda_.invoke("reminders_tenant_job", client.events.generate_sqs_event(
                message_bodies=[body], queue_name=settings().reminders_queue))
            reminders_store.delete_message(settings().reminders_queue, handle)
    seconds = time.perf_counter() - started
    clock.freeze(TODAY)
    return ReminderRun(trips=trips.total, read=units.read, write=units.write, sqs=units.calls_of("sqs"),
                       emails=len(mails) - before, seconds=seconds)


def metering_write_units(company: Any) -> float:
    """Units of one usage-counter flush (an UpdateItem with ADD on the tenant's month item)."""
    from chalicelib.metering import store

    store.requests.count(company.tenant_id, PERIOD)
    with capacity() as units:
        store.requests.flush()
    return units.write


# ---- report -------------------------------------------------------------------------------------

def main() -> None:
    import boto3
    from moto import mock_aws

    started = time.perf_counter()
    with mock_aws():
        pool, client_id = env.create_user_pool()
        os.environ["LUODI_USER_POOL_ID"], os.environ["LUODI_APP_CLIENT_ID"] = pool, client_id
        from chalicelib.core.settings import settings

        settings.cache_clear()
        from chalicelib.core.db import ensure_table

        ensure_table()
        boto3.client("ses", region_name="us-east-1").verify_email_identity(EmailAddress=env.SENDER)
        env.create_usage_plans()  # sign-up puts each tenant's usage key in one
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName=settings().reminders_queue)

        from chalice.test import Client

        import app as application
        from chalicelib.core import clock
        from chalicelib.metering import store as metering_store
        from tests.support.api import Api

        application.app.load_all()  # `import app` registers no domain; the test client needs them all
        split_authorizer(application.app)
        metering_store.FLUSH_EVERY = 10**9  # priced from the assumption, see the module docstring
        metering_store.FLUSH_SECONDS = 1e12
        with Client(application.app) as client:
            clock.freeze(TODAY)
            company = build(Api(client))
            built = time.perf_counter() - started
            run = reminders(company)
            measured = profiles(company)
            flush_units = metering_write_units(company)
            items, base_bytes, index_bytes = table_bytes(settings().table_name, f"T#{company.tenant_id}")
            clock.freeze(None)
    report(company, measured, run, flush_units, (items, base_bytes, index_bytes), built,
           time.perf_counter() - started)


def report(company: Any, measured: list[Profile], run: ReminderRun, flush_units: float,
           storage: tuple[int, int, int], built: float, elapsed: float) -> None:
    from chalicelib.core.authorizer import AUTH_CACHE_SECONDS
    from chalicelib.metering import prices

    print(f"Luodi: one tenant's typical month ({PEOPLE} people), measured in moto; prices {prices.PRICES_AS_OF}")
    print(f"(demo company built in {built:.0f} s; whole run {elapsed:.0f} s)\n")
    print(f"Per request (mean of {REPEATS} requests). Handler | authorizer (runs once per "
          f"{AUTH_CACHE_SECONDS}-s session in AWS, not per request). WRU includes the (GSI) index writes.")
    header = (f"{'request':<38}{'who':<11}{'trips':>6}{'RRU':>7}{'WRU':>7}{'(GSI)':>7} |{'trips':>6}{'RRU':>6}"
              f"{'ms':>6}{'auth ms':>8}{'per month':>10}")
    print(header)
    print("-" * len(header))
    api_requests = 0.0
    rru = wru = 0.0
    measured_seconds = 0.0
    for p in measured:
        h_trips, h_read, h_write = p.mean("trips", "handler"), p.mean("read", "handler"), p.mean("write", "handler")
        gsi = p.mean("gsi_write", "handler")
        a_trips, a_read = p.mean("trips", "authorizer"), p.mean("read", "authorizer")
        print(f"{p.label:<38}{p.who:<11}{h_trips:>6.1f}{h_read:>7.1f}{h_write:>7.1f}{gsi:>7.1f} |{a_trips:>6.1f}"
              f"{a_read:>6.1f}{p.median_ms:>6.0f}{p.auth_median_ms:>8.0f}{p.per_month:>10.0f}")
        api_requests += p.per_month
        rru += h_read * p.per_month
        wru += h_write * p.per_month
        measured_seconds += p.median_ms / 1000 * p.per_month
    other = api_requests * OTHER_REQUESTS_SHARE
    mean_rru, mean_wru, mean_s = rru / api_requests, wru / api_requests, measured_seconds / api_requests
    rru, wru, measured_seconds = rru + other * mean_rru, wru + other * mean_wru, measured_seconds + other * mean_s
    api_requests += other
    print(f"{'other requests (not profiled)':<38}{'all':<11}{'':>6}{mean_rru:>7.1f}{mean_wru:>7.1f}{'':>7} |"
          f"{'':>12}{mean_s * 1000:>6.0f}{'':>8}{other:>10.0f}")

    auth_read = statistics.fmean(p.mean("read", "authorizer") for p in measured)
    auth_trips = statistics.fmean(p.mean("trips", "authorizer") for p in measured)
    auth_ms = statistics.median(p.auth_median_ms for p in measured)
    sessions = company.sessions
    rru += auth_read * sessions
    metering_writes = api_requests / METERING_FLUSH_EVERY + sessions  # ...and one per session after 30 s idle
    wru += metering_writes * flush_units
    rru += run.read * DAYS
    wru += run.write * DAYS
    print(f"\nauthorizer: {auth_trips:.1f} round trips, {auth_read:.1f} RRU, {auth_ms:.0f} ms per invocation; "
          f"{sessions:.0f} sessions/month -> {sessions:.0f} invocations")
    print(f"metering: usage counter flush = {flush_units:.0f} WRU; ~{metering_writes:.0f} flushes/month "
          f"(every {METERING_FLUSH_EVERY} requests, and on a session's first request after 30 s idle)")
    print(f"daily reminders (schedule + SQS job, {run.invocations} invocations): {run.trips} round trips, "
          f"{run.read:.1f} RRU, {run.write:.1f} WRU, {run.sqs} SQS requests, {run.emails} digest emails, "
          f"{run.seconds * 1000:.0f} ms in-process")

    items, base_bytes, index_bytes = storage
    table_gb = (base_bytes + index_bytes) / 1e9
    invocations = api_requests + sessions + run.invocations * DAYS
    assumed_gbs = invocations * ASSUMED_MS / 1000 * LAMBDA_MEMORY_GB
    measured_gbs = (measured_seconds + sessions * auth_ms / 1000 + run.seconds * DAYS) * LAMBDA_MEMORY_GB
    emails = run.emails * DAYS
    sqs = run.sqs * DAYS

    print("\nMonthly totals for the tenant")
    print(f"  API requests            {api_requests:>12,.0f}")
    print(f"  Lambda invocations      {invocations:>12,.0f}  (API {api_requests:,.0f} + authorizer {sessions:,.0f} "
          f"+ scheduled {run.invocations * DAYS})")
    print(f"  Lambda GB-s             {assumed_gbs:>12,.1f}  assumed {ASSUMED_MS} ms x "
          f"{LAMBDA_MEMORY_GB * 1024:.0f} MB; measured in-process medians: {measured_gbs:,.1f} (upper bound)")
    print(f"  DynamoDB read units     {rru:>12,.0f}")
    print(f"  DynamoDB write units    {wru:>12,.0f}  (incl. GSI writes and metering)")
    print(f"  emails (SES)            {emails:>12,}  ({run.emails} digests per daily run)")
    print(f"  SQS requests            {sqs:>12,}")
    print(f"  table storage           {(base_bytes + index_bytes) / 1e6:>12,.2f} MB  ({items:,} items: "
          f"{base_bytes / 1e6:.2f} MB table + {index_bytes / 1e6:.2f} MB in GSI1/GSI2, incl. 100 B/item overhead)")

    def usage(gbs: float) -> Any:
        return prices.Usage(api_requests=round(api_requests), authorizer_invocations=round(sessions + run.invocations
                            * DAYS), lambda_gb_seconds=gbs, read_units=rru, write_units=wru, table_gb=table_gb,
                            emails=emails, sqs_requests=sqs, storage_gb=0.0)

    rest, http = prices.monthly_cost(usage(assumed_gbs)), prices.monthly_cost(usage(assumed_gbs), http_api=True)
    rest_measured = prices.monthly_cost(usage(measured_gbs))
    print(f"\nCost per tenant per month, USD ({prices.PRICES_AS_OF}; no free tiers applied)")
    print(f"  {'line':<18}{'REST API':>12}{'HTTP API':>12}{'REST, measured ms':>20}")
    for line in rest:
        print(f"  {line:<18}{rest[line]:>12.4f}{http[line]:>12.4f}{rest_measured[line]:>20.4f}")
    print(f"\n  per active person per month: REST ${rest['total'] / PEOPLE:.5f}, HTTP ${http['total'] / PEOPLE:.5f} "
          f"(measured ms: ${rest_measured['total'] / PEOPLE:.5f})")
    print("  not included here: Cognito, CloudWatch and the per-deployment lines: see the fleet table below; "
          "documents in S3 (none in the demo) and CloudFront/S3 for the web app")
    log_bytes = LOGS.per_request if LOGS else LAST_RUN["log_bytes_per_request"]
    print(f"\n(for --fleet-only: total={rest['total']:.4f}, invocations={invocations:.0f}, "
          f"log_bytes_per_request={log_bytes:.0f})")
    fleet(rest["total"], invocations, log_bytes)


def fleet(tenant_total: float, invocations: float, log_bytes_per_request: float) -> None:
    """Cost per tenant per month at 1, 100 and 1,000 tenants of this size in one deployment."""
    from chalicelib.metering import prices

    mau = PEOPLE  # every person opens the app about twice a week: all of them are active each month
    log_gb = invocations * (log_bytes_per_request + PLATFORM_LOG_BYTES) / 1e9
    print(f"\nFleet: cost per tenant per month, USD ({PEOPLE} people, {mau} MAU and {invocations:,.0f} Lambda "
          f"invocations per tenant; Cognito plan {COGNITO_PLAN}; logs {log_bytes_per_request:.0f} B app + "
          f"{PLATFORM_LOG_BYTES} B Lambda lines per invocation)")
    header = f"  {'line':<58}" + "".join(f"{f'{n:,} tenant' + ('s' if n > 1 else ''):>16}" for n in FLEET)
    print(header)
    print("  " + "-" * (len(header) - 2))
    lines: dict[str, list[float]] = {}

    def line(name: str, per_fleet: Any) -> None:
        lines[name] = [per_fleet(n) / n for n in FLEET]

    line("requests, compute, DynamoDB, SES, SQS jobs (per tenant)", lambda n: tenant_total * n)
    line(f"Cognito MAU ({COGNITO_PLAN}, per pool)", lambda n: prices.cognito_monthly(mau * n, COGNITO_PLAN))
    line("CloudWatch Logs ingestion", lambda n: log_gb * n * prices.CLOUDWATCH_LOGS_PER_GB_INGESTED)
    line(f"CloudWatch Logs storage ({LOG_RETENTION_MONTHS} month, ~1/5 compressed)",
         lambda n: log_gb * n / 5 * LOG_RETENTION_MONTHS * prices.CLOUDWATCH_LOGS_PER_GB_STORED)
    line(f"CloudWatch alarms ({ALARMS}, per deployment)", lambda n: ALARMS * prices.CLOUDWATCH_ALARM_PER_MONTH)
    line(f"SQS trigger idle polling ({SQS_IDLE_RECEIVES:,} receives, per deployment)",
         lambda n: SQS_IDLE_RECEIVES / 1e6 * prices.SQS_PER_MILLION_REQUESTS)
    for name, values in lines.items():
        print(f"  {name:<58}" + "".join(f"{v:>16.4f}" for v in values))
    totals = [sum(values[i] for values in lines.values()) for i in range(len(FLEET))]
    print(f"  {'total per tenant':<58}" + "".join(f"{t:>16.4f}" for t in totals))
    for plan in ("LITE", "ESSENTIALS", "PLUS"):
        print(f"  {'  Cognito per tenant on ' + plan:<58}"
              + "".join(f"{prices.cognito_monthly(mau * n, plan) / n:>16.4f}" for n in FLEET))
    print(f"  sign-in under $0.25 per tenant needs <= ${0.25 / mau:.5f} per MAU: no Cognito tier reaches it "
          f"(lowest: $0.0025 beyond 10 M MAU); see docs/decisions.md")


def fleet_only() -> None:
    print("Fleet table from the last full run's per-tenant figures (bench/cost.py LAST_RUN)")
    fleet(LAST_RUN["total"], LAST_RUN["invocations"], LAST_RUN["log_bytes_per_request"])


if __name__ == "__main__":
    if "--fleet-only" in sys.argv[1:]:
        fleet_only()
    else:
        main()
