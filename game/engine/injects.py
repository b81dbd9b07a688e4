"""Injects (the Master Scenario Events List) and the Control cell's interventions.

Scheduled events fire at the start of the turn their trigger names; Control
may also fire an inject early, skip it, or delay it, and may adjust tracks,
influence, forces and victory points. Every intervention carries a reason,
goes into the log, and is part of the record, so a session replays exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.actions import IllegalAction
from game.engine.control import (
    KIND_OF,
    AdjustTrack,
    DelayInject,
    FireInject,
    Intervention,
    SetForces,
    SetInfluence,
    SkipInject,
    to_action,
)
from game.engine.decisions import NO_CTX, Ctx
from game.engine.evaluate import Eval
from game.engine.events import Datum, LogKind
from game.engine.resolve import MAX_FORCES, MAX_INFLUENCE, log, move_track, run_effects

if TYPE_CHECKING:
    from game.engine.work import Position, Work


def due_turn(s: Position, eid: str) -> int | None:
    """The turn an event is due (a delay by Control wins), or None for condition-only/manual."""
    if eid in s.delays:
        return s.delays[eid]
    return s.ix.event_turn.get(eid)


def is_due(s: Position, eid: str) -> bool:
    ev = s.ix.rules.events[eid]
    if eid in s.fired or ev.manual:
        return False
    turn = due_turn(s, eid)
    # A turn or date is the earliest turn; with a condition it waits until that holds.
    if turn is not None and (turn > s.turn or (turn < s.turn and ev.trigger.when is None)):
        return False
    return ev.trigger.when is None or bool(ev.trigger.when(Eval(s)))


def fire_next_due(s: Work) -> bool:
    """Fire the first due event (in definition order); False when none is due.

    One at a time, so a condition trigger sees the effects of the events before it.
    """
    fired, now, delays = s.fired, s.turn, s.delays
    for eid, when, fixed in s.ix.auto_events:  # is_due, read off the Index's table
        if eid in fired:
            continue
        turn = delays.get(eid, fixed)
        if turn is not None and (turn > now or (turn < now and when is None)):
            continue
        if when is None or when(Eval(s)):
            fire(s, eid)
            return True
    return False


def private_to(s: Position, *eids: str) -> tuple[str, ...]:
    """The seats who may read of these injects: () when all are public, else the audiences
    of the private ones (a line naming a private inject is theirs alone, and Control's)."""
    seats: list[str] = []
    for eid in eids:
        ev = s.ix.rules.events[eid]
        if ev.visibility == "private":
            seats += [x for x in ev.audience if x not in seats]
    return tuple(seats)


def fire(s: Work, eid: str, by: str = "") -> None:
    """Fire an inject, or its contingency when the contingency's condition holds."""
    ev = s.ix.rules.events[eid]
    s.fired = s.fired | {eid}
    if ev.contingency is not None and ev.contingency.when(Eval(s)):
        alt = ev.contingency.use
        if alt in s.fired:  # Control already used the replacement: this one is spent too
            log(
                s,
                LogKind.INJECT_SPENT,
                f"inject {eid} is spent: its contingency {alt} has already fired",
                audience=private_to(s, eid, alt),
                event=eid,
                use=alt,
            )
            return
        log(
            s,
            LogKind.INJECT_REPLACED,
            f"inject {eid} is replaced by its contingency {alt}",
            audience=private_to(s, eid, alt),
            event=eid,
            use=alt,
        )
        fire(s, alt, by)
        return
    audience = private_to(s, eid)
    tag = f"[{ev.msel}] " if ev.msel else ""
    log(
        s,
        LogKind.INJECT,
        f"{by}event: {tag}{ev.title}" + (f" — {ev.text}" if ev.text else ""),
        audience=audience,
        public_text="a private event" if audience else "",
        secret=("event", "msel", "title"),
        event=eid,
        msel=ev.msel,
        title=ev.title,
        by="control" if by else "",
    )
    run_effects(s, ev.effects, Ctx(audience=audience) if audience else NO_CTX, f"event {eid}")


def _inject_line(s: Work, eid: str, text: str, public: str, data: dict[str, Datum]) -> None:
    """Control's line about inject ``eid``: for everyone, or, when the inject is private,
    for its audience (others read ``public``, without the inject, the reason or the turn)."""
    private = private_to(s, eid)
    log(
        s,
        LogKind.CONTROL,
        text,
        audience=private,
        public_text=public if private else "",
        secret=("action", "event", "reason", "turn"),
        event=eid,
        extra=data,
    )


def check_control(s: Position, iv: Intervention) -> None:
    """Raise IllegalAction, saying what is wrong, unless Control may make ``iv`` now."""
    if not s.control:
        raise IllegalAction("this game has no Control cell; start it with a Control seat")
    if s.result is not None:
        raise IllegalAction("the game is over")
    rules = s.ix.rules
    if isinstance(iv, (FireInject, SkipInject, DelayInject)):
        if iv.event not in rules.events:
            raise IllegalAction(f"there is no inject '{iv.event}'")
        if iv.event in s.fired:
            raise IllegalAction(f"inject '{iv.event}' has already fired or been skipped")
        if isinstance(iv, DelayInject):
            if rules.events[iv.event].manual:
                raise IllegalAction(
                    f"inject '{iv.event}' is manual: it has no turn to delay; fire it when you "
                    "want it"
                )
            if not s.turn < iv.turn <= s.ix.turns:
                raise IllegalAction(
                    f"delay to a later turn of the game ({s.turn + 1}..{s.ix.turns})"
                )
    elif isinstance(iv, AdjustTrack):
        if iv.track not in rules.tracks:
            raise IllegalAction(f"there is no track '{iv.track}'")
    elif isinstance(iv, (SetInfluence, SetForces)):
        if iv.actor not in rules.actors:
            raise IllegalAction(f"there is no actor '{iv.actor}'")
        if iv.region not in rules.regions:
            raise IllegalAction(f"there is no region '{iv.region}'")
        word = "influence" if isinstance(iv, SetInfluence) else "forces"
        top = MAX_INFLUENCE if isinstance(iv, SetInfluence) else MAX_FORCES
        if not 0 <= iv.value <= top:
            raise IllegalAction(f"{word} must be between 0 and {top}")
    elif iv.seat not in s.ix.seats:
        raise IllegalAction(f"'{iv.seat}' is not a seat")


def apply_control(s: Work, iv: Intervention, reason: str) -> None:
    """Carry out a checked intervention on the working state ``s``."""
    why = f" (reason: {reason})" if reason else ""
    data: dict[str, Datum] = {
        "action": str(to_action(iv)),
        "intervention": str(KIND_OF[type(iv)]),
        "reason": reason,
    }
    if isinstance(iv, FireInject):
        fire(s, iv.event, "Control fires ")
        _inject_line(s, iv.event, f"Control fired {iv.event}{why}", "Control fired an inject", data)
    elif isinstance(iv, SkipInject):
        s.fired = s.fired | {iv.event}
        s.skipped = s.skipped | {iv.event}
        text = f"Control skips inject {iv.event}{why}"
        _inject_line(s, iv.event, text, "Control skips an inject", data)
    elif isinstance(iv, DelayInject):
        s.delays = {**s.delays, iv.event: iv.turn}
        text = f"Control delays inject {iv.event} to turn {iv.turn}{why}"
        _inject_line(s, iv.event, text, "Control delays an inject", {**data, "turn": iv.turn})
    elif isinstance(iv, AdjustTrack):
        log(
            s,
            LogKind.CONTROL,
            f"Control adjusts {iv.track} by {iv.by:+d}{why}",
            track=iv.track,
            by=iv.by,
            extra=data,
        )
        move_track(s, iv.track, s.tracks[iv.track] + iv.by)
    elif isinstance(iv, (SetInfluence, SetForces)):
        ix = s.ix
        r = ix.region_idx[iv.region]
        k = r * ix.n_actors + ix.actor_idx[iv.actor]
        table = s.own_infl() if isinstance(iv, SetInfluence) else s.own_forces()
        s.changed_region(r)
        word = "influence" if isinstance(iv, SetInfluence) else "forces"
        log(
            s,
            LogKind.CONTROL,
            f"Control sets {iv.actor} {word} in {iv.region}: {table[k]} to {iv.value}{why}",
            actor=iv.actor,
            region=iv.region,
            before=table[k],
            after=iv.value,
            extra=data,
        )
        table[k] = iv.value
    else:
        log(
            s,
            LogKind.CONTROL,
            f"Control sets {iv.seat}'s VP: {s.vp[iv.seat]} to {iv.value}{why}",
            actor=iv.seat,
            before=s.vp[iv.seat],
            after=iv.value,
            extra=data,
        )
        s.own_vp()[iv.seat] = iv.value
