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

/** The user pool's policy (infra/auth.yaml): 12+ characters with upper, lower, digit and symbol. */
export const PASSWORD_MIN = 12;

export function validateNewPassword(v: { password: string; repeat: string }): Errors {
  const e: Errors = {};
  const p = v.password;
  if (p.length < PASSWORD_MIN) e.password = "invite.tooShort";
  else if (!/[a-z]/.test(p) || !/[A-Z]/.test(p) || !/\d/.test(p) || !/[^A-Za-z0-9]/.test(p)) e.password = "auth.err.weakPassword";
  if (v.repeat !== v.password) e.repeat = "invite.mismatch";
  return e;
}

export function validateSignup(v: { company_name: string; admin_name: string; admin_email: string; password: string }): Errors {
  const e: Errors = {};
  if (!v.company_name.trim()) e.company_name = "common.required";
  if (!v.admin_name.trim()) e.admin_name = "common.required";
  if (!v.admin_email.trim()) e.admin_email = "auth.emailRequired";
  else if (!EMAIL.test(v.admin_email.trim())) e.admin_email = "auth.emailInvalid";
  const pw = validateNewPassword({ password: v.password, repeat: v.password });
  if (pw.password) e.password = pw.password;
  return e;
}

export const hasErrors = (e: Errors): boolean => Object.keys(e).length > 0;
