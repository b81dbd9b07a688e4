"""Specialised operation conditions (game.engine.residual) and values worked out from a parent
(game.ai.value): the cases the shipped scenarios do not reach (found in review, issue 17)."""

from __future__ import annotations

import pytest

from game.ai.value import Evaluator
from game.engine import residual
from game.engine.decisions import Ctx
from game.engine.evaluate import Eval
from tests.scenario_kit import deal, scenario

ARITHMETIC = {
    "regions": {"A": {"influence": {"red": 1}}, "C": {"influence": {"blue": 2}}},
    "operations": {
        "influence": {
            "name": "Influence",
            # the checker writes x // y as x // (y or 1): an `or` over numbers
            "cost": "1 + ops // 2 + ops % 3 + stability(target) // 2 + ops // 0 - ops",
            "target": "reach(self, target) and ops // 2 >= 1 and 7 // 2 == 3 and 5 % 0 == 0",
            "effects": [{"add_influence": {"actor": "self", "region": "target"}}],
        },
    },
}


@pytest.mark.parametrize("ops", range(6))
def test_floor_division_and_modulo_keep_their_values(ops: int) -> None:
    """Regression: `y or 1` (the divisor guard) was folded as a truth, to True, so every
    `x // y` read `x // 1` and every `x % y` read 0."""
    rules = scenario(ARITHMETIC)
    s = deal(rules)
    op = rules.operations["influence"]
    compared = 0
    for seat in rules.manifest.seats:
        table = residual.table(s, "influence", seat)
        assert table is not None
        ctx = Ctx(seat, None, ops)
        whole, mine = Eval.of(s, ctx), Eval.of(s, ctx)
        guard = table.guard is None or bool(table.guard(mine))
        for i in range(len(table.rows)):
            region, test, fixed, cost_of = residual.reach(s, "influence", seat, table.rows, i)
            whole.target = region
            assert (guard and (test is None or bool(test(mine)))) == bool(op.target(whole))
            assert (fixed if cost_of is None else int(cost_of(mine))) == int(op.cost(whole))
            compared += 1
    assert compared >= 4


def test_a_condition_whose_reads_are_not_known_is_worked_out_again() -> None:
    """Regression: a position with its parent's tables but another flag kept the parent's
    degree for an objective whose inputs cannot be named (a quoted flag id)."""
    rules = scenario(
        {
            "flags": {"war": {}},
            "objectives": {
                "peace": {"actor": "red", "title": "Peace", "condition": "not flag('war')"},
            },
        }
    )
    s = deal(rules)
    ev = Evaluator(rules, rules.manifest.seats, {})
    i = ev.obj_index["peace"]
    assert ev.degrees(s)[i] > 0.5
    assert ev._always  # the case under test: a condition with no key
    t = s.with_changes(flags=s.flags | {"war"})
    assert t.infl is s.infl and t.forces is s.forces  # the same tables: valued from s's
    fresh = Evaluator(rules, rules.manifest.seats, {})
    assert ev.degrees(t) == fresh.degrees(t) and ev.degrees(t)[i] < 0.5
    assert ev.utility(t, "red") == fresh.utility(t, "red")
