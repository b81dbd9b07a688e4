"""game.engine.injects: when an inject is due, and what Control may do now (checked before
anything changes). The behaviour through whole games is in test_control.py."""

from __future__ import annotations

import pytest

from game.engine import IllegalAction, new_game
from game.engine.control import (
    AdjustTrack,
    DelayInject,
    FireInject,
    SetForces,
    SetInfluence,
    SetVp,
    SkipInject,
)
from game.engine.injects import check_control, due_turn, is_due
from game.engine.status import InjectState
from tests.scenario_kit import deal, play_until, scenario

RULES = {
    "tracks": {"t": {"name": "T", "min": 0, "max": 10, "start": 0}},
    "flags": {"go": {}},
    "events": {
        "timed": {"title": "Timed", "trigger": {"turn": 2}},
        "dated": {"title": "Dated", "trigger": {"date": "2020-10-03"}},
        "waits": {"title": "Waits", "trigger": {"turn": 2, "when": "flag(go)"}},
        "only_when": {"title": "Only when", "trigger": {"when": "track(t) >= 3"}},
        "by_hand": {"title": "By hand", "manual": True},
    },
}


def test_the_due_turn_is_the_trigger_s_unless_control_delayed_it() -> None:
    s = new_game(scenario(RULES), control=True)
    assert due_turn(s, "timed") == 2 and due_turn(s, "dated") == 3
    assert due_turn(s, "only_when") is None and due_turn(s, "by_hand") is None
    later = deal(scenario(RULES)).with_changes(delays={"timed": 4})
    assert due_turn(later, "timed") == 4


def test_a_turn_is_the_earliest_a_condition_waits_and_manual_never_falls_due() -> None:
    rules = scenario(RULES)
    s = play_until(deal(rules), lambda st: st.turn == 2 and st.phase == "actions")
    assert "timed" in s.fired and "waits" not in s.fired
    assert not is_due(s, "timed")  # fired already
    assert is_due(s.with_changes(flags=s.flags | {"go"}), "waits")
    assert not is_due(s, "only_when") and is_due(s.with_changes(tracks={"t": 3}), "only_when")
    assert not is_due(s, "by_hand")
    past = s.with_changes(turn=3, fired=s.fired - {"timed"})
    assert not is_due(past, "timed")  # a pure turn trigger does not fire late


@pytest.mark.parametrize(
    ("iv", "words"),
    [
        (FireInject("nope"), "no inject 'nope'"),
        (SkipInject("timed"), "already fired or been skipped"),
        (DelayInject("by_hand", 3), "is manual"),
        (DelayInject("dated", 2), r"later turn of the game \(3\.\.4\)"),
        (DelayInject("dated", 5), r"later turn of the game \(3\.\.4\)"),
        (AdjustTrack("nope", 1), "no track 'nope'"),
        (SetInfluence("green", "A", 1), "no actor 'green'"),
        (SetForces("red", "Q", 1), "no region 'Q'"),
        (SetInfluence("red", "A", -1), "influence must be between 0 and"),
        (SetVp("green", 1), "'green' is not a seat"),
    ],
)
def test_control_is_told_what_is_wrong_before_anything_changes(iv: object, words: str) -> None:
    rules = scenario(RULES)
    s = new_game(rules, control=True).advance_chance()
    s = s.with_changes(turn=2, fired=frozenset({"timed"}))
    with pytest.raises(IllegalAction, match=words):
        check_control(s, iv)  # type: ignore[arg-type]


def test_no_control_cell_and_a_finished_game_refuse_every_intervention() -> None:
    rules = scenario(RULES)
    with pytest.raises(IllegalAction, match="no Control cell"):
        check_control(deal(rules), FireInject("timed"))
    s = new_game(rules, control=True).advance_chance()
    check_control(s, FireInject("by_hand"))  # allowed: no error
    over = play_until(s, lambda st: st.is_over())
    assert over.is_over()
    with pytest.raises(IllegalAction, match="the game is over"):
        check_control(over, FireInject("by_hand"))


def test_skip_and_delay_show_in_the_inject_status() -> None:
    rules = scenario(RULES)
    s = new_game(rules, control=True).advance_chance()
    s = s.apply_control(SkipInject("dated"), "not this year")
    s = s.apply_control(DelayInject("timed", 3), "the envoy is late")
    status = {i.id: i for i in s.view_for("control").injects}
    assert status["dated"].state == InjectState.SKIPPED
    assert status["timed"].state == InjectState.DELAYED and status["timed"].due == 3
    assert status["by_hand"].state == InjectState.MANUAL
    assert status["only_when"].state == InjectState.PENDING
