import { describe, expect, it } from "vitest";
import { addParty, bodyFromForm, emptyForm, filterCards, formFromEntry, placeRaciField, raciCards, validateRaci } from "../src/raci";
import type { Party, RaciEntry } from "../src/api/types";

const NAMES: Record<string, string> = { "unit:S": "销售部", "person:p1": "李强", "person:p2": "陈静", "position:P": "客户经理", "unit:H": "人力资源部" };
const nameOf = (p: Party) => NAMES[`${p.kind}:${p.id}`] ?? "";

const entry: RaciEntry = {
  entry_id: "e1",
  subject: { kind: "indicator", name: "月度放款额" },
  assignments: [
    { letter: "R", party: { kind: "position", id: "P" } },
    { letter: "A", party: { kind: "person", id: "p1" } },
    { letter: "R", party: { kind: "person", id: "p2" } },
    { letter: "I", party: { kind: "unit", id: "H" } },
  ],
  authority: { drafter: { kind: "person", id: "p1" }, reviewer: { kind: "unit", id: "H" }, approver: { kind: "person", id: "p1" }, data_providers: [] },
  version: 3,
};

describe("RACI cards", () => {
  it("names who holds each letter, R A C I in order, leaving out letters nobody holds", () => {
    const [card] = raciCards([entry], nameOf);
    expect(card.letters).toEqual([
      { letter: "R", names: ["客户经理", "陈静"] },
      { letter: "A", names: ["李强"] },
      { letter: "I", names: ["人力资源部"] },
    ]);
  });

  it("shows a dash for a party that no longer exists, never its id", () => {
    const [card] = raciCards([{ ...entry, assignments: [{ letter: "A", party: { kind: "person", id: "gone" } }] }], nameOf);
    expect(card.letters[0].names).toEqual(["—"]);
  });

  it("finds cards by subject or by a party's name", () => {
    const cards = raciCards([entry, { ...entry, entry_id: "e2", subject: { kind: "process", name: "贷款审批流程" }, assignments: [] }], nameOf);
    expect(filterCards(cards, "审批").map((c) => c.entry.entry_id)).toEqual(["e2"]);
    expect(filterCards(cards, "陈静").map((c) => c.entry.entry_id)).toEqual(["e1"]);
    expect(filterCards(cards, " ")).toHaveLength(2);
  });
});

describe("RACI form", () => {
  it("round-trips an entry through the form into the API body", () => {
    const body = bodyFromForm(formFromEntry(entry));
    expect(body.subject).toEqual({ kind: "indicator", name: "月度放款额" });
    expect(body.assignments.map((a) => a.letter)).toEqual(["R", "R", "A", "I"]);
    expect(body.authority.reviewer).toEqual({ kind: "unit", id: "H" });
  });

  it("adds the same party to a letter once", () => {
    const p: Party = { kind: "person", id: "p1" };
    expect(addParty(addParty([], p), { ...p })).toHaveLength(1);
  });

  it("asks for a subject, a Responsible party, exactly one Accountable and the three authorities", () => {
    expect(validateRaci(emptyForm())).toEqual({
      name: "setup.required",
      R: "raci.needR",
      A: "raci.needOneA",
      drafter: "setup.required",
      reviewer: "setup.required",
      approver: "setup.required",
    });
    const two = formFromEntry(entry);
    two.parties.A = [...two.parties.A, { kind: "person", id: "p2" }];
    expect(validateRaci(two)).toEqual({ A: "raci.needOneA" });
    expect(validateRaci(formFromEntry(entry))).toEqual({});
  });

  it("shows the API's field errors on the inputs they are about", () => {
    expect(placeRaciField("subject.name")).toBe("name");
    expect(placeRaciField("authority.approver.id")).toBe("approver");
    expect(placeRaciField("assignments.0.party.id")).toBe("R");
    expect(placeRaciField("note")).toBeNull();
  });
});
