"""Deployment package size and handler import time. Prints figures; never passes or fails.

    .venv/bin/python bench/package_size.py [--stage dev] [--runs 5]

1. `chalice package` on a copy of what ships (app.py, chalicelib/, vendor/, requirements.txt,
   .chalice/config.json) in a temporary directory, so the working tree gets no build cache,
   prepared as infra/deploy.sh does (infra/lambda_requirements.py: the AWS SDK left to the
   Lambda runtime; infra/precompile.py: bytecode added). `--pinned-sdk` packages requirements.txt
   as is instead (botocore vendored), to compare. The first run downloads requirements from PyPI
   (network), later ones use pip's cache. Prints the zip size, the unzipped size and the 10
   largest top-level packages in the zip.
2. `python -X importtime -c "import app; app.app.load_all()"`: total import time of the handler
   module with every domain (median of --runs after one warm-up run that also writes .pyc files)
   and the 10 slowest modules.
   This runs against the local venv, which holds the same libraries as the package.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("app.py", "chalicelib", "vendor", "requirements.txt")
MB = 1024 * 1024


def bench_env() -> dict[str, str]:
    """A region (chalice package needs one) and fake credentials: nothing here may call AWS."""
    env = dict(os.environ)
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    env.pop("AWS_PROFILE", None)
    return env


def copy_project(target: Path) -> None:
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / name)
    (target / ".chalice").mkdir()
    config = ROOT / ".chalice" / "config.json"
    if config.exists():
        shutil.copy2(config, target / ".chalice" / "config.json")
    else:  # not written yet: the defaults are enough to measure the package
        print("(no .chalice/config.json: using a minimal one)")
        (target / ".chalice" / "config.json").write_text('{"version": "2.0", "app_name": "luodi"}')


def top_level(name: str) -> str:
    first = name.split("/", 1)[0]
    if first.endswith((".dist-info", ".egg-info")):
        return "(package metadata)"
    if "/" not in name:
        return first.removesuffix(".py") if first.endswith(".py") else first
    return first


def _lambda_requirements():  # type: ignore[no-untyped-def]
    return _load("lambda_requirements", ROOT / "infra" / "lambda_requirements.py")


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def package_figures(stage: str, pinned_sdk: bool = False) -> None:
    print(
        "== chalice package "
        + (
            "(requirements.txt as is: botocore vendored) =="
            if pinned_sdk
            else "(as deployed: the AWS SDK from the Lambda runtime) =="
        )
    )
    if not (ROOT / "app.py").exists():
        print("app.py is missing: nothing to package")
        return
    with tempfile.TemporaryDirectory(prefix="luodi-pkg-") as tmp:
        project, out = Path(tmp) / "project", Path(tmp) / "out"
        project.mkdir()
        copy_project(project)
        if not pinned_sdk:
            vendored = _lambda_requirements().prepare(ROOT, project)
            print("vendored without dependencies: " + ", ".join(vendored))
        started = time.perf_counter()
        result = subprocess.run(
            # as infra/deploy.sh: every domain registered first (`import app` registers none)
            [sys.executable, str(ROOT / "infra" / "chalice_cli.py"), "package", "--stage", stage, str(out)],
            cwd=project,
            env=bench_env(),
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            print(f"chalice package failed ({result.returncode}):\n{result.stdout}{result.stderr}")
            return
        zip_path = out / "deployment.zip"
        template = json.loads((out / "sam.json").read_text())
        paths = {
            p
            for r in template["Resources"].values()
            for p in r["Properties"].get("DefinitionBody", {}).get("paths", {})
        }
        print(f"the template declares {len(paths)} API paths (infra/chalice_cli.py loads every domain first)")
        print(f"deployment.zip as chalice writes it (sources only): {zip_path.stat().st_size / MB:.1f} MB zipped")
        precompile = _load("precompile", ROOT / "infra" / "precompile.py")
        precompile.check_runtime(template)
        added = precompile.add_bytecode(zip_path)
        print(f"+ bytecode for {added} modules, shared objects stripped (infra/precompile.py, as deploy.sh ships it):")
        by_package: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        with zipfile.ZipFile(zip_path) as archive:
            infos = archive.infolist()
            for info in infos:
                sizes = by_package[top_level(info.filename)]
                sizes[0] += info.file_size
                sizes[1] += info.compress_size
        unzipped = sum(i.file_size for i in infos)
        print(f"packaged in {elapsed:.1f} s (stage {stage})")
        print(
            f"deployment.zip: {zip_path.stat().st_size / MB:.1f} MB zipped, {unzipped / MB:.1f} MB unzipped, "
            f"{len(infos)} files (Lambda limit: 50 MB zipped direct upload, 250 MB unzipped)"
        )
        print(f"{'top-level package':<32}{'unzipped MB':>12}{'zipped MB':>11}{'share':>8}")
        ranked = sorted(by_package.items(), key=lambda kv: kv[1][0], reverse=True)
        for name, (raw, packed) in ranked[:10]:
            print(f"{name:<32}{raw / MB:>12.2f}{packed / MB:>11.2f}{raw / unzipped:>8.0%}")


def parse_importtime(stderr: str) -> list[tuple[str, int, int]]:
    """(module, self_us, cumulative_us) for each line of `-X importtime` output."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        self_us, cumulative_us, module = line.removeprefix("import time:").split("|", 2)
        rows.append((module.rstrip(), int(self_us), int(cumulative_us)))
    return rows


def import_figures(runs: int) -> None:
    print(
        "\n== import app + load_all(): every domain, as tests, chalice local and chalice package load it"
        " (python -X importtime; bench/import_time.py measures a cold start) =="
    )
    if not (ROOT / "app.py").exists():
        print("app.py is missing: nothing to import")
        return
    command = [sys.executable, "-X", "importtime", "-c", "import app; app.app.load_all()"]
    totals, last_rows = [], []
    for attempt in range(runs + 1):
        result = subprocess.run(command, cwd=ROOT, env=bench_env(), capture_output=True, text=True)
        if result.returncode != 0:
            print(f"import app failed:\n{result.stderr[-2000:]}")
            return
        rows = parse_importtime(result.stderr)
        if attempt == 0:
            continue  # warm-up: compiles .pyc files
        totals.append(sum(self_us for _, self_us, _ in rows))
        last_rows = rows
    print(
        f"total (sum of self times), median of {runs}: {statistics.median(totals) / 1000:.0f} ms "
        f"(min {min(totals) / 1000:.0f}, max {max(totals) / 1000:.0f})"
    )
    print(f"{'slowest modules by self time':<48}{'self ms':>9}{'cumul. ms':>11}")
    for module, self_us, cumulative_us in sorted(last_rows, key=lambda r: r[1], reverse=True)[:10]:
        print(f"{module.strip():<48}{self_us / 1000:>9.1f}{cumulative_us / 1000:>11.1f}")
    by_root: dict[str, int] = defaultdict(int)
    for module, self_us, _ in last_rows:
        by_root[module.strip().split(".", 1)[0]] += self_us
    print(f"{'by top-level package (sum of self times)':<48}{'ms':>9}")
    for root, self_us in sorted(by_root.items(), key=lambda kv: kv[1], reverse=True)[:10]:
        print(f"{root:<48}{self_us / 1000:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pinned-sdk", action="store_true", help="package requirements.txt as is (botocore too)")
    args = parser.parse_args()
    package_figures(args.stage, args.pinned_sdk)
    import_figures(args.runs)


if __name__ == "__main__":
    main()
