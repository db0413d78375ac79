"""A bench company built straight through the services (no HTTP): HR, the company unit, and
departments of staff, each with a position, a head and the head's manager context.

Used by bench/rollout_status.py and bench/results_page.py. Import it after ``bench._support``
(the round-trip hook must exist before the first DynamoDB client).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TENANT = "bench-tenant"
BATCH_ITEMS = 80  # 4 items per person: 20 people per transaction keeps the build quick
DASHBOARD_PERIOD = "2026-05"
FIXED_DEPARTMENT = 25
DEPARTMENT = 50


@dataclass
class Department:
    unit: Any
    position: Any
    head: Any
    manager: Any  # the head's RequestContext
    staff: list[Any] = field(default_factory=list)


@dataclass
class Company:
    hr: Any
    root: Any
    next_number: int = 1  # employee numbers E00001, E00002, ...

    def department(self, code: str, name: str, staff: int, headcount: int) -> Department:
        """A department with a ``{code}_STAFF`` position of ``headcount``, a head (its manager) and ``staff``
        people holding the position."""
        from chalicelib.core.context import RequestContext, Role
        from chalicelib.core.db import Changes
        from chalicelib.core.ids import new_id
        from chalicelib.org import service as org
        from chalicelib.org.schemas import Person, PersonCreate, PositionCreate, UnitCreate, UnitUpdate

        hr = self.hr
        unit = org.create_unit(hr, UnitCreate(code=code, name=name, parent_id=self.root.unit_id))
        position = org.create_position(hr, PositionCreate(code=f"{code}_STAFF", title=f"{name}专员",
                                                          unit_id=unit.unit_id, headcount=headcount))
        head = org.create_person(hr, PersonCreate(name=f"{name}负责人", email=f"head.{code.lower()}@bench.test",
                                                  employee_no=self._number(), unit_id=unit.unit_id))
        org.update_unit(hr, unit.unit_id, UnitUpdate(version=1, head_person_id=head.person_id))
        manager = RequestContext(tenant_id=hr.tenant_id, user_id=f"u-{code}", person_id=head.person_id,
                                 roles=frozenset({Role.MANAGER, Role.EMPLOYEE}), managed_unit_ids=(unit.unit_id,))
        out = Department(unit, position, head, manager)
        batch = Changes()
        for _ in range(staff):
            n = self.next_number
            person = Person(person_id=new_id(), name=f"员工{n}", email=f"e{n}@bench.test",
                            employee_no=self._number(), unit_id=unit.unit_id, position_id=position.position_id,
                            manager_id=head.person_id)
            org.add_new_person(batch, hr, person, unit.path)
            out.staff.append(person)
            if len(batch) >= BATCH_ITEMS:
                batch.commit()
                batch = Changes()
        batch.commit()
        return out

    def _number(self) -> str:
        number, self.next_number = self.next_number, self.next_number + 1
        return f"E{number:05d}"


def company(name: str = "示例金融科技有限公司") -> Company:
    """A fresh table, HR/admin context and the company unit."""
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.core.db import Changes, ensure_table
    from chalicelib.org import service as org

    ensure_table()
    hr = RequestContext(tenant_id=TENANT, user_id="hr-user", person_id="", roles=frozenset({Role.HR, Role.ADMIN}))
    changes = Changes()
    root = org.create_root_unit(changes, hr, name)
    changes.commit()
    return Company(hr, root)


def dashboard_tenant(size: int) -> dict[str, Any]:
    """About ``size`` people: a fixed 25-person 销售部 and 50-person departments up to the size, each
    position with a published set (conversion rate), a company-wide cycle with goals locked and one
    month of actuals (bench/dashboards.py; the dashboards' round-trip tests)."""
    from chalicelib.core.context import RequestContext, Role
    from chalicelib.indicators import service as indicators
    from chalicelib.indicators.schemas import DataSource, IndicatorInput, SetAction, SetCreate
    from chalicelib.reviews import service
    from chalicelib.reviews.schemas import CycleAdvance, CycleCreate

    bench = company()
    hr = bench.hr
    departments = [bench.department("SALES", "销售部", staff=FIXED_DEPARTMENT, headcount=FIXED_DEPARTMENT)]
    people = FIXED_DEPARTMENT + 1
    n = 1
    while people < size:
        staff = min(DEPARTMENT, max(1, size - people - 1))
        departments.append(bench.department(f"D{n:03d}", f"部门{n:03d}", staff=staff, headcount=staff))
        people += staff + 1
        n += 1
    for d in departments:
        source = DataSource(unit_id=d.unit.unit_id, system="CRM", owner_person_id=d.head.person_id)
        s = indicators.create_set(d.manager, SetCreate(
            period=DASHBOARD_PERIOD, position_id=d.position.position_id, title=d.unit.name, indicators=[
                IndicatorInput(template_code="SALES_CONVERSION_RATE", target=10, threshold=6, stretch=15,
                               weight=100, data_source=source)]))
        s = indicators.submit_set(d.manager, s.set_id, SetAction(version=s.version))
        indicators.approve_set(hr, s.set_id, SetAction(version=s.version))
    cycle = service.create_cycle(hr, CycleCreate(name="2026 年 5 月考核", period=DASHBOARD_PERIOD,
                                                 excluded_person_ids=[d.head.person_id for d in departments]))
    locked: Any = None
    try:
        locked = service.advance(hr, cycle.cycle_id, CycleAdvance(version=cycle.version))
    except Exception as exc:  # noqa: BLE001 - a figure to print (e.g. the cycle item over 400 KB)
        print(f"  locking goals failed at {people} people: {exc.__class__.__name__}: {str(exc)[:160]}")
    if locked is not None:
        _seed_actuals(hr.tenant_id, [p for d in departments for p in d.staff])
        service.refresh_results(hr, locked.cycle_id)
    executive = RequestContext(tenant_id=hr.tenant_id, user_id="exec", person_id="",
                               roles=frozenset({Role.EXECUTIVE}))
    return {"hr": hr, "executive": executive, "sales": departments[0], "cycle": locked or cycle,
            "people": people}


def _seed_actuals(tenant_id: str, staff: list[Any]) -> None:
    from chalicelib.reviews import periods, store
    from chalicelib.reviews.schemas import ActualValue

    published = store.published_indicators(tenant_id, DASHBOARD_PERIOD)
    period = periods.parse(DASHBOARD_PERIOD)
    with store.ActualItem.batch_write() as batch:
        for n, person in enumerate(staff):
            for indicator in published.get(person.person_id, []):
                for key, number in (("converted_customers", 6 + n % 7), ("qualified_leads", 100 + n % 17)):
                    value = ActualValue(person_id=person.person_id, indicator_id=indicator.indicator_id,
                                        measure=key, period=DASHBOARD_PERIOD, unit_index=period.index_of(period.start),
                                        value=number, entered_by_user_id="bench", entered_at="2026-05-20T00:00:00")
                    item = store.actual_item(tenant_id, value, 0)
                    item.version = 1
                    batch.save(item)


LARGE_PERIOD = "2026-06"
LARGE_DEPARTMENT = 80  # indicators.schemas.MAX_ASSIGNEES: a set publishes to 80 people at most


def large_cycle_tenant(size: int) -> dict[str, Any]:
    """``size`` staff in departments of 80 (each head excluded from the cycle), one published set per
    department, a monthly cycle opened without self reviews, goals locked, then moved on twice:
    in_progress -> self_review -> manager_review (everyone "missed" their self review). For
    tests/integration/test_large_cycle.py and bench/large_cycle.py."""
    import time

    from chalicelib.indicators import service as indicators
    from chalicelib.indicators.schemas import DataSource, IndicatorInput, SetAction, SetCreate
    from chalicelib.reviews import service
    from chalicelib.reviews.schemas import CycleAdvance, CycleCreate

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    bench = company()
    hr = bench.hr
    departments = []
    left, n = size, 1
    while left > 0:
        staff = min(LARGE_DEPARTMENT, left)
        departments.append(bench.department(f"L{n:03d}", f"大部门{n:03d}", staff=staff, headcount=staff))
        left -= staff
        n += 1
    for d in departments:
        source = DataSource(unit_id=d.unit.unit_id, system="CRM", owner_person_id=d.head.person_id)
        s = indicators.create_set(d.manager, SetCreate(
            period=LARGE_PERIOD, position_id=d.position.position_id, title=d.unit.name, indicators=[
                IndicatorInput(template_code="SALES_CONVERSION_RATE", target=10, threshold=6, stretch=15,
                               weight=100, data_source=source)]))
        s = indicators.submit_set(d.manager, s.set_id, SetAction(version=s.version))
        indicators.approve_set(hr, s.set_id, SetAction(version=s.version))
    seconds["build"] = time.perf_counter() - started
    cycle = service.create_cycle(hr, CycleCreate(
        name="2026 年 6 月考核", period=LARGE_PERIOD, self_review_required=False,
        excluded_person_ids=[d.head.person_id for d in departments]))
    started = time.perf_counter()
    locked = service.advance(hr, cycle.cycle_id, CycleAdvance(version=cycle.version))
    seconds["lock"] = time.perf_counter() - started
    started = time.perf_counter()
    moved = service.advance(hr, cycle.cycle_id, CycleAdvance(version=locked.version))
    moved = service.advance(hr, cycle.cycle_id, CycleAdvance(version=moved.version))
    seconds["advance twice"] = time.perf_counter() - started
    return {"hr": hr, "locked": locked, "moved": moved, "seconds": seconds}
