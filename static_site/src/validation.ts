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

export function validateNewPassword(v: { password: string; repeat: string }): Errors {
  const e: Errors = {};
  if (v.password.length < 8) e.password = "invite.tooShort";
  else if (!/[a-z]/.test(v.password) || !/[A-Z]/.test(v.password) || !/\d/.test(v.password)) e.password = "auth.err.weakPassword";
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
