"""Where every game's first State comes from: a new game of a ruleset, or a position built
from what a seat sees and a guess at the hidden cards (a searching bot's world).

Kept apart from game.engine.state, which holds what a State is and how it moves on; these
two build a working copy from nothing and freeze it.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.engine import turn, views
from game.engine.index import Index, index_for
from game.engine.state import MASK64, State
from game.engine.work import Work
from game.ruleset.model import Ruleset

__all__ = ["new_game", "state_from_view"]


def new_game(
    rules: Ruleset, seats: tuple[str, ...] | None = None, seed: int = 0, control: bool = False
) -> State:
    """The first state of a game: the board as the rules set it up, before any decision.

    ``control``: a Control cell takes part (seminar play): it adjudicates matrix
    arguments and may intervene with :meth:`State.apply_control`.
    """
    seats = tuple(seats) if seats is not None else rules.manifest.seats
    for seat in seats:
        if seat not in rules.manifest.seats:
            raise ValueError(
                f"'{seat}' is not a seat of {rules.id}; seats are {', '.join(rules.manifest.seats)}"
            )
    ix = index_for(rules, seats)
    w = Work.new()
    w.ix = ix
    w.turn, w.round, w.seat_pos, w.phase = 1, 0, 0, "start"
    w.tracks = {tid: t.start for tid, t in rules.tracks.items()}
    w.infl = [0] * (len(ix.regions) * ix.n_actors)
    w.forces = [0] * (len(ix.regions) * ix.n_actors)
    for r, region in rules.regions.items():
        base = ix.region_idx[r] * ix.n_actors
        for a, n in region.influence.items():
            w.infl[base + ix.actor_idx[a]] = n
        for a, n in region.forces.items():
            w.forces[base + ix.actor_idx[a]] = n
    w.vp = {a: actor.vp for a, actor in rules.actors.items()}
    w.flags = frozenset(f for f, flag in rules.flags.items() if flag.start)
    w.hands = {seat: () for seat in seats}
    w.deck = tuple(sorted(c for cid, card in rules.cards.items() for c in [cid] * card.copies))
    w.discard = w.removed = ()
    w.played = w.events_played = w.fired = w.skipped = w.scored = w.thresholds = frozenset()
    w.stack = ()
    w.seed = seed & MASK64
    w.counter = 0
    w.result = None
    w.log = None
    w.step = 0
    w.control = control
    w.facts = ()
    w.delays = {}
    turn.advance(w)
    return State.freeze(w)


def state_from_view(
    view: views.View,
    rules: Ruleset,
    hands: Mapping[str, tuple[str, ...]],
    deck: tuple[str, ...],
    seed: int = 0,
    index: Index | None = None,
    quiet: bool = False,
) -> State:
    """A State equal to the real one in everything ``view`` shows, with the given hidden
    cards (every seat's hand and the deck): what a bot that looks ahead needs, one world
    at a time. ``seed`` seeds the state's own chance generator, so a world's future draws
    and rolls are the bot's guess, never the real game's. ``index`` reuses the lookups of
    an earlier call for the same rules and seats. ``quiet``: a search's world, which writes
    no log (State.quiet)."""
    ix = index if index is not None and index.rules is rules else index_for(rules, view.seats)
    n = ix.n_actors
    w = Work.new()
    w.ix = ix
    w.infl = [0] * (len(ix.regions) * n)
    w.forces = [0] * (len(ix.regions) * n)
    for region, row in view.influence.items():
        base = ix.region_idx[region] * n
        for actor, v in row.items():
            w.infl[base + ix.actor_idx[actor]] = v
    for region, row in view.forces.items():
        base = ix.region_idx[region] * n
        for actor, v in row.items():
            w.forces[base + ix.actor_idx[actor]] = v
    w.turn, w.round, w.seat_pos, w.phase = view.turn, view.round, view.seat_pos, view.phase
    w.tracks, w.vp = dict(view.tracks), dict(view.vp)
    w.flags, w.facts, w.scored = view.flags, view.facts, view.scored
    w.discard, w.removed = view.discard, view.removed
    w.played, w.events_played = view.played, view.events_played
    w.fired, w.skipped, w.thresholds = view.fired, view.skipped, view.thresholds
    w.delays = dict(view.delays)
    w.stack = view.stack
    w.step, w.control, w.result = view.step, view.control, view.result
    w.hands = {seat: tuple(hands.get(seat, ())) for seat in ix.seats}
    w.deck = tuple(deck)
    w.seed = seed & MASK64
    w.counter = 0
    w.log = None
    w.quiet = quiet
    return State.freeze(w)
