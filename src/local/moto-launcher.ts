/**
 * The moto server `lambdaform dev` runs: moto's own server, with moto's stand-in for Lambda's
 * event delivery turned off. Without Docker that stand-in cannot run a function, yet it still
 * acts: on every SendMessage to a queue with a mapping it receives the queue's messages itself
 * (raising their receive counts, so messages reach the dead-letter queue early); on every write
 * to a table with a stream mapping it empties the stream; PutEvents fails with HTTP 500 when a
 * matching rule targets a function. `lambdaform dev` is the Lambda service here: it reads the
 * mappings, subscriptions, rules and schedules from moto and delivers events itself. Nothing
 * else in moto changes; the resources, their APIs and the wiring stay moto's.
 *
 * One fix beside it: moto evaluates a bucket policy's Deny statement whose condition does not
 * hold as a denial (it checks no request context), so the stacks' "deny requests without TLS"
 * statement would refuse every object read and write. Requests to the emulator stand for the
 * TLS requests the SDKs make in AWS, so that one statement is left out of moto's check.
 */
export const motoLauncher = String.raw`import json
import sys

import moto.dynamodb.models.table as dynamodb_table
import moto.events.models as events
import moto.s3.models as s3_models
import moto.s3.notifications as s3_notifications
import moto.sns.models as sns
import moto.sqs.models as sqs
from moto.server import main


class NoLambdaDelivery(dict):
    """A mapping registry that keeps nothing: lambdaform dev polls the source instead."""

    def __setitem__(self, key, value):
        pass


def without_lambda_delivery(cls):
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.lambda_event_source_mappings = NoLambdaDelivery()

    cls.__init__ = __init__


without_lambda_delivery(sqs.Queue)
without_lambda_delivery(dynamodb_table.Table)

send_to_targets = events.Rule.send_to_targets


def send_to_other_targets(self, event, transform_input=True):
    targets = self.targets
    self.targets = [t for t in targets if ":lambda:" not in t["Arn"]]
    try:
        send_to_targets(self, event, transform_input)
    finally:
        self.targets = targets


events.Rule.send_to_targets = send_to_other_targets

publish = sns.Subscription.publish


def publish_to_others(self, *args, **kwargs):
    if self.protocol != "lambda":
        return publish(self, *args, **kwargs)


sns.Subscription.publish = publish_to_others
s3_notifications._invoke_awslambda = lambda *args, **kwargs: None


def without_tls_denial(policy):
    statements = policy.get("Statement", [])
    kept = [
        st
        for st in (statements if isinstance(statements, list) else [statements])
        if not (st.get("Effect") == "Deny" and st.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}})
    ]
    return {**policy, "Statement": kept}


def get_permission(self, action, resource):
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if self.policy is None:
        return PermissionResult.NEUTRAL
    policy = without_tls_denial(json.loads(self.policy.decode()))
    return IAMPolicy(json.dumps(policy)).is_action_permitted(action, resource)


s3_models.FakeBucket.get_permission = get_permission

sys.exit(main(sys.argv[1:]))
`;
