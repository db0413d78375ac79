"""Messages: pydantic's error types, as the request schemas can raise them (``input.<type>``).

``core.api`` renders a validation error's ``ctx`` into these templates (``min_length``, ``ge``,
``expected`` …); a type not listed here falls back to ``input.invalid``.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "input.invalid": ("填写有误", "invalid value"),
    "input.missing": ("必填", "required"),
    "input.extra_forbidden": ("不支持这个字段", "not an accepted field"),
    "input.empty": ("不能为空", "must not be empty"),
    "input.string_type": ("应为文字", "must be text"),
    "input.string_too_short": ("至少 {min_length} 个字符", "at least {min_length} characters"),
    "input.string_too_long": ("最多 {max_length} 个字符", "at most {max_length} characters"),
    "input.string_pattern_mismatch": ("格式不正确", "wrong format"),
    "input.int_type": ("应为整数", "must be a whole number"),
    "input.int_from_float": ("应为整数，不能有小数", "must be a whole number, without decimals"),
    "input.int_parsing_size": ("数字太大", "the number is too large"),
    "input.float_type": ("应为数字", "must be a number"),
    "input.finite_number": ("应为有限的数字", "must be a finite number"),
    "input.greater_than": ("必须大于 {gt}", "must be greater than {gt}"),
    "input.greater_than_equal": ("不能小于 {ge}", "must be at least {ge}"),
    "input.less_than": ("必须小于 {lt}", "must be less than {lt}"),
    "input.less_than_equal": ("不能大于 {le}", "must be at most {le}"),
    "input.multiple_of": ("必须是 {multiple_of} 的倍数", "must be a multiple of {multiple_of}"),
    "input.bool_type": ("应为是或否", "must be true or false"),
    "input.date_type": ("应为日期，如 2026-03-05", "must be a date such as 2026-03-05"),
    "input.date_from_datetime_inexact": ("应为日期，不带时间", "must be a date without a time"),
    "input.datetime_type": ("应为日期和时间", "must be a date and time"),
    "input.enum": ("只能是以下之一：{expected}", "must be one of: {expected}"),
    "input.list_type": ("应为列表", "must be a list"),
    "input.too_short": ("至少 {min_length} 项", "at least {min_length} item(s)"),
    "input.too_long": ("最多 {max_length} 项", "at most {max_length} items"),
    "input.dict_type": ("应为 JSON 对象", "must be a JSON object"),
    "input.json_invalid": ("不是有效的 JSON", "not valid JSON"),
}

# Several pydantic types say the same thing to a person: type -> the code above.
ALIASES: dict[str, str] = {
    "string_sub_type": "input.string_type",
    "string_unicode": "input.string_type",
    "int_parsing": "input.int_type",
    "float_parsing": "input.float_type",
    "bool_parsing": "input.bool_type",
    "date_parsing": "input.date_type",
    "date_from_datetime_parsing": "input.date_type",
    "datetime_parsing": "input.datetime_type",
    "datetime_from_date_parsing": "input.datetime_type",
    "literal_error": "input.enum",
    "model_type": "input.dict_type",
    "model_attributes_type": "input.dict_type",
    "json_type": "input.json_invalid",
    "value_error": "input.invalid",
    "assertion_error": "input.invalid",
}
