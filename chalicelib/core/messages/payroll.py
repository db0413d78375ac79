"""Messages: payroll rules and calculations (chalicelib/payroll)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "payroll.rule_not_in_force": ("{on} 没有生效的规则：{rule}", "no {rule} rule is in force on {on}"),
    "payroll.months_out_of_order": (
        "月份须按顺序逐月计算：上次计算到 {last} 月，本次是 {month} 月",
        "months are withheld in order: the last one was month {last}, this one is month {month}",
    ),
    "payroll.month_invalid": ("月份须在 1 至 12 之间", "the month must be between 1 and 12"),
    "payroll.amount_negative": ("金额不能为负数", "the amount cannot be negative"),
    "payroll.bonus_used": (
        "本纳税年度已使用过全年一次性奖金单独计税", "the one-off bonus rule was already used this tax year",
    ),
    "payroll.deduction_share_invalid": ("扣除比例只能是 100% 或 50%", "the share must be 100% or 50%"),
    "payroll.deduction_over_cap": ("{item} 每月最多扣除 {cap} 元", "{item} is capped at {cap} yuan a month"),
    "payroll.contribution_rate_invalid": (
        "缴费比例须在 0 到 100% 之间", "a contribution rate must be between 0 and 100%",
    ),
    "payroll.contribution_base_range": ("缴费基数下限不能高于上限", "the base floor cannot be above the ceiling"),
    "payroll.amount_too_large": ("金额超出可书写的范围", "the amount is too large to write out"),
    "payroll.amount_fen": ("金额最多精确到分（两位小数）", "amounts are to the fen (two decimal places)"),
    "payroll.fund_twice": ("同一险种只能填写一次", "each fund may appear only once"),
    "payroll.valid_to_before_from": ("失效日期不能早于生效日期", "valid_to cannot be before valid_from"),
    "payroll.allowance_twice": ("同一津贴代码只能出现一次", "each allowance code may appear only once"),
    "payroll.adjustment_zero": ("调整金额不能为 0", "an adjustment cannot be zero"),
    "payroll.rule_set_overlap": (
        "{city} 的规则期间与 {other} 起的规则重叠", "the period overlaps {city}'s rule set from {other}",
    ),
    "payroll.structure_not_found": ("此人尚未设置薪资结构", "this person has no pay structure yet"),
    "payroll.not_yours": ("只能查看或申报本人的专项附加扣除", "you may only see or declare your own deductions"),
    "payroll.run_not_found": ("找不到该薪资核算", "payroll run not found"),
    "payroll.run_exists": ("{month} 已有薪资核算", "{month} already has a payroll run"),
    "payroll.status_wrong": ("核算状态为“{status}”，不能改为“{to}”", "a run that is {status} cannot become {to}"),
    "payroll.status.draft": ("草稿", "draft"),
    "payroll.status.reviewed": ("已复核", "reviewed"),
    "payroll.status.approved": ("已审批", "approved"),
    "payroll.status.locked": ("已锁定", "locked"),
    "payroll.approver_is_preparer": (
        "审批人不能是核算的制单人", "the run must be approved by someone other than its preparer",
    ),
    "payroll.payroll_role_required": ("此操作需要薪酬专员或管理员", "this step needs the payroll role or an admin"),
    "payroll.run_changed": (
        "复核后工资条有变化，请退回草稿重新复核", "payslips changed since the review: reopen and review again",
    ),
    "payroll.not_all_computed": ("还有 {count} 人未核算", "{count} people are not computed yet"),
    "payroll.run_not_draft": ("只有草稿状态的核算可以计算或修改", "only a draft run can be computed or changed"),
    "payroll.previous_not_locked": (
        "本年度之前月份的核算须先锁定（个税按累计预扣）",
        "earlier runs of the year must be locked first (tax is withheld cumulatively)",
    ),
    "payroll.no_rule_set": (
        "{city} 在 {month} 没有生效的社保公积金规则", "{city} has no contribution rule set for {month}",
    ),
    "payroll.payslip_not_found": ("找不到工资条", "payslip not found"),
    "payroll.person_not_found": ("找不到此人", "person not found"),
    "payroll.month_not_locked": (
        "{month} 的核算尚未锁定：请直接修改该月草稿", "{month} is not locked: change its draft instead",
    ),
    "payroll.cycle_not_found": ("找不到该考核周期", "review cycle not found"),
    "payroll.cycle_not_published": (
        "该考核周期的结果尚未发布", "the review cycle's results are not published yet",
    ),
    "payroll.run_not_approved": ("核算审批后才能导出银行代发文件", "the bank file is made once the run is approved"),
}
