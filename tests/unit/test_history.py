"""A loaded game's states, made at keyframes and on first reading: the same states as a
game played step by step, read in any order; an edited save refused at the same step, with
the same words, as when every state was made at load."""

from __future__ import annotations

import random
from itertools import pairwise

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import IllegalAction, parse_action
from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.history import KEYFRAME_EVERY, History
from game.session.record import Record
from game.session.replay import replay_states, resume
from game.session.session import Session
from game.shipped import shipped
from tests.scenario_kit import scenario

TRACK = {"t": {"name": "T", "min": 0, "max": 10, "start": 0}}


@pytest.fixture(scope="module")
def rules():
    """A scenario whose random games run to a few hundred steps: many keyframes apart."""
    return load_ruleset(shipped("rules", "georgia-2008"))


@pytest.fixture(scope="module")
def game(rules) -> Session:
    """A finished game of random decisions, every state made as it was played."""
    session = Session(rules, seed=11)
    rng = random.Random(11)
    while not session.state.is_over():
        session.act(rng.choice(session.state.legal_actions()))
    assert len(session.record.steps) > 3 * KEYFRAME_EVERY  # several runs between keyframes
    return session


def test_a_load_makes_only_keyframes_and_the_last_state(game, rules) -> None:
    history = replay_states(game.record, rules)
    n = len(game.record.steps)
    made = [i for i in range(n + 1) if history.is_made(i)]
    assert made[0] == 0 and made[-1] == n
    assert set(game.record.checkpoints) <= set(made)
    assert max(b - a for a, b in pairwise(made)) <= KEYFRAME_EVERY
    assert len(made) < n // 2  # most states wait to be read
    assert "made" in repr(history)


@settings(max_examples=25, deadline=None)
@given(order=st.randoms(use_true_random=False))
def test_states_read_in_any_order_are_the_states_played(game, rules, order) -> None:
    history = replay_states(game.record, rules)
    indices = list(range(len(history)))
    order.shuffle(indices)
    for i in indices[: len(indices) // 3]:
        assert history[i].digest() == game.states[i].digest(), i
        assert history[i].log_entries() == game.states[i].log_entries(), i
    assert [s.digest() for s in history] == [s.digest() for s in game.states]
    assert all(history.is_made(i) for i in range(len(history)))  # each made once, then kept


def test_negative_indices_slices_and_cutting_the_end(game, rules) -> None:
    history = replay_states(game.record, rules)
    assert history[-1] is history[len(history) - 1]
    assert history[-3].digest() == game.states[-3].digest()
    part = history[40:60]
    assert isinstance(part, History) and len(part) == 20
    assert [s.digest() for s in part] == [s.digest() for s in game.states[40:60]]
    assert [s.digest() for s in history[5:50:7]] == [s.digest() for s in game.states[5:50:7]]
    assert len(history[10:5]) == 0
    with pytest.raises(IndexError):
        history[len(history)]
    with pytest.raises(TypeError, match="only at its end"):
        del history[3:5]
    del history[30:]
    assert len(history) == 30 and history[-1].digest() == game.states[29].digest()
    history.append(game.states[30])
    assert history[30] is game.states[30]
    with pytest.raises(ValueError, match="starts with a state"):
        History().append_later(parse_action("pass"))
    with pytest.raises(ValueError, match="starts with a state"):
        History().extend_later([parse_action("pass")])


def test_a_loaded_game_undoes_branches_and_goes_on(game, rules) -> None:
    record = game.record
    cut = len(record.steps) - 7
    partial = Session.branch(game, cut).record
    loaded = resume(storage.loads(storage.dumps(partial)), rules)
    assert loaded.state.digest() == game.states[cut].digest()
    branch = loaded.branch(cut - 30)
    assert branch.state.digest() == game.states[cut - 30].digest()
    decided = loaded.undo_reason() is None
    if decided:  # undo goes back to a state made on reading
        loaded.undo()
        assert loaded.state.digest() == game.states[len(loaded.record.steps)].digest()
    step = len(loaded.record.steps)
    loaded.act(record.steps[step].action)
    assert loaded.state.digest() == game.states[step + 1].digest()


def _edited(record: Record, at: int, action: str) -> Record:
    """The record with step ``at`` (counted from 1) made ``action``, its digests dropped."""
    steps = list(record.steps)
    steps[at - 1] = attrs.evolve(steps[at - 1], action=action)
    return attrs.evolve(record, steps=tuple(steps), checkpoints={})


@pytest.mark.parametrize("at", [1, 7, KEYFRAME_EVERY, KEYFRAME_EVERY + 1, 2 * KEYFRAME_EVERY - 3])
def test_an_illegal_step_is_named_with_the_words_of_a_step_by_step_replay(game, rules, at) -> None:
    bad = "target NOWHERE"
    record = _edited(game.record, at, bad)
    with pytest.raises(IllegalAction) as why:
        game.states[at - 1].apply(bad)
    with pytest.raises(storage.SaveError) as info:
        replay_states(record, rules, "edited.json", check_digests=False)
    d = info.value.diagnostic
    assert d.code == "E0505" and d.pos.file == "edited.json"
    assert d.message == (
        f"step {at} ('{bad}' by {game.record.steps[at - 1].actor}) cannot be replayed: {why.value}"
    )


def test_an_earlier_illegal_step_is_named_before_a_later_unreadable_one(game, rules) -> None:
    record = _edited(_edited(game.record, 30, "fly away"), 27, "target NOWHERE")
    with pytest.raises(storage.SaveError, match=r"step 27 \('target NOWHERE'"):
        replay_states(record, rules, check_digests=False)
    record = _edited(game.record, 30, "fly away")
    with pytest.raises(storage.SaveError, match=r"step 30 \('fly away'.*unknown action"):
        replay_states(record, rules, check_digests=False)


def test_control_interventions_are_kept_as_made_states() -> None:
    rules = scenario({"tracks": TRACK})
    session = Session(rules, seed=3, control=True)
    rng = random.Random(3)
    for n in range(60):
        if session.state.is_over():
            break
        if n % 9 == 4:
            session.control("adjust t:+1", f"ruling {n}")
        else:
            session.act(rng.choice(session.state.legal_actions()))
    history = replay_states(session.record, rules)
    controls = [i for i, s in enumerate(session.record.steps, 1) if s.reason.startswith("ruling")]
    assert controls and all(history.is_made(i) for i in controls)
    assert [s.digest() for s in history] == [s.digest() for s in session.states]
    assert history[-1].tracks["t"] == session.state.tracks["t"] == len(controls)


def test_a_reader_of_every_state_has_each_made_as_it_is_checked(game, rules) -> None:
    history = replay_states(game.record, rules, every_state=True)
    assert all(history.is_made(i) for i in range(len(history)))
    assert [s.digest() for s in history] == [s.digest() for s in game.states]
    record = _edited(game.record, 9, "target NOWHERE")
    with pytest.raises(storage.SaveError, match=r"step 9 \('target NOWHERE'"):
        replay_states(record, rules, every_state=True)
