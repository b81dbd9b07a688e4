"""ISMCTS: seeded and deterministic with an iteration budget, legal roll-outs, beats random."""

from __future__ import annotations

import random

import pytest

from game.ai import ISMCTSBot, RandomBot, observe
from game.ai.ismcts import random_operation
from game.engine.decisions import ChooseOp, ChooseTarget
from game.ruleset.load import load_ruleset
from tests.scenario_kit import DEFAULT, TINY, decision_states, play_bots


@pytest.fixture(scope="module")
def tiny():
    return load_ruleset(TINY)


@pytest.fixture(scope="module")
def caucasus():
    return load_ruleset(DEFAULT)


def test_same_seed_and_iterations_give_the_same_search(caucasus):
    for s in decision_states(caucasus, seed=5, every=90, branching=True)[:3]:
        seat = s.current_actor()
        view = observe(s, seat)
        bots = [ISMCTSBot(seat, caucasus, seed=9, iterations=25, rollout=4) for _ in range(2)]
        choices = [b.choose(view) for b in bots]
        assert choices[0] == choices[1] and choices[0] in view.legal
        assert bots[0].last_iterations == bots[1].last_iterations >= 25
        assert [n.total for n in bots[0].root] == [n.total for n in bots[1].root]


def test_whole_games_replay_exactly_with_iteration_budgets(tiny):
    digests = []
    for _ in range(2):
        bots = {
            "red": ISMCTSBot("red", tiny, seed=1, iterations=30),
            "blue": ISMCTSBot("blue", tiny, seed=2, iterations=30),
        }
        digests.append(play_bots(tiny, bots, seed=4).digest())
    assert digests[0] == digests[1]


def test_ismcts_beats_random_on_tiny(tiny):
    # Tiny favours blue (its truce is worth 2 VP at the end) and luck counts for much:
    # with these seeds a random bot in ISMCTS's place wins 8 of 16, the heuristic bot 8.5.
    wins = 0.0
    games = 16
    for g in range(games):
        me, other = ("red", "blue") if g % 2 == 0 else ("blue", "red")
        bots = {me: ISMCTSBot(me, tiny, seed=g, iterations=60), other: RandomBot(seed=g)}
        final = play_bots(tiny, bots, seed=100 + g)
        wins += final.returns()[final.seats.index(me)]
    assert wins >= 11


def test_a_time_budget_alone_decides(caucasus):
    s = decision_states(caucasus, seed=2, every=70, branching=True)[0]
    seat = s.current_actor()
    bot = ISMCTSBot(seat, caucasus, seed=0, iterations=None, seconds=0.02)
    assert bot.choose(observe(s, seat)) in s.legal_actions()
    assert bot.last_iterations >= 1


def test_a_budget_is_required(tiny):
    with pytest.raises(ValueError, match="budget"):
        ISMCTSBot("red", tiny, iterations=None, seconds=None)


def test_roll_out_operations_are_legal(caucasus):
    rng = random.Random(3)
    checked = 0
    for s in decision_states(caucasus, seed=7, every=1, branching=True):
        if not isinstance(s.stack[-1], (ChooseOp, ChooseTarget)):
            continue
        t = s
        for action in random_operation(s, rng):
            assert action in t.legal_actions(), (action, t.legal_actions())
            t = t.apply(action)
        checked += 1
        if checked >= 60:
            break
    assert checked >= 30


def test_the_chosen_card_play_is_played_out_without_searching_again(caucasus):
    s = next(
        x
        for x in decision_states(caucasus, seed=3, every=1, branching=True)
        if type(x.stack[-1]).__name__ == "ChooseCard"
    )
    seat = s.current_actor()
    bot = ISMCTSBot(seat, caucasus, seed=1, iterations=30, rollout=2)
    s = s.apply(bot.choose(observe(s, seat)))
    assert bot.last_iterations >= 30 and len(bot.root) >= 2
    while s.current_actor() == seat:
        action = bot.choose(observe(s, seat))
        assert action in s.legal_actions()
        s = s.apply(action)
        assert bot.last_iterations == 0 or bot.last_iterations >= 30  # a die changed the plan


def test_plain_ismcts_has_one_root_edge_per_action(caucasus):
    s = decision_states(caucasus, seed=4, every=50, branching=True)[1]
    seat = s.current_actor()
    bot = ISMCTSBot(seat, caucasus, seed=2, iterations=40, rollout=4, lines=0)
    assert bot.choose(observe(s, seat)) in s.legal_actions()
    assert len(bot.root) == len(s.legal_actions())
    assert sum(n.visits for n in bot.root) == 40


def test_candidate_lines_are_those_of_two_separate_searches(caucasus):
    """ISMCTS's candidates reuse best_line's positions and values for first_steps; a fresh
    search for each must give the same lines (a value depends on its position alone)."""
    checked = 0
    for s in decision_states(caucasus, seed=7, every=25, branching=True)[:8]:
        seat = s.current_actor()
        bot = ISMCTSBot(seat, caucasus, seed=4, iterations=4)
        shared = bot.guide.first_steps(s, fresh=False) if bot.guide.best_line(s) else []
        alone = ISMCTSBot(seat, caucasus, seed=4, iterations=4).guide.first_steps(s)
        assert shared == alone
        checked += len(alone)
    assert checked > 8
