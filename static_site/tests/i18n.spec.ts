import { describe, expect, it } from "vitest";
import zhCN from "../src/i18n/zh-CN";
import en from "../src/i18n/en";

function keys(o: unknown, prefix = ""): string[] {
  if (typeof o !== "object" || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("messages", () => {
  it("have the same keys in Chinese and English", () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });
  it("have no empty strings", () => {
    const empty = (o: unknown): string[] => keys(o).filter((k) => k.split(".").reduce<any>((a, p) => a[p], o) === "");
    expect(empty(zhCN)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });
});

describe("plurals", () => {
  it("agree with the count in English and stay plain in Chinese", async () => {
    const { makeI18n } = await import("./helpers");
    const en = makeI18n("en").global;
    expect(en.t("draft.blocking", { n: 1 }, 1)).toBe("1 blocking issue");
    expect(en.t("draft.blocking", { n: 3 }, 3)).toBe("3 blocking issues");
    expect(makeI18n("zh-CN").global.t("draft.blocking", { n: 3 }, 3)).toBe("3 项阻断问题");
  });
});

describe("every message", () => {
  it("compiles and renders in both languages", async () => {
    const { makeI18n } = await import("./helpers");
    for (const locale of ["zh-CN", "en"] as const) {
      const i18n = makeI18n(locale);
      for (const k of keys(zhCN)) {
        const out = i18n.global.t(k, { n: 1, date: "d", sum: 1, diff: 1, name: "x" });
        expect(out, `${locale}:${k}`).not.toBe(k);
      }
    }
  });
});
