import { describe, expect, it } from "vitest";
import { homePath, redirectFor, reopenTarget, viewsFor } from "../src/roles";
import type { Me } from "../src/api/types";

const me = (over: Partial<Me>): Me => ({ user_id: "u", tenant_id: "t", roles: [], ...over }) as Me;

describe("role views", () => {
  it("gives each role its home: director, HR desk, unit, my indicators", () => {
    expect(homePath(me({ roles: ["executive"] }))).toBe("/dashboard/rollout");
    expect(homePath(me({ roles: ["hr"], person_id: "p" }))).toBe("/hr");
    expect(homePath(me({ roles: ["employee"], person_id: "p", managed_unit_ids: ["u1"] }))).toBe("/dashboard/unit");
    expect(homePath(me({ roles: ["employee"], person_id: "p" }))).toBe("/mine");
    expect(viewsFor(me({ roles: ["hr"] }))).toEqual(["hr", "rollout"]);
  });

  it("lets the director and HR drill down into a department's dashboard, not an employee", () => {
    expect(redirectFor("unit", me({ roles: ["executive"] }))).toBeNull();
    expect(redirectFor("unit", me({ roles: ["hr"], person_id: "p" }))).toBeNull();
    expect(redirectFor("unit", me({ roles: ["employee"], person_id: "p" }))).toBe("/mine");
  });

  it("sends an employee who opens the director's or HR's screen to their own home", () => {
    const employee = me({ roles: ["employee"], person_id: "p" });
    expect(redirectFor("rollout", employee)).toBe("/mine");
    expect(redirectFor("hr", employee)).toBe("/mine");
    expect(redirectFor("mine", employee)).toBeNull();
    expect(redirectFor(undefined, employee)).toBeNull();
    expect(redirectFor("hr", me({ roles: ["admin", "hr"] }))).toBeNull();
  });
});

describe("a tap on the lit tab", () => {
  it("goes back to the tab's first screen from a screen inside it", () => {
    expect(reopenTarget("/org", "/people", "/dashboard/rollout")).toBe("/org");
    expect(reopenTarget("/hr", "/cycles/c1", "/dashboard/rollout")).toBe("/hr");
  });

  it("goes to the user's home for 首页, and nowhere when the first screen is shown", () => {
    expect(reopenTarget("/", "/sets/new", "/dashboard/unit")).toBe("/dashboard/unit");
    expect(reopenTarget("/", "/dashboard/unit", "/dashboard/unit")).toBeNull();
    expect(reopenTarget("/org", "/org", "/mine")).toBeNull();
  });
});
