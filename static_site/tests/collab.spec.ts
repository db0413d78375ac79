import { describe, expect, it } from "vitest";
import {
  addDays,
  assignablePeople,
  canEdit,
  chinaToday,
  daysUntil,
  deadlineState,
  deadlineText,
  documentType,
  fileSize,
  insertMention,
  parseMentions,
  routeOfLink,
  sortTasks,
} from "../src/collab";
import { badgeText } from "../src/collabInbox";
import { makeI18n } from "./helpers";
import type { Me, Person, Task, Unit } from "../src/api/types";

const TODAY = "2027-03-10";

function task(over: Partial<Task> = {}): Task {
  return {
    task_id: "t1",
    title: "起草指标",
    description: "",
    assignee_id: "p1",
    creator_user_id: "u9",
    deadline: TODAY,
    status: "open",
    checklist: [],
    created_at: "2027-03-01T00:00:00+00:00",
    updated_at: "2027-03-01T00:00:00+00:00",
    overdue: false,
    version: 1,
    ...over,
  };
}

describe("deadlines", () => {
  it("count calendar days in China, whatever the device's time zone", () => {
    // 2027-03-09 17:00 UTC is already 2027-03-10 01:00 in Shanghai
    expect(chinaToday(new Date("2027-03-09T17:00:00Z"))).toBe("2027-03-10");
    expect(addDays("2027-02-27", 2)).toBe("2027-03-01");
    expect(daysUntil("2027-03-13", TODAY)).toBe(3);
    expect(daysUntil("2027-03-07", TODAY)).toBe(-3);
  });

  it("read as overdue, today, soon or later while the task is open", () => {
    expect(deadlineState(task({ deadline: "2027-03-09" }), TODAY)).toBe("overdue");
    expect(deadlineState(task({ deadline: TODAY }), TODAY)).toBe("today");
    expect(deadlineState(task({ deadline: "2027-03-13" }), TODAY)).toBe("soon");
    expect(deadlineState(task({ deadline: "2027-03-14" }), TODAY)).toBe("later");
  });

  it("trust the server's overdue flag (it judged the date in its own time zone)", () => {
    expect(deadlineState(task({ deadline: TODAY, overdue: true }), TODAY)).toBe("overdue");
  });

  it("put no pressure on done or cancelled tasks", () => {
    expect(deadlineState(task({ deadline: "2027-01-01", status: "done" }), TODAY)).toBe("closed");
    expect(deadlineState(task({ deadline: "2027-01-01", status: "cancelled", overdue: false }), TODAY)).toBe("closed");
  });

  it("are worded in both languages, with English plurals", () => {
    const zh = makeI18n("zh-CN").global;
    const en = makeI18n("en").global;
    const say = (i18n: typeof zh, x: Task) => {
      const d = deadlineText(x, TODAY);
      return i18n.t(d.key, { n: d.n, date: x.deadline }, d.n);
    };
    expect(say(zh, task({ deadline: "2027-03-08" }))).toBe("已逾期 2 天");
    expect(say(en, task({ deadline: "2027-03-09" }))).toBe("1 day overdue");
    expect(say(en, task({ deadline: "2027-03-12" }))).toBe("Due in 2 days");
    expect(say(zh, task({ deadline: TODAY }))).toBe("今天截止");
    expect(say(en, task({ deadline: TODAY, status: "done" }))).toBe(`Due ${TODAY}`);
  });

  it("sort overdue tasks first and closed tasks last", () => {
    const list = [
      task({ task_id: "closed", deadline: "2027-01-01", status: "done" }),
      task({ task_id: "later", deadline: "2027-04-01" }),
      task({ task_id: "late", deadline: "2027-03-01" }),
      task({ task_id: "soon", deadline: "2027-03-11" }),
    ];
    expect(sortTasks(list, TODAY).map((x) => x.task_id)).toEqual(["late", "soon", "later", "closed"]);
  });
});

describe("mentions", () => {
  const people = [
    { person_id: "p1", name: "王芳" },
    { person_id: "p2", name: "王芳芳" },
    { person_id: "p3", name: "Li Qiang" },
    { person_id: "p4", name: "李强" },
  ];

  it("find every mentioned person once, the longest name winning", () => {
    expect(parseMentions("@王芳芳 请看一下，@李强 也看看，@李强", people)).toEqual(["p2", "p4"]);
    expect(parseMentions("@王芳请补充数据来源", people)).toEqual(["p1"]);
  });

  it("match Latin names with spaces only at a word boundary", () => {
    expect(parseMentions("thanks @Li Qiang!", people)).toEqual(["p3"]);
    expect(parseMentions("@Li Qiangwei", people)).toEqual([]);
  });

  it("ignore an @ that names nobody", () => {
    expect(parseMentions("email me at a@b.c", people)).toEqual([]);
  });

  it("are inserted at the caret with a separating space", () => {
    expect(insertMention("请", "王芳", 1)).toEqual({ body: "请 @王芳 ", caret: 6 });
    expect(insertMention("", "王芳")).toEqual({ body: "@王芳 ", caret: 4 });
    expect(insertMention("a b", "X", 2)).toEqual({ body: "a @X b", caret: 5 });
  });
});

describe("editing a message", () => {
  const at = Date.parse("2027-03-10T02:00:00Z");
  const msg = { author_user_id: "u1", created_at: "2027-03-10T02:00:00+00:00" };

  it("is open to its author for 15 minutes", () => {
    expect(canEdit(msg, "u1", at + 14 * 60_000)).toBe(true);
    expect(canEdit(msg, "u1", at + 15 * 60_000)).toBe(false);
  });

  it("is never open to someone else", () => {
    expect(canEdit(msg, "u2", at)).toBe(false);
    expect(canEdit(msg, undefined, at)).toBe(false);
  });
});

describe("notification links", () => {
  it("open the hash route the server put in them (chalicelib/core/links.py)", () => {
    expect(routeOfLink("/#/tasks/t1?m=m1")).toBe("/tasks/t1?m=m1");
    expect(routeOfLink("/#/mine")).toBe("/mine");
    expect(routeOfLink("https://app.example/#/hr/sets/s1")).toBe("/hr/sets/s1");
  });

  it("map older API-style links to the same screens", () => {
    expect(routeOfLink("/collab/tasks/t1")).toBe("/tasks/t1");
    expect(routeOfLink("/collab/threads/task:t1#m1")).toBe("/tasks/t1?m=m1");
    expect(routeOfLink("/collab/threads/unit:u1#m1")).toBe("/threads/unit:u1?m=m1");
    expect(routeOfLink("/collab/documents/d1")).toBe("/documents/d1");
    expect(routeOfLink("/indicators/sets/s1")).toBe("/hr/sets/s1");
    expect(routeOfLink("/indicators/me")).toBe("/mine");
  });

  it("lead nowhere when empty or pointing to another site", () => {
    expect(routeOfLink("")).toBeNull();
    expect(routeOfLink("https://example.com/x")).toBeNull();
  });
});

describe("who may be assigned a task", () => {
  const units: Unit[] = [
    { unit_id: "co", code: "CO", name: "公司", parent_id: null, kind: "company", path: ["co"] },
    { unit_id: "sales", code: "S", name: "销售部", parent_id: "co", kind: "department", path: ["co", "sales"] },
    { unit_id: "east", code: "E", name: "华东组", parent_id: "sales", kind: "team", path: ["co", "sales", "east"] },
    { unit_id: "tech", code: "T", name: "技术部", parent_id: "co", kind: "department", path: ["co", "tech"] },
  ];
  const people: Person[] = [
    { person_id: "head", name: "李强", unit_id: "sales" },
    { person_id: "seller", name: "王芳", unit_id: "east" },
    { person_id: "eng", name: "刘洋", unit_id: "tech" },
    { person_id: "gone", name: "离职", unit_id: "east", status: "left" },
  ];
  const me = (over: Partial<Me>): Me => ({ tenant_id: "t", user_id: "u", email: "e", roles: [], ...over });

  it("is anyone still here for HR", () => {
    expect(assignablePeople(me({ roles: ["hr"] }), people, units).map((p) => p.person_id)).toEqual(["head", "seller", "eng"]);
  });

  it("is the people of their units (and below) for a department head", () => {
    const head = me({ roles: ["manager"], person_id: "head", managed_unit_ids: ["sales"] });
    expect(assignablePeople(head, people, units).map((p) => p.person_id)).toEqual(["head", "seller"]);
  });

  it("is only themselves for an employee", () => {
    expect(assignablePeople(me({ roles: ["employee"], person_id: "eng" }), people, units).map((p) => p.person_id)).toEqual(["eng"]);
  });
});

describe("documents and the badge", () => {
  it("type files by extension when the browser does not", () => {
    expect(documentType("制度.PDF", "")).toBe("application/pdf");
    expect(documentType("a.xlsx", "application/octet-stream")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(documentType("run.exe", "application/x-msdownload")).toBeNull();
  });

  it("show sizes and counts briefly", () => {
    expect(fileSize(512)).toBe("512 B");
    expect(fileSize(1536)).toBe("1.5 KB");
    expect(fileSize(20 * 1024 * 1024)).toBe("20 MB");
    expect(badgeText(0)).toBe("");
    expect(badgeText(7)).toBe("7");
    expect(badgeText(120)).toBe("99+");
  });
});
