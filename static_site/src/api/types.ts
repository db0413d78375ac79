/**
 * Shapes the screens read. Org and auth follow helpers/API.md; indicator and dashboard shapes are
 * this app's expectation of endpoints still being built, so every list/field is read defensively
 * (see README "What the screens expect").
 */
import type { Direction, ValueUnit } from "../format";

export type Role = "admin" | "hr" | "executive" | "manager" | "employee";
export type Localized = string | { "zh-CN"?: string; en?: string };

export interface PublicConfig {
  region: string;
  user_pool_id: string;
  client_id: string;
  cognito_endpoint: string;
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
}

export interface SignupRequest {
  company_name: string;
  industry: string;
  admin_name: string;
  admin_email: string;
  password: string;
  locale: string;
}

export interface Unit {
  unit_id: string;
  code: string;
  name: string;
  parent_id: string | null;
  path?: string;
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
}

export interface Goal {
  goal_id: string;
  period: string;
  level: "company" | "unit" | "position";
  title: string;
  description?: string;
  parent_goal_id?: string | null;
  owner_unit_id?: string | null;
  owner_position_id?: string | null;
  children?: Goal[];
}

export interface Party {
  kind: "unit" | "position" | "person";
  id: string;
  name?: string;
}

export interface Raci {
  raci_id: string;
  subject: { kind: "process" | "indicator"; ref?: string; name: string };
  responsible: Party[];
  accountable: Party[];
  consulted: Party[];
  informed: Party[];
  authority?: { drafts?: Party[]; reviews?: Party[]; approves?: Party[]; data_from?: Party[] };
}

export interface Items<T> {
  items: T[];
}

// ---- indicators ----

export type SetState = "draft" | "in_review" | "returned" | "approved" | "published" | "confirmed";

export interface IndicatorTemplate {
  template_id: string;
  code?: string;
  category?: string;
  name: Localized;
  definition?: Localized;
  unit: ValueUnit;
  direction: Direction;
  formula?: string;
  data_source?: string;
  default_weight?: number;
  default_target?: number;
}

export interface IndicatorItem {
  item_id?: string;
  template_id?: string;
  name: Localized;
  unit: ValueUnit;
  direction: Direction;
  target: number | null;
  weight: number | null;
  data_source?: string;
  formula?: string;
}

export interface Finding {
  item_id?: string;
  item_index?: number;
  rule?: string;
  code?: string;
  severity?: "error" | "warning" | "info";
  message: string;
}

export interface ItemComment {
  item_id?: string;
  item_index?: number;
  comment: string;
  author_name?: string;
  at?: string;
}

export interface IndicatorSet {
  set_id: string;
  unit_id?: string;
  unit_name?: string;
  position_id?: string | null;
  position_title?: string;
  person_id?: string | null;
  person_name?: string;
  owner_name?: string;
  period: string;
  state: SetState;
  items: IndicatorItem[];
  findings?: Finding[];
  comments?: ItemComment[];
  return_comment?: string;
  due_date?: string;
  submitted_at?: string;
  confirmed_at?: string;
  version?: number;
}

export interface IndicatorSetInput {
  unit_id?: string;
  position_id?: string | null;
  person_id?: string | null;
  period: string;
  items: IndicatorItem[];
  version?: number;
}

// ---- dashboards ----

export interface RolloutCounts {
  not_started: number;
  drafting: number;
  in_review: number;
  returned: number;
  approved: number;
  confirmed: number;
}

export interface RolloutDepartment {
  unit_id: string;
  name: string;
  counts: Partial<RolloutCounts>;
  late?: boolean;
  due_date?: string;
  compliance_problems?: number;
  score?: number | null;
}

export interface ComplianceProblem {
  unit_id?: string;
  unit_name?: string;
  set_id?: string;
  indicator?: string;
  severity?: "error" | "warning" | "info";
  message: string;
}

export interface TrendPoint {
  period: string;
  attainment?: number | null;
  actual?: number | null;
  target?: number | null;
}

export interface RolloutDashboard {
  period?: string;
  departments?: RolloutDepartment[];
  compliance_problems?: ComplianceProblem[];
  ranking?: Array<{ unit_id: string; name: string; score: number }>;
  trend?: TrendPoint[];
}

export interface Driver {
  name: string;
  effect?: number | null;
  unit?: ValueUnit;
  note?: string;
}

export interface UnitIndicator {
  indicator_id?: string;
  item_id?: string;
  name: Localized;
  unit: ValueUnit;
  direction: Direction;
  actual: number | null;
  target: number | null;
  weight?: number | null;
  trend?: TrendPoint[];
  drivers?: Driver[];
  forecast?: { value?: number | null; at_risk?: boolean; note?: string } | null;
}

export interface TeamProgress {
  total?: number;
  not_started?: number;
  self_review_done?: number;
  manager_review_done?: number;
  confirmed?: number;
}

export interface UnitDashboard {
  unit?: { unit_id: string; name: string };
  period?: string;
  indicators?: UnitIndicator[];
  team_progress?: TeamProgress;
  sets?: IndicatorSet[];
}

export interface HrQueueItem {
  set_id: string;
  unit_name?: string;
  owner_name?: string;
  person_name?: string;
  period?: string;
  state?: SetState;
  submitted_at?: string;
  findings_count?: number;
  findings?: Finding[];
}

export interface RaisedProblem {
  id?: string;
  set_id?: string;
  raised_by?: string;
  subject?: string;
  message: string;
  created_at?: string;
  status?: "open" | "answered" | "closed";
}

export interface ReminderSent {
  id?: string;
  to?: string;
  subject?: string;
  channel?: string;
  sent_at?: string;
}

export interface HrDashboard {
  queue?: HrQueueItem[];
  problems?: RaisedProblem[];
  reminders?: ReminderSent[];
}

export interface ReviewRecord {
  review_id?: string;
  cycle?: string;
  period?: string;
  kind?: string;
  score?: number | null;
  rating?: string | null;
  state?: string;
  reviewed_at?: string;
}

export interface MyDashboard {
  indicators?: UnitIndicator[];
  actuals?: UnitIndicator[];
  reviews?: ReviewRecord[];
}

export interface MyIndicators {
  items?: IndicatorSet[];
  sets?: IndicatorSet[];
}
