"""Person's file test support: isolation id sources (a custom field, a change request)."""

from __future__ import annotations

from tests.support.isolation import ID_SOURCES, id_source
from tests.support.world import Company

FILE = {"legal_name": "陈静", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800138000",
        "address": "北京市朝阳区建国路 88 号", "bank_account": "6225880112341234", "start_date": "2024-03-01",
        "employment_type": "full_time"}


@id_source("field_id")
def _field(company: Company) -> str:
    reply = company.as_("hr").post("/people/fields", {"label_zh": "工服尺码", "label_en": "Uniform size",
                                                       "type": "text"})
    assert reply.status == 201, reply.body
    return reply.body["field_id"]


@id_source("change_id")
def _change_request(company: Company) -> str:
    path = f"/people/{company.people['seller']}/file"
    if company.as_("hr").get(path).status == 404:
        assert company.as_("hr").put(path, FILE).status == 200
    reply = company.as_("employee").post(f"{path}/changes", {"changes": {"phone": "13700137000"}})
    assert reply.status == 201, reply.body
    return reply.body["request_id"]


_org_person = ID_SOURCES["person_id"]


@id_source("person_id", wraps=True)
def _person_with_file(company: Company) -> str:
    """The org's person (the seller), with a file: the generated tests then reach a real file."""
    person_id = _org_person(company)
    path = f"/people/{person_id}/file"
    if company.as_("hr").get(path).status == 404:
        assert company.as_("hr").put(path, FILE).status == 200
    return person_id
