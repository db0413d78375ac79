"""`chalice` with every domain registered: what `chalice package` must see to build the whole API.

`import app` registers no domain (chalicelib/core/routing.py: in Lambda a request loads its own),
and the chalice CLI builds the API's template and swagger from whatever routes the imported app
declares. So this imports app.py the way the CLI does (chalice's own loader: the project directory
and its vendor/ on sys.path), loads every domain, then runs chalice with the same arguments; the
CLI's loader then finds the module already imported, with the whole route table.

    cd PROJECT_DIR && python infra/chalice_cli.py package --stage STAGE OUT_DIR

Used by infra/deploy.sh and bench/package_size.py. Run from the project directory (chalice's
default); `--project-dir` is refused rather than half-honoured.
"""

from __future__ import annotations

import os
import sys


def load_project(project_dir: str) -> object:
    """Import ``project_dir``'s app.py as the chalice CLI does and register every domain."""
    from chalice.cli.factory import CLIFactory

    return CLIFactory(project_dir).load_chalice_app().load_all()  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    if any(arg == "--project-dir" or arg.startswith("--project-dir=") for arg in argv[1:]):
        print("run from the project directory instead of passing --project-dir", file=sys.stderr)
        return 2
    from chalice.cli import main as chalice_main

    load_project(os.getcwd())
    sys.argv = ["chalice", *argv[1:]]
    return int(chalice_main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
