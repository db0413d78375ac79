/** The app's API singleton and one typed function per endpoint the screens use. */
import { ApiClient } from "./client";
import { runtimeConfig } from "../config";
import { session } from "../auth/session";
import { currentLocale } from "../i18n";
import type * as T from "./types";
import { allPages, type Page } from "./pages";

export { ApiError } from "./errors";
export type { Page } from "./pages";

const baseUrl = () => runtimeConfig().apiBaseUrl;

export const client = new ApiClient({
  baseUrl,
  locale: () => currentLocale(),
  getToken: () => session.freshIdToken(),
  onUnauthorized: () => session.expire(),
});

const enc = encodeURIComponent;
const encThread = (id: string) => enc(id).replace(/%3A/gi, ":");

function items<X>(body: unknown, ...keys: string[]): X[] {
  if (Array.isArray(body)) return body as X[];
  const obj = (body ?? {}) as Record<string, unknown>;
  for (const k of ["items", ...keys]) if (Array.isArray(obj[k])) return obj[k] as X[];
  return [];
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** One page of a list (`limit` within the list's stated maximum; `cursor` from the previous page). */
const page = <P extends Page<unknown>>(path: string, query: Query, limit: number, cursor?: string) =>
  client.get<P>(path, { ...query, limit, cursor });

/** A whole list, page after page (pages of `limit`: the list's maximum, so usually one request). */
const whole = <P extends Page<unknown>>(path: string, query: Query, limit: number) =>
  allPages<P>((cursor) => page<P>(path, query, limit, cursor));

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const api = {
  config: () => client.get<T.PublicConfig>("/config", undefined, { auth: false }),
  signup: (body: T.SignupRequest) => client.post<{ tenant_id: string; admin_email: string }>("/signup", body, { auth: false }),
  me: () => client.get<T.Me>("/me"),
  privacyConsent: (version: string) => client.post<T.Me>("/me/privacy-consent", { privacy_policy_version: version }),
  preferences: () => client.get<T.Preferences>("/reminders/preferences"),
  updatePreferences: (body: { email_digest?: boolean; digest_frequency?: T.DigestFrequency; locale?: "zh-CN" | "en" | null }) =>
    client.put<T.Preferences>("/reminders/preferences", body),

  // organisation
  // whole lists (the org chart and every picker need all of them), in the order the screens expect
  units: async () =>
    (await whole<Page<T.Unit>>("/org/units", {}, 500)).items.sort((a, b) => (a.path?.length ?? 0) - (b.path?.length ?? 0) || byText(a.code, b.code)),
  positions: async () => (await whole<Page<T.Position>>("/org/positions", {}, 500)).items.sort((a, b) => byText(a.code, b.code)),
  people: async () =>
    (await whole<Page<T.Person>>("/org/people", {}, 500)).items.sort((a, b) => byText(a.unit_id ?? "", b.unit_id ?? "") || byText(a.name, b.name)),
  person: (id: string) => client.get<T.Person>(`/org/people/${enc(id)}`),
  unit: (id: string) => client.get<T.Unit>(`/org/units/${enc(id)}`),
  createUnit: (body: T.UnitCreate) => client.post<T.Unit>("/org/units", body),
  updateUnit: (id: string, body: T.UnitUpdate) => client.patch<T.Unit>(`/org/units/${enc(id)}`, body),
  createPosition: (body: T.PositionCreate) => client.post<T.Position>("/org/positions", body),
  createPerson: (body: T.PersonCreate) => client.post<T.Person>("/org/people", body),
  updatePerson: (id: string, body: T.PersonUpdate) => client.patch<T.Person>(`/org/people/${enc(id)}`, body),
  importOrg: (body: T.ImportRequest) => client.post<T.ImportResult>("/org/import", body),
  members: async () => (await whole<Page<T.Member>>("/users", {}, 500)).items,
  invite: (body: T.InvitationCreate) => client.post<T.Member>("/users/invitations", body),
  cycles: async () => (await whole<Page<{ cycle_id: string }>>("/reviews/cycles", {}, 200)).items,
  raciMatrix: () => client.get<T.RaciMatrix>("/org/raci/matrix"),
  goals: async (period: string) => (await whole<Page<T.Goal>>("/org/goals", { period }, 500)).items,
  goalCascade: async (period: string) => items<T.Goal>(await client.get("/org/goals/cascade", { period }), "roots"),
  goal: (id: string) => client.get<T.Goal>(`/org/goals/${enc(id)}`),
  createGoal: (body: T.GoalCreate) => client.post<T.Goal>("/org/goals", body),
  updateGoal: (id: string, body: T.GoalUpdate) => client.patch<T.Goal>(`/org/goals/${enc(id)}`, body),
  raciEntries: async () => (await whole<Page<T.RaciEntry>>("/org/raci", {}, 500)).items,
  raciEntry: (id: string) => client.get<T.RaciEntry>(`/org/raci/${enc(id)}`),
  createRaci: (body: T.RaciBody) => client.post<T.RaciEntry>("/org/raci", body),
  updateRaci: (id: string, body: Partial<T.RaciBody> & { version: number }) => client.patch<T.RaciEntry>(`/org/raci/${enc(id)}`, body),
  deleteRaci: (id: string, version: number) => client.delete<void>(`/org/raci/${enc(id)}`, { body: { version } }),

  // indicators
  library: (category?: string) => whole<T.TemplateList>("/indicators/library", { category }, 500),
  sets: async (query: { period?: string; state?: string; unit_id?: string } = {}) =>
    (await whole<Page<T.IndicatorSetSummary>>("/indicators/sets", query, 200)).items,
  set: (id: string) => client.get<T.IndicatorSet>(`/indicators/sets/${enc(id)}`),
  createSet: (body: T.SetCreate) => client.post<T.IndicatorSet>("/indicators/sets", body),
  updateSet: (id: string, body: T.SetUpdate) => client.patch<T.IndicatorSet>(`/indicators/sets/${enc(id)}`, body),
  checkSet: (id: string, indicators: T.IndicatorInput[]) =>
    client.post<T.SetCheckResult>(`/indicators/sets/${enc(id)}/check`, { indicators }),
  submitSet: (id: string, version: number, comment = "") =>
    client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/submit`, { version, comment }),
  withdrawSet: (id: string, version: number) => client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/withdraw`, { version }),
  approveSet: (id: string, version: number, comment = "") =>
    client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/approve`, { version, comment }),
  returnSet: (id: string, body: { version: number; comment: string; indicator_comments: Array<{ indicator_id: string; comment: string }> }) =>
    client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/return`, body),
  answerQuestion: (id: string, body: { version: number; question_id: string; answer: string }) =>
    client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/answer`, body),
  rollout: (period: string) => client.get<T.Rollout>("/indicators/rollout", { period }),

  // my performance file
  myFile: async () => (await whole<Page<T.FileEntry>>("/indicators/me", {}, 200)).items,
  confirmMine: (setId: string, revision?: number) => client.post<T.FileEntry>(`/indicators/me/${enc(setId)}/confirm`, { revision }),
  questionMine: (setId: string, body: { text: string; indicator_id?: string; revision?: number }) =>
    client.post<T.FileEntry>(`/indicators/me/${enc(setId)}/question`, body),

  // reviews
  unitForecast: (unitId: string) => client.get<T.Forecast>(`/reviews/units/${enc(unitId)}/forecast`),
  myHistory: () => whole<T.History>("/reviews/me/history", {}, 200),
  dataDuties: (period: string) => whole<T.Duties>("/reviews/me/data-duties", { period }, 500),
  recordActuals: (body: T.ActualsInput, idempotencyKey?: string) =>
    client.post<T.ActualsResult>("/reviews/actuals", body, idempotencyKey ? { headers: { "Idempotency-Key": idempotencyKey } } : {}),

  // employment: a person's contracts and lifecycle events (HR writes; a person reads their own)
  contracts: async (personId: string) =>
    (await whole<Page<T.Contract>>(`/employment/people/${enc(personId)}/contracts`, {}, 200)).items,
  createContract: (personId: string, body: T.ContractCreate) =>
    client.post<T.Contract>(`/employment/people/${enc(personId)}/contracts`, body),
  lifecycle: async (personId: string) =>
    (await whole<Page<T.LifecycleEvent>>(`/employment/people/${enc(personId)}/events`, {}, 200)).items,
  recordEvent: (personId: string, body: T.LifecycleEventCreate) =>
    client.post<T.LifecycleEvent>(`/employment/people/${enc(personId)}/events`, body),

  // dashboards
  directorDashboard: (period: string) => client.get<T.DirectorDashboard>("/dashboards/director", { period }),
  hrDashboard: (period?: string) => client.get<T.HrDashboard>("/dashboards/hr", period ? { period } : {}),
  unitDashboard: (unitId: string, cycleId?: string) =>
    client.get<T.UnitDashboard>(`/dashboards/units/${enc(unitId)}`, cycleId ? { cycle_id: cycleId } : {}),
  myProgress: () => client.get<T.MyProgress>("/dashboards/me"),
  chaseUnit: (unitId: string, period: string) => client.post<T.ChaseResult>(`/dashboards/units/${enc(unitId)}/chase`, { period }),

  // collaboration: inbox, tasks, threads (thread id "<kind>:<object id>", sent with its colon), documents
  // lists that grow without bound: one page at a time ("load more")
  inbox: (query: { unread?: boolean; limit?: number; cursor?: string } = {}) => client.get<T.Inbox>("/collab/inbox", query),
  markRead: (body: { notification_ids?: string[]; all?: boolean }) =>
    client.post<{ marked: number }>("/collab/inbox/read", body),
  tasks: (query: { scope?: "mine" | "created" | "all"; overdue?: boolean; status?: T.TaskStatus } = {}, cursor?: string) =>
    page<Page<T.Task>>("/collab/tasks", query, 50, cursor),
  task: (id: string) => client.get<T.Task>(`/collab/tasks/${enc(id)}`),
  createTask: (body: T.TaskCreate) => client.post<T.Task>("/collab/tasks", body),
  updateTask: (id: string, body: T.TaskUpdate) => client.patch<T.Task>(`/collab/tasks/${enc(id)}`, body),
  /** The newest messages; `cursor` (the previous page's next_cursor) gives the ones before them. */
  thread: (threadId: string, cursor?: string) =>
    client.get<T.Thread>(`/collab/threads/${encThread(threadId)}`, { limit: 50, cursor }),
  /** `key`: the client's id for this message; a retry with it never posts twice. */
  postMessage: (threadId: string, body: { body: string; mentions?: string[]; reply_to?: string }, key?: string) =>
    client.post<T.ThreadMessage>(`/collab/threads/${encThread(threadId)}/messages`, body, {
      headers: key ? { "Idempotency-Key": key } : undefined,
    }),
  editMessage: (threadId: string, messageId: string, body: { version: number; body: string }) =>
    client.patch<T.ThreadMessage>(`/collab/threads/${encThread(threadId)}/messages/${enc(messageId)}`, body),
  markThreadRead: (threadId: string) => client.post<T.ReadReceipt>(`/collab/threads/${encThread(threadId)}/read`),
  documents: (cursor?: string) => page<Page<T.SharedDocument>>("/collab/documents", {}, 50, cursor),
  document: (id: string) => client.get<T.SharedDocument>(`/collab/documents/${enc(id)}`),
  createDocument: (body: T.DocumentCreate) => client.post<T.DocumentUpload>("/collab/documents", body),
  download: (id: string, number?: number) => client.get<T.Download>(`/collab/documents/${enc(id)}/download`, { number }),

  // the person's file (人事档案): masked reads, one audited reveal at a time, change requests
  personFile: (id: string) => client.get<T.PersonFile>(`/people/${enc(id)}/file`),
  reveal: (id: string, field: T.SensitiveField) => client.post<T.Revealed>(`/people/${enc(id)}/file/reveal`, { field }),
  fileChanges: (id: string, cursor?: string) => page<Page<T.FileChangeRequest>>(`/people/${enc(id)}/file/changes`, {}, 50, cursor),
  proposeChange: (id: string, body: { changes: Record<string, unknown>; note?: string }) =>
    client.post<T.FileChangeRequest>(`/people/${enc(id)}/file/changes`, body),
  decideChange: (requestId: string, decision: "approve" | "reject", body: { version: number; note?: string }) =>
    client.post<T.FileChangeRequest>(`/people/file-changes/${enc(requestId)}/${decision}`, body),
};

/** The current year: the default period everywhere ("2026"). */
export function currentPeriod(): string {
  return String(new Date().getFullYear());
}
