"""Home ground, victory by margin over par, historical indicators and doctrines from YAML.

Rule clauses in the style of tests/unit/test_rule_clauses.py: a minimal position in
YAML beside the outcome the rules promise.
"""

from __future__ import annotations

import pytest

from game.ai.doctrine import doctrine_names, doctrine_title, resolve_doctrine
from game.ai.progress import FastEval
from game.ai.registry import check_bot, parse_bot
from game.engine import new_game
from game.engine.evaluate import control_margin
from game.engine.indicators import distance_from_history, matched, read_indicators, readings
from game.engine.outcome import Termination
from game.engine.resolve import end_game
from game.engine.work import Work
from tests.scenario_kit import scenario

HOME = {"control": {"home_weight": 2, "outsider_needs_forces": ["capital"]}}


def test_home_influence_counts_double_when_control_is_decided() -> None:
    rules = scenario(
        {
            "regions": {
                "A": {"home": "blue", "influence": {"red": 4, "blue": 2}},  # blue counts 4: tie
                "B": {"home": "blue", "influence": {"red": 1, "blue": 1}},  # 2 vs 1, stability 1
                "C": {"influence": {"red": 4, "blue": 1}},  # nobody's home: red by 3 = stability
            }
        },
        manifest={"control": {"home_weight": 2}},
    )
    s = new_game(rules)
    assert (s.controller("A"), s.controller("B"), s.controller("C")) == ("nobody", "blue", "red")


def test_an_outsider_takes_a_capital_only_with_forces_there() -> None:
    rules = scenario(
        {
            "regions": {
                "A": {"home": "blue", "tags": ["capital"], "influence": {"red": 9, "blue": 1}},
                "B": {
                    "home": "blue",
                    "tags": ["capital"],
                    "influence": {"red": 9, "blue": 1},
                    "forces": {"red": 1},
                },
                "C": {"tags": ["capital"], "influence": {"red": 9}},  # nobody's home: no rule
            }
        },
        manifest=HOME,
    )
    s = new_game(rules)
    # A: red's influence without troops neither takes blue's capital nor contests it.
    assert (s.controller("A"), s.controller("B"), s.controller("C")) == ("blue", "red", "red")
    ix = s.ix
    red, a = ix.actor_idx["red"], ix.region_idx["A"]
    assert control_margin(s, a, red) == -1  # one deployment short, however much influence
    ev = FastEval(s, "red")
    assert ev.f_controls("red", "B") and not ev.f_controls("red", "A")
    assert ev.margin("red", "A") == -1


def test_without_a_control_rule_home_changes_nothing() -> None:
    rules = scenario({"regions": {"A": {"home": "blue", "influence": {"red": 3, "blue": 1}}}})
    assert new_game(rules).controller("A") == "red"


MARGIN = {"victory": {"by": "margin"}}
PARS = {"actors": {"red": {"par": 5}, "blue": {"par": 1}}}


def test_victory_by_margin_judges_each_actor_against_its_own_par() -> None:
    rules = scenario(PARS, manifest=MARGIN)
    s = Work.of(new_game(rules))
    s.own_vp().update(red=6, blue=3)  # red has more points, blue beats its par by more
    assert s.margins() == {"red": 1, "blue": 2}
    end_game(s, "most_vp", (), "the last turn is over", Termination.LAST_TURN)
    assert s.result is not None and s.result.winners == ("blue",)
    assert s.result.termination is Termination.LAST_TURN and not s.result.sudden_death
    assert [(x.seat, x.margin, x.rank, x.winner) for x in s.result.standings] == [
        ("blue", 2, 1, True),
        ("red", 1, 2, False),
    ]


def test_equal_margins_share_the_win() -> None:
    rules = scenario(PARS, manifest=MARGIN)
    s = Work.of(new_game(rules))
    s.own_vp().update(red=7, blue=3)
    end_game(s, "most_vp", (), "the last turn is over", Termination.LAST_TURN)
    assert s.result is not None and s.result.kind == "shared"
    assert s.result.winners == ("red", "blue")


def test_without_margin_victory_pars_are_ignored() -> None:
    rules = scenario(PARS)
    s = new_game(rules).with_changes(vp={"red": 6, "blue": 3})
    assert s.margins() == {"red": 6, "blue": 3}


INDICATORS = {
    "tracks": {"tension": {"name": "Tension", "start": 4}},
    "indicators": {
        "red_holds_a": {
            "title": "Red holds A",
            "condition": "controls(red, A)",
            "historical": True,
        },
        "calm": {"title": "Calm", "condition": "track(tension) <= 2", "historical": True},
        "tension": {"title": "Tension", "value": "track(tension)", "historical": 1, "scale": 6},
    },
    "regions": {"A": {"influence": {"red": 3}}},
}


def test_indicators_are_read_off_the_state_and_set_against_history() -> None:
    rules = scenario(INDICATORS)
    s = new_game(rules)
    values = read_indicators(s)
    assert values == {"red_holds_a": True, "calm": False, "tension": 4}
    got = {r.id: (r.distance, r.matches) for r in readings(rules, values)}
    assert got == {"red_holds_a": (0.0, True), "calm": (1.0, False), "tension": (0.5, False)}
    assert distance_from_history(rules, values) == pytest.approx(1.5 / 3)
    assert matched(rules, values) == 1


def test_a_number_within_half_a_step_of_history_matches() -> None:
    rules = scenario(INDICATORS)
    far = {r.id: r.matches for r in readings(rules, {"tension": 20})}
    near = {r.id: r.distance for r in readings(rules, {"tension": 1})}
    assert far == {"tension": False} and near == {"tension": 0.0}


DOCTRINES = {
    "tracks": {"tension": {"name": "Tension"}},
    "actors": {
        "red": {
            "doctrine": {"tension": -1.0, "A": 0.5},
            "doctrines": {
                "hawk": {
                    "title": "The hawk",
                    "text": "Wants it tense.",
                    "weights": {"tension": 1.0},
                },
                "dove": {"title": "The dove", "weights": {"A": 0}},
            },
        }
    },
}


def test_named_doctrines_come_from_the_yaml_and_merge_over_the_doctrine() -> None:
    rules = scenario(DOCTRINES)
    assert doctrine_names(rules, "red") == ("scenario", "vp_only", "hawk", "dove")
    assert doctrine_names(rules, "blue") == ("scenario", "vp_only")
    assert resolve_doctrine(rules, "red", "hawk") == {"tension": 1.0, "A": 0.5}
    assert resolve_doctrine(rules, "red", "dove") == {"tension": -1.0}  # 0 drops a key
    assert resolve_doctrine(rules, "red", "scenario") == {"tension": -1.0, "A": 0.5}
    assert doctrine_title(rules, "red", "hawk") == "The hawk"
    with pytest.raises(ValueError, match="did you mean 'hawk'"):
        resolve_doctrine(rules, "red", "hawks")


def test_a_bot_is_named_with_its_doctrine_on_the_command_line() -> None:
    rules = scenario(DOCTRINES)
    assert parse_bot("heuristic:hawk") == ("heuristic", "hawk")
    assert parse_bot("ismcts") == ("ismcts", None)
    assert check_bot("heuristic:hawk", "red", rules) == "heuristic:hawk"
    with pytest.raises(ValueError, match="did you mean 'heuristic'"):
        check_bot("heuristc:hawk", "red", rules)
    with pytest.raises(ValueError, match="did you mean 'dove'"):
        check_bot("heuristic:doves", "red", rules)
    with pytest.raises(ValueError, match="no doctrine after"):
        check_bot("heuristic:", "red", rules)
    with pytest.raises(ValueError, match="random bot plays no doctrine"):
        check_bot("random:hawk", "red", rules)
    with pytest.raises(ValueError, match="no doctrine 'hawk' for blue"):
        check_bot("heuristic:hawk", "blue", rules)
