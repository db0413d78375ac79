"""Messages: the request itself, sign-in, roles, storage conflicts (chalicelib/core)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the request
    "body.invalid_json": ("请求内容不是有效的 JSON", "the request body is not valid JSON"),
    "body.too_large": ("请求内容太大", "the request body is too large"),
    "input.invalid_fields": ("有 {count} 处填写有误", "{count} value(s) are invalid"),
    # sign-in and roles
    "auth.token_missing": ("缺少登录凭证", "missing token"),
    "auth.token_invalid": ("登录凭证无效（{reason}）", "invalid token ({reason})"),
    "auth.id_token_required": ("需要 ID 令牌", "an ID token is required"),
    "auth.token_no_tenant": ("登录凭证没有所属公司", "the token carries no tenant"),
    "auth.no_tenant_context": ("请求没有所属公司", "no tenant context"),
    "role.not_allowed": ("你的角色不能进行此操作", "your role does not allow this"),
    "role.required": ("需要以下角色之一：{roles}", "requires one of: {roles}"),
    "role.name.admin": ("管理员", "admin"),
    "role.name.hr": ("人力资源", "HR"),
    "role.name.executive": ("高管", "executive"),
    "role.name.manager": ("部门负责人", "manager"),
    "role.name.employee": ("员工", "employee"),
    # anything unexpected (the catch-all answers 500 with it)
    "error.internal": ("服务出错了，请稍后再试", "something went wrong on our side; please try again later"),
    # storage
    "record.not_found": ("找不到该记录", "not found"),
    "record.stale": ("记录已被他人修改，或该值已被占用，请刷新后重试",
                     "this record was changed by someone else or the value is taken; reload and retry"),
    "record.too_many_changes": ("一次改动太多（{count} 条，最多 {limit} 条）",
                                "too many changes in one step ({count} > {limit})"),
}
