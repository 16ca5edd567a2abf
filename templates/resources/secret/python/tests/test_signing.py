from app.lib import secret, signing
from tests.stubs import AwsStubs

# The Node template's signing test expects the same value: both sign the same canonical bytes.
KNOWN_SIGNATURE = "af021cae75aebfdcca3387d3d19cb19d179af0e2fcd8d63e6c9a2a46646b69ae"


def test_signs_the_canonical_json_so_key_order_and_number_form_do_not_matter(aws: AwsStubs) -> None:
    aws.secret.add_response("get_secret_value", {"SecretString": "test-signing-key"}, {"SecretId": secret.secret_arn()})
    # Key order and 1.0 against 1 (what a table read gives back) change nothing.
    assert signing.sign_item({"name": "First item", "id": "item-1", "price": 1.0, "rate": 2.5}) == KNOWN_SIGNATURE
    assert signing.sign_item({"rate": 2.5, "price": 1, "id": "item-1", "name": "First item"}) == KNOWN_SIGNATURE


def test_gives_no_signature_while_the_secret_has_no_value(aws: AwsStubs) -> None:
    aws.secret.add_client_error(
        "get_secret_value",
        service_error_code="ResourceNotFoundException",
        service_message="Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        http_status_code=400,
    )

    assert signing.sign_item({"id": "item-1"}) is None
