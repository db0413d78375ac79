"""Customise the API that `chalice package` generates (infra/deploy.sh runs this on its sam.json).

Chalice writes the REST API as an ``AWS::Serverless::Api`` whose OpenAPI body it builds from the
routes; it has no setting for what API Gateway answers by itself nor for usage plans. This adds,
from the one definition in chalicelib/core/gateway.py (the local run applies the same one):

* ``x-amazon-apigateway-gateway-responses``: 401, 403, 404, 413, 415, 429 (``Retry-After``), 5xx...
  in the product's error shape ``{"error": {"code", "message", "details"}}``, with CORS headers so
  the web app can read them;
* on every path an ANY method, a mock integration answering 405 (``Allow``) for the methods the
  path lacks, and a root ``/{proxy+}`` ANY answering 404 for unknown paths (no Lambda call);
* ``x-amazon-apigateway-api-key-source: AUTHORIZER``: the authorizer's ``usageIdentifierKey`` (the
  tenant's key) is the API key that routes marked ``api_key_required`` are metered by;
* one ``AWS::ApiGateway::UsagePlan`` per tier with its rate and burst (sign-up adds each tenant's
  key to one), and stage-wide throttling (``MethodSettings``) for everything, public routes included;
* on every function ``RuntimeManagementConfig: UpdateRuntimeOn FunctionUpdate``: the package leaves
  boto3/botocore to the runtime (infra/lambda_requirements.py), so the runtime — and the SDK in it —
  changes only when we deploy, not on AWS's schedule (docs/decisions.md, 2026-12-07).

Usage: python3 infra/api_gateway.py SAM_JSON STAGE WEB_ORIGIN   (rewrites SAM_JSON in place)
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.core.gateway import (  # noqa: E402 - after the path is set
    GATEWAY_RESPONSES,
    METHOD_NOT_ALLOWED,
    NO_SUCH_PATH,
    PLANS,
    STAGE_LIMIT,
    Answer,
    allow_header,
    gateway_body,
    gateway_headers,
    plan_name,
)

API = "RestAPI"  # the logical id chalice package gives the REST API
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch"}


def customise(template: dict[str, Any], stage: str, web_origin: str) -> dict[str, Any]:
    """Return ``template`` (chalice's SAM output) with the gateway answers, 405/404 mocks and usage plans."""
    result = copy.deepcopy(template)
    api = result["Resources"][API]["Properties"]
    body = api["DefinitionBody"]
    body["x-amazon-apigateway-api-key-source"] = "AUTHORIZER"
    body["x-amazon-apigateway-gateway-responses"] = {
        response_type: gateway_response(answer, web_origin) for response_type, answer in GATEWAY_RESPONSES.items()
    }
    for path_item in body["paths"].values():
        methods = {m.upper() for m in path_item if m in HTTP_METHODS} - {"OPTIONS"}
        path_item["x-amazon-apigateway-any-method"] = mock(
            METHOD_NOT_ALLOWED, {**gateway_headers(METHOD_NOT_ALLOWED, web_origin), "Allow": allow_header(methods)}
        )
    body["paths"]["/{proxy+}"] = {
        "x-amazon-apigateway-any-method": {
            **mock(NO_SUCH_PATH, gateway_headers(NO_SUCH_PATH, web_origin)),
            "parameters": [{"name": "proxy", "in": "path", "required": True, "type": "string"}],
        }
    }
    api["MethodSettings"] = [
        {
            "ResourcePath": "/*",
            "HttpMethod": "*",
            "ThrottlingRateLimit": STAGE_LIMIT.rate,
            "ThrottlingBurstLimit": STAGE_LIMIT.burst,
        }
    ]
    for resource in result["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource.setdefault("Properties", {})["RuntimeManagementConfig"] = {"UpdateRuntimeOn": "FunctionUpdate"}
    for tier, plan in PLANS.items():
        result["Resources"][f"UsagePlan{tier.title()}"] = {
            "Type": "AWS::ApiGateway::UsagePlan",
            "Properties": {
                "UsagePlanName": plan_name(stage, tier),
                "Description": f"Per-tenant limits, tier {tier}: each tenant's key gets its own bucket",
                "ApiStages": [{"ApiId": {"Ref": API}, "Stage": {"Ref": f"{API}.Stage"}}],
                "Throttle": {"RateLimit": plan.rate, "BurstLimit": plan.burst},
            },
        }
    return result


def gateway_response(answer: Answer, web_origin: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "responseParameters": {
            f"gatewayresponse.header.{name}": quoted(value)
            for name, value in gateway_headers(answer, web_origin).items()
        },
        "responseTemplates": {"application/json": gateway_body(answer)},
    }
    if answer.status is not None:
        response["statusCode"] = str(answer.status)
    return response


def mock(answer: Answer, headers: dict[str, str]) -> dict[str, Any]:
    """A method answered by API Gateway itself: no authorizer, no Lambda."""
    status = str(answer.status)
    return {
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "responses": {
            status: {"description": f"{status} response", "headers": {h: {"type": "string"} for h in headers}}
        },
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "requestTemplates": {"application/json": json.dumps({"statusCode": answer.status})},
            "passthroughBehavior": "when_no_match",
            "responses": {
                "default": {
                    "statusCode": status,
                    "responseParameters": {f"method.response.header.{h}": quoted(v) for h, v in headers.items()},
                    "responseTemplates": {"application/json": gateway_body(answer)},
                }
            },
        },
    }


def quoted(value: str) -> str:
    """A static value in an API Gateway parameter mapping."""
    if "'" in value:
        raise ValueError(f"a static header value cannot hold a quote: {value!r}")
    return f"'{value}'"


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    sam, stage, web_origin = Path(argv[1]), argv[2], argv[3]
    sam.write_text(json.dumps(customise(json.loads(sam.read_text()), stage, web_origin), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
