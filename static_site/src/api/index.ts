/** The app's API singleton and one typed function per endpoint the screens use. */
import { ApiClient } from "./client";
import { runtimeConfig } from "../config";
import { session } from "../auth/session";
import type * as T from "./types";

export { ApiError } from "./errors";

export const client = new ApiClient({
  baseUrl: () => runtimeConfig().apiBaseUrl,
  getToken: () => session.freshIdToken(),
  onUnauthorized: () => session.expire(),
});

const enc = encodeURIComponent;

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

  units: async () => items<T.Unit>(await client.get("/org/units")),
  positions: async () => items<T.Position>(await client.get("/org/positions")),
  people: async () => items<T.Person>(await client.get("/org/people")),
  raci: async () => items<T.Raci>(await client.get("/org/raci")),
  goalCascade: async (period: string) => items<T.Goal>(await client.get("/org/goals/cascade", { period }), "roots", "goals"),

  library: async (category?: string) => items<T.IndicatorTemplate>(await client.get("/indicators/library", { category }), "templates"),
  sets: async (query: Record<string, string | undefined> = {}) => items<T.IndicatorSet>(await client.get("/indicators/sets", query), "sets"),
  set: (id: string) => client.get<T.IndicatorSet>(`/indicators/sets/${enc(id)}`),
  createSet: (body: T.IndicatorSetInput) => client.post<T.IndicatorSet>("/indicators/sets", body),
  updateSet: (id: string, body: T.IndicatorSetInput) => client.patch<T.IndicatorSet>(`/indicators/sets/${enc(id)}`, body),
  submitSet: (id: string, version?: number) => client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/submit`, { version }),
  approveSet: (id: string, body: { comment?: string; version?: number }) =>
    client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/approve`, body),
  returnSet: (id: string, body: { comment?: string; comments: T.ItemComment[]; version?: number }) =>
    client.post<T.IndicatorSet>(`/indicators/sets/${enc(id)}/return`, body),

  myIndicators: async () => items<T.IndicatorSet>(await client.get("/me/indicators"), "sets"),
  confirmMine: (setId: string) => client.post<T.IndicatorSet>(`/me/indicators/${enc(setId)}/confirm`, {}),
  questionMine: (setId: string, body: { message: string; item_id?: string }) =>
    client.post<unknown>(`/me/indicators/${enc(setId)}/question`, body),

  rollout: () => client.get<T.RolloutDashboard>("/dashboards/rollout"),
  unitDashboard: (unitId: string) => client.get<T.UnitDashboard>(`/dashboards/units/${enc(unitId)}`),
  hrDashboard: () => client.get<T.HrDashboard>("/dashboards/hr"),
  myDashboard: () => client.get<T.MyDashboard>("/dashboards/me"),
};
