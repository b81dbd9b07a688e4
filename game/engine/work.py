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
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, cast

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


_copy_into_work = unrolled(
    "_copy_into_work", "(w, s)", "w.{f} = s.{f}",
    {f: "w.{f} = dict(s.{f})" for f in ("tracks", "vp", "hands", "delays")}
    | {f: "w.{f} = list(s.{f})" for f in ("infl", "forces")},
    {},
)  # fmt: skip


class Work:
    """A mutable copy of a position, changed in place while the engine resolves a step."""

    __slots__ = (*FIELDS, "_from")

    ix: Index
    turn: int
    round: int
    seat_pos: int
    phase: str
    tracks: dict[str, int]
    infl: list[int]
    forces: list[int]
    vp: dict[str, int]
    flags: frozenset[str]
    hands: dict[str, tuple[str, ...]]
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
    delays: dict[str, int]
    _from: tuple[list[str | None], tuple[int, ...], tuple[int, ...], Index]
    """The copied State's controllers, influence, forces and Index (set only when it knew
    its controllers): State.freeze reuses the controllers of regions that did not change."""

    @classmethod
    def of(cls, s: State | Work) -> Work:
        """A working copy of ``s`` whose containers may be changed."""
        w = cls.__new__(cls)
        _copy_into_work(w, s)  # every field; the containers as dicts and lists
        memo = getattr(s, "_ctl", None)
        if type(memo) is list:  # a State that knows some controllers: share them at freeze
            w._from = (memo, cast("tuple[int, ...]", s.infl), cast("tuple[int, ...]", s.forces),
                       s.ix)  # fmt: skip
        return w

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
