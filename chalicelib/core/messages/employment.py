"""Messages: contracts, lifecycle events, assignment history, HR analytics (chalicelib/employment)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "employment.no_rule": (
        "{day} 没有适用的劳动合同法规则（2008 年 1 月 1 日起）",
        "no labour-contract rule applies on {day} (rules start 2008-01-01)",
    ),
    "employment.not_yours": ("你只能查看自己的合同和异动记录", "you may only see your own contracts and history"),
    "employment.contract_not_found": ("没有这份合同", "no such contract"),
    "employment.event_not_found": ("没有这条异动记录", "no such lifecycle event"),
    "employment.end_required": ("{type}合同需要填写终止日期", "a {type} contract needs an end date"),
    "employment.end_not_allowed": ("无固定期限合同没有终止日期", "an open-ended contract has no end date"),
    "employment.end_before_start": ("终止日期不能早于开始日期", "the end date is before the start date"),
    "employment.probation_not_allowed": (
        "{type}合同不能约定试用期（{source}）",
        "a {type} contract may have no probation ({source})",
    ),
    "employment.probation_too_short_term": (
        "合同期限不满三个月，不得约定试用期（{source}）",
        "a contract term under 3 months allows no probation ({source})",
    ),
    "employment.probation_too_long": (
        "该合同期限的试用期最长 {months} 个月，最晚到 {latest}（{source}）",
        "for this contract term probation may last at most {months} months, ending by {latest} ({source})",
    ),
    "employment.probation_before_start": (
        "试用期结束日不能早于合同开始日期",
        "the probation end is before the contract start",
    ),
    "employment.probation_once": (
        "同一用人单位与同一劳动者只能约定一次试用期",
        "an employer may set probation only once for the same employee",
    ),
    "employment.renews_not_found": ("要续签的合同不存在", "the contract to renew does not exist"),
    "employment.renews_already": ("这份合同已经续签过", "this contract has already been renewed"),
    "employment.renewal_starts_early": (
        "续签合同应在原合同之后开始（{after} 之后）",
        "a renewal starts after the contract it renews ({after})",
    ),
    "employment.field_required": ("{type}需要填写此项", "a {type} event needs this field"),
    "employment.field_not_allowed": ("{type}不填写此项", "a {type} event does not take this field"),
    "employment.not_employed": ("此人当前未在职", "this person is not employed at that date"),
    "employment.still_employed": ("此人仍在职，无需返聘", "this person is still employed"),
    "employment.already_hired": ("此人已有入职记录", "this person already has a hire event"),
    "employment.last_day_after_effective": (
        "最后工作日应与生效日期相同",
        "the last working day must be the effective date",
    ),
    "employment.handover_to_self": ("不能把任务转交给离职者本人", "the tasks cannot be handed over to the leaver"),
    "employment.range_too_long": ("统计区间最多 {months} 个月", "the range may span at most {months} months"),
    "employment.range_reversed": ("结束月份不能早于开始月份", "to is before from"),
    "employment.type.fixed_term": ("固定期限", "fixed-term"),
    "employment.type.open_ended": ("无固定期限", "open-ended"),
    "employment.type.per_task": ("以完成一定工作任务为期限的", "per-task"),
    "employment.type.internship": ("实习", "internship"),
    "employment.type.labour_dispatch": ("劳务派遣", "labour dispatch"),
    "employment.event.hire": ("入职", "hire"),
    "employment.event.regularise": ("转正", "regularisation"),
    "employment.event.transfer": ("调岗", "transfer"),
    "employment.event.promotion": ("晋升", "promotion"),
    "employment.event.salary_change": ("调薪", "salary change"),
    "employment.event.departure": ("离职", "departure"),
    "employment.event.rehire": ("返聘", "rehire"),
    # digest lines for HR
    "employment.remind.contract_end": (
        "{name} 的劳动合同将于 {date} 到期（还有 {days} 天），请及时续签或办理终止",
        "{name}'s contract ends on {date} (in {days} days): renew or end it in time",
    ),
    "employment.remind.probation_end": (
        "{name} 的试用期将于 {date} 结束（还有 {days} 天），请安排转正评估",
        "{name}'s probation ends on {date} (in {days} days): plan the review",
    ),
}
