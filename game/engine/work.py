"""The engine's working copy of a position, and what every position offers for reading.

A :class:`~game.engine.state.State` never changes: undo, search and replay
hold on to old states freely. To move on, the engine copies a state into a
:class:`Work` (plain lists and dicts), applies an action and the automatic
steps after it to the copy, and freezes the copy into a new State. Only the
engine's own modules touch a Work; everything else sees States.

:class:`Position` is what rule code reads from either (a protocol: a State
and a Work both fit it), so conditions, control and legal actions work the
same on a published state and on one being built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from game.engine.actions import CHANCE, CONTROL
from game.engine.decisions import CHANCES, Adjudicate, Frame
from game.engine.events import LogEntry
from game.engine.index import Index
from game.engine.outcome import Result

if TYPE_CHECKING:
    from game.engine.state import State


class FrozenMap(dict[str, Any]):
    """A dict that refuses changes: the mappings of a published State (tracks, VP, hands,
    delays). It reads as fast as a dict and pickles like one."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a State never changes: use State.apply to move on")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __ior__(self, other: object) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (dict(self),))


FIELDS = (
    "control",
    "counter",
    "deck",
    "delays",
    "discard",
    "events_played",
    "facts",
    "fired",
    "flags",
    "forces",
    "hands",
    "infl",
    "ix",
    "log",
    "phase",
    "played",
    "removed",
    "result",
    "round",
    "scored",
    "seat_pos",
    "seed",
    "skipped",
    "stack",
    "step",
    "thresholds",
    "tracks",
    "turn",
    "vp",
)
"""The data of a position, the same in a State and a Work."""


class Position(Protocol):
    """What rule code reads from a position: a State or a Work."""

    @property
    def ix(self) -> Index: ...
    @property
    def turn(self) -> int: ...
    @property
    def round(self) -> int: ...
    @property
    def seat_pos(self) -> int: ...
    @property
    def phase(self) -> str: ...
    @property
    def tracks(self) -> Mapping[str, int]: ...
    @property
    def infl(self) -> Sequence[int]: ...
    @property
    def forces(self) -> Sequence[int]: ...
    @property
    def vp(self) -> Mapping[str, int]: ...
    @property
    def flags(self) -> frozenset[str]: ...
    @property
    def hands(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def deck(self) -> tuple[str, ...]: ...
    @property
    def discard(self) -> tuple[str, ...]: ...
    @property
    def removed(self) -> tuple[str, ...]: ...
    @property
    def played(self) -> frozenset[str]: ...
    @property
    def events_played(self) -> frozenset[str]: ...
    @property
    def fired(self) -> frozenset[str]: ...
    @property
    def skipped(self) -> frozenset[str]: ...
    @property
    def scored(self) -> frozenset[str]: ...
    @property
    def thresholds(self) -> frozenset[str]: ...
    @property
    def stack(self) -> tuple[Frame, ...]: ...
    @property
    def result(self) -> Result | None: ...
    @property
    def step(self) -> int: ...
    @property
    def control(self) -> bool: ...
    @property
    def facts(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def delays(self) -> Mapping[str, int]: ...
    @property
    def seed(self) -> int: ...
    @property
    def counter(self) -> int: ...

    def current_actor(self) -> str | None: ...

    def scores(self) -> dict[str, int]: ...

    def margins(self) -> dict[str, int]: ...

    @property
    def _ctl(self) -> list[str | None] | None: ...

    @property
    def quiet(self) -> bool: ...

    def new_memo(self) -> list[str | None]: ...


def unrolled(name: str, head: str, line: str, special: Mapping[str, str],
             env: Mapping[str, Any]) -> Any:  # fmt: skip
    """A function ``head`` whose body is ``line`` for each of FIELDS in turn (``{f}`` the
    field; a field in ``special`` gets that line instead), written out once at import.

    Every step of a game copies a position into a working copy and back (issue 17): one
    statement per field runs about twice as fast as a loop of getattr/setattr by name. The
    source is made from this module's constant field names, never from rule text."""
    body = "".join("\n    " + special.get(f, line).format(f=f) for f in FIELDS)
    namespace: dict[str, Any] = dict(env)
    exec(compile(f"def {name}{head}:{body}\n", f"<{name}>", "exec"), namespace)
    return namespace[name]


_copy_into_work = unrolled("_copy_into_work", "(w, s)", "w.{f} = s.{f}", {}, {})
"""Work.of's copy of a State's fields: every container is shared, as the State's are
immutable; a Work makes one its own only when it changes it (see Work.own_infl)."""


class Work:
    """A mutable copy of a position, changed in place while the engine resolves a step."""

    __slots__ = (*FIELDS, "_ctl", "_own_ctl", "_src", "_dirty", "_made", "quiet")

    ix: Index
    turn: int
    round: int
    seat_pos: int
    phase: str
    tracks: Mapping[str, int]
    infl: Sequence[int]
    forces: Sequence[int]
    vp: Mapping[str, int]
    flags: frozenset[str]
    hands: Mapping[str, tuple[str, ...]]
    deck: tuple[str, ...]
    discard: tuple[str, ...]
    removed: tuple[str, ...]
    played: frozenset[str]
    events_played: frozenset[str]
    fired: frozenset[str]
    skipped: frozenset[str]
    scored: frozenset[str]
    thresholds: frozenset[str]
    stack: tuple[Frame, ...]
    seed: int
    counter: int
    result: Result | None
    log: tuple[LogEntry, Any] | None
    step: int
    control: bool
    facts: tuple[tuple[str, str], ...]
    delays: Mapping[str, int]
    _ctl: list[str | None] | None
    """Each region's controller once asked (game.engine.evaluate.controller_of), shared
    with the State copied until this work changes a region's influence or forces."""
    _own_ctl: bool
    """Is ``_ctl`` this work's own list (else the State's, which must not be changed)?"""
    _src: tuple[Sequence[int], Sequence[int]] | None
    """The influence and forces tables this work started from (None: built from nothing)."""
    _dirty: set[int] | None
    """The regions whose influence or forces changed since then (None: none)."""
    _made: tuple[Sequence[int], Sequence[int], frozenset[int]] | None
    """The copied State's ``made_from``: still true of this work while nothing changed."""
    quiet: bool
    """A search's world: its steps write no log (see State.quiet)."""

    @classmethod
    def new(cls) -> Work:
        """An empty working copy, its fields to be set one by one (a new game)."""
        w = cls.__new__(cls)
        w._ctl, w._own_ctl = None, False
        w._src = w._dirty = w._made = None
        w.quiet = False
        return w

    @classmethod
    def of(cls, s: State) -> Work:
        """A working copy of ``s``. It shares the State's containers (they never change) and
        copies one only to change it: most steps change few of them, and the copy and the
        freeze back were a fifth of a step's cost (issue 17)."""
        w = cls.__new__(cls)
        _copy_into_work(w, s)
        w._ctl, w._own_ctl = s._ctl, False
        w._src, w._dirty, w._made = (s.infl, s.forces), None, s._made_from
        w.quiet = s._quiet
        return w

    # Changing a container: each is made this work's own the first time.
    def own_infl(self) -> list[int]:
        """The influence table, to change; call :meth:`changed_region` for each region changed."""
        t = self.infl
        if type(t) is not list:
            t = self.infl = list(t)
        return t

    def own_forces(self) -> list[int]:
        """The forces table, to change; call :meth:`changed_region` for each region changed."""
        t = self.forces
        if type(t) is not list:
            t = self.forces = list(t)
        return t

    def changed_region(self, r: int) -> None:
        """Forget region ``r``'s controller: its influence or forces changed (control of a
        region follows its own row of the tables only)."""
        memo = self._ctl
        if memo is not None:
            if not self._own_ctl:
                memo = self._ctl = list(memo)
                self._own_ctl = True
            memo[r] = None
        dirty = self._dirty
        if dirty is None:
            self._dirty = {r}
        else:
            dirty.add(r)

    def own_tracks(self) -> dict[str, int]:
        t = self.tracks
        if type(t) is not dict:
            t = self.tracks = dict(t)
        return t

    def own_vp(self) -> dict[str, int]:
        t = self.vp
        if type(t) is not dict:
            t = self.vp = dict(t)
        return t

    def own_hands(self) -> dict[str, tuple[str, ...]]:
        t = self.hands
        if type(t) is not dict:
            t = self.hands = dict(t)
        return t

    def new_memo(self) -> list[str | None]:
        """A memo of controllers for this work, none known yet."""
        memo: list[str | None] = [None] * len(self.ix.regions)
        self._ctl, self._own_ctl = memo, True
        return memo

    # What rule code asks of a position (State answers the same).
    def current_actor(self) -> str | None:
        return current_actor(self)

    def scores(self) -> dict[str, int]:
        return {seat: self.vp[seat] for seat in self.ix.seats}

    def margins(self) -> dict[str, int]:
        return margins_of(self)


def current_actor(s: Position | Work) -> str | None:
    """The seat that must decide now, :data:`CHANCE`, :data:`CONTROL` (a ruling), or None
    when the game is over."""
    if s.result is not None or not s.stack:
        return None
    top = s.stack[-1]
    if isinstance(top, CHANCES):
        return CHANCE
    if isinstance(top, Adjudicate):
        return CONTROL
    seat: str = getattr(top, "seat", "")
    return seat or None


def margins_of(s: Position | Work) -> dict[str, int]:
    """What decides the winner, per seat: VP less par when victory is by margin, else VP."""
    rules = s.ix.rules
    if rules.manifest.victory.by == "margin":
        return {seat: s.vp[seat] - (rules.actors[seat].par or 0) for seat in s.ix.seats}
    return {seat: s.vp[seat] for seat in s.ix.seats}
