/**
 * The person's file (人事档案) form for HR (pure): the fields and choices, the PUT body, the resident ID
 * check the API makes (ISO 7064 MOD 11-2, chalicelib/people/idnumbers.py) so a typo shows before sending,
 * and where an API error lands on the form. The API stays the authority.
 */
import type { FileWrite } from "./api/types";

export const ID_TYPES = ["resident_id", "passport"] as const;
export const GENDERS = ["male", "female"] as const;
export const HUKOU_TYPES = ["urban", "rural"] as const;
export const EDUCATIONS = ["junior_high", "high_school", "associate", "bachelor", "master", "doctorate"] as const;
export const EMPLOYMENT_TYPES = ["full_time", "part_time", "intern", "labour_dispatch", "retired_rehire"] as const;

export interface FileForm {
  legal_name: string;
  id_type: (typeof ID_TYPES)[number];
  id_number: string;
  gender: string;
  birth_date: string;
  phone: string;
  personal_email: string;
  address: string;
  hukou_type: string;
  education: string;
  school: string;
  ec_name: string;
  ec_relation: string;
  ec_phone: string;
  bank_name: string;
  bank_account: string;
  start_date: string;
  employment_type: string;
  prior_working_years: string;
}

export function emptyFileForm(startDate = ""): FileForm {
  return {
    legal_name: "", id_type: "resident_id", id_number: "", gender: "", birth_date: "", phone: "", personal_email: "",
    address: "", hukou_type: "", education: "", school: "", ec_name: "", ec_relation: "", ec_phone: "", bank_name: "",
    bank_account: "", start_date: startDate, employment_type: "full_time", prior_working_years: "",
  };
}

const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
const CHECK = "10X98765432";

/** What is wrong with a resident ID number, as the API's error code ("" when it is valid). */
export function idProblem(number: string): "" | "id_format" | "id_check_digit" | "id_birth_date" {
  const n = number.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(n)) return "id_format";
  const total = WEIGHTS.reduce((sum, w, i) => sum + w * Number(n[i]), 0);
  if (CHECK[total % 11] !== n[17]) return "id_check_digit";
  const [y, m, d] = [Number(n.slice(6, 10)), Number(n.slice(10, 12)), Number(n.slice(12, 14))];
  const born = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return "id_birth_date";
  return "";
}

/** The file's own checks before sending: field -> i18n key. */
export function checkFileForm(f: FileForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.legal_name.trim()) e.legal_name = "common.required";
  if (!f.id_number.trim()) e.id_number = "common.required";
  else if (f.id_type === "resident_id" && idProblem(f.id_number)) e.id_number = `peopleFile.idError.${idProblem(f.id_number)}`;
  if (!f.start_date) e.start_date = "common.required";
  if (!f.employment_type) e.employment_type = "common.required";
  const contact = [f.ec_name, f.ec_relation, f.ec_phone].map((v) => v.trim());
  if (contact.some(Boolean)) contact.forEach((v, i) => { if (!v) e[["ec_name", "ec_relation", "ec_phone"][i]] = "common.required"; });
  return e;
}

/** The PUT body (a new file: no version): trimmed, empty fields left out; gender and birth date only for a
 * passport (a resident ID carries them); the emergency contact only when filled in. */
export function fileBody(f: FileForm): FileWrite {
  const body: FileWrite = {
    legal_name: f.legal_name.trim(),
    id_type: f.id_type,
    id_number: f.id_number.trim().toUpperCase(),
    start_date: f.start_date,
    employment_type: f.employment_type as FileWrite["employment_type"],
  };
  const optional = ["phone", "personal_email", "address", "hukou_type", "education", "school", "bank_name", "bank_account"] as const;
  for (const k of optional) if (f[k].trim()) (body as unknown as Record<string, string>)[k] = f[k].trim();
  if (f.id_type === "passport") {
    if (f.gender) body.gender = f.gender as FileWrite["gender"];
    if (f.birth_date) body.birth_date = f.birth_date;
  }
  if (f.prior_working_years.trim()) body.prior_working_years = Number(f.prior_working_years);
  if (f.ec_name.trim()) body.emergency_contact = { name: f.ec_name.trim(), relation: f.ec_relation.trim(), phone: f.ec_phone.trim() };
  return body;
}

/** The form field an API error names ("emergency_contact.phone" -> "ec_phone"); null for a form-level one. */
export function formFieldOf(field: string): string | null {
  if (field.startsWith("emergency_contact")) return `ec_${field.split(".")[1] ?? "name"}`;
  return field in emptyFileForm() ? field : null;
}

/** The i18n key for an API detail code the form says in its own words (the ID number ones), else null. */
export function codeKey(code: string): string | null {
  const m = /^peoplefile\.(id_format|id_check_digit|id_birth_date|id_mismatch)$/.exec(code);
  return m ? `peopleFile.idError.${m[1]}` : null;
}
