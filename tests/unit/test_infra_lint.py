"""The CloudFormation templates in infra/ are valid and keep their safety promises.

cfn-lint checks every template offline against the CloudFormation resource schemas; the other
tests read the templates (and the Lambda policy) for the properties that protect HR data.
No AWS, no network.
"""

from __future__ import annotations

import importlib.util
import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import lint_all, lint_file
from cfnlint.decode import decode

INFRA = Path(__file__).resolve().parents[2] / "infra"
TEMPLATES = sorted(INFRA.glob("*.yaml"))

SAMPLE_VALUES = {
    "Partition": "aws",
    "Region": "us-east-1",
    "AccountId": "123456789012",
    "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/luodi-prod",
    "SesIdentityArn": "arn:aws:ses:us-east-1:123456789012:identity/hr@example.com",
    "RemindersQueueArn": "arn:aws:sqs:us-east-1:123456789012:luodi-prod-reminders",
    "DocumentsBucketArn": "arn:aws:s3:::luodi-prod-data-documentsbucket-abc",
    "UserPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc",
    "PeopleKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
}


def load(name: str) -> dict[str, Any]:
    template, matches = decode(str(INFRA / name))
    assert not matches, matches
    assert template is not None
    return dict(template)


def resources_of_type(template: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if isinstance(v, dict) and v.get("Type") == type_}


def only(template: dict[str, Any], type_: str) -> dict[str, Any]:
    found = resources_of_type(template, type_)
    assert len(found) == 1, f"expected one {type_}, found {list(found)}"
    return next(iter(found.values()))


def errors(matches: list[Any]) -> list[str]:
    return [f"{m.rule.id} {m.message} ({m.filename}:{m.linenumber})" for m in matches if m.rule.severity == "error"]


def chalice_stage_module() -> Any:
    spec = importlib.util.spec_from_file_location("chalice_stage", INFRA / "chalice_stage.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- every template ------------------------------------------------------------------------


def test_infra_holds_the_expected_templates() -> None:
    names = {t.name for t in TEMPLATES}
    assert {"data.yaml", "auth.yaml", "web.yaml", "monitoring.yaml", "artifacts.yaml"} <= names


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_passes_cfn_lint(template: Path) -> None:
    # Given a template in infra/
    # When cfn-lint checks it against the CloudFormation schemas
    matches = lint_file(template)
    # Then it reports no errors
    assert errors(matches) == []


# --- auth ----------------------------------------------------------------------------------


def test_users_cannot_write_their_own_tenant() -> None:
    # Given the web app's Cognito client
    client = only(load("auth.yaml"), "AWS::Cognito::UserPoolClient")["Properties"]
    # Then the tenant is readable (the id token carries it) but not writable by the user
    assert "custom:tenant" in client["ReadAttributes"]
    assert "custom:tenant" not in client["WriteAttributes"]
    assert client["GenerateSecret"] is False
    assert set(client["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }


def test_tenant_attribute_is_immutable_and_passwords_are_strong() -> None:
    pool = only(load("auth.yaml"), "AWS::Cognito::UserPool")["Properties"]
    tenant = next(a for a in pool["Schema"] if a["Name"] == "tenant")
    assert tenant["AttributeDataType"] == "String"
    assert tenant["Mutable"] is False
    assert pool["UsernameAttributes"] == ["email"]
    password = pool["Policies"]["PasswordPolicy"]
    assert password["MinimumLength"] >= 12
    assert all(password[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))


def test_user_pool_names_its_plan_and_uses_nothing_beyond_it() -> None:
    # A pool created without a tier gets Essentials (about 3x Lite's price per MAU): name it.
    template = load("auth.yaml")
    pool = only(template, "AWS::Cognito::UserPool")["Properties"]
    assert pool["UserPoolTier"] == "LITE"
    # ...and nothing that needs Essentials: e-mail MFA/OTP, password history, managed login,
    # access-token customization (pre-token-generation V2/V3)
    assert set(pool.get("EnabledMfas", [])) <= {"SOFTWARE_TOKEN_MFA", "SMS_MFA"}
    assert "PasswordHistorySize" not in pool["Policies"]["PasswordPolicy"]
    assert "AWS::Cognito::ManagedLoginBranding" not in {r["Type"] for r in template["Resources"].values()}
    trigger = (pool.get("LambdaConfig") or {}).get("PreTokenGenerationConfig") or {}
    assert trigger.get("LambdaVersion", "V1_0") == "V1_0"


# --- web -----------------------------------------------------------------------------------


def test_web_bucket_is_not_public() -> None:
    template = load("web.yaml")
    bucket = only(template, "AWS::S3::Bucket")["Properties"]
    # Given the web bucket, all four public-access blocks are on
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert "WebsiteConfiguration" not in bucket
    # And the only Allow in its policy goes to CloudFront, tied to this distribution
    statements = only(template, "AWS::S3::BucketPolicy")["Properties"]["PolicyDocument"]["Statement"]
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert len(allows) == 1
    assert allows[0]["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert "AWS:SourceArn" in allows[0]["Condition"]["StringEquals"]


def test_web_is_https_only_and_serves_the_spa_for_unknown_paths() -> None:
    config = only(load("web.yaml"), "AWS::CloudFront::Distribution")["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert config["DefaultRootObject"] == "index.html"
    fallbacks = {e["ErrorCode"]: (e["ResponseCode"], e["ResponsePagePath"]) for e in config["CustomErrorResponses"]}
    assert fallbacks == {403: (200, "/index.html"), 404: (200, "/index.html")}
    assert "OriginAccessControlId" in config["Origins"][0]
    assert "ResponseHeadersPolicyId" in config["DefaultCacheBehavior"]


# --- data ----------------------------------------------------------------------------------


def test_table_and_documents_survive_stack_deletion() -> None:
    template = load("data.yaml")
    for type_ in ("AWS::DynamoDB::Table", "AWS::S3::Bucket"):
        resource = only(template, type_)
        assert resource["DeletionPolicy"] == "Retain"
        assert resource["UpdateReplacePolicy"] == "Retain"


def test_table_is_on_demand_encrypted_recoverable_with_ttl() -> None:
    table = only(load("data.yaml"), "AWS::DynamoDB::Table")["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["SSESpecification"]["SSEEnabled"] is True
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}


def test_documents_bucket_is_private_versioned_and_encrypted() -> None:
    bucket = only(load("data.yaml"), "AWS::S3::Bucket")["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    rule = bucket["CorsConfiguration"]["CorsRules"][0]
    assert rule["AllowedOrigins"] == [{"Ref": "WebOrigin"}]
    assert set(rule["AllowedMethods"]) <= {"GET", "PUT", "POST", "HEAD"}


# --- Lambda policy -------------------------------------------------------------------------


def test_lambda_policy_uses_only_known_placeholders() -> None:
    text = (INFRA / "lambda-policy.json").read_text()
    # deploy fills ${Name} with string.Template, so IAM policy variables (${aws:...}) cannot be used
    assert set(string.Template(text).get_identifiers()) == set(SAMPLE_VALUES)
    assert "${aws:" not in text


def test_lambda_policy_grants_no_wildcard_actions_and_no_scan() -> None:
    policy = chalice_stage_module().render_policy((INFRA / "lambda-policy.json").read_text(), SAMPLE_VALUES)
    actions = [a for s in policy["Statement"] for a in s["Action"]]
    assert not [a for a in actions if "*" in a]
    assert "dynamodb:Scan" not in actions
    data_statements = [s for s in policy["Statement"] if s["Sid"] != "Tracing"]
    assert all(s["Resource"] != "*" for s in data_statements)


def test_rendered_lambda_policy_is_a_valid_iam_policy() -> None:
    # Given the policy filled with real-looking ARNs, inside a minimal template
    policy = chalice_stage_module().render_policy((INFRA / "lambda-policy.json").read_text(), SAMPLE_VALUES)
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Policy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": policy}}},
    }
    # When cfn-lint checks it, Then it reports no errors
    assert errors(lint_all(json.dumps(template))) == []


def test_rendering_the_policy_fails_when_a_value_is_missing() -> None:
    values = {k: v for k, v in SAMPLE_VALUES.items() if k != "TableArn"}
    with pytest.raises(KeyError):
        chalice_stage_module().render_policy((INFRA / "lambda-policy.json").read_text(), values)


# --- Chalice stage preparation -------------------------------------------------------------


def test_stage_config_keeps_existing_keys_and_sets_policy_and_environment() -> None:
    # Given a config with a stage that already has settings
    config = {
        "version": "2.0",
        "app_name": "luodi",
        "stages": {"prod": {"lambda_memory_size": 512, "environment_variables": {"KEEP": "1"}}},
    }
    # When the prod stage is prepared
    merged = chalice_stage_module().merge_stage_config(config, "prod", {"LUODI_TABLE": "luodi-prod"})
    # Then our policy and environment are set and nothing else is lost
    prod = merged["stages"]["prod"]
    assert prod["autogen_policy"] is False
    assert prod["iam_policy_file"] == "policy-prod.json"
    assert prod["lambda_memory_size"] == 512
    assert prod["environment_variables"] == {"KEEP": "1", "LUODI_TABLE": "luodi-prod"}
    assert "prod" not in config["stages"] or "iam_policy_file" not in config["stages"]["prod"]


def test_stage_environment_names_match_the_settings_module() -> None:
    # Every variable the deploy sets is one chalicelib/core/settings.py reads.
    settings_src = (INFRA.parent / "chalicelib" / "core" / "settings.py").read_text()
    read = set(re.findall(r"env\.get\(\"(LUODI_\w+)\"", settings_src))
    outputs = {
        k: "x"
        for k in (
            "TableName",
            "UserPoolId",
            "UserPoolClientId",
            "JwksUrl",
            "WebOrigin",
            "DocumentsBucket",
            "RemindersQueueName",
            "SenderEmail",
            "PeopleKeyArn",
        )
    }
    env = chalice_stage_module().stage_environment(outputs, "prod")
    assert set(env) <= read


def test_stack_outputs_flatten_into_one_mapping() -> None:
    flat = chalice_stage_module().flatten_outputs(
        [[{"OutputKey": "TableName", "OutputValue": "luodi-prod"}], {"Region": "us-east-1"}]
    )
    assert flat == {"TableName": "luodi-prod", "Region": "us-east-1"}


# --- the API: chalice package's template + infra/api_gateway.py ---------------------------------


def api_gateway_module() -> Any:
    spec = importlib.util.spec_from_file_location("api_gateway", INFRA / "api_gateway.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WEB_ORIGIN = "https://d111111abcdef8.cloudfront.net"


@pytest.fixture(scope="module")
def customised_api() -> dict[str, Any]:
    """What deploy.sh deploys as the api stack, minus the zip: chalice's SAM shape with the OpenAPI
    body chalice generates from our routes (the same generator `chalice package` uses), customised."""
    from chalice.deploy.swagger import CFNSwaggerGenerator

    from app import app

    def function() -> dict[str, Any]:
        return {"Type": "AWS::Serverless::Function",
                "Properties": {"Runtime": "python3.11", "Handler": "app.app", "CodeUri": "s3://bucket/deployment.zip"}}

    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "APIHandler": function(),
            "JwtAuthorizer": function(),
            "RestAPI": {"Type": "AWS::Serverless::Api", "Properties": {
                "EndpointConfiguration": "EDGE", "StageName": "api",
                "DefinitionBody": CFNSwaggerGenerator().generate_swagger(app)}},
        },
    }
    return dict(api_gateway_module().customise(template, "prod", WEB_ORIGIN))


def test_customised_api_passes_cfn_lint(customised_api: dict[str, Any]) -> None:
    assert errors(lint_all(json.dumps(customised_api))) == []


def test_every_function_takes_runtime_updates_only_when_deployed(customised_api: dict[str, Any]) -> None:
    # Given the package leaves the AWS SDK to the Lambda runtime (infra/lambda_requirements.py)
    functions = [r for r in customised_api["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    # Then no function's runtime (and SDK) moves under it between deploys
    assert functions
    assert all(f["Properties"]["RuntimeManagementConfig"] == {"UpdateRuntimeOn": "FunctionUpdate"} for f in functions)


def test_gateway_responses_are_the_products_error_shape(customised_api: dict[str, Any]) -> None:
    from chalicelib.core.gateway import GATEWAY_RESPONSES, RETRY_AFTER_SECONDS, error_body

    body = customised_api["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    responses = body["x-amazon-apigateway-gateway-responses"]
    # Given every response type of the definition, including the ones this issue names
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "THROTTLED",
            "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"} <= set(responses) == set(GATEWAY_RESPONSES)
    for response_type, answer in GATEWAY_RESPONSES.items():
        response = responses[response_type]
        template = response["responseTemplates"]["application/json"]
        # Then its template is the product's shape (no $: API Gateway would substitute it)
        assert "$" not in template
        assert json.loads(template) == error_body(answer.code)
        assert response.get("statusCode") == (str(answer.status) if answer.status else None)
        headers = response["responseParameters"]
        assert headers["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{WEB_ORIGIN}'"
        assert ("gatewayresponse.header.Retry-After" in headers) == answer.retry_after
    throttled = responses["THROTTLED"]["responseParameters"]
    assert throttled["gatewayresponse.header.Retry-After"] == f"'{RETRY_AFTER_SECONDS}'"
    assert json.loads(responses["THROTTLED"]["responseTemplates"]["application/json"])["error"]["code"] == "throttled"


def test_every_path_answers_405_for_a_method_it_lacks_and_unknown_paths_404(customised_api: dict[str, Any]) -> None:
    from app import app
    from chalicelib.core.gateway import allow_header, error_body

    paths = customised_api["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    for path, methods in app.routes.items():
        any_method = paths[path]["x-amazon-apigateway-any-method"]
        integration = any_method["x-amazon-apigateway-integration"]
        assert integration["type"] == "mock" and "security" not in any_method
        reply = integration["responses"]["default"]
        assert reply["statusCode"] == "405"
        assert reply["responseParameters"]["method.response.header.Allow"] == f"'{allow_header(methods)}'"
        assert json.loads(reply["responseTemplates"]["application/json"]) == error_body("method_not_allowed")
    unknown = paths["/{proxy+}"]["x-amazon-apigateway-any-method"]["x-amazon-apigateway-integration"]
    assert unknown["responses"]["default"]["statusCode"] == "404"
    template = unknown["responses"]["default"]["responseTemplates"]["application/json"]
    assert json.loads(template) == error_body("not_found")


def test_each_tenant_is_metered_by_its_usage_key_against_the_tiers_plan(customised_api: dict[str, Any]) -> None:
    from chalicelib.core.gateway import PLANS, STAGE_LIMIT, plan_name

    api = customised_api["Resources"]["RestAPI"]["Properties"]
    body = api["DefinitionBody"]
    # The key comes from the authorizer (usageIdentifierKey), never from a client's x-api-key header
    assert body["x-amazon-apigateway-api-key-source"] == "AUTHORIZER"
    # Every route behind the authorizer requires the key, so every tenant request is metered
    for path, item in body["paths"].items():
        for method, operation in item.items():
            security = operation.get("security", []) if isinstance(operation, dict) else []
            if {"jwt_authorizer": []} in security:
                assert {"api_key": []} in security, (method, path)
    # One usage plan per tier, with the definition's limits, on this API's stage
    plans = resources_of_type(customised_api, "AWS::ApiGateway::UsagePlan")
    assert {p["Properties"]["UsagePlanName"]: p["Properties"]["Throttle"] for p in plans.values()} == {
        plan_name("prod", tier): {"RateLimit": plan.rate, "BurstLimit": plan.burst} for tier, plan in PLANS.items()
    }
    for plan in plans.values():
        assert plan["Properties"]["ApiStages"] == [{"ApiId": {"Ref": "RestAPI"}, "Stage": {"Ref": "RestAPI.Stage"}}]
    assert api["MethodSettings"] == [{"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": STAGE_LIMIT.rate,
                                      "ThrottlingBurstLimit": STAGE_LIMIT.burst}]
