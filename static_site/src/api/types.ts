/**
 * Shapes the screens read. Org and auth follow helpers/API.md; indicator and dashboard shapes are
 * this app's expectation of endpoints still being built, so every list/field is read defensively
 * (see README "What the screens expect").
 */
import type { Direction, ValueUnit } from "../format";

export type Role = "admin" | "hr" | "executive" | "manager" | "employee" | "payroll";
export type Localized = string | { "zh-CN"?: string; en?: string };

export interface PublicConfig {
  region: string;
  user_pool_id: string;
  client_id: string;
  cognito_endpoint: string;
  /** The privacy policy's current version: sent back with the sign-up or the consent. */
  privacy_policy_version?: string;
}

export interface Consent {
  version: string;
  accepted_at: string;
}

/** The caller's reminder settings (GET/PUT /reminders/preferences). */
export type DigestFrequency = "daily" | "weekly";

export interface Preferences {
  person_id: string;
  email_digest: boolean;
  /** The email digest's rhythm: every morning, or Monday mornings (the inbox always gets everything). */
  digest_frequency?: DigestFrequency;
  locale: "zh-CN" | "en" | null;
  bounced: boolean;
  default_locale?: string | null;
  updated_at?: string;
}

export interface Me {
  tenant_id: string;
  tenant_name?: string;
  user_id: string;
  person_id?: string | null;
  name?: string;
  email: string;
  roles: Role[];
  managed_unit_ids?: string[];
  locale?: string;
  privacy_consent?: Consent | null;
  privacy_policy_version?: string;
}

export interface SignupRequest {
  company_name: string;
  industry: string;
  admin_name: string;
  admin_email: string;
  password: string;
  locale: string;
  privacy_policy_version: string;
}

export interface Unit {
  unit_id: string;
  code: string;
  name: string;
  parent_id: string | null;
  path?: string[];
  kind: "company" | "department" | "team";
  head_person_id?: string | null;
  status?: "active" | "closed";
  version?: number;
}

export interface JobDescription {
  purpose?: string;
  duties?: string[];
  qualifications?: string[];
}

export interface Position {
  position_id: string;
  code: string;
  title: string;
  unit_id: string;
  headcount?: number;
  job_description?: JobDescription;
  holder_ids?: string[];
  status?: "active" | "closed";
  version?: number;
}

export interface Person {
  person_id: string;
  name: string;
  email?: string;
  employee_no?: string;
  unit_id?: string;
  position_id?: string;
  manager_id?: string | null;
  status?: "active" | "on_leave" | "left";
  version?: number;
}

export interface UnitCreate {
  code: string;
  name: string;
  parent_id: string;
  kind: "department" | "team";
  head_person_id?: string | null;
}
export interface UnitUpdate {
  version: number;
  name?: string;
  kind?: Unit["kind"];
  head_person_id?: string | null;
}
export interface PositionCreate {
  code: string;
  title: string;
  unit_id: string;
  headcount: number;
  job_description: JobDescription;
}
export interface PersonCreate {
  name: string;
  email: string;
  employee_no: string;
  unit_id: string;
  position_id?: string | null;
  manager_id?: string | null;
}
export type PersonUpdate = { version: number } & Partial<Record<"name" | "email" | "unit_id" | "position_id" | "manager_id", string | null>>;
/** A user of the company (GET /users): roles granted; manager/employee are derived. */
export interface Member {
  user_id: string;
  email: string;
  name?: string;
  person_id?: string | null;
  roles: Role[];
  status?: string;
  version?: number;
}
export interface InvitationCreate {
  email: string;
  roles: Role[];
  person_id?: string | null;
  name?: string;
  locale: "zh-CN" | "en";
}
export interface ImportRequest {
  kind: "units" | "positions" | "people";
  format: "csv" | "xlsx";
  content_base64: string;
  filename?: string;
}
export interface ImportResult {
  import_id: string;
  kind: string;
  created: number;
  /** Existing people matched by employee number or email and updated. */
  updated?: number;
  unchanged?: number;
}

export interface Goal {
  goal_id: string;
  period: string;
  level: "company" | "unit" | "position";
  title: string;
  description?: string;
  target?: string;
  weight?: number | null;
  parent_id?: string | null;
  unit_id?: string | null;
  position_id?: string | null;
  status?: string;
  children?: Goal[];
  version?: number;
}

export interface GoalTree {
  period: string;
  roots: Goal[];
}

export interface GoalCreate {
  period: string;
  level: "company" | "unit" | "position";
  title: string;
  description?: string;
  target?: string;
  weight?: number | null;
  parent_id?: string | null;
  unit_id?: string | null;
  position_id?: string | null;
}

export interface GoalUpdate {
  version: number;
  title?: string;
  description?: string;
  target?: string;
  weight?: number | null;
  status?: "active" | "achieved" | "dropped";
}

export type PartyKind = "unit" | "position" | "person";
export interface Party {
  kind: PartyKind;
  id: string;
}
export type RaciLetter = "R" | "A" | "C" | "I";
export interface RaciEntry {
  entry_id: string;
  subject: { kind: "process" | "indicator"; name: string; ref?: string | null };
  assignments: Array<{ letter: RaciLetter; party: Party }>;
  authority: { drafter: Party; reviewer: Party; approver: Party; data_providers: Party[] };
  note?: string;
  version: number;
}
export type RaciBody = Omit<RaciEntry, "entry_id" | "version">;

/** POST /indicators/sets/{id}/check: the compliance findings of the unsaved draft. */
export interface SetCheckResult {
  findings: Finding[];
  /** The checked indicators' ids in the order sent (new ones get a provisional id). */
  indicator_ids: string[];
  blocking: number;
}

export interface RaciMatrix {
  columns: Array<{ kind: "unit" | "position" | "person"; id: string; name: string }>;
  rows: Array<{ entry_id: string; subject: { kind: string; name: string; ref?: string | null }; cells: string[] }>;
}

export interface Items<T> {
  items: T[];
}

/** Every list is a page: pass `next_cursor` back as `cursor` for the next one (null: the last page). */
export interface Paged {
  next_cursor?: string | null;
}

// ---- indicators (chalicelib/indicators/schemas.py) ----

export type SetState = "draft" | "in_review" | "returned" | "approved" | "published";
export type Confirmation = "pending" | "confirmed" | "questioned";

export interface Measure {
  key: string;
  name?: Localized;
  unit?: ValueUnit;
}

export interface DataSource {
  unit_id?: string | null;
  system?: string;
  owner_person_id?: string | null;
}

export interface IndicatorTemplate {
  code: string;
  source?: "builtin" | "tenant";
  category: string;
  name: Localized;
  definition?: Localized;
  formula?: string;
  measures?: Measure[];
  unit: ValueUnit;
  direction: Direction;
  suggested_data_source?: { unit?: Localized | null; system?: Localized | null };
  frequency?: string;
  suggested_target?: number | null;
  suggested_threshold?: number | null;
  suggested_band?: { low: number; high: number } | null;
}

export interface TemplateList extends Paged {
  items: IndicatorTemplate[];
  categories?: string[];
}

/** The KPI object. */
export interface Indicator {
  indicator_id: string;
  name: string;
  definition?: string;
  formula?: string | null;
  measures?: Measure[];
  unit: ValueUnit;
  data_source?: DataSource;
  direction: Direction;
  baseline?: number | null;
  target?: number | null;
  stretch?: number | null;
  threshold?: number | null;
  band_low?: number | null;
  band_high?: number | null;
  weight: number;
  frequency?: string;
  goal_id?: string | null;
  template_code?: string | null;
  revision?: number;
}

/** What the manager sends: with template_code, unset fields come from the template. */
export interface IndicatorInput {
  indicator_id?: string;
  template_code?: string;
  name?: string;
  definition?: string;
  formula?: string;
  measures?: Array<{ key: string; name?: string; unit?: ValueUnit }>;
  unit?: ValueUnit;
  data_source?: DataSource;
  direction?: Direction;
  target?: number | null;
  threshold?: number | null;
  band_low?: number | null;
  band_high?: number | null;
  weight: number;
  goal_id?: string | null;
}

export interface Finding {
  rule: string;
  severity: "error" | "warning";
  indicator_id?: string | null;
  field?: string;
  /** The message's code in the server's catalog, e.g. "finding.no_target". */
  code?: string;
  /** The finding in both languages: {"zh-CN": ..., "en": ...}. */
  message: Localized;
}

export interface ReviewComment {
  comment_id: string;
  indicator_id?: string | null;
  text: string;
  by_person_id?: string;
  at: string;
}

export interface Question {
  question_id: string;
  person_id: string;
  indicator_id?: string | null;
  text: string;
  at: string;
  answer?: string | null;
  answered_at?: string | null;
}

export interface Transition {
  action: string;
  from_state: SetState | null;
  to_state: SetState;
  at: string;
  comment?: string;
}

export interface IndicatorSet {
  set_id: string;
  period: string;
  unit_id: string;
  position_id?: string | null;
  person_ids: string[];
  title?: string;
  state: SetState;
  revision?: number;
  published_revision?: number;
  indicators: Indicator[];
  findings?: Finding[];
  comments?: ReviewComment[];
  questions?: Question[];
  history?: Transition[];
  assignees?: Array<{ person_id: string; revision: number; confirmation: Confirmation; confirmed_at?: string | null }>;
  updated_at?: string;
  version: number;
}

export interface IndicatorSetSummary {
  set_id: string;
  period: string;
  unit_id: string;
  position_id?: string | null;
  person_ids: string[];
  title?: string;
  state: SetState;
  revision?: number;
  indicator_count: number;
  total_weight: number;
  blocking_findings: number;
  open_questions: number;
  updated_at?: string;
  version: number;
}

export interface SetCreate {
  period: string;
  unit_id?: string;
  position_id?: string | null;
  person_ids?: string[];
  title?: string;
  indicators: IndicatorInput[];
}

export interface SetUpdate {
  version: number;
  title?: string;
  indicators?: IndicatorInput[];
}

/** One locked version of a person's indicators in their performance file (绩效档案). */
export interface FileEntry {
  person_id: string;
  set_id: string;
  period: string;
  revision: number;
  unit_id: string;
  position_id?: string | null;
  indicators: Indicator[];
  published_at: string;
  confirmation: Confirmation;
  confirmed_at?: string | null;
  question_ids?: string[];
  superseded?: boolean;
  version?: number;
}

export interface RolloutCounts {
  not_started: number;
  drafting: number;
  in_review: number;
  returned: number;
  approved: number;
  confirmed: number;
  questioned?: number;
}

export interface RolloutRow {
  unit_id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  depth: number;
  people: number;
  counts: RolloutCounts;
}

/** GET /indicators/rollout?period= */
export interface Rollout {
  period: string;
  items: RolloutRow[];
  totals: RolloutCounts;
  people: number;
}

// ---- dashboards (chalicelib/dashboards/schemas.py) ----

export interface DepartmentRollout {
  unit_id: string;
  name: string;
  people: number;
  counts: RolloutCounts;
  /** Share of people whose indicators are approved or confirmed, 0..1. */
  completion: number;
  late: boolean;
  due_date: string | null;
  compliance_problems: number;
  score: number | null;
}

export interface ComplianceProblem {
  unit_id: string;
  unit_name: string;
  set_id: string;
  title: string;
  state: SetState;
  blocking_findings: number;
  open_questions: number;
}

export interface CycleProgress {
  cycle_id: string;
  name: string;
  stage: string;
  participants: number;
  self_reviews_submitted: number;
  manager_reviews_submitted: number;
  acknowledged: number;
  blockers: number;
}

export interface RankingRow {
  unit_id: string;
  name: string;
  score: number;
  people: number;
}

export interface TrendPoint {
  period: string;
  cycle_name: string;
  average_score: number | null;
  average_attainment: number | null;
}

/** GET /dashboards/director?period= */
export interface DirectorDashboard {
  period: string;
  totals: RolloutCounts;
  people: number;
  departments: DepartmentRollout[];
  compliance_problems: ComplianceProblem[];
  cycle: CycleProgress | null;
  ranking: RankingRow[];
  trend: TrendPoint[];
}

export interface HrQueueItem {
  set_id: string;
  unit_id: string;
  unit_name: string;
  title: string;
  period: string;
  state: SetState;
  indicator_count: number;
  total_weight: number;
  blocking_findings: number;
  updated_at: string;
}

export interface RaisedQuestion {
  set_id: string;
  unit_name: string;
  question_id: string;
  person_id: string;
  person_name: string;
  indicator_id: string | null;
  text: string;
  at: string;
}

export interface OverdueTask {
  task_id: string;
  title: string;
  assignee_id: string;
  assignee_name: string;
  due: string;
}

export interface ReminderSent {
  day: string;
  channel: "email" | "chat";
  recipient_id: string;
  recipient_name: string;
  status: "sent" | "failed" | "sending";
  attempts: number;
  at: string;
  detail: string;
}

export interface MailProblem {
  at: string;
  person_id: string;
  person_name: string;
  kind: string;
  detail: string;
}

/** GET /dashboards/hr[?period=] */
export interface HrDashboard {
  period: string | null;
  queue: HrQueueItem[];
  returned: HrQueueItem[];
  questions: RaisedQuestion[];
  overdue_tasks: OverdueTask[];
  reminders: ReminderSent[];
  mail_problems: MailProblem[];
  /** Contracts ending within 30 days and probation ending within 14, soonest first. */
  expiring?: Expiring[];
}

export interface StepValue {
  step: number;
  /** The step's first day (a month's 1st, or the day itself in a monthly cycle). */
  start: string;
  value: number | null;
}

export interface UnitIndicatorOut {
  person_id: string;
  person_name: string;
  indicator_id: string;
  name: string;
  value_unit: ValueUnit;
  direction: Direction;
  weight: number;
  target: number | null;
  band_low: number | null;
  band_high: number | null;
  actual: number | null;
  score: number | null;
  attainment: number | null;
  trend: StepValue[];
  forecast: { projected: number | null; projected_score: number | null; at_risk: boolean; gap: number | null; message: Record<string, string> };
  drivers: ForecastDriver[];
  /** What the drivers compare with: the previous period ("2026-Q1") or this period's first month ("2026-05"). */
  reference_period: string | null;
}

export interface TeamProgress {
  participants: number;
  self_reviews_submitted: number;
  manager_reviews_submitted: number;
  acknowledged: number;
}

/** GET /dashboards/units/{unit_id}[?cycle_id=] */
export interface UnitDashboard {
  unit_id: string;
  unit_name: string;
  cycle: { cycle_id: string; name: string; period: string; stage: string; elapsed: number; length: number; step_unit: "month" | "day" } | null;
  at_risk: number;
  indicators: UnitIndicatorOut[];
  team: TeamProgress | null;
}

// ---- what the screens show (view models built from the responses above, see dashboards.ts) ----

export interface Driver {
  name: string;
  effect?: number | null;
  unit?: ValueUnit;
  note?: string;
}

/** One point of an indicator's trend: a label (e.g. "4月") and the value then. */
export interface IndicatorTrendPoint {
  label: string;
  actual: number | null;
}

/** An indicator with its latest actual, as the cards show it. */
export interface UnitIndicator {
  indicator_id?: string;
  name: Localized;
  unit: ValueUnit;
  direction: Direction;
  actual: number | null;
  target: number | null;
  band_low?: number | null;
  band_high?: number | null;
  weight?: number | null;
  trend?: IndicatorTrendPoint[];
  drivers?: Driver[];
  forecast?: { value?: number | null; at_risk?: boolean; note?: string } | null;
}

export interface ReviewRecord {
  review_id?: string;
  cycle?: string;
  period?: string;
  score?: number | null;
  rating?: string | null;
  state?: string;
  reviewed_at?: string;
}

export interface MyDashboard {
  actuals?: UnitIndicator[];
  reviews?: ReviewRecord[];
}

// ---- reviews (chalicelib/reviews/schemas.py) ----

export interface ForecastDriver {
  measure: string;
  name?: string;
  reference: number;
  current: number;
  change_pct?: number | null;
  effect: number;
}

export interface IndicatorForecast {
  person_id: string;
  person_name: string;
  indicator_id: string;
  indicator_name: string;
  target?: number | null;
  current?: number | null;
  projected?: number | null;
  projected_score?: number | null;
  at_risk: boolean;
  gap?: number | null;
  message?: { "zh-CN"?: string; en?: string };
  drivers?: ForecastDriver[];
}

export interface Forecast {
  cycle_id: string;
  period: string;
  unit_id: string;
  elapsed: number;
  length: number;
  unit: string;
  items: IndicatorForecast[];
  at_risk: number;
}

export interface IndicatorResult {
  indicator_id: string;
  name: string;
  unit?: ValueUnit;
  weight: number;
  direction: Direction;
  target?: number | null;
  threshold?: number | null;
  band_low?: number | null;
  band_high?: number | null;
  value?: number | null;
  score?: number | null;
  attainment?: number | null;
  explanation?: { "zh-CN"?: string; en?: string };
}

export interface HistoryEntry {
  cycle_id: string;
  cycle_name: string;
  period: string;
  stage: string;
  total?: number | null;
  final_rating?: string | null;
  indicators: IndicatorResult[];
}

export interface History extends Paged {
  person_id: string;
  items: HistoryEntry[];
}

// ---- collaboration (chalicelib/collab/schemas.py) ----

export interface CollabNotification {
  notification_id: string;
  kind: string;
  title: { "zh-CN"?: string; en?: string };
  link: string;
  created_at: string;
  read_at?: string | null;
  pending?: boolean;
}

export interface Inbox extends Paged {
  items: CollabNotification[];
  /** Unread notifications on this page. */
  unread: number;
}

export type ObjectKind = "unit" | "task" | "indicator" | "indicator_set" | "review";
export type TaskStatus = "open" | "in_progress" | "done" | "cancelled";

export interface ObjectRef {
  kind: ObjectKind;
  id: string;
}

export interface ChecklistEntry {
  text: string;
  done: boolean;
}

export interface Task {
  task_id: string;
  title: string;
  description: string;
  assignee_id: string;
  assignee_name?: string;
  creator_person_id?: string | null;
  creator_user_id: string;
  deadline: string;
  status: TaskStatus;
  checklist: ChecklistEntry[];
  link?: ObjectRef | null;
  created_at: string;
  updated_at: string;
  overdue: boolean;
  version: number;
}

export interface TaskCreate {
  title: string;
  description?: string;
  assignee_id: string;
  deadline: string;
  checklist?: Array<{ text: string; done?: boolean }>;
  link?: ObjectRef | null;
}

export interface TaskUpdate {
  version: number;
  title?: string;
  description?: string;
  assignee_id?: string;
  deadline?: string;
  status?: TaskStatus;
  checklist?: ChecklistEntry[];
}

export interface ThreadMessage {
  message_id: string;
  author_person_id?: string | null;
  author_user_id: string;
  body: string;
  mentions: string[];
  reply_to?: string | null;
  created_at: string;
  edited_at?: string | null;
  read_by: string[];
  version: number;
}

export interface ReadReceipt {
  person_id: string;
  read_at: string;
  last_message_id: string;
}

/** A page of a thread: its newest messages (oldest first); `next_cursor` reads the ones before them. */
export interface Thread extends Paged {
  kind: ObjectKind;
  object_id: string;
  messages: ThreadMessage[];
  receipts: ReadReceipt[];
}

export interface Share {
  kind: "company" | "unit" | "position" | "person";
  id: string;
}

export interface DocumentVersion {
  number: number;
  name: string;
  content_type: string;
  size: number;
  uploaded_by: string;
  created_at: string;
}

export interface SharedDocument {
  document_id: string;
  name: string;
  description: string;
  owner_person_id?: string | null;
  owner_user_id: string;
  shares: Share[];
  current_version: number;
  versions: DocumentVersion[];
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DocumentCreate {
  name: string;
  content_type: string;
  size: number;
  description?: string;
  shares: Share[];
}

export interface DocumentUpload {
  document: SharedDocument;
  upload: { url: string; fields: Record<string, string>; expires_in: number; max_size: number };
}

export interface Download {
  url: string;
  expires_in: number;
  name: string;
  number: number;
}

// ---- data entry: the measures a person supplies (GET /reviews/me/data-duties, POST /reviews/actuals) ----

export interface DutyMeasure {
  key: string;
  name: string;
  unit: string;
  /** sum | average | last: how the steps make the period value */
  aggregation: string;
  /** step index ("5") -> the value entered so far */
  points: Record<string, number>;
}

export interface Duty {
  person_id: string;
  person_name: string;
  unit_id: string;
  unit_name: string;
  indicator_id: string;
  indicator_name: string;
  /** only the measures the caller supplies */
  measures: DutyMeasure[];
}

export interface DutyStep {
  index: number;
  /** its first day (ISO date): sent as an entry's as_of */
  start: string;
}

export interface Duties extends Paged {
  period: string;
  step_unit: "month" | "day";
  steps: DutyStep[];
  current_step: number;
  items: Duty[];
}

export interface ActualEntryInput {
  person_id: string;
  indicator_id: string;
  as_of: string;
  values: Record<string, number>;
  note?: string;
}

export interface ActualsInput {
  period: string;
  entries: ActualEntryInput[];
  source?: "manual" | "import" | "api";
}

export interface ActualValue {
  person_id: string;
  indicator_id: string;
  measure: string;
  period: string;
  unit_index: number;
  value: number;
  revision: number;
  entered_by_person_id: string;
  entered_by_user_id: string;
  entered_at: string;
  source: string;
  note: string;
}

export interface ActualsResult {
  period: string;
  written: ActualValue[];
  unchanged: number;
}

// ---- my progress and the chase (chalicelib/dashboards/schemas.py, progressweb) --------------------

export interface MyQuestion {
  set_id: string;
  question_id: string;
  indicator_id: string | null;
  text: string;
  at: string;
  answer: string | null;
  answered_at: string | null;
}

/** GET /dashboards/me: my indicators in the running cycle (as my head sees them) and my questions. */
export interface MyProgress {
  person_id: string;
  cycle: UnitDashboard["cycle"];
  indicators: UnitIndicatorOut[];
  questions: MyQuestion[];
}

export interface ChasedPerson {
  person_id: string;
  name: string;
  stage: string;
}

/** POST /dashboards/units/{unit_id}/chase */
export interface ChaseResult {
  unit_id: string;
  period: string;
  day: string;
  chased: ChasedPerson[];
  already_chased: ChasedPerson[];
}

// ---- review cycle screens (reviewsweb): /reviews/cycles, person views, calibration, 360 ----------

export type Stage = "goal_setting" | "in_progress" | "self_review" | "manager_review" | "calibration" | "results_published" | "closed";

export interface RatingBand {
  label: string;
  min_score: number;
}

export interface CycleSummary {
  cycle_id: string;
  name: string;
  period: string;
  period_type: string;
  unit_id: string;
  stage: Stage;
  deadlines: Partial<Record<Stage, string>>;
  participants: number;
  version: number;
}

export interface Cycle extends Omit<CycleSummary, "participants"> {
  start: string;
  end: string;
  self_review_required: boolean;
  feedback_enabled: boolean;
  excluded_person_ids: string[];
  participant_count: number;
  scale: RatingBand[];
  target_distribution: Record<string, number>;
  created_at?: string;
}

export interface CycleCreate {
  name: string;
  period: string;
  unit_id?: string | null;
  deadlines: Partial<Record<Stage, string>>;
  self_review_required?: boolean;
  feedback_enabled?: boolean;
  excluded_person_ids?: string[];
}

export interface CycleBlocker {
  field: string;
  code: string;
  message: Localized;
  person_id?: string | null;
}

export interface CycleCounts {
  participants: number;
  goals_ready: number;
  actuals_complete: number;
  self_reviews_submitted: number;
  manager_reviews_submitted: number;
  acknowledged: number;
}

export interface CycleDetail {
  cycle: Cycle;
  next_stage: Stage | null;
  blockers: CycleBlocker[];
  counts: CycleCounts;
}

export interface CycleResult {
  cycle_id: string;
  period: string;
  person_id: string;
  name: string;
  unit_id: string;
  manager_id?: string | null;
  indicators: IndicatorResult[];
  total?: number | null;
  total_explanation?: Localized;
  rating?: string | null;
  final_rating?: string | null;
  calibration?: { rating_before: string; rating: string; reason: string; at: string } | null;
  version: number;
}

export interface ReviewInput {
  comments: Array<{ indicator_id: string; comment: string }>;
  overall: string;
  rating?: string | null;
  submit: boolean;
}

export interface ReviewOut {
  comments: Array<{ indicator_id: string; comment: string }>;
  overall: string;
  rating?: string | null;
  cycle_id: string;
  person_id: string;
  kind: "self" | "manager";
  submitted_at?: string | null;
  updated_at?: string;
  version: number;
}

export interface PersonCycleView {
  cycle_id: string;
  stage: Stage;
  result: CycleResult;
  self_review?: ReviewOut | null;
  manager_review?: ReviewOut | null;
  acknowledged_at?: string | null;
  appealed?: boolean;
  acknowledgement_comment?: string;
}

export interface ResultRow {
  person_id: string;
  name: string;
  unit_id: string;
  manager_id?: string | null;
  total?: number | null;
  rating?: string | null;
  final_rating?: string | null;
  calibrated: boolean;
}

export interface ResultsPage {
  cycle_id: string;
  period: string;
  stage: Stage;
  items: ResultRow[];
  next_cursor?: string | null;
}

export interface DistributionRow {
  label: string;
  count: number;
  share: number;
  target_share?: number | null;
  target_count?: number | null;
  over: number;
  under: number;
}

export interface UnitDistribution {
  unit_id: string;
  unit_name: string;
  population: number;
  rows: DistributionRow[];
}

export interface CalibrationView {
  cycle_id: string;
  stage: Stage;
  overall: UnitDistribution;
  units: UnitDistribution[];
}

export type Relation = "peer" | "report" | "other";

export interface FeedbackRequestOut {
  cycle_id: string;
  reviewee_id: string;
  reviewee_name: string;
  rater_id: string;
  relation: Relation;
}

export interface FeedbackInboxItem {
  cycle_id: string;
  cycle_name: string;
  reviewee_id: string;
  reviewee_name: string;
  relation: Relation;
  done: boolean;
}

export interface FeedbackSummary {
  cycle_id: string;
  person_id: string;
  responses: number;
  shown: boolean;
  min_responses: number;
  average_rating?: number | null;
  rating_counts: Record<string, number>;
  strengths: string[];
  improvements: string[];
}

// ---- employment: contracts and lifecycle events -------------------------------------------------

export type ContractType = "fixed_term" | "open_ended" | "per_task" | "internship" | "labour_dispatch";

export interface ContractCreate {
  type: ContractType;
  start_date: string;
  end_date?: string;
  probation_end?: string;
  signed_on: string;
  renews?: string;
  note?: string;
}

export interface Contract {
  contract_id: string;
  person_id: string;
  type: ContractType;
  start_date: string;
  end_date: string | null;
  probation_end: string | null;
  probation_max_months: number;
  signed_on: string;
  renews: string | null;
  /** Renews two consecutive fixed-term contracts: the employee may require an open-ended one. */
  open_ended_right: boolean;
  note: string;
  version: number;
}

export type LifecycleType = "hire" | "regularise" | "transfer" | "promotion" | "salary_change" | "departure" | "rehire";
export type DepartureReason = "resignation" | "mutual_agreement" | "dismissal" | "contract_expiry" | "retirement" | "other";

export interface LifecycleEventCreate {
  type: LifecycleType;
  effective_date: string;
  unit_id?: string;
  reason?: DepartureReason;
  last_working_day?: string;
  /** departure: who takes over the open tasks (default: the line manager, else the unit's head) */
  hand_over_to?: string;
  note?: string;
}

export interface LifecycleEvent {
  event_id: string;
  person_id: string;
  type: LifecycleType;
  effective_date: string;
  unit_id: string | null;
  position_id: string | null;
  manager_id: string | null;
  reason: DepartureReason | null;
  last_working_day: string | null;
  note: string;
  status: "scheduled" | "applied";
  open_task_ids: string[];
  /** departure: the open tasks handed over (to handed_over_to_id) in the same write */
  handed_over_task_ids?: string[];
  handed_over_to_id?: string | null;
  version: number;
}

export interface Expiring {
  person_id: string;
  person_name: string;
  contract_id: string;
  kind: "contract_end" | "probation_end";
  date: string;
  days_left: number;
}
// ---- the person's file (人事档案) ---------------------------------------------------------------

export type SensitiveField = "id_number" | "bank_account" | "address" | "emergency_contact" | "health";

export interface EmergencyContact {
  name: string;
  relation: string;
  phone: string;
}

export interface CustomShown {
  field_id: string;
  label: Record<string, string>;
  type: "text" | "number" | "date" | "choice" | "person";
  value: string | number | null;
}

/** A file as the caller may see it: sensitive fields masked, `hidden` fields null. */
export interface PersonFile {
  person_id: string;
  employee_no?: string | null;
  legal_name?: string | null;
  gender?: "male" | "female" | null;
  birth_date?: string | null;
  id_type?: "resident_id" | "passport" | null;
  id_number?: string | null;
  phone?: string | null;
  personal_email?: string | null;
  address?: string | null;
  hukou_type?: "urban" | "rural" | null;
  education?: string | null;
  school?: string | null;
  emergency_contact?: EmergencyContact | null;
  health?: string | null;
  bank_name?: string | null;
  bank_account?: string | null;
  start_date?: string | null;
  prior_working_years?: number | null;
  employment_type?: string | null;
  custom: CustomShown[];
  masked: SensitiveField[];
  hidden: string[];
  can_reveal: boolean;
  /** the person's status in the org; a file of someone who has left is kept read-only */
  status?: "active" | "on_leave" | "left";
  read_only?: boolean;
  erased_at?: string | null;
  version: number;
}

/** HR creates a whole file (PUT without a version). */
export interface FileWrite {
  legal_name: string;
  id_type: "resident_id" | "passport";
  id_number: string;
  gender?: "male" | "female";
  birth_date?: string;
  phone?: string;
  personal_email?: string;
  address?: string;
  hukou_type?: "urban" | "rural";
  education?: string;
  school?: string;
  emergency_contact?: EmergencyContact;
  bank_name?: string;
  bank_account?: string;
  start_date: string;
  prior_working_years?: number;
  employment_type: "full_time" | "part_time" | "intern" | "labour_dispatch" | "retired_rehire";
  custom?: Record<string, string | number>;
}

/** GET /people/{id}/file/export: everything kept about one person (PIPL), machine-readable. */
export interface PersonExport {
  exported_at: string;
  full: boolean;
  person: { person_id: string; name: string; employee_no: string | null; email: string | null; unit_id: string; status: string };
  file: Record<string, unknown> | null;
  custom: unknown[];
  contracts: unknown[];
  events: unknown[];
  history: unknown[];
  change_requests: FileChangeRequest[];
  leave_balances: unknown[];
}

/** GET/PUT /people/{id}/legal-hold: a held file is not erased when its retention ends. */
export interface LegalHold {
  person_id: string;
  on_hold: boolean;
  reason: string | null;
  set_at: string | null;
  set_by: string | null;
}

export interface Revealed {
  field: SensitiveField;
  value: string | EmergencyContact | null;
}

export interface FileChangeRequest {
  request_id: string;
  person_id: string;
  status: "pending" | "approved" | "rejected";
  changes: Record<string, unknown>;
  note?: string | null;
  created_at: string;
  decided_at?: string | null;
  decision_note?: string | null;
  version: number;
}
