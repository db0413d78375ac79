"""The API: chalice's local server in a subprocess, with the local settings in its environment.

Same handlers and the same JWT authorizer as in AWS, behind ``local/gateway.py`` (``chalice local``'s
server with API Gateway's answers and usage-plan throttling as infra/ configures them). No
autoreloader: it forks a child that outlives a kill of its parent. The project directory handed to chalice is generated
under the state dir (symlinks to app.py and chalicelib/ plus a minimal .chalice/config.json), so
the local run never depends on, or picks up environment variables from, a deploy configuration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from local.config import ROOT


def project_dir(state_dir: Path) -> Path:
    project = state_dir / "chalice"
    (project / ".chalice").mkdir(parents=True, exist_ok=True)
    (project / ".chalice" / "config.json").write_text(
        json.dumps({"version": "2.0", "app_name": "luodi", "stages": {"local": {"api_gateway_stage": "api"}}}, indent=2)
    )
    for name in ("app.py", "chalicelib"):
        link = project / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(ROOT / name)
    return project


def start_api(state_dir: Path, host: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "local.gateway",
        "--project-dir",
        str(project_dir(state_dir)),
        "--stage",
        "local",
        "--host",
        host,
        "--port",
        str(port),
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    out = open(log, "ab")  # noqa: SIM115 - handed to the child, closed when the run ends
    return subprocess.Popen(
        command,
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        start_new_session=True,
    )


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the API exited with {process.returncode}; last lines of {log}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the API did not answer {url}/health within {timeout:.0f} s; see {log}:\n{_tail(log)}")


def stop_api(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
