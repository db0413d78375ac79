import { describe, expect, it } from "vitest";
import { localToday, monthOf, shiftMonth, statusTone } from "../src/api/attendance";

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
