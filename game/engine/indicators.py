"""Historical indicators: how a game's end compares with what happened in history.

A scenario lists facts of the record (a statement signed, a town taken, a
capital held) as indicators. They never score and never change play; they
are read off the final state so that batch runs, the thesis experiment and
the after-action report can say how close a game came to history, and which
way of playing an actor brings it closer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from game.engine.evaluate import Eval
from game.ruleset.model import Indicator, Ruleset

if TYPE_CHECKING:
    from game.engine.work import Position

Value = bool | int
"""An indicator's value in one game: a yes/no fact, or a number."""


@attrs.frozen
class Reading:
    """One indicator read off one state."""

    id: str
    value: Value
    historical: bool | float
    distance: float
    """0 when it came out as in history, 1 for a full miss (numbers: scaled, at most 1)."""

    @property
    def matches(self) -> bool:
        """Did it come out as in history (a number: the nearest whole number to it)?"""
        if isinstance(self.historical, bool):
            return bool(self.value) == self.historical
        return abs(float(self.value) - float(self.historical)) < 0.5


def distance(ind: Indicator, value: Value) -> float:
    """How far ``value`` is from the indicator's historical value, in [0, 1]."""
    if ind.condition is not None:
        return 0.0 if bool(value) == bool(ind.historical) else 1.0
    return min(1.0, abs(float(value) - float(ind.historical)) / ind.scale)


def read_indicators(s: Position) -> dict[str, Value]:
    """Every indicator's value in ``s`` (meant for a finished game; works on any state)."""
    ev = Eval(s)
    out: dict[str, Value] = {}
    for iid, ind in s.ix.rules.indicators.items():
        if ind.condition is not None:
            out[iid] = bool(ind.condition(ev))
        elif ind.value is not None:
            out[iid] = int(ind.value(ev))
    return out


def readings(rules: Ruleset, values: dict[str, Value]) -> list[Reading]:
    """The values of one game set against history, in the scenario's order."""
    out = []
    for iid, ind in rules.indicators.items():
        if iid in values:
            v = values[iid]
            out.append(Reading(iid, v, ind.historical, distance(ind, v)))
    return out


def distance_from_history(rules: Ruleset, values: dict[str, Value]) -> float:
    """The mean distance over the scenario's indicators (0: exactly as in history)."""
    rs = readings(rules, values)
    return sum(r.distance for r in rs) / len(rs) if rs else 0.0


def matched(rules: Ruleset, values: dict[str, Value]) -> int:
    """How many indicators came out as in history in one game."""
    return sum(1 for r in readings(rules, values) if r.matches)
