"""Operation conditions specialised to one seat and one region: what is left to test in play.

Listing operations and their targets tries an operation's ``target`` and ``cost``
conditions on every candidate region at every decision: most of a random game's time
(issue 17). For a given seat and region, much of a condition is settled before play
begins: ``self == armenia``, ``has_tag(target, battleground)`` and ``stability(target)``
never change, and ``influence(self, target)`` always reads the same cell of the influence
table. Each condition is therefore partially evaluated once per (operation, seat, region):
what reads only the map and the context is folded to a constant, and what reads the
position is written out as direct reads of its tables (``I[k]`` for a cell of influence,
``F[k]`` of forces, ``'flag' in s.flags``), leaving a small residual expression.

Residuals of the same shape share one code object: every constant of a residual becomes
a parameter with a default (``p0``, ``p1``...), so a game compiles a few dozen shapes and
makes each region's function from its shape without compiling again. The residuals are
built from the checked tree the ruleset compiler builds (never from the rule's text), and
a property test checks that they select the targets, at the costs, that the whole
conditions give (tests/property/test_engine_shortcuts.py).
"""

from __future__ import annotations

import ast
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.engine.evaluate import NOBODY, controller_of
from game.engine.reasons import checker_ids
from game.engine.targets import candidates
from game.ruleset.diagnostics import Pos
from game.ruleset.expr import ARITHMETIC, BOOL, COMPARISONS, INT, Checker, parse_condition

if TYPE_CHECKING:
    from game.engine.index import Index
    from game.engine.work import Position

Residual = tuple[str, Callable[[Any], Any] | None, int | None, Callable[[Any], Any] | None]
"""(region, its target test or None when always met, its cost when constant, else the cost
function)."""


def _never(c: Any) -> bool:
    """The test of a region whose target condition folds to false for the seat."""
    return False


def _unbuilt(c: Any) -> bool:  # pragma: no cover - never called: a mark, see Table.rows
    raise AssertionError("a residual row used before it was made")


UNBUILT = _unbuilt
"""The test of a row not yet specialised (game.engine.turn.op_targets calls :func:`reach`)."""

_GLOBALS: dict[str, Any] = {"__builtins__": {}, "CTL": controller_of}
"""All a residual reads besides its context: the controllers of a position."""
_CODES: dict[str, types.CodeType] = {}
"""Residual shapes compiled in this process, by source (a few dozen per ruleset)."""


class _Cannot(Exception):
    """A part the specialiser does not know: the operation keeps its whole conditions."""


class Table:
    """An operation's conditions specialised for one seat."""

    __slots__ = ("guard", "rows")

    def __init__(self, guard: Callable[[Any], Any] | None, rows: list[Residual]):
        self.guard = guard
        """The parts of the target condition that read no region (``flag(war)``), tested once
        per listing; None when they always hold."""
        self.rows = rows
        """The candidate regions in map order, each specialised (its test UNBUILT until
        then) when a listing first reaches it: a game that never reaches a region never
        pays for it."""


class _Parts:
    """What an operation's residuals are made from, shared by its seats (kept on the Index)."""

    __slots__ = ("cost", "guard", "selfish", "shared", "target")

    def __init__(self, ix: Index, op_id: str):
        op = ix.rules.operations[op_id]
        whole = _tree(ix, op.target.text, BOOL)
        parts = whole.values if isinstance(whole, ast.BoolOp) and isinstance(whole.op, ast.And) \
            else [whole]  # fmt: skip
        fixed = [p for p in parts if not _reads_target(p)]
        rest = [p for p in parts if _reads_target(p)]
        self.guard = (None if not fixed else fixed[0] if len(fixed) == 1
                      else ast.BoolOp(op=ast.And(), values=fixed))  # fmt: skip
        self.target: ast.expr = (ast.Constant(True) if not rest else rest[0] if len(rest) == 1
                                 else ast.BoolOp(op=ast.And(), values=rest))  # fmt: skip
        self.cost = _tree(ix, op.cost.text, INT)
        trees = (self.target, self.cost) + ((self.guard,) if self.guard is not None else ())
        self.selfish = {id(n) for tree in trees for n in _reads_self(tree)}
        self.shared: dict[tuple[int, str], Part] = {}


def table(s: Position, op_id: str, seat: str) -> Table | None:
    """Operation ``op_id``'s conditions specialised for ``seat``, or None when they cannot be
    (play then uses them whole). Kept on the game's Index."""
    ix: Index = s.ix
    key = (op_id, seat)
    got: Table | None
    if key in ix.residuals:
        got = ix.residuals[key]
        return got
    parts = _parts(ix, op_id)
    got = None
    if parts is not None:
        guard: Callable[[Any], Any] | None = None
        try:
            if parts.guard is not None:
                g = _Specialiser(ix, seat, "", parts.shared, parts.selfish).node(parts.guard)
                guard = (None if g.value else _never) if isinstance(g, _Const) else _function(g)
            rows = [] if guard is _never else candidates(s, op_id, seat)
            got = Table(guard, [(region, UNBUILT, None, None) for region in rows])
        except (_Cannot, LookupError, ArithmeticError, SyntaxError, TypeError, ValueError):
            got = None
    ix.residuals[key] = got
    return got


def reach(s: Position, op_id: str, seat: str, rows: list[Residual], i: int) -> Residual:
    """Row ``i`` of a table's rows, specialised now if it was not yet."""
    row = rows[i]
    if row[1] is not UNBUILT:
        return row
    region = row[0]
    parts = _parts(s.ix, op_id)
    assert parts is not None
    try:
        spec = _Specialiser(s.ix, seat, region, parts.shared, parts.selfish)
        t, c = spec.node(parts.target), spec.node(parts.cost)
        test = (None if t.value else _never) if isinstance(t, _Const) else _function(t)
        if isinstance(c, _Const):
            out: Residual = (region, test, int(c.value), None)
        else:
            out = (region, test, None, _function(c))
    except (_Cannot, LookupError, ArithmeticError, SyntaxError, TypeError, ValueError):
        out = _whole(s, op_id, region)  # this region keeps the whole conditions
    rows[i] = out
    return out


def _whole(s: Position, op_id: str, region: str) -> Residual:
    """A row testing the operation's whole conditions on ``region``."""
    op = s.ix.rules.operations[op_id]
    target, cost = op.target.fn, op.cost.fn
    assert target is not None and cost is not None

    def test(c: Any) -> Any:
        c.target = region
        return target(c)

    def cost_of(c: Any) -> Any:
        c.target = region
        return cost(c)

    return (region, test, None, cost_of)


def _parts(ix: Index, op_id: str) -> _Parts | None:
    """What the operation's residuals are made from, or None when its conditions cannot be
    read here. Kept on the Index: seats share the folded parts that do not read ``self``."""
    out: _Parts | None
    if op_id in ix.residual_parts:
        out = ix.residual_parts[op_id]
        return out
    try:
        out = _Parts(ix, op_id)
    except (_Cannot, LookupError, SyntaxError, TypeError, ValueError):
        out = None
    ix.residual_parts[op_id] = out
    return out


def _reads_target(tree: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "target" for n in ast.walk(tree))


def _reads_self(tree: ast.expr) -> list[ast.AST]:
    """The nodes of ``tree`` with ``self`` somewhere under them."""
    out: list[ast.AST] = []

    def walk(n: ast.AST) -> bool:
        mine = isinstance(n, ast.Attribute) and n.attr == "self_actor"
        for child in ast.iter_child_nodes(n):
            mine = walk(child) or mine
        if mine:
            out.append(n)
        return mine

    walk(tree)
    return out


def _tree(ix: Index, text: str, want: str) -> ast.expr:
    """The checked Python tree of a condition (as the ruleset compiler builds it)."""
    checker = Checker(checker_ids(ix.rules), frozenset({"self", "target", "ops"}),
                      "an operation", Pos("<residual>"))  # fmt: skip
    code, typ = checker.tree(parse_condition(text.strip()).body, want)
    if checker.diags or (typ != want and not (want == INT and typ == BOOL)):
        raise _Cannot
    return code


_MARK = "\x00"
"""Where a constant stands in a residual's source, until it becomes a parameter."""
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Mod: "%"}
_CMPOPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


class _Const:
    """A part settled before play: its value."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class _Code:
    """A part read in play: Python source with a mark for each constant, and the constants."""

    __slots__ = ("src", "values")

    def __init__(self, src: str, values: tuple[Any, ...] = ()):
        self.src, self.values = src, values


Part = _Const | _Code


def _code(p: Part) -> _Code:
    """A part as source (a constant becomes a mark; booleans stay literal)."""
    if isinstance(p, _Code):
        return p
    if p.value is None or isinstance(p.value, bool):
        return _Code(repr(p.value))
    return _Code(_MARK, (p.value,))


def _join(parts: list[_Code], sep: str, head: str = "(", tail: str = ")") -> _Code:
    return _Code(head + sep.join(p.src for p in parts) + tail,
                 tuple(v for p in parts for v in p.values))  # fmt: skip


def _cell(table: str, k: int) -> _Code:
    """``I[k]`` or ``F[k]``: one cell of the influence or forces table."""
    return _Code(f"{table}[{_MARK}]", (k,))


class _Specialiser:
    """Folds a checked condition tree for one seat (``self``) and one region (``target``)."""

    def __init__(self, ix: Index, seat: str, region: str, shared: dict[tuple[int, str], Part],
                 selfish: set[int]):  # fmt: skip
        self.ix, self.seat, self.region = ix, seat, region
        self.shared = shared
        """Parts already folded for this region by another seat (those not reading self)."""
        self.selfish = selfish
        """Ids of the nodes that read ``self``: folded anew for each seat."""

    def node(self, n: ast.expr) -> Part:
        if isinstance(n, (ast.Call, ast.BoolOp, ast.BinOp, ast.Compare)) and (
            id(n) not in self.selfish
        ):
            key = (id(n), self.region)
            hit = self.shared.get(key)
            if hit is None:
                hit = self.shared[key] = self.fold(n)
            return hit
        return self.fold(n)

    def fold(self, n: ast.expr) -> Part:
        if isinstance(n, ast.Constant):
            return _Const(n.value)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name):
            if n.attr == "self_actor":
                return _Const(self.seat)
            if n.attr == "target":
                return _Const(self.region)
            if n.attr == "turns":
                return _Const(self.ix.turns)
            if n.attr in ("turn", "round", "ops"):
                return _Code(f"c.{n.attr}")  # read in play
            raise _Cannot
        if isinstance(n, ast.BoolOp):
            return self.boolop(n)
        if isinstance(n, ast.UnaryOp):
            o = self.node(n.operand)
            if not isinstance(n.op, (ast.Not, ast.USub)):
                raise _Cannot
            sign = "not " if isinstance(n.op, ast.Not) else "-"
            if isinstance(o, _Const):
                return _Const(not o.value if sign == "not " else -o.value)
            return _join([o], "", "(" + sign)
        if isinstance(n, ast.BinOp):
            fn, sym = ARITHMETIC.get(type(n.op)), _BINOPS.get(type(n.op))
            if fn is None or sym is None:
                raise _Cannot
            left, right = self.node(n.left), self.node(n.right)
            if isinstance(left, _Const) and isinstance(right, _Const):
                return _Const(fn(left.value, right.value))
            return _join([_code(left), _code(right)], f" {sym} ")
        if isinstance(n, ast.Compare):
            parts = [self.node(x) for x in (n.left, *n.comparators)]
            if any(type(op) not in _CMPOPS for op in n.ops):
                raise _Cannot
            if all(isinstance(p, _Const) for p in parts):
                values = [p.value for p in parts if isinstance(p, _Const)]
                return _Const(all(COMPARISONS[type(op)](a, b) for op, a, b
                                  in zip(n.ops, values, values[1:], strict=False)))  # fmt: skip
            codes = [_code(parts[0])]
            for op, p in zip(n.ops, parts[1:], strict=True):
                c = _code(p)
                codes.append(_Code(f"{_CMPOPS[type(op)]} {c.src}", c.values))
            return _join(codes, " ")
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            name = n.func.attr
            if not name.startswith("f_"):
                raise _Cannot
            return self.call(name[2:], [self.node(a) for a in n.args])
        raise _Cannot

    def boolop(self, n: ast.BoolOp) -> Part:
        """and/or. Over booleans (what the checker admits in a rule) a constant operand that
        settles it settles the whole and one that does not is dropped. The checker also writes
        ``y or 1`` as the divisor of ``//`` and ``%`` (never divide by zero): an or over
        numbers, whose value is an operand's, folded only when every operand is constant."""
        is_and = isinstance(n.op, ast.And)
        parts = [self.node(x) for x in n.values]
        if all(isinstance(p, _Const) for p in parts):
            value = parts[0].value  # type: ignore[union-attr]
            for p in parts[1:]:
                if bool(value) != is_and:  # False in an and, True in an or: that is the value
                    break
                value = p.value  # type: ignore[union-attr]
            return _Const(value)
        sep = " and " if is_and else " or "
        if any(isinstance(p, _Const) and type(p.value) is not bool for p in parts):
            return _join([_code(p) for p in parts], sep)  # values, not truths: as written
        kept: list[_Code] = []
        for v in parts:
            if isinstance(v, _Const):
                if bool(v.value) != is_and:
                    return _Const(not is_and)
                continue
            kept.append(v)
        if not kept:
            return _Const(is_and)
        return kept[0] if len(kept) == 1 else _join(kept, sep)

    def call(self, fn: str, args: list[Part]) -> Part:
        ix = self.ix
        if not all(isinstance(a, _Const) for a in args):  # an argument read in play
            return _join([_code(a) for a in args], ", ", f"c.f_{fn}(")
        consts = [a.value for a in args if isinstance(a, _Const)]
        n = ix.n_actors
        if fn == "has_tag":
            return _Const(consts[1] in ix.tags[ix.region_idx[consts[0]]])
        if fn == "stability":
            return _Const(ix.stability[ix.region_idx[consts[0]]])
        if fn == "adjacent":
            return _Const(ix.region_idx[consts[1]] in ix.adj[ix.region_idx[consts[0]]])
        if fn == "country":
            return _Const(ix.rules.regions[consts[0]].state)
        if fn in ("min", "max"):
            return _Const(min(consts) if fn == "min" else max(consts))
        if fn in ("influence", "forces", "present", "reach"):
            actor, r = consts[0], ix.region_idx[consts[1]]
            if actor == NOBODY:
                return _Const(0 if fn in ("influence", "forces") else False)
            a = ix.actor_idx[actor]
            if fn == "influence":
                return _cell("I", r * n + a)
            if fn == "forces":
                return _cell("F", r * n + a)
            regions = (r,) if fn == "present" else (r, *ix.adj[r])
            return _join([_Code(f"{t}[{_MARK}] > 0", (i * n + a,))
                          for i in regions for t in ("I", "F")], " or ")  # fmt: skip
        if fn == "total_forces":
            r = ix.region_idx[consts[0]]
            return _join([_cell("F", r * n + a) for a in range(n)], " + ")
        if fn in ("controls", "controller"):
            ctl = _Code(f"CTL(s, {_MARK})", (ix.region_idx[consts[-1]],))
            if fn == "controller":
                return ctl
            return _Code(f"({ctl.src} == {_MARK})", (*ctl.values, consts[0]))
        if fn == "flag":
            return _Code(f"({_MARK} in s.flags)", (consts[0],))
        return _join([_code(a) for a in args], ", ", f"c.f_{fn}(")  # read in play, as written


def _function(code: _Code) -> Callable[[Any], Any]:
    """The residual as a function of the evaluation context. Its constants become defaults of
    parameters, so residuals of one shape share a code object compiled once."""
    pieces = code.src.split(_MARK)
    params = "".join(f", p{i}" for i in range(len(code.values)))
    body = pieces[0] + "".join(f"p{i}{piece}" for i, piece in enumerate(pieces[1:]))
    prologue = "    s = c.s\n"
    prologue += "    I = s.infl\n" if "I[" in body else ""
    prologue += "    F = s.forces\n" if "F[" in body else ""
    source = f"def residual(c{params}):\n{prologue}    return {body}\n"
    shape = _CODES.get(source)
    if shape is None:
        if len(_CODES) >= 4096:
            _CODES.clear()
        namespace: dict[str, Any] = {}
        exec(compile(source, "<residual>", "exec"), dict(_GLOBALS), namespace)
        shape = _CODES[source] = namespace["residual"].__code__
    return types.FunctionType(shape, _GLOBALS, "residual", code.values)
