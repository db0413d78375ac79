"""infra/chalice_cli.py: `chalice package` (deploy.sh, bench/package_size.py) sees every domain's routes.

`import app` registers no domain; chalice's CLI builds the template from the app its loader imports.
Run in a fresh interpreter on a project directory laid out as `chalice local`'s (local/api.py), because
this session has loaded every domain already (tests/conftest.py).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import app as application
from local.api import project_dir

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, sys
sys.path.insert(0, sys.argv[2])
import chalice_cli
from chalice.cli.factory import CLIFactory

chalice_cli.load_project(sys.argv[1])
# what `chalice package` reads: the app of the stage config chalice's CLI builds
app = CLIFactory(sys.argv[1]).create_config_obj(chalice_stage_name="local").chalice_app
print(json.dumps(sorted(app.routes)))
"""


def test_the_app_chalice_packages_has_every_route(tmp_path: Path) -> None:
    # Given a chalice project directory with app.py and chalicelib/
    project = project_dir(tmp_path)
    env = dict(os.environ, AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")

    # When chalice_cli loads it and chalice's CLI then asks for the stage's app (in a fresh interpreter)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(project), str(ROOT / "infra")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )

    # Then that app declares every route, as load_all() does in this session
    assert done.returncode == 0, done.stderr[-3000:]
    assert application.app.fully_loaded
    assert json.loads(done.stdout.strip().splitlines()[-1]) == sorted(application.app.routes)
    assert len(application.app.routes) > 100


def test_a_project_dir_argument_is_refused() -> None:
    spec = importlib.util.spec_from_file_location("chalice_cli", ROOT / "infra" / "chalice_cli.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["chalice_cli.py", "package", "--project-dir", "elsewhere", "out"]) == 2
