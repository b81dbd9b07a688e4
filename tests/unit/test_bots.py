"""Bots: views only, legal actions always, honest determinizations, doctrine that matters."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from game.ai import HeuristicBot, ISMCTSBot, RandomBot, determinize, make_bot, observe
from game.ai.determinize import hidden_pool, state_from_view
from game.ai.doctrine import doctrine_names, resolve_doctrine
from game.ai.progress import FastEval, compile_progress
from game.ai.value import Evaluator
from game.engine import State, new_game
from game.ruleset.load import load_ruleset
from tests.scenario_kit import (
    DEFAULT,
    TINY,
    deal,
    decision_states,
    play_bots,
    scenario,
    with_hand,
)


@pytest.fixture(scope="module")
def tiny():
    return load_ruleset(TINY)


@pytest.fixture(scope="module")
def caucasus():
    return load_ruleset(DEFAULT)


def all_cards(rules) -> Counter:
    return Counter({cid: card.copies for cid, card in rules.cards.items()})


# -- determinization ---------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["tiny", "caucasus"])
def test_determinization_keeps_the_view_and_conserves_cards(which, request):
    rules = request.getfixturevalue(which)
    rng = random.Random(5)
    for s in decision_states(rules, seed=3, every=7):
        seat = s.current_actor()
        view = observe(s, seat)
        world = determinize(view, rules, rng)
        assert observe(world, seat) == view  # own hand, sizes, board, stack, legal actions
        assert world.legal_actions() == s.legal_actions()
        cards = Counter(world.deck) + Counter(world.discard) + Counter(world.removed)
        for hand in world.hands.values():
            cards += Counter(hand)
        assert cards == all_cards(rules)


def test_a_determinization_with_the_true_cards_is_the_true_state(caucasus):
    for s in decision_states(caucasus, seed=4, every=40):
        view = observe(s, s.current_actor())
        world = state_from_view(view, caucasus, s.hands, s.deck, seed=s.seed)
        assert world.with_changes(counter=s.counter).digest() == s.digest()


def test_the_hidden_pool_is_other_hands_and_deck(caucasus):
    s = decision_states(caucasus, seed=6, every=25)[3]
    seat = s.current_actor()
    pool = Counter(hidden_pool(observe(s, seat), caucasus))
    expected = Counter(s.deck)
    for other, hand in s.hands.items():
        if other != seat:
            expected += Counter(hand)
    assert pool == expected


def test_determinizations_vary_the_hidden_cards_only(caucasus):
    s = decision_states(caucasus, seed=2, every=30)[2]
    seat = s.current_actor()
    view = observe(s, seat)
    worlds = [determinize(view, caucasus, random.Random(i)) for i in range(6)]
    assert len({tuple(sorted(w.hands.items())) for w in worlds}) > 1
    assert all(w.hands[seat] == s.hands[seat] for w in worlds)


# -- bots see views only -----------------------------------------------------------------------
def _swap_hidden(s: State, seat: str) -> State:
    """The same position with another seat's hand changed (a card swapped with the deck)."""
    other = next(x for x in s.seats if x != seat and s.hands[x])
    hand, deck = list(s.hands[other]), list(s.deck)
    for i, card in enumerate(deck):
        if card not in hand:
            hand[0], deck[i] = card, hand[0]
            break
    t = s.with_changes(hands={**s.hands, other: tuple(sorted(hand))}, deck=tuple(sorted(deck)))
    assert t.hands[other] != s.hands[other]
    return t


@pytest.mark.parametrize("kind", ["random", "heuristic", "ismcts"])
def test_bots_choose_the_same_when_only_hidden_cards_differ(caucasus, kind):
    settings = {"iterations": 20, "seconds": None} if kind == "ismcts" else {}
    for s in decision_states(caucasus, seed=8, every=45)[:4]:
        seat = s.current_actor()
        t = _swap_hidden(s, seat)
        assert observe(s, seat) == observe(t, seat)
        a = make_bot(kind, seat, caucasus, seed=3, **settings).choose(observe(s, seat))
        b = make_bot(kind, seat, caucasus, seed=3, **settings).choose(observe(t, seat))
        assert a == b


def test_bots_take_the_engines_own_view(caucasus):
    s = decision_states(caucasus, seed=1, every=20)[1]
    seat = s.current_actor()
    plain = s.view_for(seat, with_log=False)
    assert plain == observe(s, seat)
    for kind in ("heuristic", "ismcts"):
        bot = make_bot(kind, seat, caucasus, seed=1, **SMALL.get(kind, {}))
        assert bot.choose(plain) in plain.legal


# -- legal play across whole games -------------------------------------------------------------
SMALL = {"ismcts": {"iterations": 8, "seconds": None, "rollout": 4}}
"""A small search budget, so that whole games stay fast."""


def test_every_bot_plays_legal_tiny_games(tiny):
    kinds = [("random", "heuristic"), ("heuristic", "ismcts"), ("ismcts", "random")]
    for g, (a, b) in enumerate(kinds):
        bots = {
            "red": make_bot(a, "red", tiny, "easy", seed=g, **SMALL.get(a, {})),
            "blue": make_bot(b, "blue", tiny, "easy", seed=g, **SMALL.get(b, {})),
        }
        assert play_bots(tiny, bots, seed=g).is_over()


def test_every_bot_plays_a_legal_default_game(caucasus):
    kinds = ["heuristic", "ismcts", "random", "heuristic", "random", "heuristic"]
    bots = {
        seat: make_bot(kind, seat, caucasus, "easy", seed=i, **SMALL.get(kind, {}))
        for i, (seat, kind) in enumerate(zip(caucasus.manifest.seats, kinds, strict=True))
    }
    final = play_bots(caucasus, bots, seed=11)
    assert final.result is not None


# -- the heuristic bot ---------------------------------------------------------------------------
SWEEP = scenario(
    {
        "regions": {
            "A": {"influence": {"blue": 1}},
            "B": {"influence": {"red": 1}},
            "C": {"influence": {"red": 2}},
        },
        "end_conditions": {
            "sweep": {
                "title": "Red sweeps",
                "when": "controls(red, C)",
                "result": "win",
                "winner": "red",
            },
        },
    }
)


def test_heuristic_takes_the_winning_move():
    s = with_hand(deal(SWEEP, seed=1), "red", ("k1", "k2"))
    bot = HeuristicBot("red", SWEEP, seed=0)
    while not s.is_over() and s.current_actor() == "red":
        s = s.apply(bot.choose(observe(s, "red")))
    assert s.result is not None and s.result.winners == ("red",)


def test_heuristic_avoids_an_ending_where_everyone_loses():
    rules = scenario(
        {
            "tracks": {"war": {"name": "War", "min": 0, "max": 3, "start": 2}},
            "cards": {
                "k1": {
                    "title": "K1",
                    "ops": 1,
                    "side": "red",
                    "copies": 4,
                    "options": {
                        "calm": {"text": "calm", "effects": []},
                        "fight": {
                            "text": "fight",
                            "effects": [{"move_track": {"track": "war", "by": 1}}],
                        },
                    },
                }
            },
            "end_conditions": {
                "war": {"title": "War", "when": "track(war) >= 3", "result": "none"}
            },
        }
    )
    s = deal(rules, seed=1)
    s = with_hand(s, "red", ("k1",) * len(s.hands["red"]))
    bot = HeuristicBot("red", rules, seed=0)
    while not s.is_over() and s.current_actor() == "red":
        s = s.apply(bot.choose(observe(s, "red")))
    assert s.result is None and s.tracks["war"] == 2


def test_doctrine_changes_the_choices(caucasus):
    states = [
        s for s in decision_states(caucasus, seed=12, every=3) if s.current_actor() == "russia"
    ]
    states = [s for s in states if len(s.legal_actions()) > 2][:12]
    defensive = [HeuristicBot("russia", caucasus, doctrine="defensive") for _ in states]
    expansive = [HeuristicBot("russia", caucasus, doctrine="expansive") for _ in states]
    differ = sum(
        d.choose(observe(s, "russia")) != e.choose(observe(s, "russia"))
        for s, d, e in zip(states, defensive, expansive, strict=True)
    )
    assert differ >= 2


def test_a_doctrine_dict_overrides_the_scenario(caucasus):
    base = resolve_doctrine(caucasus, "russia")
    merged = resolve_doctrine(caucasus, "russia", {"escalation": 2.0, "ru_sphere": 0})
    assert merged["escalation"] == 2.0 and "ru_sphere" not in merged
    assert {k: v for k, v in merged.items() if k != "escalation"} == {
        k: v for k, v in base.items() if k not in ("escalation", "ru_sphere")
    }
    assert resolve_doctrine(caucasus, "russia", "vp_only") == {}
    assert {"scenario", "vp_only", "defensive", "expansive"} <= set(
        doctrine_names(caucasus, "russia")
    )
    with pytest.raises(ValueError, match="unknown: nonsense"):
        resolve_doctrine(caucasus, "russia", {"nonsense": 1.0})
    with pytest.raises(ValueError, match="choose one of"):
        resolve_doctrine(caucasus, "russia", "imperial")


def test_every_scenario_doctrine_is_understood(caucasus):
    for actor in caucasus.actors:
        for name in doctrine_names(caucasus, actor):
            resolve_doctrine(caucasus, actor, name)


# -- the evaluation ------------------------------------------------------------------------------
def test_progress_grades_how_close_a_condition_is(caucasus):
    s = new_game(caucasus, seed=1)
    ev = FastEval(s, "russia")
    at = compile_progress("track(escalation) >= 5")
    near = compile_progress("track(escalation) >= 3")
    assert 0 < at(ev) < near(ev) < 1
    assert compile_progress("not track(escalation) >= 3")(ev) == pytest.approx(1 - near(ev))
    for oid, obj in caucasus.objectives.items():
        ev.self_actor = obj.actor
        degree = compile_progress(obj.condition.text)(ev)
        assert 0.0 <= degree <= 1.0, oid


def test_shares_are_probabilities_and_terminal_shares_are_the_result(caucasus):
    seats = tuple(caucasus.manifest.seats)
    ev = Evaluator(caucasus, seats, {})
    for s in decision_states(caucasus, seed=9, every=60):
        shares = ev.shares(s)
        assert all(0 <= x <= 1 for x in shares) and sum(shares) <= 1 + 1e-9
    s = decision_states(caucasus, seed=9)[-1]
    while not s.is_over():
        s = s.apply(s.sample_chance() if s.is_chance_node() else s.legal_actions()[0])
    assert ev.shares(s) == s.returns()


# -- the registry --------------------------------------------------------------------------------
def test_make_bot_knows_kinds_and_difficulties(tiny):
    assert isinstance(make_bot("random", "red", tiny), RandomBot)
    assert isinstance(make_bot("heuristic", "red", tiny, "hard"), HeuristicBot)
    bot = make_bot("ismcts", "blue", tiny, "easy", seed=4, iterations=7)
    assert isinstance(bot, ISMCTSBot) and bot.iterations == 7 and bot.seconds is not None
    assert make_bot("heuristic", "red", tiny, "easy").name == "heuristic"
    with pytest.raises(ValueError, match="unknown bot"):
        make_bot("alphazero", "red", tiny)
    with pytest.raises(ValueError, match="unknown difficulty"):
        make_bot("ismcts", "red", tiny, "nightmare")
    with pytest.raises(ValueError, match="not an actor"):
        make_bot("random", "green", tiny)
