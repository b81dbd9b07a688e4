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
played events, fired events, scored objectives and fired thresholds, and the
seminar's facts and delays. None of it is secret: every seat watched it
happen. The fields are found by name from ``State.__slots__``, so a new public
slot in the engine is picked up; should the View lack one, :func:`observe`
adds it (a :class:`SearchView`) and :func:`require_search_fields` says so.
"""

from __future__ import annotations

import random
from collections import Counter

import attrs

from game.engine import State, View
from game.engine.state import MASK64, Index
from game.ruleset.model import Ruleset

HIDDEN_SLOTS = frozenset({"hands", "deck", "seed", "counter", "log", "_legal", "ix"})
"""State slots a seat may not see (or that are not game data): a determinization makes them."""
BOARD_SLOTS = frozenset({"infl", "forces"})
"""State slots the View shows in another shape (region -> actor -> amount)."""
_VIEW_FIELDS = frozenset(attrs.fields_dict(View))
PUBLIC_FIELDS: tuple[str, ...] = tuple(
    sorted(
        name
        for name in State.__slots__
        if name not in HIDDEN_SLOTS and name not in BOARD_SLOTS and name not in _VIEW_FIELDS
    )
)
"""Public State slots the engine's View does not carry yet, plus ``seats``: what
:func:`observe` adds. Computed from the engine, so new public state is picked up."""
_MISSING: tuple[str, ...] = (
    *PUBLIC_FIELDS,
    *(("seats",) if "seats" not in _VIEW_FIELDS else ()),
)
_DICT_SLOTS = frozenset({"tracks", "vp", "delays"})
"""State slots that are dicts (a View may hold them as tuples of pairs)."""
_COPIED = tuple(
    name for name in State.__slots__ if name not in HIDDEN_SLOTS and name not in BOARD_SLOTS
)
"""State slots taken from the view as they are."""

if _MISSING:  # an engine whose View lacks public state: extend it here
    SearchView: type = attrs.make_class(
        "SearchView",
        {name: attrs.field() for name in _MISSING},
        bases=(View,),
        frozen=True,
    )
    SearchView.__doc__ = "A View plus the public state fields a bot needs to look ahead."
else:  # the engine's View already carries everything
    SearchView = View


def observe(state: State, seat: str) -> View:
    """What a bot of ``seat`` receives: its view (no log) with the public search fields."""
    view: View = state.view_for(seat, with_log=False)
    if not _MISSING:  # the engine's View is complete: nothing to add
        return view
    extra = {name: getattr(state, name) for name in _MISSING}
    base = {a.name: getattr(view, a.name) for a in attrs.fields(View)}
    out: View = SearchView(**base, **extra)
    return out


def has_search_fields(view: View) -> bool:
    """True when ``view`` carries what a determinization needs (see :func:`observe`)."""
    return all(hasattr(view, name) for name in _MISSING)


def require_search_fields(view: View) -> None:
    """Raise a TypeError that says what to pass when ``view`` lacks the public state."""
    if not has_search_fields(view):
        missing = [name for name in _MISSING if not hasattr(view, name)]
        raise TypeError(
            "this bot looks ahead and needs the public state in its view "
            f"(missing: {', '.join(missing)}); pass game.ai.observe(state, seat)"
        )


_INDEXES: dict[tuple[int, tuple[str, ...]], Index] = {}


def _index(rules: Ruleset, seats: tuple[str, ...]) -> Index:
    """The engine's lookup tables for a ruleset and seat order, built once per process."""
    key = (id(rules), seats)
    ix = _INDEXES.get(key)
    if ix is None or ix.rules is not rules:
        ix = Index(rules, seats)
        _INDEXES[key] = ix
    return ix


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


def state_from_view(
    view: View,
    rules: Ruleset,
    hands: dict[str, tuple[str, ...]],
    deck: tuple[str, ...],
    seed: int = 0,
) -> State:
    """A State equal to the real one in everything ``view`` shows, with the given hidden cards.

    ``seed`` seeds the state's own chance generator: a world's future draws and
    rolls are the bot's guess, never the real game's.
    """
    seats: tuple[str, ...] = view.seats
    ix = _index(rules, seats)
    n = ix.n_actors
    infl = [0] * (len(ix.regions) * n)
    forces = [0] * (len(ix.regions) * n)
    for region, row in view.influence.items():
        base = ix.region_idx[region] * n
        for actor, v in row.items():
            infl[base + ix.actor_idx[actor]] = v
    for region, row in view.forces.items():
        base = ix.region_idx[region] * n
        for actor, v in row.items():
            forces[base + ix.actor_idx[actor]] = v
    s = State.__new__(State)
    for name in _COPIED:
        value = getattr(view, name)
        if name in _DICT_SLOTS or isinstance(value, dict):
            value = dict(value)  # the View may carry a mapping as (key, value) pairs
        setattr(s, name, value)
    s.ix = ix
    s.infl, s.forces = infl, forces
    s.hands = {seat: tuple(hands.get(seat, ())) for seat in seats}
    s.deck = tuple(deck)
    s.seed = seed & MASK64
    s.counter = 0
    s.result = view.result
    s.log = None
    s._legal = None
    return s


class Determinizer:
    """Deals many worlds for one view: the public part is built once, each world only deals
    the hidden cards (a search samples hundreds of worlds from the same view)."""

    def __init__(self, view: View, rules: Ruleset):
        require_search_fields(view)
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
        self.base = state_from_view(view, rules, {view.seat: own}, ())

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
        s = self.base.copy()
        s.hands = hands
        s.deck = tuple(sorted(pool[i:]))
        s.seed = rng.getrandbits(64) & MASK64
        return s


def determinize(view: View, rules: Ruleset, rng: random.Random) -> State:
    """One world consistent with ``view``: hidden cards dealt at random, a fresh chance seed."""
    return Determinizer(view, rules).sample(rng)


__all__ = [
    "PUBLIC_FIELDS",
    "Determinizer",
    "SearchView",
    "determinize",
    "has_search_fields",
    "hidden_pool",
    "observe",
    "sample_hidden",
    "state_from_view",
]
