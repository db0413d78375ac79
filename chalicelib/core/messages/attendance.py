"""Messages: attendance, leave and overtime (chalicelib/attendance)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "leave.days_positive": ("天数或小时数必须大于 0", "the days or hours must be more than 0"),
    "leave.balance_insufficient": (
        "假期余额不足：可用 {available} 天", "not enough leave left: {available} days available",
    ),
    "overtime.not_bankable": (
        "法定节假日加班须支付 300% 加班费，不能调休", "overtime on a statutory holiday is paid at 300%, not banked",
    ),
}

MESSAGES.update({
    "calendar.override_not_found": ("这一天没有公司自定的安排", "the company has not set this date"),
    "leave_type.not_found": ("没有这个假期类型：{code}", "no such leave type: {code}"),
    "leave_type.exists": ("假期类型代码已存在：{code}", "a leave type with code {code} exists"),
    "leave.out_of_scope": ("你只能查看自己和下属的假期", "you can only see your own and your team's leave"),
    "leave.for_someone_else": ("只有人事可以替他人请假", "only HR can ask for leave for someone else"),
    "leave.not_tracked": ("这个假期类型不记余额", "this leave type keeps no balance"),
    "leave.amount_sign": ("{kind} 的数量方向不对：发放为正数，折现为负数，调整不能为 0",
                          "wrong sign for {kind}: grants are positive, encashments negative, adjustments not 0"),
    "leave.no_start_date": ("此人还没有档案（入职日期），请填写入职日期或先建立档案",
                            "this person has no file (start date): give the start date or create the file first"),
    "leave.already_granted": ("{year} 年的年假已发放", "annual leave for {year} was already granted"),
    "leave.end_before_start": ("结束日期不能早于开始日期", "the end cannot be before the start"),
    "leave.hours_required": ("请填写小时数", "give the number of hours"),
    "leave.nothing_to_take": ("所选日期没有需要请假的工作日", "there is no working day to take in these dates"),
    "leave.decided_already": ("这条申请已处理（{status}）", "this request was already handled ({status})"),
    "leave.own_request": ("不能审批自己的申请", "you cannot decide your own request"),
    "leave.not_your_decision": ("这条申请不由你审批", "this request is not yours to decide"),
    "leave.not_your_request": ("只能撤回自己的申请", "you can only withdraw your own request"),
})

MESSAGES.update({
    "leave.status.pending": ("待上级审批", "waiting for the manager"),
    "leave.status.pending_hr": ("待人事审批", "waiting for HR"),
    "leave.status.approved": ("已批准", "approved"),
    "leave.status.rejected": ("已驳回", "rejected"),
    "leave.status.cancelled": ("已撤回", "withdrawn"),
})
