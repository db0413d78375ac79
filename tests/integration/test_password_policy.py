"""The password policy at the API and in the (moto) user pool the tests and the local run use."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib.core.settings import settings
from chalicelib.tenancy.password import POLICY
from chalicelib.tenancy.schemas import PRIVACY_POLICY_VERSION
from tests.support.world import PASSWORD, sign_up

SIGNUP = {"company_name": "X公司", "admin_name": "张三", "admin_email": "a@b.test",
          "privacy_policy_version": PRIVACY_POLICY_VERSION}


def test_signup_refuses_a_password_the_pool_would_refuse_and_names_the_field(api):
    # Given a password long enough for the old 8-character rule but without a symbol
    # When a company signs up with it
    reply = api.post("/signup", {**SIGNUP, "password": "Abcdefgh1234"})
    # Then the API answers 400 naming `password` and what is missing, before Cognito is asked
    assert reply.status == 400
    assert reply.error_fields == ["password"]
    detail = reply.body["error"]["details"][0]
    assert detail["code"] == "password.policy_not_met"
    assert detail["message"].endswith("（不符：符号（如 - ! @ #））")
    # and in English for an English caller
    english = api.request("POST", "/signup", {**SIGNUP, "password": "Abcdefgh1234"}, headers={"Accept-Language": "en"})
    assert english.body["error"]["details"][0]["message"].endswith("(not met: a symbol (such as - ! @ #))")


def test_signup_refuses_an_eleven_character_password(api):
    reply = api.post("/signup", {**SIGNUP, "password": "Abcdefg-123"})
    assert reply.status == 400
    assert reply.error_fields == ["password"]


def test_the_test_user_pool_carries_the_infra_policy(aws):
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    pool = idp.describe_user_pool(UserPoolId=settings().user_pool_id)["UserPool"]
    assert pool["Policies"]["PasswordPolicy"] == POLICY.as_cognito()


def test_the_moto_pool_enforces_the_policy_too(api):
    # Given a signed-up admin
    company = sign_up(api)
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    # When someone sets an 11-character password on their login directly in Cognito
    with pytest.raises(ClientError) as refused:
        idp.admin_set_user_password(UserPoolId=settings().user_pool_id, Username=company.admin_email,
                                    Password="Abcdefg-123", Permanent=True)
    # Then the pool refuses it, as AWS would; the shared test password passes
    assert refused.value.response["Error"]["Code"] == "InvalidPasswordException"
    idp.admin_set_user_password(UserPoolId=settings().user_pool_id, Username=company.admin_email,
                                Password=PASSWORD, Permanent=True)
