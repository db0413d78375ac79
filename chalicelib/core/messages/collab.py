"""Messages: threads, tasks, documents, the inbox (chalicelib/collab)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # what a thread, task or link can be about
    "object.not_found": ("找不到该{kind}", "no such {kind}"),
    "object.unit": ("部门", "unit"),
    "object.task": ("任务", "task"),
    "object.indicator_set": ("指标方案", "indicator set"),
    "object.indicator": ("指标", "indicator"),
    "object.review": ("评估", "review"),
    "link.not_visible": ("找不到该{kind}，或你无权查看", "no such {kind} that you may see"),
    # inbox
    "inbox.nothing_to_mark": (
        "请指定要标为已读的消息，或选择全部已读",
        "name the notifications to mark, or send all=true",
    ),
    # tasks
    "task.assignee_out_of_scope": (
        "任务只能分配给自己或你管理的部门里的人",
        "you may assign tasks only to yourself and to people in the units you manage",
    ),
    "task.deadline_past": ("截止日期不能早于今天", "the deadline is in the past"),
    "task.not_visible": (
        "只有负责人、分配人、HR 和管理员能查看该任务",
        "only the assignee, the creator, HR and admins see a task",
    ),
    "task.assignee_fields_only": (
        "负责人只能修改状态和检查清单，其他内容由分配人、HR 或管理员修改",
        "the assignee may change only the status and the checklist",
    ),
    "task.illegal_transition": ("任务不能从“{before}”改为“{after}”", "a {before} task cannot become {after}"),
    "task.cancelled": ("任务已取消，不能再修改", "the task is cancelled and cannot change"),
    "task.status.open": ("未开始", "open"),
    "task.status.in_progress": ("进行中", "in progress"),
    "task.status.done": ("已完成", "done"),
    "task.status.cancelled": ("已取消", "cancelled"),
    # threads
    "thread.not_found": ("找不到该讨论", "no such thread"),
    "thread.not_visible": ("你无权查看该{kind}", "you may not see this {kind}"),
    "thread.reply_to_unknown": ("要回复的消息不在这个讨论里", "no such message in this thread"),
    "thread.mention_not_visible": ("此人无权查看这个讨论", "this person may not see this thread"),
    "thread.message_not_found": ("找不到该消息", "no such message"),
    "thread.key_format": ("应为 1 到 {limit} 个可打印字符", "1 to {limit} printable characters"),
    "thread.key_other_message": (
        "这个请求标识已用于另一条消息，请换一个",
        "this Idempotency-Key was used for another message; use a new one",
    ),
    "thread.not_author": ("只有作者可以编辑这条消息", "only the author may edit a message"),
    "thread.edit_window_closed": (
        "消息只能在发出后 {minutes} 分钟内编辑",
        "messages can be edited for {minutes} minutes after posting",
    ),
    # documents
    "document.bad_name": ("文件名不能包含路径分隔符", "a file name without path separators"),
    "document.type_not_allowed": (
        "不支持此文件类型（支持 PDF、Office、CSV、文本、PNG、JPEG、ZIP）",
        "not an allowed file type (PDF, Office, CSV, text, PNG, JPEG, ZIP)",
    ),
    "document.too_large": ("文件不能超过 {megabytes} MB", "files may be at most {megabytes} MB"),
    "document.company_share_refused": (
        "只有 HR、管理员和高管可以共享给全公司",
        "only HR, admins and executives share with the whole company",
    ),
    "document.unit_share_refused": ("只能共享给你管理的部门", "you may share only with units you manage"),
    "document.not_owner": ("只有上传者、HR 和管理员可以修改该文件", "only the owner, HR and admins change a document"),
    "document.not_shared": ("该文件没有共享给你", "this document is not shared with you"),
    "document.version_not_found": ("没有这个版本", "no such version"),
    "document.not_uploaded": ("此版本尚未上传完成", "this version has not been uploaded yet"),
}
