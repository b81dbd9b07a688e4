"""Issue 15, deliver 7: the project's own fuzz target at a small budget (bench/fuzz.py runs
it long). What validates plays for 300 random steps with Control stepping in, with no
exception and no stuck position; a damaged save or session log is refused with a message
and exit 1 or 2 (or replays, exit 0), never a traceback."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz_kit import files_case, rules_case

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TALLY: Counter[str] = Counter()


@given(data=st.data())
@SETTINGS
def test_mutated_rules_that_validate_play_300_steps(data: st.DataObject) -> None:
    rules_case(data, TALLY)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-files")


def test_damaged_saves_and_logs_are_refused_with_a_message(folder: Path) -> None:
    @given(data=st.data())
    @SETTINGS
    def case(data: st.DataObject) -> None:
        files_case(data, folder, TALLY)

    case()
    assert TALLY["save"] + TALLY["log"] >= 40
    assert TALLY["save refused"] and TALLY["log refused"], "the damage reached the checks"
