"""Injects (the Master Scenario Events List) and the Control cell's interventions.

Scheduled events fire at the start of the turn their trigger names; Control
may also fire an inject early, skip it, or delay it, and may adjust tracks,
influence, forces and victory points. Every intervention carries a reason,
goes into the log, and is part of the record, so a session replays exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.actions import Action, IllegalAction
from game.engine.decisions import Ctx
from game.engine.evaluate import Eval
from game.engine.resolve import MAX_FORCES, MAX_INFLUENCE, log, move_track, run_effects

if TYPE_CHECKING:
    from game.engine.state import State

CONTROL_KINDS = ("fire", "skip", "delay", "adjust", "influence", "forces", "vp")
"""Kinds of Control interventions; arguments are joined by ':' (``adjust escalation:-2``)."""


def due_turn(s: State, eid: str) -> int | None:
    """The turn an event is due (a delay by Control wins), or None for condition-only/manual."""
    if eid in s.delays:
        return s.delays[eid]
    return s.ix.event_turn.get(eid)


def is_due(s: State, eid: str) -> bool:
    ev = s.ix.rules.events[eid]
    if eid in s.fired or ev.manual:
        return False
    turn = due_turn(s, eid)
    # A turn or date is the earliest turn; with a condition it waits until that holds.
    if turn is not None and (turn > s.turn or (turn < s.turn and ev.trigger.when is None)):
        return False
    return ev.trigger.when is None or bool(ev.trigger.when(Eval(s, Ctx())))


def fire_next_due(s: State) -> bool:
    """Fire the first due event (in definition order); False when none is due.

    One at a time, so a condition trigger sees the effects of the events before it.
    """
    for eid in s.ix.rules.events:
        if is_due(s, eid):
            fire(s, eid)
            return True
    return False


def fire(s: State, eid: str, by: str = "") -> None:
    """Fire an inject, or its contingency when the contingency's condition holds."""
    ev = s.ix.rules.events[eid]
    s.fired = s.fired | {eid}
    if ev.contingency is not None and ev.contingency.when(Eval(s, Ctx())):
        alt = ev.contingency.use
        if alt in s.fired:  # Control already used the replacement: this one is spent too
            log(s, f"inject {eid} is spent: its contingency {alt} has already fired")
            return
        log(s, f"inject {eid} is replaced by its contingency {alt}")
        fire(s, alt, by)
        return
    audience = tuple(ev.audience) if ev.visibility == "private" else ()
    tag = f"[{ev.msel}] " if ev.msel else ""
    log(
        s,
        f"{by}event: {tag}{ev.title}" + (f" — {ev.text}" if ev.text else ""),
        audience,
        "a private event" if audience else "",
    )
    run_effects(s, ev.effects, Ctx(), f"event {eid}")


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise IllegalAction(f"{what} must be a whole number, not '{text}'") from None


def check_control(s: State, action: Action) -> list[str]:
    """The parts of a Control intervention, or IllegalAction saying what is wrong."""
    if not s.control:
        raise IllegalAction("this game has no Control cell; start it with a Control seat")
    if s.result is not None:
        raise IllegalAction("the game is over")
    rules = s.ix.rules
    parts = action.arg.split(":")
    kind = action.kind
    shapes = {"fire": 1, "skip": 1, "delay": 2, "adjust": 2, "influence": 3, "forces": 3, "vp": 2}
    if kind not in shapes:
        raise IllegalAction(f"'{kind}' is not a Control intervention ({', '.join(CONTROL_KINDS)})")
    if len(parts) != shapes[kind]:
        example = {
            "fire": "fire war_begins",
            "skip": "skip war_begins",
            "delay": "delay war_begins:3",
            "adjust": "adjust escalation:-2",
            "influence": "influence russia:ARM:3",
            "forces": "forces russia:STK:2",
            "vp": "vp russia:10",
        }[kind]
        raise IllegalAction(f"write it like '{example}'")
    if kind in ("fire", "skip", "delay"):
        if parts[0] not in rules.events:
            raise IllegalAction(f"there is no inject '{parts[0]}'")
        if parts[0] in s.fired:
            raise IllegalAction(f"inject '{parts[0]}' has already fired or been skipped")
        if kind == "delay" and rules.events[parts[0]].manual:
            raise IllegalAction(
                f"inject '{parts[0]}' is manual: it has no turn to delay; fire it when you want it"
            )
        if kind == "delay" and not s.turn < _int(parts[1], "the turn") <= s.ix.turns:
            raise IllegalAction(f"delay to a later turn of the game ({s.turn + 1}..{s.ix.turns})")
    elif kind == "adjust":
        if parts[0] not in rules.tracks:
            raise IllegalAction(f"there is no track '{parts[0]}'")
        _int(parts[1], "the change")
    elif kind in ("influence", "forces"):
        if parts[0] not in rules.actors:
            raise IllegalAction(f"there is no actor '{parts[0]}'")
        if parts[1] not in rules.regions:
            raise IllegalAction(f"there is no region '{parts[1]}'")
        top = MAX_INFLUENCE if kind == "influence" else MAX_FORCES
        if not 0 <= _int(parts[2], "the value") <= top:
            raise IllegalAction(f"{kind} must be between 0 and {top}")
    elif kind == "vp":
        if parts[0] not in s.ix.seats:
            raise IllegalAction(f"'{parts[0]}' is not a seat")
        _int(parts[1], "the score")
    return parts


def apply_control(s: State, action: Action, parts: list[str], reason: str) -> None:
    """Carry out a checked intervention on the working state ``s``."""
    why = f" (reason: {reason})" if reason else ""
    kind = action.kind
    if kind == "fire":
        fire(s, parts[0], "Control fires ")
        ev = s.ix.rules.events[parts[0]]
        private = tuple(ev.audience) if ev.visibility == "private" else ()
        log(
            s,
            f"Control fired {parts[0]}{why}",
            private,
            "Control fired an inject" if private else "",
        )
    elif kind == "skip":
        s.fired = s.fired | {parts[0]}
        log(s, f"Control skips inject {parts[0]}{why}")
    elif kind == "delay":
        s.delays = {**s.delays, parts[0]: int(parts[1])}
        log(s, f"Control delays inject {parts[0]} to turn {parts[1]}{why}")
    elif kind == "adjust":
        log(s, f"Control adjusts {parts[0]} by {int(parts[1]):+d}{why}")
        move_track(s, parts[0], s.tracks[parts[0]] + int(parts[1]))
    elif kind in ("influence", "forces"):
        ix = s.ix
        k = ix.region_idx[parts[1]] * ix.n_actors + ix.actor_idx[parts[0]]
        table = s.infl if kind == "influence" else s.forces
        log(s, f"Control sets {parts[0]} {kind} in {parts[1]}: {table[k]} to {parts[2]}{why}")
        table[k] = int(parts[2])
    elif kind == "vp":
        log(s, f"Control sets {parts[0]}'s VP: {s.vp[parts[0]]} to {parts[1]}{why}")
        s.vp[parts[0]] = int(parts[1])
