import { describe, expect, it } from "vitest";
import {
  allDone,
  changedFields,
  checklist,
  dismiss,
  fileFormat,
  grantableRoles,
  importRowErrors,
  isDismissed,
  nextEmployeeNo,
  rosterTemplate,
  searchPeople,
  suggestCode,
  unitOptions,
} from "../src/setup";
import type { Person, Unit } from "../src/api/types";

const root: Unit = { unit_id: "r", code: "ACME", name: "示例公司", parent_id: null, kind: "company" };
const sales: Unit = { unit_id: "s", code: "SALES", name: "销售部", parent_id: "r", kind: "department" };
const team: Unit = { unit_id: "t", code: "S1", name: "一组", parent_id: "s", kind: "team" };
const founder: Person = { person_id: "p1", name: "王芳", employee_no: "0001", email: "wf@x.cn", unit_id: "r" };
const newCompany = { units: [root], positions: [], people: [founder], members: [{ user_id: "u1" }], goals: [], cycles: [] };

describe("checklist", () => {
  it("shows nothing done for a company just signed up (its root unit, founder and login do not count)", () => {
    const steps = checklist(newCompany);
    expect(steps.map((s) => s.key)).toEqual(["units", "positions", "people", "invitations", "goals", "raci", "cycle"]);
    expect(steps.every((s) => !s.done)).toBe(true);
    expect(allDone(steps)).toBe(false);
  });

  it("marks each step done from the data and links it to its screen", () => {
    const steps = checklist({
      ...newCompany,
      units: [root, sales],
      positions: [{ position_id: "x", code: "REP", title: "客户经理", unit_id: "s" }],
      people: [founder, { ...founder, person_id: "p2" }],
      members: [{ user_id: "u1" }, { user_id: "u2" }],
    });
    const done = Object.fromEntries(steps.map((s) => [s.key, s.done]));
    expect(done).toEqual({ units: true, positions: true, people: true, invitations: true, goals: false, raci: false, cycle: false });
    expect(steps.find((s) => s.key === "units")?.to).toBe("/org/units/new");
    expect(steps.find((s) => s.key === "goals")?.to).toBe("/goals");
    expect(steps.find((s) => s.key === "raci")?.to).toBe("/raci");
  });

  it("does not count closed units or people who left", () => {
    const steps = checklist({ ...newCompany, units: [root, { ...sales, status: "closed" }], people: [founder, { ...founder, person_id: "p2", status: "left" }] });
    expect(steps.filter((s) => s.done)).toEqual([]);
  });

  it("is all done when every step has data", () => {
    const steps = checklist({ units: [root, sales], positions: [{ position_id: "x", code: "A", title: "a", unit_id: "s" }], people: [founder, founder], members: [{ user_id: "1" }, { user_id: "2" }], goals: [{ goal_id: "g", period: "2026", level: "company", title: "g" }], raci: [{}], cycles: [{}] });
    expect(allDone(steps)).toBe(true);
  });

  it("remembers a dismissal per company", () => {
    const m = new Map<string, string>();
    const s = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    expect(isDismissed("t1", s)).toBe(false);
    dismiss("t1", s);
    expect(isDismissed("t1", s)).toBe(true);
    expect(isDismissed("t2", s)).toBe(false);
  });
});

describe("codes and numbers", () => {
  it("uses a name's ASCII letters, else the prefix and the next free number", () => {
    expect(suggestCode("Sales 销售", "D", [])).toBe("SALES");
    expect(suggestCode("销售部", "D", [])).toBe("D01");
    expect(suggestCode("市场部", "D", ["D01", "d02"])).toBe("D03");
    expect(suggestCode("Sales", "D", ["SALES"])).toBe("SALES_1");
    expect(suggestCode("ＩＴ部", "D", [])).toBe("IT");
  });

  it("numbers the next employee after the highest number, keeping the width", () => {
    expect(nextEmployeeNo(["0001"])).toBe("0002");
    expect(nextEmployeeNo(["0001", "0009", "E12", undefined])).toBe("0010");
    expect(nextEmployeeNo([])).toBe("0001");
  });
});

describe("changedFields", () => {
  it("sends the version and only what changed; an emptied field is cleared", () => {
    const body = changedFields({ name: "王芳", email: "a@b.cn", manager_id: "m1" }, { name: "王芳", email: "c@d.cn ", manager_id: "" }, 3);
    expect(body).toEqual({ version: 3, email: "c@d.cn", manager_id: null });
  });
  it("sends only the version when nothing changed", () => {
    expect(changedFields({ name: "a" }, { name: "a" }, 1)).toEqual({ version: 1 });
  });
});

describe("roles, import, pickers", () => {
  it("offers HR, executive and admin to an admin, HR and executive to HR, nothing to others", () => {
    expect(grantableRoles(["admin", "hr"])).toEqual(["hr", "executive", "admin", "payroll"]);
    expect(grantableRoles(["hr"])).toEqual(["hr", "executive"]);
    expect(grantableRoles(["manager"])).toEqual([]);
  });

  it("writes a template with the Chinese headers and a department code of the company", () => {
    const csv = rosterTemplate([root, sales]);
    expect(csv.startsWith("\uFEFF工号,姓名,邮箱,部门编码")).toBe(true);
    expect(csv).toContain(",SALES,");
  });

  it("turns rows[N].column details into errors by line", () => {
    const rows = importRowErrors([
      { field: "rows[5].email", message: "邮箱格式不正确" },
      { field: "rows[2].unit_code", message: "没有这个部门" },
      { field: "content_base64", message: "文件无法读取" },
    ]);
    expect(rows).toEqual([
      { line: 0, column: "content_base64", message: "文件无法读取" },
      { line: 2, column: "unit_code", message: "没有这个部门" },
      { line: 5, column: "email", message: "邮箱格式不正确" },
    ]);
  });

  it("knows CSV and xlsx files only", () => {
    expect(fileFormat("花名册.XLSX")).toBe("xlsx");
    expect(fileFormat("a.csv")).toBe("csv");
    expect(fileFormat("a.xls")).toBeNull();
  });

  it("orders units as a tree with depth", () => {
    expect(unitOptions([team, sales, root]).map((o) => [o.unit.code, o.depth])).toEqual([["ACME", 0], ["SALES", 1], ["S1", 2]]);
  });

  it("finds people by name, email or number", () => {
    const people = [founder, { ...founder, person_id: "p2", name: "李强", email: "lq@x.cn", employee_no: "0002" }];
    expect(searchPeople(people, "李").map((p) => p.person_id)).toEqual(["p2"]);
    expect(searchPeople(people, "0001").map((p) => p.person_id)).toEqual(["p1"]);
    expect(searchPeople(people, "")).toHaveLength(2);
  });
});
