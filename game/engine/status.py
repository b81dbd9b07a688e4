"""Where every objective and every inject stands: worked out once, here, for every shell.

The board's objectives panel, the terminal's list, batch statistics and the
report all ask "is this objective met?", and Control's MSEL table asks "has
this inject fired, been skipped or delayed?". Each used to answer on its own;
now the view carries the answers.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from game.engine.actions import CONTROL
from game.engine.decisions import Ctx
from game.engine.injects import due_turn
from game.engine.reasons import condition_missing, event_refusal
from game.engine.scoring import objective_met

if TYPE_CHECKING:
    from game.engine.work import Position


class InjectState(StrEnum):
    """Where an inject of the MSEL stands."""

    PENDING = "pending"
    """Waiting for its turn, date or condition."""
    DELAYED = "delayed"
    """Put off by Control to a later turn."""
    MANUAL = "manual"
    """Fired only by Control; not yet fired."""
    FIRED = "fired"
    SKIPPED = "skipped"
    """Skipped by Control: it will never fire."""


@attrs.frozen(slots=True)
class InjectStatus:
    """One inject and where it stands."""

    id: str
    msel: str
    state: InjectState
    due: int | None
    """The turn it is due (Control's delay wins); None for a condition or a manual inject."""

    @property
    def open(self) -> bool:
        """May Control still fire, delay or skip it?"""
        return self.state in (InjectState.PENDING, InjectState.DELAYED, InjectState.MANUAL)


@attrs.frozen(slots=True)
class ObjectiveStatus:
    """One objective now."""

    id: str
    actor: str
    holds: bool
    """Its condition holds in this position."""
    achieved: bool
    """Scored already (a `once` objective), or holding now (the others)."""
    vp: int
    scoring: str
    missing: str = ""
    """What fails now, in words ('Islamist threat is at most 3 — it is 4'); empty when it
    holds or when the
    status was asked for without words (batch runs)."""


def objective_status(s: Position, words: bool = False) -> tuple[ObjectiveStatus, ...]:
    """Every objective of the scenario, in its order; with ``words``, what each one that
    does not hold is missing (views for people)."""
    out = []
    for oid, obj in s.ix.rules.objectives.items():
        holds = objective_met(s, oid)
        achieved = oid in s.scored if obj.scoring == "once" else holds
        missing = ""
        if words and not holds:
            missing = condition_missing(s, obj.condition, Ctx(obj.actor, None, 0)) or ""
        out.append(ObjectiveStatus(oid, obj.actor, holds, achieved, obj.vp, obj.scoring, missing))
    return tuple(out)


def event_notes(s: Position, seat: str) -> dict[str, str]:
    """For each card a seat holds whose event it may not play now, why (in words); Control
    gets the notes of every hand, each card judged for the seat holding it."""
    holders = s.hands.items() if seat == CONTROL else [(seat, s.hands.get(seat, ()))]
    notes: dict[str, str] = {}
    for holder, hand in holders:
        for cid in hand:
            if cid not in notes:
                why = event_refusal(s, holder, cid)
                if why is not None:
                    notes[cid] = why
    return notes


def inject_status(s: Position, viewer: str = CONTROL) -> tuple[InjectStatus, ...]:
    """The MSEL in the scenario's order. A seat sees the public injects and the private
    ones meant for it; Control sees them all."""
    out = []
    for eid, ev in s.ix.rules.events.items():
        if ev.visibility == "private" and viewer != CONTROL and viewer not in ev.audience:
            continue
        if eid in s.skipped:
            state = InjectState.SKIPPED
        elif eid in s.fired:
            state = InjectState.FIRED
        elif eid in s.delays:
            state = InjectState.DELAYED
        elif ev.manual:
            state = InjectState.MANUAL
        else:
            state = InjectState.PENDING
        out.append(InjectStatus(eid, ev.msel, state, due_turn(s, eid)))
    return tuple(out)
