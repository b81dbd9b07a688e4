"""Why not, in words: the part of a condition that fails now, said against the state.

"needs: track(minsk_group) <= 3" tells a player nothing they can act on. This
module finds the clause that fails (the first false part of an ``and``, every
part of an ``or``) and says it with names and the value it has now: "only if
Minsk Group relevance is at most 3 — it is 5". The clauses are compiled by the
condition language's own checker and evaluated on the same :class:`Eval` as
the rules, so the words cannot disagree with what the engine decided.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from game.engine.decisions import Ctx
from game.engine.evaluate import NOBODY, Eval
from game.ruleset.diagnostics import Pos
from game.ruleset.expr import FUNCTIONS, VARIABLES, Checker, Expr, parse_condition
from game.ruleset.model import REF_COLLECTION, Ruleset
from game.ruleset.words import Namer

if TYPE_CHECKING:
    from game.engine.work import Position

_DASH = " \u2014 "


_IDS: dict[int, tuple[Ruleset, dict[str, frozenset[str]]]] = {}


def checker_ids(rules: Ruleset) -> dict[str, frozenset[str]]:
    """The ids of each kind, for the checker (kept per ruleset: a ruleset is not hashable)."""
    hit = _IDS.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    ids = {kind: frozenset(getattr(rules, coll)) for kind, coll in REF_COLLECTION.items()}
    ids["tag"] = frozenset(t for r in rules.regions.values() for t in r.tags)
    if len(_IDS) > 8:
        _IDS.clear()
    _IDS[id(rules)] = (rules, ids)
    return ids


_TREES: dict[str, ast.expr] = {}
"""Parsed condition texts: views for people explain many conditions, over and over."""
_CODE: dict[tuple[int, int] | tuple[int, int, str], tuple[Ruleset, Any]] = {}
"""Compiled parts, by (ruleset, node) identity, each with its ruleset: the trees above are
kept, so a node's id holds; a ruleset's may be reused once it is freed, so a hit is taken
only when its ruleset is the very one asking."""


def _keep(key: tuple[int, int] | tuple[int, int, str], rules: Ruleset, fn: Any) -> None:
    """Keep compiled code; bounded, since each entry holds its ruleset alive (a run that
    loads many rule sets, such as the fuzz tests, would otherwise keep them all)."""
    if len(_CODE) > 16384:
        _CODE.clear()
    _CODE[key] = (rules, fn)


def _tree(text: str) -> ast.expr:
    tree = _TREES.get(text)
    if tree is None:
        if len(_TREES) > 4096:
            _TREES.clear()
            _CODE.clear()
        tree = _TREES[text] = parse_condition(text.strip()).body
    return tree


class Reasons:
    """Evaluates the parts of conditions for one state and one context, and words them."""

    def __init__(self, s: Position, ctx: Ctx) -> None:
        self.s = s
        self.ctx = ctx
        self.ev = Eval.of(s, ctx)
        self.say = Namer(s.ix.rules, ctx.actor)
        self.checker = Checker(
            checker_ids(s.ix.rules), frozenset(VARIABLES), "a condition", Pos("", 0, 0)
        )

    def value(self, node: ast.AST) -> Any:
        """A part's value now (``node`` is part of a kept tree: its code is kept by its id)."""
        rules = self.s.ix.rules
        key = (id(rules), id(node))
        hit = _CODE.get(key)
        if hit is not None and hit[0] is rules:
            return hit[1](self.ev)
        fn, _ = self.checker.node(node)
        _keep(key, rules, fn)
        return fn(self.ev)

    def derived(self, n: ast.Call, fname: str) -> Any:
        """The compiled ``fname(<n's last argument>)`` ('controls(a, X)' gives the code of
        'controller(X)'), kept by ``n``'s identity: ``n`` is part of a kept tree, and a view
        for people words the same clauses at every step (compiling them anew cost a
        networked game's server a Python ``compile`` per update)."""
        rules = self.s.ix.rules
        key = (id(rules), id(n), fname)
        hit = _CODE.get(key)
        if hit is not None and hit[0] is rules:
            return hit[1]
        fn, _ = self.checker.node(ast.Call(ast.Name(fname), [n.args[-1]], []))
        _keep(key, rules, fn)
        return fn

    def unmet(self, expr: Expr) -> str | None:
        """None when ``expr`` holds; else what fails and how things stand ('Minsk Group
        relevance is at most 3 — it is 5')."""
        if expr(self.ev):
            return None
        try:
            return self.failing(_tree(expr.text))
        except Exception:  # words are a courtesy: the decision stands anyway
            return self.say.condition(expr)

    def failing(self, n: ast.AST) -> str:
        """Words for a node known to be false."""
        if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.And):
            for part in n.values:
                if not self.value(part):
                    return self.failing(part)
        if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.Or):
            open_ = [p for p in n.values if self.seat_may(p)]
            if not open_:
                others = [a for p in n.values for a in self.seats_named(p)]
                if others:
                    return "played by " + " or ".join(self.say.actor(a) for a in others)
                open_ = list(n.values)
            return " or ".join(self.failing(part) for part in open_)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            inner = n.operand
            if isinstance(inner, ast.BoolOp):  # not (a or b) fails when a part holds
                for part in inner.values:
                    if isinstance(inner.op, ast.Or) and self.value(part):
                        return self.holding_negated(part)
                return self.say.fails(inner)
            return self.holding_negated(inner)
        return self.say.holds(n) + self.now(n)

    def seat_may(self, n: ast.AST) -> bool:
        """False when ``n`` requires another seat than the one asking ('self == armenia')."""
        parts = n.values if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.And) else [n]
        return all(self.value(p) for p in parts if _is_self_test(p))

    def seats_named(self, n: ast.AST) -> list[str]:
        """The actors a part is reserved to ('self == armenia and …' gives ['armenia'])."""
        parts = n.values if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.And) else [n]
        out = []
        for p in parts:
            if _is_self_test(p) and isinstance(p, ast.Compare) and isinstance(p.ops[0], ast.Eq):
                other = p.comparators[0]
                if isinstance(other, ast.Name):
                    out.append(other.id)
        return out

    def holding_negated(self, n: ast.AST) -> str:
        """Words for 'not n' where n holds: the negation, then how it stands."""
        return self.say.fails(n) + self.now(n)

    def now(self, n: ast.AST) -> str:
        """How a clause stands now ('— it is 5', '— Armenia controls it')."""
        if isinstance(n, ast.Compare) and len(n.ops) == 1:
            for side in (n.left, n.comparators[0]):
                if isinstance(side, ast.Name) and side.id == "turn":
                    return f"{_DASH}it is {self.say.turn(self.s.turn)}"
                if isinstance(side, ast.Call) and isinstance(side.func, ast.Name):
                    fname = side.func.id
                    if fname == "controller":
                        return self.controlled_by(self.value(side))
                    if fname in ("influence", "forces"):
                        k = self.value(side)
                        return f"{_DASH}{'it has none' if k == 0 else f'it has {k}'}"
                    if fname in FUNCTIONS and FUNCTIONS[fname].result == "int":
                        return f"{_DASH}it is {self.value(side)}"
            return ""
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            fname = n.func.id
            if fname == "flag":
                return f"{_DASH}{'there is' if self.value(n) else 'not yet'}"
            if fname == "controls" and len(n.args) == 2:
                return self.controlled_by(self.derived(n, "controller")(self.ev))
        return ""

    def controlled_by(self, who: str) -> str:
        return f"{_DASH}{self.say.actor(who) if who != NOBODY else 'nobody'} controls it"


def _is_self_test(n: ast.AST) -> bool:
    """'self == X' or 'self != X': a test of who is playing."""
    return (
        isinstance(n, ast.Compare)
        and len(n.ops) == 1
        and isinstance(n.ops[0], (ast.Eq, ast.NotEq))
        and isinstance(n.left, ast.Name)
        and n.left.id == "self"
    )


def condition_refusal(s: Position, expr: Expr, ctx: Ctx) -> str | None:
    """None when the condition holds now; else 'only if … — how it stands'."""
    missing = Reasons(s, ctx).unmet(expr)
    return None if missing is None else "only if " + missing


def condition_missing(s: Position, expr: Expr, ctx: Ctx) -> str | None:
    """None when the condition holds now; else the part that fails and how it stands."""
    return Reasons(s, ctx).unmet(expr)


def event_refusal(s: Position, seat: str, card_id: str) -> str | None:
    """None when ``seat`` may play the card's event now; else why not, in words."""
    rules = s.ix.rules
    card = rules.cards[card_id]
    say = Namer(rules, seat)
    if card.side != "neutral" and card.side != seat:
        return (
            f"it is {say.actor(card.side)}\u2019s event; "
            f"{say.actor(seat)} may use only its operation points"
        )
    lo, hi = s.ix.card_window[card_id]
    if s.turn < lo:
        return f"its event may be played from {say.turn(lo)} on; it is {say.turn(s.turn)}"
    if s.turn > hi:
        return f"its event could be played only until {say.turn(hi)}; it is {say.turn(s.turn)}"
    if card.when is not None:
        reason = condition_refusal(s, card.when, Ctx(seat, None, card.ops, card_id))
        if reason is not None:
            return f"its event {reason}"
    if not card.event and not card.options:
        return "it has no event, only operation points"
    return None


def target_refusal(s: Position, seat: str, op_id: str, region: str, ops: int, points: int) -> str:
    """Why a region is not a target of the operation being placed, in words."""
    rules = s.ix.rules
    say = Namer(rules, seat)
    if region not in rules.regions:
        return f"there is no region '{region}'"
    op = rules.operations[op_id]
    ctx = Ctx(seat, region, ops)
    reason = condition_refusal(s, op.target, ctx)
    if reason is not None:
        return f"{say.region(region)} cannot be a target of \u2018{op.name}\u2019: {reason}"
    cost = int(op.cost(Eval.of(s, ctx)))
    left = "1 point is" if points == 1 else f"{points} points are"
    return f"{say.region(region)} costs {cost} operation points and only {left} left"


def no_target(s: Position, seat: str, op_id: str, ops: int, points: int) -> str:
    """Why an operation cannot be used now: no region qualifies, or none is affordable."""
    rules = s.ix.rules
    op = rules.operations[op_id]
    say = Namer(rules, seat)
    ev = Eval(s, seat, None, ops)
    costs = []
    for region in s.ix.regions:
        ev.target = region
        if op.target(ev):
            costs.append(int(op.cost(ev)))
    name = f"\u2018{op.name}\u2019"
    if not costs:
        return f"{name} has no target now: it needs a region where {say.condition(op.target)}"
    cheapest = min(costs)
    return (
        f"{name} costs at least {cheapest} operation points here, "
        f"and {say.actor(seat)} has {points} left"
    )


def option_refusal(s: Position, option: Any, ctx: Ctx) -> str | None:
    """Why an option of a choice is not offered now (its ``when`` fails), in words."""
    if option.when is None:
        return None
    return condition_refusal(s, option.when, ctx)
