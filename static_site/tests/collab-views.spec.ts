import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import TaskDetail from "../src/views/TaskDetail.vue";
import ThreadPanel from "../src/components/ThreadPanel.vue";
import { session } from "../src/auth/session";
import { orgCache } from "../src/orgCache";
import { makeI18n, makeRouter, scriptedFetch, type Scripted } from "./helpers";
import type { Task, Thread } from "../src/api/types";

const ME = { tenant_id: "t", user_id: "u-head", person_id: "p-head", email: "h@x", roles: ["manager" as const], managed_unit_ids: ["sales"] };
const PEOPLE = {
  items: [
    { person_id: "p-head", name: "李强", unit_id: "sales" },
    { person_id: "p-seller", name: "王芳", unit_id: "sales" },
  ],
};

function task(over: Partial<Task> = {}): Task {
  return {
    task_id: "t1",
    title: "整理客户名单",
    description: "",
    assignee_id: "p-head",
    creator_person_id: "p-hr",
    creator_user_id: "u-hr",
    deadline: "2099-01-01",
    status: "open",
    checklist: [
      { text: "导出名单", done: false },
      { text: "核对电话", done: false },
    ],
    created_at: "2027-03-01T00:00:00+00:00",
    updated_at: "2027-03-01T00:00:00+00:00",
    overdue: false,
    version: 3,
    ...over,
  };
}
const EMPTY_THREAD: Thread = { kind: "task", object_id: "t1", messages: [], receipts: [] };

function serve(routes: Scripted[]) {
  const f = scriptedFetch([
    ...routes,
    { path: "/org/people", body: PEOPLE },
    { path: "/org/units", body: { items: [] } },
    { method: "POST", path: /\/read$/, body: {} },
  ]);
  vi.stubGlobal("fetch", f.fetch);
  return f;
}

beforeEach(() => {
  vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  session.setMe(ME);
  orgCache.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

async function mountTask() {
  const router = makeRouter([{ path: "/tasks/:taskId", name: "task", component: TaskDetail }]);
  await router.push("/tasks/t1");
  const w = mount(TaskDetail, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

describe("task screen", () => {
  it("keeps the user's changes when someone else saved first, and saves them on the latest version after reload", async () => {
    // Given the assignee has the task open at version 3
    serve([
      { path: "/collab/tasks/t1", body: task() },
      { path: "/collab/threads/task:t1", body: EMPTY_THREAD },
    ]);
    const w = await mountTask();
    // When they tick the first item and the save meets a newer version (409)
    await w.get('[data-testid="task-check-0"] input').setValue(true);
    const conflict = serve([
      {
        method: "PATCH",
        path: "/collab/tasks/t1",
        status: 409,
        body: {
          error: {
            code: "conflict",
            message: "记录已被他人修改，或该值已被占用，请刷新后重试",
            details: [{ field: "version", code: "record.stale", message: "记录已被他人修改，或该值已被占用，请刷新后重试" }],
          },
        },
      },
    ]);
    await w.get('[data-testid="task-save"]').trigger("click");
    await flushPromises();
    // Then a clear conflict message shows and the tick is still there
    expect(conflict.calls[0].body).toMatchObject({ version: 3, checklist: [{ text: "导出名单", done: true }, { text: "核对电话", done: false }] });
    expect(w.get('[data-testid="task-conflict"]').text()).toContain("其他人修改");
    expect((w.get('[data-testid="task-check-0"] input').element as HTMLInputElement).checked).toBe(true);

    // When they reload (someone ticked the second item meanwhile) and save again
    const latest = task({ version: 4, checklist: [{ text: "导出名单", done: false }, { text: "核对电话", done: true }] });
    const second = serve([
      { path: "/collab/tasks/t1", body: latest },
      { method: "PATCH", path: "/collab/tasks/t1", body: { ...latest, version: 5 } },
      { path: "/collab/threads/task:t1", body: EMPTY_THREAD },
    ]);
    await w.get('[data-testid="task-reload"]').trigger("click");
    await flushPromises();
    await w.get('[data-testid="task-save"]').trigger("click");
    await flushPromises();
    // Then both ticks are saved on the latest version
    const patch = second.calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toEqual({ version: 4, checklist: [{ text: "导出名单", done: true }, { text: "核对电话", done: true }] });
    expect(w.find('[data-testid="task-conflict"]').exists()).toBe(false);
  });

  it("highlights an overdue task", async () => {
    serve([
      { path: "/collab/tasks/t1", body: task({ deadline: "2020-01-01", overdue: true }) },
      { path: "/collab/threads/task:t1", body: EMPTY_THREAD },
    ]);
    const w = await mountTask();
    expect(w.get('[data-testid="task-card"]').attributes("data-overdue")).toBe("true");
    expect(w.get('[data-testid="task-deadline-text"]').text()).toContain("已逾期");
  });
});

describe("discussion thread", () => {
  async function mountThread() {
    const w = mount(ThreadPanel, {
      props: { kind: "unit", objectId: "sales" },
      global: { plugins: [makeI18n(), makeRouter()] },
      attachTo: document.body,
    });
    await flushPromises();
    return w;
  }

  it("sends the mentioned people with the message", async () => {
    const f = serve([
      { path: "/collab/threads/unit:sales", body: { ...EMPTY_THREAD, kind: "unit", object_id: "sales" } },
      {
        method: "POST",
        path: "/collab/threads/unit:sales/messages",
        status: 201,
        body: { message_id: "m1", author_user_id: "u-head", author_person_id: "p-head", body: "x", mentions: [], created_at: new Date().toISOString(), read_by: [], version: 1 },
      },
    ]);
    const w = await mountThread();
    await w.get('[data-testid="thread-mention"]').setValue("p-seller");
    await w.get('[data-testid="thread-mention-insert"]').trigger("click");
    await w.get('[data-testid="thread-input"]').setValue(`${(w.get('[data-testid="thread-input"]').element as HTMLTextAreaElement).value}请补充数据来源`);
    await w.get('[data-testid="thread-form"]').trigger("submit");
    await flushPromises();
    const post = f.calls.find((c) => c.method === "POST" && c.url.endsWith("/messages"));
    expect(post?.body).toEqual({ body: "@王芳 请补充数据来源", mentions: ["p-seller"] });
    expect((w.get('[data-testid="thread-input"]').element as HTMLTextAreaElement).value).toBe("");
    expect(w.findAll('[data-testid="thread-message"]')).toHaveLength(1);
  });

  it("keeps the text and says why when a mention is refused", async () => {
    serve([
      { path: "/collab/threads/unit:sales", body: { ...EMPTY_THREAD, kind: "unit", object_id: "sales" } },
      {
        method: "POST",
        path: "/collab/threads/unit:sales/messages",
        status: 400,
        body: {
          error: {
            code: "invalid",
            message: "此人无权查看这个讨论",
            details: [{ field: "mentions.0", code: "thread.mention_not_visible", message: "此人无权查看这个讨论" }],
          },
        },
      },
    ]);
    const w = await mountThread();
    await w.get('[data-testid="thread-input"]').setValue("@王芳 看一下");
    await w.get('[data-testid="thread-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="thread-error"]').text()).toBe("不能提及 王芳：此人无权查看这个讨论");
    expect((w.get('[data-testid="thread-input"]').element as HTMLTextAreaElement).value).toBe("@王芳 看一下");
  });
});
