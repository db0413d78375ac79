"""Goal storage.

* a goal by id: GetItem ``T#<t>`` / ``GOAL#<id>`` (other domains use :func:`find_goal`)
* every goal of a period (the whole cascade): one Query on GSI1 ``T#<t>#GOALS#<period>``,
  sort key ``GOAL#<id>`` (ids are time-ordered, so goals come back in creation order).
"""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.core.db import Changes, Item, find, get, load, load_all, query, query_page, stored, tenant_key, try_load
from chalicelib.core.paging import Page, PageRequest
from chalicelib.goals.schemas import Goal


class GoalItem(Item, discriminator="goal"):
    pass


def goal_key(tenant_id: str, goal_id: str) -> tuple[str, str]:
    return tenant_key(tenant_id), f"GOAL#{goal_id}"


def period_pk(tenant_id: str, period: str) -> str:
    return tenant_key(tenant_id, "GOALS", period)


def goal_item(tenant_id: str, goal: Goal) -> GoalItem:
    item = GoalItem(
        *goal_key(tenant_id, goal.goal_id),
        GSI1PK=period_pk(tenant_id, goal.period),
        GSI1SK=f"GOAL#{goal.goal_id}",
        data=stored(goal),
    )
    item.at_version(goal.version)
    return item


def add_goal(changes: Changes, tenant_id: str, goal: Goal, *, new: bool) -> None:
    (changes.create if new else changes.save)(goal_item(tenant_id, goal))


def get_goal(tenant_id: str, goal_id: str) -> Goal:
    return load(Goal, get(GoalItem, *goal_key(tenant_id, goal_id)))


def find_goal(tenant_id: str, goal_id: str) -> Goal | None:
    """A goal by id, or None (one GetItem). The public lookup for other domains."""
    item = find(GoalItem, *goal_key(tenant_id, goal_id))
    return load(Goal, item) if item else None


def goals_page(tenant_id: str, period: str, page: PageRequest, keep: Callable[[Goal], bool]) -> Page[Goal]:
    """A page of the period's goals (creation order) that ``keep`` accepts: one GSI1 Query."""
    return query_page(
        GoalItem,
        period_pk(tenant_id, period),
        "GOAL#",
        page=page,
        index="GSI1",
        convert=lambda i: try_load(Goal, i),
        keep=keep,
    )


def goals_of_period(tenant_id: str, period: str) -> list[Goal]:
    """Every goal of the period, in creation order: one GSI1 Query (eventually consistent)."""
    return load_all(Goal, query(GoalItem, period_pk(tenant_id, period), "GOAL#", index="GSI1"))
