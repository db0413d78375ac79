"""local/mail.py: the sent mail and pending invitations are read from moto's backends in-process."""

from __future__ import annotations

import json

import boto3
from moto import mock_aws

from local import mail
from local.config import REGION


def test_given_a_sent_email_and_an_invitation_when_collected_then_both_are_listed():
    with mock_aws():
        ses = boto3.client("ses", region_name=REGION)
        ses.verify_email_identity(EmailAddress="noreply@luodi.test")
        ses.send_email(
            Source="noreply@luodi.test",
            Destination={"ToAddresses": ["wang@example.test"]},
            Message={"Subject": {"Data": "待办提醒"}, "Body": {"Html": {"Data": "<p>请确认指标</p>"}}},
        )
        idp = boto3.client("cognito-idp", region_name=REGION)
        pool = idp.create_user_pool(PoolName="p", UsernameAttributes=["email"])["UserPool"]["Id"]
        idp.admin_create_user(
            UserPoolId=pool,
            Username="li@example.test",
            TemporaryPassword="Temp-Passw0rd!",
            UserAttributes=[{"Name": "email", "Value": "li@example.test"}],
        )

        found = json.loads(json.dumps(mail.collect()))  # what POST /_local/mail answers

    assert [(m["to"], m["subject"], m["body"]) for m in mail.sent_mail(found)] == [
        (["wang@example.test"], "待办提醒", "请确认指标")
    ]
    assert mail.invitations(found) == [{"email": "li@example.test", "temporary_password": "Temp-Passw0rd!"}]
