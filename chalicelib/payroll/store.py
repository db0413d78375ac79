"""Payroll storage: settings, city rule sets, pay structures, declarations, runs, payslips, adjustments.

* settings: GetItem ``T#<t>`` / ``PAYSETTINGS``
* rule sets: Query ``T#<t>`` begins_with ``PAYRULES#`` (a handful per city and year)
* a person's structure / declaration: GetItem ``T#<t>`` / ``PAYSTRUCT#<person>`` / ``PAYDECL#<person>``;
  every structure (the run's scope) and every declaration: Query begins_with the prefix, paged by DynamoDB
* a run: GetItem ``T#<t>`` / ``PAYRUN#<run>``; runs: Query begins_with ``PAYRUN#``; one run per month:
  guard ``T#<t>`` / ``PAYRUNMONTH#<YYYY-MM>``
* a run's payslips: Query ``T#<t>#PAYRUN#<run>`` begins_with ``SLIP#``; one: GetItem ``SLIP#<person>``
* a person's payslips, by month: GSI1 ``T#<t>#PAYSLIP#<person>`` / ``<YYYY-MM>#<run>``
* adjustments: ``T#<t>#PAYADJ`` / ``<person>#<adjustment>``; the open ones: GSI2 ``T#<t>#PAYADJ#OPEN``
  (sparse: the index keys are dropped when the next run applies the correction)
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.core.db import (
    Changes,
    Item,
    find,
    load,
    load_all,
    query,
    query_page,
    stored,
    tenant_key,
    try_load,
)
from chalicelib.core.errors import NotFound
from chalicelib.core.paging import Page, PageRequest
from chalicelib.payroll.schemas import (
    Adjustment,
    Declaration,
    PayrollSettings,
    Payslip,
    PayStructure,
    RuleSet,
    Run,
)

BATCH = 25  # BatchWriteItem's limit


class PayrollSettingsItem(Item, discriminator="pay_settings"):
    pass


class RuleSetItem(Item, discriminator="pay_rules"):
    pass


class StructureItem(Item, discriminator="pay_structure"):
    pass


class DeclarationItem(Item, discriminator="pay_declaration"):
    pass


class RunItem(Item, discriminator="pay_run"):
    pass


class PayslipItem(Item, discriminator="payslip"):
    pass


class AdjustmentItem(Item, discriminator="pay_adjustment"):
    pass


# ---- keys ---------------------------------------------------------------------------------------


def settings_key(tenant_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), "PAYSETTINGS"


def rule_set_key(tenant_id: str, rule_set_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PAYRULES#{rule_set_id}"


def structure_key(tenant_id: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PAYSTRUCT#{person_id}"


def declaration_key(tenant_id: str, person_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PAYDECL#{person_id}"


def run_key(tenant_id: str, run_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PAYRUN#{run_id}"


def run_month_guard(tenant_id: str, month: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"PAYRUNMONTH#{month}"


def run_pk(tenant_id: str, run_id: str) -> str:
    return tenant_key(tenant_id, "PAYRUN", run_id)


def payslip_key(tenant_id: str, run_id: str, person_id: str) -> tuple[str, str]:
    return run_pk(tenant_id, run_id), f"SLIP#{person_id}"


def person_payslips_pk(tenant_id: str, person_id: str) -> str:
    return tenant_key(tenant_id, "PAYSLIP", person_id)


def adjustments_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "PAYADJ")


def open_adjustments_pk(tenant_id: str) -> str:
    return tenant_key(tenant_id, "PAYADJ", "OPEN")


# ---- settings and rule sets ------------------------------------------------------------------------


def find_settings(tenant_id: str) -> PayrollSettings | None:
    item = find(PayrollSettingsItem, *settings_key(tenant_id))
    return load(PayrollSettings, item) if item else None


def put_settings(changes: Changes, tenant_id: str, settings: PayrollSettings) -> None:
    item = PayrollSettingsItem(*settings_key(tenant_id), data=stored(settings)).at_version(settings.version)
    (changes.save if settings.version else changes.create)(item)


def add_rule_set(changes: Changes, tenant_id: str, rule_set: RuleSet) -> None:
    changes.create(RuleSetItem(*rule_set_key(tenant_id, rule_set.rule_set_id), data=stored(rule_set)))


def rule_sets(tenant_id: str) -> list[RuleSet]:
    return load_all(RuleSet, query(RuleSetItem, tenant_key(tenant_id), "PAYRULES#"))


# ---- structures and declarations ------------------------------------------------------------------


def find_structure(tenant_id: str, person_id: str) -> PayStructure | None:
    item = find(StructureItem, *structure_key(tenant_id, person_id))
    return load(PayStructure, item) if item else None


def put_structure(changes: Changes, tenant_id: str, structure: PayStructure) -> None:
    item = StructureItem(*structure_key(tenant_id, structure.person_id), data=stored(structure))
    item.at_version(structure.version)
    (changes.save if structure.version else changes.create)(item)


def structures(tenant_id: str) -> list[PayStructure]:
    """Every pay structure (the run's scope): one Query, paged by DynamoDB at 1 MB."""
    return load_all(PayStructure, query(StructureItem, tenant_key(tenant_id), "PAYSTRUCT#"))


def find_declaration(tenant_id: str, person_id: str) -> Declaration | None:
    item = find(DeclarationItem, *declaration_key(tenant_id, person_id))
    return load(Declaration, item) if item else None


def put_declaration(changes: Changes, tenant_id: str, declaration: Declaration) -> None:
    item = DeclarationItem(*declaration_key(tenant_id, declaration.person_id), data=stored(declaration))
    item.at_version(declaration.version)
    (changes.save if declaration.version else changes.create)(item)


def declarations(tenant_id: str) -> dict[str, Declaration]:
    return {d.person_id: d for d in load_all(Declaration, query(DeclarationItem, tenant_key(tenant_id), "PAYDECL#"))}


# ---- runs --------------------------------------------------------------------------------------------


def get_run(tenant_id: str, run_id: str) -> Run:
    item = find(RunItem, *run_key(tenant_id, run_id))
    if item is None:
        raise NotFound("payroll.run_not_found")
    return load(Run, item)


def runs(tenant_id: str) -> list[Run]:
    """Every run of the tenant (twelve a year), oldest id first."""
    return load_all(Run, query(RunItem, tenant_key(tenant_id), "PAYRUN#"))


def add_run(changes: Changes, tenant_id: str, run: Run, *, new: bool) -> None:
    item = RunItem(*run_key(tenant_id, run.run_id), data=stored(run)).at_version(run.version)
    if new:
        changes.create(item).claim(*run_month_guard(tenant_id, run.month))
    else:
        changes.save(item)


# ---- payslips ---------------------------------------------------------------------------------------


def payslip_item(tenant_id: str, payslip: Payslip) -> PayslipItem:
    pk, sk = payslip_key(tenant_id, payslip.run_id, payslip.person_id)
    return PayslipItem(
        pk,
        sk,
        GSI1PK=person_payslips_pk(tenant_id, payslip.person_id),
        GSI1SK=f"{payslip.month}#{payslip.run_id}",
        data=stored(payslip),
    )


def write_payslips(tenant_id: str, payslips: Iterable[Payslip]) -> int:
    """Write new payslips with BatchWriteItem (25 a request, unprocessed items retried by PynamoDB).

    No condition is needed: a payslip's key is (run, person) and its content is computed from the
    same inputs, so a retry that writes one again writes the same item — never a duplicate.
    """
    count = 0
    with PayslipItem.batch_write() as batch:
        for payslip in payslips:
            item = payslip_item(tenant_id, payslip)
            item.version = 1
            batch.save(item)
            count += 1
    return count


def add_payslip(changes: Changes, tenant_id: str, payslip: Payslip) -> None:
    changes.create(payslip_item(tenant_id, payslip))


def delete_payslip(changes: Changes, tenant_id: str, payslip: Payslip) -> None:
    item = PayslipItem(*payslip_key(tenant_id, payslip.run_id, payslip.person_id)).at_version(payslip.version)
    changes.delete(item)


def find_payslip(tenant_id: str, run_id: str, person_id: str) -> Payslip | None:
    item = find(PayslipItem, *payslip_key(tenant_id, run_id, person_id))
    return load(Payslip, item) if item else None


def payslips(tenant_id: str, run_id: str) -> list[Payslip]:
    """Every payslip of a run: one Query of the run's partition (paged by DynamoDB at 1 MB)."""
    return load_all(Payslip, query(PayslipItem, run_pk(tenant_id, run_id), "SLIP#"))


def computed_people(tenant_id: str, run_id: str) -> set[str]:
    """Whom a run already has a payslip for: the sort keys only (a retry skips them)."""
    items = PayslipItem.query(
        run_pk(tenant_id, run_id), Item.SK.startswith("SLIP#"), consistent_read=True, attributes_to_get=["PK", "SK"]
    )
    return {item.SK.removeprefix("SLIP#") for item in items}


def payslips_page(tenant_id: str, run_id: str, page: PageRequest) -> Page[Payslip]:
    return query_page(
        PayslipItem, run_pk(tenant_id, run_id), "SLIP#", page=page, convert=lambda i: try_load(Payslip, i)
    )


def person_payslips(tenant_id: str, person_id: str) -> list[Payslip]:
    """A person's payslips, newest month first (one GSI1 Query)."""
    return load_all(
        Payslip, query(PayslipItem, person_payslips_pk(tenant_id, person_id), index="GSI1", newest_first=True)
    )


# ---- adjustments --------------------------------------------------------------------------------------


def add_adjustment(changes: Changes, tenant_id: str, adjustment: Adjustment, *, new: bool) -> None:
    sk = f"{adjustment.person_id}#{adjustment.adjustment_id}"
    item = AdjustmentItem(adjustments_pk(tenant_id), sk, data=stored(adjustment)).at_version(adjustment.version)
    if adjustment.status == "pending":
        item.GSI2PK, item.GSI2SK = open_adjustments_pk(tenant_id), sk
    (changes.create if new else changes.save)(item)


def pending_adjustments(tenant_id: str) -> dict[str, list[Adjustment]]:
    """Open corrections by person (one Query of the sparse index: only the pending ones are in it)."""
    out: dict[str, list[Adjustment]] = {}
    for adjustment in load_all(Adjustment, query(AdjustmentItem, open_adjustments_pk(tenant_id), index="GSI2")):
        if adjustment.status == "pending":
            out.setdefault(adjustment.person_id, []).append(adjustment)
    return out


def adjustments_of(tenant_id: str, person_id: str) -> list[Adjustment]:
    """Every correction of one person (one Query)."""
    return load_all(Adjustment, query(AdjustmentItem, adjustments_pk(tenant_id), f"{person_id}#"))
