"""Messages: the person's file, its change requests and custom fields (chalicelib/people)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "peoplefile.no_file": ("此人还没有人事档案", "this person has no file yet"),
    "peoplefile.file_exists": (
        "此人已有人事档案；修改请带上你读到的版本号",
        "this person already has a file; send the version you read to replace it",
    ),
    "peoplefile.not_yours": (
        "你只能查看自己或你管理的人员的档案",
        "you may see only your own file and those of the people you manage",
    ),
    "peoplefile.reveal_not_allowed": (
        "只有人力资源和本人可以查看完整信息",
        "only HR and the person may see the full value",
    ),
    "peoplefile.export_not_allowed": (
        "只有人力资源和本人可以导出个人数据",
        "only HR and the person may export the person's data",
    ),
    "peoplefile.own_file_only": ("只能为自己的档案提交修改申请", "you may propose changes to your own file only"),
    "peoplefile.unreadable": (
        "这项加密信息无法解密，已记录，请联系管理员",
        "this sealed value cannot be decrypted; it has been logged",
    ),
    "peoplefile.id_format": (
        "身份证号应为 18 位：17 位数字加 1 位数字或 X",
        "a resident ID number is 17 digits and a digit or X",
    ),
    "peoplefile.id_check_digit": ("身份证号校验位不对，请核对", "the resident ID number's check digit is wrong"),
    "peoplefile.id_birth_date": ("身份证号中的出生日期无效", "the birth date inside the resident ID number is invalid"),
    "peoplefile.id_mismatch": ("与身份证号中的信息不一致", "does not match the resident ID number"),
    "peoplefile.id_number_with_type": (
        "更换证件类型时请同时填写新的证件号码",
        "send the new ID number with the new ID type",
    ),
    "peoplefile.nothing_to_change": ("没有要修改的内容", "nothing to change"),
    "peoplefile.not_self_editable": (
        "这一项由人力资源维护，不能申请修改",
        "HR keeps this field; it cannot be proposed",
    ),
    "peoplefile.request_decided": ("这个申请已经处理过了", "this request has already been decided"),
    "peoplefile.request_not_found": ("没有这个修改申请", "no such change request"),
    "peoplefile.custom_unknown": ("没有这个自定义字段", "no such custom field"),
    "peoplefile.custom_required": ("这个自定义字段必填", "this custom field is required"),
    "peoplefile.custom_text": ("应为不超过 500 字的文字", "a text of at most 500 characters"),
    "peoplefile.custom_number": ("应为数字", "a number"),
    "peoplefile.custom_date": ("应为日期（例如 2026-03-01）", "a date such as 2026-03-01"),
    "peoplefile.custom_choice": ("应为以下之一：{choices}", "one of: {choices}"),
    "peoplefile.custom_person": ("没有这个人", "no such person"),
    "peoplefile.field_not_found": ("没有这个自定义字段", "no such custom field"),
    "peoplefile.choices_required": ("选项类字段至少需要一个选项", "a choice field needs at least one choice"),
    "peoplefile.choices_only_for_choice": ("只有选项类字段可以设置选项", "only a choice field has choices"),
    "peoplefile.change_to_review": ("档案修改申请待审核：{name}", "File change to review: {name}"),
    "peoplefile.roster_unknown_employee": (
        "没有工号为“{number}”的人员，请先在组织中添加",
        "no person has employee number '{number}'; add them to the org first",
    ),
    "peoplefile.roster_duplicate": (
        "工号“{number}”在第 {line} 行已出现过",
        "employee number '{number}' is already on line {line}",
    ),
    "peoplefile.roster_invalid": (
        "花名册共 {rows} 行，其中 {count} 行有误，未导入任何数据",
        "{count} of the roster's {rows} rows are invalid; nothing was imported",
    ),
    "peoplefile.departed": (
        "{name} 已离职，档案只读（按规定留存），不能再修改",
        "{name} has left: the file is kept read-only and can no longer change",
    ),
    "peoplefile.too_many_fields": ("自定义字段最多 {limit} 个", "at most {limit} custom fields"),
}
