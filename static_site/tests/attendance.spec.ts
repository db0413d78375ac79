import { describe, expect, it } from "vitest";
import { figureKey, localToday, monthOf, shiftMonth, signed, statusTone } from "../src/api/attendance";
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
