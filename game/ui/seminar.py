"""Seminar play at the board, without pygame: the MSEL's status, the argument at hand, the timer.

The Control panel, the argument dialog and the replay viewer all need the same
facts in words: which injects are pending, fired, skipped or delayed; what a
pending matrix argument says and how it is being decided; when the phase
timer runs out and what then happens. They are worked out here, from the
state and the record only, so the facts can be tested without a window and
the widgets stay thin. Nothing here decides a rule: the engine does.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from game.engine import CONTROL, Action, IllegalAction, State
from game.engine.choices import DecisionKind, decision_of
from game.engine.matrix import TWO_D6
from game.engine.status import inject_status
from game.ruleset.model import Ruleset
from game.session.journal import existing_log
from game.session.paths import data_dir
from game.session.record import Record, Step
from game.session.session import argued
from game.session.timer import PhaseTimer

if TYPE_CHECKING:
    from game.ui.controller import Table

STATUS_WORDS = {
    "pending": "pending",
    "fired": "fired",
    "skipped": "skipped",
    "delayed": "delayed",
    "manual": "on call",
}
"""How each inject status reads on the Control panel ('manual' injects wait for Control)."""


@attrs.frozen
class InjectRow:
    """One line of the Master Scenario Events List as Control sees it."""

    eid: str
    msel: str
    """The MSEL number ('M-07'), or '' when the scenario gives none."""
    title: str
    text: str
    due: int | None
    """The turn it is due (a delay wins), or None for condition-only and manual injects."""
    status: str
    """pending, fired, skipped, delayed or manual (fired only by Control)."""
    trigger: str
    """The trigger in words: 'turn 3', 'when track(escalation) >= 6', 'Control only'."""
    audience: str
    """'public', or 'private to armenia, russia'."""

    @property
    def open(self) -> bool:
        """May Control still fire, delay or skip it?"""
        return self.status in ("pending", "delayed", "manual")


def inject_rows(state: State, rules: Ruleset, steps: Sequence[Step]) -> list[InjectRow]:
    """The MSEL in the scenario's order, each inject with its status now (the engine's)."""
    rows = []
    for st in inject_status(state, CONTROL):
        eid, ev = st.id, rules.events[st.id]
        status = str(st.state)
        turn = st.due
        if ev.manual and turn is None:
            trigger = "Control only"
        else:
            bits = []
            if eid in state.delays:
                bits.append(f"turn {turn} (delayed)")
            elif ev.trigger.turn is not None:
                bits.append(f"turn {ev.trigger.turn}")
            elif ev.trigger.date is not None:
                bits.append(f"{ev.trigger.date} (turn {turn})" if turn else str(ev.trigger.date))
            if ev.trigger.when is not None:
                bits.append(f"when {ev.trigger.when.text}")
            trigger = ", ".join(bits) or "-"
        audience = (
            "private to " + ", ".join(ev.audience)
            if ev.visibility == "private" and ev.audience
            else "public"
        )
        rows.append(InjectRow(eid, ev.msel, ev.title, ev.text, turn, status, trigger, audience))
    return rows


def success_chance(need: int) -> float:
    """The chance that 2d6 rolls ``need`` or more."""
    return sum(w for t, w in TWO_D6.items() if t >= need) / 36


@attrs.frozen
class PendingArgument:
    """A matrix argument being decided: what the seat argued and where the decision stands."""

    seat: str
    """The arguing seat."""
    argument: str
    title: str
    """The intended outcome (from the scenario)."""
    outcome: str
    """What the outcome means (the scenario's text)."""
    words: str
    """The seat's argument, in its own words."""
    reasons: str
    stage: str
    """'control' (Control rules on it), 'vote' (a seat votes) or 'roll' (the dice decide)."""
    voter: str = ""
    """The seat voting now, in vote mode."""
    yes: int = 0
    no: int = 0
    need: int = 0
    """The roll needed, once set."""


def argument_words(steps: Sequence[Step], seat: str, argument: str) -> tuple[str, str]:
    """The latest words and reasons ``seat`` gave for ``argument`` (from the record)."""
    for step in reversed(steps):
        if step.actor == seat and step.action == f"argue {argument}":
            return step.text, step.reason
    return "", ""


def pending_argument(state: State, rules: Ruleset, steps: Sequence[Step]) -> PendingArgument | None:
    """The argument awaiting a ruling, a vote or its roll; None when there is none.

    Read from the engine's description of the decision at hand (Control's view).
    """
    d = decision_of(state, CONTROL, detail=False)
    if d.argument is None or d.kind not in (
        DecisionKind.RULING,
        DecisionKind.VOTE,
        DecisionKind.CHANCE,
    ):
        return None
    seat = d.arguer or ""
    aid = d.argument
    arg = rules.arguments.get(aid)
    words, reasons = argument_words(steps, seat, aid)
    stage = {DecisionKind.RULING: "control", DecisionKind.VOTE: "vote"}.get(d.kind, "roll")
    return PendingArgument(
        seat=seat,
        argument=aid,
        title=arg.title if arg else aid,
        outcome=arg.text if arg else "",
        words=words,
        reasons=reasons,
        stage=stage,
        voter=(d.actor or "") if d.kind == DecisionKind.VOTE else "",
        yes=d.yes,
        no=d.no,
        need=d.need or 0,
    )


@attrs.frozen
class ArgumentHistory:
    """An argument made earlier in the game, and whether it became a fact."""

    step: int
    seat: str
    argument: str
    title: str
    words: str
    reasons: str
    established: bool


def argument_history(state: State, rules: Ruleset, steps: Sequence[Step]) -> list[ArgumentHistory]:
    """Every argument of the record so far, newest first."""
    facts = set(state.facts)
    out = []
    for i, step in enumerate(steps, start=1):
        aid = argued(step)
        if aid is None:
            continue
        arg = rules.arguments.get(aid)
        out.append(
            ArgumentHistory(
                i,
                step.actor,
                aid,
                arg.title if arg else aid,
                step.text,
                step.reason,
                (step.actor, aid) in facts,
            )
        )
    out.reverse()
    return out


def journal_path(rules: Ruleset, record: Record | None = None) -> Path:
    """Where a seminar session log goes: the user data folder's sessions/ folder; a saved
    game (``record``) goes on in its own log when it is there."""
    if record is not None:
        found = existing_log(data_dir() / "sessions", record)
        if found is not None:
            return found
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = data_dir() / "sessions" / f"{rules.id}-{stamp}"
    path = base.with_suffix(".jsonl")
    n = 2
    while path.exists():  # two sessions started within a second keep separate logs
        path = Path(f"{base}-{n}.jsonl")
        n += 1
    return path


def report_dir() -> Path:
    """A fresh folder for an after-action report: reports/<timestamp>/ in the user data folder."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = data_dir() / "reports" / stamp
    path, n = base, 2
    while path.exists():
        path = Path(f"{base}-{n}")
        n += 1
    return path


class TimerKeeper:
    """The phase timer of a seminar game at the board, and what happens when it runs out.

    A countdown starts when a seat's turn in a round begins and that seat has
    taken the screen (the hand-off does not eat into the time); it stands still
    while the game is paused or Control holds the screen. When it runs out
    Control decides, unless the scenario says the seat passes: then ``pass``
    or ``done`` is taken for it if one is legal, and otherwise Control decides.
    """

    remote = False
    """True when a server keeps the time (game.net.remote_board.RemoteKeeper)."""

    def __init__(self, seconds: int, clock: Callable[[], float], on_expiry: str = "control"):
        self.timer = PhaseTimer(seconds, clock, on_expiry)
        self.holds: set[str] = set()
        self.seat: str | None = None
        """The seat being timed now."""
        self.expired_for: str | None = None
        """The seat whose time ran out and is waiting for Control, if any."""
        self._handled: object = None

    @property
    def enabled(self) -> bool:
        return self.timer.enabled

    def hold(self, why: str, on: bool) -> None:
        """Stop the clock for a reason (cover, control, paused) until every reason is gone."""
        if on:
            self.holds.add(why)
        else:
            self.holds.discard(why)
        if self.holds:
            self.timer.pause()
        else:
            self.timer.resume()

    def set_seconds(self, seconds: int) -> None:
        """Control sets the time per turn (0 switches the timer off); the countdown restarts."""
        self.timer.set_seconds(seconds)
        self.expired_for = None
        self._handled = None

    def restart_now(self) -> None:
        """Control gives the seat a fresh countdown after time ran out."""
        self.timer.set_seconds(self.timer.seconds)
        self.expired_for = None
        self._handled = None

    def tick(self, table: Table) -> str | None:
        """Follow the game; returns a message when time ran out this frame."""
        seat = table.acting
        timed = seat is not None and seat in table.rules.seats and seat not in table.bots
        if not self.enabled or table.is_over() or not timed:
            self.seat = None
            self.expired_for = None
            return None
        state = table.session.state
        assert seat is not None
        self.timer.restart((state.turn, state.round, seat))
        if self.seat != seat:
            self.seat = seat
            self.expired_for = None
        self.hold("cover", table.needs_cover())
        self.hold("control", table.viewer == CONTROL)
        self.hold("paused", table.paused)
        if not self.timer.expired() or self._handled == self.timer.key:
            return None
        self._handled = self.timer.key
        name = table.seat_name(seat)
        if self.timer.on_expiry == "pass":
            legal = state.view_for(seat, with_log=False).legal
            for kind in ("pass", "done"):
                if Action(kind) in legal:
                    try:
                        table.decide_for(Action(kind), f"time ran out: {name} {kind}es")
                    except IllegalAction:
                        break
                    return f"Time is up: {name} {'passes' if kind == 'pass' else 'is done'}."
        self.expired_for = seat
        return f"Time is up for {name}: Control decides."

    def text(self) -> str:
        """What the top bar shows: mm:ss, '(paused)' while stopped, or 'time is up'."""
        if not self.enabled or self.seat is None:
            return ""
        if self.expired_for is not None:
            return "00:00 time is up"
        return self.timer.text()
