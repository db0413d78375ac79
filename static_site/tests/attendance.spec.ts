import { describe, expect, it } from "vitest";
import { figureKey, localToday, monthOf, restDayNumbers, shiftBody, shiftMonth, signed, statusTone } from "../src/api/attendance";
import zh from "../src/i18n/zh-CN";
import en from "../src/i18n/en";

describe("attendance helpers", () => {
  it("moves between months across a year end", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(monthOf(new Date(2026, 10, 30))).toBe("2026-11");
  });

  it("gives today's date on the phone's own clock", () => {
    expect(localToday(new Date(2026, 11, 8, 7, 39))).toBe("2026-12-08");
  });

  it("colours a day by its status", () => {
    expect(statusTone("present")).toBe("ok");
    expect(statusTone("late")).toBe("warn");
    expect(statusTone("missing_punch")).toBe("warn");
    expect(statusTone("absent")).toBe("bad");
    expect(statusTone("on_leave")).toBe("calm");
    expect(statusTone(undefined)).toBe("none");
  });

  it("warns of a flexible day short of its hours", () => {
    expect(statusTone("short_hours")).toBe("warn");
  });
});

describe("HR's shift form", () => {
  const form = {
    code: " flex ",
    name: "弹性班",
    kind: "flexible" as const,
    start: "07:00",
    end: "22:00",
    grace_minutes: 5,
    core_start: "10:00",
    core_end: "16:00",
    required_hours: 7.5,
    rest_pattern: "double" as const,
    rest_anchor: "2026-12-07",
  };

  it("sends the core hours and the total in minutes for a flexible shift, no anchor for 双休", () => {
    expect(shiftBody(form)).toEqual({
      code: "flex",
      name: "弹性班",
      kind: "flexible",
      start: "07:00",
      end: "22:00",
      grace_minutes: 5,
      core_start: "10:00",
      core_end: "16:00",
      required_minutes: 450,
      rest_pattern: "double",
    });
  });

  it("sends no core hours for a fixed shift and the anchor for 大小周", () => {
    const body = shiftBody({ ...form, kind: "fixed", rest_pattern: "alternating" });
    expect(body.core_start).toBeUndefined();
    expect(body.required_minutes).toBeUndefined();
    expect(body.rest_anchor).toBe("2026-12-07");
  });

  it("lists a month's rest days by their day of the month", () => {
    expect(restDayNumbers(["2026-12-06", "2026-12-12", "2026-12-13"])).toEqual([6, 12, 13]);
    expect(restDayNumbers(undefined)).toEqual([]);
  });
});

describe("late corrections on the closing screen", () => {
  it("names each adjusted figure by a label both languages have (leave by its type)", () => {
    const fields = ["present_days", "absent_days", "late_count", "late_minutes", "early_leave_count",
      "overtime_hours.workday", "overtime_hours.restday", "overtime_hours.holiday"];
    for (const field of fields) {
      const key = figureKey(field).key.split(".").slice(2).join(".");
      expect((zh.attendance.figure as Record<string, string>)[key]).toMatch(/[\u4e00-\u9fff]/);
      expect((en.attendance.figure as Record<string, string>)[key]).toBeTruthy();
    }
    expect(figureKey("leave_days.sick")).toEqual({ key: "attendance.figure.leave", leaveType: "sick" });
    expect(signed("1")).toBe("+1");
    expect(signed("-0.5")).toBe("-0.5");
  });
});
