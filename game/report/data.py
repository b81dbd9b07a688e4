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

from game.engine import CHANCE, CONTROL, IllegalAction, State, new_game, parse_action
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
        plays=plays(record, states),
        overrides=overrides(record, states, final_view),
        arguments=arguments(record, states),
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
        return replay_states(record, rules, file, check_digests=not force)
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

    The step that ends a turn also starts the next one (its injects fire in
    the same call). Replaying that step once more with every unfired inject
    put off to a turn never reached stops at the turn's true close; the
    result is thrown away once its numbers are read. None if it cannot be
    replayed (the caller then uses the state after the step).
    """
    s = before.copy()
    s.delays = {
        **before.delays,
        **{eid: NEVER for eid in before.rules.events if eid not in before.fired},
    }
    try:
        action = parse_action(step.action)
        return s.apply_control(action, step.reason) if is_intervention(step) else s.apply(action)
    except (IllegalAction, ValueError):
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


def frame_before(states: list[State], k: int) -> object | None:
    """The decision or chance frame that step ``k`` (1-based) answered."""
    stack = states[k - 1].stack
    return stack[-1] if stack else None


_ARGUMENT_FRAMES = ("Adjudicate", "Vote", "ArgumentRoll")
_FRAME_KINDS = {
    "ChanceDraw": "draw",
    "ChanceDiscard": "discard",
    "ChanceRoll": "roll",
    "ChooseCard": "play",
}


def headline(text: str) -> str:
    """The kind of an engine-written headline, told by its fixed opening words, or ''."""
    if text.startswith("— turn "):
        return "turn"
    if (
        text.startswith(("event: ", "Control fires event: ", "inject "))
        or text == "a private event"
    ):
        return "inject"
    if text.startswith("game over: "):
        return "result"
    if " scores '" in text:
        return "score"
    return ""


def step_kind(k: int, record: Record, frame: object | None) -> str:
    """What the step that wrote a line was: setup, override, argument, draw, play, ..."""
    if k == 0:
        return "setup"
    step = record.steps[k - 1]
    if is_intervention(step):
        return "override"
    name = type(frame).__name__
    if name in _ARGUMENT_FRAMES or step.action.startswith("argue "):
        return "argument"
    return _FRAME_KINDS.get(name, "decision")


def entries(record: Record, rules: Ruleset, states: list[State], view: View) -> list[Entry]:
    """The viewer's log, each line with its date, time, actor and kind.

    A line's kind is its headline kind, or else what wrote it: the lines that
    follow an inject in the same step are that inject's effects ("inject");
    others belong to the step (a card play, an override, a draw...).
    """
    cal = rules.manifest.calendar
    out = []
    last_step, context = -1, ""
    for e in view.log:
        k = min(e.step, len(record.steps))
        frame = frame_before(states, k) if k else None
        if k != last_step:
            last_step, context = k, ""
        head = headline(e.text)
        if head:
            context = "inject" if head == "inject" else ""
        kind = head or context or step_kind(k, record, frame)
        actor = ""
        at = ""
        if k:
            step = record.steps[k - 1]
            at = step.at
            actor = step.actor
            if actor == CHANCE:
                actor = getattr(frame, "seat", "") or CHANCE
        date = cal[min(max(e.turn, 1), len(cal)) - 1].date
        out.append(Entry(e.step, e.turn, date, at, actor, kind, e.text, bool(head)))
    return out
