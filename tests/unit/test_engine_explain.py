"""game.engine.explain: what a legal action does and why an illegal one is refused, for
every kind of decision (matrix arguments included: two regressions of issue 12)."""

from __future__ import annotations

from game.engine import Action, ActionKind, new_game
from game.engine.explain import what, who_does, why_not
from tests.scenario_kit import deal, scenario

ARGUED = {
    "tracks": {"t": {"name": "Tension", "min": 0, "max": 10, "start": 0}},
    "arguments": {
        "corridor": {
            "title": "A corridor opens",
            "effects": [{"move_track": {"track": "t", "by": 1}}],
        }
    },
}


def test_an_argument_is_explained_as_an_argument_not_as_chance() -> None:
    rules = scenario(ARGUED, manifest={"matrix": {"enabled": True}})
    s = new_game(rules, control=True).advance_chance()
    a = Action(ActionKind.ARGUE, "corridor")
    assert s.explain(a) == "legal: red argues for 'A corridor opens'"
    ruled = s.apply(a)
    assert ruled.current_actor() == "control"
    assert ruled.explain("odds 8") == "legal: Control sets the odds: red needs 8+ on 2d6"
    assert ruled.explain("approve") == "legal: Control lets red's argument succeed"
    assert "waiting for Control to rule" in ruled.explain("play k1")
    rolled = ruled.apply("odds 8")
    assert "(it needs 8+)" in rolled.explain("roll 9")


def test_an_illegal_vote_says_what_a_vote_is() -> None:
    rules = scenario(ARGUED, manifest={"matrix": {"enabled": True, "adjudication": "vote"}})
    s = new_game(rules).advance_chance().apply("argue corridor")
    assert s.current_actor() == "blue"
    assert s.explain("vote maybe") == "illegal: a vote is 'vote yes' or 'vote no', not 'maybe'"
    assert s.explain("vote yes").startswith("legal: blue votes yes on red's argument")
    assert "waiting for blue to vote" in s.explain("play k1")


def test_an_argument_without_a_control_cell_is_refused_with_the_reason() -> None:
    rules = scenario(ARGUED, manifest={"matrix": {"enabled": True}})
    s = new_game(rules).advance_chance()
    assert why_not(s, Action(ActionKind.ARGUE, "corridor")) == (
        "arguments are ruled on by Control, and this game has no Control cell"
    )
    assert why_not(s, Action(ActionKind.ARGUE, "nope")) == "there is no argument 'nope'"


def test_chance_and_interventions_are_refused_for_what_they_are() -> None:
    rules = scenario()
    s = new_game(rules)
    assert s.current_actor() == "chance"
    assert why_not(s, Action(ActionKind.PLAY, "k1")) == (
        "the game is waiting on chance (a draw or a roll), not on a player"
    )
    assert "not a possible outcome" in (why_not(s, Action(ActionKind.DRAW, "zz")) or "")
    d = deal(rules)
    assert why_not(d, Action(ActionKind.DRAW, "k1")) == (
        "the game is waiting for red to decide, not on chance"
    )
    assert "State.apply_control" in (why_not(d, Action(ActionKind.ADJUST, "t:+1")) or "")


def test_what_a_legal_action_does() -> None:
    s = deal(scenario({"regions": {"A": {"influence": {"red": 1}}}}))
    play = s.legal_actions()[0]
    assert what(s, play).startswith("red plays 'K")
    ops = s.apply(play)  # the base cards have no event: straight to their operation points
    assert what(ops, Action(ActionKind.DONE)) == "red stops spending operation points"
    assert what(ops, Action(ActionKind.OP, "influence")) == "red uses the operation 'Influence'"
    target = ops.apply("op influence")
    assert what(target, Action(ActionKind.TARGET, "A")).startswith("red targets A with")


def test_who_does_gives_the_actor_and_the_words_apart() -> None:
    s = deal(scenario({"regions": {"A": {"influence": {"red": 1}}}}))
    play = s.legal_actions()[0]
    who, words = who_does(s, play)
    assert who == "red" and words.startswith("plays 'K") and what(s, play) == f"red {words}"
    rules = scenario(ARGUED, manifest={"matrix": {"enabled": True}})
    argued = new_game(rules, control=True).advance_chance().apply("argue corridor")
    assert who_does(argued, Action(ActionKind.APPROVE)) == (
        "Control",
        "lets red's argument succeed",
    )
