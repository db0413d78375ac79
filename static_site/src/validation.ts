/** Client-side form checks. They return i18n keys per field; the server stays the authority. */

export type Errors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSignIn(v: { email: string; password: string }): Errors {
  const e: Errors = {};
  if (!v.email.trim()) e.email = "auth.emailRequired";
  else if (!EMAIL.test(v.email.trim())) e.email = "auth.emailInvalid";
  if (!v.password) e.password = "auth.passwordRequired";
  return e;
}

/**
 * The user pool's password policy (infra/auth.yaml; the API checks the same in
 * chalicelib/tenancy/password.py). tests/password.spec.ts reads infra/auth.yaml so they cannot drift.
 */
export const PASSWORD_POLICY = {
  minimumLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
} as const;
export const PASSWORD_MIN = PASSWORD_POLICY.minimumLength;
export const PASSWORD_MAX = 128;
/** Cognito's special characters; a space counts only inside the password. */
export const PASSWORD_SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

export type PasswordRule = "length" | "tooLong" | "lowercase" | "uppercase" | "number" | "symbol" | "edges";
/** The rules shown as a checklist under a new-password field (the others only appear when broken). */
export const PASSWORD_RULES: PasswordRule[] = ["length", "lowercase", "uppercase", "number", "symbol"];

/** The rules `p` breaks, in a fixed order; empty when the user pool would accept it. */
export function passwordProblems(p: string): PasswordRule[] {
  const out: PasswordRule[] = [];
  if (p.length < PASSWORD_POLICY.minimumLength) out.push("length");
  if (p.length > PASSWORD_MAX) out.push("tooLong");
  if (PASSWORD_POLICY.requireLowercase && !/[a-z]/.test(p)) out.push("lowercase");
  if (PASSWORD_POLICY.requireUppercase && !/[A-Z]/.test(p)) out.push("uppercase");
  if (PASSWORD_POLICY.requireNumbers && !/[0-9]/.test(p)) out.push("number");
  if (PASSWORD_POLICY.requireSymbols && ![...p.replace(/^ +| +$/g, "")].some((c) => PASSWORD_SYMBOLS.includes(c))) out.push("symbol");
  if (p !== p.trim()) out.push("edges");
  return out;
}

/** One i18n key for a new password's field error ("" when it meets the policy). */
export function passwordErrorKey(p: string): string {
  const broken = passwordProblems(p);
  if (!broken.length) return "";
  if (broken.includes("length")) return "invite.tooShort";
  if (broken.includes("tooLong")) return "password.tooLong";
  if (broken.length === 1 && broken[0] === "edges") return "password.edges";
  return "auth.err.weakPassword";
}

export function validateNewPassword(v: { password: string; repeat: string }): Errors {
  const e: Errors = {};
  const key = passwordErrorKey(v.password);
  if (key) e.password = key;
  if (v.repeat !== v.password) e.repeat = "invite.mismatch";
  return e;
}

export function validateSignup(v: { company_name: string; admin_name: string; admin_email: string; password: string }): Errors {
  const e: Errors = {};
  if (!v.company_name.trim()) e.company_name = "common.required";
  if (!v.admin_name.trim()) e.admin_name = "common.required";
  if (!v.admin_email.trim()) e.admin_email = "auth.emailRequired";
  else if (!EMAIL.test(v.admin_email.trim())) e.admin_email = "auth.emailInvalid";
  const pw = passwordErrorKey(v.password);
  if (pw) e.password = pw;
  return e;
}

export const hasErrors = (e: Errors): boolean => Object.keys(e).length > 0;
