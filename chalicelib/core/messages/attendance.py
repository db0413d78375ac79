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
