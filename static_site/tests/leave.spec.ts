import { describe, expect, it } from "vitest";
import { canCancel, monthGrid, requestDates, shiftMonth, typeName } from "../src/leave";
import type { CalendarDay, LeaveRequest, LeaveType } from "../src/api/leave";

function days(year: number, month: number, count: number): CalendarDay[] {
  return Array.from({ length: count }, (_, i) => ({
    date: `${year}-${String(month).padStart(2, "0")}-${String(i + 1).padStart(2, "0")}`,
    kind: "workday",
    working: true,
    festival: null,
    note: "",
    overridden: false,
  }));
}

describe("monthGrid", () => {
  it("starts the weeks on Monday with blanks before the 1st", () => {
    // 2026-10-01 is a Thursday: three blanks (Mon, Tue, Wed)
    const weeks = monthGrid(days(2026, 10, 31));
    expect(weeks[0].slice(0, 4).map((d) => d?.date ?? null)).toEqual([null, null, null, "2026-10-01"]);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
  });
  it("gives nothing for no days", () => {
    expect(monthGrid([])).toEqual([]);
  });
});

describe("shiftMonth", () => {
  it("crosses the year both ways", () => {
    expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
    expect(shiftMonth(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
  });
});

describe("typeName", () => {
  const annual = { code: "annual", name: { "zh-CN": "年假", en: "Annual leave" } } as unknown as LeaveType;
  it("uses the UI language and falls back to Chinese, then the code", () => {
    expect(typeName(annual, "annual", "en")).toBe("Annual leave");
    expect(typeName(annual, "annual", "fr")).toBe("年假");
    expect(typeName(undefined, "birthday", "zh-CN")).toBe("birthday");
  });
});

describe("requests", () => {
  const base = { start: "2026-10-08", end: "2026-10-09", start_half: "am", end_half: "pm" } as const;
  const half = (h: "am" | "pm") => (h === "am" ? "上午" : "下午");
  it("shows a range, a single day, and half days", () => {
    expect(requestDates(base, half)).toBe("2026-10-08 – 10-09");
    expect(requestDates({ ...base, end: "2026-10-08" }, half)).toBe("2026-10-08");
    expect(requestDates({ ...base, start_half: "pm", end_half: "am" }, half)).toBe("2026-10-08 下午 – 10-09 上午");
  });
  it("may be withdrawn until rejected or already withdrawn", () => {
    const r = (status: LeaveRequest["status"]) => ({ status }) as LeaveRequest;
    expect(["pending", "pending_hr", "approved", "rejected", "cancelled"].map((s) => canCancel(r(s as LeaveRequest["status"])))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
