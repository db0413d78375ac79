import { describe, expect, it } from "vitest";
import { deskPeriods, yearsAround } from "../src/desk";

describe("deskPeriods", () => {
  it("offers next, this and last year with this year's quarters in between", () => {
    expect(deskPeriods("2026")).toEqual(["2027", "2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2025"]);
  });

  it("gives the director next, this and last year", () => {
    expect(yearsAround("2026")).toEqual(["2027", "2026", "2025"]);
  });
});
