from app.lib import secret, signing
from tests.stubs import AwsStubs

# The Node template's signing test expects the same value: both sign the same canonical bytes.
KNOWN_SIGNATURE = "8803e14f385b3f5c571e7564225aa9a1201669e2ded093c99c64f230421b109a"


def test_signs_the_canonical_json_so_key_order_does_not_matter(aws: AwsStubs) -> None:
    aws.secret.add_response("get_secret_value", {"SecretString": "test-signing-key"}, {"SecretId": secret.SECRET_ARN})
    assert signing.sign_item({"name": "First item", "id": "item-1"}) == KNOWN_SIGNATURE
    assert signing.sign_item({"id": "item-1", "name": "First item"}) == KNOWN_SIGNATURE
