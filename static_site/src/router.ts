/** Hash history so the static build works from S3/CloudFront without rewrite rules. */
import { ref } from "vue";
import { createRouter, createWebHashHistory, type RouteRecordRaw } from "vue-router";
import { session } from "./auth/session";
import { ensureMe } from "./store";
import { hasRole, homePath, redirectFor, type ViewName } from "./roles";
import SignIn from "./views/SignIn.vue";

declare module "vue-router" {
  interface RouteMeta {
    public?: boolean;
    tab?: string;
    title?: string;
    /** A role dashboard: users without it are sent to their own home instead of a 403 screen. */
    view?: ViewName;
    /** Company setup screens: HR and admin only (others go home; the API refuses them too). */
    setup?: boolean;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: "/signin", name: "signin", component: SignIn, meta: { public: true, title: "auth.signIn" } },
  { path: "/signup", name: "signup", component: () => import("./views/SignUp.vue"), meta: { public: true, title: "signup.title" } },
  {
    path: "/accept-invite",
    name: "accept-invite",
    component: () => import("./views/AcceptInvite.vue"),
    meta: { public: true, title: "invite.title" },
  },
  {
    path: "/forgot-password",
    name: "forgot-password",
    component: () => import("./views/ForgotPassword.vue"),
    meta: { public: true, title: "forgot.title" },
  },
  { path: "/privacy", name: "privacy", component: () => import("./views/PrivacyPolicy.vue"), meta: { public: true, title: "privacy.title" } },
  { path: "/", name: "home", component: () => import("./views/HomeRedirect.vue"), meta: { tab: "home" } },
  {
    path: "/dashboard/rollout",
    name: "rollout",
    component: () => import("./views/RolloutDashboard.vue"),
    meta: { tab: "home", title: "rollout.title", view: "rollout" },
  },
  {
    path: "/dashboard/unit/:unitId?",
    name: "unit",
    component: () => import("./views/UnitDashboard.vue"),
    meta: { tab: "home", title: "unit.title", view: "unit" },
  },
  { path: "/sets/new", name: "set-new", component: () => import("./views/IndicatorSetDraft.vue"), meta: { tab: "home", title: "draft.title" } },
  {
    path: "/sets/:setId/edit",
    name: "set-edit",
    component: () => import("./views/IndicatorSetDraft.vue"),
    meta: { tab: "home", title: "draft.editTitle" },
  },
  { path: "/hr", name: "hr", component: () => import("./views/HrDesk.vue"), meta: { tab: "review", title: "hr.title", view: "hr" } },
  {
    path: "/hr/sets/:setId",
    name: "hr-review",
    component: () => import("./views/HrReview.vue"),
    meta: { tab: "review", title: "hr.review", view: "hr" },
  },
  { path: "/data", name: "data-entry", component: () => import("./views/DataEntry.vue"), meta: { title: "dataEntry.title" } },
  // my payslips
  { path: "/payslips", name: "payslips", component: () => import("./views/MyPayslips.vue"), meta: { tab: "account", title: "payroll.mine" } },
  { path: "/deductions", name: "deductions", component: () => import("./views/MyDeductions.vue"), meta: { tab: "account", title: "payroll.declare.title" } },
  { path: "/payroll/runs", name: "payroll-runs", component: () => import("./views/PayrollRuns.vue"), meta: { tab: "account", title: "payroll.run.title" } },
  { path: "/payroll/settings", name: "payroll-settings", component: () => import("./views/PayrollSettings.vue"), meta: { tab: "account", title: "payroll.settings.title" } },
  { path: "/payroll/rule-sets", name: "payroll-rule-sets", component: () => import("./views/PayrollRuleSets.vue"), meta: { tab: "account", title: "payroll.rules.title" } },
  { path: "/payroll/people/:personId/structure", name: "pay-structure", component: () => import("./views/PayStructure.vue"), meta: { tab: "account", title: "payroll.structure.title" } },
  // leave and the working calendar
  { path: "/leave", name: "leave", component: () => import("./views/LeaveView.vue"), meta: { tab: "account", title: "leave.title" } },
  { path: "/leave/new", name: "leave-new", component: () => import("./views/LeaveNew.vue"), meta: { tab: "account", title: "leave.ask" } },
  {
    path: "/leave/approvals",
    name: "leave-approvals",
    component: () => import("./views/LeaveApprovals.vue"),
    meta: { tab: "account", title: "leave.approvals" },
  },
  { path: "/calendar", name: "calendar", component: () => import("./views/WorkCalendar.vue"), meta: { tab: "account", title: "leave.calendar" } },
  // attendance: clock-in, my month, 补卡, a team's day, HR's monthly closing
  { path: "/attendance", name: "clock-in", component: () => import("./views/ClockIn.vue"), meta: { tab: "account", title: "attendance.clockIn" } },
  {
    path: "/attendance/month",
    name: "attendance-month",
    component: () => import("./views/MyAttendance.vue"),
    meta: { tab: "account", title: "attendance.myMonth" },
  },
  {
    path: "/attendance/correction",
    name: "attendance-correction",
    component: () => import("./views/CorrectionNew.vue"),
    meta: { tab: "account", title: "attendance.correction" },
  },
  { path: "/attendance/trips", name: "attendance-trips", component: () => import("./views/TripNew.vue"), meta: { tab: "account", title: "attendance.trips" } },
  { path: "/attendance/team", name: "attendance-team", component: () => import("./views/TeamAttendance.vue"), meta: { tab: "account", title: "attendance.team" } },
  {
    path: "/attendance/shifts",
    name: "attendance-shifts",
    component: () => import("./views/AttendanceShifts.vue"),
    meta: { tab: "account", title: "attendance.shifts.title" },
  },
  {
    path: "/attendance/closing",
    name: "attendance-closing",
    component: () => import("./views/AttendanceClose.vue"),
    meta: { tab: "account", title: "attendance.closing" },
  },
  { path: "/mine", name: "mine", component: () => import("./views/MyIndicators.vue"), meta: { tab: "mine", title: "mine.title" } },
  // company setup (HR/admin): checklist steps, org forms, people and accounts, invitations, import
  { path: "/org/units/new", name: "unit-new", component: () => import("./views/UnitForm.vue"), meta: { tab: "org", title: "setup.addUnit", setup: true } },
  { path: "/org/units/:unitId", name: "unit-edit", component: () => import("./views/UnitForm.vue"), meta: { tab: "org", title: "setup.editUnit", setup: true } },
  {
    path: "/org/positions/new",
    name: "position-new",
    component: () => import("./views/PositionForm.vue"),
    meta: { tab: "org", title: "setup.addPosition", setup: true },
  },
  { path: "/org/people/new", name: "person-new", component: () => import("./views/PersonForm.vue"), meta: { tab: "org", title: "setup.addPerson", setup: true } },
  {
    path: "/org/people/:personId",
    name: "person-edit",
    component: () => import("./views/PersonForm.vue"),
    meta: { tab: "org", title: "setup.editPerson", setup: true },
  },
  { path: "/org/import", name: "org-import", component: () => import("./views/ImportView.vue"), meta: { tab: "org", title: "setup.importTitle", setup: true } },
  { path: "/people", name: "people", component: () => import("./views/PeopleView.vue"), meta: { tab: "org", title: "setup.people", setup: true } },
  {
    path: "/people/files/new",
    name: "person-file-new",
    component: () => import("./views/PersonFileForm.vue"),
    meta: { tab: "org", title: "peopleFile.createTitle", setup: true },
  },
  {
    path: "/people/:personId/file/new",
    name: "person-file-create",
    component: () => import("./views/PersonFileForm.vue"),
    meta: { tab: "org", title: "peopleFile.createTitle", setup: true },
  },
  {
    path: "/people/:personId/file",
    name: "person-file",
    component: () => import("./views/PersonFileView.vue"),
    meta: { tab: "org", title: "peopleFile.title" },
  },
  { path: "/people/invite", name: "invite-user", component: () => import("./views/InviteView.vue"), meta: { tab: "org", title: "setup.inviteTitle", setup: true } },
  // goals cascade and the responsibility matrix (setup steps; the API decides who may change what)
  { path: "/goals", name: "goals", component: () => import("./views/GoalsView.vue"), meta: { tab: "org", title: "goals.title" } },
  { path: "/goals/new", name: "goal-new", component: () => import("./views/GoalForm.vue"), meta: { tab: "org", title: "goals.newCompany" } },
  { path: "/goals/:goalId", name: "goal-edit", component: () => import("./views/GoalForm.vue"), meta: { tab: "org", title: "goals.editGoal" } },
  { path: "/raci", name: "raci", component: () => import("./views/RaciView.vue"), meta: { tab: "org", title: "raci.title" } },
  { path: "/raci/new", name: "raci-new", component: () => import("./views/RaciForm.vue"), meta: { tab: "org", title: "raci.newTitle", setup: true } },
  { path: "/raci/:entryId", name: "raci-edit", component: () => import("./views/RaciForm.vue"), meta: { tab: "org", title: "raci.editTitle", setup: true } },
  { path: "/org", name: "org", component: () => import("./views/OrgView.vue"), meta: { tab: "org", title: "org.title" } },
  // collaboration (tab "collab": inbox, tasks, documents, discussions)
  { path: "/inbox", name: "inbox", component: () => import("./views/InboxView.vue"), meta: { tab: "collab", title: "collab.inbox" } },
  { path: "/tasks", name: "tasks", component: () => import("./views/TasksView.vue"), meta: { tab: "collab", title: "collab.tasks" } },
  { path: "/tasks/new", name: "task-new", component: () => import("./views/TaskNew.vue"), meta: { tab: "collab", title: "collab.newTask" } },
  { path: "/tasks/:taskId", name: "task", component: () => import("./views/TaskDetail.vue"), meta: { tab: "collab", title: "collab.task" } },
  {
    path: "/threads/:threadId",
    name: "thread",
    component: () => import("./views/ThreadView.vue"),
    meta: { tab: "collab", title: "collab.thread" },
  },
  {
    path: "/documents/:documentId?",
    name: "documents",
    component: () => import("./views/DocumentsView.vue"),
    meta: { tab: "collab", title: "collab.documents" },
  },
  // review cycles (HR: cycles and stages; everyone: my reviews and 360 requests; leaders: reviews, calibration)
  { path: "/cycles", name: "cycles", component: () => import("./views/CycleList.vue"), meta: { tab: "review", title: "reviews.cycles.title", setup: true } },
  { path: "/cycles/new", name: "cycle-new", component: () => import("./views/CycleNew.vue"), meta: { tab: "review", title: "reviews.form.title", setup: true } },
  { path: "/cycles/:cycleId", name: "cycle", component: () => import("./views/CycleDetail.vue"), meta: { tab: "review", title: "reviews.detail.title", setup: true } },
  {
    path: "/cycles/:cycleId/people",
    name: "cycle-people",
    component: () => import("./views/ReviewTeam.vue"),
    meta: { tab: "mine", title: "reviews.manager.teamTitle" },
  },
  {
    path: "/cycles/:cycleId/people/:personId",
    name: "cycle-person",
    component: () => import("./views/ReviewPerson.vue"),
    meta: { tab: "mine", title: "reviews.manager.title" },
  },
  {
    path: "/cycles/:cycleId/calibration",
    name: "calibration",
    component: () => import("./views/ReviewCalibration.vue"),
    meta: { tab: "mine", title: "reviews.calibration.title" },
  },
  { path: "/reviews", name: "reviews", component: () => import("./views/ReviewHome.vue"), meta: { tab: "mine", title: "reviews.home.title" } },
  { path: "/reviews/:cycleId", name: "my-review", component: () => import("./views/ReviewMine.vue"), meta: { tab: "mine", title: "reviews.self.title" } },
  {
    path: "/account/password",
    name: "change-password",
    component: () => import("./views/ChangePassword.vue"),
    meta: { tab: "account", title: "changePassword.title" },
  },
  { path: "/search", name: "search", component: () => import("./views/SearchView.vue"), meta: { title: "search.title" } },
  { path: "/account", name: "account", component: () => import("./views/AccountView.vue"), meta: { tab: "account", title: "account.title" } },
  { path: "/:pathMatch(.*)*", redirect: "/" },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

/** True while a navigation waits (for /me or a lazy screen's code): the shell shows a spinner. */
export const navigating = ref(false);
router.afterEach(() => {
  navigating.value = false;
});
router.onError(() => {
  navigating.value = false;
});

router.beforeEach(async (to) => {
  navigating.value = true;
  if (to.meta.public) return true;
  if (!session.signedIn) return { name: "signin", query: to.fullPath !== "/" ? { redirect: to.fullPath } : {} };
  const me = await ensureMe();
  if (!session.signedIn) return { name: "signin" };
  if (to.name === "home" && me) return homePath(me);
  if (to.meta.setup && !hasRole(me, "hr", "admin")) return homePath(me);
  return redirectFor(to.meta.view, me) ?? true;
});
