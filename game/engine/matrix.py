"""Matrix arguments: a seat argues for an outcome, Control or the table sets the odds, dice decide.

An argument takes the place of a card play. The seat names one of the outcomes
the scenario defines (its free-text case is kept in the record, not in the
rules); Control sets the 2d6 roll it needs, approves or denies it outright, or
the other seats vote the odds up or down. A success applies the outcome's
effects and becomes an established fact that conditions can test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from game.engine.actions import Action
from game.engine.decisions import Ctx
from game.engine.resolve import log, push, run_effects

if TYPE_CHECKING:
    from game.engine.state import State

TWO_D6 = {t: 6 - abs(t - 7) for t in range(2, 13)}
"""Weights of 2d6 totals (out of 36)."""


@attrs.frozen(slots=True)
class Adjudicate:
    """Control decides an argument: the roll it needs, or approve / deny outright."""

    seat: str
    argument: str


@attrs.frozen(slots=True)
class Vote:
    """The other seats vote, one at a time; each yes lowers the roll needed by one."""

    seat: str
    """The voter now."""
    arguer: str
    argument: str
    voters: tuple[str, ...]
    """Voters still to vote after this one."""
    yes: int = 0
    no: int = 0


@attrs.frozen(slots=True)
class ArgumentRoll:
    """Chance: the 2d6 roll of an argument, against the number it needs."""

    seat: str
    argument: str
    need: int


def open_arguments(s: State, seat: str) -> list[str]:
    """The outcomes ``seat`` may argue for now (none unless the scenario enables them)."""
    m = s.ix.rules.manifest.matrix
    if not m.enabled or (m.adjudication == "control" and not s.control):
        return []
    done = {arg for _, arg in s.facts}
    return [
        aid
        for aid, a in s.ix.rules.arguments.items()
        if aid not in done and (not a.actors or seat in a.actors)
    ]


def start_argument(s: State, seat: str, argument: str) -> None:
    arg = s.ix.rules.arguments[argument]
    log(s, f"{seat} argues: {arg.title}")
    m = s.ix.rules.manifest.matrix
    if m.adjudication == "control":
        push(s, Adjudicate(seat, argument))
        return
    voters = tuple(v for v in s.ix.seats if v != seat)
    if not voters:
        push(s, ArgumentRoll(seat, argument, m.need))
        return
    push(s, Vote(voters[0], seat, argument, voters[1:]))


def legal(frame: object) -> list[Action]:
    if isinstance(frame, Adjudicate):
        return [Action("approve"), Action("deny"), *(Action("odds", str(n)) for n in range(2, 13))]
    if isinstance(frame, Vote):
        return [Action("vote", "no"), Action("vote", "yes")]
    return []


def chance(frame: ArgumentRoll) -> list[tuple[Action, int]]:
    return [(Action("roll", str(t)), w) for t, w in TWO_D6.items()]


def decide(s: State, frame: object, action: Action) -> None:
    """Apply Control's or a voter's decision on an argument."""
    if isinstance(frame, Adjudicate):
        if action.kind == "approve":
            log(s, f"Control approves {frame.seat}'s argument")
            _succeed(s, frame.seat, frame.argument)
        elif action.kind == "deny":
            log(s, f"Control denies {frame.seat}'s argument")
        else:
            log(s, f"Control sets the odds: {frame.seat} needs {action.arg}+ on 2d6")
            push(s, ArgumentRoll(frame.seat, frame.argument, int(action.arg)))
        return
    assert isinstance(frame, Vote)
    yes, no = frame.yes + (action.arg == "yes"), frame.no + (action.arg == "no")
    log(s, f"{frame.seat} votes {action.arg}")
    if frame.voters:
        push(s, Vote(frame.voters[0], frame.arguer, frame.argument, frame.voters[1:], yes, no))
        return
    need = max(2, min(12, s.ix.rules.manifest.matrix.need - yes + no))
    log(s, f"the table votes {yes}–{no}: {frame.arguer} needs {need}+ on 2d6")
    push(s, ArgumentRoll(frame.arguer, frame.argument, need))


def resolve_roll(s: State, frame: ArgumentRoll, action: Action) -> None:
    total = int(action.arg)
    if total >= frame.need:
        log(s, f"argument roll {total} (needed {frame.need}+): it succeeds")
        _succeed(s, frame.seat, frame.argument)
    else:
        log(s, f"argument roll {total} (needed {frame.need}+): it fails")


def _succeed(s: State, seat: str, argument: str) -> None:
    arg = s.ix.rules.arguments[argument]
    s.facts = (*s.facts, (seat, argument))
    log(s, f"established fact: {arg.title}")
    run_effects(s, arg.effects, Ctx(actor=seat), f"argument {argument}")
