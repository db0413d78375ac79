"""Cold start: `import app` loads no package that only a few routes (or only the authorizer) use.

Run in a fresh interpreter, because the test session itself has imported everything by now.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Heavy packages and the one place each belongs: imported inside the function that needs it.
HEAVY = {
    "openpyxl": "spreadsheet import/export only",
    "jwt": "the authorizer only (chalicelib.core.auth, imported inside jwt_authorizer)",
    "cryptography": "PyJWT's RS256 keys: the authorizer only",
}

_PROBE = """
import json, sys
import app, pydantic
models = []
def walk(c):
    for s in c.__subclasses__():
        models.append(s); walk(s)
walk(pydantic.BaseModel)
built = [f"{c.__module__}.{c.__qualname__}" for c in models
         if c.__module__.startswith("chalicelib") and c.__pydantic_complete__]
print(json.dumps({"modules": sorted(sys.modules), "built": built}))
"""


def _import_app() -> dict:
    env = dict(os.environ, AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing")
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_app_loads_no_heavy_package_and_builds_no_schema() -> None:
    # Given a fresh interpreter / When it imports the Lambda handler module
    seen = _import_app()

    # Then no heavy package is loaded...
    loaded = {name.split(".")[0] for name in seen["modules"]}
    assert not sorted(set(HEAVY) & loaded), {name: HEAVY[name] for name in set(HEAVY) & loaded}
    # ...and no pydantic model has built its validator yet (chalicelib.core.deferred.BaseModel / Strict)
    assert seen["built"] == []
