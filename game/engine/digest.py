"""A position's digest: the hash of everything that decides the rest of the game.

Saves keep the digest at checkpoints and replay compares it; the network protocol
sends it with every update. The text hashed must therefore never change: a save
made by an older version has to replay to the same digests. Each part below is
written exactly as the first format wrote it (a Python repr), however its class
has grown since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from game.engine.decisions import Frame

if TYPE_CHECKING:
    from game.engine.index import Index
    from game.engine.state import State


def state_digest(s: State) -> str:
    """A stable hash of everything that decides the future of the game (not the log)."""
    return hashlib.sha256(canonical_text(s).encode()).hexdigest()[:32]


def canonical_text(s: State) -> str:
    """The text a digest hashes: the repr of each part of :func:`_canonical`, each followed
    by ``|``, written here without converting each id and number again.

    A digest is made at every checkpoint of a replay and, on a server, after every
    action (issue 17). Most of its text is ids and small numbers, the same ones state
    after state, so their texts are looked up (an id's repr, a row of a table) instead of
    made. :func:`_canonical` stays the definition; a test holds the two equal."""
    ix = s.ix
    text = ix.id_text.__getitem__
    r = s.result
    return "|".join(
        (
            repr(ix.rules.digest),
            repr(ix.seats),
            repr((s.turn, s.round, s.seat_pos, s.phase, s.seed, s.counter)),
            _numbers(text, s.tracks),
            _table(ix, s.infl),
            _table(ix, s.forces),
            _numbers(text, s.vp),
            _ids(text, sorted(s.flags)),
            _ids(text, sorted(s.played)),
            _ids(text, sorted(s.events_played)),
            _ids(text, sorted(s.fired)),
            _ids(text, sorted(s.scored)),
            _ids(text, sorted(s.thresholds)),
            _hands(text, s.hands),
            f"({_id_tuple(text, s.deck)}, {_id_tuple(text, tuple(sorted(s.discard)))}, "
            f"{_id_tuple(text, tuple(sorted(s.removed)))})",
            repr(tuple(_frame_key(f) for f in s.stack)),
            repr(None if r is None else _ResultKey(r.kind, r.winners, r.reason)),
            repr((s.control, s.facts, sorted(s.delays.items()))),
            "",
        )
    )


class IdTexts(dict[str, str]):
    """Id -> its repr, made on first use (an Index keeps one: the ids of one ruleset)."""

    __slots__ = ()

    def __missing__(self, key: str) -> str:
        text = self[key] = repr(key)
        return text


# The ids below are str and the numbers int, as the State's fields are typed: an id's repr
# is looked up (an id of another type would still be written by its own repr, but one equal
# to an id of another type, 1 and True, would share its text), a number's str is its repr.
def _ids(text: Callable[[str], str], ids: list[str]) -> str:
    """``repr(ids)``, a list of ids."""
    return f"[{', '.join(map(text, ids))}]"


def _id_tuple(text: Callable[[str], str], ids: tuple[str, ...]) -> str:
    """``repr(ids)``, a tuple of ids."""
    if len(ids) == 1:
        return f"({text(ids[0])},)"
    return f"({', '.join(map(text, ids))})"


def _numbers(text: Callable[[str], str], m: Mapping[str, int]) -> str:
    """``repr(sorted(m.items()))``, ids to numbers."""
    return f"[{', '.join([f'({text(k)}, {v})' for k, v in sorted(m.items())])}]"


def _hands(text: Callable[[str], str], hands: Mapping[str, tuple[str, ...]]) -> str:
    """``repr(sorted(hands.items()))``, seats to tuples of card ids."""
    items = sorted(hands.items())
    return f"[{', '.join([f'({text(k)}, {_id_tuple(text, v)})' for k, v in items])}]"


def _table(ix: Index, table: Sequence[int]) -> str:
    """``repr(tuple(table))``, an influence or forces table, from the texts of its rows (one
    per region): most rows recur from state to state. The two tables were 40% of a
    digest's cost."""
    n = ix.n_actors
    if n < 1 or len(table) < 2 or len(table) % n:
        return repr(tuple(table))
    known = ix.row_text
    try:
        return f"({', '.join(map(known.__getitem__, _rows(table, n)))})"
    except KeyError:  # a row not met before: each such row's text made once
        pass
    if len(known) >= ROW_TEXTS:
        known.clear()
    for row in _rows(table, n):
        if row not in known:
            known[row] = ", ".join(map(repr, row))
    return f"({', '.join(map(known.__getitem__, _rows(table, n)))})"


def _rows(table: Sequence[int], n: int) -> Iterator[tuple[int, ...]]:
    """The rows of ``n`` numbers of a table whose length is a multiple of ``n``."""
    return zip(*[iter(table)] * n, strict=False)


ROW_TEXTS = 4096
"""The most row texts an Index keeps (a long game meets a few hundred)."""


def _canonical(s: State) -> Iterator[object]:
    """The parts of a digest's text, each written as its repr: the definition
    :func:`canonical_text` follows."""
    yield s.ix.rules.digest
    yield s.ix.seats
    yield (s.turn, s.round, s.seat_pos, s.phase, s.seed, s.counter)
    yield sorted(s.tracks.items())
    yield tuple(s.infl)
    yield tuple(s.forces)
    yield sorted(s.vp.items())
    yield sorted(s.flags)
    yield sorted(s.played)
    yield sorted(s.events_played)
    yield sorted(s.fired)
    yield sorted(s.scored)
    yield sorted(s.thresholds)
    yield sorted(s.hands.items())
    yield (s.deck, tuple(sorted(s.discard)), tuple(sorted(s.removed)))
    yield tuple(_frame_key(f) for f in s.stack)
    r = s.result  # the words of the first format, so saved checkpoints still match
    yield None if r is None else _ResultKey(r.kind, r.winners, r.reason)
    yield (s.control, s.facts, sorted(s.delays.items()))


@attrs.frozen(slots=True)
class _ResultKey:
    """How a result entered the digest before it had more fields: its repr must not change."""

    kind: str
    winners: tuple[str, ...]
    reason: str

    def __repr__(self) -> str:
        return f"Result(kind={self.kind!r}, winners={self.winners!r}, reason={self.reason!r})"


def _frame_key(frame: Frame) -> object:
    """A frame as plain data for the digest (effects by identity of their definition)."""
    parts: list[object] = [type(frame).__name__]
    for a in attrs.fields(type(frame)):
        v = getattr(frame, a.name)
        if a.name == "effects":
            parts.append(len(v))
        elif a.name == "closed" and not v:
            continue  # frames before closed options existed hash as they always did
        elif a.name in ("options", "closed"):
            parts.append(tuple(k for k, _ in v))  # keys: an option's text holds file positions
        else:
            parts.append(v)
    return tuple(parts)
