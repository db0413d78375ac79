"""Cold start: `import app` loads no package that only a few routes (or only the authorizer) use.

Run in a fresh interpreter, because the test session itself has imported everything by now. Two
ways: outside Lambda (every domain registered at import, as tests and `chalice package` see it), and
as the Lambda runtime does it (AWS_LAMBDA_FUNCTION_NAME set: `import app` registers no domain, and a
request loads only its own, chalicelib/core/routing.py) — there, `import app` must not even load
pydantic or the table layer, and loading any one domain must load no heavy package either.
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
    "boto3": "stores build S3/SES/SQS/Cognito clients inside their cached getter (import boto3 there); "
             "table access goes through PynamoDB/botocore",
    "s3transfer": "boto3's S3 transfer manager (with multiprocessing), loaded by `import boto3`",
}
# What `import app` may not load in Lambda either: a request's domain loads these when it needs them.
LAMBDA_IMPORT = {
    "pydantic": "schemas and core.api's parsing: imported by a request's domain",
    "pydantic_core": "core.errors.input_error and core.api's parsing import it where used",
    "pynamodb": "the table layer: core.authorizer imports core.members inside jwt_authorizer",
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


_LAMBDA_PROBE = """
import json, sys
import app
at_import = sorted(sys.modules)
domains = {}
for domain in app.DOMAINS:
    before = set(sys.modules)
    app.app.load_for("/" + domain.segments[0])
    domains[domain.module] = sorted(set(sys.modules) - before)
import pydantic
models = []
def walk(c):
    for s in c.__subclasses__():
        models.append(s); walk(s)
walk(pydantic.BaseModel)
built = [f"{c.__module__}.{c.__qualname__}" for c in models
         if c.__module__.startswith("chalicelib") and c.__pydantic_complete__]
print(json.dumps({"modules": at_import, "domains": domains, "built": built}))
"""


def _import_app(probe: str = _PROBE, in_lambda: bool = False) -> dict:
    env = dict(os.environ, AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing")
    env.pop("AWS_LAMBDA_FUNCTION_NAME", None)
    if in_lambda:
        env["AWS_LAMBDA_FUNCTION_NAME"] = "luodi-api"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _roots(modules: list[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_import_app_loads_no_heavy_package_and_builds_no_schema() -> None:
    # Given a fresh interpreter / When it imports the Lambda handler module
    seen = _import_app()

    # Then no heavy package is loaded...
    loaded = {name.split(".")[0] for name in seen["modules"]}
    assert not sorted(set(HEAVY) & loaded), {name: HEAVY[name] for name in set(HEAVY) & loaded}
    # ...and no pydantic model has built its validator yet (chalicelib.core.deferred.BaseModel / Strict)
    assert seen["built"] == []


def test_in_lambda_import_app_loads_no_domain_no_pydantic_and_no_table_layer() -> None:
    # Given the Lambda runtime / When it imports the handler module
    seen = _import_app(_LAMBDA_PROBE, in_lambda=True)

    # Then nothing heavier than the web framework and the logger is loaded...
    loaded = _roots(seen["modules"])
    heavy = set(HEAVY) | set(LAMBDA_IMPORT)
    assert not loaded & heavy, {name: {**HEAVY, **LAMBDA_IMPORT}[name] for name in loaded & heavy}
    # ...and no domain module: a request imports its own (app.DOMAINS)
    domain_modules = [m for m in seen["modules"] if m.startswith("chalicelib.") and not m.startswith("chalicelib.core")]
    assert domain_modules == []


def test_in_lambda_no_domain_loads_a_heavy_package_or_builds_a_schema() -> None:
    # Given the Lambda runtime / When each domain is loaded as its first request would load it
    seen = _import_app(_LAMBDA_PROBE, in_lambda=True)

    # Then none loads a package that only a few of its routes use...
    offenders = {module: sorted(_roots(new) & set(HEAVY)) for module, new in seen["domains"].items()
                 if _roots(new) & set(HEAVY)}
    assert not offenders, offenders
    # ...and no pydantic model has built its validator (each builds on its first use)
    assert seen["built"] == []
