"""The roll-out policy of ISMCTS: cheap, a little less aimless than uniform random play.

A roll-out plays a few actions after the tree so that the evaluation sees the
next seats' replies. Uniformly random replies would make every seat wander the
map, so each seat here plays like a hurried player who knows what it wants:

- a random card; its own event (the card's side) more often than not;
- operation points always spent while an operation can be used;
- targets chosen among the regions its objectives and doctrine name (its
  *focus*) three times out of four when one of them is legal, else anywhere.

No evaluation runs inside a roll-out: the cost is that of a random game, and
listing every legal target (most of a random game's cost) is avoided by trying
regions from a random starting point with the engine's own target test.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Mapping

from game.engine import CHANCE, Action, State
from game.engine.decisions import (
    ChanceDiscard,
    ChanceDraw,
    ChooseMode,
    ChooseOp,
    ChooseTarget,
)
from game.engine.evaluate import Eval
from game.engine.turn import chance_weights, legal_actions
from game.engine.work import Position
from game.ruleset.expr import parse_condition
from game.ruleset.model import Ruleset

OWN_EVENT = 0.75
"""How often a seat plays its own card's event rather than its operation points."""
FOCUS = 0.75
"""How often a target is sought among the seat's focus regions first."""


def focus_regions(
    rules: Ruleset,
    doctrines: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Per actor: the regions its objectives mention (by id or through a tag), plus the
    regions its doctrine weighs positively."""
    tagged: dict[str, list[str]] = {}
    for rid, region in rules.regions.items():
        for t in region.tags:
            tagged.setdefault(t, []).append(rid)
    out: dict[str, set[str]] = {a: set() for a in rules.actors}
    for obj in rules.objectives.values():
        tree = parse_condition(obj.condition.text.strip())
        for n in ast.walk(tree):
            if isinstance(n, ast.Name) and n.id in rules.regions:
                out[obj.actor].add(n.id)
            elif (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Name)
                and n.func.id in ("controlled", "present_in")
            ):
                tag = n.args[1]
                name = tag.id if isinstance(tag, ast.Name) else getattr(tag, "value", "")
                out[obj.actor].update(tagged.get(str(name), ()))
    for actor, weights in (doctrines or {}).items():
        out.setdefault(actor, set()).update(
            k for k, w in weights.items() if k in rules.regions and w > 0
        )
    return {a: tuple(sorted(rs)) for a, rs in out.items()}


class RolloutPolicy:
    """Plays the roll-out of one iteration (see the module docstring)."""

    def __init__(self, rules: Ruleset, focus: Mapping[str, tuple[str, ...]]):
        self.rules = rules
        self.focus = dict(focus)

    def play(self, s: State, steps: int, rng: random.Random) -> State:
        """``steps`` actions (decisions and chance) from ``s``, or fewer if the game ends.
        Played on one working copy (State.run): no state is made between the steps."""

        def choose(p: Position) -> list[Action]:
            if p.current_actor() == CHANCE:
                return [sample_chance(p, rng)]
            top = p.stack[-1]
            if isinstance(top, (ChooseOp, ChooseTarget)):
                return self.operation(p, rng)  # legal by construction
            legal = legal_actions(p)
            if isinstance(top, ChooseMode) and len(legal) == 2:
                own = self.rules.cards[top.card].side == top.seat
                return [legal[0 if own and rng.random() < OWN_EVENT else 1]]  # event, ops
            return [legal[rng.randrange(len(legal))]]

        return s.run(choose, steps)

    def operation(self, s: Position, rng: random.Random) -> list[Action]:
        """A random operation use as its actions (``op``, ``target``; a target alone when one is
        asked; ``done`` when nothing is left), without listing every legal one."""
        top = s.stack[-1]
        assert isinstance(top, (ChooseOp, ChooseTarget))
        focus = self.focus.get(top.seat, ()) if rng.random() < FOCUS else ()
        regions = list(s.ix.regions)
        if isinstance(top, ChooseTarget):
            r = _target(s, top, top.op, focus, rng) or _target(s, top, top.op, regions, rng)
            assert r is not None, "an operation with no target was chosen"
            return [Action("target", r)]
        assert isinstance(top, ChooseOp)
        ops = list(self.rules.operations)
        rng.shuffle(ops)
        for pool in (focus, regions) if focus else (regions,):
            for op in ops:
                spec = self.rules.operations[op]
                if spec.per_card and top.uses.count(op) >= spec.per_card:
                    continue
                r = _target(s, top, op, pool, rng)
                if r is not None:
                    return [Action("op", op), Action("target", r)]
        return [Action("done")]


def sample_chance(s: Position, rng: random.Random) -> Action:
    """A chance outcome drawn with its probability, from ``rng`` (a search's own dice).

    A draw or a random discard is one card picked uniformly from the deck or the
    hand, which is what the engine's weights (one per copy) mean, without listing
    them; dice go through the engine's outcome table.
    """
    top = s.stack[-1]
    if isinstance(top, ChanceDraw):
        return Action("draw", s.deck[rng.randrange(len(s.deck))])
    if isinstance(top, ChanceDiscard):
        hand = s.hands[top.seat]
        return Action("discard", hand[rng.randrange(len(hand))])
    weights = chance_weights(s)
    total = sum(w for _, w in weights)
    outcomes = [(a, w / total) for a, w in weights]  # as State.chance_outcomes gives them
    r = rng.random()
    for a, p in outcomes:
        r -= p
        if r < 0:
            return a
    return outcomes[-1][0]


def random_operation(s: State, rng: random.Random) -> list[Action]:
    """A uniformly random operation and a random legal target for it (no focus)."""
    return RolloutPolicy(s.ix.rules, {}).operation(s, rng)


def _target(
    s: Position,
    frame: ChooseOp | ChooseTarget,
    op_id: str,
    regions: tuple[str, ...] | list[str],
    rng: random.Random,
) -> str | None:
    """A random legal target of ``op_id`` among ``regions`` (the engine's own test), or None:
    the first legal one from a random starting point, one random number instead of a shuffle."""
    if not regions:
        return None
    op = s.ix.rules.operations[op_id]
    ev = Eval(s, frame.seat, None, frame.ops)
    target, cost, points = op.target, op.cost, frame.points
    start = rng.randrange(len(regions))
    order: tuple[str, ...] = (*regions[start:], *regions[:start])
    for r in order:
        ev.target = r
        if target(ev) and 0 <= int(cost(ev)) <= points:
            return str(r)
    return None
