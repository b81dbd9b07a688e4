"""One small test per rule clause, in the style of Diplomacy's DATC.

Each test sets up a minimal position in YAML, takes the fewest actions that
exercise the clause, and checks the outcome the rules promise.
"""

from __future__ import annotations

import pytest

from game.engine import Action, IllegalAction, new_game
from game.engine.turn import event_playable
from tests.scenario_kit import deal, play_until, scenario, with_hand


def test_control_needs_influence_beyond_the_rival_by_stability() -> None:
    rules = scenario({"regions": {
        "A": {"influence": {"red": 3, "blue": 1}},   # margin 2 = stability 2: red controls
        "B": {"influence": {"red": 1, "blue": 1}},   # tie: nobody
        "C": {"influence": {"blue": 5, "red": 3}},   # margin 2 < stability 3: nobody
    }})
    s = new_game(rules)
    assert (s.controller("A"), s.controller("B"), s.controller("C")) == ("red", "nobody", "nobody")


def test_influence_costs_one_and_two_in_a_region_a_rival_controls() -> None:
    rules = scenario({
        "regions": {"A": {"influence": {"red": 1}}, "B": {"influence": {"blue": 2}}},
        "cards": {"k1": {"ops": 2}, "k2": {"ops": 2}, "k3": {"ops": 2}, "k4": {"ops": 2},
                  "k5": None, "k6": None, "k7": None, "k8": None},
    })
    s = deal(rules)
    assert s.current_actor() == "red"
    s = s.apply(s.legal_actions()[0])  # play a card (no event: straight to operations)
    s = s.apply(Action("op", "influence"))
    targets = [str(a) for a in s.legal_actions()]
    assert targets == ["target A", "target B"]  # C is out of reach
    assert "costs 2" in s.explain("target B") or "for 2 point(s)" in s.explain("target B")
    after = s.apply(Action("target", "B"))
    assert after.influence("red", "B") == 1
    assert after.current_actor() == "blue"  # both points spent: the card play is over


def test_an_unaffordable_target_is_refused_with_the_reason() -> None:
    rules = scenario({"regions": {"A": {"influence": {"red": 1}},
                                  "B": {"influence": {"blue": 2}}}})
    s = deal(rules)
    s = s.apply(s.legal_actions()[0]).apply(Action("op", "influence"))  # 1 op card
    assert [str(a) for a in s.legal_actions()] == ["target A"]
    before = s.digest()
    with pytest.raises(IllegalAction, match="costs 2 operation points and only 1 point is left"):
        s.apply("target B")
    with pytest.raises(IllegalAction, match=r"cannot be a target of .Influence.: only if Red"):
        s.apply("target C")
    assert s.digest() == before


def test_hand_is_filled_to_the_hand_size_at_the_start_of_each_turn() -> None:
    rules = scenario(manifest={"hand_size": 3})
    s = deal(rules)
    assert {seat: len(h) for seat, h in s.hands.items()} == {"red": 3, "blue": 3}
    s = play_until(s, lambda st: st.turn == 2 and st.current_actor() == "red")
    assert {seat: len(h) for seat, h in s.hands.items()} == {"red": 3, "blue": 3}


def test_an_event_is_playable_only_by_its_side_and_in_its_window() -> None:
    card = {"title": "Late", "ops": 1, "side": "red", "from_turn": 2, "until_date": "2020-10-03",
            "event": [{"add_influence": {"actor": "self", "region": "C", "amount": 1}}]}
    rules = scenario({"cards": {"k1": card, "k2": dict(card, side="blue")}})
    s = with_hand(deal(rules), "red", ("k1", "k2"))
    assert s.turn == 1
    early = s.apply("play k1")
    assert "event" not in [str(a) for a in early.legal_actions()]  # before its window
    assert early.current_actor() == "red" and early.stack[-1].__class__.__name__ == "ChooseOp"
    s3 = play_until(s, lambda st: st.turn == 3 and st.current_actor() == "red")
    s3 = with_hand(s3, "red", ("k1", "k2"))
    assert "event" in [str(a) for a in s3.apply("play k1").legal_actions()]
    assert "blue's event" in (event_playable(s3, "red", "k2") or "")
    s4 = play_until(s3.apply("play k2"), lambda st: st.turn == 4 and st.current_actor() == "red")
    s4 = with_hand(s4, "red", ("k1",))
    assert "turns 2–3" in (event_playable(s4, "red", "k1") or "")  # after its window


def test_each_turn_once_and_end_objectives_score_when_due() -> None:
    rules = scenario({
        "regions": {"A": {"influence": {"red": 9}}},
        "objectives": {
            "every": {"actor": "red", "title": "E", "condition": "controls(self, A)", "vp": 1},
            "first": {"actor": "red", "title": "O", "condition": "controls(self, A)", "vp": 5,
                      "scoring": "once"},
            "last": {"actor": "blue", "title": "L", "condition": "turn == turns", "vp": 2,
                     "scoring": "end"},
        },
    })
    s = play_until(deal(rules), lambda st: st.turn == 2 and st.phase == "actions")
    assert s.vp["red"] == 1 + 5 and s.vp["blue"] == 0
    s = play_until(s, lambda st: st.turn == 3 and st.phase == "actions")
    assert s.vp["red"] == 2 + 5
    end = play_until(s, lambda st: False)
    assert end.is_over()
    assert end.vp == {"red": 4 + 5, "blue": 2}
    assert end.result is not None and end.result.winners == ("red",)


def test_sudden_death_ends_the_game_after_the_card_that_causes_it() -> None:
    rules = scenario({
        "tracks": {"war": {"name": "War", "min": 0, "max": 3, "start": 2}},
        "cards": {"k1": {"event": [{"move_track": {"track": "war", "by": 1}}]}},
        "end_conditions": {"war": {"title": "Open war", "when": "track(war) >= 3",
                                   "result": "none"}},
    })
    s = with_hand(deal(rules), "red", ("k1", "k2"))
    end = s.apply("play k1").apply("event")
    assert end.is_over() and end.result is not None
    assert (end.result.kind, end.result.reason, end.result.winners) == ("none", "Open war", ())
    assert end.legal_actions() == [] and end.current_actor() is None
    assert end.returns() == [0.0, 0.0]


def test_a_scheduled_event_fires_once_at_its_turn_and_date() -> None:
    rules = scenario({
        "tracks": {"t": {"name": "T", "min": 0, "max": 10, "start": 0}},
        "events": {
            "on_turn": {"title": "On turn 2", "trigger": {"turn": 2},
                        "effects": [{"move_track": {"track": "t", "by": 1}}]},
            "on_date": {"title": "On a date", "trigger": {"date": "2020-10-03"},
                        "effects": [{"move_track": {"track": "t", "by": 10}}]},
            "on_cond": {"title": "When", "trigger": {"when": "track(t) >= 1"},
                        "effects": [{"set_track": {"track": "t", "to": 5}}]},
        },
    })
    s = deal(rules)
    assert s.tracks["t"] == 0 and not s.fired
    s = play_until(s, lambda st: st.turn == 2 and st.phase == "actions")
    # on_turn fires (t = 1); then on_cond's condition holds and it fires too (t = 5).
    assert s.fired == {"on_turn", "on_cond"} and s.tracks["t"] == 5
    s = play_until(s, lambda st: st.turn == 3 and st.phase == "actions")
    assert s.fired == {"on_turn", "on_date", "on_cond"}
    assert s.tracks["t"] == 10  # the date (2020-10-03 is turn 3): +10, clamped to the max
    s = play_until(s, lambda st: st.turn == 4 and st.phase == "actions")
    assert s.tracks["t"] == 10  # nothing fires twice


def test_a_threshold_fires_when_crossed_and_only_once() -> None:
    rules = scenario({
        "tracks": {"t": {"name": "T", "min": 0, "max": 5, "start": 0, "thresholds": [
            {"at": 2, "effects": [{"gain_vp": {"actor": "blue", "amount": 3}}]}]}},
        "events": {
            "up": {"title": "Up", "trigger": {"turn": 1},
                   "effects": [{"move_track": {"track": "t", "by": 3}}]},
            "down": {"title": "Down", "trigger": {"turn": 2},
                     "effects": [{"move_track": {"track": "t", "by": -3}}]},
            "up2": {"title": "Up again", "trigger": {"turn": 3},
                    "effects": [{"move_track": {"track": "t", "by": 3}}]},
        },
    })
    s = deal(rules)
    assert s.tracks["t"] == 3 and s.vp["blue"] == 3
    s = play_until(s, lambda st: st.turn == 3 and st.phase == "actions")
    assert s.vp["blue"] == 3


def test_a_two_option_card_lets_the_player_choose() -> None:
    rules = scenario({
        "tracks": {"t": {"name": "T", "min": 0, "max": 5, "start": 2}},
        "cards": {f"k{i}": {"options": {
            "up": {"text": "Up", "effects": [{"move_track": {"track": "t", "by": 1}}]},
            "down": {"text": "Down", "effects": [{"move_track": {"track": "t", "by": -1}}]},
        }} for i in range(1, 9)},
    })
    s = deal(rules)
    s = s.apply(s.legal_actions()[0]).apply("event")
    assert [str(a) for a in s.legal_actions()] == ["option down", "option up"]
    assert s.apply("option up").tracks["t"] == 3


def test_a_roll_is_a_chance_node_with_the_dice_distribution() -> None:
    rules = scenario({
        "roll_tables": {"r": {"dice": 2, "sides": 6, "outcomes": [
            {"min": 2, "max": 6, "effects": [{"gain_vp": {"actor": "blue"}}]},
            {"min": 7, "max": 12, "effects": [{"gain_vp": {"actor": "red"}}]}]}},
        "cards": {f"k{i}": {"event": [{"roll": {"table": "r", "modifier": 1}}]}
                  for i in range(1, 9)},
    })
    s = deal(rules)
    s = s.apply(s.legal_actions()[0]).apply("event")
    assert s.is_chance_node()
    outcomes = dict((str(a), p) for a, p in s.chance_outcomes())
    assert outcomes["roll 7"] == pytest.approx(6 / 36)
    assert sum(outcomes.values()) == pytest.approx(1)
    assert s.apply("roll 6").vp["red"] == 1  # 6 + 1 = 7: the second row
    assert s.apply("roll 5").vp["blue"] == 1  # 5 + 1 = 6: the first row


def test_the_same_seed_and_actions_give_the_same_digest() -> None:
    rules = scenario()
    a = play_until(new_game(rules, seed=5), lambda st: st.step >= 30)
    b = play_until(new_game(rules, seed=5), lambda st: st.step >= 30)
    c = play_until(new_game(rules, seed=6), lambda st: st.step >= 30)
    assert a.digest() == b.digest()
    assert a.digest() != c.digest()
