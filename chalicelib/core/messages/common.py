"""Messages: the request itself, sign-in, roles, storage conflicts (chalicelib/core)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the request
    "body.invalid_json": ("请求内容不是有效的 JSON", "the request body is not valid JSON"),
    "body.too_large": ("请求内容太大", "the request body is too large"),
    "body.required": ("请求需要 JSON 内容", "a JSON body is required"),
    "body.too_deep": ("请求内容嵌套超过 {levels} 层", "nested deeper than {levels} levels"),
    "input.not_clearable": ("不能清空；不修改就不要传这个字段", "cannot be cleared; leave it out to keep its value"),
    "cursor.invalid": (
        "这个分页位置不属于当前列表，请从第一页重新开始",
        "not a cursor of this list; start again without it",
    ),
    "export.too_many_rows": ("导出超过 {limit} 行，请缩小范围", "more than {limit} rows to export; narrow it down"),
    "export.too_big": (
        "导出文件会超过 {megabytes} MB，请缩小范围",
        "the file would exceed {megabytes} MB; narrow it down",
    ),
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
    "role.name.payroll": ("薪酬专员", "payroll"),
    # anything unexpected (the catch-all answers 500 with it), a busy dependency (503)
    "error.internal": ("服务出错了，已记录，请稍后再试", "something went wrong on our side; it has been logged"),
    "error.busy": ("服务繁忙，请稍后重试", "the service is busy; retry in a moment"),
    # what API Gateway and Chalice answer outside the handlers (core.gateway; the gateway's own
    # templates cannot read Accept-Language, so they carry zh-CN)
    "gateway.unauthorized": ("未登录：请求没有携带登录令牌", "Not signed in: the request carries no token"),
    "gateway.forbidden": ("登录已失效，或无权访问", "The sign-in is not valid, or access is not allowed"),
    "gateway.not_found": ("没有这个接口", "No such endpoint"),
    "gateway.method_not_allowed": ("该接口不支持这个请求方法", "This endpoint does not support this method"),
    "gateway.payload_too_large": (
        "请求内容过大（上限 {megabytes} MB）",
        "Request body too large (limit {megabytes} MB)",
    ),
    "gateway.unsupported_media_type": (
        "不支持的内容类型，请以 {media_type} 发送",
        "Unsupported content type: send {media_type}",
    ),
    "gateway.throttled": ("请求过于频繁，请稍后再试", "Too many requests: retry in a moment"),
    "gateway.invalid": ("请求无效", "The request is not valid"),
    "gateway.bad_request": ("请求无法处理", "The request cannot be processed"),
    "gateway.internal_error": ("服务器内部错误，请稍后再试", "Internal server error: retry later"),
    "gateway.timeout": ("服务器处理超时，请稍后再试", "The server took too long: retry later"),
    # storage
    "record.not_found": ("找不到该记录", "not found"),
    "record.stale": (
        "记录已被他人修改，或该值已被占用，请刷新后重试",
        "this record was changed by someone else or the value is taken; reload and retry",
    ),
    "record.invalid_write": (
        "这次修改会存入无效的记录，没有写入任何内容",
        "this change would store an invalid record; nothing was written",
    ),
    "record.damaged": ("这条记录已损坏，管理员可以修复", "this record is damaged; an administrator can repair it"),
    "record.too_many_changes": (
        "一次改动太多（{count} 条，最多 {limit} 条）",
        "too many changes in one step ({count} > {limit})",
    ),
}
