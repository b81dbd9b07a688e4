"""The game state: plain data, cheap to copy, never changed once published.

``State.apply`` copies the state and changes the copy, so every earlier state
stays valid: undo, search and replay hold on to them freely. The ruleset and
its indexes are shared by reference. Randomness comes from a counter-based
generator seeded in the state, so the same rules, seed and actions give the
same state and the same digest on any machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import attrs

from game.engine.actions import CHANCE, CONTROL, Action, IllegalAction, parse_action
from game.engine.decisions import CHANCES, Frame
from game.ruleset.model import Ruleset

MASK64 = (1 << 64) - 1


def splitmix64(x: int) -> int:
    """One step of SplitMix64: a fast, well-mixed 64-bit hash used as the dice."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


@attrs.frozen(slots=True)
class Result:
    """How a game ended."""

    kind: str
    """``win`` (one or more winners), ``shared`` (a tie at the top) or ``none`` (all lose)."""
    winners: tuple[str, ...]
    reason: str


@attrs.frozen(slots=True)
class LogEntry:
    """One line of the game log; ``audience`` limits who may read it (empty: everyone)."""

    step: int
    turn: int
    text: str
    audience: tuple[str, ...] = ()
    public_text: str = ""
    """What others read instead, when the entry is private ('turkey draws a card')."""


class Index:
    """Lookups derived once from a ruleset and shared by every state of a game."""

    def __init__(self, rules: Ruleset, seats: tuple[str, ...]):
        self.rules = rules
        self.seats = seats
        self.actors = tuple(rules.actors)
        self.actor_idx = {a: i for i, a in enumerate(self.actors)}
        self.n_actors = len(self.actors)
        self.regions = tuple(rules.regions)
        self.region_idx = {r: i for i, r in enumerate(self.regions)}
        self.adj = tuple(
            tuple(self.region_idx[o] for o in rules.regions[r].adjacent) for r in self.regions
        )
        self.stability = tuple(rules.regions[r].stability for r in self.regions)
        self.tags = tuple(frozenset(rules.regions[r].tags) for r in self.regions)
        control = rules.manifest.control
        self.home_weight = control.home_weight
        """How many times a region's home actor's influence counts for control."""
        self.home = tuple(self.actor_idx.get(rules.regions[r].home or "", -1) for r in self.regions)
        """Per region, the index of its home actor (-1: nobody's home)."""
        self.needs_forces = tuple(
            self.home[i] >= 0
            and bool(set(rules.regions[r].tags) & set(control.outsider_needs_forces))
            for i, r in enumerate(self.regions)
        )
        """Per region: may an outsider control it only with forces there?"""
        tagged: dict[str, list[int]] = {}
        for i, region_tags in enumerate(self.tags):
            for tag in region_tags:
                tagged.setdefault(tag, []).append(i)
        self.tagged = {tag: tuple(rs) for tag, rs in tagged.items()}
        """Region indices by tag."""
        self.tracks = tuple(rules.tracks)
        self.turns = len(rules.manifest.calendar)
        self.event_turn: dict[str, int] = {}
        for eid, ev in rules.events.items():
            t = ev.trigger
            if t.turn is not None:
                self.event_turn[eid] = t.turn
            elif t.date is not None:
                self.event_turn[eid] = max(1, rules.turn_of_date(t.date))
        self.card_window: dict[str, tuple[int, int]] = {}
        for cid, card in rules.cards.items():
            lo = card.from_turn or 1
            hi = card.until_turn or self.turns
            if card.from_date:
                lo = max(lo, rules.turn_of_date(card.from_date) or 1)
            if card.until_date:
                hi = min(hi, rules.turn_of_date(card.until_date))
            self.card_window[cid] = (lo, hi)


class State:
    """A position in a game. Treat it as immutable: use :meth:`apply` to move on."""

    __slots__ = (
        "_legal",
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
        "stack",
        "step",
        "thresholds",
        "tracks",
        "turn",
        "vp",
    )

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
    delays: dict[str, int]
    """Injects Control delayed: event id -> the turn it is now due (replaced, never mutated)."""
    _legal: list[Action] | None

    # -- construction and copying ----------------------------------------------------------
    def copy(self) -> State:
        """A shallow copy whose mutable parts are fresh: the base of every change."""
        s = State.__new__(State)
        for name in State.__slots__:
            setattr(s, name, getattr(self, name))
        s.tracks = dict(self.tracks)
        s.infl = list(self.infl)
        s.forces = list(self.forces)
        s.vp = dict(self.vp)
        s.hands = dict(self.hands)
        s._legal = None
        return s

    @property
    def rules(self) -> Ruleset:
        return self.ix.rules

    @property
    def seats(self) -> tuple[str, ...]:
        return self.ix.seats

    # -- the public API ----------------------------------------------------------------------
    def current_actor(self) -> str | None:
        """The seat that must decide now, :data:`CHANCE`, or None when the game is over."""
        if self.result is not None or not self.stack:
            return None
        top = self.stack[-1]
        if isinstance(top, CHANCES) or type(top).__name__ == "ArgumentRoll":
            return CHANCE
        if type(top).__name__ == "Adjudicate":
            return CONTROL
        seat: str = getattr(top, "seat", "")
        return seat or None

    def is_chance_node(self) -> bool:
        return self.current_actor() == CHANCE

    def is_over(self) -> bool:
        return self.result is not None

    def legal_actions(self) -> list[Action]:
        """The options of the top decision, sorted by their string form."""
        if self._legal is None:
            from game.engine.turn import legal_actions

            self._legal = legal_actions(self)
        return list(self._legal)

    def apply(self, action: Action | str) -> State:
        """The state after ``action``; raises :class:`IllegalAction` and changes nothing."""
        from game.engine.turn import apply_action, is_legal

        if isinstance(action, str):
            action = parse_action(action)
        legal = action in self._legal if self._legal is not None else is_legal(self, action)
        if not legal:
            raise IllegalAction(self.explain(action))
        return apply_action(self, action)

    def apply_control(self, action: Action | str, reason: str = "") -> State:
        """The state after a Control intervention (fire, skip, delay, adjust, influence,
        forces, vp); raises :class:`IllegalAction` saying what is wrong, changing nothing."""
        from game.engine.injects import apply_control, check_control
        from game.engine.turn import advance

        if isinstance(action, str):
            action = parse_action(action)
        parts = check_control(self, action)
        s = self.copy()
        s.step += 1
        apply_control(s, action, parts, reason)
        advance(s)
        return s

    def explain(self, action: Action | str) -> str:
        """Why ``action`` is legal or illegal here, in words."""
        from game.engine.explain import explain

        if isinstance(action, str):
            try:
                action = parse_action(action)
            except IllegalAction as exc:
                return str(exc)
        return explain(self, action)

    def chance_outcomes(self) -> list[tuple[Action, float]]:
        """At a chance node: each outcome with its probability (they sum to 1)."""
        from game.engine.turn import chance_weights

        weights = chance_weights(self)
        total = sum(w for _, w in weights)
        return [(a, w / total) for a, w in weights]

    def sample_chance(self) -> Action:
        """The chance outcome this state's seeded generator picks (the same every time)."""
        from game.engine.turn import chance_weights

        weights = chance_weights(self)
        if not weights:
            raise IllegalAction("not a chance node")
        total = sum(w for _, w in weights)
        r = splitmix64(self.seed * 0x100000001B3 + self.counter) % total
        for a, w in weights:
            if r < w:
                return a
            r -= w
        return weights[-1][0]  # pragma: no cover - r < total always

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
        rules = self.ix.rules
        if rules.manifest.victory.by == "margin":
            return {seat: self.vp[seat] - (rules.actors[seat].par or 0) for seat in self.seats}
        return {seat: self.vp[seat] for seat in self.seats}

    def returns(self) -> list[float]:
        """Per seat, in seat order: 1 for a sole winner, 1/n for n sharing, 0 otherwise."""
        if self.result is None or not self.result.winners:
            return [0.0] * len(self.seats)
        share = 1.0 / len(self.result.winners)
        return [share if s in self.result.winners else 0.0 for s in self.seats]

    def view_for(self, seat: str, with_log: bool = True) -> Any:
        """What ``seat`` may see (other hands and the deck order hidden). See views.py."""
        from game.engine.views import view_for

        return view_for(self, seat, with_log)

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
        from game.engine.evaluate import controller_of

        return controller_of(self, self.ix.region_idx[region])

    def digest(self) -> str:
        """A stable hash of everything that decides the future of the game (not the log)."""
        h = hashlib.sha256()
        for part in self._canonical():
            h.update(repr(part).encode())
            h.update(b"|")
        return h.hexdigest()[:32]

    def _canonical(self) -> Iterator[object]:
        yield self.ix.rules.digest
        yield self.ix.seats
        yield (self.turn, self.round, self.seat_pos, self.phase, self.seed, self.counter)
        yield sorted(self.tracks.items())
        yield tuple(self.infl)
        yield tuple(self.forces)
        yield sorted(self.vp.items())
        for name in ("flags", "played", "events_played", "fired", "scored", "thresholds"):
            yield sorted(getattr(self, name))
        yield sorted(self.hands.items())
        yield (self.deck, tuple(sorted(self.discard)), tuple(sorted(self.removed)))
        yield tuple(_frame_key(f) for f in self.stack)
        yield self.result
        yield (self.control, self.facts, sorted(self.delays.items()))

    def __repr__(self) -> str:
        return (
            f"<State {self.rules.id} turn {self.turn} round {self.round} phase {self.phase} "
            f"step {self.step} actor {self.current_actor()}>"
        )


def _frame_key(frame: Frame) -> object:
    """A frame as plain data for the digest (effects by identity of their definition)."""
    parts: list[object] = [type(frame).__name__]
    for a in attrs.fields(type(frame)):
        v = getattr(frame, a.name)
        if a.name == "effects":
            parts.append(len(v))
        elif a.name == "options":
            parts.append(tuple(k for k, _ in v))
        else:
            parts.append(v)
    return tuple(parts)


def new_game(
    rules: Ruleset, seats: tuple[str, ...] | None = None, seed: int = 0, control: bool = False
) -> State:
    """The first state of a game: the board as the rules set it up, before any decision.

    ``control``: a Control cell takes part (seminar play): it adjudicates matrix
    arguments and may intervene with :meth:`State.apply_control`.
    """
    from game.engine.turn import advance

    seats = tuple(seats) if seats is not None else rules.manifest.seats
    for seat in seats:
        if seat not in rules.manifest.seats:
            raise ValueError(
                f"'{seat}' is not a seat of {rules.id}; seats are {', '.join(rules.manifest.seats)}"
            )
    ix = Index(rules, seats)
    s = State.__new__(State)
    s.ix = ix
    s.turn, s.round, s.seat_pos, s.phase = 1, 0, 0, "start"
    s.tracks = {tid: t.start for tid, t in rules.tracks.items()}
    s.infl = [0] * (len(ix.regions) * ix.n_actors)
    s.forces = [0] * (len(ix.regions) * ix.n_actors)
    for r, region in rules.regions.items():
        base = ix.region_idx[r] * ix.n_actors
        for a, n in region.influence.items():
            s.infl[base + ix.actor_idx[a]] = n
        for a, n in region.forces.items():
            s.forces[base + ix.actor_idx[a]] = n
    s.vp = {a: actor.vp for a, actor in rules.actors.items()}
    s.flags = frozenset(f for f, flag in rules.flags.items() if flag.start)
    s.hands = {seat: () for seat in seats}
    s.deck = tuple(sorted(c for cid, card in rules.cards.items() for c in [cid] * card.copies))
    s.discard = s.removed = ()
    s.played = s.events_played = s.fired = s.scored = s.thresholds = frozenset()
    s.stack = ()
    s.seed = seed & MASK64
    s.counter = 0
    s.result = None
    s.log = None
    s.step = 0
    s.control = control
    s.facts = ()
    s.delays = {}
    s._legal = None
    advance(s)
    return s
