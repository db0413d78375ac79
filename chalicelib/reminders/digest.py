"""What a digest says and how it reads: pure functions from due items to email and chat text.

A person's digest has four sections: overdue tasks, things waiting for them (indicators returned,
approvals), confirmations pending, and deadlines in the next days. zh-CN or English; HTML and plain
text carry the same content; every link points into the web app; the footer has the unsubscribe link.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

WAITING_KINDS = frozenset({"indicator_returned", "approval_needed", "review_due"})
CONFIRMATION_KINDS = frozenset({"confirmation_needed"})
HORIZON_DAYS = 3  # "deadlines in the next days"

TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "subject": "落地 · {day} 待办提醒：{summary}",
        "hello": "{name}，你好：",
        "intro": "以下是你今天需要关注的事项。",
        "overdue": "已逾期的任务",
        "waiting": "等待你处理",
        "confirmations": "等待你确认",
        "upcoming": "{days} 天内到期",
        "contracts": "合同到期与试用期",
        "due": "截止 {date}",
        "late": "已逾期 {n} 天",
        "count_overdue": "{n} 项逾期",
        "count_items": "{n} 项待办",
        "open": "打开落地",
        "footer": "你收到这封邮件，是因为你在落地有待办事项。每天最多一封。",
        "unsubscribe": "不再接收每日提醒",
        "chat_title": "落地 · {unit} {day} 待办提醒",
        "chat_person": "{name}：{overdue} 项逾期，{upcoming} 项即将到期，{waiting} 项待处理",
    },
    "en": {
        "subject": "Luodi · {day} reminders: {summary}",
        "hello": "Hello {name},",
        "intro": "Here is what needs your attention today.",
        "overdue": "Overdue tasks",
        "waiting": "Waiting for you",
        "confirmations": "Waiting for your confirmation",
        "upcoming": "Due in the next {days} days",
        "contracts": "Contracts and probation ending",
        "due": "due {date}",
        "late": "{n} days overdue",
        "count_overdue": "{n} overdue",
        "count_items": "{n} to do",
        "open": "Open Luodi",
        "footer": "You get this email because you have open items in Luodi. At most one a day.",
        "unsubscribe": "Stop daily reminders",
        "chat_title": "Luodi · {unit} reminders {day}",
        "chat_person": "{name}: {overdue} overdue, {upcoming} due soon, {waiting} waiting",
    },
}


def texts(locale: str) -> dict[str, str]:
    return TEXT.get(locale, TEXT["zh-CN"])


@dataclass(frozen=True)
class Entry:
    title: dict[str, str]  # {"zh-CN": ..., "en": ...} (a task's own title is the same in both)
    link: str
    due: date | None = None

    def title_in(self, locale: str) -> str:
        return self.title.get(locale) or self.title.get("zh-CN") or next(iter(self.title.values()), "")


@dataclass
class PersonDigest:
    person_id: str
    overdue: list[Entry] = field(default_factory=list)
    waiting: list[Entry] = field(default_factory=list)
    confirmations: list[Entry] = field(default_factory=list)
    upcoming: list[Entry] = field(default_factory=list)
    contracts: list[Entry] = field(default_factory=list)  # HR only: contracts and probation ending (employment)

    @property
    def count(self) -> int:
        return (
            len(self.overdue) + len(self.waiting) + len(self.confirmations) + len(self.upcoming) + len(self.contracts)
        )

    @property
    def chat_count(self) -> int:
        """What a group chat may show: tasks and waiting items, never HR's contract reminders."""
        return self.count - len(self.contracts)

    def sections(self) -> list[tuple[str, list[Entry]]]:
        return [
            ("overdue", self.overdue),
            ("waiting", self.waiting),
            ("confirmations", self.confirmations),
            ("upcoming", self.upcoming),
            ("contracts", self.contracts),
        ]


@dataclass(frozen=True)
class Email:
    subject: str
    plain: str
    html: str


def _line(entry: Entry, section: str, day: date, t: dict[str, str], locale: str) -> str:
    label = entry.title_in(locale)
    if entry.due is not None and section == "overdue":
        return (
            f"{label}（{t['late'].format(n=(day - entry.due).days)}）"
            if locale == "zh-CN"
            else f"{label} ({t['late'].format(n=(day - entry.due).days)})"
        )
    if entry.due is not None:
        return (
            f"{label}（{t['due'].format(date=entry.due.isoformat())}）"
            if locale == "zh-CN"
            else f"{label} ({t['due'].format(date=entry.due.isoformat())})"
        )
    return label


def _heading(section: str, t: dict[str, str]) -> str:
    return t[section].format(days=HORIZON_DAYS)


def summary(d: PersonDigest, t: dict[str, str]) -> str:
    if d.overdue:
        return t["count_overdue"].format(n=len(d.overdue))
    return t["count_items"].format(n=d.count)


def render_email(d: PersonDigest, name: str, locale: str, day: date, web_origin: str, unsubscribe_url: str) -> Email:
    t = texts(locale)
    base = web_origin.rstrip("/")
    subject = t["subject"].format(day=day.isoformat(), summary=summary(d, t))
    plain = [t["hello"].format(name=name), "", t["intro"], ""]
    parts = [f"<p>{html.escape(t['hello'].format(name=name))}</p>", f"<p>{html.escape(t['intro'])}</p>"]
    for section, entries in d.sections():
        if not entries:
            continue
        plain.append(f"{_heading(section, t)} ({len(entries)})")
        items = []
        for entry in entries:
            text = _line(entry, section, day, t, locale)
            plain.append(f"  - {text}  {base}{entry.link}")
            items.append(f'<li><a href="{html.escape(base + entry.link, quote=True)}">{html.escape(text)}</a></li>')
        plain.append("")
        parts.append(f"<h3>{html.escape(_heading(section, t))} ({len(entries)})</h3><ul>{''.join(items)}</ul>")
    plain += [f"{t['open']}: {base}/", "", "--", t["footer"], f"{t['unsubscribe']}: {unsubscribe_url}"]
    parts.append(f'<p><a href="{html.escape(base + "/", quote=True)}">{html.escape(t["open"])}</a></p>')
    parts.append(
        f'<hr><p style="color:#888;font-size:12px">{html.escape(t["footer"])} '
        f'<a href="{html.escape(unsubscribe_url, quote=True)}">{html.escape(t["unsubscribe"])}</a></p>'
    )
    body = "".join(parts)
    page = (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8"><title>{html.escape(subject)}</title>'
        f'</head><body style="font-family:sans-serif">{body}</body></html>'
    )
    return Email(subject=subject, plain="\n".join(plain), html=page)


@dataclass(frozen=True)
class ChatText:
    title: str
    markdown: str
    plain: str


def render_chat(
    unit_name: str, people: list[tuple[str, PersonDigest]], locale: str, day: date, web_origin: str
) -> ChatText:
    """One message for a unit's group: a line per person with counts, then the overdue task titles.

    Group chats are wider audiences than email, so only counts and task titles go there, never
    the titles of indicator or review notifications.
    """
    t = texts(locale)
    title = t["chat_title"].format(unit=unit_name, day=day.isoformat())
    link = f"{web_origin.rstrip('/')}/"
    plain, markdown = [title], [f"### {title}"]
    for name, d in people:
        line = t["chat_person"].format(
            name=name, overdue=len(d.overdue), upcoming=len(d.upcoming), waiting=len(d.waiting) + len(d.confirmations)
        )
        plain.append(line)
        markdown.append(f"- {line}")
        for entry in d.overdue:
            plain.append(f"  · {_line(entry, 'overdue', day, t, locale)}")
            markdown.append(f"  - {_line(entry, 'overdue', day, t, locale)}")
    plain.append(link)
    markdown.append(f"[{t['open']}]({link})")
    return ChatText(title=title, markdown="\n".join(markdown), plain="\n".join(plain))
