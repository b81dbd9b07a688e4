"""The Control cell, injects and matrix arguments: each rule with a minimal position."""

from __future__ import annotations

import pytest

from game.engine import CHANCE, CONTROL, ActionSyntaxError, IllegalAction, new_game
from game.session import storage
from game.session.replay import replay_states, resume
from game.session.session import Session
from tests.scenario_kit import deal, play_until, scenario

TRACK = {"t": {"name": "T", "min": 0, "max": 10, "start": 0}}


def test_control_adjustments_are_logged_with_their_reason_and_replay_exactly() -> None:
    rules = scenario({"tracks": TRACK})
    session = Session(rules, seed=3, control=True)
    session.act(session.state.legal_actions()[0])
    session.control("adjust t:+3", "the talks collapsed off-stage")
    session.control("influence red:C:4", "a local ally switches sides")
    session.control("vp blue:5", "bonus for the best brief")
    s = session.state
    assert s.tracks["t"] == 3 and s.influence("red", "C") == 4 and s.vp["blue"] == 5
    texts = [e.text for e in s.log_entries()]
    assert "Control adjusts t by +3 (reason: the talks collapsed off-stage)" in texts
    steps = [st for st in session.record.steps if st.actor == CONTROL]
    assert [(st.action, st.reason) for st in steps] == [
        ("adjust t:+3", "the talks collapsed off-stage"),
        ("influence red:C:4", "a local ally switches sides"),
        ("vp blue:5", "bonus for the best brief"),
    ]
    again = resume(storage.loads(storage.dumps(session.record)), rules)
    assert again.state.digest() == s.digest()
    assert replay_states(session.record, rules)[-1].digest() == s.digest()


def test_every_intervention_needs_a_reason_and_a_control_cell() -> None:
    rules = scenario({"tracks": TRACK})
    session = Session(rules, control=True)
    with pytest.raises(IllegalAction, match="reason"):
        session.control("adjust t:+1", "  ")
    with pytest.raises(IllegalAction, match="no Control cell"):
        new_game(rules).advance_chance().apply_control("adjust t:+1", "x")
    s = new_game(rules, control=True).advance_chance()
    for bad, error, words in [
        ("adjust nope:+1", IllegalAction, "no track 'nope'"),
        ("adjust t", ActionSyntaxError, "write it like"),
        ("influence red:Q:1", IllegalAction, "no region 'Q'"),
        ("forces red:A:500", IllegalAction, "between"),
        ("adjust t:lots", ActionSyntaxError, "whole number"),
        ("play k1", ActionSyntaxError, "not a Control intervention"),
    ]:
        with pytest.raises(error, match=words):
            s.apply_control(bad, "because")


INJECTS = {
    "tracks": TRACK,
    "flags": {"mediated": {"text": "a mediator is in place"}},
    "events": {
        "talks": {
            "title": "Talks open",
            "trigger": {"turn": 2},
            "msel": "M-01",
            "effects": [{"move_track": {"track": "t", "by": 1}}],
            "contingency": {"when": "flag(mediated)", "use": "mediated_talks"},
        },
        "mediated_talks": {
            "title": "Mediated talks",
            "manual": True,
            "effects": [{"move_track": {"track": "t", "by": 5}}],
        },
        "storm": {
            "title": "Storm",
            "trigger": {"turn": 3},
            "effects": [{"set_track": {"track": "t", "to": 9}}],
        },
    },
}


def test_an_inject_fires_exactly_once_at_its_trigger() -> None:
    rules = scenario(INJECTS)
    s = play_until(deal(rules), lambda st: st.turn == 2 and st.phase == "actions")
    assert s.tracks["t"] == 1 and s.fired == {"talks"}
    s = play_until(s, lambda st: st.turn == 4 and st.phase == "actions")
    assert s.tracks["t"] == 9 and s.fired == {"talks", "storm"}
    assert sum("Talks open" in e.text for e in s.log_entries()) == 1


def test_a_contingency_replaces_its_inject_when_its_condition_holds() -> None:
    rules = scenario(
        {
            **INJECTS,
            "events": {
                **INJECTS["events"],
                "mediation": {
                    "title": "Mediation",
                    "trigger": {"turn": 1},
                    "effects": [{"set_flag": "mediated"}],
                },
            },
        }
    )
    s = play_until(deal(rules), lambda st: st.turn == 2 and st.phase == "actions")
    assert s.tracks["t"] == 5  # mediated_talks (+5) instead of talks (+1)
    assert {"talks", "mediated_talks"} <= s.fired
    texts = [e.text for e in s.log_entries()]
    assert "inject talks is replaced by its contingency mediated_talks" in texts


def test_control_fires_delays_and_skips_injects() -> None:
    rules = scenario(INJECTS)
    s = new_game(rules, control=True).advance_chance()
    fired = s.apply_control("fire mediated_talks", "an early push")
    assert fired.tracks["t"] == 5 and "mediated_talks" in fired.fired
    with pytest.raises(IllegalAction, match="already fired"):
        fired.apply_control("fire mediated_talks", "again")
    delayed = s.apply_control("delay talks:3", "the delegations are late")
    d2 = play_until(delayed, lambda st: st.turn == 2 and st.phase == "actions")
    assert "talks" not in d2.fired
    d3 = play_until(d2, lambda st: st.turn == 3 and st.phase == "actions")
    assert "talks" in d3.fired
    skipped = s.apply_control("skip storm", "not in this run of the game")
    s4 = play_until(skipped, lambda st: st.turn == 4 and st.phase == "actions")
    assert s4.tracks["t"] != 9
    with pytest.raises(IllegalAction, match="later turn"):
        s.apply_control("delay talks:1", "x")


MATRIX = {
    "tracks": TRACK,
    "arguments": {
        "corridor": {
            "title": "A humanitarian corridor opens",
            "effects": [{"move_track": {"track": "t", "by": 2}}],
        },
    },
}


def test_control_adjudicates_an_argument_and_dice_decide() -> None:
    rules = scenario(MATRIX, manifest={"matrix": {"enabled": True}})
    assert "argue corridor" not in [str(a) for a in deal(rules).legal_actions()]  # no Control
    s = new_game(rules, control=True).advance_chance()
    assert "argue corridor" in [str(a) for a in s.legal_actions()]
    s = s.apply("argue corridor")
    assert s.current_actor() == CONTROL
    assert s.view_for(CONTROL).legal and not s.view_for("red").legal
    s = s.apply("odds 8")
    assert s.current_actor() == CHANCE
    assert dict((str(a), p) for a, p in s.chance_outcomes())["roll 7"] == pytest.approx(6 / 36)
    win, lose = s.apply("roll 8"), s.apply("roll 7")
    assert win.tracks["t"] == 2 and win.facts == (("red", "corridor"),)
    assert lose.tracks["t"] == 0 and lose.facts == ()
    assert win.current_actor() == "blue"  # the argument took red's action round
    assert "argue corridor" not in [str(a) for a in win.legal_actions()]  # established
    assert any(
        e.text == "established fact: A humanitarian corridor opens" for e in win.log_entries()
    )


def test_control_may_approve_or_deny_outright() -> None:
    rules = scenario(MATRIX, manifest={"matrix": {"enabled": True}})
    s = new_game(rules, control=True).advance_chance().apply("argue corridor")
    assert s.apply("approve").facts == (("red", "corridor"),)
    assert s.apply("deny").facts == ()


def test_the_table_votes_the_odds_when_the_scenario_says_so() -> None:
    rules = scenario(
        MATRIX, manifest={"matrix": {"enabled": True, "adjudication": "vote", "need": 9}}
    )
    s = deal(rules).apply("argue corridor")
    assert s.current_actor() == "blue" and [str(a) for a in s.legal_actions()] == [
        "vote no",
        "vote yes",
    ]
    s = s.apply("vote yes")
    assert s.current_actor() == CHANCE
    assert "the table votes 1–0: red needs 8+ on 2d6" in [e.text for e in s.log_entries()]


def test_an_argument_and_its_words_are_recorded() -> None:
    rules = scenario(MATRIX, manifest={"matrix": {"enabled": True}})
    session = Session(rules, seed=1, control=True)
    session.act(
        "argue corridor",
        "red",
        text="Both sides need the road for the wounded",
        reason="the Red Cross is already there",
    )
    session.act("odds 6", CONTROL)
    step = session.record.steps[-2] if session.record.steps[-1].actor == CHANCE else None
    argued = next(st for st in session.record.steps if st.action == "argue corridor")
    assert argued.text == "Both sides need the road for the wounded"
    assert argued.reason == "the Red Cross is already there"
    assert step is not None and step.action == "odds 6" and step.actor == CONTROL
    assert replay_states(session.record, rules)[-1].digest() == session.state.digest()


def test_firing_a_contingency_by_hand_spends_the_inject_it_replaces() -> None:
    rules = scenario({**INJECTS, "flags": {"mediated": {"text": "x", "start": True}}})
    s = new_game(rules, control=True).advance_chance()
    s = s.apply_control("fire mediated_talks", "early")
    assert s.tracks["t"] == 5
    s2 = play_until(s, lambda st: st.turn == 2 and st.phase == "actions")
    assert s2.tracks["t"] == 5  # 'talks' did not fire its replacement a second time
    assert "inject talks is spent: its contingency mediated_talks has already fired" in [
        e.text for e in s2.log_entries()
    ]


def test_a_private_inject_fired_by_control_stays_private() -> None:
    rules = scenario(
        {
            **INJECTS,
            "events": {
                **INJECTS["events"],
                "tip": {
                    "title": "A tip-off",
                    "manual": True,
                    "visibility": "private",
                    "audience": ["red"],
                },
            },
        }
    )
    s = new_game(rules, control=True).advance_chance().apply_control("fire tip", "for red")
    blue = [e.text for e in s.view_for("blue").log]
    red = [e.text for e in s.view_for("red").log]
    assert not any("tip" in t.lower() for t in blue)
    assert "Control fired an inject" in blue and "Control fired tip (reason: for red)" in red


def test_a_manual_inject_cannot_be_delayed() -> None:
    s = new_game(scenario(INJECTS), control=True).advance_chance()
    with pytest.raises(IllegalAction, match="manual"):
        s.apply_control("delay mediated_talks:3", "later")


def test_random_bots_make_no_matrix_arguments() -> None:
    from game.ai.random_bot import RandomBot

    rules = scenario(MATRIX, manifest={"matrix": {"enabled": True}})
    s = new_game(rules, control=True).advance_chance()
    bot = RandomBot(1)
    assert all(bot.choose(s.view_for("red")).kind != "argue" for _ in range(50))


def test_an_audience_on_a_public_inject_is_flagged() -> None:
    import yaml

    from game.ruleset.load import build_ruleset
    from tests.scenario_kit import BASE_MANIFEST, BASE_RULES, merge

    rules = merge(
        BASE_RULES,
        {
            "events": {
                "a": {"title": "A", "trigger": {"turn": 1}, "audience": ["red"]},
                "b": {"title": "B", "trigger": {"turn": 1}, "visibility": "private"},
            }
        },
    )
    _, diags = build_ruleset(
        {"scenario.yaml": yaml.safe_dump(BASE_MANIFEST), "rules.yaml": yaml.safe_dump(rules)}
    )
    assert sorted(d.message.split("'")[1] for d in diags if d.code == "W0319") == ["a", "b"]


def test_a_control_change_that_meets_an_end_condition_ends_the_game_at_once() -> None:
    """Escalation set to 10 by Control is the regional war, as the help says: no card first."""
    from game.ruleset.load import load_ruleset
    from tests.scenario_kit import ROOT

    rules = load_ruleset(ROOT / "rules" / "caucasus-2020")
    session = Session(rules, seed=1, control=True)
    state = session.control("adjust escalation:+9", "the front collapses")
    assert state.tracks["escalation"] == 10
    assert state.is_over() and state.result is not None
    assert state.result.reason == "Regional war" and state.legal_actions() == []


def test_control_never_leaves_a_seat_without_a_legal_action() -> None:
    """Issue 15 item 2: seed 0, a seat choosing the target of an offensive, Control sets the
    peace process to 10, and no target was left. Now the choice goes back to the operation;
    and over seeded games with Control moving tracks at random points, a game that is not
    over always has a legal action."""
    import random

    from game.ruleset.load import load_ruleset
    from tests.scenario_kit import DEFAULT

    rules = load_ruleset(DEFAULT)
    s = Session(rules, seed=0, control=True)
    for _ in range(60):
        legal = [str(a) for a in s.state.legal_actions()]
        if "op offensive" in legal:
            s.act("op offensive")
            break
        s.act(legal[0])
    assert s.state.stack[-1].__class__.__name__ == "ChooseTarget"
    s.control("adjust ceasefire:10", "a truce holds everywhere")
    legal = [str(a) for a in s.state.legal_actions()]
    assert not s.state.is_over() and "done" in legal and "op offensive" not in legal
    tracks = list(rules.tracks)
    for seed in range(3):
        rng = random.Random(seed)
        s = Session(rules, seed=seed, control=True)
        for _ in range(400):
            if s.state.is_over():
                break
            if rng.random() < 0.15:
                track = rng.choice(tracks)
                s.control(f"adjust {track}:{rng.choice([-3, -1, 1, 3, 10])}", "a test")
            else:
                assert s.state.legal_actions(), (seed, s.state.stack[-1])
                s.act(rng.choice(s.state.legal_actions()))
            assert s.state.is_over() or s.state.legal_actions(), (seed, s.state.stack[-1])
