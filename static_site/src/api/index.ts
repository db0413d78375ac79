/** The app's API singleton and one typed function per endpoint the screens use. */
import { ApiClient } from "./client";
import { runtimeConfig } from "../config";
import { session } from "../auth/session";
import { currentLocale } from "../i18n";
import type * as T from "./types";

export { ApiError } from "./errors";

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

export const api = {
  config: () => client.get<T.PublicConfig>("/config", undefined, { auth: false }),
  signup: (body: T.SignupRequest) => client.post<{ tenant_id: string; admin_email: string }>("/signup", body, { auth: false }),
  me: () => client.get<T.Me>("/me"),

  // organisation
  units: async () => items<T.Unit>(await client.get("/org/units")),
  positions: async () => items<T.Position>(await client.get("/org/positions")),
  people: async () => items<T.Person>(await client.get("/org/people")),
  raciMatrix: () => client.get<T.RaciMatrix>("/org/raci/matrix"),
  goals: async (period: string) => items<T.Goal>(await client.get("/org/goals", { period })),
  goalCascade: async (period: string) => items<T.Goal>(await client.get("/org/goals/cascade", { period }), "roots"),

  // indicators
  library: (category?: string) => client.get<T.TemplateList>("/indicators/library", { category }),
  sets: async (query: { period?: string; state?: string; unit_id?: string } = {}) =>
    items<T.IndicatorSetSummary>(await client.get("/indicators/sets", query)),
  set: (id: string) => client.get<T.IndicatorSet>(`/indicators/sets/${enc(id)}`),
  createSet: (body: T.SetCreate) => client.post<T.IndicatorSet>("/indicators/sets", body),
  updateSet: (id: string, body: T.SetUpdate) => client.patch<T.IndicatorSet>(`/indicators/sets/${enc(id)}`, body),
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
  myFile: async () => items<T.FileEntry>(await client.get("/indicators/me")),
  confirmMine: (setId: string, revision?: number) => client.post<T.FileEntry>(`/indicators/me/${enc(setId)}/confirm`, { revision }),
  questionMine: (setId: string, body: { text: string; indicator_id?: string; revision?: number }) =>
    client.post<T.FileEntry>(`/indicators/me/${enc(setId)}/question`, body),

  // reviews
  unitForecast: (unitId: string) => client.get<T.Forecast>(`/reviews/units/${enc(unitId)}/forecast`),
  myHistory: () => client.get<T.History>("/reviews/me/history"),
  dataDuties: (period: string) => client.get<T.Duties>("/reviews/me/data-duties", { period }),
  recordActuals: (body: T.ActualsInput, idempotencyKey?: string) =>
    client.post<T.ActualsResult>("/reviews/actuals", body, idempotencyKey ? { headers: { "Idempotency-Key": idempotencyKey } } : {}),

  // dashboards
  directorDashboard: (period: string) => client.get<T.DirectorDashboard>("/dashboards/director", { period }),
  hrDashboard: (period?: string) => client.get<T.HrDashboard>("/dashboards/hr", period ? { period } : {}),
  unitDashboard: (unitId: string, cycleId?: string) =>
    client.get<T.UnitDashboard>(`/dashboards/units/${enc(unitId)}`, cycleId ? { cycle_id: cycleId } : {}),

  // collaboration: inbox, tasks, threads (thread id "<kind>:<object id>", sent with its colon), documents
  inbox: (query: { unread?: boolean; limit?: number } = {}) => client.get<T.Inbox>("/collab/inbox", query),
  markRead: (body: { notification_ids?: string[]; all?: boolean }) =>
    client.post<{ marked: number }>("/collab/inbox/read", body),
  tasks: async (query: { scope?: "mine" | "created" | "all"; overdue?: boolean; status?: T.TaskStatus } = {}) =>
    items<T.Task>(await client.get("/collab/tasks", query)),
  task: (id: string) => client.get<T.Task>(`/collab/tasks/${enc(id)}`),
  createTask: (body: T.TaskCreate) => client.post<T.Task>("/collab/tasks", body),
  updateTask: (id: string, body: T.TaskUpdate) => client.patch<T.Task>(`/collab/tasks/${enc(id)}`, body),
  thread: (threadId: string) => client.get<T.Thread>(`/collab/threads/${encThread(threadId)}`),
  postMessage: (threadId: string, body: { body: string; mentions?: string[]; reply_to?: string }) =>
    client.post<T.ThreadMessage>(`/collab/threads/${encThread(threadId)}/messages`, body),
  editMessage: (threadId: string, messageId: string, body: { version: number; body: string }) =>
    client.patch<T.ThreadMessage>(`/collab/threads/${encThread(threadId)}/messages/${enc(messageId)}`, body),
  markThreadRead: (threadId: string) => client.post<T.ReadReceipt>(`/collab/threads/${encThread(threadId)}/read`),
  documents: async () => items<T.SharedDocument>(await client.get("/collab/documents")),
  createDocument: (body: T.DocumentCreate) => client.post<T.DocumentUpload>("/collab/documents", body),
  download: (id: string, number?: number) => client.get<T.Download>(`/collab/documents/${enc(id)}/download`, { number }),
};

/** The current year: the default period everywhere ("2026"). */
export function currentPeriod(): string {
  return String(new Date().getFullYear());
}
