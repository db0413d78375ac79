"""How fast the web app feels on the local system: sign-in -> home and each main screen, per role, in a
phone-sized browser. Prints medians; never asserts (targets: sign-in -> home <= 1.5 s, a screen <= 1 s).

    make run                                   # the local system with the 200-person demo
    .venv/bin/python bench/local_speed.py [--web-url http://127.0.0.1:8080] [--runs 3] [--roles admin,employee]

Chromium (/usr/bin/chromium) at 375×812, zh-CN. Each run signs each role in from a fresh browser
context (nothing cached), then opens the role's main screens one after another as a tap would (the
address's hash changes; no reload), each for the first time in that session. A screen is ready when
no request of the page is in flight, no loading indicator is shown, and that has held for 300 ms;
its time is from the tap to the moment it became so (the 300 ms of watching are not counted).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from local.config import LocalConfig  # noqa: E402
from local.demo import story  # noqa: E402

SIGN_IN_TARGET, SCREEN_TARGET = 1.5, 1.0
COMMON = ["/mine", "/inbox", "/tasks", "/documents", "/org", "/account"]
SCREENS = {
    "admin": ["/dashboard/rollout", "/hr", "/people", "/goals", "/raci", "/cycles", *COMMON],
    "hr": ["/hr", "/dashboard/rollout", "/people", "/cycles", *COMMON],
    "executive": ["/dashboard/rollout", *COMMON],
    "sales_head": ["/dashboard/unit", "/data", *COMMON],
    "tech_head": ["/dashboard/unit", "/data", *COMMON],
    "employee": ["/reviews", "/data", *COMMON],
    "engineer": ["/reviews", *COMMON],
}

# Counts the page's requests in flight (the app's API calls and Cognito's are all fetch()).
WATCH = """
window.__bench = { inflight: 0 };
const original = window.fetch;
window.fetch = (...args) => {
  window.__bench.inflight++;
  return original(...args).finally(() => { window.__bench.inflight--; });
};
"""

# Resolves with the performance.now() at which the page became ready (see the module docstring).
READY = """
async (quietMs) => {
  const loading = "[data-testid$='-loading'], [data-testid='page-loading'], .van-loading";
  const busy = () => window.__bench.inflight > 0 || document.querySelector(loading) !== null;
  await new Promise((r) => setTimeout(r, 30));  // the router starts its fetches
  let readyAt = null;
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    if (busy()) { readyAt = null; continue; }
    if (readyAt === null) readyAt = now;
    if (now - readyAt >= quietMs) return readyAt;
  }
}
"""


def login_email(label: str) -> str:
    key = next(key for name, key, *_ in story.LOGINS if name == label)
    return f"{story.KEY_PEOPLE[key][1]}@{story.DOMAIN}"


def ready(page: Any) -> float:
    return float(page.evaluate(READY, 300))


def sign_in(page: Any, web_url: str, label: str) -> float:
    page.goto(f"{web_url}/#/signin")
    page.locator("#signin-email").fill(login_email(label))
    page.locator("#signin-password").fill(story.PASSWORD)
    page.evaluate("() => window.__bench.inflight")  # the sign-in screen is up
    started = float(page.evaluate("performance.now()"))
    page.get_by_test_id("signin-submit").click()
    page.wait_for_url(lambda url: "#/signin" not in url, timeout=60_000)
    return (ready(page) - started) / 1000


def open_screen(page: Any, path: str) -> float | None:
    """Seconds from the tap to the screen being ready; None when it is already shown (the role's home)."""
    started = page.evaluate(
        "(hash) => { if (location.hash === '#' + hash) return null; const t = performance.now();"
        " location.hash = hash; return t; }",
        path,
    )
    return None if started is None else (ready(page) - float(started)) / 1000


def run(browser: Any, web_url: str, label: str, times: dict[str, list[float]]) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        times.setdefault(f"{label} sign-in -> home", []).append(sign_in(page, web_url, label))
        for path in SCREENS[label]:
            seconds = open_screen(page, path)
            if seconds is not None:
                times.setdefault(f"{label} {path}", []).append(seconds)
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--web-url", default=LocalConfig().web_url)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--roles", default=",".join(SCREENS), help="comma-separated demo logins")
    args = parser.parse_args()
    try:
        urllib.request.urlopen(f"{args.web_url}/config.js", timeout=5).close()
    except OSError as exc:
        print(f"no local system at {args.web_url} ({exc}): start it with `make run`", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {}
    roles = [r for r in args.roles.split(",") if r]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            for _ in range(args.runs):
                for label in roles:
                    run(browser, args.web_url, label, times)
        finally:
            browser.close()
    print(f"{'what':<32} {'median':>7} {'max':>6}  target  (seconds, {args.runs} runs, 375×812 zh-CN)")
    for name, values in times.items():
        target = SIGN_IN_TARGET if "sign-in" in name else SCREEN_TARGET
        median = statistics.median(values)
        mark = "" if median <= target else "  over"
        print(f"{name:<32} {median:7.2f} {max(values):6.2f}  {target:4.1f}{mark}")
    over = [n for n, v in times.items() if statistics.median(v) > (SIGN_IN_TARGET if "sign-in" in n else SCREEN_TARGET)]
    print(f"{len(times) - len(over)} of {len(times)} within target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
