"""Browser tests: the whole local system (``python -m local.run``) driven by Debian's Chromium.

A session fixture starts the local run in a subprocess on free ports with a fresh temporary
state directory and the small demo company (org chart and logins only), waits until it is
ready, and stops it at the end.
While developing, ``LUODI_E2E_REUSE=WEB_URL,API_URL,MOTO_URL`` points the tests at a local run
that is already up (each test builds its own data, so a used system is fine).
Chromium is never downloaded: ``/usr/bin/chromium`` (``apt-get install chromium``). Without it
the tests are skipped with a loud message, except in CI (``LUODI_REQUIRE_BROWSER=1``), where
they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = Path(os.environ.get("LUODI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
START_TIMEOUT = float(os.environ.get("LUODI_E2E_START_TIMEOUT", "420"))

_missing_browser = ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    global _missing_browser
    e2e = [i for i in items if i.get_closest_marker("e2e")]
    if not e2e or CHROMIUM.exists():
        return
    _missing_browser = (
        f"{CHROMIUM} NOT FOUND: the {len(e2e)} browser (e2e) tests did not run. "
        f"Install it with `apt-get install chromium` (never a downloaded browser)."
    )
    if os.environ.get("LUODI_REQUIRE_BROWSER") == "1":
        pytest.exit(f"{_missing_browser} LUODI_REQUIRE_BROWSER=1 (CI) requires them: FAILING.", returncode=1)
    for item in e2e:
        item.add_marker(pytest.mark.skip(reason=_missing_browser))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _missing_browser:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_missing_browser, red=True, bold=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalSystem:
    web_url: str
    api_url: str
    moto_url: str
    log: Path
    ready_seconds: float
    seed_seconds: float

    def api_get(self, email: str, password: str, path: str) -> Any:
        """GET from the API as a user (ID token from the user pool, as the web app gets it)."""
        return self.api_send(email, password, "GET", path)

    def api_send(self, email: str, password: str, method: str, path: str, body: Any = None) -> Any:
        """Call the API as a user: what a test sets up without clicking (answers other than 2xx raise)."""
        import json
        import urllib.request

        with urllib.request.urlopen(f"{self.api_url}/config", timeout=30) as reply:
            config = json.loads(reply.read())
        auth = urllib.request.Request(
            config["cognito_endpoint"],
            method="POST",
            data=json.dumps(
                {
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": config["client_id"],
                    "AuthParameters": {"USERNAME": email, "PASSWORD": password},
                }
            ).encode(),
            headers={
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
            },
        )
        with urllib.request.urlopen(auth, timeout=30) as reply:
            token = json.loads(reply.read())["AuthenticationResult"]["IdToken"]
        headers = {"Authorization": f"Bearer {token}"}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(f"{self.api_url}{path}", data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as reply:
            raw = reply.read()
            return json.loads(raw) if raw.strip() else None

    def tick(self) -> dict[str, Any]:
        """Run the reminder schedule now (the local run's control endpoint)."""
        import json
        import urllib.request

        req = urllib.request.Request(f"{self.web_url}/_local/tick", data=b"", method="POST")
        with urllib.request.urlopen(req, timeout=60) as reply:
            return dict(json.loads(reply.read()))


@pytest.fixture(scope="session")
def local_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    reuse = os.environ.get("LUODI_E2E_REUSE", "")  # "WEB_URL,API_URL,MOTO_URL" of a running local run
    if reuse:
        web, api, moto = reuse.split(",")
        yield LocalSystem(
            web_url=web, api_url=api, moto_url=moto, log=Path("/dev/null"), ready_seconds=0, seed_seconds=0
        )
        return
    if not (ROOT / "static_site" / "dist" / "index.html").exists():
        pytest.fail("static_site/dist is missing: build the web app first (`make web`)", pytrace=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    state = tmp_path_factory.mktemp("local-run")
    # A copy of the build: a concurrent `npm run build` empties static_site/dist while it works.
    dist = shutil.copytree(ROOT / "static_site" / "dist", state / "dist")
    ports = {"moto": _free_port(), "api": _free_port(), "web": _free_port()}
    log = ARTIFACTS / "local-run.log"
    command = [
        sys.executable,
        "-m",
        "local.run",
        "--state-dir",
        str(state),
        "--dist",
        str(dist),
        "--demo",
        "small",
        "--demo-steps",
        "org,people",  # the tests make their own indicator sets; the other demo steps only cost time
        "--moto-port",
        str(ports["moto"]),
        "--api-port",
        str(ports["api"]),
        "--web-port",
        str(ports["web"]),
        "--tick-seconds",
        "3600",
    ]
    started = time.monotonic()
    # tests/conftest.py put unit-test settings into os.environ: the local run gets a clean slate.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LUODI_", "AWS_", "MOTO_"))}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**env, "PYTHONUNBUFFERED": "1"}
        )
    try:
        banner = _wait_ready(process, log, started)
        ready = re.search(r"Ready in ([\d.]+) s(?: \(demo data seeded in ([\d.]+) s\))?", banner)
        system = LocalSystem(
            web_url=f"http://127.0.0.1:{ports['web']}",
            api_url=f"http://127.0.0.1:{ports['api']}",
            moto_url=f"http://127.0.0.1:{ports['moto']}",
            log=log,
            ready_seconds=float(ready.group(1)) if ready else time.monotonic() - started,
            seed_seconds=float(ready.group(2)) if ready and ready.group(2) else 0.0,
        )
        print(
            f"\nlocal system ready in {system.ready_seconds:.1f} s (demo seed {system.seed_seconds:.1f} s); log: {log}"
        )
        yield system
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(process: subprocess.Popen[bytes], log: Path, started: float) -> str:
    while time.monotonic() - started < START_TIMEOUT:
        text = log.read_text(errors="replace")
        if "demo data FAILED" in text or "demo · org: FAILED" in text:
            pytest.fail(f"demo data failed to load; see {log}:\n{text[-3000:]}", pytrace=False)
        if "Ctrl-C stops and saves" in text:
            return text
        if process.poll() is not None:
            pytest.fail(f"the local run exited ({process.returncode}); see {log}:\n{text[-3000:]}", pytrace=False)
        time.sleep(0.5)
    pytest.fail(f"the local run was not ready within {START_TIMEOUT:.0f} s; see {log}", pytrace=False)


@pytest.fixture(scope="session")
def browser(local_system: LocalSystem) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh browser context sized like a phone (375×812), zh-CN, nothing stored."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(20_000)
    yield context
    context.close()


def screenshot(page: Any, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
