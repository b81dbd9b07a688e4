"""The meaning of the condition language's functions, read off a state.

Compiled expressions call ``ctx.f_<name>(...)`` and read ``ctx.turn``,
``ctx.self_actor``, ``ctx.target`` and ``ctx.ops``; :class:`Eval` provides them
for one state and one context. Control follows the influence-against-stability
rule of card-driven games: an actor controls a region when its influence beats
every other actor's by at least the region's stability.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.decisions import Ctx

if TYPE_CHECKING:
    from game.engine.work import Position

NOBODY = "nobody"


def lead_of(s: Position, r: int) -> tuple[int, int, int]:
    """(index of the leading actor, its weighted influence, the runner-up's) in region ``r``.

    Influence is weighted by the scenario's control rule: in a region that is an
    actor's home, that actor's influence counts ``home_weight`` times, and where
    outsiders need forces, an outsider's influence without forces there counts
    for nothing (it neither controls nor contests).
    """
    ix = s.ix
    n = ix.n_actors
    row = list(s.infl[r * n : (r + 1) * n])
    h = ix.home[r]
    if h >= 0 and ix.home_weight != 1:
        row[h] *= ix.home_weight
    if ix.needs_forces[r]:
        forces = s.forces
        for a in range(n):
            if a != h and row[a] and forces[r * n + a] <= 0:
                row[a] = 0  # influence without troops does not contest another's home
    best = max(row)
    i = row.index(best)
    second = max(row[:i] + row[i + 1 :]) if n > 1 else 0
    return i, best, second


def outsider_blocked(s: Position, r: int, a: int) -> bool:
    """True when actor index ``a`` cannot control region ``r`` for want of forces there
    (the region is another actor's home and carries a tag of ``outsider_needs_forces``)."""
    ix = s.ix
    return ix.needs_forces[r] and a != ix.home[r] and s.forces[r * ix.n_actors + a] <= 0


def controller_of(s: Position, r: int) -> str:
    """The actor controlling region index ``r``, or ``nobody``.

    Each position remembers each region's controller once asked (conditions and views ask
    about control many times a position; a search asks about a few regions of many
    positions, so each is worked out only when asked). A working copy shares the memo of
    the State it copies and forgets a region when its influence or forces change
    (Work.changed_region), and the State it freezes into takes the memo on: a step that
    changes one region works out that region's controller again, not every region's."""
    memo = s._ctl
    if memo is None:
        memo = s.new_memo()
    c = memo[r]
    if c is None:
        c = memo[r] = _controller(s, r)
    return c


def _controller(s: Position, r: int) -> str:
    i, best, second = lead_of(s, r)
    if best <= 0:
        return NOBODY
    if best - second >= max(1, s.ix.stability[r]) and not outsider_blocked(s, r, i):
        return s.ix.actors[i]
    return NOBODY


def control_margin(s: Position, r: int, a: int, lead: tuple[int, int, int] | None = None) -> int:
    """Steps by which actor index ``a`` controls region ``r`` (0: just; negative: short by).

    Without the forces an outsider needs, it is at best one step short (one deployment)."""
    ix = s.ix
    i, best, second = lead if lead is not None else lead_of(s, r)
    need = max(1, ix.stability[r])
    if i == a:
        m = best - second - need
    else:
        own = s.infl[r * ix.n_actors + a]
        if a == ix.home[r]:
            own *= ix.home_weight
        m = own - best - need
    if outsider_blocked(s, r, a):
        m = min(m, -1)
    return m


class Eval:
    """The evaluation context of expressions: one state, one `self`/`target`/`ops`.

    The map's lookups are read once here: a condition runs for every region at every
    decision, and each ``f_`` function is a few dictionary lookups. A missing ``self``
    or ``target`` (None) fails with a KeyError, a LookupError like any unknown id."""

    __slots__ = ("aidx", "n", "ops", "ridx", "round", "s", "self_actor", "target", "turn",
                 "turns")  # fmt: skip

    def __init__(
        self, s: Position, actor: str | None = None, target: str | None = None, ops: int = 0
    ):
        self.s = s
        ix = s.ix
        self.turn = s.turn
        self.round = s.round
        self.turns = ix.turns
        self.self_actor = actor
        self.target = target
        self.ops = ops
        self.ridx = ix.region_idx
        self.aidx = ix.actor_idx
        self.n = ix.n_actors

    @classmethod
    def of(cls, s: Position, ctx: Ctx) -> Eval:
        """The evaluation of ``s`` in the context of effects being resolved. A condition asked
        outside one passes the actor, target and ops straight (``Eval(s, seat, region,
        ops)``): an attrs-frozen Ctx made only to be read here was a twentieth of a step."""
        return cls(s, ctx.actor, ctx.target, ctx.ops)

    def _ri(self, region: str | None) -> int:
        if region is None:
            raise LookupError("no target region in this context")
        return self.ridx[region]

    def _ai(self, actor: str | None) -> int:
        if actor is None:
            raise LookupError("no acting actor in this context")
        return self.aidx[actor]

    def f_influence(self, actor: str, region: str) -> int:
        if actor == NOBODY:
            return 0
        return self.s.infl[self.ridx[region] * self.n + self.aidx[actor]]

    def f_forces(self, actor: str, region: str) -> int:
        if actor == NOBODY:
            return 0
        return self.s.forces[self.ridx[region] * self.n + self.aidx[actor]]

    def f_total_forces(self, region: str) -> int:
        n = self.n
        r = self.ridx[region]
        return sum(self.s.forces[r * n : (r + 1) * n])

    def f_stability(self, region: str) -> int:
        return self.s.ix.stability[self.ridx[region]]

    def f_controls(self, actor: str, region: str) -> bool:
        return controller_of(self.s, self.ridx[region]) == actor

    def f_controller(self, region: str) -> str:
        return controller_of(self.s, self.ridx[region])

    def f_present(self, actor: str, region: str) -> bool:
        if actor == NOBODY:
            return False
        k = self.ridx[region] * self.n + self.aidx[actor]
        return self.s.infl[k] > 0 or self.s.forces[k] > 0

    def f_reach(self, actor: str, region: str) -> bool:
        if actor == NOBODY:
            return False
        n, a = self.n, self.aidx[actor]
        infl, forces = self.s.infl, self.s.forces
        r = self.ridx[region]
        k = r * n + a
        if infl[k] > 0 or forces[k] > 0:
            return True
        for i in self.s.ix.adj[r]:
            k = i * n + a
            if infl[k] > 0 or forces[k] > 0:
                return True
        return False

    def f_adjacent(self, a: str, b: str) -> bool:
        return self._ri(b) in self.s.ix.adj[self._ri(a)]

    def f_has_tag(self, region: str, tag: str) -> bool:
        return tag in self.s.ix.tags[self.ridx[region]]

    def f_country(self, region: str) -> str:
        return self.s.ix.rules.regions[region].state

    def f_controlled(self, actor: str, tag: str) -> int:
        ix = self.s.ix
        return sum(
            1
            for r in range(len(ix.regions))
            if tag in ix.tags[r] and controller_of(self.s, r) == actor
        )

    def f_present_in(self, actor: str, tag: str) -> int:
        if actor == NOBODY:
            return 0
        ix = self.s.ix
        n, a = ix.n_actors, self._ai(actor)
        return sum(
            1
            for r in range(len(ix.regions))
            if tag in ix.tags[r] and (self.s.infl[r * n + a] > 0 or self.s.forces[r * n + a] > 0)
        )

    def f_track(self, track: str) -> int:
        return self.s.tracks[track]

    def f_flag(self, flag: str) -> bool:
        return flag in self.s.flags

    def f_played(self, card: str) -> bool:
        return card in self.s.played

    def f_event_played(self, card: str) -> bool:
        return card in self.s.events_played

    def f_fired(self, event: str) -> bool:
        return event in self.s.fired

    def f_established(self, argument: str) -> bool:
        return any(arg == argument for _, arg in self.s.facts)

    def f_vp(self, actor: str) -> int:
        return self.s.vp.get(actor, 0)

    def f_min(self, a: int, b: int) -> int:
        return min(a, b)

    def f_max(self, a: int, b: int) -> int:
        return max(a, b)
