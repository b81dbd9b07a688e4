"""Rebuilding a game from its record, checking it is the game that was saved.

Replay applies the recorded actions to a new game with the recorded seed and
compares the state digest at every checkpoint. A ruleset whose content changed
since the save is detected before replay and explained; a replay that diverges
names the first step that differs.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from game.engine import ActionError, State, new_game, parse_action
from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.model import Ruleset
from game.session.record import Record
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
    record: Record, rules: Ruleset, file: str = "<save>", check_digests: bool = True
) -> list[State]:
    """Every state of the recorded game, from the start; raises SaveError on divergence."""
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
    states = [state]
    _check(record, 0, state, file, check_digests)
    for i, step in enumerate(record.steps, start=1):
        try:
            action = parse_action(step.action)
            if is_intervention(step):
                state = state.apply_control(action, step.reason)
            else:
                state = state.apply(action)
        except (ActionError, ValueError, KeyError, TypeError) as exc:  # illegal, or no action
            raise SaveError(
                Diagnostic(
                    "E0505",
                    f"step {i} ('{step.action}' by {step.actor}) cannot be replayed: {exc}",
                    Pos(file),
                    "the save was edited, or the rules changed",
                )
            ) from None
        states.append(state)
        _check(record, i, state, file, check_digests)
    return states


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
