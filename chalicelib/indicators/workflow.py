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

from chalicelib.core.messages import Text, text
from chalicelib.indicators.schemas import SetState

DRAFT, IN_REVIEW, RETURNED, APPROVED, PUBLISHED = (
    SetState.DRAFT,
    SetState.IN_REVIEW,
    SetState.RETURNED,
    SetState.APPROVED,
    SetState.PUBLISHED,
)

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


def allowed(state: SetState, action: str) -> bool:
    return (state, action) in TRANSITIONS


def next_state(state: SetState, action: str) -> SetState | None:
    """The state after ``action``, or None when the action is illegal in ``state``."""
    return TRANSITIONS.get((state, action))


def actions_from(state: SetState) -> list[str]:
    return [action for (s, action) in TRANSITIONS if s == state]


def reason(state: SetState, action: str) -> Text:
    """Why ``action`` is illegal in ``state``, for the 409 message (``set.illegal_action``)."""
    return text(
        "set.illegal_action",
        state=text(f"set.state.{state.value}"),
        action=text(f"set.action.{action}"),
        hint=text(f"set.hint.{state.value}"),
    )
