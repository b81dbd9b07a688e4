"""How close a condition is to holding: a degree in [0, 1] instead of true or false.

An objective such as ``controls(russia, NCA) and track(energy_security) <= 4``
is false until the very move that makes it true, so a bot that only counts met
objectives cannot tell a useful move from a useless one. This module compiles
the same condition text a second time (the loader has already checked it) into
a *fuzzy* evaluator:

- a comparison of numbers becomes a logistic of its margin (how many steps it
  is satisfied by, or short of): one more step of influence or one track step
  always counts, and a comfortable margin counts more than a bare one;
- ``controls(a, r)`` becomes a logistic of the influence margin over the best
  rival plus the region's stability; ``controller(r) == a`` likewise;
- ``controlled(a, tag)`` counts regions with partial credit;
- ``and`` multiplies degrees, ``or`` combines them as independent chances,
  ``not`` takes the complement; flags and other yes/no facts stay 0 or 1.

Values come from the engine's own :class:`~game.engine.evaluate.Eval`, so the
fuzzy and the exact meaning of every function agree.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from game.engine.evaluate import NOBODY, Eval, control_margin, lead_of
from game.engine.state import State
from game.ruleset.expr import ARITHMETIC, COMPARISONS, parse_condition

Fn = Callable[[Any], Any]
"""A compiled piece: a function of a :class:`FastEval`."""

STEEPNESS = 1.0
"""Logistic slope per step of margin: 1 step short ≈ 0.38, just met ≈ 0.62, 2 over ≈ 0.92."""

_VARIABLES = {
    "turn": "turn",
    "round": "round",
    "turns": "turns",
    "self": "self_actor",
    "target": "target",
    "ops": "ops",
}


def squash(margin: float) -> float:
    """The degree of a condition satisfied by ``margin`` steps (negative: short by)."""
    x = STEEPNESS * (margin + 0.5)
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


class FastEval(Eval):
    """The engine's evaluation context plus a per-state cache of who leads each region.

    An evaluation reads control of the same regions dozens of times (every
    objective, every ``controlled`` count); the cache makes each read O(1). One
    instance serves one state; ``self_actor`` is switched per objective.
    """

    __slots__ = ("_counts", "_lead", "_tagged")

    def __init__(self, s: State, actor: str | None = None):
        super().__init__(s, actor)
        self._lead: list[tuple[int, int, int] | None] = [None] * len(s.ix.regions)
        self._counts: dict[tuple[str, str], tuple[int, float]] = {}
        self._tagged = _tagged(s)

    def counts(self, actor: str, tag: str) -> tuple[int, float]:
        """(regions with ``tag`` that ``actor`` controls, the sum of their control degrees)."""
        key = (actor, tag)
        got = self._counts.get(key)
        if got is None:
            hard, soft = 0, 0.0
            regions = self.s.ix.regions
            for r in self._tagged.get(tag, ()):
                m = self.margin(actor, regions[r])
                hard += m >= 0
                soft += squash(m)
            got = self._counts[key] = (hard, soft)
        return got

    def lead(self, r: int) -> tuple[int, int, int]:
        """(index of the top actor, its weighted influence, the runner-up's) in region r."""
        got = self._lead[r]
        if got is None:
            got = self._lead[r] = lead_of(self.s, r)
        return got

    def margin(self, actor: str, region: str) -> int:
        """Influence steps by which ``actor`` controls ``region`` (negative: steps short)."""
        if actor == NOBODY:
            return -99
        ix = self.s.ix
        r = ix.region_idx[region]
        return control_margin(self.s, r, ix.actor_idx[actor], self.lead(r))

    def _controller(self, r: int) -> str:
        i, best, _second = self.lead(r)
        if best > 0 and control_margin(self.s, r, i, self.lead(r)) >= 0:
            return self.s.ix.actors[i]
        return NOBODY

    def f_controls(self, actor: str, region: str) -> bool:
        return self._controller(self.s.ix.region_idx[region]) == actor

    def f_controller(self, region: str) -> str:
        return self._controller(self.s.ix.region_idx[region])

    def f_controlled(self, actor: str, tag: str) -> int:
        return self.counts(actor, tag)[0]


def _tagged(s: State) -> dict[str, tuple[int, ...]]:
    """Region indices by tag (kept on the game's index, built once)."""
    return s.ix.tagged


def control_degree(ev: FastEval, actor: str, region: str) -> float:
    return squash(ev.margin(actor, region))


def _soft_controlled(ev: FastEval, actor: str, tag: str) -> float:
    """Regions with ``tag`` that ``actor`` controls, half counted and half by degree."""
    hard, soft = ev.counts(actor, tag)
    return 0.5 * hard + 0.5 * soft


class ProgressCompiler:
    """Compiles condition text (already validated by the loader) into degree functions."""

    def compile(self, text: str) -> Fn:
        tree = parse_condition(text.strip())
        return self.degree(tree.body)

    # -- degrees ------------------------------------------------------------------------------
    def degree(self, n: ast.AST) -> Fn:
        if isinstance(n, ast.BoolOp):
            parts = [self.degree(v) for v in n.values]
            if isinstance(n.op, ast.And):
                return _product(parts)
            return _noisy_or(parts)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            inner = self.degree(n.operand)
            return lambda ev: 1.0 - inner(ev)
        if isinstance(n, ast.Compare):
            pairs = [
                self.compare(left, op, right)
                for left, op, right in zip(
                    [n.left, *n.comparators[:-1]], n.ops, n.comparators, strict=True
                )
            ]
            return _product(pairs)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "controls":
            a, r = (self.value(x) for x in n.args)
            return lambda ev: control_degree(ev, a(ev), r(ev))
        value = self.value(n)
        return lambda ev: 1.0 if value(ev) else 0.0

    def compare(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> Fn:
        ctrl = _controller_call(left) or _controller_call(right)
        if ctrl is not None and isinstance(op, (ast.Eq, ast.NotEq)):
            other = right if _controller_call(left) is not None else left
            region, who = self.value(ctrl), self.value(other)
            eq = isinstance(op, ast.Eq)

            def by_control(ev: FastEval) -> float:
                actor = who(ev)
                if actor == NOBODY:  # "controller(r) != nobody": exact
                    held = ev.f_controller(region(ev)) != NOBODY
                    return float(held != eq)
                d = control_degree(ev, actor, region(ev))
                return d if eq else 1.0 - d

            return by_control
        lf, rf = self.value(left), self.value(right)
        margin = _MARGINS.get(type(op))

        def cmp(ev: FastEval) -> float:
            a, b = lf(ev), rf(ev)
            if isinstance(a, str) or isinstance(b, str) or margin is None:
                return 1.0 if COMPARISONS[type(op)](a, b) else 0.0
            return squash(margin(float(a), float(b)))

        return cmp

    # -- values -------------------------------------------------------------------------------
    def value(self, n: ast.AST) -> Fn:
        if isinstance(n, ast.Constant):
            v = n.value
            return lambda ev: v
        if isinstance(n, ast.Name):
            name = n.id
            if name in _VARIABLES:
                return _attr(_VARIABLES[name])
            if name in ("true", "True", "false", "False"):
                b = name in ("true", "True")
                return lambda ev: b
            return lambda ev: name  # an id (the loader knows which kind)
        if isinstance(n, ast.UnaryOp):
            if isinstance(n.op, ast.Not):
                d = self.degree(n.operand)
                return lambda ev: 1.0 - d(ev)
            inner = self.value(n.operand)
            if isinstance(n.op, ast.USub):
                return lambda ev: -inner(ev)
            return inner
        if isinstance(n, ast.BinOp):
            lf, rf = self.value(n.left), self.value(n.right)
            f = ARITHMETIC[type(n.op)]
            if isinstance(n.op, (ast.FloorDiv, ast.Mod)):  # by zero: by 1, as the rules say
                return lambda ev: f(int(lf(ev)), int(rf(ev)) or 1)
            return lambda ev: f(lf(ev), rf(ev))
        if isinstance(n, (ast.Compare, ast.BoolOp)):
            return self.degree(n)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            args = [self.value(a) for a in n.args]
            name = n.func.id
            if name == "controlled":
                a0, a1 = args
                return lambda ev: _soft_controlled(ev, a0(ev), a1(ev))
            method = "f_" + name
            if len(args) == 1:
                (b0,) = args
                return lambda ev: getattr(ev, method)(b0(ev))
            if len(args) == 2:
                c0, c1 = args
                return lambda ev: getattr(ev, method)(c0(ev), c1(ev))
            return lambda ev: getattr(ev, method)(*(x(ev) for x in args))
        raise ValueError(f"cannot grade '{ast.unparse(n)}'")  # the loader refuses these too


def _attr(name: str) -> Fn:
    return operator.attrgetter(name)


def _controller_call(n: ast.AST) -> ast.AST | None:
    """The region argument if ``n`` is ``controller(region)``."""
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "controller":
        return n.args[0]
    return None


def _product(parts: list[Fn]) -> Fn:
    if len(parts) == 1:
        return parts[0]

    def prod(ev: FastEval) -> float:
        out = 1.0
        for p in parts:
            out *= p(ev)
            if out == 0.0:
                break
        return out

    return prod


def _noisy_or(parts: list[Fn]) -> Fn:
    def any_of(ev: FastEval) -> float:
        miss = 1.0
        for p in parts:
            miss *= 1.0 - p(ev)
        return 1.0 - miss

    return any_of


_MARGINS: dict[type[ast.cmpop], Callable[[float, float], float]] = {
    ast.GtE: lambda a, b: a - b,
    ast.Gt: lambda a, b: a - b - 1,
    ast.LtE: lambda a, b: b - a,
    ast.Lt: lambda a, b: b - a - 1,
    ast.Eq: lambda a, b: -abs(a - b),
    ast.NotEq: lambda a, b: abs(a - b) - 1,
}
"""Steps by which a comparison holds (>= 0) or fails (< 0); integers in, floats allowed."""


def compile_progress(text: str) -> Fn:
    """A function of an :class:`Eval` giving the degree in [0, 1] to which ``text`` holds."""
    return ProgressCompiler().compile(text)
