"""Does the local system's memory stay flat under use? RSS and moto's object counts before and after
a few thousand API requests against the demo company.

    .venv/bin/python bench/local_memory.py [--requests 3000] [--threads 4] [--demo small|full] [--moto-as-shipped]

What ``make run`` does, minus the web app: moto in this process (local/aws.py, with
local/moto_patches.py), the resources, the API (local/gateway.py) in a subprocess, the demo company
seeded through the HTTP API. Then ``--requests`` requests from ``--threads`` threads, as the demo
logins, a realistic mix: each login's list and dashboard screens (every parameterless GET the API
offers that answers the login 200) and, one request in eight, a write (a task created, then moved
to in_progress: two transactions). Figures: this process's RSS (it holds moto's state), the API
process's RSS, and the live moto objects per model class (``instances_tracked``, what moto's
dashboard lists), each after ``gc.collect()``.

``--moto-as-shipped`` leaves out the weak tracking of moto's objects (the leak fix) to show the
difference. Ports are picked free, state goes to a temporary directory: it runs beside ``make run``.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from local.config import LocalConfig, app_environment, aws_environment  # noqa: E402

WRITE_SHARE = 8  # one request in eight is a write


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def moto_objects() -> Counter[str]:
    from moto.core.model_instances import model_data

    gc.collect()
    return Counter(
        {
            f"{service}.{name}": len(cls.instances_tracked)  # type: ignore[attr-defined]
            for service, models in model_data.items()
            for name, cls in models.items()
        }
    )


def report(label: str, api_pid: int) -> Counter[str]:
    objects = moto_objects()
    top = ", ".join(f"{name} {n}" for name, n in objects.most_common(6))
    print(
        f"{label:<7} RSS local run {rss_mb():7.1f} MB · API {rss_mb(api_pid):6.1f} MB · "
        f"moto objects {sum(objects.values()):,} ({top})",
        flush=True,
    )
    return objects


def start(args: argparse.Namespace, state_dir: Path) -> tuple[Any, Any, dict[str, Any], str]:
    cfg = LocalConfig(
        moto_port=free_port(), api_port=free_port(), web_port=free_port(), state_dir=state_dir, demo_size=args.demo
    )
    os.environ.update(aws_environment(cfg))
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    from local import moto_patches

    if args.moto_as_shipped:
        moto_patches._weak_tracking = lambda: None  # type: ignore[assignment]
    from local.aws import create_resources, create_user_pool, start_moto

    moto = start_moto(cfg)
    pool_id, client_id = create_user_pool()
    env = app_environment(cfg, pool_id, client_id)
    os.environ.update({k: v for k, v in env.items() if k != "POWERTOOLS_LOG_LEVEL"})
    create_resources(cfg.web_url)
    from local.api import start_api, wait_healthy

    api = start_api(cfg.state_dir, cfg.host, cfg.api_port, env, cfg.log_dir / "api.log")
    wait_healthy(cfg.api_url, api, cfg.log_dir / "api.log")
    from local.demo import seed

    started = time.monotonic()
    demo = seed(cfg.api_url, pool_id, client_id, {}, report=lambda _: None, size=args.demo)
    print(
        f"demo company ({args.demo}, {demo.get('headcount', '?')} people) seeded in "
        f"{time.monotonic() - started:.0f} s; failed steps: {demo.get('failed') or 'none'}",
        flush=True,
    )
    return moto, api, {"demo": demo, "client_id": client_id}, cfg.api_url


def screens(api: Any, paths: list[str]) -> list[str]:
    """The parameterless GETs this login may call (probed once each)."""
    from local.demo.http import ApiError

    ok = []
    for path in paths:
        try:
            api.get(path)
            ok.append(path)
        except ApiError:
            pass
    return ok


def drive(api_url: str, state: dict[str, Any], total: int, threads: int) -> tuple[list[float], Counter[str]]:
    from local.demo import story
    from local.demo.http import Api, ApiError, sign_in

    logins = state["demo"]["logins"]
    doc = Api(api_url).get("/openapi.json")
    gets = sorted(
        p for p, ops in doc["paths"].items() if "get" in ops and "{" not in p and not p.startswith("/openapi")
    )
    apis = {
        name: Api(api_url, sign_in(state["client_id"], login["email"], story.PASSWORD))
        for name, login in logins.items()
    }
    plan = {name: screens(api, gets) for name, api in apis.items()}
    print("screens per login: " + ", ".join(f"{n} {len(p)}" for n, p in plan.items()), flush=True)
    me = apis["admin"].get("/me")
    assignee = me.get("person_id") or me.get("person", {}).get("person_id")
    counter = itertools.count()
    times: list[float] = []
    outcome: Counter[str] = Counter()
    lock = threading.Lock()

    def one(i: int, rng: random.Random) -> str:
        if i % WRITE_SHARE == 0 and assignee:
            admin = apis["admin"]
            task = admin.post(
                "/collab/tasks",
                {
                    "title": f"压测任务 {i}",
                    "assignee_id": assignee,
                    "deadline": (date.today() + timedelta(days=30)).isoformat(),
                },
            )
            admin.patch(f"/collab/tasks/{task['task_id']}", {"version": task["version"], "status": "in_progress"})
            return "write"
        name = rng.choice(list(plan))
        apis[name].get(rng.choice(plan[name]))
        return "read"

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        while (i := next(counter)) < total:
            began = time.monotonic()
            try:
                kind = one(i, rng)
            except ApiError as exc:
                kind = f"error {exc.status}"
            with lock:
                times.append(time.monotonic() - began)
                outcome[kind] += 1

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return times, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--demo", choices=("small", "full"), default="small")
    parser.add_argument("--moto-as-shipped", action="store_true", help="without the weak tracking (the leak)")
    args = parser.parse_args()
    from local.api import stop_api

    with tempfile.TemporaryDirectory(prefix="luodi-memory-") as tmp:
        moto, api, state, api_url = start(args, Path(tmp))
        try:
            before = report("before", api.pid)
            started = time.monotonic()
            times, outcome = drive(api_url, state, args.requests, args.threads)
            elapsed = time.monotonic() - started
            after = report("after", api.pid)
            grown = (after - before).most_common(5)
            print(
                f"{len(times)} requests ({dict(outcome)}) in {elapsed:.0f} s from {args.threads} threads: "
                f"median {statistics.median(times) * 1000:.0f} ms, "
                f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.0f} ms"
            )
            print("moto objects grown: " + (", ".join(f"{n} +{c}" for n, c in grown) or "none"))
        finally:
            stop_api(api)
            moto.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
