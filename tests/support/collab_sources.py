"""Collaboration test support: isolation id sources and a module-scoped world.

Building a staffed company costs seconds, so collab tests share one per module
(``module_world``) and keep each test independent of what earlier tests left behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chalicelib.collab import store as collab_store
from chalicelib.reminders import store as reminders_store
from tests.conftest import register_client_cache
from tests.support.isolation import id_source
from tests.support.world import Company, staffed_company

# Cached boto3 clients must be rebuilt inside each fresh moto mock.
for _clear in (collab_store._s3.cache_clear, reminders_store._ses.cache_clear, reminders_store._sqs.cache_clear):
    register_client_cache(_clear)


@contextmanager
def module_world(*names: str) -> Iterator[list[Company]]:
    """Fresh moto AWS + app client + one staffed company per name, for a whole test module."""
    from chalice.test import Client

    import app as application
    from tests.conftest import fresh_aws
    from tests.support.api import Api

    with fresh_aws(), Client(application.app) as client:
        api = Api(client)
        yield [staffed_company(api, name) for name in (names or ("示例金融科技有限公司",))]


@id_source("task_id")
def _task(company: Company) -> str:
    reply = company.as_("hr").post("/collab/tasks", {"title": "起草销售部指标", "deadline": "2099-03-15",
                                                     "assignee_id": company.people["sales_head"]})
    assert reply.status == 201, reply.body
    return reply.body["task_id"]


@id_source("thread_id")
def _thread(company: Company) -> str:
    return f"unit:{company.units['SALES']}"


@id_source("message_id")
def _message(company: Company) -> str:
    reply = company.as_("manager").post(f"/collab/threads/unit:{company.units['SALES']}/messages",
                                        {"body": "本月指标讨论"})
    assert reply.status == 201, reply.body
    return reply.body["message_id"]


@id_source("document_id")
def _document(company: Company) -> str:
    reply = company.as_("hr").post("/collab/documents", {"name": "考核制度.pdf", "content_type": "application/pdf",
                                                         "size": 1000, "shares": [{"kind": "company", "id": ""}]})
    assert reply.status == 201, reply.body
    return reply.body["document"]["document_id"]
