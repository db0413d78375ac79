import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import TasksView from "../src/views/TasksView.vue";
import ThreadPanel from "../src/components/ThreadPanel.vue";
import { api } from "../src/api";
import { allPages } from "../src/api/pages";
import { session } from "../src/auth/session";
import { orgCache } from "../src/orgCache";
import { makeI18n, makeRouter } from "./helpers";
import type { Task, ThreadMessage } from "../src/api/types";

const ME = { tenant_id: "t", user_id: "u1", person_id: "p1", email: "a@x", roles: ["employee" as const], managed_unit_ids: [] };

/** A fetch serving paged lists: `pages[path][cursor or ""]` is the body of that page. */
function pagedFetch(pages: Record<string, Record<string, unknown>>) {
  const calls: URL[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    calls.push(url);
    const body = pages[url.pathname]?.[url.searchParams.get("cursor") ?? ""];
    return new Response(JSON.stringify(body ?? { error: { code: "invalid", message: "cursor", details: [] } }), {
      status: body ? 200 : 400,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fn);
  return calls;
}

function task(n: number): Task {
  return {
    task_id: `t${n}`,
    title: `任务${n}`,
    description: "",
    assignee_id: "p1",
    creator_person_id: "p1",
    creator_user_id: "u1",
    deadline: `2099-01-0${n}`,
    status: "open",
    checklist: [],
    created_at: "2027-01-01T00:00:00+00:00",
    updated_at: "2027-01-01T00:00:00+00:00",
    overdue: false,
    version: 1,
  };
}

function message(n: number): ThreadMessage {
  return {
    message_id: `m${n}`,
    author_person_id: "p2",
    author_user_id: "u2",
    body: `消息${n}`,
    mentions: [],
    reply_to: null,
    created_at: `2027-01-0${n}T00:00:00+00:00`,
    edited_at: null,
    read_by: [],
    version: 1,
  } as unknown as ThreadMessage;
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

describe("whole lists", () => {
  it("follow next_cursor and merge every page's items", async () => {
    // Given a list of three pages
    const load = vi.fn(async (cursor?: string) =>
      ({ "": { items: [1, 2], next_cursor: "c2", extra: "first" }, c2: { items: [3], next_cursor: "c3" }, c3: { items: [4], next_cursor: null } })[
        cursor ?? ""
      ]!,
    );
    // When it is read whole / Then every item, in order, with the first page's other fields
    const all = await allPages(load);
    expect(all).toEqual({ items: [1, 2, 3, 4], next_cursor: null, extra: "first" });
    expect(load.mock.calls.map((c) => c[0])).toEqual([undefined, "c2", "c3"]);
  });

  it("read the org lists at their largest page and keep the order screens expect", async () => {
    const calls = pagedFetch({
      "/org/people": {
        "": { items: [{ person_id: "b", name: "乙", unit_id: "u2" }], next_cursor: "n" },
        n: { items: [{ person_id: "a", name: "甲", unit_id: "u1" }], next_cursor: null },
      },
    });
    const people = await api.people();
    expect(people.map((p) => p.person_id)).toEqual(["a", "b"]);
    expect(calls.map((u) => [u.searchParams.get("limit"), u.searchParams.get("cursor")])).toEqual([
      ["500", null],
      ["500", "n"],
    ]);
  });
});

describe("load more", () => {
  it("shows the first page of tasks and appends the next one on demand", async () => {
    // Given two pages of tasks
    pagedFetch({
      "/collab/tasks": { "": { items: [task(1), task(2)], next_cursor: "p2" }, p2: { items: [task(3)], next_cursor: null } },
      "/org/people": { "": { items: [], next_cursor: null } },
    });
    const router = makeRouter([{ path: "/tasks", name: "tasks", component: TasksView }]);
    await router.push("/tasks");
    const w = mount(TasksView, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await flushPromises();
    expect(w.findAll('[data-testid="task-row"]')).toHaveLength(2);
    // When "load more" is pressed
    const more = w.get('[data-testid="tasks-more"]');
    expect(more.text()).toBe("加载更多");
    await more.trigger("click");
    await flushPromises();
    // Then the third task is shown and there is nothing more to load
    expect(w.findAll('[data-testid="task-row"]').map((r) => r.attributes("data-task-id"))).toEqual(["t1", "t2", "t3"]);
    expect(w.find('[data-testid="tasks-more"]').exists()).toBe(false);
  });

  it("reads a thread's earlier messages above the newest ones", async () => {
    const thread = { kind: "unit", object_id: "sales", receipts: [] };
    const calls = pagedFetch({
      "/collab/threads/unit:sales": {
        "": { ...thread, messages: [message(3), message(4)], next_cursor: "older" },
        older: { ...thread, messages: [message(1), message(2)], next_cursor: null },
      },
      "/org/people": { "": { items: [], next_cursor: null } },
    });
    const w = mount(ThreadPanel, {
      props: { kind: "unit", objectId: "sales" },
      global: { plugins: [makeI18n("en"), makeRouter()] },
      attachTo: document.body,
    });
    await flushPromises();
    const earlier = w.get('[data-testid="thread-earlier-more"]');
    expect(earlier.text()).toBe("Earlier messages");
    await earlier.trigger("click");
    await flushPromises();
    expect(w.findAll(".msg").map((m) => m.attributes("id"))).toEqual(["msg-m1", "msg-m2", "msg-m3", "msg-m4"]);
    expect(w.find('[data-testid="thread-earlier-more"]').exists()).toBe(false);
    expect(calls.filter((u) => u.pathname === "/collab/threads/unit:sales").map((u) => u.searchParams.get("cursor"))).toEqual([
      null,
      "older",
    ]);
  });
});
