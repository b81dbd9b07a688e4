"""game.engine.events and game.engine.outcome: every log line has a kind and its data, private
lines keep their secrets, and a game's end says why as data."""

from __future__ import annotations

import random

from game.engine import CONTROL, LogKind, Termination, new_game
from game.ruleset.load import load_ruleset
from tests.scenario_kit import DEFAULT, TINY, deal, scenario

KEYS = {
    LogKind.TURN: {"turn", "label", "date"},
    LogKind.PLAY: {"seat", "card", "ops", "round"},
    LogKind.EVENT: {"seat", "card"},
    LogKind.OPERATION: {"seat", "card", "op", "region", "cost", "left"},
    LogKind.DRAW: {"seat", "card"},
    LogKind.ROLL: {"table", "dice", "modifier", "total", "row"},
    LogKind.INFLUENCE: {"actor", "region", "before", "after"},
    LogKind.FORCES: {"actor", "region", "before", "after"},
    LogKind.TRACK: {"track", "before", "after"},
    LogKind.SCORE: {"actor", "objective", "vp", "total"},
    LogKind.INJECT: {"event", "msel", "title", "by"},
    LogKind.GAME_OVER: {"termination", "cause", "result", "winners"},
}


def random_game(folder, seed: int):  # type: ignore[no-untyped-def]
    rules = load_ruleset(folder)
    rng = random.Random(seed)
    s = new_game(rules, seed=seed)
    while not s.is_over():
        s = s.apply(s.sample_chance() if s.is_chance_node() else rng.choice(s.legal_actions()))
    return rules, s


def test_every_line_of_a_game_has_a_kind_and_the_data_of_its_kind() -> None:
    rules, s = random_game(DEFAULT, 3)
    seen = set()
    for e in s.log_entries():
        seen.add(e.kind)
        assert KEYS.get(e.kind, set()) <= set(e.data), (e.kind, e.text, e.data)
        if e.kind == LogKind.SCORE:
            obj = rules.objectives[str(e.data["objective"])]
            assert obj.actor == e.data["actor"] and obj.vp == e.data["vp"]
        if e.kind == LogKind.OPERATION:
            assert e.data["op"] in rules.operations and e.data["region"] in rules.regions
    assert {LogKind.TURN, LogKind.PLAY, LogKind.DRAW, LogKind.SCORE, LogKind.GAME_OVER} <= seen


def test_a_draw_is_private_and_its_card_does_not_reach_the_others() -> None:
    _, s = random_game(TINY, 1)
    draws = [e for e in s.log_entries() if e.kind == LogKind.DRAW]
    assert draws and all(e.audience == (e.data["seat"],) for e in draws)
    red = s.view_for("red").log
    for e in red:
        if e.kind == LogKind.DRAW and e.data["seat"] == "blue":
            assert "card" not in e.data and e.text == "blue draws a card"
    assert any(e.kind == LogKind.DRAW and "card" in e.data for e in red)  # red's own draws
    assert all("card" in e.data for e in s.view_for(CONTROL).log if e.kind == LogKind.DRAW)


def test_the_last_turn_ends_the_game_with_standings() -> None:
    _rules, s = random_game(TINY, 2)
    r = s.result
    assert r is not None and r.termination is Termination.LAST_TURN and not r.sudden_death
    assert r.cause == "" and [x.seat for x in r.standings] == sorted(
        s.seats, key=lambda seat: -s.margins()[seat]
    )
    assert {x.seat for x in r.standings if x.winner} == set(r.winners)
    over = s.log_entries()[-1]
    assert over.kind == LogKind.GAME_OVER and over.data["termination"] == "last_turn"


def test_a_sudden_death_names_its_end_condition() -> None:
    rules = scenario(
        {
            "regions": {"C": {"influence": {"red": 5}}},
            "end_conditions": {
                "sweep": {
                    "title": "Red sweeps",
                    "when": "controls(red, C)",
                    "result": "win",
                    "winner": "red",
                }
            },
        }
    )
    s = deal(rules)
    while not s.is_over():
        s = s.apply(s.sample_chance() if s.is_chance_node() else s.legal_actions()[-1])
    assert s.result is not None and s.result.termination is Termination.SUDDEN_DEATH
    assert s.result.cause == "sweep" and s.result.sudden_death and s.result.winners == ("red",)


def test_an_end_game_effect_names_its_source() -> None:
    rules = scenario(
        {
            "tracks": {
                "t": {
                    "name": "T",
                    "start": 9,
                    "thresholds": [
                        {"at": 10, "effects": [{"end_game": {"result": "none", "text": "war"}}]}
                    ],
                }
            },
            "cards": {
                f"k{i}": {"ops": 1, "event": [{"move_track": {"track": "t", "by": 1}}]}
                for i in range(1, 9)
            },
        }
    )
    s = deal(rules)
    s = s.apply(s.legal_actions()[0]).apply("event")
    assert s.result is not None and s.result.termination is Termination.RULES
    assert s.result.cause == "threshold t:0" and s.result.reason == "war"
