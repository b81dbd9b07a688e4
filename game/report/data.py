"""The numbers and lines of a report, taken from a replayed record for one viewer.

Every figure comes from replaying the record with the engine, never from
parsing the log's words: the position at the close of each turn, the log as
the viewer's view showed it, and who acted at each step. A team's report
starts from that team's view, so nothing another team kept hidden can reach
it; Control's report starts from Control's view, which holds everything.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from game.engine import (
    CHANCE,
    CONTROL,
    ActionError,
    ActionKind,
    LogEntry,
    LogKind,
    State,
    new_game,
    parse_action,
)
from game.engine.views import View
from game.report import ReportError
from game.report.facts import (
    ArgumentCase,
    ObjectiveRow,
    Override,
    Play,
    arguments,
    objectives,
    overrides,
    plays,
    with_history,
)
from game.report.sessionlog import SessionLog, read_session_log
from game.ruleset.model import Ruleset
from game.session.record import Annotation, Record, Step
from game.session.replay import check_ruleset, replay_states
from game.session.session import is_intervention
from game.session.storage import SaveError

NEVER = 1 << 30
"""A turn no game reaches: injects 'delayed' to it never fire (see :func:`close_of_turn`)."""


@attrs.frozen
class Snapshot:
    """The position at one point of the timeline: the setup, or the close of a turn."""

    turn: int
    """0 for the setup, else the turn that has just closed."""
    label: str
    date: str
    state: State
    complete: bool = True
    """False when the record stops inside this turn (a game still in progress)."""


@attrs.frozen
class Entry:
    """One line of the game log as the viewer saw it, with what the report knows about it."""

    step: int
    """The step that wrote it (0: the setup, before any decision)."""
    turn: int
    date: str
    at: str
    """When the step was taken (ISO 8601), if the record kept the time."""
    actor: str
    """Who acted at that step: a seat, ``control``, or the seat a draw or roll was for."""
    kind: str
    """turn, inject, score, result, setup, override, argument, draw, discard, roll, play,
    decision: what produced the line."""
    text: str
    headline: bool = False
    """A turn's header, an inject, a scoring or the result (not an effect that followed)."""
    event: LogEntry | None = None
    """The engine's log event behind the line: its kind and data."""


@attrs.define
class ReportData:
    """All a report shows, already filtered for its viewer."""

    record: Record
    rules: Ruleset
    viewer: str
    """A seat, or :data:`CONTROL` for the full report."""
    states: list[State]
    snapshots: list[Snapshot]
    final_view: View
    entries: list[Entry]
    plays: list[Play]
    overrides: list[Override]
    arguments: list[ArgumentCase]
    objectives: list[ObjectiveRow]
    annotations: list[Annotation]
    session: SessionLog

    @property
    def is_control(self) -> bool:
        return self.viewer == CONTROL

    @property
    def final(self) -> State:
        return self.states[-1]

    def name(self, actor: str) -> str:
        """An actor's full name (or the id for chance, control and unknown ids)."""
        if actor == CONTROL:
            return "Control"
        a = self.rules.actors.get(actor)
        return a.name if a is not None else actor

    def colour(self, actor: str) -> str:
        a = self.rules.actors.get(actor)
        return a.colour if a is not None else "#777777"


def build(
    record: Record,
    rules: Ruleset,
    seat: str | None = None,
    journal: str | Path | None = None,
    *,
    file: str = "<save>",
    force: bool = False,
) -> ReportData:
    """Replay ``record`` and gather the report of ``seat`` (None: Control's report)."""
    viewer = CONTROL if seat is None else seat
    if viewer != CONTROL and viewer not in record.seat_ids:
        raise ReportError(
            f"'{seat}' is not a seat of this game; its seats are {', '.join(record.seat_ids)} "
            "(leave the seat out for Control's full report)"
        )
    session = read_session_log(journal, record) if journal is not None else SessionLog()
    states = replay(record, rules, file, force)
    final_view = states[-1].view_for(viewer)
    snaps = snapshots(record, rules, states)
    notes = list(record.annotations)
    notes += [n for n in session.annotations if n not in notes]
    if viewer != CONTROL:  # Control's and analysts' notes stay in Control's report
        notes = [n for n in notes if n.author == viewer]
    return ReportData(
        record=record,
        rules=rules,
        viewer=viewer,
        states=states,
        snapshots=snaps,
        final_view=final_view,
        entries=entries(record, rules, states, final_view),
        plays=plays(rules, final_view.log),
        overrides=overrides(record, states, final_view),
        arguments=arguments(rules, record, final_view.log),
        objectives=with_history(objectives(rules, record, states, final_view), snaps),
        annotations=sorted(notes, key=lambda n: n.step),
        session=session,
    )


def replay(
    record: Record, rules: Ruleset, file: str = "<save>", force: bool = False
) -> list[State]:
    """Every state of the game; a save of other rules or a diverging replay is a ReportError."""
    try:
        if not force:
            check_ruleset(record, rules, file)
        return replay_states(record, rules, file, check_digests=not force, every_state=True)
    except SaveError as exc:
        raise ReportError(str(exc)) from None


def setup_state(record: Record, rules: Ruleset, first: State) -> State:
    """The board as the rules set it up, before the first turn's injects.

    ``new_game`` already fires the first turn's scheduled injects; a ruleset
    without events gives the position just before them, so the first turn's
    changes (a war beginning) show in the first turn, not in the setup. Should
    that ever fail, the first recorded position (``first``) stands in.
    """
    try:
        return new_game(
            attrs.evolve(rules, events={}), record.seat_ids, record.seed, record.control
        )
    except (ValueError, KeyError):
        return first


def close_of_turn(before: State, step: Step) -> State | None:
    """The position right after a turn's scoring, before the next turn's injects fire.

    The step that ends a turn also starts the next one (its injects fire in the
    same call); the engine stops at the turn's true close when asked. None if
    the step cannot be replayed (the caller then uses the state after it).
    """
    try:
        return before.turn_close(step.action, step.reason, control=is_intervention(step))
    except (ActionError, ValueError):
        return None


def snapshots(record: Record, rules: Ruleset, states: list[State]) -> list[Snapshot]:
    """The setup, then the position at the close of every turn the record reaches."""
    cal = rules.manifest.calendar
    out = [Snapshot(0, "Setup", cal[0].date, setup_state(record, rules, states[0]))]
    for k in range(1, len(states)):
        before, after = states[k - 1], states[k]
        ended = after.is_over() and not before.is_over()
        if after.turn > before.turn or ended:
            closed = after if ended else close_of_turn(before, record.steps[k - 1])
            t = cal[before.turn - 1]
            out.append(Snapshot(before.turn, t.label, t.date, closed or after))
    last = states[-1]
    if not last.is_over() and (len(out) == 1 or out[-1].turn < last.turn):
        t = cal[last.turn - 1]
        out.append(Snapshot(last.turn, t.label, t.date, last, complete=False))
    return out


_HEADLINES = {
    LogKind.TURN: "turn",
    LogKind.INJECT: "inject",
    LogKind.GAME_OVER: "result",
    LogKind.SCORE: "score",
}
"""Log kinds that head a group of lines, and the report's word for them."""
_INJECT_LINES = frozenset({LogKind.INJECT, LogKind.INJECT_REPLACED, LogKind.INJECT_SPENT})
_ARGUMENT_LINES = frozenset(
    {
        LogKind.ARGUMENT,
        LogKind.RULING,
        LogKind.VOTE,
        LogKind.TALLY,
        LogKind.ARGUMENT_ROLL,
        LogKind.FACT,
    }
)
_ACTION_KINDS = {
    ActionKind.DRAW: "draw",
    ActionKind.DISCARD: "discard",
    ActionKind.ROLL: "roll",
    ActionKind.PLAY: "play",
    ActionKind.PASS: "play",
    ActionKind.ARGUE: "argument",
    ActionKind.ODDS: "argument",
    ActionKind.APPROVE: "argument",
    ActionKind.DENY: "argument",
    ActionKind.VOTE: "argument",
}


def step_kind(k: int, record: Record, lines: list[LogEntry]) -> str:
    """What the step that wrote a line was: setup, override, argument, draw, play, ...
    (told by the step's action and the kinds of the lines it wrote)."""
    if k == 0:
        return "setup"
    step = record.steps[k - 1]
    if is_intervention(step):
        return "override"
    if any(e.kind in _ARGUMENT_LINES for e in lines):
        return "argument"
    try:
        kind = parse_action(step.action).kind
    except ActionError:
        return "decision"
    return _ACTION_KINDS.get(kind, "decision")


def entries(record: Record, rules: Ruleset, states: list[State], view: View) -> list[Entry]:
    """The viewer's log, each line with its date, time, actor and kind.

    A line's kind is its headline kind, or else what wrote it: the lines that
    follow an inject in the same step are that inject's effects ("inject");
    others belong to the step (a card play, an override, a draw...).
    """
    cal = rules.manifest.calendar
    by_step: dict[int, list[LogEntry]] = {}
    for e in view.log:
        by_step.setdefault(min(e.step, len(record.steps)), []).append(e)
    out = []
    last_step, context = -1, ""
    for e in view.log:
        k = min(e.step, len(record.steps))
        if k != last_step:
            last_step, context = k, ""
        head = "inject" if e.kind in _INJECT_LINES else _HEADLINES.get(e.kind, "")
        if head:
            context = "inject" if head == "inject" else ""
        kind = head or context or step_kind(k, record, by_step[k])
        actor = ""
        at = ""
        if k:
            step = record.steps[k - 1]
            at = step.at
            actor = step.actor
            if actor == CHANCE:
                actor = _chance_seat(states, k) or CHANCE
        date = cal[min(max(e.turn, 1), len(cal)) - 1].date
        headline = bool(head)
        out.append(Entry(e.step, e.turn, date, at, actor, kind, e.text, headline, e))
    return out


def _chance_seat(states: list[State], k: int) -> str:
    """The seat a draw, a discard or an argument's roll at step ``k`` was for."""
    d = states[k - 1].view_for(CONTROL, with_log=False).decision
    return d.arguer or d.chance_for or ""
