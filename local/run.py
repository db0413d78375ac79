"""``make run``: the whole system on this machine, the same code path as in AWS.

    python -m local.run [--fresh] [--no-seed] [--state-dir DIR] [--api-port 8000] [--web-port 8080]
                        [--moto-port 4566] [--tick-seconds 300] [--demo full|small]

1. moto server (AWS emulator) on 127.0.0.1:4566, in this process;
2. the resources infra/ creates: table, Cognito user pool + web client, SES sender, SQS queue, S3 bucket,
   API Gateway usage plans;
3. the previous run's data restored from ``.local/snapshot.json`` (see local/snapshot.py);
4. ``chalice local`` on :8000 in a subprocess with the LUODI_* settings (JWT checked against moto's JWKS),
   behind local/gateway.py: API Gateway's answers and per-tenant throttling as infra/ sets them up;
5. the built web app on :8080 with a generated config.js;
6. demo data seeded once through the HTTP API (local/demo/);
7. the reminder schedule: a timer calling the app's scheduled and SQS handlers;
8. a snapshot every few seconds while data changes, and at shutdown (Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from local import snapshot
from local.config import MAIL_SENDER, LocalConfig, app_environment, aws_environment


def parse_args(argv: list[str] | None) -> tuple[LocalConfig, bool]:
    parser = argparse.ArgumentParser(prog="python -m local.run", description=__doc__.split("\n\n")[0])
    defaults = LocalConfig()
    parser.add_argument("--moto-port", type=int, default=defaults.moto_port)
    parser.add_argument("--api-port", type=int, default=defaults.api_port)
    parser.add_argument("--web-port", type=int, default=defaults.web_port)
    parser.add_argument(
        "--state-dir", type=Path, default=defaults.state_dir, help="where the snapshot and logs live (default: .local/)"
    )
    parser.add_argument("--fresh", action="store_true", help="forget the saved data and start empty (+ demo data)")
    parser.add_argument("--no-seed", action="store_true", help="do not load the demo company")
    parser.add_argument(
        "--demo",
        choices=("full", "small"),
        default="full",
        help="demo company size on first start: full (200 people) or small (~60, for tests)",
    )
    parser.add_argument("--dist", type=Path, default=defaults.dist_dir, help="the built web app to serve")
    parser.add_argument("--demo-steps", default="", help="only these demo steps, e.g. org (default: all)")
    parser.add_argument(
        "--tick-seconds",
        type=float,
        default=defaults.tick_seconds,
        help="how often the scheduled handlers run (daily in AWS; default 300)",
    )
    args = parser.parse_args(argv)
    cfg = LocalConfig(
        moto_port=args.moto_port,
        api_port=args.api_port,
        web_port=args.web_port,
        state_dir=args.state_dir.resolve(),
        seed=not args.no_seed,
        dist_dir=args.dist.resolve(),
        demo_size=args.demo,
        demo_steps=tuple(x for x in args.demo_steps.split(",") if x),
        tick_seconds=args.tick_seconds,
    )
    return cfg, args.fresh


def check_ports_free(cfg: LocalConfig) -> None:
    for name, port in (("moto", cfg.moto_port), ("API", cfg.api_port), ("web app", cfg.web_port)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((cfg.host, port))
            except OSError:
                raise SystemExit(
                    f"port {port} ({name}) on {cfg.host} is in use: is another `make run` running? "
                    f"Stop it, or pick other ports (--help)."
                ) from None


def say(line: str = "") -> None:
    print(line, flush=True)


class Snapshotter:
    """Saves the state when it changed since the last save; one save at a time."""

    def __init__(self, cfg: LocalConfig, pool_id: str, meta: dict[str, Any], changes: Any) -> None:
        self.cfg, self.pool_id, self.meta = cfg, pool_id, meta
        self._changes = changes  # () -> count of state-changing AWS requests so far
        self._seen = -1
        self._lock = threading.Lock()
        self._last = ""
        self._stop = threading.Event()

    def save(self) -> bool:
        with self._lock:
            seen = self._changes()
            if seen == self._seen:
                return False  # nothing was written to moto since the last save: skip the scan
            state = snapshot.capture(self.pool_id, self.meta)
            self._seen = seen
            mark = snapshot.fingerprint(state)
            if mark == self._last:
                return False
            snapshot.write(self.cfg.snapshot_file, state)
            self._last = mark
            return True

    def start(self) -> None:
        threading.Thread(target=self._loop, name="snapshot", daemon=True).start()

    def _loop(self) -> None:
        delay = 0.0  # first save at once (e.g. right after seeding), then every few seconds
        while not self._stop.wait(delay):
            delay = self.cfg.snapshot_seconds
            try:
                self.save()
            except Exception as exc:  # noqa: BLE001 - keep running; the shutdown save tries again
                say(f"  snapshot failed: {exc.__class__.__name__}: {exc}")

    def stop(self) -> None:
        self._stop.set()


def banner(cfg: LocalConfig, meta: dict[str, Any], started: float, seed_seconds: float | None) -> str:
    from local.demo import story

    lines = [
        "",
        "=" * 78,
        " 落地 Luodi — local run",
        "=" * 78,
        f" Web app      {cfg.web_url}",
        f" API          {cfg.api_url}   ({cfg.api_url}/health, {cfg.api_url}/openapi.json)",
        f" AWS (moto)   {cfg.moto_url}   (state: {cfg.moto_url}/moto-api/)",
        f" Data         {cfg.snapshot_file}  (kept across restarts; --fresh starts over)",
        f" Logs         {cfg.log_dir / 'api.log'}",
        f" Sent mail    .venv/bin/python -m local.mail   (SES in moto; from {MAIL_SENDER})",
        f" Schedules    reminders every {cfg.tick_seconds:g} s (daily in AWS)",
        f"              run now: curl -X POST {cfg.web_url}/_local/tick",
    ]
    logins = (meta.get("demo") or {}).get("logins") or {}
    if logins:
        lines += [
            "",
            f" Demo company: {story.COMPANY} (成立于{story.FOUNDED}年, {meta['demo'].get('headcount', '?')} 人)",
            f" Demo logins (password for all: {story.PASSWORD}):",
        ]
        labels = {label: text for label, _, _, text in story.LOGINS}
        for label, login in logins.items():
            lines.append(f"   {login['email']:<36} {login['name']:<4} {labels.get(label, label)}")
    elif cfg.seed:
        lines += ["", " Demo data: not loaded (see the messages above)."]
    timing = f" Ready in {time.monotonic() - started:.1f} s"
    if seed_seconds is not None:
        timing += f" (demo data seeded in {seed_seconds:.1f} s)"
    lines += ["", timing + ". Ctrl-C stops and saves.", "=" * 78, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()

    def step(line: str) -> None:
        say(f"{line}  [{time.monotonic() - started:.1f} s]")

    cfg, fresh = parse_args(argv)
    check_ports_free(cfg)
    if not (cfg.dist_dir / "index.html").exists():
        raise SystemExit(f"{cfg.dist_dir}/index.html is missing: build the web app first (make web)")
    if fresh and cfg.state_dir.exists():
        shutil.rmtree(cfg.state_dir)
    cfg.state_dir.mkdir(parents=True, exist_ok=True)

    os.environ.update(aws_environment(cfg))
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # this process: only the scheduled handlers log
    from local.aws import create_resources, create_user_pool, start_moto

    moto = start_moto(cfg)
    pool_id, client_id = create_user_pool()
    env = app_environment(cfg, pool_id, client_id)
    os.environ.update({k: v for k, v in env.items() if k != "POWERTOOLS_LOG_LEVEL"})
    create_resources(cfg.web_url)
    step(f"AWS emulator (moto) on {cfg.moto_url}: table, user pool, SES sender, SQS queue, S3 bucket")

    saved = snapshot.read(cfg.snapshot_file)
    meta: dict[str, Any] = dict(saved.get("meta", {})) if saved else {}
    if saved:
        snapshot.restore(saved, pool_id)
        step(
            f"Restored {len(saved['dynamodb'])} items and {len(saved['cognito']['users'])} logins "
            f"from {cfg.snapshot_file} (saved {saved.get('saved_at', '?')})"
        )
    from chalicelib.tenancy.service import ensure_usage_keys

    if keys := ensure_usage_keys():  # moto keeps no API keys across restarts: each tenant's usage key again
        step(f"Usage keys (per-tenant throttling) for {len(keys)} tenants")
    snapshots = Snapshotter(cfg, pool_id, meta, lambda: moto.changes)

    from local import mail
    from local.api import start_api, stop_api, wait_healthy
    from local.web import start_web

    actions: dict[str, Any] = {"mail": mail.collect}  # `python -m local.mail` reads this (POST /_local/mail)
    web = start_web(cfg.dist_dir, cfg.host, cfg.web_port, cfg.api_url, actions)
    api_log = cfg.log_dir / "api.log"
    api = start_api(cfg.state_dir, cfg.host, cfg.api_port, env, api_log)
    stopping = threading.Event()

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt  # during start-up: abandon whatever is running, then clean up

    signal.signal(signal.SIGTERM, interrupt)
    scheduler = None
    ready = False  # a start-up cut short (e.g. mid-seed) must not overwrite the last good snapshot
    try:
        # This process runs the scheduled handlers; import the app while chalice local starts.
        importer = threading.Thread(target=lambda: __import__("app"), daemon=True)
        importer.start()
        wait_healthy(cfg.api_url, api, api_log)
        step(f"API on {cfg.api_url} (chalice local; log: {api_log})")

        seed_seconds = None
        if cfg.seed:
            from local.demo import seed

            seed_started = time.monotonic()
            try:
                meta["demo"] = seed(
                    cfg.api_url, pool_id, client_id, meta, report=say, size=cfg.demo_size, only=cfg.demo_steps
                )
            except Exception as exc:  # noqa: BLE001 - the system still runs; say what went wrong
                say(f"  demo data FAILED: {exc}\n  (the rest of the system runs; `--fresh` starts over)")
            seed_seconds = time.monotonic() - seed_started
        ready = True
        snapshots.start()

        from local.scheduler import Scheduler

        importer.join()
        scheduler = Scheduler(sys.modules["app"].app, cfg.tick_seconds, report=say)
        actions["tick"] = lambda: _tick_json(scheduler)
        scheduler.start()
        say(banner(cfg, meta, started, seed_seconds))
        signal.signal(signal.SIGINT, lambda *_: stopping.set())
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        while not stopping.wait(0.5):
            if api.poll() is not None:
                say(f"The API exited ({api.returncode}); see {api_log}. Stopping.")
                break
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not lose the final snapshot
        say("Stopping…")
        stopped = time.monotonic()
        if scheduler and not scheduler.stop(timeout=5):
            say("  (a reminder run was still going: its remaining work is dropped)")
        stop_api(api)
        snapshots.stop()
        if ready:
            try:
                if snapshots.save():
                    say(f"Saved {cfg.snapshot_file}")
            except Exception as exc:  # noqa: BLE001
                say(f"Could not save the snapshot: {exc}")
        else:
            say("Start-up did not finish: the snapshot was left as it was.")
        web.shutdown()
        moto.stop()
        say(f"Stopped in {time.monotonic() - stopped:.1f} s.")
    return 0


def _tick_json(scheduler: Any) -> dict[str, object]:
    result = scheduler.tick()
    return {"scheduled": result.scheduled, "delivered": result.delivered, "errors": result.errors}


if __name__ == "__main__":
    sys.exit(main())
