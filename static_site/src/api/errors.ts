/**
 * Typed API errors: the server's `{"error": {"code","message","details"}}` envelope as a class.
 * The server writes every message in the language the client asked for (Accept-Language, sent by
 * ApiClient from the UI's locale); each detail also has a stable `code` (e.g. "task.deadline_past")
 * for screens that say something of their own.
 */

export interface FieldError {
  field: string;
  /** The message's code in the server's catalog; "" for an error without one (API Gateway's own). */
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldError[];

  constructor(status: number, code: string, message: string, details: FieldError[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
  get isForbidden(): boolean {
    return this.status === 403;
  }
  get isNotFound(): boolean {
    return this.status === 404;
  }
  get isConflict(): boolean {
    return this.status === 409;
  }

  /**
   * Field errors keyed by the dotted field path ("items.2.weight"). Several messages for one
   * field are joined; a detail with no field lands under "" (form-level).
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = d.field ?? "";
      out[key] = out[key] ? `${out[key]}；${d.message}` : d.message;
    }
    return out;
  }

  /** The first detail with one of these codes, if any: `e.detailWith("actuals.frozen")`. */
  detailWith(...codes: string[]): FieldError | undefined {
    return this.details.find((d) => codes.includes(d.code));
  }

  /** Field errors under a prefix, with the prefix removed: forPrefix("items.2") -> {"weight": ...}. */
  fieldErrorsUnder(prefix: string): Record<string, string> {
    const all = this.fieldErrors();
    const out: Record<string, string> = {};
    const p = `${prefix}.`;
    for (const [k, v] of Object.entries(all)) if (k.startsWith(p)) out[k.slice(p.length)] = v;
    return out;
  }
}

function asDetails(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null)
    .map((d) => ({
      field: typeof d.field === "string" ? d.field : "",
      code: typeof d.code === "string" ? d.code : "",
      message: typeof d.message === "string" ? d.message : "",
    }));
}

/**
 * Turn an HTTP status + parsed body into an ApiError.
 * - Our envelope: {"error": {"code","message","details"}}.
 * - Anything else (API Gateway's own {"message": ...}, a proxy's HTML page): `http_<status>` with its text.
 */
export function toApiError(status: number, body: unknown, fallbackText = ""): ApiError {
  const obj = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const env = obj.error;
  if (typeof env === "object" && env !== null) {
    const e = env as Record<string, unknown>;
    const code = typeof e.code === "string" ? e.code : `http_${status}`;
    const message = typeof e.message === "string" ? e.message : fallbackText || `HTTP ${status}`;
    return new ApiError(status, code, message, asDetails(e.details));
  }
  const message = typeof obj.message === "string" ? obj.message : typeof obj.Message === "string" ? obj.Message : fallbackText;
  return new ApiError(status, `http_${status}`, message || `HTTP ${status}`);
}

/**
 * Split an error's field details into those a form shows next to its fields and a form-level
 * message for the rest, so no server message is ever silently dropped.
 * `place` maps a server field ("email", "indicators.0.weight") to the form's key, or null when the
 * form has no such field. `labelled` writes a message for a field the form does not show with the
 * field's name in the UI's language (`labelled` in i18n), or null to show the message alone: a raw
 * field path ("person_ids.2") is never shown.
 * With no field details at all, the form message is the error's message.
 */
export function placeFieldErrors(
  e: ApiError,
  place: (field: string) => string | null,
  labelled: (field: string, message: string) => string | null = () => null,
): { fields: Record<string, string>; rest: string[] } {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const d of e.details) {
    const key = d.field ? place(d.field) : null;
    if (key !== null) fields[key] = fields[key] ? `${fields[key]}；${d.message}` : d.message;
    else rest.push((d.field && d.field !== "body" && labelled(d.field, d.message)) || d.message);
  }
  if (!e.details.length && e.message) rest.push(e.message);
  return { fields, rest };
}

/**
 * What a form shows after a refused save: messages on their inputs (`fields`), the rest above the
 * button (`messages`), and `fallback` when the answer named nothing at all.
 */
export function formErrors(
  e: ApiError,
  place: (field: string) => string | null,
  labelled: (field: string, message: string) => string | null,
  fallback: string,
): { fields: Record<string, string>; messages: string[] } {
  const { fields, rest } = placeFieldErrors(e, place, labelled);
  return { fields, messages: rest.length || Object.keys(fields).length ? rest : [fallback] };
}
