"""Messages: review settings, cycles and their stages, actuals, reviews, 360 feedback, calibration, scores
(chalicelib/reviews)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # stages
    "stage.goal_setting": ("目标设定", "goal setting"),
    "stage.in_progress": ("执行中", "in progress"),
    "stage.self_review": ("员工自评", "self review"),
    "stage.manager_review": ("上级评估", "manager review"),
    "stage.calibration": ("绩效校准", "calibration"),
    "stage.results_published": ("结果已发布", "results published"),
    "stage.closed": ("已关闭", "closed"),
    # settings: rating scale and target distribution
    "settings.invalid": ("评级档位或目标分布不可用", "the rating scale or target distribution is not usable"),
    "settings.stale": ("设置已被他人修改，请刷新后重试", "the settings were changed by someone else; reload and retry"),
    "settings.not_a_label": ("不是评级档位中的等级", "not a label of the scale"),
    "settings.share_range": ("比例应在 0 到 1 之间", "a share between 0 and 1"),
    "settings.shares_over_one": ("各等级比例合计超过 1（100%）", "shares add up to more than 1 (100%)"),
    "scale.empty": ("评级档位不能为空", "a rating scale needs at least one band"),
    "scale.label_empty": ("评级名称不能为空", "rating labels must be non-empty"),
    "scale.label_repeated": ("评级名称 {label} 重复", "rating label {label} is repeated"),
    "scale.minimum_not_descending": (
        "评级 {label} 的最低分 {minimum} 必须低于上一档 {previous}",
        "minimum {minimum} of {label} must be below the previous band's {previous}",
    ),
    # cycles
    "cycle.not_found": ("没有这个考核周期", "no such cycle"),
    "cycle.none_running": ("没有进行中的考核周期，请指定一个", "no cycle is running; name one"),
    "cycle.no_root_unit": ("公司还没有根部门", "the company has no root unit"),
    "cycle.closed": ("考核周期已关闭", "the cycle is closed"),
    "cycle.participants_fixed": (
        "目标锁定后不能再调整参与人（当前阶段：{stage}）",
        "participants are fixed once goals are locked (the cycle is in {stage})",
    ),
    "cycle.stale": ("考核周期已被他人修改，请刷新后重试", "the cycle was changed by someone else; reload and retry"),
    "cycle.pending_steps": (
        "还有 {count} 项未完成，考核周期不能进入“{stage}”",
        "the cycle cannot move to {stage} yet: {count} step(s) pending",
    ),
    "cycle.goals_not_lockable": (
        "还有 {count} 项未完成，不能锁定目标",
        "goals cannot be locked yet: {count} step(s) pending",
    ),
    "cycle.refresh_only_running": (
        "只有进行中的考核周期才能重算结果，当前阶段：{stage}",
        "results are recomputed only while the cycle runs; it is in {stage}",
    ),
    "cycle.deadline_for_closed": ("已关闭阶段没有截止日期", "a closed cycle has no deadline"),
    "cycle.deadlines_backwards": (
        "各阶段截止日期不能倒序（目标设定最早，结果发布最晚）",
        "stage deadlines must not go backwards (goal setting first, results published last)",
    ),
    "cycle.closed_final": ("考核周期已关闭，不能再变更", "the cycle is closed and cannot move"),
    "cycle.already_in": ("考核周期已处于“{stage}”阶段", "the cycle is already in {stage}"),
    "cycle.skip": (
        "不能从“{current}”跳到“{target}”，请逐个阶段推进（下一阶段：{next}）",
        "cannot skip from {current} to {target}; the next stage is {next}",
    ),
    "cycle.no_back_after_results": (
        "结果已发布，不能退回“{target}”",
        "results are published; the cycle cannot go back to {target}",
    ),
    "cycle.one_step_back": (
        "只能退回上一阶段，不能从“{current}”退回“{target}”",
        "a cycle steps back one stage at a time, not from {current} to {target}",
    ),
    "cycle.not_participant": ("此人不是本考核周期的参与人", "not a participant of this cycle"),
    # what keeps a cycle from its next stage
    "blocker.no_participants": ("考核周期没有参与人", "the cycle has no participants"),
    "blocker.goals": ("{name}：{problem}", "{name}: {problem}"),
    "blocker.actuals": ("{name}：以下指标缺少实际数据 {indicators}", "{name}: actuals missing for {indicators}"),
    "blocker.self_review": ("{name}：自评未提交", "{name}: self review not submitted"),
    "blocker.manager_review": ("{name}：上级评价未提交", "{name}: manager review not submitted"),
    "blocker.acknowledgement": ("{name}：尚未确认考核结果", "{name}: results not yet acknowledged"),
    "goals.none_published": ("没有已发布的指标", "no published indicators for this period"),
    "goals.weights_total": ("指标权重合计 {total}，应为 100", "indicator weights add up to {total}, not 100"),
    "goals.indicator_problem": ("{name}：{problem}", "{name}: {problem}"),
    "goals.measures_without_formula": ("有多个指标项却没有公式", "several measures but no formula"),
    # reviews, acknowledgement, calibration
    "review.self_only": ("自评只能由本人填写", "a self review is written by the person themselves"),
    "review.closed": (
        "{kind}只能在以下阶段填写：{stages}；当前阶段：{stage}",
        "{kind} reviews are open in {stages}; the cycle is in {stage}",
    ),
    "review.kind.self": ("自评", "self"),
    "review.kind.manager": ("上级评估", "manager"),
    "review.unknown_indicator": ("不是此人的指标", "not one of this person's indicators"),
    "review.unknown_indicators": ("意见里有不属于此人的指标", "comments name unknown indicators"),
    "person.not_reviewable": (
        "此人不在你可以查看或评估的范围内",
        "this person is outside the people you may see or review",
    ),
    "ack.self_only": ("只有本人可以确认自己的考核结果", "only the person can acknowledge their results"),
    "ack.not_published": (
        "考核结果发布后才能确认，当前阶段：{stage}",
        "results are acknowledged once published; the cycle is in {stage}",
    ),
    "ack.appeal_reason": ("申诉请写明理由（至少 {min} 个字）", "an appeal needs a reason (at least {min} characters)"),
    "ack.already": ("你已经确认过这些考核结果", "you have already acknowledged these results"),
    "calibration.wrong_stage": (
        "只能在绩效校准阶段调整等级，当前阶段：{stage}",
        "ratings are adjusted in the calibration stage; the cycle is in {stage}",
    ),
    "calibration.not_a_label": ("等级应为以下之一：{labels}", "one of {labels}"),
    "calibration.no_rating": (
        "此人还没有计算出的等级（缺少实际数据）",
        "this person has no computed rating yet (actuals missing)",
    ),
    "history.not_linked": ("你的账号还没有关联人员档案", "your account is not linked to a person"),
    # 360 feedback
    "feedback.disabled": ("本考核周期没有开启 360 评估", "360 feedback is not enabled for this cycle"),
    "feedback.closed": (
        "360 评估在“{from_stage}”到“{to_stage}”阶段开放，当前阶段：{stage}",
        "360 feedback is open from {from_stage} to {to_stage}; the cycle is in {stage}",
    ),
    "feedback.requester_scope": (
        "只有 HR 和此人的上级可以为其发起 360 评估",
        "only HR and the person's managers ask for 360 feedback on them",
    ),
    "feedback.self_rater": ("不能评价自己", "a person does not give 360 feedback on themselves"),
    "feedback.listed_twice": ("重复列出", "listed twice"),
    "feedback.requests_scope": (
        "只有 HR 和此人的上级可以查看邀请了谁",
        "only HR and the person's managers see whom they asked",
    ),
    "feedback.not_asked": ("没有人邀请你评价此人", "you were not asked for feedback on this person"),
    "feedback.already_given": (
        "你在本考核周期已经评价过此人",
        "you already gave feedback on this person in this cycle",
    ),
    "feedback.not_visible": ("你无权查看此人收到的评价", "you may not see this person's feedback"),
    "feedback.say_something": ("请填写优点或改进建议", "write strengths or improvements"),
    # actuals
    "actuals.concurrent": (
        "这些数据刚被他人同时修改，请重试",
        "these values were being changed by someone else at the same time; retry",
    ),
    "actuals.key_format": ("应为 1 到 {limit} 个可打印字符", "1 to {limit} printable characters"),
    "actuals.key_used": ("这个幂等键已经用过", "this Idempotency-Key was already used"),
    "actuals.key_other_request": (
        "这个幂等键已用于另一个请求",
        "this Idempotency-Key was used for a different request",
    ),
    "actuals.frozen": (
        "{cycle}的结果已发布，{name}在 {period} 的实际数据已锁定",
        "results of {cycle} are published; {name}'s actuals for {period} are frozen",
    ),
    "actuals.outside_period": (
        "不在周期 {period} 内（{start} – {end}）",
        "outside the period {period} ({start} – {end})",
    ),
    "actuals.not_published_indicator": (
        "不是此人在 {period} 已发布的指标",
        "not a published indicator of this person for {period}",
    ),
    "actuals.not_a_measure": (
        "不是“{indicator}”的指标项（指标项：{measures}）",
        "not a measure of {indicator} (measures: {measures})",
    ),
    "actuals.not_data_owner": (
        "你不是“{indicator}”中 {measure} 的数据提供人",
        "you are not the data owner of {measure} for {indicator}",
    ),
    "actuals.twice": ("同一个值在本次请求中出现了两次", "the same value appears twice in this request"),
    "actuals.too_many": (
        "一次提交的数据太多（{count} 次写入），请分批提交",
        "too many values for one request ({count} writes); send fewer entries",
    ),
    "actuals.not_visible": ("你无权查看此人的实际数据", "you may not see this person's actuals"),
    "actuals.rows_invalid": (
        "{count} 行无法导入，没有写入任何数据",
        "{count} row(s) cannot be imported; nothing was written",
    ),
    "actuals.row_no_person": ("没有这个工号的人", "no person with this employee number"),
    "actuals.row_no_indicator": (
        "{name}在 {period} 没有已发布的指标“{indicator}”",
        "{name} has no published indicator '{indicator}' for {period}",
    ),
    "actuals.row_not_a_measure": ("不是“{indicator}”的指标项", "not a measure of {indicator}"),
    "actuals.row_not_a_number": ("不是数字", "not a number"),
    "actuals.row_bad_date": ("日期格式应如 2026-04-30", "a date like 2026-04-30"),
    "actuals.row_twice": ("同一指标项和日期出现了两次", "the same measure and date appear twice"),
    "actuals.missing_columns": (
        "缺少列：{columns}（应有：工号、指标、指标项、数值、日期）",
        "missing column(s): {columns} (expected: employee_no, indicator, measure, value, date)",
    ),
    "actuals.column.employee_no": ("工号", "employee_no"),
    "actuals.column.indicator": ("指标", "indicator"),
    "actuals.column.value": ("数值", "value"),
    # scores shown with a result
    "score.cannot_compute": ("无法计算：{reason}", "cannot be computed: {reason}"),
    "score.no_total": ("无法计算总分：{reason}", "no total: {reason}"),
    "score.negative_weights": ("权重不能为负", "weights must not be negative"),
    "score.weights_total": ("权重合计应为 100，现在是 {total}", "weights must sum to 100, got {total}"),
}
