"""`dpia publish`: publishing and withdrawing from the command line, and bad input exiting 2."""

import pytest

from dpia.store import publications as store


def test_publish_prints_the_public_address_and_withdraw_keeps_history(runner, db, register):
    hart = register["hart"]
    made = runner.invoke(
        args=["publish", "hart", "--field", "supplier", "--summary", "First", "--as", "ann@example.org"]
    )
    assert made.exit_code == 0, made.output
    assert "Published version 1 of ‘HART’ at /transparency/systems/hart/" in made.output
    live = store.live(db, hart)
    assert live["published_by"] == "ann@example.org" and live["summary"] == "First"
    assert [f["key"] for f in live["record"]["fields"]] == ["name", "category", "supplier"]
    again = runner.invoke(args=["publish", str(hart), "--withdraw", "--reason", "Replaced"])
    assert again.exit_code == 0, again.output
    assert "Withdrew the public record of ‘HART’" in again.output
    assert store.live(db, hart) is None and len(store.history(db, hart)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nonesuch"], "No system called ‘Nonesuch’ in the register"),
        (["HART", "--withdraw"], "--withdraw needs --reason TEXT"),
        (["HART", "--withdraw", "--reason", "Gone"], "‘HART’ has no published record to withdraw"),
        (["HART", "--dataset", "77"], "‘HART’ has no monitoring dataset 77"),
        (["HART", "--field", "salary"], "Invalid value for '--field'"),
    ],
)
def test_bad_input_exits_2_naming_it(runner, db, register, args, message):
    result = runner.invoke(args=["publish", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert store.history(db, register["hart"]) == []
