"""Determinization: a full State consistent with what one seat sees.

Bots see only a View. To look ahead they need States, so they sample the
hidden part (the other seats' hands and the deck, which together form a known
multiset: every card that is not in this seat's hand, the discard pile or the
removed pile) and rebuild a State around the public part. Each sample is one
"world" the seat cannot tell apart from the real one; ISMCTS searches many of
them, the heuristic bot one.

The engine's View carries the public state a State needs besides the board:
the decision stack (which effects are still to resolve, which operation
points are left), the seat order and position, the sets of played cards,
played events, fired and skipped events, scored objectives and fired
thresholds, and the seminar's facts and delays. None of it is secret: every
seat watched it happen. The engine builds the world
(:func:`game.engine.start.state_from_view`); this module only deals the cards.
"""

from __future__ import annotations

import random
from collections import Counter

from game.engine import State, View
from game.engine.index import index_for
from game.engine.start import state_from_view
from game.engine.state import MASK64, Index
from game.ruleset.model import Ruleset


def _index(rules: Ruleset, view: View) -> Index:
    """The engine's lookup tables for a ruleset and seat order, built once per process."""
    return index_for(rules, view.seats)


def observe(state: State, seat: str) -> View:
    """What a bot of ``seat`` receives: its view, without the log (the engine's view carries
    all the public state a search needs)."""
    return state.view_for(seat, with_log=False)


def hidden_pool(view: View, rules: Ruleset) -> list[str]:
    """The cards this seat cannot place: other hands and the deck together, sorted."""
    known = Counter(view.hand)
    known.update(view.discard)
    known.update(view.removed)
    pool: list[str] = []
    for cid, card in rules.cards.items():
        n = card.copies - known.get(cid, 0)
        if n < 0:
            raise ValueError(f"the view shows more copies of '{cid}' than the rules have")
        pool += [cid] * n
    pool.sort()
    return pool


def sample_hidden(
    view: View, rules: Ruleset, rng: random.Random
) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Deal the hidden pool at random: (every seat's hand, the deck), sizes as in the view."""
    pool = hidden_pool(view, rules)
    rng.shuffle(pool)
    hands: dict[str, tuple[str, ...]] = {}
    seats: tuple[str, ...] = view.seats
    i = 0
    for seat in seats:
        if seat == view.seat:
            hands[seat] = tuple(sorted(view.hand))
            continue
        n = view.hand_sizes.get(seat, 0)
        hands[seat] = tuple(sorted(pool[i : i + n]))
        i += n
    deck = tuple(sorted(pool[i:]))
    if len(deck) != view.deck_size:
        raise ValueError(
            f"the view's card counts do not add up: {len(deck)} cards left for a deck of "
            f"{view.deck_size}"
        )
    return hands, deck


class Determinizer:
    """Deals many worlds for one view: the public part is built once, each world only deals
    the hidden cards (a search samples hundreds of worlds from the same view)."""

    def __init__(self, view: View, rules: Ruleset):
        self.view = view
        self.pool = hidden_pool(view, rules)
        seats: tuple[str, ...] = view.seats
        self.sizes = [
            (seat, 0 if seat == view.seat else view.hand_sizes.get(seat, 0)) for seat in seats
        ]
        if len(self.pool) - sum(n for _, n in self.sizes) != view.deck_size:
            raise ValueError(
                f"the view's card counts do not add up: {len(self.pool)} hidden cards for "
                f"the other hands and a deck of {view.deck_size}"
            )
        own = tuple(sorted(view.hand))
        self.own = own
        self.base = state_from_view(view, rules, {view.seat: own}, (), index=_index(rules, view),
                                    quiet=True)  # a search's world: no log (State.quiet)

    def sample(self, rng: random.Random) -> State:
        """One world: the hidden pool shuffled and dealt, a fresh chance seed."""
        pool = list(self.pool)
        rng.shuffle(pool)
        hands: dict[str, tuple[str, ...]] = {}
        i = 0
        for seat, n in self.sizes:
            if seat == self.view.seat:
                hands[seat] = self.own
                continue
            hands[seat] = tuple(sorted(pool[i : i + n]))
            i += n
        return self.base.with_changes(
            hands=hands, deck=tuple(sorted(pool[i:])), seed=rng.getrandbits(64) & MASK64
        )


def determinize(view: View, rules: Ruleset, rng: random.Random) -> State:
    """One world consistent with ``view``: hidden cards dealt at random, a fresh chance seed."""
    return Determinizer(view, rules).sample(rng)


__all__ = [
    "Determinizer",
    "determinize",
    "hidden_pool",
    "observe",
    "sample_hidden",
    "state_from_view",
]
