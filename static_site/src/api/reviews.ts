/** The review cycle screens' endpoints (/reviews/...): one typed function each. */
import { client } from "./index";
import { allPages, type Page } from "./pages";
import type * as T from "./types";

const enc = encodeURIComponent;
const cyc = (id: string) => `/reviews/cycles/${enc(id)}`;
const person = (cycleId: string, personId: string) => `${cyc(cycleId)}/people/${enc(personId)}`;

export const reviewsApi = {
  /** Every cycle, newest period first (a company has a handful a year). */
  cycles: async () => (await allPages<Page<T.CycleSummary>>((cursor) => client.get("/reviews/cycles", { limit: 200, cursor }))).items,
  cycle: (id: string) => client.get<T.CycleDetail>(cyc(id)),
  createCycle: (body: T.CycleCreate) => client.post<T.Cycle>("/reviews/cycles", body),
  updateCycle: (id: string, body: { version: number; deadlines?: Partial<Record<T.Stage, string>> }) =>
    client.patch<T.Cycle>(cyc(id), body),
  advance: (id: string, version: number, toStage?: T.Stage) =>
    client.post<T.Cycle>(`${cyc(id)}/advance`, toStage ? { version, to_stage: toStage } : { version }),
  /** One page of the participants' results (HR: everyone; managers: their units). */
  results: (id: string, cursor?: string) => client.get<T.ResultsPage>(`${cyc(id)}/results`, { limit: 100, cursor }),
  person: (cycleId: string, personId: string) => client.get<T.PersonCycleView>(person(cycleId, personId)),
  saveSelfReview: (cycleId: string, personId: string, body: T.ReviewInput) =>
    client.request<T.ReviewOut>("PUT", `${person(cycleId, personId)}/self-review`, { body }),
  saveManagerReview: (cycleId: string, personId: string, body: T.ReviewInput) =>
    client.request<T.ReviewOut>("PUT", `${person(cycleId, personId)}/manager-review`, { body }),
  acknowledge: (cycleId: string, personId: string, body: { comment: string; appeal?: boolean }) =>
    client.post<T.PersonCycleView>(`${person(cycleId, personId)}/acknowledge`, body),
  calibration: (id: string) => client.get<T.CalibrationView>(`${cyc(id)}/calibration`),
  calibrate: (id: string, body: { person_id: string; rating: string; reason: string; version: number }) =>
    client.post<T.CycleResult>(`${cyc(id)}/calibration`, body),
  requestFeedback: (id: string, body: { reviewee_id: string; raters: Array<{ person_id: string; relation: T.Relation }> }) =>
    client.post<Page<T.FeedbackRequestOut>>(`${cyc(id)}/feedback-requests`, body),
  feedbackRequests: async (cycleId: string, personId: string) =>
    (await allPages<Page<T.FeedbackRequestOut>>((cursor) => client.get(`${person(cycleId, personId)}/feedback-requests`, { limit: 200, cursor })))
      .items,
  feedbackSummary: (cycleId: string, personId: string) => client.get<T.FeedbackSummary>(`${person(cycleId, personId)}/feedback`),
  giveFeedback: (cycleId: string, body: { reviewee_id: string; rating: number; strengths: string; improvements: string }) =>
    client.post<{ status: string }>(`${cyc(cycleId)}/feedback`, body),
  /** The 360 feedback I was asked to give: one page at a time. */
  feedbackInbox: (cursor?: string) => client.get<Page<T.FeedbackInboxItem>>("/reviews/me/feedback-requests", { limit: 50, cursor }),
  settings: () => client.get<{ scale: T.RatingBand[]; target_distribution: Record<string, number> }>("/reviews/settings"),
};
