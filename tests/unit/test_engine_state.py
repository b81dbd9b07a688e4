"""game.engine.state and game.engine.work: a State never changes, the engine builds every one."""

from __future__ import annotations

import pickle

import pytest

from game.ai.determinize import observe
from game.engine import new_game
from game.engine.evaluate import controller_of
from game.engine.start import state_from_view
from game.engine.state import State
from game.engine.work import FrozenMap, Work
from game.ruleset.load import load_ruleset
from tests.scenario_kit import DEFAULT, deal, decision_states, scenario


def test_a_state_refuses_every_change() -> None:
    s = deal(scenario())
    with pytest.raises(AttributeError, match="never changes"):
        s.turn = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match="never changes"):
        del s.deck
    with pytest.raises(TypeError, match="never changes"):
        s.tracks["x"] = 1
    with pytest.raises(TypeError):
        s.hands.update(red=())
    with pytest.raises(TypeError):
        s.infl[0] = 5  # type: ignore[index]
    assert isinstance(s.vp, FrozenMap) and isinstance(s.forces, tuple)


def test_applying_leaves_the_old_state_as_it_was() -> None:
    s = deal(scenario({"regions": {"A": {"influence": {"red": 1}}}}))
    before = (s.digest(), dict(s.hands), s.infl)
    t = s.apply(s.legal_actions()[0])
    assert (s.digest(), dict(s.hands), s.infl) == before and t.digest() != s.digest()
    assert s.legal_actions() == s.legal_actions()  # the memo is invisible


def test_with_changes_builds_a_new_position_and_checks_field_names() -> None:
    s = deal(scenario())
    t = s.with_changes(vp={"red": 4, "blue": 1})
    assert t.scores() == {"red": 4, "blue": 1} and s.scores() == {"red": 0, "blue": 0}
    with pytest.raises(ValueError, match="not fields of a State: colour"):
        s.with_changes(colour="red")


def test_a_work_copy_is_independent_of_its_state() -> None:
    s = deal(scenario())
    w = Work.of(s)
    with pytest.raises(TypeError):  # shared with the State until made the work's own
        w.vp["red"] = 9  # type: ignore[index]
    w.own_vp()["red"] = 9
    w.own_infl()[0] = 7
    w.own_hands()["red"] = ()
    assert type(w.own_tracks()) is dict and w.tracks is not s.tracks
    assert s.vp["red"] == 0 and s.infl[0] == 0 and s.hands["red"]
    t = State.freeze(w)
    assert (t.vp["red"], t.infl[0], t.hands["red"]) == (9, 7, ())
    w.own_vp()["red"] = 1  # the work goes on: the frozen State keeps what it was given
    assert t.vp["red"] == 9 and s.forces is t.forces  # an unchanged table is shared


def test_a_work_forgets_only_the_controller_of_a_region_it_changes() -> None:
    board = {"A": {"influence": {"red": 3}}, "B": {"influence": {"blue": 3}}}
    s = deal(scenario({"regions": board}))
    a, b = s.ix.region_idx["A"], s.ix.region_idx["B"]
    assert (controller_of(s, a), controller_of(s, b)) == ("red", "blue")
    w = Work.of(s)
    assert w._ctl is s._ctl  # shared while nothing changed
    w.own_infl()[a * s.ix.n_actors + s.ix.actor_idx["blue"]] = 9
    w.changed_region(a)
    assert w._ctl is not s._ctl and w._ctl is not None and w._ctl[b] == "blue"
    assert (controller_of(w, a), controller_of(s, a)) == ("blue", "red")
    t = State.freeze(w)
    assert (controller_of(t, a), controller_of(t, b)) == ("blue", "blue")
    assert controller_of(s, a) == "red"


def test_frozen_mappings_pickle_and_hash() -> None:
    m = FrozenMap({"a": 1})
    assert pickle.loads(pickle.dumps(m)) == m and hash(m) == hash(FrozenMap({"a": 1}))


def test_the_engine_builds_a_world_from_a_view_and_the_hidden_cards() -> None:
    rules = load_ruleset(DEFAULT)
    for s in decision_states(rules, seed=9, every=60)[:4]:
        seat = s.current_actor()
        assert seat is not None
        world = state_from_view(observe(s, seat), rules, dict(s.hands), s.deck, seed=s.seed)
        assert world.with_changes(counter=s.counter).digest() == s.digest()
        assert world.legal_actions() == s.legal_actions()


def test_new_game_checks_the_seats() -> None:
    with pytest.raises(ValueError, match="'green' is not a seat"):
        new_game(scenario(), seats=("red", "green"))


def test_a_quiet_world_writes_no_log_and_plays_the_same_game() -> None:
    rules = load_ruleset(DEFAULT)
    for s in decision_states(rules, seed=4, every=50)[:3]:
        seat = s.current_actor()
        assert seat is not None
        loud = state_from_view(observe(s, seat), rules, dict(s.hands), s.deck, seed=7)
        quiet = state_from_view(observe(s, seat), rules, dict(s.hands), s.deck, seed=7, quiet=True)
        assert quiet.quiet and not loud.quiet and not s.quiet
        for _ in range(40):
            if loud.is_over():
                break
            a = loud.sample_chance() if loud.is_chance_node() else loud.legal_actions()[-1]
            loud, quiet = loud.apply(a), quiet.apply(a)
            assert quiet.digest() == loud.digest() and quiet.quiet
        assert quiet.log_entries() == [] and len(loud.log_entries()) > 0
