"""Random legal play on every shipped scenario, checking the rules' invariants after each step.

Hypothesis drives a session with random decisions, undos, save/load round trips,
replays and illegal actions, and after every step checks what must always hold:
values in range, cards conserved, a legal action whenever the game goes on, the
game over within its turns, and views that leak nothing of other seats' hands.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from game.engine import CHANCE, IllegalAction, State
from game.ruleset.load import check_ruleset
from game.session import storage
from game.session.replay import replay_states
from game.session.session import Session, UndoRefused
from tests.scenario_kit import ROOT, TINY

SCENARIOS = [*sorted(p.parent for p in (ROOT / "rules").glob("*/scenario.yaml")), TINY]


def _loadable(path: Path):
    rules, _, _ = check_ruleset(path)
    return rules


def all_cards(state: State) -> Counter[str]:
    c: Counter[str] = Counter(state.deck)
    for hand in state.hands.values():
        c.update(hand)
    c.update(state.discard)
    c.update(state.removed)
    return c


def swap_hidden(state: State, seat: str) -> State | None:
    """The same position except that another seat holds other cards (same counts)."""
    for other, hand in state.hands.items():
        if other == seat or not hand or not state.deck:
            continue
        swap_in = next((c for c in state.deck if c not in hand), None)
        if swap_in is None:
            continue
        new_hand = list(hand)
        out = new_hand.pop(0)
        new_hand.append(swap_in)
        deck = list(state.deck)
        deck.remove(swap_in)
        return state.with_changes(
            hands={**state.hands, other: tuple(sorted(new_hand))}, deck=tuple(sorted([*deck, out]))
        )
    return None


class GameMachine(RuleBasedStateMachine):
    rules_obj = None

    def __init__(self) -> None:
        super().__init__()
        self.session: Session | None = None
        self.expected_cards: Counter[str] | None = None

    @rule(seed=st.integers(0, 2**32 - 1))
    @precondition(lambda self: self.session is None)
    def start(self, seed: int) -> None:
        self.session = Session(self.rules_obj, seed=seed)
        self.expected_cards = all_cards(self.session.state)

    @rule(i=st.integers(0, 10**6))
    @precondition(lambda self: self.session is not None and not self.session.state.is_over())
    def decide(self, i: int) -> None:
        acts = self.session.state.legal_actions()
        self.session.act(acts[i % len(acts)])

    @rule(n=st.integers(1, 400), i=st.integers(0, 10**6))
    @precondition(lambda self: self.session is not None and not self.session.state.is_over())
    def fast_forward(self, n: int, i: int) -> None:
        for k in range(n):
            s = self.session.state
            if s.is_over():
                break
            acts = s.legal_actions()
            self.session.act(acts[(i + 7 * k) % len(acts)])
            self.check_all()

    @rule()
    @precondition(lambda self: self.session is not None)
    def undo_and_redo(self) -> None:
        before = self.session.state.digest()
        reason = self.session.undo_reason()
        if reason is not None:
            with pytest.raises(UndoRefused):
                self.session.undo()
            assert self.session.state.digest() == before
            return
        n = len(self.session.record.steps)
        prev = self.session.states[-2].digest()
        self.session.undo()
        assert self.session.state.digest() == prev
        assert len(self.session.record.steps) == n - 1
        self.session.redo()
        assert self.session.state.digest() == before

    @rule(
        junk=st.sampled_from(
            ["play nothing", "target ZZZ", "option x", "roll 99", "done", "event", "pass"]
        )
    )
    @precondition(lambda self: self.session is not None)
    def illegal_action_changes_nothing(self, junk: str) -> None:
        s = self.session.state
        if junk in [str(a) for a in s.legal_actions()]:
            return
        before = s.digest()
        with pytest.raises(IllegalAction):
            s.apply(junk)
        assert s.digest() == before
        assert s.explain(junk).startswith("illegal")

    @rule()
    @precondition(lambda self: self.session is not None)
    def replay_gives_the_same_digest(self) -> None:
        states = replay_states(self.session.record, self.rules_obj)
        assert states[-1].digest() == self.session.state.digest()

    @rule()
    @precondition(lambda self: self.session is not None)
    def save_load_round_trips(self) -> None:
        text = storage.dumps(self.session.record)
        assert storage.loads(text) == self.session.record

    @invariant()
    def invariants(self) -> None:
        if self.session is not None:
            self.check_all()

    def check_all(self) -> None:
        s = self.session.state
        rules = self.rules_obj
        for tid, value in s.tracks.items():
            assert rules.tracks[tid].min <= value <= rules.tracks[tid].max, tid
        assert all(0 <= v <= 99 for v in s.infl) and all(0 <= v <= 99 for v in s.forces)
        assert all_cards(s) == self.expected_cards
        assert 1 <= s.turn <= len(rules.manifest.calendar)
        if s.is_over():
            assert s.legal_actions() == [] and s.result is not None
            assert abs(sum(s.returns()) - (1.0 if s.result.winners else 0.0)) < 1e-9
        else:
            assert s.legal_actions(), f"no legal action at {s!r}"
            assert s.current_actor() != CHANCE  # the session resolves chance
            seat = s.current_actor()
            twin = swap_hidden(s, seat)
            if twin is not None:
                assert twin.view_for(seat) == s.view_for(seat)
                assert twin.digest() != s.digest()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_random_play_keeps_the_invariants(path: Path) -> None:
    rules = _loadable(path)
    if rules is None:
        pytest.fail(f"{path} does not load; run near-abroad validate {path}")
    machine = type(f"Machine_{path.name.replace('-', '_')}", (GameMachine,), {"rules_obj": rules})
    machine.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    machine.TestCase().runTest()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_random_games_end_within_the_declared_turns(path: Path) -> None:
    from game.sim.batch import play_random

    rules = _loadable(path)
    assert rules is not None, f"{path} does not load"
    for seed in range(15):
        summary = play_random(rules, seed)
        assert summary.turns <= len(rules.manifest.calendar)
        assert summary.kind in ("win", "shared", "none")
