"""The indicator-set workflow as a pure transition table (no I/O, no clock).

::

    draft ──submit──▶ in_review ──approve──▶ approved ──publish──▶ published
      ▲                 │   │                                        │
      └────withdraw─────┘   └──return──▶ returned ──submit──▶ in_review
      ▲                                                              │
      └──────────────────────────────revise──────────────────────────┘

``edit`` and ``assign`` keep the state and are allowed only while the manager holds the set
(draft, returned). ``answer`` (a reply to an employee's question) keeps the published state.
The service applies ``approve`` and ``publish`` in one step: HR's approval publishes at once.
Everything not in the table is illegal and the service answers 409 with :func:`reason`.
"""

from __future__ import annotations

from chalicelib.indicators.schemas import SetState

DRAFT, IN_REVIEW, RETURNED, APPROVED, PUBLISHED = (SetState.DRAFT, SetState.IN_REVIEW, SetState.RETURNED,
                                                   SetState.APPROVED, SetState.PUBLISHED)

TRANSITIONS: dict[tuple[SetState, str], SetState] = {
    (DRAFT, "edit"): DRAFT,
    (RETURNED, "edit"): RETURNED,
    (DRAFT, "assign"): DRAFT,
    (RETURNED, "assign"): RETURNED,
    (DRAFT, "submit"): IN_REVIEW,
    (RETURNED, "submit"): IN_REVIEW,
    (IN_REVIEW, "withdraw"): DRAFT,
    (IN_REVIEW, "approve"): APPROVED,
    (IN_REVIEW, "return"): RETURNED,
    (APPROVED, "publish"): PUBLISHED,
    (PUBLISHED, "revise"): DRAFT,
    (PUBLISHED, "answer"): PUBLISHED,
}

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(action for _, action in TRANSITIONS))

_STATE_ZH = {DRAFT: "草稿", IN_REVIEW: "审核中", RETURNED: "已退回", APPROVED: "已批准", PUBLISHED: "已发布"}
_ACTION_ZH = {"edit": "修改", "assign": "分配", "submit": "提交审核", "withdraw": "撤回", "approve": "批准",
              "return": "退回", "publish": "发布", "revise": "修订", "answer": "答复疑问"}
_HINT = {
    IN_REVIEW: ("正在等待人力资源审核，可撤回后再修改", "it is waiting for HR review; withdraw it to change it"),
    PUBLISHED: ("已发布的指标须先发起修订（生成新版本）",
                "published indicators change through a revision (a new version)"),
    APPROVED: ("已批准，正在发布", "it is approved and being published"),
    DRAFT: ("草稿须先提交审核", "a draft must be submitted for review first"),
    RETURNED: ("已退回给经理修改，须重新提交", "it was returned to the manager and must be resubmitted"),
}


def allowed(state: SetState, action: str) -> bool:
    return (state, action) in TRANSITIONS


def next_state(state: SetState, action: str) -> SetState | None:
    """The state after ``action``, or None when the action is illegal in ``state``."""
    return TRANSITIONS.get((state, action))


def actions_from(state: SetState) -> list[str]:
    return [action for (s, action) in TRANSITIONS if s == state]


def reason(state: SetState, action: str) -> str:
    """Why ``action`` is illegal in ``state`` (bilingual), for the 409 message."""
    zh_hint, en_hint = _HINT[state]
    return (f"指标方案当前状态为“{_STATE_ZH[state]}”，不能{_ACTION_ZH.get(action, action)}：{zh_hint}"
            f" / cannot {action} an indicator set in state {state.value}: {en_hint}")
