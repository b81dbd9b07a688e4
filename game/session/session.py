"""A game in progress: the current state, its history for undo and redo, and its record.

The session is where decisions of people and bots meet the engine. It resolves
chance with the state's seeded generator, keeps every state for undo (in a
:class:`~game.session.history.History`), refuses undos that would re-roll dice
or reveal a drawn card, and branches new games from any step. It does no file
I/O (storage.py does) and takes its clock from the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs

from game.engine import (
    CHANCE,
    CONTROL,
    Action,
    ActionError,
    ActionKind,
    IllegalAction,
    State,
    new_game,
    parse_action,
)
from game.engine.control import Intervention, to_action
from game.ruleset.model import Ruleset
from game.session.history import History, as_history
from game.session.journal import Journal, header, kind_of
from game.session.record import CHECKPOINT_EVERY, Annotation, Record, SeatConfig, Step


def argued(step: Step) -> str | None:
    """The argument a step made (a seat's ``argue`` decision), or None."""
    try:
        action = parse_action(step.action)
    except ActionError:
        return None
    return action.arg if action.kind == ActionKind.ARGUE else None


def is_intervention(step: Step) -> bool:
    """Was this step a Control intervention (rather than a decision Control was asked for)?"""
    if step.actor != CONTROL:
        return False
    try:
        return parse_action(step.action).is_intervention
    except ActionError:
        return False


class UndoRefused(Exception):
    """An undo the rules of fair play do not allow; the message says why."""


def _no_clock() -> str:
    return ""


class Session:
    """One game: states, record, undo/redo. Use :meth:`act` for every decision."""

    def __init__(
        self,
        rules: Ruleset,
        seats: tuple[SeatConfig, ...] | None = None,
        seed: int = 0,
        clock: Callable[[], str] = _no_clock,
        control: bool = False,
    ):
        self.rules = rules
        self.clock = clock
        seats = seats or tuple(SeatConfig(s) for s in rules.manifest.seats)
        start = new_game(rules, tuple(s.seat for s in seats), seed, control=control)
        self.record = Record(
            rules.id,
            rules.manifest.version,
            rules.digest,
            seed,
            seats,
            checkpoints={0: start.digest()},
            control=control,
            mods=rules.layers,
        )
        self.states = History([start])
        self.redo_stack: list[tuple[Step, ...]] = []
        self.journal: Journal | None = None
        self._auto_chance()

    # -- moving on ---------------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self.states[-1]

    def act(
        self, action: Action | str, actor: str | None = None, text: str = "", reason: str = ""
    ) -> State:
        """Apply a decision, then resolve chance. Raises IllegalAction, changing nothing.

        ``text`` and ``reason`` keep a matrix argument's case in the seat's own words.
        """
        if isinstance(action, str):
            action = parse_action(action)
        current = self.state.current_actor()
        if actor is not None and actor != current:
            raise IllegalAction(f"it is {current}'s decision, not {actor}'s")
        self._push(action, text=text, reason=reason)
        self.redo_stack.clear()
        self._auto_chance()
        return self.state

    def control(self, action: Intervention | Action | str, reason: str) -> State:
        """A Control intervention (fire, skip, delay, adjust, influence, forces, vp).

        Every intervention needs a reason; it is logged and recorded, and replays exactly.
        """
        if isinstance(action, str):
            action = parse_action(action)
        elif not isinstance(action, Action):
            action = to_action(action)
        if not reason.strip():
            raise IllegalAction("Control must give a reason for every intervention")
        self._push(action, reason=reason.strip(), control=True)
        self.redo_stack.clear()
        self._auto_chance()
        return self.state

    def _push(
        self, action: Action, text: str = "", reason: str = "", control: bool = False
    ) -> None:
        state = self.state
        actor = CONTROL if control else (state.current_actor() or "")
        nxt = state.apply_control(action, reason) if control else state.apply(action)
        self.states.append(nxt)
        step = Step(str(action), actor, self.clock(), reason, text)
        steps = (*self.record.steps, step)
        if self.journal is not None:
            self._journal_step(step, state, nxt, control)
        checkpoints = self.record.checkpoints
        if len(steps) % CHECKPOINT_EVERY == 0 or nxt.is_over():
            checkpoints = {**checkpoints, len(steps): nxt.digest()}
        self.record = attrs.evolve(self.record, steps=steps, checkpoints=checkpoints)

    # -- the session log ----------------------------------------------------------------------
    def attach_journal(self, journal: Journal) -> None:
        """Log everything from now on; a new log first gets the header and the game so far."""
        self.journal = journal
        if not journal.path.exists() or journal.path.stat().st_size == 0:
            # The history at once (one fsync, not one per step), with the state's digest at
            # each checkpoint and the end (a changed line between them diverges there).
            lines = [header(self.record)]
            last = len(self.record.steps)
            for i, step in enumerate(self.record.steps):
                before, after = self.states[i], self.states[i + 1]
                check = (i + 1) % CHECKPOINT_EVERY == 0 or i + 1 == last
                lines.append(step_line(step, before, after, is_intervention(step), check))
            lines += [note_line(note) for note in self.record.annotations]
            journal.append_many(lines)
        else:
            journal.append({"kind": "resume", "at": self.clock(), "steps": len(self.record.steps)})

    def _journal_step(self, step: Step, before: State, after: State, control: bool) -> None:
        assert self.journal is not None
        self.journal.append(step_line(step, before, after, control))

    def _journal_note(self, note: Annotation) -> None:
        assert self.journal is not None
        self.journal.append(note_line(note))

    def resolve_chance(self) -> None:
        """Let chance decide while it is chance's turn (a game rebuilt from a record that
        stops just before a draw or a roll)."""
        self._auto_chance()

    def _auto_chance(self) -> None:
        while not self.state.is_over() and self.state.current_actor() == CHANCE:
            self._push(self.state.sample_chance())

    # -- undo, redo, branch -------------------------------------------------------------------
    def _undo_span(self, seat: str | None) -> tuple[int, str | None]:
        """How many steps an undo takes back, or the reason it is refused.

        Without ``seat``: the last decision. With ``seat``: back to and including that
        seat's last decision (bots' decisions after it go too), as a hotseat player expects.
        """
        steps = self.record.steps
        if not any(s.actor != CHANCE and (seat is None or s.actor == seat) for s in steps):
            who = f"{seat} has" if seat else "no one has"
            return 0, f"nothing to undo: {who} taken no decision yet"
        for n, step in enumerate(reversed(steps), start=1):
            if step.actor == CHANCE:
                kind = step.action.split()[0]
                what = {
                    "draw": "a card was drawn",
                    "roll": "dice were rolled",
                    "discard": "a card was discarded at random",
                }.get(kind, "chance decided")
                again = "see the card again" if kind == "draw" else "re-roll"
                return 0, (f"{what} since that decision; undoing it would let the table {again}")
            if seat is None or step.actor == seat:
                return n, None
        raise AssertionError("unreachable: a decision was found above")

    def undo_reason(self, seat: str | None = None) -> str | None:
        """None when undo is allowed now, else why not."""
        return self._undo_span(seat)[1]

    def undo(self, seat: str | None = None) -> State:
        """Take back the last decision (of ``seat``); raises :class:`UndoRefused` with why."""
        n, reason = self._undo_span(seat)
        if reason is not None:
            raise UndoRefused(reason)
        steps = self.record.steps
        keep = len(steps) - n
        self.redo_stack.append(steps[keep:])
        if self.journal is not None:
            self.journal.append({"kind": "undo", "count": n, "at": self.clock(), "by": seat or ""})
        del self.states[keep + 1 :]
        self.record = attrs.evolve(
            self.record,
            steps=steps[:keep],
            checkpoints={k: v for k, v in self.record.checkpoints.items() if k <= keep},
        )
        return self.state

    def redo(self) -> State:
        """Re-apply the last undone decision."""
        if not self.redo_stack:
            raise UndoRefused("nothing to redo")
        for step in self.redo_stack.pop():
            self._push(
                parse_action(step.action), step.text, step.reason, control=is_intervention(step)
            )
        self._auto_chance()
        return self.state

    def annotate(self, author: str, text: str, tag: str = "", step: int | None = None) -> None:
        """Attach a note (an observer's or Control's) to a step, by default the latest."""
        at_step = len(self.record.steps) if step is None else step
        if not 0 <= at_step <= len(self.record.steps):
            raise ValueError(f"step {at_step} is outside 0..{len(self.record.steps)}")
        note = Annotation(at_step, author, text, self.clock(), tag)
        self.record = attrs.evolve(self.record, annotations=(*self.record.annotations, note))
        if self.journal is not None:
            self._journal_note(note)

    def branch(self, step: int) -> Session:
        """A new session that shares this game's first ``step`` steps."""
        if not 0 <= step <= len(self.record.steps):
            raise ValueError(f"step {step} is outside 0..{len(self.record.steps)}")
        new = Session.__new__(Session)
        new.rules, new.clock = self.rules, self.clock
        new.states = self.states[: step + 1]
        new.redo_stack = []
        new.journal = None
        new.record = attrs.evolve(
            self.record,
            steps=self.record.steps[:step],
            checkpoints={k: v for k, v in self.record.checkpoints.items() if k <= step},
            annotations=tuple(a for a in self.record.annotations if a.step <= step),
        )
        return new

    @classmethod
    def from_states(
        cls,
        rules: Ruleset,
        record: Record,
        states: Sequence[State],
        clock: Callable[[], str] = _no_clock,
    ) -> Session:
        """A session rebuilt by replay (see replay.py)."""
        new = cls.__new__(cls)
        new.rules, new.clock, new.record = rules, clock, record
        new.states = as_history(states)
        new.redo_stack = []
        new.journal = None
        return new


def step_line(
    step: Step, before: State, after: State, control: bool, digest: bool = True
) -> dict[str, Any]:
    """The session-log line of one applied step: what, who, the digest after it (unless
    ``digest`` is false), and the log lines it wrote (read from the newest end: the whole
    log is not walked for each step)."""
    entry: dict[str, Any] = {
        "kind": kind_of(step, control),
        "step": after.step,
        "actor": step.actor,
        "action": step.action,
        "at": step.at,
        "turn": after.turn,
    }
    if digest:
        entry["digest"] = after.digest()
    if step.reason:
        entry["reason"] = step.reason
    if step.text:
        entry["text"] = step.text
    if step.actor == CHANCE:  # the generator state that produced this outcome
        entry["rng"] = {"seed": before.seed, "counter": before.counter}
    texts: list[str] = []
    node = after.log
    while node is not None and len(texts) < 40 and node[0].step == after.step:
        texts.append(node[0].text)
        node = node[1]
    entry["log"] = texts[::-1]
    return entry


def note_line(note: Annotation) -> dict[str, Any]:
    """The session-log line of an annotation."""
    return {
        "kind": "annotation",
        "step": note.step,
        "author": note.author,
        "text": note.text,
        "tag": note.tag,
        "at": note.at,
    }
