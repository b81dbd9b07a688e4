"""What a condition reads off a state, as a key: equal keys mean equal values.

A look-ahead bot evaluates every objective of every seat in tens of thousands
of states a game, and consecutive states differ in one region or one track. An
objective such as ``controlled(azerbaijan, district) >= 3`` reads the influence
of six regions; when those six rows are the same as in a state already seen,
its value is the same too. :func:`key_function` reads the condition's syntax
once and returns a function giving, for any state, the tuple of exactly the
numbers and facts the condition can read, so evaluations can be memoised on it
without changing a single result. Conditions whose inputs cannot be named
statically (an argument computed at run time) get no key and are always
evaluated.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any, NamedTuple

from game.engine.state import Index, State
from game.ruleset.expr import parse_condition

KeyFn = Callable[[State], tuple[Any, ...]]

_STATIC = frozenset({"stability", "adjacent", "has_tag", "country", "min", "max"})
"""Functions that read only the ruleset, never the state."""


REST = ("tracks", "flags", "played", "events_played", "fired", "vp", "turn", "round", "facts")
"""The fields of a state a condition may read besides influence and forces."""


def rest_of(s: State) -> tuple[Any, ...]:
    """The :data:`REST` fields of ``s``, in that order."""
    return (s.tracks, s.flags, s.played, s.events_played, s.fired, s.vp, s.turn, s.round,
            s.facts)  # fmt: skip


class Reads(NamedTuple):
    """What a condition reads of a state."""

    regions: frozenset[int]
    """Regions whose influence or forces it reads (indices)."""
    fields: frozenset[str]
    """The :data:`REST` fields it reads."""
    tracks: frozenset[str]
    """Of ``tracks``, which ones."""
    flags: frozenset[str]
    """Of ``flags``, which ones."""


class _Unkeyable(Exception):
    pass


class _Deps:
    """Collects the state slots one condition reads."""

    def __init__(self, ix: Index, actor: str | None):
        self.ix = ix
        self.actor = actor
        self.infl: set[int] = set()
        self.forces: set[int] = set()
        self.tracks: set[str] = set()
        self.flags: set[str] = set()
        self.played: set[str] = set()
        self.events_played: set[str] = set()
        self.fired: set[str] = set()
        self.vp: set[str] = set()
        self.turn = False
        self.round = False
        self.facts = False

    # -- names ---------------------------------------------------------------------------------
    def name(self, n: ast.AST) -> str:
        if isinstance(n, ast.Name):
            if n.id == "self":
                if self.actor is None:
                    raise _Unkeyable
                return self.actor
            if n.id in ("target", "ops"):
                raise _Unkeyable
            return n.id
        raise _Unkeyable  # an argument computed at run time

    def region(self, n: ast.AST) -> int:
        return self.ix.region_idx[self.name(n)]

    def actor_i(self, n: ast.AST) -> int | None:
        name = self.name(n)
        return None if name == "nobody" else self.ix.actor_idx[name]

    def row(self, r: int, forces: bool = False) -> None:
        n = self.ix.n_actors
        self.infl.update(range(r * n, (r + 1) * n))
        if forces or self.ix.needs_forces[r]:
            self.forces.update(range(r * n, (r + 1) * n))

    def cell(self, a: int | None, r: int, infl: bool = True, forces: bool = False) -> None:
        if a is None:
            return
        k = r * self.ix.n_actors + a
        if infl:
            self.infl.add(k)
        if forces:
            self.forces.add(k)

    # -- the walk ------------------------------------------------------------------------------
    def visit(self, n: ast.AST) -> None:
        if isinstance(n, ast.Call):
            if not isinstance(n.func, ast.Name):
                raise _Unkeyable
            self.call(n.func.id, n.args)
            return
        if isinstance(n, ast.Name):
            if n.id == "turn":
                self.turn = True
            elif n.id == "round":
                self.round = True
            elif n.id in ("target", "ops"):
                raise _Unkeyable
            return
        for child in ast.iter_child_nodes(n):
            self.visit(child)

    def call(self, fn: str, args: list[ast.expr]) -> None:
        if fn in _STATIC:
            for a in args:
                if isinstance(a, ast.Name) and a.id in ("target", "ops", "self"):
                    continue  # static functions of context words read nothing of the state
                self.visit(a)
            return
        if fn in ("influence", "forces", "present"):
            a, r = self.actor_i(args[0]), self.region(args[1])
            self.cell(a, r, infl=fn != "forces", forces=fn != "influence")
        elif fn in ("controls", "controller"):
            self.row(self.region(args[-1]))
        elif fn == "total_forces":
            r = self.region(args[0])
            n = self.ix.n_actors
            self.forces.update(range(r * n, (r + 1) * n))
        elif fn == "reach":
            a, r = self.actor_i(args[0]), self.region(args[1])
            for i in (r, *self.ix.adj[r]):
                self.cell(a, i, infl=True, forces=True)
        elif fn in ("controlled", "present_in"):
            a, tag = self.actor_i(args[0]), self.name(args[1])
            for r in self.ix.tagged.get(tag, ()):
                if fn == "controlled":
                    self.row(r)
                else:
                    self.cell(a, r, infl=True, forces=True)
        elif fn == "track":
            self.tracks.add(self.name(args[0]))
        elif fn == "flag":
            self.flags.add(self.name(args[0]))
        elif fn == "played":
            self.played.add(self.name(args[0]))
        elif fn == "event_played":
            self.events_played.add(self.name(args[0]))
        elif fn == "fired":
            self.fired.add(self.name(args[0]))
        elif fn == "established":
            self.facts = True
        elif fn == "vp":
            self.vp.add(self.name(args[0]))
        else:
            raise _Unkeyable  # a function this module does not know: never guess

    def reads(self) -> Reads:
        """What the condition reads, as :class:`Reads`."""
        n = self.ix.n_actors
        regions = frozenset(k // n for k in self.infl | self.forces)
        used = (self.tracks, self.flags, self.played, self.events_played, self.fired, self.vp,
                self.turn, self.round, self.facts)  # fmt: skip
        fields = frozenset(f for f, u in zip(REST, used, strict=True) if u)
        return Reads(regions, fields, frozenset(self.tracks), frozenset(self.flags))

    # -- the key -------------------------------------------------------------------------------
    def key_fn(self) -> KeyFn:
        """The key as C-level item getters: called millions of times a game."""
        gi = _getter(sorted(self.infl))
        gf = _getter(sorted(self.forces))
        gt = _getter(sorted(self.tracks))
        flags = frozenset(self.flags)
        played = frozenset(self.played)
        events = frozenset(self.events_played)
        fired = frozenset(self.fired)
        vps = tuple(sorted(self.vp))
        turn, rnd, facts = self.turn, self.round, self.facts
        rare = bool(played or events or fired or vps or turn or rnd or facts)

        def key(s: State) -> tuple[Any, ...]:
            base = (gi(s.infl), gf(s.forces), gt(s.tracks), s.flags & flags)
            if not rare:
                return base
            return (
                *base,
                s.played & played,
                s.events_played & events,
                s.fired & fired,
                tuple(s.vp.get(a, 0) for a in vps),
                s.turn if turn else 0,
                s.round if rnd else 0,
                s.facts if facts else (),
            )

        return key


def _getter(items: list[Any]) -> Callable[[Any], Any]:
    """A C-level getter of ``items`` from a sequence or mapping (a constant when none)."""
    if not items:
        return _nothing
    return operator.itemgetter(*items)


def _nothing(_: Any) -> None:
    return None


def key_function(text: str, ix: Index, actor: str | None = None) -> KeyFn | None:
    """A function of a state giving everything condition ``text`` reads, or None when that
    cannot be known from the text alone. ``actor`` is what ``self`` means."""
    try:
        tree = parse_condition(text.strip())
        deps = _Deps(ix, actor)
        deps.visit(tree.body)
    except (_Unkeyable, KeyError, IndexError, SyntaxError):
        return None
    return deps.key_fn()


def reads_of(text: str, ix: Index, actor: str | None = None) -> Reads | None:
    """What condition ``text`` reads, or None when that cannot be known from the text alone."""
    try:
        tree = parse_condition(text.strip())
        deps = _Deps(ix, actor)
        deps.visit(tree.body)
    except (_Unkeyable, KeyError, IndexError, SyntaxError):
        return None
    return deps.reads()
