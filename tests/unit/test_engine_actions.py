"""game.engine.actions and game.engine.control: one table of kinds, text that round-trips,
and two errors told apart."""

from __future__ import annotations

import pytest

from game.engine.actions import (
    INTERVENTIONS,
    KINDS,
    Action,
    ActionError,
    ActionKind,
    ActionSyntaxError,
    IllegalAction,
    Taker,
    parse_action,
)
from game.engine.control import (
    AdjustTrack,
    DelayInject,
    FireInject,
    SetForces,
    SetInfluence,
    SetVp,
    SkipInject,
    from_action,
    parse_intervention,
    to_action,
)


def test_every_kind_has_a_row_and_its_example_parses_back() -> None:
    assert set(KINDS) == set(ActionKind)
    for kind, spec in KINDS.items():
        action = parse_action(spec.example)
        assert action.kind is kind and str(action) == spec.example
        assert parse_action(str(action)) == action
        assert bool(spec.arg) == bool(action.arg)


def test_a_kind_equals_its_word_so_old_text_and_new_values_agree() -> None:
    assert Action(ActionKind.PLAY, "x") == parse_action("play x")
    assert ActionKind.TARGET == "target" and hash(ActionKind.TARGET) == hash("target")
    assert Action(ActionKind.ROLL, "7").is_chance and not Action(ActionKind.PLAY, "x").is_chance
    assert {k for k in KINDS if KINDS[k].taker is Taker.INTERVENTION} == INTERVENTIONS
    assert sorted([parse_action("target B"), parse_action("done")]) == [
        parse_action("done"),
        parse_action("target B"),
    ]


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty action"),
        ("fly away", "unknown action 'fly'"),
        ("done now", "takes no argument"),
        ("play", r"takes one argument \(card\)"),
        ("target <script>", "takes one argument"),
    ],
)
def test_text_that_is_no_action_is_a_syntax_error_not_an_illegal_one(text: str, words: str) -> None:
    with pytest.raises(ActionSyntaxError, match=words) as err:
        parse_action(text)
    assert not isinstance(err.value, IllegalAction) and isinstance(err.value, ActionError)


@pytest.mark.parametrize(
    "iv, text",
    [
        (FireInject("war_begins"), "fire war_begins"),
        (SkipInject("war_begins"), "skip war_begins"),
        (DelayInject("war_begins", 3), "delay war_begins:3"),
        (AdjustTrack("escalation", -2), "adjust escalation:-2"),
        (AdjustTrack("escalation", 1), "adjust escalation:+1"),
        (SetInfluence("russia", "ARM", 3), "influence russia:ARM:3"),
        (SetForces("russia", "STK", 2), "forces russia:STK:2"),
        (SetVp("russia", 10), "vp russia:10"),
    ],
)
def test_interventions_are_typed_and_their_text_round_trips(iv: object, text: str) -> None:
    action = to_action(iv)  # type: ignore[arg-type]
    assert str(action) == text and action.is_intervention
    assert from_action(action) == iv == parse_intervention(text)


def test_the_old_text_of_an_adjustment_still_reads() -> None:
    assert parse_intervention("adjust t:2") == AdjustTrack("t", 2)
    assert str(to_action(parse_intervention("adjust t:2"))) == "adjust t:+2"


@pytest.mark.parametrize(
    "text, words",
    [
        ("adjust t", "write it like 'adjust escalation:-2'"),
        ("adjust t:lots", "the change must be a whole number"),
        ("delay x:soon", "the turn must be a whole number"),
        ("influence red:A", "write it like"),
        ("play k1", "not a Control intervention"),
    ],
)
def test_a_malformed_intervention_says_how_to_write_it(text: str, words: str) -> None:
    with pytest.raises(ActionSyntaxError, match=words):
        parse_intervention(text)
