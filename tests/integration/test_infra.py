"""infra/data.yaml creates the table the app's PynamoDB model expects, and a working queue pair.

The data stack is created with moto's CloudFormation; the created table is compared with the
schema of ``chalicelib.core.db.Item``. (moto's CloudFormation applies key schema, indexes,
billing and the queue attributes; TTL, PITR and bucket CORS/versioning are checked on the
template itself in tests/unit/test_infra_lint.py.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DATA_TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "data.yaml"
STAGE = "test"
WEB_ORIGIN = "https://d111111abcdef8.cloudfront.net"

# moto's CloudFormation skips the bucket policy and the SES identity, with a warning each.
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS::")


@pytest.fixture(scope="module")
def aws() -> Iterator[None]:
    # Fake credentials and region before any client exists, so nothing can reach real AWS.
    with pytest.MonkeyPatch.context() as env:
        for key, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SECURITY_TOKEN": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
        }.items():
            env.setenv(key, value)
        env.delenv("AWS_PROFILE", raising=False)
        env.delenv("AWS_ENDPOINT_URL", raising=False)
        import moto

        with moto.mock_aws():
            yield


@pytest.fixture(scope="module")
def data_stack(aws: None) -> dict[str, str]:
    """Create the data stack once for this module (the tests only read it); return its outputs."""
    import boto3

    cfn = boto3.client("cloudformation")
    cfn.create_stack(
        StackName=f"luodi-{STAGE}-data",
        TemplateBody=DATA_TEMPLATE.read_text(),
        Parameters=[
            {"ParameterKey": "Stage", "ParameterValue": STAGE},
            {"ParameterKey": "WebOrigin", "ParameterValue": WEB_ORIGIN},
            {"ParameterKey": "SenderEmail", "ParameterValue": "hr-noreply@example.com"},
        ],
    )
    stack = cfn.describe_stacks(StackName=f"luodi-{STAGE}-data")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}


def created_table(outputs: dict[str, str]) -> dict[str, Any]:
    import boto3

    return boto3.client("dynamodb").describe_table(TableName=outputs["TableName"])["Table"]


def item_schema() -> dict[str, Any]:
    from chalicelib.core.db import Item

    return Item._get_schema()


def key_set(schema: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(k["AttributeName"], k["KeyType"]) for k in schema}


def attr_set(definitions: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(a["AttributeName"], a["AttributeType"]) for a in definitions}


def test_table_primary_key_matches_the_model(data_stack: dict[str, str]) -> None:
    # Given the data stack, When its table is described
    table = created_table(data_stack)
    # Then its primary key is the model's
    assert key_set(table["KeySchema"]) == key_set(item_schema()["key_schema"])


def test_table_attribute_definitions_match_the_model(data_stack: dict[str, str]) -> None:
    table = created_table(data_stack)
    assert attr_set(table["AttributeDefinitions"]) == attr_set(item_schema()["attribute_definitions"])


def test_table_indexes_match_the_model(data_stack: dict[str, str]) -> None:
    # Given the data stack's table and the model's indexes
    table = created_table(data_stack)
    model = {i["index_name"]: i for i in item_schema()["global_secondary_indexes"]}
    created = {i["IndexName"]: i for i in table["GlobalSecondaryIndexes"]}
    # Then the same GSIs exist, with the same keys and projections
    assert set(created) == set(model) == {"GSI1", "GSI2"}
    for name, index in model.items():
        assert key_set(created[name]["KeySchema"]) == key_set(index["key_schema"]), name
        assert created[name]["Projection"]["ProjectionType"] == index["projection"]["ProjectionType"] == "ALL"
    assert not table.get("LocalSecondaryIndexes")


def test_table_is_on_demand_like_the_model(data_stack: dict[str, str]) -> None:
    from chalicelib.core.db import Item

    assert created_table(data_stack)["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert Item.Meta.billing_mode == "PAY_PER_REQUEST"


def test_ttl_attribute_is_a_number_on_the_model() -> None:
    # The template's TTL attribute must be a Number attribute of the model, or nothing expires.
    from cfnlint.decode import decode
    from pynamodb.attributes import NumberAttribute

    from chalicelib.core.db import Item

    template, _ = decode(str(DATA_TEMPLATE))
    assert template is not None
    ttl = template["Resources"]["Table"]["Properties"]["TimeToLiveSpecification"]["AttributeName"]
    assert isinstance(Item.get_attributes()[ttl], NumberAttribute)


def test_table_name_follows_the_stage(data_stack: dict[str, str]) -> None:
    # deploy.sh hands this output to the app as LUODI_TABLE (the model's Meta.table_name).
    assert data_stack["TableName"] == f"luodi-{STAGE}"
    assert data_stack["TableArn"].endswith(f":table/luodi-{STAGE}")


def test_reminder_messages_go_to_the_dead_letter_queue_after_five_receives(data_stack: dict[str, str]) -> None:
    import boto3

    # Given the reminders queue
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=data_stack["RemindersQueueUrl"], AttributeNames=["All"]
    )["Attributes"]
    # Then it redrives to the stack's DLQ after 5 receives, and is encrypted
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"] == data_stack["RemindersDeadLetterQueueArn"]
    assert int(redrive["maxReceiveCount"]) == 5
    assert attributes["SqsManagedSseEnabled"] == "true"
    assert attributes["QueueArn"] == data_stack["RemindersQueueArn"]
    assert data_stack["RemindersQueueName"] == f"luodi-{STAGE}-reminders"


def test_reminders_queue_accepts_and_returns_a_message(data_stack: dict[str, str]) -> None:
    import boto3

    sqs = boto3.client("sqs")
    sqs.send_message(QueueUrl=data_stack["RemindersQueueUrl"], MessageBody='{"tenant": "t1"}')
    messages = sqs.receive_message(QueueUrl=data_stack["RemindersQueueUrl"])["Messages"]
    assert [m["Body"] for m in messages] == ['{"tenant": "t1"}']


def test_documents_bucket_exists_and_is_encrypted(data_stack: dict[str, str]) -> None:
    import boto3

    s3 = boto3.client("s3")
    rules = s3.get_bucket_encryption(Bucket=data_stack["DocumentsBucket"])["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert data_stack["DocumentsBucketArn"] == f"arn:aws:s3:::{data_stack['DocumentsBucket']}"


def test_ses_identity_arn_names_the_sender(data_stack: dict[str, str]) -> None:
    assert data_stack["SesIdentityArn"].endswith(":identity/hr-noreply@example.com")
    assert data_stack["SenderEmail"] == "hr-noreply@example.com"


def test_the_people_key_wraps_and_unwraps_a_data_key_through_its_alias(data_stack: dict[str, str]) -> None:
    # Given the data stack's KMS key for the person's file
    import boto3

    kms = boto3.client("kms")
    context = {"tenant": "t1", "purpose": "luodi-people"}
    # When a data key is made through the alias and unwrapped by the key's ARN, as the app does
    made = kms.generate_data_key(KeyId=data_stack["PeopleKeyAlias"], KeySpec="AES_256", EncryptionContext=context)
    plain = kms.decrypt(CiphertextBlob=made["CiphertextBlob"], EncryptionContext=context)["Plaintext"]
    # Then the round trip holds with the key the Lambda policy names (moto's describe_key cannot read a
    # key policy that CloudFormation passed as an object, so the key is checked through the wrapped blob)
    assert plain == made["Plaintext"] and len(plain) == 32
    assert made["KeyId"] == data_stack["PeopleKeyArn"]
