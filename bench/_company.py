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
