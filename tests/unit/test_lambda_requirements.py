"""The deployment package leaves the AWS SDK to the Lambda runtime (infra/lambda_requirements.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module() -> Any:
    spec = importlib.util.spec_from_file_location("lambda_requirements", ROOT / "infra" / "lambda_requirements.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_requirements_name_no_aws_sdk_and_pynamodb_is_vendored_pinned() -> None:
    # Given the project's requirements.txt / When it is split for chalice package
    shipped, vendored = _module().split_requirements((ROOT / "requirements.txt").read_text())

    # Then chalice resolves no package that pulls in botocore...
    names = {line.split("==")[0].strip().lower() for line in shipped.splitlines() if line and line[0].isalpha()}
    assert not names & {"boto3", "botocore", "pynamodb"}, names
    assert {"pydantic", "pyjwt", "cryptography"} <= names
    # ...and PynamoDB is vendored at its pin, without dependencies
    assert [v.lower().partition("==")[::2][0] for v in vendored] == ["pynamodb"]
    assert all(v.partition("==")[2] for v in vendored)


def test_an_unpinned_vendored_package_is_refused() -> None:
    # Given a requirements.txt whose PynamoDB has no exact pin / When it is split / Then it is refused
    with pytest.raises(SystemExit, match="pin"):
        _module().split_requirements("pydantic==2.14.4\npynamodb>=6\n")


def test_a_requirements_file_without_pynamodb_is_refused() -> None:
    # Given requirements that no longer name PynamoDB / When split / Then NO_DEPS must be updated
    with pytest.raises(SystemExit, match="NO_DEPS"):
        _module().split_requirements("pydantic==2.14.4\n")
