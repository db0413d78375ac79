"""Collaboration in the browser: HR assigns a task to the head of 销售部 (and shares a file), the
head finds it in their inbox, discusses it in the task's thread and marks it done."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from local.demo import story
from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import login_email, sign_in

pytestmark = pytest.mark.e2e

HEAD = story.KEY_PEOPLE["sales_head"][0]  # 李强, heads 销售部


def _posted(page: Any, suffix: str, method: str = "POST") -> Any:
    return page.expect_response(lambda r: r.url.split("?")[0].endswith(suffix) and r.request.method == method)


def test_hr_assigns_a_task_and_the_department_head_discusses_and_finishes_it(
    local_system: LocalSystem, browser: Any, phone: Any
) -> None:
    # Given HR on the new-task screen, and the head of 销售部 among the people
    people = local_system.api_get(login_email("hr"), story.PASSWORD, "/org/people?limit=500")["items"]
    head_id = next(p["person_id"] for p in people if p["name"] == HEAD)
    title = f"整理销售部客户名单 {id(phone) % 10_000}"
    hr = phone.new_page()
    sign_in(hr, local_system, "hr")
    hr.goto(f"{local_system.web_url}/#/tasks/new")
    hr.get_by_test_id("task-form").wait_for()

    # When HR fills in the task with a checklist and assigns it
    hr.get_by_test_id("task-title-input").locator("input").fill(title)
    hr.locator("#task-assignee").select_option(value=head_id)
    hr.get_by_test_id("task-checklist-add").click()
    hr.get_by_test_id("task-checklist-input-0").locator("input").fill("导出本季度客户")
    with _posted(hr, "/collab/tasks") as created:
        hr.get_by_test_id("task-submit").click()
    assert created.value.status == 201, created.value.text()
    task_id = json.loads(created.value.text())["task_id"]
    hr.get_by_test_id("task-card").wait_for()

    # And shares a file with the whole company (the browser posts it straight to S3)
    hr.goto(f"{local_system.web_url}/#/documents")
    hr.get_by_test_id("documents-upload-open").click()
    hr.get_by_test_id("documents-file").set_input_files(
        files=[{"name": "客户名单模板.csv", "mimeType": "text/csv", "buffer": "客户,电话\n".encode()}]
    )
    with hr.expect_response(lambda r: r.request.method == "POST" and r.url.startswith(local_system.moto_url)) as stored:
        hr.get_by_test_id("documents-upload-submit").click()
    assert stored.value.status in (200, 201, 204), stored.value.text()
    hr.locator("[data-testid='document-row']", has_text="客户名单模板.csv").wait_for()
    hr.context.close()

    # Then the head of 销售部 sees it in their inbox, with the unread badge on the tab
    head = browser.new_context(
        viewport=phone.pages[0].viewport_size if phone.pages else {"width": 375, "height": 812},
        device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai",
    ).new_page()
    head.set_default_timeout(20_000)
    sign_in(head, local_system, "sales_head")
    expect(head.get_by_test_id("tab-collab").locator(".van-badge")).to_be_visible()
    head.get_by_test_id("tab-collab").click()
    note = head.locator("[data-testid='inbox-item'][data-kind='task_assigned']", has_text=title)
    expect(note).to_have_attribute("data-unread", "true")

    # When they open it, they land on the task (and it is marked read)
    with _posted(head, "/collab/inbox/read"):
        note.click()
    head.wait_for_url(f"**/#/tasks/{task_id}")
    expect(head.get_by_test_id("task-name")).to_have_text(title)

    # And they post in its thread and mark the task done
    head.get_by_test_id("thread-input").fill("收到，周五前完成")
    with _posted(head, "/messages") as posted:
        head.get_by_test_id("thread-send").click()
    assert posted.value.status == 201, posted.value.text()
    expect(head.get_by_test_id("thread-message-body")).to_have_text("收到，周五前完成")
    head.get_by_test_id("task-check-0").locator("input").check()
    head.locator("#task-status-select").select_option("done")
    with _posted(head, f"/collab/tasks/{task_id}", "PATCH") as patched:
        head.get_by_test_id("task-save").click()
    assert patched.value.status == 200, patched.value.text()
    saved = json.loads(patched.value.text())
    assert saved["status"] == "done" and saved["checklist"][0]["done"] is True
    expect(head.get_by_test_id("task-status")).to_have_text("已完成")
    head.get_by_test_id("thread").scroll_into_view_if_needed()
    screenshot(head, "collab-task-done")

    # Then HR's view of the task says done, and the file is listed for the department head
    assert local_system.api_get(login_email("hr"), story.PASSWORD, f"/collab/tasks/{task_id}")["status"] == "done"
    head.goto(f"{local_system.web_url}/#/documents")
    head.locator("[data-testid='document-row']", has_text="客户名单模板.csv").wait_for()
    head.context.close()
