"""The digest's words: sections, both languages, HTML and plain text, links, unsubscribe, MIME."""

from __future__ import annotations

import email
from datetime import date
from email import policy

from chalicelib.core import links
from chalicelib.reminders import digest
from chalicelib.reminders.service import mime_message

DAY = date(2027, 3, 10)
WEB = "https://app.luodi.example"
UNSUB = "https://api.luodi.example/reminders/unsubscribe?token=t.p.sig"


def sample() -> digest.PersonDigest:
    def same(text: str) -> dict[str, str]:
        return {"zh-CN": text, "en": text}

    d = digest.PersonDigest("p1")
    d.overdue = [digest.Entry(same("起草销售部指标"), links.task("t1"), date(2027, 3, 7))]
    d.waiting = [digest.Entry({"zh-CN": "指标被退回：放款额", "en": "Indicator returned: loans"},
                              links.set_edit("s1"))]
    d.confirmations = [digest.Entry({"zh-CN": "请确认绩效指标", "en": "Please confirm your indicators"},
                                    links.my_indicators())]
    d.upcoming = [digest.Entry(same("<b>提交数据</b>"), links.task("t2"), date(2027, 3, 12))]
    return d


def test_a_chinese_digest_lists_every_section_with_links_and_the_unsubscribe_link():
    mail = digest.render_email(sample(), "李强", "zh-CN", DAY, WEB, UNSUB)
    assert mail.subject == "落地 · 2027-03-10 待办提醒：1 项逾期"
    for text in ("李强，你好", "已逾期的任务", "起草销售部指标（已逾期 3 天）", "等待你处理", "指标被退回：放款额",
                 "等待你确认", "3 天内到期", "截止 2027-03-12", f"{WEB}/#/tasks/t1", UNSUB):
        assert text in mail.plain, text
    assert f'href="{WEB}/#/sets/s1/edit"' in mail.html and "不再接收每日提醒" in mail.html


def test_an_english_digest_uses_the_english_titles():
    mail = digest.render_email(sample(), "Li Qiang", "en", DAY, WEB, UNSUB)
    assert mail.subject == "Luodi · 2027-03-10 reminders: 1 overdue"
    assert "Indicator returned: loans" in mail.plain and "3 days overdue" in mail.plain
    assert "Stop daily reminders" in mail.html and 'lang="en"' in mail.html


def test_titles_are_escaped_in_html():
    mail = digest.render_email(sample(), "<李强>", "zh-CN", DAY, WEB, UNSUB)
    assert "<b>提交数据</b>" not in mail.html and "&lt;b&gt;提交数据&lt;/b&gt;" in mail.html
    assert "&lt;李强&gt;" in mail.html


def test_without_overdue_items_the_subject_counts_everything():
    d = sample()
    d.overdue = []
    assert digest.render_email(d, "x", "zh-CN", DAY, WEB, UNSUB).subject.endswith("3 项待办")


def test_the_mime_message_has_plain_and_html_parts_and_one_click_unsubscribe_headers():
    mail = digest.render_email(sample(), "李强", "zh-CN", DAY, WEB, UNSUB)
    raw = mime_message("noreply@luodi.example", "li@example.com", mail, UNSUB)
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == mail.subject and parsed["To"] == "li@example.com"
    assert parsed["List-Unsubscribe"] == f"<{UNSUB}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed.get_content_type() == "multipart/alternative"
    assert "起草销售部指标" in parsed.get_body(preferencelist=("plain",)).get_content()
    assert "起草销售部指标" in parsed.get_body(preferencelist=("html",)).get_content()


def test_a_chat_message_has_counts_per_person_and_overdue_titles_only():
    text = digest.render_chat("销售部", [("李强", sample())], "zh-CN", DAY, WEB)
    assert text.title == "落地 · 销售部 2027-03-10 待办提醒"
    assert "李强：1 项逾期，1 项即将到期，2 项待处理" in text.markdown
    assert "起草销售部指标" in text.plain
    assert "指标被退回" not in text.plain and "指标被退回" not in text.markdown  # not for a group chat
    assert f"]({WEB}/)" in text.markdown


def test_the_reminder_texts_in_chinese_say_ni_not_nin():
    from chalicelib.reminders.digest import TEXT
    from chalicelib.reminders.service import UNSUBSCRIBED_PAGE

    texts = [*TEXT["zh-CN"].values(), *UNSUBSCRIBED_PAGE["zh-CN"]]

    assert not [t for t in texts if "您" in t]
