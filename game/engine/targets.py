"""Which regions an operation could ever target for a seat: the part of a target condition
that reads no state, worked out once per game.

Listing an operation's targets evaluates its ``target`` condition for every
region, at every decision of a game: most of a random game's time went there.
Much of a typical condition does not depend on the position at all
(``not has_tag(target, sea)``, ``self == armenia and has_tag(target, front)``):
its top-level ``and`` parts that call only functions of the map (tags,
stability, adjacency, country) and name only ``self``, ``target``, ``turns`` and
ids are true or false for a (seat, region) pair whatever happens. Those parts
are evaluated once per operation and seat; only the regions that pass them are
offered to the whole condition at each decision, so the result is the same
regions in the same order, found sooner.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from game.engine.evaluate import Eval
from game.engine.reasons import checker_ids
from game.ruleset.diagnostics import Pos
from game.ruleset.expr import BOOL, VARIABLES, Checker, parse_condition

if TYPE_CHECKING:
    from game.engine.index import Index
    from game.engine.work import Position

MAP_FUNCTIONS = frozenset({"stability", "adjacent", "has_tag", "country", "min", "max"})
"""Functions of the condition language that read only the map (the ruleset), never a state."""
STILL_NAMES = frozenset({"self", "target", "turns", "nobody"})
"""Variables fixed for a seat and a region in one game (``turn``, ``round``, ``ops`` move)."""


def is_still(node: ast.AST) -> bool:
    """True when ``node`` reads nothing a position holds (only the map, the seat, the region)."""
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            if not isinstance(n.func, ast.Name) or n.func.id not in MAP_FUNCTIONS:
                return False
        elif isinstance(n, ast.Name) and n.id in VARIABLES and n.id not in STILL_NAMES:
            return False
    return True


def still_parts(text: str) -> list[ast.expr]:
    """The top-level ``and`` parts of a condition that read nothing a position holds."""
    try:
        body = parse_condition(text.strip()).body
    except SyntaxError:
        return []
    parts = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
    return [p for p in parts if is_still(p)]


def candidates(s: Position, op_id: str, seat: str) -> tuple[str, ...]:
    """The regions operation ``op_id`` may ever target for ``seat`` in this game, in the map's
    order: those passing every state-free part of its target condition. Kept on the game's
    Index; every region when no part is state-free (or a part does not compile here)."""
    ix: Index = s.ix
    cache: dict[tuple[str, str], tuple[str, ...]] = ix.target_candidates
    key = (op_id, seat)
    hit = cache.get(key)
    if hit is not None:
        return hit
    op = ix.rules.operations[op_id]
    fns = _compiled(ix, op.target.text)
    if not fns:
        found = ix.regions
    else:
        ev = Eval(s, seat)
        kept = []
        for region in ix.regions:
            ev.target = region
            if all(fn(ev) for fn in fns):
                kept.append(region)
        found = tuple(kept)
    cache[key] = found
    return found


def _compiled(ix: Index, text: str) -> list[Any]:
    fns = []
    ids, context = checker_ids(ix.rules), frozenset({"self", "target", "ops"})
    for part in still_parts(text):
        checker = Checker(ids, context, "an operation", Pos("<target filter>"))
        try:
            fn, typ = checker.node(part, BOOL)
        except Exception:  # the whole condition is still evaluated: skip this part
            continue
        if typ == BOOL and not checker.diags:
            fns.append(fn)
    return fns
