"""A position's digest: the hash of everything that decides the rest of the game.

Saves keep the digest at checkpoints and replay compares it; the network protocol
sends it with every update. The text hashed must therefore never change: a save
made by an older version has to replay to the same digests. Each part below is
written exactly as the first format wrote it (a Python repr), however its class
has grown since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from game.engine.decisions import Frame

if TYPE_CHECKING:
    from game.engine.state import State


def state_digest(s: State) -> str:
    """A stable hash of everything that decides the future of the game (not the log)."""
    h = hashlib.sha256()
    for part in _canonical(s):
        h.update(repr(part).encode())
        h.update(b"|")
    return h.hexdigest()[:32]


def _canonical(s: State) -> Iterator[object]:
    yield s.ix.rules.digest
    yield s.ix.seats
    yield (s.turn, s.round, s.seat_pos, s.phase, s.seed, s.counter)
    yield sorted(s.tracks.items())
    yield _Table(s.infl)
    yield _Table(s.forces)
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


_NUMBER_TEXT = {n: repr(n) for n in range(100)}
"""The texts of the numbers an influence or forces table holds (0 to 99, the engine's
MAX_INFLUENCE and MAX_FORCES)."""


class _Table(tuple[int, ...]):
    """An influence or forces table in the digest: its repr is a tuple's, made from the
    numbers' texts looked up instead of converted one by one. The two tables were 40% of a
    digest's cost, and a replay digests every checkpoint and the server every action
    (issue 17); the text, and so every saved digest, is the same."""

    __slots__ = ()

    def __repr__(self) -> str:
        if len(self) > 1:
            try:
                return f"({', '.join(map(_NUMBER_TEXT.__getitem__, self))})"
            except KeyError:  # a number outside 0-99: written the slow way
                pass
        return tuple.__repr__(self)


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
