"""Documents: presigned uploads with size and type limits, shares, versions, 5-minute downloads."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
import requests

from chalicelib.core.settings import settings
from tests.support.collab_sources import module_world

PDF = "application/pdf"


@pytest.fixture(scope="module")
def company():
    with module_world() as [company]:
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=settings().documents_bucket)
        yield company


def create(company, user: str = "hr", name: str = "考核制度.pdf", shares=None, **extra):
    body = {"name": name, "content_type": PDF, "size": 2048, "shares": shares or [], **extra}
    return company.as_(user).post("/collab/documents", body)


def upload(upload: dict, content: bytes, content_type: str = PDF) -> requests.Response:
    """What the browser does: an HTML form POST straight to S3 (moto here), never via the API."""
    return requests.post(upload["url"], data=upload["fields"], files={"file": ("f", content, content_type)},
                         timeout=10)


def test_hr_gets_a_presigned_post_limited_to_the_declared_size_and_type(company):
    reply = create(company, shares=[{"kind": "company", "id": ""}])
    assert reply.status == 201, reply.body
    up = reply.body["upload"]
    assert up["max_size"] == 2048 and up["expires_in"] == 900
    assert up["fields"]["Content-Type"] == PDF
    assert up["fields"]["key"].startswith(f"{company.tenant_id}/documents/")


@pytest.mark.parametrize("field,value", [("size", 20 * 1024 * 1024 + 1), ("content_type", "application/x-msdownload"),
                                         ("name", "../etc/passwd")])
def test_too_large_or_disallowed_files_get_no_url(company, field, value):
    reply = create(company, **{field: value})
    assert reply.status == 400 and reply.error_fields == [field]


def test_the_file_goes_to_s3_and_comes_back_through_a_five_minute_link(company):
    doc = create(company, shares=[{"kind": "company", "id": ""}]).body
    assert upload(doc["upload"], b"%PDF-1.7 policy").status_code in (200, 204)
    link = company.as_("engineer").get(f"/collab/documents/{doc['document']['document_id']}/download")
    assert link.status == 200, link.body
    assert link.body["expires_in"] == 300
    query = parse_qs(urlparse(link.body["url"]).query)
    assert query.get("X-Amz-Expires") == ["300"]
    assert requests.get(link.body["url"], timeout=10).content == b"%PDF-1.7 policy"


def test_a_link_before_the_upload_is_a_conflict(company):
    doc = create(company, shares=[{"kind": "company", "id": ""}]).body
    reply = company.as_("hr").get(f"/collab/documents/{doc['document']['document_id']}/download")
    assert reply.status == 409


def test_shares_decide_who_sees_a_document(company):
    doc_id = create(company, shares=[{"kind": "unit", "id": company.units["SALES"]}]).body["document"]["document_id"]
    assert company.as_("employee").get(f"/collab/documents/{doc_id}").status == 200  # in 销售部
    assert company.as_("manager").get(f"/collab/documents/{doc_id}").status == 200  # heads 销售部
    assert company.as_("engineer").get(f"/collab/documents/{doc_id}").status == 403  # 技术部
    assert doc_id in [d["document_id"] for d in company.as_("employee").get("/collab/documents").body["items"]]
    assert doc_id not in [d["document_id"] for d in company.as_("engineer").get("/collab/documents").body["items"]]


def test_sharing_with_a_person_notifies_them(company):
    doc = create(company, shares=[{"kind": "person", "id": company.people["engineer"]}]).body["document"]
    assert company.as_("engineer").get(f"/collab/documents/{doc['document_id']}").status == 200
    inbox = company.as_("engineer").get("/collab/inbox").body["items"]
    assert any(n["kind"] == "document_shared" and doc["document_id"] in n["link"] for n in inbox)


def test_a_manager_shares_only_within_their_units(company):
    ok = create(company, "manager", shares=[{"kind": "unit", "id": company.units["SALES"]}])
    assert ok.status == 201, ok.body
    for share in ({"kind": "unit", "id": company.units["TECH"]}, {"kind": "company", "id": ""}):
        refused = create(company, "manager", shares=[share])
        assert refused.status == 403 and refused.error_fields == ["shares.0.id"], share


def test_unknown_share_targets_are_400(company):
    reply = create(company, shares=[{"kind": "position", "id": "nope"}])
    assert reply.status == 400 and reply.error_fields == ["shares.0.id"]


def test_employees_cannot_upload(company):
    assert create(company, "employee").status == 403


def test_new_versions_keep_the_old_ones_downloadable(company):
    first = create(company, shares=[{"kind": "company", "id": ""}]).body
    doc_id = first["document"]["document_id"]
    upload(first["upload"], b"v1")
    second = company.as_("hr").post(f"/collab/documents/{doc_id}/versions",
                                    {"version": 1, "name": "考核制度-v2.pdf", "content_type": PDF, "size": 100})
    assert second.status == 201, second.body
    assert second.body["document"]["current_version"] == 2 and len(second.body["document"]["versions"]) == 2
    upload(second.body["upload"], b"v2")
    latest = company.as_("engineer").get(f"/collab/documents/{doc_id}/download").body
    old = company.as_("engineer").get(f"/collab/documents/{doc_id}/download", number=1).body
    assert (latest["number"], old["number"]) == (2, 1)
    assert requests.get(latest["url"], timeout=10).content == b"v2"
    assert requests.get(old["url"], timeout=10).content == b"v1"
    stale = company.as_("hr").post(f"/collab/documents/{doc_id}/versions",
                                   {"version": 1, "name": "x.pdf", "content_type": PDF, "size": 100})
    assert stale.status == 409


def test_the_signed_policy_makes_s3_refuse_other_sizes_and_types(company):
    # moto accepts any form POST, so check what S3 enforces in AWS: the signed policy's conditions
    fields = create(company, size=10).body["upload"]["fields"]
    policy = json.loads(base64.b64decode(fields["policy"]))
    assert ["content-length-range", 1, 10] in policy["conditions"]
    assert {"Content-Type": PDF} in policy["conditions"]


def test_each_upload_counts_its_declared_size_in_the_tenants_usage(company):
    from chalicelib.metering.service import this_month

    before = company.admin.get("/usage", month=this_month()).body["storage_bytes"]
    first = create(company, size=3000).body
    company.as_("hr").post(f"/collab/documents/{first['document']['document_id']}/versions",
                           {"version": 1, "name": "考核制度-v2.pdf", "content_type": PDF, "size": 500})
    refused = create(company, size=20 * 1024 * 1024 + 1)

    assert refused.status == 400
    assert company.admin.get("/usage", month=this_month()).body["storage_bytes"] - before == 3500
