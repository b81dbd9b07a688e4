"""The game state: plain data, cheap to copy, never changed once published.

``State.apply`` copies the state into the engine's working copy
(:class:`~game.engine.work.Work`), changes that, and freezes it into a new
State, so every earlier state stays valid: undo, search and replay hold on to
them freely. A State refuses changes: its sequences are tuples and its
mappings frozen. The ruleset and its indexes are shared by reference.
Randomness comes from a counter-based generator seeded in the state, so the
same rules, seed and actions give the same state and the same digest on any
machine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from operator import is_
from typing import Any

from game.engine import explain as _explain
from game.engine import injects, turn, views
from game.engine.actions import CHANCE, Action, ActionError, IllegalAction, parse_action
from game.engine.control import Intervention, from_action
from game.engine.decisions import Frame
from game.engine.digest import state_digest
from game.engine.evaluate import controller_of
from game.engine.events import LogEntry
from game.engine.index import Index
from game.engine.outcome import Result
from game.engine.scoring import check_end_conditions
from game.engine.work import (
    FIELDS,
    FrozenMap,
    Position,
    Work,
    current_actor,
    margins_of,
    unrolled,
)
from game.ruleset.model import Ruleset

__all__ = [
    "MASK64",
    "Index",
    "LogEntry",
    "Result",
    "State",
    "splitmix64",
]

MASK64 = (1 << 64) - 1


def splitmix64(x: int) -> int:
    """One step of SplitMix64: a fast, well-mixed 64-bit hash used as the dice."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


_fill_state = unrolled(
    "_fill_state", "(s, w)", "s.{f} = w.{f}",
    {f: "s.{f} = w.{f} if type(w.{f}) is FrozenMap else FrozenMap(w.{f})"
     for f in ("tracks", "vp", "hands", "delays")}
    | {f: "s.{f} = w.{f} if type(w.{f}) is tuple else tuple(w.{f})"
       for f in ("infl", "forces")},
    {"FrozenMap": FrozenMap},
)  # fmt: skip
"""State.freeze's copy of a working copy's fields (see game.engine.work.unrolled)."""


class _Slots:
    """The slots of a State. A State refuses every change; freeze fills a _Filling (the same
    slots, plain stores: a quarter of the cost of object.__setattr__ by name) and then makes
    it a State."""

    __slots__ = (*FIELDS, "_legal", "_ctl", "_weights", "_made_from", "_quiet")


class _Filling(_Slots):
    __slots__ = ()


class State(_Slots):
    """A position in a game. It never changes: :meth:`apply` gives the next one."""

    __slots__ = ()

    ix: Index
    turn: int
    round: int
    seat_pos: int
    phase: str
    tracks: FrozenMap
    """Track id -> value."""
    infl: tuple[int, ...]
    """Influence, region-major: ``infl[region_index * n_actors + actor_index]``."""
    forces: tuple[int, ...]
    """Forces, laid out as ``infl``."""
    vp: FrozenMap
    """Actor id -> victory points."""
    flags: frozenset[str]
    hands: FrozenMap
    """Seat -> its cards (a sorted tuple)."""
    deck: tuple[str, ...]
    discard: tuple[str, ...]
    removed: tuple[str, ...]
    played: frozenset[str]
    events_played: frozenset[str]
    fired: frozenset[str]
    skipped: frozenset[str]
    """Injects Control skipped (also in ``fired``: they will never fire)."""
    scored: frozenset[str]
    thresholds: frozenset[str]
    stack: tuple[Frame, ...]
    seed: int
    counter: int
    result: Result | None
    log: tuple[LogEntry, Any] | None
    step: int
    control: bool
    """Is there a Control cell (seminar play)? It adjudicates arguments and may intervene."""
    facts: tuple[tuple[str, str], ...]
    """Established facts: (seat, argument id) of every successful matrix argument."""
    delays: FrozenMap
    """Injects Control delayed: event id -> the turn it is now due."""
    _legal: tuple[Action, ...] | None
    """A memo of :meth:`legal_actions`, filled on first use (it never changes the position)."""
    _weights: tuple[tuple[Action, int], ...] | None
    """A memo of the chance outcomes' weights (listed, then drawn from: asked twice)."""
    _ctl: list[str | None] | None
    """A memo of every region's controller (game.engine.evaluate.controller_of)."""
    _made_from: tuple[Sequence[int], Sequence[int], frozenset[int]] | None
    _quiet: bool
    """See :attr:`quiet`."""
    """The influence and forces tables of the State this one was made from and the regions
    changed since, when any changed (see :meth:`regions_changed_since`)."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a State never changes (tried to set '{name}'): use apply()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a State never changes (tried to delete '{name}')")

    # -- construction (the engine's alone) ------------------------------------------------------
    @classmethod
    def freeze(cls, w: Work) -> State:
        """The State a working copy has become. It takes the work's containers that were not
        changed as they are and copies the changed ones, so the work may go on being used;
        the controllers the work knows pass on (from here the State's, shared)."""
        f: Any = _Filling()  # typed as the State it becomes
        _fill_state(f, w)  # every field; changed containers frozen
        f._legal = f._weights = None
        f._ctl = w._ctl
        w._own_ctl = False
        src, dirty = w._src, w._dirty
        made = (*src, frozenset(dirty)) if src is not None and dirty else w._made
        f._made_from = made  # a step that changed no region passes its State's on
        f._quiet = w.quiet
        w._src, w._dirty, w._made = (f.infl, f.forces), None, made
        f.__class__ = cls  # from here it refuses every change
        s: State = f
        return s

    @property
    def quiet(self) -> bool:
        """A search's world (game.ai.determinize): its steps write no log, which nobody
        reads there (a log entry and its words are a tenth of a look-ahead step). Every
        State made from it is quiet too; the digest does not cover the log, so it is the
        same as a logged State's."""
        return self._quiet

    @property
    def made_from(self) -> tuple[Sequence[int], Sequence[int], frozenset[int]] | None:
        """(the influence table and the forces table of a State this one was made from, the
        indices of the regions whose influence or forces changed since), or None when not
        known. A step that changes no region passes on its State's (the tables are the
        same objects), so a chain of such steps keeps pointing at the last change."""
        return self._made_from

    def regions_changed_since(self, other: State) -> frozenset[int] | None:
        """The indices of the regions whose influence or forces may differ from ``other``'s,
        when this State was made from ``other`` (or from a State with the very same tables)
        by one apply, run or draw; None when that is not known. A bot valuing positions
        that differ from their parents in a region or two works out only what those regions
        change (game.ai.value)."""
        if self.infl is other.infl and self.forces is other.forces:
            return frozenset()
        made = self._made_from
        if made is not None and made[0] is other.infl and made[1] is other.forces:
            return made[2]
        return None

    def new_memo(self) -> list[str | None]:
        """A memo of controllers for this State, none known yet (a State never changes, so
        each is worked out once: game.engine.evaluate.controller_of)."""
        memo: list[str | None] = [None] * len(self.ix.regions)
        object.__setattr__(self, "_ctl", memo)
        return memo

    def with_changes(self, **fields: Any) -> State:
        """The same position with some fields replaced (``hands={...}``, ``vp={...}``): for
        tests, puzzles and scenario tools that need a position the rules may never reach.
        Nothing is checked; use :meth:`apply` for play."""
        unknown = sorted(set(fields) - set(FIELDS))
        if unknown:
            raise ValueError(f"not fields of a State: {', '.join(unknown)}")
        w = Work.of(self)
        for name, value in fields.items():
            setattr(w, name, value)
        w.infl, w.forces = tuple(w.infl), tuple(w.forces)
        w._ctl = None  # the controllers are worked out afresh
        w._src = w._made = None  # and nothing is known of what changed
        return State.freeze(w)

    @property
    def rules(self) -> Ruleset:
        return self.ix.rules

    @property
    def seats(self) -> tuple[str, ...]:
        return self.ix.seats

    # -- the public API ----------------------------------------------------------------------
    def current_actor(self) -> str | None:
        """The seat that must decide now, :data:`CHANCE`, :data:`CONTROL` (a ruling on an
        argument), or None when the game is over."""
        return current_actor(self)

    def is_chance_node(self) -> bool:
        return self.current_actor() == CHANCE

    def is_over(self) -> bool:
        return self.result is not None

    def legal_actions(self) -> list[Action]:
        """The options of the top decision, sorted by their string form."""
        if self._legal is None:
            object.__setattr__(self, "_legal", tuple(turn.legal_actions(self)))
        assert self._legal is not None
        return list(self._legal)

    def _is_legal(self, action: Action) -> bool:
        legal = self._legal
        if legal is None:
            return turn.is_legal(self, action)
        # most actions applied are the listed objects themselves: found by identity in C,
        # before comparing field by field (an attrs __eq__ call per option)
        return any(map(is_, legal, repeat(action))) or action in legal

    def apply(self, action: Action | str) -> State:
        """The state after ``action``; raises :class:`ActionSyntaxError` for text that is no
        action and :class:`IllegalAction` for one the rules refuse now, changing nothing."""
        if isinstance(action, str):
            action = parse_action(action)
        if not self._is_legal(action):
            raise IllegalAction(_explain.why_not(self, action) or "not legal now")
        w = Work.of(self)
        turn.apply_action(w, action)
        return State.freeze(w)

    def apply_unchecked(self, action: Action) -> State:
        """The state after ``action``, which the caller knows to be legal (a search that
        took it from this state's options, or from a tree of the same position): the same
        result as :meth:`apply`, without checking again."""
        w = Work.of(self)
        turn.apply_action(w, action)
        return State.freeze(w)

    def apply_all(self, actions: Sequence[Action]) -> State:
        """The state after ``actions`` in turn, each checked as :meth:`apply` checks it, on
        one working copy: no state is made in between. Raises :class:`IllegalAction` at the
        first one the rules refuse, without saying which or why (apply them one by one for
        that): a save being loaded checks its steps so, and asks again only if one fails."""
        w = Work.of(self)
        is_legal, apply_action = turn.is_legal, turn.apply_action
        for action in actions:
            if not is_legal(w, action):
                raise IllegalAction("not legal now")
            apply_action(w, action)
        return State.freeze(w)

    def apply_all_unchecked(self, actions: Sequence[Action]) -> State:
        """The state after ``actions``, each known to be legal in turn (a stored game being
        rebuilt), applied to one working copy: no state is made in between, which is most
        of the cost of a step."""
        w = Work.of(self)
        for action in actions:
            turn.apply_action(w, action)
        return State.freeze(w)

    def run(self, choose: Callable[[Position], Sequence[Action]], steps: int) -> State:
        """The state after up to ``steps`` rounds of ``choose``: each is given the position as
        it stands (read it now, never keep it) and returns the actions to take there, which
        must be legal (nothing is checked: a roll-out picks from the position's own
        options). All are applied to one working copy, so no state is made in between;
        stops when the game ends."""
        w = Work.of(self)
        for _ in range(steps):
            if w.result is not None:
                break
            for action in choose(w):
                turn.apply_action(w, action)
        return State.freeze(w)

    def apply_control(self, action: Intervention | Action | str, reason: str = "") -> State:
        """The state after a Control intervention (fire, skip, delay, adjust, influence,
        forces, vp); raises :class:`ActionSyntaxError` for a malformed one and
        :class:`IllegalAction` saying what is wrong, changing nothing."""
        return self._control(action, reason, stop_at_turn_end=False)

    def turn_close(
        self, action: Action | Intervention | str, reason: str = "", control: bool = False
    ) -> State:
        """The position right after the close of the turn that ``action`` ends: its scoring
        done, the next turn's injects not yet fired (the after-action report shows each
        turn's close). Where ``action`` ends no turn, the same as applying it."""
        if control:
            return self._control(action, reason, stop_at_turn_end=True)
        if isinstance(action, str):
            action = parse_action(action)
        assert isinstance(action, Action)
        if not self._is_legal(action):
            raise IllegalAction(_explain.why_not(self, action) or "not legal now")
        w = Work.of(self)
        turn.apply_action(w, action, stop_at_turn_end=True)
        return State.freeze(w)

    def _control(
        self, action: Intervention | Action | str, reason: str, stop_at_turn_end: bool
    ) -> State:
        if isinstance(action, str):
            action = parse_action(action)
        iv = from_action(action) if isinstance(action, Action) else action
        injects.check_control(self, iv)
        w = Work.of(self)
        w.step += 1
        injects.apply_control(w, iv, reason)
        turn.advance(w, stop_at_turn_end)
        turn.revalidate(w)
        if w.result is None:  # Control's change may meet an end condition: it ends at once
            check_end_conditions(w)
        return State.freeze(w)

    def explain(self, action: Action | str) -> str:
        """Why ``action`` is legal or illegal here, in words."""
        if isinstance(action, str):
            try:
                action = parse_action(action)
            except ActionError as exc:
                return str(exc)
        return _explain.explain(self, action)

    def chance_outcomes(self) -> list[tuple[Action, float]]:
        """At a chance node: each outcome with its probability (they sum to 1)."""
        weights = self._chance_weights()
        total = sum(w for _, w in weights)
        return [(a, w / total) for a, w in weights]

    def _chance_weights(self) -> tuple[tuple[Action, int], ...]:
        if self._weights is None:
            object.__setattr__(self, "_weights", tuple(turn.chance_weights(self)))
        assert self._weights is not None
        return self._weights

    def sample_chance(self) -> Action:
        """The chance outcome this state's seeded generator picks (the same every time)."""
        number = splitmix64(self.seed * 0x100000001B3 + self.counter)
        card = turn.card_outcome(self, number)  # a draw or discard, without listing them all
        if card is not None:
            return card
        weights = self._chance_weights()
        if not weights:
            raise IllegalAction("not a chance node")
        total = sum(w for _, w in weights)
        r = number % total
        for a, w in weights:
            if r < w:
                return a
            r -= w
        return weights[-1][0]  # pragma: no cover - r < total always

    def draw_cards(self, limit: int) -> tuple[State, int]:
        """The state after the draws and discards due now, at most ``limit`` of them, each
        the outcome :meth:`sample_chance` would pick; and how many were made. They are
        applied to one working copy (a deal is many draws: no state is made in between)."""
        w = Work.of(self)
        made = 0
        while made < limit:
            card = turn.card_outcome(w, splitmix64(w.seed * 0x100000001B3 + w.counter))
            if card is None:
                break
            turn.apply_action(w, card)
            made += 1
        return (State.freeze(w) if made else self), made

    def advance_chance(self) -> State:
        """Resolve chance nodes with the seeded generator until a seat must decide."""
        s = self
        while s.result is None and s.is_chance_node():
            s = s.apply(s.sample_chance())
        return s

    def scores(self) -> dict[str, int]:
        """Victory points of every seat."""
        return {seat: self.vp[seat] for seat in self.seats}

    def margins(self) -> dict[str, int]:
        """What decides the winner, per seat: victory points minus par when the scenario's
        victory is by margin, else the victory points themselves."""
        return margins_of(self)

    def returns(self) -> list[float]:
        """Per seat, in seat order: 1 for a sole winner, 1/n for n sharing, 0 otherwise."""
        if self.result is None or not self.result.winners:
            return [0.0] * len(self.seats)
        share = 1.0 / len(self.result.winners)
        return [share if s in self.result.winners else 0.0 for s in self.seats]

    def view_for(self, seat: str, with_log: bool = True) -> views.View:
        """What ``seat`` may see (other hands and the deck order hidden). See views.py."""
        return views.view_for(self, seat, with_log)

    def log_entries(self) -> list[LogEntry]:
        """The whole log, oldest first (every entry: filter with views for a seat)."""
        out: list[LogEntry] = []
        node = self.log
        while node is not None:
            out.append(node[0])
            node = node[1]
        out.reverse()
        return out

    def influence(self, actor: str, region: str) -> int:
        return self.infl[self.ix.region_idx[region] * self.ix.n_actors + self.ix.actor_idx[actor]]

    def force(self, actor: str, region: str) -> int:
        return self.forces[self.ix.region_idx[region] * self.ix.n_actors + self.ix.actor_idx[actor]]

    def controller(self, region: str) -> str:
        return controller_of(self, self.ix.region_idx[region])

    def digest(self) -> str:
        """A stable hash of everything that decides the future of the game (not the log)."""
        return state_digest(self)

    def __repr__(self) -> str:
        return (
            f"<State {self.rules.id} turn {self.turn} round {self.round} phase {self.phase} "
            f"step {self.step} actor {self.current_actor()}>"
        )
