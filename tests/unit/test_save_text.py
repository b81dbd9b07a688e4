"""Two shortcuts of loading a save, held to the slow ways they replace (issue 17).

A save's text is checked for text that could not be written back (a lone surrogate)
without re-encoding the parsed save unless the text holds a surrogate escape; and its
steps are made into Steps by setting their slots. Each must give exactly what the slow
way gave: the same Steps, the same refusals. (The digest's shortcuts are held to its
definition in test_digest_text.py.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.record import _GENERIC_STEPS, CONVERTER, Step, _structure_steps
from game.session.session import Session
from tests.scenario_kit import TINY


@pytest.fixture(scope="module")
def save() -> dict[str, object]:
    session = Session(load_ruleset(TINY), seed=3)
    for _ in range(4):
        session.act(session.state.legal_actions()[0])
    data: dict[str, object] = json.loads(storage.dumps(session.record))
    return data


def _with_note(save: dict[str, object], text: str) -> dict[str, object]:
    return {**save, "annotations": [{"step": 1, "author": "a", "text": text, "at": "", "tag": ""}]}


@pytest.mark.parametrize("ascii_only", [True, False])
def test_a_character_beyond_the_basic_plane_loads(
    save: dict[str, object], ascii_only: bool
) -> None:
    text = json.dumps(_with_note(save, "flag \U0001f1e6\U0001f1ff"), ensure_ascii=ascii_only)
    assert ("\\ud83c" in text) is ascii_only  # escaped as a surrogate pair, or written as is
    record = storage.loads(text)
    assert record.annotations[0].text == "flag \U0001f1e6\U0001f1ff"


def test_an_escaped_lone_surrogate_is_refused(save: dict[str, object]) -> None:
    text = json.dumps(_with_note(save, "bad \ud800 note"))
    assert "\\ud800" in text
    with pytest.raises(storage.SaveError, match="not Unicode"):
        storage.loads(text)


def test_a_lone_surrogate_in_the_text_itself_is_refused(save: dict[str, object]) -> None:
    text = json.dumps(_with_note(save, "bad \ud800 note"), ensure_ascii=False)
    assert "\ud800" in text  # a str holding it, as a caller other than load() could pass
    with pytest.raises(storage.SaveError, match="not Unicode"):
        storage.loads(text)


_TEXT = st.text(max_size=5)
_STEP_ITEM = st.one_of(
    st.fixed_dictionaries(
        {"action": _TEXT, "actor": _TEXT, "at": _TEXT, "reason": _TEXT, "text": _TEXT}
    ),  # as the game writes them
    st.fixed_dictionaries(
        dict.fromkeys(
            ["action", "actor", "at", "reason", "text"], st.one_of(_TEXT, st.integers(), st.none())
        )
    ),  # every field, not every one text
    st.dictionaries(
        st.sampled_from(["action", "actor", "at", "reason", "text", "extra"]),
        st.one_of(_TEXT, st.integers(), st.none()),
    ),  # anything a hand-edited file may hold
    st.integers(),
)


def _structured(hook: Callable[[Any, Any], Any], data: object) -> object:
    try:
        return hook(data, tuple[Step, ...])
    except Exception as exc:  # the same failure, said the same way
        if isinstance(exc, cattrs.BaseValidationError):
            return ("refused", cattrs.transform_error(exc))
        return ("refused", type(exc).__name__)


@given(st.one_of(st.lists(_STEP_ITEM, max_size=6), st.dictionaries(_TEXT, _TEXT, max_size=2)))
def test_steps_are_read_as_cattrs_reads_them(data: object) -> None:
    """The fast reading of a save's steps gives the Steps, or the refusal, cattrs gives."""
    assert CONVERTER.get_structure_hook(tuple[Step, ...]) is _structure_steps  # in use
    assert _structured(_structure_steps, data) == _structured(_GENERIC_STEPS, data)
