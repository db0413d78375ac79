"""What `chalice package` vendors: requirements.txt less the AWS SDK the Lambda runtime already has.

requirements.txt lists what the functions import (and what `make` installs for development, with
requirements-dev.txt's pinned boto3 for moto). PynamoDB's one dependency is botocore (with jmespath,
urllib3, dateutil, six): 16 of the 26 MB zip, and the Lambda Python runtime ships boto3 and
botocore. So the build directory gets a requirements.txt without the packages named in
``NO_DEPS``, and those are installed into its ``vendor/`` without their dependencies (they are pure
Python, so no platform wheels are needed); `chalice package` copies ``vendor/`` into the zip as is.
The trade-off (the runtime's SDK instead of a pinned one) is in docs/decisions.md, 2026-12-07.

    python3 infra/lambda_requirements.py PROJECT_DIR BUILD_DIR   # after copying the project into BUILD_DIR

Used by infra/chalice_stage.py (deploys) and bench/package_size.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# Vendored without their dependencies: botocore (and what it pulls in) comes from the Lambda runtime.
NO_DEPS = frozenset({"pynamodb"})

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _name(line: str) -> str | None:
    match = _NAME.match(line)
    return match.group(1).lower().replace("_", "-") if match and not line.lstrip().startswith("-") else None


def split_requirements(text: str) -> tuple[str, list[str]]:
    """(requirements.txt for chalice, the pinned ``NO_DEPS`` requirements to vendor without dependencies)."""
    kept, vendored = [], []
    for line in text.splitlines():
        name = _name(line.split("#", 1)[0])
        if name in NO_DEPS:
            vendored.append(line.split("#", 1)[0].strip())
        else:
            kept.append(line)
    missing = NO_DEPS - {_name(v) for v in vendored}
    if missing:
        raise SystemExit(f"requirements.txt no longer names {sorted(missing)}: update NO_DEPS in {__file__}")
    unpinned = [v for v in vendored if "==" not in v]
    if unpinned:
        raise SystemExit(f"pin these in requirements.txt (they are vendored as is): {unpinned}")
    return "\n".join(kept) + "\n", vendored


def prepare(project: Path, build: Path, python: str = sys.executable) -> list[str]:
    """Write ``build/requirements.txt`` and install the ``NO_DEPS`` packages into ``build/vendor``."""
    requirements, vendored = split_requirements((project / "requirements.txt").read_text())
    (build / "requirements.txt").write_text(
        "# Written by infra/lambda_requirements.py: requirements.txt less what is vendored without dependencies.\n"
        + requirements
    )
    vendor = build / "vendor"
    vendor.mkdir(exist_ok=True)
    subprocess.run(  # noqa: S603 - our own interpreter and the pins from requirements.txt
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--only-binary=:all:",
         "--target", str(vendor), *vendored],
        check=True,
        stdout=sys.stderr,  # chalice_stage.py's stdout is the stage's export lines
    )
    return vendored


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print("vendored without dependencies: " + ", ".join(prepare(Path(sys.argv[1]), Path(sys.argv[2]))))
