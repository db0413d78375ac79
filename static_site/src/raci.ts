/**
 * The responsibility matrix (权责矩阵) on a phone: one card per subject with who is R/A/C/I by name,
 * and the edit form's model ↔ the API body. Pure: tested in tests/raci.spec.ts.
 */
import type { Party, RaciBody, RaciEntry, RaciLetter } from "./api/types";

export const LETTERS: RaciLetter[] = ["R", "A", "C", "I"];

export type NameOf = (p: Party) => string;

export interface RaciCard {
  entry: RaciEntry;
  /** Names per letter, in R, A, C, I order; letters nobody holds are left out. */
  letters: Array<{ letter: RaciLetter; names: string[] }>;
}

export function raciCards(entries: RaciEntry[], nameOf: NameOf): RaciCard[] {
  return entries.map((entry) => ({
    entry,
    letters: LETTERS.map((letter) => ({
      letter,
      names: entry.assignments.filter((a) => a.letter === letter).map((a) => nameOf(a.party) || "—"),
    })).filter((l) => l.names.length),
  }));
}

/** Cards whose subject or any party's name contains ``q`` (case-insensitive). */
export function filterCards(cards: RaciCard[], q: string): RaciCard[] {
  const s = q.trim().toLowerCase();
  if (!s) return cards;
  return cards.filter(
    (c) => c.entry.subject.name.toLowerCase().includes(s) || c.letters.some((l) => l.names.some((n) => n.toLowerCase().includes(s))),
  );
}

export interface RaciForm {
  kind: "process" | "indicator";
  name: string;
  /** Parties per letter. */
  parties: Record<RaciLetter, Party[]>;
  drafter: Party | null;
  reviewer: Party | null;
  approver: Party | null;
  note: string;
}

export function emptyForm(): RaciForm {
  return { kind: "indicator", name: "", parties: { R: [], A: [], C: [], I: [] }, drafter: null, reviewer: null, approver: null, note: "" };
}

export function formFromEntry(e: RaciEntry): RaciForm {
  const parties: Record<RaciLetter, Party[]> = { R: [], A: [], C: [], I: [] };
  for (const a of e.assignments) parties[a.letter].push({ ...a.party });
  return {
    kind: e.subject.kind,
    name: e.subject.name,
    parties,
    drafter: { ...e.authority.drafter },
    reviewer: { ...e.authority.reviewer },
    approver: { ...e.authority.approver },
    note: e.note ?? "",
  };
}

const same = (a: Party, b: Party) => a.kind === b.kind && a.id === b.id;

/** Add a party to a letter once (a second add of the same party is ignored). */
export function addParty(list: Party[], p: Party): Party[] {
  return list.some((x) => same(x, p)) ? list : [...list, p];
}

/**
 * Client checks (i18n keys): a subject name, exactly one Accountable, at least one Responsible, and
 * who drafts, reviews and approves the assessment.
 */
export function validateRaci(f: RaciForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = "setup.required";
  if (!f.parties.R.length) e.R = "raci.needR";
  if (f.parties.A.length !== 1) e.A = "raci.needOneA";
  for (const k of ["drafter", "reviewer", "approver"] as const) if (!f[k]) e[k] = "setup.required";
  return e;
}

export function bodyFromForm(f: RaciForm): RaciBody {
  return {
    subject: { kind: f.kind, name: f.name.trim() },
    assignments: LETTERS.flatMap((letter) => f.parties[letter].map((party) => ({ letter, party }))),
    authority: { drafter: f.drafter as Party, reviewer: f.reviewer as Party, approver: f.approver as Party, data_providers: [] },
    note: f.note.trim(),
  };
}

/** API field → form field: "assignments.*" problems are shown on the letters, authority.x on x. */
export function placeRaciField(field: string): string | null {
  if (field.startsWith("subject.name")) return "name";
  const m = /^authority\.(drafter|reviewer|approver)/.exec(field);
  if (m) return m[1];
  if (field.startsWith("assignments")) return "R";
  return null;
}
