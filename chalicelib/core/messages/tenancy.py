"""Messages: sign-up, passwords, members and roles, usage (chalicelib/tenancy, chalicelib/metering)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "account.email_taken": ("该邮箱已注册落地账号", "this email already has a Luodi account"),
    "account.email_undeliverable": (
        "这个邮箱收不到登录邮件，请检查",
        "this address cannot receive sign-in mail; check it",
    ),
    "password.refused": ("密码不符合要求", "the password does not meet the policy"),
    "password.policy": (
        "密码至少 {length} 位，须含大写字母、小写字母、数字和符号",
        "at least {length} characters with upper- and lower-case letters, a digit and a symbol",
    ),
    "password.policy_not_met": (
        "密码至少 {length} 位，须含大写字母、小写字母、数字和符号（不符：{missing}）",
        "at least {length} characters with upper- and lower-case letters, a digit and a symbol (not met: {missing})",
    ),
    "password.rule.length": ("至少 {length} 位", "at least {length} characters"),
    "password.rule.too_long": ("最多 {length} 位", "at most {length} characters"),
    "password.rule.lowercase": ("小写字母", "a lower-case letter"),
    "password.rule.uppercase": ("大写字母", "an upper-case letter"),
    "password.rule.number": ("数字", "a digit"),
    "password.rule.symbol": ("符号（如 - ! @ #）", "a symbol (such as - ! @ #)"),
    "password.rule.edges": ("首尾不能是空格", "no space at the start or end"),
    "member.already_member": ("该邮箱已是本公司的成员", "this address already signs in to your company"),
    "member.role_required": (
        "没有人员档案的用户至少要有一个角色",
        "a user without a person record needs at least one role",
    ),
    "member.own_admin_role": (
        "不能取消自己的管理员角色，请让其他管理员操作",
        "you cannot remove your own admin role; ask another admin",
    ),
    "member.derived_roles": (
        "部门负责人和员工角色由组织架构决定，不能直接授予",
        "manager and employee follow from the org chart and are not granted",
    ),
    "member.grant_refused": ("你不能授予这些角色：{roles}", "you may not grant: {roles}"),
    "privacy.version_outdated": (
        "隐私政策已更新（{current} 版），请重新阅读后同意",
        "the privacy policy has changed (version {current}); read it again and agree",
    ),
    "usage.month_format": ("月份格式应为 2026-03", "expected a month such as 2026-03"),
}
