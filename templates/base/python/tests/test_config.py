from collections.abc import Callable

import pytest

from app.lib.config import ConfigError, bool_env, float_env, int_env, optional_env, required_env


def test_reads_a_required_setting_and_names_it_when_it_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERS_TABLE", "orders")
    monkeypatch.delenv("MISSING_SETTING", raising=False)

    assert required_env("ORDERS_TABLE") == "orders"
    with pytest.raises(ConfigError, match="^environment variable MISSING_SETTING is not set$"):
        required_env("MISSING_SETTING")


def test_optional_settings_fall_back_to_their_default_when_unset_or_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGE_SIZE", raising=False)
    monkeypatch.setenv("GREETING", "")

    assert optional_env("GREETING", "hello") == "hello"
    assert int_env("PAGE_SIZE", 25) == 25
    assert float_env("PAGE_SIZE", 0.5) == 0.5
    assert bool_env("PAGE_SIZE", True) is True


def test_converts_numbers_and_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGE_SIZE", " 50 ")
    monkeypatch.setenv("RATE", "0.25")
    for text, value in [("true", True), ("ON", True), ("1", True), ("no", False), ("False", False), ("0", False)]:
        monkeypatch.setenv("DRY_RUN", text)
        assert bool_env("DRY_RUN", not value) is value

    assert int_env("PAGE_SIZE", 25) == 50
    assert float_env("RATE", 1.0) == 0.25


@pytest.mark.parametrize(
    ("read", "text", "message"),
    [
        (lambda: int_env("SETTING", 1), "ten", "SETTING must be a whole number, got 'ten'"),
        (lambda: int_env("SETTING", 1), "2.5", "SETTING must be a whole number, got '2.5'"),
        (lambda: float_env("SETTING", 1.0), "fast", "SETTING must be a number, got 'fast'"),
        (lambda: float_env("SETTING", 1.0), "nan", "SETTING must be a number, got 'nan'"),
        (lambda: float_env("SETTING", 1.0), "NaN", "SETTING must be a number, got 'NaN'"),
        (lambda: float_env("SETTING", 1.0), "inf", "SETTING must be a number, got 'inf'"),
        (lambda: float_env("SETTING", 1.0), "-inf", "SETTING must be a number, got '-inf'"),
        (lambda: float_env("SETTING", 1.0), "Infinity", "SETTING must be a number, got 'Infinity'"),
        (lambda: float_env("SETTING", 1.0), "1e999", "SETTING must be a number, got '1e999'"),
        (lambda: bool_env("SETTING", False), "maybe", "SETTING must be true or false, got 'maybe'"),
    ],
)
def test_a_value_of_the_wrong_kind_is_an_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, read: Callable[[], object], text: str, message: str
) -> None:
    monkeypatch.setenv("SETTING", text)
    with pytest.raises(ConfigError, match=f"^environment variable {message}$"):
        read()
