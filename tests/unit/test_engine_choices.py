"""game.engine.choices and game.engine.status: the decision at hand and where objectives and
injects stand, as the view carries them."""

from __future__ import annotations

from game.engine import CONTROL, Action, ActionKind, new_game
from game.engine.choices import DecisionKind
from game.engine.scoring import objective_met
from game.engine.status import InjectState
from tests.scenario_kit import deal, scenario

BOARD = {"regions": {"A": {"influence": {"red": 1}}, "C": {"influence": {"blue": 4}}}}


def test_a_card_decision_offers_the_hand_to_its_seat_only() -> None:
    s = deal(scenario(BOARD))
    mine = s.view_for("red").decision
    assert mine.kind == DecisionKind.CARD and mine.actor == "red"
    assert [c.action for c in mine.options] == s.legal_actions()
    assert all(c.label.endswith("ops)") for c in mine.options)
    assert [r.action for r in mine.refused] == [Action(ActionKind.PASS)]
    theirs = s.view_for("blue").decision
    assert theirs.kind == DecisionKind.CARD and theirs.actor == "red" and theirs.options == ()
    assert len(s.view_for(CONTROL).decision.options) == len(s.legal_actions())


def test_operations_and_targets_carry_points_costs_and_refusals() -> None:
    s = deal(scenario(BOARD))
    s = s.apply(s.legal_actions()[0])
    d = s.view_for("red").decision
    assert d.kind == DecisionKind.OPERATION and d.points == d.ops and d.card is not None
    t = s.apply("op influence")
    d = t.view_for("red").decision
    assert d.kind == DecisionKind.TARGET and d.op == "influence"
    costs = {c.action.arg: c.cost for c in d.options}
    assert costs["A"] == 1
    refused = {r.action.arg: r.reason for r in d.refused}
    assert "C" in refused and "only if Red is present in or next to the target" in refused["C"]
    assert set(costs) | set(refused) == {"A", "B", "C"}
    bot = t.view_for("red", with_log=False).decision
    assert bot.options == d.options and bot.refused == ()  # bots skip the reasons


def test_a_card_whose_event_is_not_its_seats_goes_straight_to_operations() -> None:
    rules = scenario(
        {
            **BOARD,
            "cards": {
                f"k{i}": {"ops": 2, "side": "blue", "event": [{"set_flag": "f"}]}
                for i in range(1, 9)
            },
            "flags": {"f": {}},
        }
    )
    s = deal(rules)
    s = s.apply(s.legal_actions()[0])  # blue's event: red goes straight to operations
    assert s.view_for("red").decision.kind == DecisionKind.OPERATION


def test_objective_and_inject_status_come_with_the_view() -> None:
    rules = scenario(
        {
            **BOARD,
            "objectives": {
                "red_a": {"actor": "red", "title": "Hold A", "condition": "controls(self, A)"},
                "blue_c": {
                    "actor": "blue",
                    "title": "Hold C",
                    "condition": "controls(self, C)",
                    "scoring": "once",
                },
            },
            "events": {
                "soon": {"title": "Soon", "trigger": {"turn": 3}},
                "quiet": {
                    "title": "Quiet",
                    "manual": True,
                    "visibility": "private",
                    "audience": ["blue"],
                },
                "later": {"title": "Later", "trigger": {"turn": 4}},
            },
        }
    )
    s = new_game(rules, control=True).advance_chance()
    status = {o.id: o for o in s.view_for("red").objectives}
    assert status["blue_c"].holds == objective_met(s, "blue_c")
    assert status["blue_c"].achieved is False  # a `once` objective counts when it has scored
    s = s.apply_control("skip soon", "not this time").apply_control("delay later:4", "x")
    red = {i.id: i.state for i in s.view_for("red").injects}
    assert red == {"soon": InjectState.SKIPPED, "later": InjectState.DELAYED}  # no 'quiet'
    blue = {i.id: i.state for i in s.view_for("blue").injects}
    assert blue["quiet"] is InjectState.MANUAL
    assert s.view_for("red", with_log=False).injects == ()


def test_the_question_names_cards_and_operations_by_title_without_the_seat_id() -> None:
    rules = scenario(
        {**BOARD, "cards": {f"k{i}": {"title": f"Card {i}", "ops": 1} for i in range(1, 9)}}
    )
    s = deal(rules)
    d = s.view_for("red").decision
    assert d.question == "Choose a card to play" and d.prompt == "red: choose a card to play"
    ops = s.apply(s.legal_actions()[0])
    q = ops.view_for("blue").decision.question  # the same words for whoever looks
    assert q == "Spend operation points (1 left) or stop"
    target = ops.apply("op influence").view_for("red").decision
    assert target.question == "Choose a target region for Influence"
    assert "red" not in target.question
