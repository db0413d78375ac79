"""The API answers what /openapi.json says: error bodies in the Error shape, said to be JSON.

Also the regressions the OpenAPI fuzzer (tests/fuzz) found, one behaviour each.
"""

from __future__ import annotations

import json

import boto3
import jsonschema
import pytest

import app as application
from chalicelib.core import openapi
from chalicelib.core.settings import settings
from tests.support.world import Company, staffed_company


@pytest.fixture(scope="module")
def company():
    from chalice.test import Client

    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=settings().documents_bucket)
        yield staffed_company(Api(client), "契约测试金融科技")


@pytest.fixture(scope="module")
def error_schema():
    doc = openapi.build(application.app.routes)
    return {**doc["components"]["schemas"]["Error"], "components": doc["components"]}


def _raw(company: Company, method: str, path: str, body) -> tuple[int, dict, str]:
    """Status, lower-cased headers and body text, straight from the Chalice test client."""
    response = company.api.client.http.request(
        method, path, body=None if body is None else json.dumps(body),
        headers={"Authorization": f"Bearer {company.admin_token}", "Content-Type": "application/json"})
    return response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.body.decode()


@pytest.mark.parametrize("method,path,body,status", [
    ("POST", "/org/units", {"code": "", "name": ""}, 400),
    ("GET", "/org/units/no-such-unit", None, 404),
    ("PATCH", "/org/units/{root}", {"version": 99, "name": "新名字"}, 409),
])
def test_given_an_error_when_answered_then_the_body_is_an_error_said_to_be_json(
        company: Company, error_schema, method: str, path: str, body, status: int):
    path = path.format(root=company.root_unit_id)

    answered, headers, text = _raw(company, method, path, body)

    assert answered == status, text
    jsonschema.validate(json.loads(text), error_schema)
    assert headers["content-type"] == "application/json"


def test_given_a_role_refusal_then_the_403_body_is_an_error(company: Company, error_schema):
    reply = company.as_("employee").get("/users")

    assert reply.status == 403
    jsonschema.validate(reply.body, error_schema)


def test_given_a_bad_one_click_unsubscribe_then_the_400_is_json(company: Company):
    response = company.api.client.http.request("POST", "/reminders/unsubscribe?token=not-a-token",
                                               headers={"Content-Type": "application/x-www-form-urlencoded"},
                                               body=b"List-Unsubscribe=One-Click")

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/reviews/cycles", {"name": "零年", "period": "0000"}),
    ("POST", "/reviews/actuals", {"period": "0000", "entries": [{"person_id": "p", "indicator_id": "i",
                                                                  "values": {"a": 1}}]}),
    ("GET", "/reviews/me/data-duties?period=0000", None),
])
def test_given_year_0000_when_used_as_a_period_then_400_not_500(company: Company, method: str, path: str, body):
    reply = company.as_("hr").request(method, path, body)

    assert reply.status == 400, reply.body
    assert "period" in reply.error_fields


def test_the_download_of_a_version_not_uploaded_yet_is_a_declared_409(company: Company):
    doc = company.as_("hr").post("/collab/documents", {"name": "制度.pdf", "content_type": "application/pdf",
                                                       "size": 100, "shares": []}).body["document"]
    reply = company.as_("hr").get(f"/collab/documents/{doc['document_id']}/download")
    declared = openapi.build(application.app.routes)["paths"]["/collab/documents/{document_id}/download"]["get"]

    assert reply.status == 409
    assert "409" in declared["responses"]
