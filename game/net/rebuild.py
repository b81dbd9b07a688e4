"""A stored game made live again when the server starts: its steps replayed from the database.

Each stored step was checked when the server accepted it, so a restart replays them
without checking again (:func:`_fast_replay`) and compares the end with the digest kept
with the last step; only a game whose replay ends elsewhere (a damaged database) is
replayed step by step with every check. Kept apart from :mod:`game.net.server`, which
holds the connections and the games while they are played.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import attrs

from game.engine import CHANCE, CONTROL, Action, new_game, parse_action
from game.net.store import Store
from game.ruleset.model import Ruleset
from game.session.history import History
from game.session.record import Record, SeatConfig
from game.session.replay import replay_states
from game.session.session import Session

log = logging.getLogger("near_abroad.server")


def rebuild(
    store: Store, gid: str, rules: Ruleset, meta: dict[str, Any], clock: Callable[[], str]
) -> Session:
    """A game from its stored steps. Each was checked when it was accepted, so they are
    replayed without checking again, and the end compared with the digest kept with the
    last one; only when that differs (or is missing) is every step checked."""
    seats = seats_of(meta)
    steps = tuple(store.steps(gid))
    record = Record(rules.id, rules.manifest.version, rules.digest, int(meta["seed"]), seats,
                    steps, control=bool(meta["control"]), mods=rules.layers)  # fmt: skip
    head = store.head(gid)
    states: History | None = None
    if head is not None and head[0] == len(record.steps):
        states = _fast_replay(record, rules, head[1])
        if states is None:
            log.warning("game %s: the fast replay ended elsewhere; checking every step", gid)
    if states is None:
        states = replay_states(record, rules, f"game {gid}", check_digests=False)
    record = attrs.evolve(record, checkpoints={0: states[0].digest()})  # as a save has
    return Session.from_states(rules, record, states, clock)


def seats_of(meta: dict[str, Any]) -> tuple[SeatConfig, ...]:
    """Who plays each seat, as the game was created: people, or the server's bots."""
    return tuple(
        SeatConfig(s) if k == "human" else SeatConfig(s, "bot", k)
        for s, k in meta["players"].items()
    )


def _fast_replay(record: Record, rules: Ruleset, digest: str) -> History | None:
    """The states a server's session needs of a stored game, replayed without checking each
    step, or None when the replay fails or does not end at ``digest`` (a damaged database:
    check every step).

    A server never branches a game and undo never goes back past the last chance step (it
    would re-roll dice or show a card again), so only the first state (its digest goes in
    the export) and those from the last chance step on are built one by one; the steps
    before are applied to one working copy, and the states between are made only if read
    (see game.session.history)."""
    try:
        start = new_game(rules, record.seat_ids, record.seed, control=record.control)
        last = max((i for i, st in enumerate(record.steps, 1) if st.actor == CHANCE), default=0)
        states, state, batch = History([start]), start, list[Action]()
        for step in record.steps[:last]:
            action = parse_action(step.action)
            control = step.actor == CONTROL and action.is_intervention
            if control:
                state = state.apply_all_unchecked(batch).apply_control(action, step.reason)
                batch = []
            else:
                batch.append(action)
            states.append_later(action, control, step.reason)
        state = state.apply_all_unchecked(batch)
        if last:
            states.set_made(last, state)
        for step in record.steps[last:]:
            action = parse_action(step.action)
            if step.actor == CONTROL and action.is_intervention:
                state = state.apply_control(action, step.reason)
            else:
                state = state.apply_unchecked(action)
            states.append(state)
    except Exception:  # an unknown id, a step that was never legal: the checked replay says
        return None
    return states if state.digest() == digest else None
