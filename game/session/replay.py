"""Rebuilding a game from its record, checking it is the game that was saved.

Replay applies the recorded actions to a new game with the recorded seed and
compares the state digest at every checkpoint. A ruleset whose content changed
since the save is detected before replay and explained; a replay that diverges
names the first step that differs.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from game.engine import CONTROL, Action, ActionError, State, new_game, parse_action
from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.model import Ruleset
from game.session.history import KEYFRAME_EVERY, History
from game.session.record import Record, Step
from game.session.session import Session, _no_clock, is_intervention
from game.session.storage import SaveError


def check_ruleset(record: Record, rules: Ruleset, file: str = "<save>") -> None:
    """Raise :class:`SaveError` when the save was made under other rules."""
    if record.ruleset_id != rules.id:
        raise SaveError(
            Diagnostic(
                "E0504",
                f"the save is a game of '{record.ruleset_id}', not of '{rules.id}'",
                Pos(file),
                f"load it with the scenario '{record.ruleset_id}'",
            )
        )
    if record.mods != rules.layers:
        raise SaveError(
            Diagnostic(
                "E0504",
                f"the game was played with mods [{', '.join(record.mods) or 'none'}], "
                f"but these rules have [{', '.join(rules.layers) or 'none'}]",
                Pos(file),
                "load it with the same mods (--mod ID, once for each)",
            )
        )
    if record.ruleset_digest != rules.digest:
        raise SaveError(
            Diagnostic(
                "E0504",
                f"the rules of '{rules.id}' changed since this game was saved (saved "
                f"under version {record.ruleset_version}, digest {record.ruleset_digest[:12]}; now "
                f"version {rules.manifest.version}, digest {rules.digest[:12]})",
                Pos(file),
                "restore the rule files the game was played with, or replay it anyway with "
                "--force (it may stop where the rules now differ)",
            )
        )


def replay_states(
    record: Record,
    rules: Ruleset,
    file: str = "<save>",
    check_digests: bool = True,
    every_state: bool = False,
) -> History:
    """Every state of the recorded game, from the start; raises SaveError on divergence.

    Every step is checked as it was when it was played. The steps between two
    keyframes (each checkpoint, every :data:`KEYFRAME_EVERY` steps, the end, each
    Control intervention) are checked and applied on one working copy; the states
    between are made when first read (see :mod:`game.session.history`). A caller
    that reads every state (a report, a session log) passes ``every_state``: each is
    made as its step is checked, which costs less than making it later."""
    try:
        state = new_game(rules, record.seat_ids, record.seed, control=record.control)
    except ValueError as exc:
        raise SaveError(
            Diagnostic(
                "E0505",
                f"cannot start the saved game: {exc}",
                Pos(file),
                "the save's seats do not fit this scenario",
            )
        ) from None
    history = History([state])
    _check(record, 0, state, file, check_digests)
    steps = record.steps
    keyframes = record.checkpoints.keys() if check_digests else ()
    base = 0  # the step of `state`; the steps after it wait in `pending`
    pending: list[Action] = []
    last, every = len(steps), 1 if every_state else KEYFRAME_EVERY
    for i, step in enumerate(steps, start=1):
        try:
            action = parse_action(step.action)
        except (ActionError, ValueError) as exc:  # no action: an earlier step may fail first
            _applied(state, pending, base, record, file)
            raise _unreplayable(i, step, exc, file) from None
        intervention = step.actor == CONTROL and is_intervention(step)
        if not intervention:
            pending.append(action)
            if i % every and i != last and i not in keyframes:
                continue  # the state after this step is made when first read
        if pending:  # a keyframe: the run so far applied, its last state made
            state = _applied(state, pending, base, record, file)
            history.extend_later(pending[:-1])
            history.append(state)
        if intervention:
            try:
                state = state.apply_control(action, step.reason)
            except (ActionError, ValueError, KeyError, TypeError) as exc:
                raise _unreplayable(i, step, exc, file) from None
            history.append(state)
        base, pending = i, []
        _check(record, i, state, file, check_digests)
    return history


def _applied(state: State, pending: list[Action], base: int, record: Record, file: str) -> State:
    """``state`` after the ``pending`` steps that follow step ``base``, each checked; when one
    is refused, they are applied again one by one to name it and say why."""
    if not pending:
        return state
    try:
        return state.apply_all(pending)
    except (ActionError, ValueError, KeyError, TypeError):
        pass
    for i, action in enumerate(pending, start=base + 1):
        try:
            state = state.apply(action)
        except (ActionError, ValueError, KeyError, TypeError) as exc:
            raise _unreplayable(i, record.steps[i - 1], exc, file) from None
    return state  # pragma: no cover - apply_all refuses only what apply refuses


def _unreplayable(i: int, step: Step, exc: Exception, file: str) -> SaveError:
    return SaveError(
        Diagnostic(
            "E0505",
            f"step {i} ('{step.action}' by {step.actor}) cannot be replayed: {exc}",
            Pos(file),
            "the save was edited, or the rules changed",
        )
    )


def _check(record: Record, i: int, state: State, file: str, enabled: bool) -> None:
    want = record.checkpoints.get(i)
    if enabled and want is not None and want != state.digest():
        raise SaveError(
            Diagnostic(
                "E0505",
                f"the replayed game differs from the saved one at step {i} (state digest "
                f"{state.digest()[:12]}, saved {want[:12]})",
                Pos(file),
                "the save was edited, or the rules changed",
            )
        )


def resume(
    record: Record,
    rules: Ruleset,
    file: str = "<save>",
    force: bool = False,
    clock: Callable[[], str] = _no_clock,
) -> Session:
    """A live session continuing the recorded game."""
    if not force:
        check_ruleset(record, rules, file)
    states = replay_states(record, rules, file, check_digests=not force)
    session = Session.from_states(rules, record, states, clock)
    session.resolve_chance()  # a record that ends where chance decides: decide it now
    return session


def rebase(session: Session, rules: Ruleset) -> Session:
    """The game of ``session`` replayed under ``rules`` (a hot reload); raises SaveError
    naming the failing step.

    The record is rewritten to name the new rules (digest, version, mods) and
    its checkpoints are recomputed, so a save made afterwards loads and
    replays under the rules now on disk. Notes and the session log carry over,
    and the log gets a ``rules`` entry: an after-action review can then tell
    which steps were played under which rules, and :func:`reconstruct` gives a
    record that replays under the new ones.
    """
    record = attrs.evolve(
        session.record,
        ruleset_digest=rules.digest,
        ruleset_version=rules.manifest.version,
        mods=rules.layers,
    )
    states = replay_states(record, rules, check_digests=False)
    record = attrs.evolve(
        record, checkpoints={k: states[k].digest() for k in record.checkpoints if k < len(states)}
    )
    new = Session.from_states(rules, record, states, session.clock)
    new.journal = session.journal
    if new.journal is not None:
        new.journal.append(
            {
                "kind": "rules",
                "at": new.clock(),
                "steps": len(record.steps),
                "ruleset_digest": record.ruleset_digest,
                "ruleset_version": record.ruleset_version,
                "mods": list(record.mods),
            }
        )
    return new
