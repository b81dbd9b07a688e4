"""What one seat may see: the single pure function that strips other seats' secrets.

The board, the terminal game and the bots of a seat only ever see a View. Other
seats' hands are reduced to their sizes, the deck to its size, chance outcomes
to their public form and private log entries to their public text. Control
sees everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from game.engine.actions import CHANCE, CONTROL, OBSERVER, Action
from game.engine.choices import Decision, decision_of
from game.engine.decisions import PRIVATE_OPTION, PRIVATE_OPTION_KEY, ChooseOption, Frame, Run
from game.engine.evaluate import controller_of
from game.engine.events import LogEntry
from game.engine.outcome import Result
from game.engine.status import (
    InjectStatus,
    ObjectiveStatus,
    event_notes,
    inject_status,
    objective_status,
)

if TYPE_CHECKING:
    from game.engine.state import State


@attrs.frozen(kw_only=True)
class View:
    """The game as one seat sees it."""

    seat: str
    """Whose view: a seat, or :data:`CONTROL` for everything."""
    turn: int
    round: int
    phase: str
    date: str
    turn_label: str
    acting: str | None
    """Who must decide now (a seat, ``chance``, or None when the game is over)."""
    prompt: str
    """What the acting seat is asked, in words (``decision.prompt``)."""
    decision: Decision
    """The decision in progress, as data: its kind, who decides, the options with their
    costs and, in views for people, the options not offered and why."""
    legal: tuple[Action, ...]
    """The acting seat's options, when this view belongs to it (Control sees all)."""
    hand: tuple[str, ...]
    """This seat's own cards (every hand, as seat: cards, for Control)."""
    hand_sizes: dict[str, int]
    hands: dict[str, tuple[str, ...]]
    """The hands this view may see: only its own, or all of them for Control."""
    deck_size: int
    discard: tuple[str, ...]
    removed: tuple[str, ...]
    tracks: dict[str, int]
    influence: dict[str, dict[str, int]]
    """region -> actor -> influence (non-zero only)."""
    forces: dict[str, dict[str, int]]
    controllers: dict[str, str]
    vp: dict[str, int]
    flags: frozenset[str]
    facts: tuple[tuple[str, str], ...]
    """Established facts: (seat, argument id) of successful matrix arguments (public)."""
    scored: frozenset[str]
    """`once` objectives already scored (public)."""
    seats: tuple[str, ...] = ()
    """The seats in initiative order."""
    seat_pos: int = 0
    step: int = 0
    played: frozenset[str] = frozenset()
    events_played: frozenset[str] = frozenset()
    fired: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()
    """Injects Control skipped (public: Control's log says so)."""
    thresholds: frozenset[str] = frozenset()
    delays: tuple[tuple[str, int], ...] = ()
    control: bool = False
    stack: tuple[Frame, ...] = ()
    """The pending decision frames: public at the table (no hidden card is in them)."""
    objectives: tuple[ObjectiveStatus, ...] = ()
    """Every objective, met or not, and what it misses (public; in views for people)."""
    event_notes: dict[str, str] = attrs.Factory(dict)
    """Cards in the hands this view sees whose event cannot be played now, and why, in
    words (views for people)."""
    injects: tuple[InjectStatus, ...] = ()
    """The MSEL injects this view may know of, and where each stands (views for people)."""
    result: Result | None
    log: tuple[LogEntry, ...]


def visible(entry: LogEntry, seat: str) -> LogEntry | None:
    """``entry`` as ``seat`` may read it: whole for its audience and Control, else its
    public form (the one filter of private entries: the views and the server use it)."""
    if not entry.audience or seat == CONTROL or seat in entry.audience:
        return entry
    return entry.public()


def view_for(s: State, seat: str, with_log: bool = True) -> View:
    """The view of ``seat`` (a seat id, CONTROL, or OBSERVER for the public board: no hand,
    no options, only public log entries). A view for people (``with_log``) also
    carries the log, the options not offered with their reasons, and the status of
    objectives and injects; bots ask without (``with_log=False``), which is cheaper."""
    log = []
    for entry in s.log_entries() if with_log else ():
        shown = visible(entry, seat)
        if shown is not None:
            log.append(shown)
    fields = {**public_fields(s, with_log), **viewer_fields(s, seat, with_log)}
    return View(**fields, log=tuple(log))


def viewer_fields(s: State, seat: str, with_log: bool = True) -> dict[str, Any]:
    """The fields of a view that depend on who looks (the rest are everyone's: see
    :func:`public_fields`). A server sending one position to many seats builds the public
    part once and this part for each."""
    ix = s.ix
    if seat != CONTROL and seat != OBSERVER and seat not in ix.seats:
        raise ValueError(f"'{seat}' is not a seat of this game ({', '.join(ix.seats)})")
    acting = s.current_actor()
    sees_all = seat == CONTROL
    legal = tuple(s.legal_actions()) if (acting == seat or sees_all) and acting != CHANCE else ()
    if sees_all and acting == CHANCE:
        legal = tuple(s.legal_actions())
    decision = decision_of(s, seat, detail=with_log)
    own = () if seat == OBSERVER else (seat,)
    return {
        "seat": seat,
        "prompt": decision.prompt,
        "decision": decision,
        "legal": legal,
        "hand": () if sees_all else s.hands.get(seat, ()),
        "hands": dict(s.hands) if sees_all else {x: s.hands.get(x, ()) for x in own},
        "event_notes": event_notes(s, seat) if with_log else {},
        "injects": inject_status(s, seat) if with_log else (),
        **inject_fields(s, seat),
    }


def inject_fields(s: State, seat: str) -> dict[str, Any]:
    """The injects fired, skipped and delayed, and the decision stack, as ``seat`` may know
    them: a private inject is known to its audience and Control alone (its id, its pending
    choice and the effects it has still to apply are left out for everyone else)."""
    unknown = hidden_injects(s, seat)
    return {
        "fired": s.fired - unknown if unknown else s.fired,
        "skipped": s.skipped - unknown if unknown else s.skipped,
        "delays": tuple(sorted((k, v) for k, v in s.delays.items() if k not in unknown)),
        "stack": stack_for(s.stack, seat),
    }


def hidden_injects(s: State, seat: str) -> frozenset[str]:
    """The private injects whose ids ``seat`` may not know."""
    if seat == CONTROL:
        return frozenset()
    events = s.ix.rules.events.items()
    return frozenset(k for k, e in events if e.visibility == "private" and seat not in e.audience)


def stack_for(stack: tuple[Frame, ...], seat: str) -> tuple[Frame, ...]:
    """``stack`` as ``seat`` may see it (the very same tuple when nothing is hidden): unless
    ``seat`` is in a private inject's audience, the inject's effects still to apply become
    none and its pending choice one blank option with no question; the seat choosing keeps
    the question and the options' keys, but not what they do (the rules they live in name
    the inject)."""
    if seat == CONTROL:
        return stack
    out: list[Frame] | None = None
    for i, f in enumerate(stack):
        if isinstance(f, Run) and f.ctx.private_to(seat):
            shown: Frame = Run((), 0, f.ctx)
        elif isinstance(f, ChooseOption) and f.ctx.private_to(seat):
            if f.seat != seat:
                shown = ChooseOption(f.seat, ((PRIVATE_OPTION_KEY, PRIVATE_OPTION),), f.ctx)
            else:
                blank = tuple((k, PRIVATE_OPTION) for k, _ in f.options)
                closed = tuple((k, PRIVATE_OPTION) for k, _ in f.closed)
                shown = ChooseOption(f.seat, blank, f.ctx, f.prompt, closed)
        else:
            continue
        out = list(stack) if out is None else out
        out[i] = shown
    return stack if out is None else tuple(out)


def public_fields(s: State, with_log: bool = True) -> dict[str, Any]:
    """The fields of a view that are the same for every viewer (not the log, the injects or
    the stack: a private inject's part of them is its audience's alone)."""
    ix = s.ix
    n = ix.n_actors
    infl: dict[str, dict[str, int]] = {}
    forces: dict[str, dict[str, int]] = {}
    for r, region in enumerate(ix.regions):
        row = {ix.actors[a]: s.infl[r * n + a] for a in range(n) if s.infl[r * n + a]}
        frow = {ix.actors[a]: s.forces[r * n + a] for a in range(n) if s.forces[r * n + a]}
        infl[region] = row
        forces[region] = frow
    cal = ix.rules.manifest.calendar[min(s.turn, len(ix.rules.manifest.calendar)) - 1]
    return {
        "turn": s.turn,
        "round": s.round,
        "phase": s.phase,
        "date": cal.date,
        "turn_label": cal.label,
        "acting": s.current_actor(),
        "hand_sizes": {k: len(v) for k, v in s.hands.items()},
        "deck_size": len(s.deck),
        "discard": s.discard,
        "removed": s.removed,
        "tracks": dict(s.tracks),
        "influence": infl,
        "forces": forces,
        "controllers": {r: controller_of(s, i) for i, r in enumerate(ix.regions)},
        "vp": dict(s.vp),
        "flags": s.flags,
        "facts": s.facts,
        "scored": s.scored,
        "seats": s.ix.seats,
        "seat_pos": s.seat_pos,
        "step": s.step,
        "played": s.played,
        "events_played": s.events_played,
        "thresholds": s.thresholds,
        "control": s.control,
        "objectives": objective_status(s, words=True) if with_log else (),
        "result": s.result,
    }
