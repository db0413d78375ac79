import { describe, expect, it } from "vitest";
import { askedDates, canCancelTrip, halfHours, overtimeFlag, tripFormError } from "../src/attendanceExtras";
import { carriedLines, statusTone, type DayRecord, type Translate } from "../src/api/attendance";
import { makeI18n } from "./helpers";

function i18nT(locale: "zh-CN" | "en"): Translate {
  const { t } = makeI18n(locale).global;
  return (key, params) => t(key, params ?? {});
}

function day(extra: Partial<DayRecord>): DayRecord {
  return {
    person_id: "p1",
    date: "2026-12-05",
    status: "rest",
    day_kind: "rest_day",
    shift_id: "standard",
    late_minutes: 0,
    early_minutes: 0,
    check_in: "2026-12-05T09:00:00",
    check_out: "2026-12-05T17:10:00",
    leave_days: 0,
    leave_type: null,
    ...extra,
  };
}

describe("overtime seen in the punches", () => {
  it("counts whole half hours, never rounding up", () => {
    expect(halfHours(480)).toBe(8);
    expect(halfHours(90)).toBe(1.5);
    expect(halfHours(89)).toBe(1);
  });

  it("flags a rest day's punches as not asked for until a request exists, then approved", () => {
    const saturday = day({ overtime_minutes: 480, overtime_reason: "rest_day" });
    expect(overtimeFlag(saturday)).toEqual({ reason: "rest_day", hours: 8, state: "unasked" });
    expect(overtimeFlag(saturday, askedDates([{ date: "2026-12-05", status: "pending" }]))?.state).toBe("asked");
    expect(overtimeFlag(saturday, askedDates([{ date: "2026-12-05", status: "rejected" }]))?.state).toBe("unasked");
    expect(overtimeFlag({ ...saturday, overtime_approved: true })?.state).toBe("approved");
  });

  it("shows nothing on a day without detected overtime (older results lack the fields)", () => {
    expect(overtimeFlag(day({}))).toBeNull();
    expect(overtimeFlag(day({ overtime_minutes: 0, overtime_reason: null }))).toBeNull();
  });
});

describe("trips", () => {
  const form = { start: "2026-12-14", end: "2026-12-15", start_half: "am" as const, end_half: "pm" as const, destination: "深圳" };

  it("names the field to fix, as the API would", () => {
    expect(tripFormError(form)).toBeNull();
    expect(tripFormError({ ...form, end: "2026-12-13" })).toBe("end");
    expect(tripFormError({ ...form, end: "2026-12-14", start_half: "pm", end_half: "am" })).toBe("end");
    expect(tripFormError({ ...form, destination: "  " })).toBe("destination");
    expect(tripFormError({ ...form, start: "" })).toBe("start");
  });

  it("colours a business-trip day as a day worked", () => {
    expect(statusTone("business_trip")).toBe("ok");
  });

  it("may be withdrawn while waiting or approved, not once rejected or withdrawn", () => {
    expect(["pending", "pending_hr", "approved", "rejected", "cancelled"].map((s) => canCancelTrip({ status: s as never }))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("late corrections carried into my month", () => {
  const october = [
    { month: "2026-10", field: "absent_days", delta: "-1", was: "1", reason: "补交病假条", correction_id: "c1" },
    { month: "2026-10", field: "leave_days.sick", delta: "1", was: "0", reason: "补交病假条", correction_id: "c1" },
  ];
  const leaveName = (code: string) => ({ sick: "病假" })[code] ?? code;

  it("reads as one line per correction in zh-CN, with signs and units", () => {
    const t = i18nT("zh-CN");
    expect(carriedLines(october, t, leaveName)).toEqual(["10 月更正：旷工 −1 天，病假 +1 天（补交病假条）"]);
  });

  it("reads in English too, and lists each correction separately", () => {
    const t = i18nT("en");
    const later = { month: "2026-10", field: "overtime_hours.restday", delta: "4", was: "0", reason: "加班补批", correction_id: "c2" };
    expect(carriedLines([...october, later], t, () => "sick leave")).toEqual([
      "Corrections to 2026-10: absent \u22121 days, sick leave +1 days (补交病假条)",
      "Corrections to 2026-10: rest-day overtime +4 h (加班补批)",
    ]);
  });

  it("shows nothing when the month carries nothing", () => {
    expect(carriedLines(undefined, i18nT("zh-CN"), leaveName)).toEqual([]);
  });
});
