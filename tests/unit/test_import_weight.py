"""Cold start: `import app` loads no domain, and no domain loads a package only a few routes use.

Run in a fresh interpreter, because the test session itself has imported everything by now (tests/
conftest.py calls app.load_all()). `import app` registers no domain in any environment
(chalicelib/core/routing.py): it must not even load pydantic or the table layer; each domain is
then loaded as its first request would load it, and none may load a heavy package either.
tests/integration/test_lazy_routes.py checks the same import with the Lambda runtime's environment.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Heavy packages and the one place each belongs: imported inside the function that needs it.
HEAVY = {
    "openpyxl": "spreadsheet import/export only",
    "jwt": "the authorizer only (chalicelib.core.auth, imported inside jwt_authorizer)",
    "cryptography": "PyJWT's RS256 keys: the authorizer only",
    "boto3": "stores build S3/SES/SQS/Cognito clients inside their cached getter (import boto3 there); "
    "table access goes through PynamoDB/botocore",
    "s3transfer": "boto3's S3 transfer manager (with multiprocessing), loaded by `import boto3`",
}
# What `import app` may not load either: a request's domain loads these when it needs them.
AT_IMPORT = {
    "pydantic": "schemas and core.api's parsing: imported by a request's domain",
    "pydantic_core": "core.errors.input_error and core.api's parsing import it where used",
    "pynamodb": "the table layer: core.authorizer imports core.members inside jwt_authorizer",
}

_PROBE = """
import json, sys
import app
at_import = sorted(sys.modules)
domains = {}
for domain in app.DOMAINS:
    before = set(sys.modules)
    app.app.load_for("/" + domain.segments[0])
    domains[domain.module] = sorted(set(sys.modules) - before)
before = set(sys.modules)
import jwt.algorithms  # what jwt_authorizer imports inside it, RS256 keys included
from chalicelib.core import auth, members
authorizer = sorted(set(sys.modules) - before)
import pydantic
models = []
def walk(c):
    for s in c.__subclasses__():
        models.append(s); walk(s)
walk(pydantic.BaseModel)
built = [f"{c.__module__}.{c.__qualname__}" for c in models
         if c.__module__.startswith("chalicelib") and c.__pydantic_complete__]
print(json.dumps({"modules": at_import, "domains": domains, "authorizer": authorizer, "built": built}))
"""


@pytest.fixture(scope="module")
def seen() -> dict:
    """A plain `python -c "import app"` (no Lambda environment), then each domain loaded in turn."""
    env = dict(os.environ, AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    env.pop("AWS_LAMBDA_FUNCTION_NAME", None)
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _roots(modules: list[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_import_app_loads_no_domain_no_pydantic_and_no_table_layer(seen: dict) -> None:
    # Given a fresh interpreter outside Lambda / When it imports the handler module (seen)

    # Then nothing heavier than the web framework and the logger is loaded...
    loaded = _roots(seen["modules"])
    heavy = set(HEAVY) | set(AT_IMPORT)
    assert not loaded & heavy, {name: {**HEAVY, **AT_IMPORT}[name] for name in loaded & heavy}
    # ...and no domain module: a request imports its own, load_all() every one (app.DOMAINS)
    domain_modules = [m for m in seen["modules"] if m.startswith("chalicelib.") and not m.startswith("chalicelib.core")]
    assert domain_modules == []


def test_no_domain_loads_a_heavy_package_or_builds_a_schema(seen: dict) -> None:
    # Given a fresh interpreter / When each domain is loaded as its first request would load it (seen)

    # Then none loads a package that only a few of its routes use...
    offenders = {
        module: sorted(_roots(new) & set(HEAVY)) for module, new in seen["domains"].items() if _roots(new) & set(HEAVY)
    }
    assert not offenders, offenders
    # ...and no pydantic model has built its validator (each builds on its first use)
    assert seen["built"] == []


def test_no_cold_start_imports_what_the_zip_ships_without_bytecode(seen: dict) -> None:
    # Given what the handler with every domain, and the authorizer, import (seen)
    spec = importlib.util.spec_from_file_location("precompile", ROOT / "infra" / "precompile.py")
    assert spec and spec.loader
    precompile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(precompile)
    imported = _roots([*seen["modules"], *(m for new in seen["domains"].values() for m in new), *seen["authorizer"]])

    # Then none of it is a package infra/precompile.py leaves without bytecode (it would compile on every cold start)
    assert imported & {prefix.rstrip("/") for prefix in precompile.NO_BYTECODE} == set()
    assert {"jwt", "cryptography", "pydantic", "pynamodb"} <= imported  # the probe did load the real stack
