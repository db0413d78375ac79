"""Messages: attendance, leave and overtime (chalicelib/attendance)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "leave.days_positive": ("天数或小时数必须大于 0", "the days or hours must be more than 0"),
    "leave.balance_insufficient": (
        "假期余额不足：可用 {available} 天",
        "not enough leave left: {available} days available",
    ),
    "overtime.not_bankable": (
        "法定节假日加班须支付 300% 加班费，不能调休",
        "overtime on a statutory holiday is paid at 300%, not banked",
    ),
}

MESSAGES.update(
    {
        "calendar.override_not_found": ("这一天没有公司自定的安排", "the company has not set this date"),
        "leave_type.not_found": ("没有这个假期类型：{code}", "no such leave type: {code}"),
        "leave_type.exists": ("假期类型代码已存在：{code}", "a leave type with code {code} exists"),
        "leave.out_of_scope": ("你只能查看自己和下属的假期", "you can only see your own and your team's leave"),
        "leave.for_someone_else": ("只有人事可以替他人请假", "only HR can ask for leave for someone else"),
        "leave.not_tracked": ("这个假期类型不记余额", "this leave type keeps no balance"),
        "leave.amount_sign": (
            "{kind} 的数量方向不对：发放为正数，折现为负数，调整不能为 0",
            "wrong sign for {kind}: grants are positive, encashments negative, adjustments not 0",
        ),
        "leave.no_start_date": (
            "此人还没有档案（入职日期），请填写入职日期或先建立档案",
            "this person has no file (start date): give the start date or create the file first",
        ),
        "leave.already_granted": ("{year} 年的年假已发放", "annual leave for {year} was already granted"),
        "leave.end_before_start": ("结束日期不能早于开始日期", "the end cannot be before the start"),
        "leave.hours_required": ("请填写小时数", "give the number of hours"),
        "leave.nothing_to_take": ("所选日期没有需要请假的工作日", "there is no working day to take in these dates"),
        "leave.decided_already": ("这条申请已处理（{status}）", "this request was already handled ({status})"),
        "leave.own_request": ("不能审批自己的申请", "you cannot decide your own request"),
        "leave.not_your_decision": ("这条申请不由你审批", "this request is not yours to decide"),
        "leave.not_your_request": ("只能撤回自己的申请", "you can only withdraw your own request"),
    }
)

MESSAGES.update(
    {
        "leave.status.pending": ("待上级审批", "waiting for the manager"),
        "leave.status.pending_hr": ("待人事审批", "waiting for HR"),
        "leave.status.approved": ("已批准", "approved"),
        "leave.status.rejected": ("已驳回", "rejected"),
        "leave.status.cancelled": ("已撤回", "withdrawn"),
    }
)

MESSAGES.update(
    {
        "attendance.month_invalid": (
            "月份格式应为“年-月”，如 2026-11：{month}",
            "the month must look like YYYY-MM: {month}",
        ),
    }
)

MESSAGES.update(
    {
        "attendance.month_locked": ("{month} 的考勤已锁定，不能再修改", "attendance for {month} is locked"),
        "attendance.month_not_locked": ("{month} 的考勤没有锁定", "attendance for {month} is not locked"),
        "attendance.unlock_has_corrections": (
            "{month} 已有 {count} 条考勤更正计入以后月份的工资；"
            "解锁后再手工改同一天并重新锁定会重复发放差额，请确认后再解锁",
            "{month} has {count} late corrections already paid in a later month; fixing the same day by hand "
            "and relocking would pay the difference twice — confirm to unlock",
        ),
        "attendance.outside_reason_required": (
            "不在公司范围内打卡，请填写原因",
            "you are outside every office: give a reason",
        ),
        "attendance.shift_exists": ("班次代码已存在：{code}", "a shift with code {code} exists"),
        "attendance.shift_not_found": ("没有这个班次：{code}", "no such shift: {code}"),
        "attendance.flexible_needs_core": (
            "弹性班次需要核心时段和应出勤时长",
            "a flexible shift needs core hours and a total",
        ),
        "attendance.core_outside_span": (
            "核心时段应在最早上班和最晚下班之间，且开始早于结束",
            "the core hours must lie inside the span and start before they end",
        ),
        "attendance.required_too_long": (
            "应出勤时长不能超过最早上班到最晚下班的时长",
            "the total cannot exceed the span",
        ),
        "attendance.fixed_no_core": ("固定班次没有核心时段和应出勤时长", "a fixed shift has no core hours or total"),
        "attendance.rest_anchor_required": (
            "大小周需要一个大周（上六天）中的日期",
            "alternating weeks need a date in a six-day week",
        ),
        "attendance.ip_range_invalid": ("网段格式不对：{value}", "not a network range: {value}"),
        "attendance.site_needs_place": ("请填写经纬度或网段", "give a location or a network range"),
        "attendance.import_columns": (
            "文件缺少工号或打卡时间列",
            "the file needs an employee number and a punch time column",
        ),
        "attendance.import_rows": (
            "文件中有 {count} 行有问题，没有导入任何打卡",
            "{count} rows have problems: nothing was imported",
        ),
        "attendance.no_person": ("你的账号没有关联员工，不能打卡", "your account is not linked to an employee"),
        "attendance.unknown_employee": (
            "第 {line} 行：没有工号为 {value} 的员工",
            "line {line}: no employee numbered {value}",
        ),
        "attendance.bad_time": ("第 {line} 行：无法识别的时间 {value}", "line {line}: unreadable time {value}"),
        "attendance.bad_moment": ("没有这个时间：{value}", "no such moment: {value}"),
        "attendance.correction_future": ("补卡时间不能晚于现在", "a correction cannot be in the future"),
        "attendance.correction_cap": ("本月补卡已达 {cap} 次上限", "you already asked {cap} corrections this month"),
        "attendance.month_future": ("不能锁定还没结束的月份", "a month cannot be locked before it ends"),
    }
)

MESSAGES.update(
    {
        "attendance.approval.leave": (
            "{name} 申请请假：{start} 至 {end}，待你审批",
            "{name} asks for leave from {start} to {end}: waiting for you",
        ),
        "attendance.approval.overtime": (
            "{name} 申请加班：{date} {hours} 小时，待你审批",
            "{name} asks for overtime on {date}, {hours} hours: waiting for you",
        ),
        "attendance.approval.correction": (
            "{name} 申请补卡：{at}，待你审批",
            "{name} asks for a missed punch at {at}: waiting for you",
        ),
        "attendance.approval.trip": (
            "{name} 申请出差：{start} 至 {end}，{place}，待你审批",
            "{name} asks for a business trip from {start} to {end}, {place}: waiting for you",
        ),
        # The requester hears the decision (chalicelib/attendance/approvals.py ``tell``).
        "attendance.decided.leave.approved": (
            "你的请假（{start} 至 {end}）已批准",
            "Your leave from {start} to {end} was approved",
        ),
        "attendance.decided.leave.rejected": (
            "你的请假（{start} 至 {end}）未获批准",
            "Your leave from {start} to {end} was not approved",
        ),
        "attendance.decided.leave.pending_hr": (
            "你的请假（{start} 至 {end}）经理已同意，转人事审批",
            "Your leave from {start} to {end}: your manager agreed, HR decides next",
        ),
        "attendance.decided.overtime.approved": (
            "你的加班（{date} {hours} 小时）已批准",
            "Your overtime on {date} ({hours} hours) was approved",
        ),
        "attendance.decided.overtime.rejected": (
            "你的加班（{date} {hours} 小时）未获批准",
            "Your overtime on {date} ({hours} hours) was not approved",
        ),
        "attendance.decided.correction.approved": ("你的补卡（{at}）已批准", "Your missed punch at {at} was approved"),
        "attendance.decided.correction.rejected": (
            "你的补卡（{at}）未获批准",
            "Your missed punch at {at} was not approved",
        ),
        "attendance.decided.trip.approved": (
            "你的出差（{start} 至 {end}，{place}）已批准",
            "Your business trip from {start} to {end} ({place}) was approved",
        ),
        "attendance.decided.trip.rejected": (
            "你的出差（{start} 至 {end}，{place}）未获批准",
            "Your business trip from {start} to {end} ({place}) was not approved",
        ),
        "trip.too_long": ("出差不能超过 {days} 天", "a trip cannot be longer than {days} days"),
        "trip.no_working_day": ("所选日期没有工作日", "there is no working day in these dates"),
        "trip.overlaps": (
            "与已有的出差（{start} 至 {end}）时间重叠",
            "this overlaps a trip you already asked for ({start} to {end})",
        ),
    }
)


# Late corrections of a locked month (chalicelib/attendance/late.py)
MESSAGES.update(
    {
        "attendance.late_correction_empty": (
            "请选择更正后的结果或加班小时数",
            "give the day's corrected result or its overtime hours",
        ),
        "attendance.late_correction_leave_type": (
            "请假时须选择假期类型（其他结果不填假期类型）",
            "a leave result needs a leave type (other results take none)",
        ),
        "attendance.late_correction_no_change": (
            "这项更正不改变该月任何考勤数据",
            "this correction changes none of the month's figures",
        ),
        "attendance.late_correction_no_summary": (
            "{month} 锁定时没有此人的考勤汇总，无法更正",
            "{month} was locked without a summary for this person: nothing to correct",
        ),
    }
)
