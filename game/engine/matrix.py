"""Matrix arguments: a seat argues for an outcome, Control or the table sets the odds, dice decide.

An argument takes the place of a card play. The seat names one of the outcomes
the scenario defines (its free-text case is kept in the record, not in the
rules); Control sets the 2d6 roll it needs, approves or denies it outright, or
the other seats vote the odds up or down. A success applies the outcome's
effects and becomes an established fact that conditions can test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.actions import Action, ActionKind
from game.engine.decisions import Adjudicate, ArgumentRoll, Ctx, Vote
from game.engine.events import Datum, LogKind
from game.engine.resolve import log, push, run_effects

if TYPE_CHECKING:
    from game.engine.work import Position, Work

TWO_D6 = {t: 6 - abs(t - 7) for t in range(2, 13)}
"""Weights of 2d6 totals (out of 36)."""


def open_arguments(s: Position, seat: str) -> list[str]:
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


def start_argument(s: Work, seat: str, argument: str) -> None:
    arg = s.ix.rules.arguments[argument]
    log(s, LogKind.ARGUMENT, f"{seat} argues: {arg.title}", seat=seat, argument=argument)
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
        return [
            Action(ActionKind.APPROVE),
            Action(ActionKind.DENY),
            *(Action(ActionKind.ODDS, str(n)) for n in range(2, 13)),
        ]
    if isinstance(frame, Vote):
        return [Action(ActionKind.VOTE, "no"), Action(ActionKind.VOTE, "yes")]
    return []


def chance(frame: ArgumentRoll) -> list[tuple[Action, int]]:
    return [(Action(ActionKind.ROLL, str(t)), w) for t, w in TWO_D6.items()]


def decide(s: Work, frame: object, action: Action) -> None:
    """Apply Control's or a voter's decision on an argument."""
    if isinstance(frame, Adjudicate):
        who: dict[str, Datum] = {"seat": frame.seat, "argument": frame.argument}
        if action.kind == ActionKind.APPROVE:
            log(
                s,
                LogKind.RULING,
                f"Control approves {frame.seat}'s argument",
                ruling="approve",
                extra=who,
            )
            _succeed(s, frame.seat, frame.argument)
        elif action.kind == ActionKind.DENY:
            log(
                s,
                LogKind.RULING,
                f"Control denies {frame.seat}'s argument",
                ruling="deny",
                extra=who,
            )
        else:
            need = int(action.arg)
            log(
                s,
                LogKind.RULING,
                f"Control sets the odds: {frame.seat} needs {need}+ on 2d6",
                ruling="odds",
                need=need,
                extra=who,
            )
            push(s, ArgumentRoll(frame.seat, frame.argument, need))
        return
    assert isinstance(frame, Vote)
    yes, no = frame.yes + (action.arg == "yes"), frame.no + (action.arg == "no")
    log(s, LogKind.VOTE, f"{frame.seat} votes {action.arg}", seat=frame.seat, vote=action.arg)
    if frame.voters:
        push(s, Vote(frame.voters[0], frame.arguer, frame.argument, frame.voters[1:], yes, no))
        return
    need = max(2, min(12, s.ix.rules.manifest.matrix.need - yes + no))
    log(
        s,
        LogKind.TALLY,
        f"the table votes {yes}–{no}: {frame.arguer} needs {need}+ on 2d6",
        arguer=frame.arguer,
        argument=frame.argument,
        yes=yes,
        no=no,
        need=need,
    )
    push(s, ArgumentRoll(frame.arguer, frame.argument, need))


def resolve_roll(s: Work, frame: ArgumentRoll, action: Action) -> None:
    total = int(action.arg)
    ok = total >= frame.need
    log(
        s,
        LogKind.ARGUMENT_ROLL,
        f"argument roll {total} (needed {frame.need}+): it {'succeeds' if ok else 'fails'}",
        seat=frame.seat,
        argument=frame.argument,
        total=total,
        need=frame.need,
        success=ok,
    )
    if ok:
        _succeed(s, frame.seat, frame.argument)


def _succeed(s: Work, seat: str, argument: str) -> None:
    arg = s.ix.rules.arguments[argument]
    s.facts = (*s.facts, (seat, argument))
    log(s, LogKind.FACT, f"established fact: {arg.title}", seat=seat, argument=argument)
    run_effects(s, arg.effects, Ctx(actor=seat), f"argument {argument}")
