"""Every main screen, for each demo role, on a 375×812 phone in zh-CN: no English words in what is
shown (outside an allow-list), and no touch target under 44×44 px.

A finding names the screen, the role and the element, and every screen is photographed
(test-artifacts/e2e/ux-<role>-<screen>.png), so a failure says exactly where to look.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import LocalSystem, screenshot
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e

MIN_TARGET = 44  # px, WCAG 2.5.5 / Apple HIG / Material
# Words a zh-CN screen may show: the brand, KPI, the language switch's own name for English, file
# formats, and the names of systems a company's data comes from (the demo's "数据来源: CRM").
ALLOWED_WORDS = {"luodi", "kpi", "english", "excel", "csv", "xlsx", "crm"}

COMMON = ["/", "/mine", "/inbox", "/tasks", "/tasks/new", "/documents", "/org", "/data", "/account", "/search?q=销售",
          "/account/password", "/payslips", "/deductions"]
PAYROLL = ["/payroll/runs"]  # payroll, admins and executives (the demo HR login holds the payroll role)
# The rule tables (薪酬设置, 社保公积金规则) are for the payroll role and admins only: executives get 403 there.
PAYROLL_RULES = ["/payroll/settings", "/payroll/rule-sets"]
SETUP = ["/hr", "/people", "/people/invite", "/people/files/new", "/org/import", "/org/units/new", "/org/positions/new",
         "/org/people/new"]
SCREENS = {
    "admin": COMMON + SETUP + PAYROLL + PAYROLL_RULES + ["/dashboard/rollout"],
    "hr": COMMON + SETUP + PAYROLL + PAYROLL_RULES + ["/dashboard/rollout"],
    "executive": COMMON + PAYROLL + ["/dashboard/rollout"],
    "sales_head": COMMON + ["/dashboard/unit"],
    "employee": COMMON,
}
PUBLIC = ["/signin", "/signup", "/accept-invite", "/forgot-password", "/privacy"]

# Runs in the page: the visible texts (text nodes and placeholders) and the hit area of every
# visible interactive element (its own box, or the larger box of the label/clickable around it).
COLLECT = """
() => {
  const visible = (el) => {
    if (!el || !(el instanceof Element)) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const s = n.textContent.trim();
    const parent = n.parentElement;
    if (!s || !parent || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(parent.tagName)) continue;
    if (visible(parent)) texts.push(s);
  }
  for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
    if (visible(el) && el.placeholder) texts.push(el.placeholder);
  }
  const SELECTOR = [
    "button", "a[href]", "input[type=checkbox]", "input[type=radio]", "[role=button]", "[role=tab]",
    "[role=radio]", "[role=switch]", ".van-cell--clickable", ".van-tab", ".van-tabbar-item", "select",
  ].join(",");
  const CLICKABLE = "label, button, a[href], [role=button], [role=tab], .van-cell--clickable, .van-tab, "
    + ".van-tabbar-item, .van-checkbox, .van-radio";
  const describe = (el) => {
    const id = el.getAttribute("data-testid") || el.id || "";
    const words = (el.innerText || el.value || el.getAttribute("aria-label") || "")
      .trim().replace(/\\s+/g, " ").slice(0, 30);
    const cls = typeof el.className === "string" && el.className ? " ." + el.className.split(" ")[0] : "";
    return `<${el.tagName.toLowerCase()}${id ? " " + id : ""}${cls}> ${words}`;
  };
  const small = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    if (!visible(el)) continue;
    const boxes = [el.getBoundingClientRect()];
    const around = el.parentElement && el.parentElement.closest(CLICKABLE);
    if (around && visible(around)) boxes.push(around.getBoundingClientRect());
    if (el.id) {
      const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (label && visible(label)) boxes.push(label.getBoundingClientRect());
    }
    const w = Math.max(...boxes.map((b) => b.width));
    const h = Math.max(...boxes.map((b) => b.height));
    if (w < 43.5 || h < 43.5) small.push(`${describe(el)} (${Math.round(w)}×${Math.round(h)})`);
  }
  return { texts, small };
}
"""

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    """Latin words in a text, leaving out e-mail addresses (people's data, not the UI's language)."""
    return [w for w in WORD.findall(EMAIL.sub(" ", text)) if w.lower() not in ALLOWED_WORDS]


def settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    loading = page.locator("[data-testid$='-loading'], [data-testid='page-loading']").first
    loading.wait_for(state="detached", timeout=30_000)
    page.wait_for_timeout(150)  # transitions (Vant tabs, toasts) come to rest


def check_screen(page: Any, where: str, findings: list[str]) -> None:
    seen = page.evaluate(COLLECT)
    for text in dict.fromkeys(seen["texts"]):
        words = english_words(text)
        if words:
            findings.append(f"{where}: English {words} in {text[:80]!r}")
    for target in dict.fromkeys(seen["small"]):
        findings.append(f"{where}: touch target under {MIN_TARGET} px: {target}")


def visit(page: Any, system: LocalSystem, path: str, name: str, findings: list[str]) -> None:
    page.goto(f"{system.web_url}/#{path}")
    settle(page)
    check_screen(page, f"{name} {path}", findings)
    screenshot(page, f"ux-{name}-{path.strip('/').replace('/', '-') or 'home'}")


def test_the_english_word_check_can_fail() -> None:
    # Given texts a zh-CN screen could show, the check flags English and lets the allow-list through
    assert english_words("Failed to fetch") == ["Failed", "to", "fetch"]
    formula = "converted_customers / qualified_leads * 100"
    assert english_words(formula) == ["converted", "customers", "qualified", "leads"]
    assert english_words("OPS_COLLECT") == ["OPS", "COLLECT"]
    assert english_words("KPI 完成率 7.92% · 落地 Luodi · English") == []
    assert english_words("王芳 wang.fang@yunfan.example.com") == []


@pytest.mark.parametrize("role", list(SCREENS))
def test_every_screen_of_a_role_speaks_chinese_and_has_big_enough_targets(
    local_system: LocalSystem, phone: Any, role: str
) -> None:
    # Given a demo user of the role, signed in on a phone in zh-CN
    page = phone.new_page()
    sign_in(page, local_system, role)
    findings: list[str] = []

    # When they open every main screen of their role
    for path in SCREENS[role]:
        visit(page, local_system, path, role, findings)

    # Then no screen shows an English word or a touch target under 44×44 px
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings)


def test_the_public_screens_speak_chinese_and_have_big_enough_targets(local_system: LocalSystem, phone: Any) -> None:
    page = phone.new_page()
    findings: list[str] = []

    for path in PUBLIC:
        visit(page, local_system, path, "public", findings)

    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings)
