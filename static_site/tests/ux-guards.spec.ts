import { describe, expect, it } from "vitest";
import { keyKeeper } from "../src/idempotency";
import { formulaText } from "../src/format";
import { formSnapshot, mayLeave, stableText } from "../src/composables/useUnsavedGuard";
import { tabsFor } from "../src/roles";
import { consentIsCurrent, consentVersion, PRIVACY_POLICY_VERSION } from "../src/privacy";
import type { Me } from "../src/api/types";

const me = (over: Partial<Me>): Me => ({ tenant_id: "t", user_id: "u", email: "e", roles: [], ...over });

describe("idempotency keys for posts", () => {
  it("keeps the key while the same message is retried, and a new one after the answer", () => {
    let n = 0;
    const keys = keyKeeper(() => `k${++n}`);
    const first = keys.keyFor({ body: "你好" });
    expect(keys.keyFor({ body: "你好" })).toBe(first); // a retry after a timeout
    keys.settled();
    expect(keys.keyFor({ body: "你好" })).not.toBe(first); // the same words sent again on purpose
  });

  it("gives a changed message a new key (the server would refuse the old key for other text)", () => {
    let n = 0;
    const keys = keyKeeper(() => `k${++n}`);
    const first = keys.keyFor({ body: "你好" });
    expect(keys.keyFor({ body: "你好！" })).not.toBe(first);
  });

  it("makes random keys by default", () => {
    const a = keyKeeper().keyFor({ body: "x" });
    const b = keyKeeper().keyFor({ body: "x" });
    expect(a).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(a).not.toBe(b);
  });
});

describe("unsaved-changes guard", () => {
  it("reads key order as no change", () => {
    expect(stableText({ b: 1, a: { d: 2, c: 3 } })).toBe(stableText({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it("is clean before loading and after a reset, dirty after typing, clean again after a save", () => {
    const form = { title: "", items: [] as string[] };
    const snap = formSnapshot(() => form);
    form.title = "still loading";
    expect(snap.changed()).toBe(false);
    snap.reset();
    expect(snap.changed()).toBe(false);
    form.items.push("核对数据");
    expect(snap.changed()).toBe(true);
    snap.reset();
    expect(snap.changed()).toBe(false);
  });

  it("asks only when something changed and the leave was not allowed", async () => {
    const asked: string[] = [];
    const ask = (answer: boolean) => async () => {
      asked.push("asked");
      return answer;
    };
    expect(await mayLeave(false, false, ask(false))).toBe(true);
    expect(await mayLeave(true, true, ask(false))).toBe(true);
    expect(asked).toEqual([]);
    expect(await mayLeave(true, false, ask(false))).toBe(false);
    expect(await mayLeave(true, false, ask(true))).toBe(true);
    expect(asked).toEqual(["asked", "asked"]);
  });
});

describe("one tab per destination", () => {
  it("gives an employee no 首页 beside 我的指标 (their home)", () => {
    expect(tabsFor(me({ roles: ["employee"], person_id: "p" }))).toEqual(["mine", "collab", "org", "account"]);
  });

  it("gives HR no 首页 beside 审核 (their home)", () => {
    const tabs = tabsFor(me({ roles: ["hr", "employee"], person_id: "p" }));
    expect(tabs).toEqual(["review", "mine", "collab", "org", "account"]);
  });

  it("keeps 首页 where it is a screen of its own (a director's rollout, a head's unit)", () => {
    expect(tabsFor(me({ roles: ["executive"] }))[0]).toBe("home");
    expect(tabsFor(me({ roles: ["manager", "employee"], person_id: "p" }))[0]).toBe("home");
    expect(tabsFor(me({ roles: ["admin", "hr"], person_id: "p" }))).toEqual(["home", "review", "mine", "collab", "org", "account"]);
  });

  it("never lists a tab twice", () => {
    for (const roles of [["employee"], ["hr"], ["admin"], ["executive"], ["manager"]] as const) {
      const tabs = tabsFor(me({ roles: [...roles], person_id: "p" }));
      expect(new Set(tabs).size).toBe(tabs.length);
    }
  });
});

describe("privacy consent", () => {
  it("is current only for the server's current version", () => {
    expect(consentIsCurrent(null, "2026-12-07")).toBe(false);
    expect(consentIsCurrent({ version: "2020-01-01" }, "2026-12-07")).toBe(false);
    expect(consentIsCurrent({ version: "2026-12-07" }, "2026-12-07")).toBe(true);
    expect(consentIsCurrent({ version: PRIVACY_POLICY_VERSION }, undefined)).toBe(true);
  });

  it("sends the server's version when it names one", () => {
    expect(consentVersion("2027-01-01")).toBe("2027-01-01");
    expect(consentVersion(undefined)).toBe(PRIVACY_POLICY_VERSION);
  });
});

describe("formulas shown with measure names", () => {
  const measures = [
    { key: "converted_customers", name: "转化客户数" },
    { key: "qualified_leads", name: { "zh-CN": "合格线索数", en: "Qualified leads" } },
  ];

  it("replaces identifiers by names and operators by × ÷", () => {
    expect(formulaText("converted_customers / qualified_leads * 100", measures)).toBe("转化客户数 ÷ 合格线索数 × 100");
  });

  it("uses the UI language's name when a measure has both", () => {
    expect(formulaText("qualified_leads*2", measures, "en")).toBe("Qualified leads × 2");
  });

  it("leaves an unnamed key as it is and shows nothing without a formula", () => {
    expect(formulaText("loan_amount / 10000", [])).toBe("loan_amount ÷ 10000");
    expect(formulaText(null, measures)).toBe("");
  });
});
