"""Cold-start import cost of the Lambda handler: `python -X importtime -c "import app"`.

    .venv/bin/python bench/import_time.py [--runs 7]

Also imports the bare stack (chalice + pynamodb + powertools + boto3) the same way and prints
`import app` as a ratio of it: the target is <= 1.3x (issue #15). Medians, because other
processes share the machine: each run is a fresh subprocess, bare and app runs interleaved.

`import app` registers no domain in any environment (chalicelib/core/routing.py): a domain's
blueprint is imported by the first request that needs it, and whatever reads the whole route table
calls `app.app.load_all()`. So it is measured as a plain `python -c "import app"` (and once more
with the Lambda runtime's AWS_LAMBDA_FUNCTION_NAME set, which must not change it), and it also
prints what a cold start really pays before the first answer: `import app` plus the domains of one
request (`app.load_for(path)`), for a light route and for the heaviest one (the director dashboard,
which imports most domains), and `import app` with every domain loaded (tests, chalice local and
chalice package).

Runs after one warm-up run that writes .pyc files, as a deployed package has them; parses the -X
importtime report from stderr and prints the 15 modules with the largest cumulative time. Prints
figures; never passes or fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
TOP = 15


def _env() -> dict[str, str]:
    """A region and fake credentials so importing settings/models cannot reach AWS."""
    env = dict(os.environ)
    env.update(AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    env.pop("AWS_PROFILE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("AWS_LAMBDA_FUNCTION_NAME", None)
    return env


def _lambda_env() -> dict[str, str]:
    """What the Lambda runtime sets; app.py does not read it, so `import app` must cost the same."""
    return {**_env(), "AWS_LAMBDA_FUNCTION_NAME": "luodi-bench-api"}


BARE = "import chalice, pynamodb.models, aws_lambda_powertools.logging, boto3"
# Cold start up to the first answer: import app, then the domains of one request (what
# LazyChalice.__call__ loads before Chalice looks the route up).
FIRST_REQUEST = {
    "light route (/org/people)": "import app; app.app.load_for('/org/people')",
    "heaviest route (/dashboards/director)": "import app; app.app.load_for('/dashboards/director')",
    "every domain (load_all: tests, chalice local, chalice package)": "import app; app.app.load_all()",
}


def importtime(statement: str = "import app", env: dict[str, str] | None = None) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) for every module `statement` loads (outside Lambda by default)."""
    python = str(PYTHON if PYTHON.exists() else Path(sys.executable))
    done = subprocess.run(
        [python, "-X", "importtime", "-c", statement],
        cwd=ROOT,
        env=env if env is not None else _env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"import app failed:\n{done.stderr[-2000:]}")
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|", 2))
        rows.append((int(self_us), int(cumulative), name))
    return rows


def cpu_ms(statement: str, env: dict[str, str] | None = None) -> float:
    """CPU time (user + system) the process spends on `statement`: unlike wall-clock times, it hardly
    moves when other processes take the cores (on this shared machine wall times swing 5x)."""
    python = str(PYTHON if PYTHON.exists() else Path(sys.executable))
    timed = f"import time as _t\n_s = _t.process_time()\n{statement}\nprint(_t.process_time() - _s)"
    done = subprocess.run(
        [python, "-c", timed],
        cwd=ROOT,
        env=env if env is not None else _env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{statement} failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1]) * 1000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv[1:])
    importtime("import app; app.app.load_all()")  # warm-up: writes .pyc files
    runs, bare = [], []
    first: dict[str, list[int]] = {name: [] for name in FIRST_REQUEST}
    in_lambda = "import app (AWS_LAMBDA_FUNCTION_NAME set)"
    cpu: dict[str, list[float]] = {name: [] for name in ("bare", "import app", in_lambda, *FIRST_REQUEST)}
    for _ in range(max(1, args.runs)):  # interleaved, so load from other processes hits all alike
        bare.append(sum(self_us for self_us, _, _ in importtime(BARE, _env())))
        runs.append(importtime())
        for name, statement in FIRST_REQUEST.items():
            first[name].append(sum(self_us for self_us, _, _ in importtime(statement)))
        cpu["bare"].append(cpu_ms(BARE, _env()))
        cpu["import app"].append(cpu_ms("import app"))
        cpu[in_lambda].append(cpu_ms("import app", _lambda_env()))
        for name, statement in FIRST_REQUEST.items():
            cpu[name].append(cpu_ms(statement))
    totals = [sum(self_us for self_us, _, _ in rows) for rows in runs]
    rows = runs[totals.index(sorted(totals)[len(totals) // 2])]
    print(
        f"import app: {statistics.median(totals) / 1000:.0f} ms total (median of {len(runs)} runs: "
        + ", ".join(f"{t / 1000:.0f}" for t in totals)
        + " ms), "
        + f"{len(rows)} modules"
    )
    ratio = statistics.median(totals) / statistics.median(bare)
    print(
        f"bare stack ({BARE[len('import ') :]}): {statistics.median(bare) / 1000:.0f} ms -> "
        f"import app = {ratio:.2f}x the bare stack (target <= 1.30x)"
    )
    for name, times in first.items():
        print(
            f"import app + {name}: {statistics.median(times) / 1000:.0f} ms = "
            f"{statistics.median(times) / statistics.median(bare):.2f}x the bare stack"
        )
    cpu_bare = statistics.median(cpu["bare"])
    print(
        f"CPU time (median of {len(cpu['bare'])}; steadier than wall clock on a busy machine): "
        f"bare stack {cpu_bare:.0f} ms"
    )
    for name, times in cpu.items():
        if name != "bare":
            median = statistics.median(times)
            print(f"  {name}: {median:.0f} ms = {median / cpu_bare:.2f}x the bare stack")
    loaded = {name.strip().split(".")[0] for _, _, name in rows}
    heavy = sorted(loaded & {"jwt", "cryptography", "openpyxl", "pydantic", "pydantic_core", "s3transfer"})
    print("heavy packages loaded at import: " + (", ".join(heavy) or "none"))
    print(f"top {TOP} modules by cumulative import time (includes what they import):")
    print(f"{'cumulative ms':>14} {'self ms':>8}  module")
    for self_us, cumulative, name in sorted(rows, key=lambda r: r[1], reverse=True)[:TOP]:
        print(f"{cumulative / 1000:>14.1f} {self_us / 1000:>8.1f}  {name}")
    ours = [r for r in rows if r[2].strip().split(".")[0] in ("app", "chalicelib")]
    print(f"our own modules (app, chalicelib.*): {sum(r[0] for r in ours) / 1000:.1f} ms self time")
    openpyxl = [r for r in rows if r[2].strip().startswith("openpyxl")]
    print("openpyxl loaded at import: " + ("yes" if openpyxl else "no (only when a file is imported/exported)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
