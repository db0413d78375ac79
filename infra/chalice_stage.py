"""Prepare a Chalice stage from the deployed stacks' outputs (used by infra/deploy.sh).

Copies what `chalice package` ships (app.py, chalicelib/, vendor/, requirements.txt,
.chalice/config.json) into a build directory, so deploying never edits the working tree, then:

* writes the requirements `chalice package` vendors (infra/lambda_requirements.py: without the
  AWS SDK, which the Lambda runtime has),
* renders infra/lambda-policy.json with the real ARNs into .chalice/policy-<stage>.json,
* sets the stage's environment variables (the LUODI_* names chalicelib/core/settings.py reads),
  ``autogen_policy: false`` and ``iam_policy_file``,
* prints the same variables as ``export`` lines: app.py reads some of them at import time
  (e.g. the SQS queue name in ``@app.on_sqs_message``), and `chalice package` imports app.py.

Usage: python3 infra/chalice_stage.py PROJECT_DIR BUILD_DIR STAGE OUTPUTS_JSON...
where each OUTPUTS_JSON holds a stack's outputs as `aws cloudformation describe-stacks
--query Stacks[0].Outputs` prints them ([{"OutputKey": ..., "OutputValue": ...}]) or a flat
{"Key": "value"} object (for Region, AccountId and Partition).
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import shutil
import string
import sys
from pathlib import Path
from typing import Any

POLICY_TEMPLATE = Path(__file__).with_name("lambda-policy.json")
SHIPPED = ("app.py", "chalicelib", "vendor", "requirements.txt")


def render_policy(template: str, values: dict[str, str]) -> dict[str, Any]:
    """Fill ``${Name}`` placeholders; a missing value raises KeyError rather than shipping a hole."""
    return json.loads(string.Template(template).substitute(values))


def stage_environment(outputs: dict[str, str], stage: str) -> dict[str, str]:
    """The Lambda environment: the settings names mapped from stack outputs."""
    return {
        "LUODI_STAGE": stage,
        "LUODI_TABLE": outputs["TableName"],
        "LUODI_USER_POOL_ID": outputs["UserPoolId"],
        "LUODI_APP_CLIENT_ID": outputs["UserPoolClientId"],
        "LUODI_JWKS_URL": outputs["JwksUrl"],
        "LUODI_WEB_ORIGIN": outputs["WebOrigin"],
        "LUODI_DOCUMENTS_BUCKET": outputs["DocumentsBucket"],
        "LUODI_REMINDERS_QUEUE": outputs["RemindersQueueName"],
        "LUODI_MAIL_SENDER": outputs["SenderEmail"],
        "LUODI_PEOPLE_KMS_KEY": outputs["PeopleKeyArn"],
    }


def merge_stage_config(config: dict[str, Any], stage: str, env: dict[str, str]) -> dict[str, Any]:
    """Return config with the stage set to our policy file and environment (other keys kept)."""
    merged = json.loads(json.dumps(config))
    stage_cfg = merged.setdefault("stages", {}).setdefault(stage, {})
    stage_cfg.setdefault("api_gateway_stage", "api")
    stage_cfg["autogen_policy"] = False
    stage_cfg["iam_policy_file"] = f"policy-{stage}.json"
    stage_cfg["environment_variables"] = {**stage_cfg.get("environment_variables", {}), **env}
    return merged


def flatten_outputs(documents: list[Any]) -> dict[str, str]:
    """Merge stack output lists and flat objects into one {"Key": "value"} dict."""
    values: dict[str, str] = {}
    for doc in documents:
        if isinstance(doc, list):
            values.update({o["OutputKey"]: o["OutputValue"] for o in doc})
        else:
            values.update(doc)
    return values


def _lambda_requirements() -> Any:
    # By path: run as a script, infra/ is on sys.path, but tests load this file by path too.
    spec = importlib.util.spec_from_file_location("lambda_requirements", Path(__file__).with_name(
        "lambda_requirements.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare(project: Path, build: Path, stage: str, outputs: dict[str, str]) -> dict[str, str]:
    build.mkdir(parents=True, exist_ok=True)
    for name in SHIPPED:
        source = project / name
        if source.is_dir():
            shutil.copytree(
                source, build / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        elif source.exists():
            shutil.copy2(source, build / name)
    _lambda_requirements().prepare(project, build)  # requirements.txt less the runtime's SDK, vendor/
    chalice_dir = build / ".chalice"
    chalice_dir.mkdir(exist_ok=True)
    config_file = project / ".chalice" / "config.json"
    if not config_file.exists():
        raise SystemExit(f"{config_file} is missing: chalice needs it (app_name, stages)")
    config = json.loads(config_file.read_text())
    env = stage_environment(outputs, stage)
    (chalice_dir / "config.json").write_text(json.dumps(merge_stage_config(config, stage, env), indent=2))
    policy = render_policy(POLICY_TEMPLATE.read_text(), outputs)
    (chalice_dir / f"policy-{stage}.json").write_text(json.dumps(policy, indent=2))
    return env


def main(argv: list[str]) -> int:
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    project, build, stage = Path(argv[1]), Path(argv[2]), argv[3]
    outputs = flatten_outputs([json.loads(Path(f).read_text()) for f in argv[4:]])
    env = prepare(project, build, stage, outputs)
    for key, value in env.items():
        print(f"export {key}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
