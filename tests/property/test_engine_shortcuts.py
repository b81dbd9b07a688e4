"""The engine's shortcuts give what the plain rule gives (issue 17): over positions of random
games of both shipped scenarios, each memo or filter is checked against the computation it
stands in for.

- an operation's targets, sought among the regions that pass the state-free parts of its
  condition (game.engine.targets), equal those found by trying every region;
- every region's controller kept by a State (whole, or region by region from the State it
  was made from) equals the controller worked out afresh;
- a draw or discard picked from the sorted cards (turn.card_outcome) equals the outcome the
  listed weights give for the same number;
- State.draw_cards (several draws on one working copy) reaches the state that applying
  sample_chance() draw by draw reaches;
- legal_actions() lists each option once, sorted by its text (draws are listed in card
  order, not sorted again);
- turn.is_legal (one action asked, as a replay does) agrees with legal_actions() on every
  listed option and on options of other positions;
- State.run (a roll-out's actions on one working copy) reaches the state that applying the
  same choices one State at a time reaches;
- each region's residual of an operation's conditions (game.engine.residual) gives the
  whole conditions' test and cost;
- the regions a State says changed since the one it was made from hold every region whose
  influence or forces differ (a bot values the rest from the parent's values).
"""

from __future__ import annotations

import random
from functools import cache, partial

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Action, State, new_game, residual
from game.engine import turn as turn_mod
from game.engine.decisions import ChooseOp, ChooseTarget, Ctx
from game.engine.evaluate import Eval, _controller, controller_of
from game.engine.work import Position
from game.ruleset.load import load_ruleset
from game.ruleset.model import Ruleset
from game.shipped import shipped

SCENARIOS = ("caucasus-2020", "georgia-2008")


@cache
def rules(scenario: str) -> Ruleset:
    return load_ruleset(shipped("rules", scenario))


def positions(scenario: str, seed: int, steps: int) -> list[State]:
    """Every position of a random game's first ``steps`` steps."""
    rng = random.Random(seed)
    s = new_game(rules(scenario), seed=seed)
    out = [s]
    for _ in range(steps):
        if s.is_over():
            break
        s = s.apply(s.sample_chance() if s.is_chance_node() else rng.choice(s.legal_actions()))
        out.append(s)
    return out


def every_region(s: State, frame: ChooseOp | ChooseTarget, op_id: str) -> list[str]:
    """op_targets by the plain rule: every region of the map, in order."""
    op = s.ix.rules.operations[op_id]
    if op.per_card and frame.uses.count(op_id) >= op.per_card:
        return []
    ev = Eval(s, frame.seat, None, frame.ops)
    out = []
    for region in s.ix.regions:
        ev.target = region
        if op.target(ev) and 0 <= int(op.cost(ev)) <= frame.points:
            out.append(region)
    return out


def residuals_agree(s: State, frame: ChooseOp | ChooseTarget, op_id: str) -> int:
    """Each region's residual target test and cost (game.engine.residual) give what the
    operation's whole conditions give there; returns how many regions were compared."""
    table = residual.table(s, op_id, frame.seat)
    assert table is not None, op_id  # the shipped operations all specialise
    op = s.ix.rules.operations[op_id]
    ctx = Ctx(frame.seat, None, frame.ops)
    whole, mine = Eval.of(s, ctx), Eval.of(s, ctx)
    guard = table.guard is None or bool(table.guard(mine))
    for i in range(len(table.rows)):
        region, test, fixed, cost_of = residual.reach(s, op_id, frame.seat, table.rows, i)
        whole.target = region
        met = bool(op.target(whole))
        assert (guard and (test is None or bool(test(mine)))) == met, (op_id, region, s.step)
        if met:
            assert (fixed if cost_of is None else int(cost_of(mine))) == int(op.cost(whole))
    return len(table.rows)


def differing_regions(s: State, t: State) -> set[int]:
    """The regions whose influence or forces differ between two positions of one game."""
    n = s.ix.n_actors
    return {
        i // n
        for a, b in ((s.infl, t.infl), (s.forces, t.forces))
        for i, (x, y) in enumerate(zip(a, b, strict=True))
        if x != y
    }


ODD = tuple(Action(k, arg) for k in ("done", "pass", "ops", "event", "option", "play", "target")
            for arg in ("", "x", "ceasefire"))  # fmt: skip
"""Actions no position lists, or only some do (an argument where none is taken...)."""


def random_option(rng: random.Random, p: Position) -> list[Action]:
    """A random option of the position (a roll-out's choice)."""
    acts = turn_mod.legal_actions(p)
    return [acts[rng.randrange(len(acts))]]


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(SCENARIOS), st.integers(0, 10**6))
def test_the_shortcuts_agree_with_the_plain_rules(scenario: str, seed: int) -> None:
    checked = {"targets": 0, "control": 0, "cards": 0, "changed": 0, "residuals": 0}
    seen: list[object] = []
    prev: State | None = None
    for s in positions(scenario, seed, 400):
        if prev is not None:
            changed = s.regions_changed_since(prev)
            assert changed is not None, (scenario, seed, s.step)
            differ = differing_regions(s, prev)
            assert differ <= changed, (scenario, seed, s.step, differ, changed)
            checked["changed"] += bool(changed)
        prev = s
        legal = s.legal_actions() if not s.is_over() else []
        assert legal == sorted(legal, key=str) and len(set(legal)) == len(legal), s.step
        seen = (seen + legal)[-60:]
        for a in {*legal, *seen, *ODD}:
            assert turn_mod.is_legal(s, a) == (a in legal), (scenario, seed, s.step, str(a))
        top = s.stack[-1] if s.stack and s.result is None else None
        if isinstance(top, (ChooseOp, ChooseTarget)):
            for op_id in s.ix.rules.operations:
                got = turn_mod.op_targets(s, top, op_id)
                assert got == every_region(s, top, op_id), (scenario, seed, s.step, op_id)
                checked["targets"] += 1
                checked["residuals"] += residuals_agree(s, top, op_id)
        for r in range(len(s.ix.regions)):
            assert controller_of(s, r) == _controller(s, r), (scenario, seed, s.step, r)
        checked["control"] += 1
        if s.is_chance_node():
            weights = turn_mod.chance_weights(s)
            total = sum(w for _, w in weights)
            for number in (0, 1, total - 1, total, seed * 7919 + s.step):
                pick = turn_mod.card_outcome(s, number)
                if pick is None:
                    continue
                r = number % total
                for a, w in weights:
                    if r < w:
                        assert pick == a, (scenario, seed, s.step, number)
                        break
                    r -= w
                checked["cards"] += 1
            limit = 1 + (seed + s.step) % 9
            dealt, made = s.draw_cards(limit)
            one = s
            for _ in range(made):
                one = one.apply(one.sample_chance())
            assert dealt.digest() == one.digest() and made <= limit
            if made < limit and not one.is_over():  # it stopped where the draws stop
                assert one.current_actor() != "chance" or turn_mod.card_outcome(one, 0) is None
        if s.step % 37 == 0 and not s.is_over():
            k = 1 + s.step % 11
            one, rng = s, random.Random(s.step)
            for _ in range(k):
                if one.is_over():
                    break
                one = one.apply(random_option(rng, one)[0])
            ran = s.run(partial(random_option, random.Random(s.step)), k)
            assert ran.digest() == one.digest(), (scenario, seed, s.step, k)
            changed = ran.regions_changed_since(s)
            assert changed is not None and differing_regions(ran, s) <= changed
    assert all(checked.values()), checked
