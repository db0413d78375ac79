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
}
