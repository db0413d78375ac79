"""The in-app inbox: other domains notify people through collab.notify; people read and mark."""

from __future__ import annotations

import pytest

from chalicelib.collab.notify import notify
from tests.support.collab_sources import module_world

TITLE = {"zh-CN": "指标被退回：月度放款额", "en": "Indicator returned: monthly loans"}


@pytest.fixture(scope="module")
def world():
    with module_world() as [company]:
        yield company


@pytest.fixture
def company(world):
    """Each test starts with empty-looking inboxes: whatever earlier tests left is marked read."""
    for user in ("employee", "engineer"):
        world.as_(user).post("/collab/inbox/read", {"all": True})
    return world


def test_a_notified_person_sees_it_unread_in_their_inbox(company):
    # Given another domain notifies the seller
    notify(company.tenant_id, [company.people["seller"]], "indicator_returned", TITLE, "/indicators/sets/s1")
    # When the seller opens their inbox
    reply = company.as_("employee").get("/collab/inbox")
    # Then the notification is there, unread, in both languages, with its link
    assert reply.status == 200, reply.body
    assert reply.body["unread"] == 1
    [note] = reply.body["items"]
    assert note["title"] == TITLE and note["link"] == "/indicators/sets/s1" and note["read_at"] is None
    assert note["pending"] is True


def test_nobody_else_sees_a_persons_notifications(company):
    notify(company.tenant_id, [company.people["seller"]], "info", TITLE, "/x")
    reply = company.as_("engineer").get("/collab/inbox")
    assert reply.body == {"items": [], "unread": 0, "next_cursor": None}


def test_marking_one_read_leaves_the_others_unread(company):
    ids = notify(company.tenant_id, [company.people["seller"]], "info", TITLE, "/a")
    notify(company.tenant_id, [company.people["seller"]], "info", TITLE, "/b")
    reply = company.as_("employee").post("/collab/inbox/read", {"notification_ids": ids})
    assert reply.status == 200 and reply.body == {"marked": 1}
    inbox = company.as_("employee").get("/collab/inbox").body
    assert inbox["unread"] == 1
    assert company.as_("employee").get("/collab/inbox", unread="true").body["items"][0]["link"] == "/b"


def test_marking_all_read_empties_the_unread_count(company):
    for link in ("/a", "/b", "/c"):
        notify(company.tenant_id, [company.people["seller"]], "info", TITLE, link)
    assert company.as_("employee").post("/collab/inbox/read", {"all": True}).body == {"marked": 3}
    assert company.as_("employee").get("/collab/inbox").body["unread"] == 0


def test_marking_someone_elses_notification_marks_nothing(company):
    ids = notify(company.tenant_id, [company.people["seller"]], "info", TITLE, "/a")
    assert company.as_("engineer").post("/collab/inbox/read", {"notification_ids": ids}).body == {"marked": 0}
    assert company.as_("employee").get("/collab/inbox").body["unread"] == 1


def test_mark_read_without_ids_or_all_is_400(company):
    reply = company.as_("employee").post("/collab/inbox/read", {})
    assert reply.status == 400 and reply.error_fields == ["notification_ids"]


def test_notify_skips_the_actor_and_duplicates(company):
    from chalicelib.core.context import RequestContext

    actor = RequestContext(tenant_id=company.tenant_id, user_id="u", person_id=company.people["sales_head"])
    ids = notify(actor, [company.people["sales_head"], company.people["seller"], company.people["seller"]],
                 "info", TITLE, "/x")
    assert len(ids) == 1


@pytest.mark.parametrize("kind,title", [("Bad Kind", TITLE), ("info", {"zh-CN": "只有中文"})])
def test_notify_rejects_a_bad_kind_or_a_title_missing_a_language(kind, title):
    with pytest.raises(ValueError):
        notify("t1", ["p1"], kind, title, "/x")
