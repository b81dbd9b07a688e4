"""The OpenSpiel adapter: OpenSpiel's own conformance test, then our direct checks.

open_spiel is installed by CI (the ``openspiel`` extra), so pyspiel is imported
plainly: a missing extra is a failure, not a skip. The default scenario is
tested too as soon as it loads without errors.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import attrs
import pyspiel
import pytest
from open_spiel.python.observation import make_observation

from game.engine import CHANCE, new_game
from game.integrations.openspiel import (
    NearAbroadGame,
    NearAbroadState,
    action_tables,
    length_bounds,
    load_game,
    register,
    short_name_of,
)
from game.ruleset.load import build_ruleset, load_ruleset
from game.ruleset.model import Ruleset

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "scenarios" / "tiny"
DEFAULT = ROOT / "rules" / "caucasus-2020"

# A scenario whose choices hide in nested effects: a `choose` inside a roll table's outcome,
# an `if` inside an option, draws and random discards from effects, an end-of-turn choice.
NESTED = {
    "scenario.yaml": """
id: nested-choices
title: Nested
version: "1.0"
format: 1
seats: [red, blue, green]
hand_size: 2
action_rounds: 1
calendar:
  - {label: T1, date: 2020-10-01}
  - {label: T2, date: 2020-10-08}
turn_end:
  - choose:
      chooser: red
      prompt: settle?
      options:
        settle: {text: settle, effects: [{move_track: {track: heat, by: -1}}]}
        stir: {text: stir, effects: [{move_track: {track: heat, by: 1}}]}
""",
    "rules.yaml": """
actors:
  red: {name: Red, short: R, colour: "#E69F00"}
  blue: {name: Blue, short: B, colour: "#56B4E9"}
  green: {name: Green, short: G, colour: "#009E73"}
regions:
  A: {name: A, state: X, lat: 40, lon: 44, adjacent: [B], stability: 1, influence: {red: 1}}
  B: {name: B, state: X, lat: 40, lon: 45, adjacent: [A], stability: 1, influence: {blue: 1}}
tracks:
  heat: {name: Heat, min: 0, max: 6, start: 2}
operations:
  influence:
    name: Influence
    target: reach(self, target)
    effects: [{add_influence: {actor: self, region: target}}]
  gamble:
    name: Gamble
    cost: 2
    target: "present(self, target)"
    effects: [{roll: {table: gamble}}]
roll_tables:
  gamble:
    dice: 2
    sides: 3
    outcomes:
      - {min: 2, max: 3, effects: [{discard_cards: {actor: self, count: 1}}]}
      - min: 4
        max: 6
        effects:
          - choose:
              prompt: cash in?
              options:
                cash: {text: cash, effects: [{gain_vp: {actor: self, amount: 1}}]}
                draw: {text: draw, effects: [{draw_cards: {actor: self, count: 1}}]}
cards:
  k1: {title: K1, ops: 1, copies: 3}
  k2: {title: K2, ops: 2, copies: 3}
  k3:
    title: K3
    ops: 2
    copies: 2
    options:
      up:
        text: up
        effects:
          - if: {condition: "track(heat) >= 3", then: [{end_game: {result: most_vp}}]}
          - move_track: {track: heat, by: 1}
      down: {text: down, effects: [{move_track: {track: heat, by: -1}}]}
""",
}


def _nested() -> Ruleset:
    rules, diags = build_ruleset(NESTED)
    assert rules is not None, [str(d) for d in diags]
    return rules


SCENARIOS = {
    "tiny": (lambda: load_ruleset(TINY), 30),
    "nested": (_nested, 30),
    "caucasus-2020": (lambda: load_ruleset(DEFAULT), 1),
    # Every other shipped scenario: the same conformance suite, with a few games each.
    **{
        p.parent.name: ((lambda p=p: load_ruleset(p.parent)), 3)
        for p in sorted((ROOT / "rules").glob("*/scenario.yaml"))
        if p.parent != DEFAULT
    },
}
"""name -> (how to load it, games for random_sim_test), sized to keep the file under 60 s."""


@pytest.fixture(scope="module", params=list(SCENARIOS))
def scenario(request: pytest.FixtureRequest) -> tuple[Ruleset, int]:
    make, sims = SCENARIOS[request.param]
    return make(), sims


@pytest.fixture(scope="module")
def game(scenario: tuple[Ruleset, int]) -> NearAbroadGame:
    return load_game(scenario[0])


def _random_game(game: NearAbroadGame, seed: int, stop: int | None = None) -> list[NearAbroadState]:
    """Every state of a random playout (chance by its probabilities), first to last."""
    rng = random.Random(seed)
    state = game.new_initial_state()
    states = [state]
    while not state.is_terminal() and (stop is None or len(states) <= stop):
        if state.is_chance_node():
            ids, probs = zip(*state.chance_outcomes(), strict=True)
            action = rng.choices(ids, probs)[0]
        else:
            action = rng.choice(state.legal_actions())
        state = state.child(action)
        states.append(state)
    return states


def _sample(states: list[NearAbroadState], n: int = 40) -> list[NearAbroadState]:
    """About ``n`` states spread over a game, the last included (strings cost O(log))."""
    return [*states[: -1 : max(1, len(states) // n)], states[-1]]


# -- OpenSpiel's conformance test ------------------------------------------------------------
def test_random_sim_test(game: NearAbroadGame, scenario: tuple[Ruleset, int]) -> None:
    pyspiel.random_sim_test(game, num_sims=scenario[1], serialize=True, verbose=False)


def test_game_shape(game: NearAbroadGame, scenario: tuple[Ruleset, int]) -> None:
    rules = scenario[0]
    t = game.get_type()
    assert t.short_name == short_name_of(rules) == "near_abroad_" + rules.id.replace("-", "_")
    assert t.dynamics == pyspiel.GameType.Dynamics.SEQUENTIAL
    assert t.chance_mode == pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC
    assert t.information == pyspiel.GameType.Information.IMPERFECT_INFORMATION
    assert t.utility == pyspiel.GameType.Utility.GENERAL_SUM
    assert t.reward_model == pyspiel.GameType.RewardModel.TERMINAL
    assert game.num_players() == len(rules.seats)
    decisions, chances = action_tables(rules)
    assert game.num_distinct_actions() == len(decisions)
    assert game.max_chance_outcomes() == len(chances)
    assert (game.min_utility(), game.max_utility()) == (0.0, 1.0)
    most, most_chance = length_bounds(rules)
    assert game.max_game_length() == most
    assert game.max_history_length() == most + most_chance


def test_register_is_idempotent_and_refuses_other_rules_under_a_taken_name() -> None:
    rules = load_ruleset(TINY)
    assert register(rules) == register(rules) == "near_abroad_tiny"
    with pytest.raises(ValueError, match="already registered"):
        register(attrs.evolve(rules, digest="other rules"))
    assert register(rules, short_name="near_abroad_tiny_again") == "near_abroad_tiny_again"
    assert pyspiel.load_game("near_abroad_tiny_again").num_players() == 2


# -- actions ---------------------------------------------------------------------------------
def test_action_ids_round_trip_with_their_strings(game: NearAbroadGame) -> None:
    decisions, chances = action_tables(game.rules)
    assert list(decisions) == sorted(decisions) and len(set(decisions)) == len(decisions)
    assert list(chances) == sorted(chances) and len(set(chances)) == len(chances)
    state = game.new_initial_state()
    for i, text in enumerate(decisions):
        assert state.action_to_string(0, i) == text
        assert state.action_id(text) == i
    for i, text in enumerate(chances):
        assert state.action_to_string(pyspiel.PlayerId.CHANCE, i) == text
        assert state.action_id(text) == i


def test_legal_ids_are_the_engines_legal_actions(game: NearAbroadGame) -> None:
    for seed in range(3):
        for state in _random_game(game, seed):
            engine = state.engine_state
            if state.is_terminal():
                assert state.legal_actions() == [] and engine.legal_actions() == []
                continue
            player = state.current_player()
            ids = state.legal_actions()
            assert ids == sorted(ids)
            names = sorted(state.action_to_string(player, a) for a in ids)
            assert names == sorted(str(a) for a in engine.legal_actions())


def test_chance_outcomes_sum_to_one(game: NearAbroadGame) -> None:
    seen = 0
    for seed in range(3):
        for state in _random_game(game, seed):
            if not state.is_chance_node():
                continue
            seen += 1
            outcomes = state.chance_outcomes()
            assert sum(p for _, p in outcomes) == pytest.approx(1.0)
            assert all(0 < p <= 1 for _, p in outcomes)
            assert all(0 <= a < game.max_chance_outcomes() for a, _ in outcomes)
            assert [a for a, _ in outcomes] == state.legal_actions()
    if game.rules.cards:  # the draw of every turn is a chance node
        assert seen > 0


# -- returns, length, replay -----------------------------------------------------------------
def test_returns_are_in_range_and_sum_to_at_most_one(game: NearAbroadGame) -> None:
    for seed in range(5):
        states = _random_game(game, seed)
        for state in states[:-1]:
            assert state.returns() == [0.0] * game.num_players()
        final = states[-1]
        assert final.is_terminal()
        returns = final.returns()
        assert all(0.0 <= r <= 1.0 for r in returns)
        assert sum(returns) <= 1.0 + 1e-9
        assert returns == final.engine_state.returns()


def test_game_length_stays_within_the_declared_bounds(game: NearAbroadGame) -> None:
    for seed in range(5):
        final = _random_game(game, seed)[-1]
        players = [item.player for item in final.full_history()]
        assert players.count(pyspiel.PlayerId.CHANCE) <= game.max_chance_nodes_in_history()
        assert len(players) - players.count(pyspiel.PlayerId.CHANCE) <= game.max_game_length()


def test_replaying_the_history_reaches_the_same_digest(game: NearAbroadGame) -> None:
    states = _random_game(game, seed=11)
    for original in (states[len(states) // 2], states[-1]):
        replayed = game.new_initial_state()
        for action in original.history():
            replayed.apply_action(action)
        assert replayed.engine_state.digest() == original.engine_state.digest()
        assert str(replayed) == str(original)
        # The same through OpenSpiel's serialization (which replays the action strings).
        text = pyspiel.serialize_game_and_state(game, original)
        game2, restored = pyspiel.deserialize_game_and_state(text)
        assert str(game2) == str(game)
        assert restored.history() == original.history()
        assert restored.engine_state.digest() == original.engine_state.digest()


def test_clones_are_independent(game: NearAbroadGame) -> None:
    state = _random_game(game, seed=3, stop=12)[-1]
    clone = state.clone()
    digest = state.engine_state.digest()
    while not clone.is_terminal() and len(clone.history()) < len(state.history()) + 5:
        clone.apply_action(
            clone.chance_outcomes()[0][0] if clone.is_chance_node() else clone.legal_actions()[0]
        )
    assert state.engine_state.digest() == digest
    assert clone.history()[: len(state.history())] == state.history()


# -- hidden information ----------------------------------------------------------------------
def _deal(game: NearAbroadGame, player: int, rng: random.Random) -> NearAbroadState:
    """Play chance to the first decision: ``player`` draws the lowest card, others at random."""
    state = game.new_initial_state()
    seat = game.rules.seats[player]
    while state.is_chance_node():
        top = state.engine_state.stack[-1]
        outcomes = [a for a, _ in state.chance_outcomes()]
        mine = getattr(top, "seat", None) == seat
        state.apply_action(outcomes[0] if mine else rng.choice(outcomes))
    return state


@pytest.mark.parametrize("player", [0, 1])
def test_a_players_strings_do_not_depend_on_other_hands(game: NearAbroadGame, player: int) -> None:
    assert game.rules.cards, f"{game.rules.id} deals no hands: this test would check nothing"
    seat = game.rules.seats[player]
    rng = random.Random(player)
    deals: dict[tuple[str, ...], NearAbroadState] = {}
    for _ in range(200):
        state = _deal(game, player, rng)
        hands = state.engine_state.hands
        key = hands[seat]
        if key in deals and deals[key].engine_state.hands != hands:
            break
        deals.setdefault(key, state)
    else:
        raise AssertionError("no two of 200 deals gave this seat one hand and the others another")
    a, b = deals[key], state
    assert a.engine_state.digest() != b.engine_state.digest()
    assert a.information_state_string(player) == b.information_state_string(player)
    assert a.observation_string(player) == b.observation_string(player)
    # Another seat whose hand differs sees the difference in its own strings.
    other = next(
        i
        for i, s in enumerate(game.rules.seats)
        if a.engine_state.hands[s] != b.engine_state.hands[s]
    )
    assert a.information_state_string(other) != b.information_state_string(other)


def _public_part(info: str, state: NearAbroadState) -> str:
    """An information state string with its seat's own information replaced by the public
    form: private log lines by their public text, own draws by 'draws a card', and the
    hand and legal-action lines dropped."""
    lines = []
    private = {
        f"  {e.step}: {e.text}": f"  {e.step}: {e.public_text}" if e.public_text else None
        for e in state.engine_state.log_entries()
        if e.audience
    }
    for line in info.splitlines():
        if line.startswith(("hand ", "legal: ")):
            continue
        line = private.get(line, line)
        if line is not None:
            lines.append(
                re.sub(r"(\w+) draws (?!a card)[A-Za-z0-9_.\-]+", r"\1 draws a card", line)
            )
    return "\n".join(lines)


def test_players_information_states_differ_only_in_their_own_information(
    game: NearAbroadGame,
) -> None:
    for state in _sample(_random_game(game, seed=7)):
        infos = [state.information_state_string(p) for p in range(game.num_players())]
        assert len({_public_part(i, state) for i in infos}) == 1
        if state.engine_state.hands != {s: () for s in game.rules.seats}:
            assert len(set(infos)) > 1


def test_no_other_seats_draw_appears_in_an_information_state(game: NearAbroadGame) -> None:
    seats = game.rules.seats
    for seed in range(2):
        for state in _sample(_random_game(game, seed)):
            engine = state.engine_state
            for p, seat in enumerate(seats):
                info = state.information_state_string(p)
                obs = state.observation_string(p)
                for other in seats:
                    if other == seat:
                        continue
                    for card in set(engine.hands[other]):
                        assert f"{other} draws {card}" not in info
                    assert f"hand {other}:" not in info and f"hand {other}:" not in obs
                assert f"hand {seat}: {' '.join(engine.hands[seat]) or '-'}" in info


def test_the_draw_history_is_private_to_the_drawer() -> None:
    game = load_game(load_ruleset(TINY))
    state = game.new_initial_state()
    while state.is_chance_node():
        state.apply_action(state.chance_outcomes()[-1][0])
    # Each draw took the highest card id left: red holds c3 c3 c4, blue c2 c2 c2.
    assert state.engine_state.hands == {"red": ("c3", "c3", "c4"), "blue": ("c2", "c2", "c2")}
    red, blue = state.information_state_string(0), state.information_state_string(1)
    assert "red draws c4" in red and "red draws c4" not in blue
    assert "red draws a card" in blue and "blue draws a card" in red
    assert "c2" not in red  # nothing names blue's cards to red ...
    assert "c4" not in blue  # ... nor red's to blue


def test_public_observations_are_the_same_for_every_player(game: NearAbroadGame) -> None:
    public = make_observation(
        game,
        pyspiel.IIGObservationType(perfect_recall=True, private_info=pyspiel.PrivateInfoType.NONE),
    )
    everything = make_observation(
        game,
        pyspiel.IIGObservationType(
            perfect_recall=True, private_info=pyspiel.PrivateInfoType.ALL_PLAYERS
        ),
    )
    for state in _sample(_random_game(game, seed=5)):
        strings = {public.string_from(state, p) for p in range(game.num_players())}
        assert len(strings) == 1
        text = strings.pop()
        assert " draws c" not in text.replace("draws a card", "")
        full = everything.string_from(state, 0)
        for seat, hand in state.engine_state.hands.items():
            assert f"hand {seat}: {' '.join(hand) or '-'}" in full


def test_engine_and_adapter_agree_on_who_acts(game: NearAbroadGame) -> None:
    for state in _random_game(game, seed=2):
        actor = state.engine_state.current_actor()
        if actor is None:
            assert state.current_player() == pyspiel.PlayerId.TERMINAL
        elif actor == CHANCE:
            assert state.current_player() == pyspiel.PlayerId.CHANCE
        else:
            assert game.rules.seats[state.current_player()] == actor


def test_the_seed_parameter_reaches_the_engine() -> None:
    rules = load_ruleset(TINY)
    game = pyspiel.load_game(register(rules), {"seed": 9})
    assert str(game) == "near_abroad_tiny(seed=9)"
    assert game.new_initial_state().engine_state.digest() == new_game(rules, seed=9).digest()
