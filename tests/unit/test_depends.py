"""The evaluator's memo (game.ai.depends): a remembered value is always the fresh one."""

from __future__ import annotations

import random

import pytest

from game.ai.depends import key_function
from game.ai.progress import FastEval
from game.ai.value import Evaluator
from game.engine import new_game
from game.ruleset.load import load_ruleset
from tests.scenario_kit import DEFAULT, ROOT, TINY, decision_states


def fresh_degrees(ev: Evaluator, s) -> dict[int, float]:  # type: ignore[no-untyped-def]
    out = {}
    fe = FastEval(s)
    for i in ev.wanted:
        fe.self_actor = ev.obj_actor[i]
        out[i] = 0.5 * (1.0 if ev.hard[i](fe) else 0.0) + 0.5 * ev.soft[i](fe)
    return out


@pytest.mark.parametrize("folder", [DEFAULT, ROOT / "rules" / "georgia-2008", TINY])
def test_memoised_degrees_equal_a_fresh_evaluation(folder) -> None:  # type: ignore[no-untyped-def]
    rules = load_ruleset(folder)
    states = decision_states(rules, seed=3, every=3)
    ev = Evaluator(rules, rules.manifest.seats, {})
    hits = 0
    for s in states + states:  # the second pass is answered from the memo
        assert ev.degrees(s) == fresh_degrees(ev, s)
        before = ev._memo_size
        ev.sudden_death(s)
        hits += ev._memo_size == before
    assert hits > len(states)  # the memo is used, not only filled


def test_a_condition_that_reads_the_context_has_no_key() -> None:
    rules = load_ruleset(DEFAULT)
    ix = new_game(rules).ix
    assert key_function("reach(self, target)", ix, "russia") is None
    assert key_function("ops >= 2", ix) is None
    assert key_function("influence(self, BAK) >= 2", ix) is None  # `self` with no owner
    assert key_function("controls(self, BAK)", ix, "russia") is not None


def test_the_key_changes_exactly_when_what_the_condition_reads_changes() -> None:
    rules = load_ruleset(DEFAULT)
    s = new_game(rules)
    key = key_function("controls(russia, BAK) and track(escalation) >= 3", s.ix)
    assert key is not None
    k0 = key(s)
    n = s.ix.n_actors

    def infl(region: str, actor: int) -> tuple[int, ...]:
        out = list(s.infl)
        out[s.ix.region_idx[region] * n + actor] += 1
        return tuple(out)

    t = s.with_changes(infl=infl("YER", 0), flags=s.flags | {"war_begun"})
    assert key(t) == k0  # another region, a flag it does not read: the same key
    u = s.with_changes(infl=infl("BAK", s.ix.actor_idx["iran"]))
    assert key(u) != k0  # a rival's influence in Baku decides control too
    v = s.with_changes(tracks={**s.tracks, "escalation": s.tracks["escalation"] + 1})
    assert key(v) != k0


def test_tag_tables_belong_to_their_own_game_whatever_the_id_of_its_index() -> None:
    """Regression (issue 12): progress.py kept region-by-tag tables in a module dict keyed
    by id(index), never checked nor evicted, so a new game could read another's table."""
    from game.engine.evaluate import Eval

    folders = [DEFAULT, ROOT / "rules" / "georgia-2008", TINY]
    rules = [load_ruleset(f) for f in folders]
    for i in range(30):  # states die and their indexes' ids are reused
        r = rules[i % len(rules)]
        s = new_game(r, seed=i)
        fast, exact = FastEval(s), Eval(s)
        for tag in sorted(s.ix.tagged):
            for actor in r.actors:
                assert fast.counts(actor, tag)[0] == exact.f_controlled(actor, tag)


@pytest.mark.parametrize("folder", [DEFAULT, ROOT / "rules" / "georgia-2008"])
def test_a_position_valued_from_its_parent_equals_a_fresh_valuation(folder) -> None:  # type: ignore[no-untyped-def]
    """Evaluator._board values a position made from a valued one by working out only what the
    step changed; every figure must be the one a new evaluator works out."""
    rules = load_ruleset(folder)
    seats = rules.manifest.seats
    ev = Evaluator(rules, seats, {})
    rng = random.Random(5)
    s = new_game(rules, seed=5)
    from_parent = 0
    for _ in range(160):
        if s.is_over():
            break
        ev.degrees(s)  # the parent is valued first, as a search does
        if s.is_chance_node():
            kids = [s.apply(s.sample_chance())]
        else:
            legal = s.legal_actions()
            kids = [s.apply(a) for a in rng.sample(legal, min(6, len(legal)))]
        for t in kids:
            made = t.made_from
            from_parent += made is not None and made[2] != frozenset()
            fresh = Evaluator(rules, seats, {})
            assert ev.degrees(t) == fresh_degrees(ev, t) == fresh.degrees(t)
            assert ev.sudden_death(t) == fresh.sudden_death(t)
            if not t.is_over():
                for seat in seats:
                    assert ev.utility(t, seat) == fresh.utility(t, seat)
        s = kids[0]
    assert from_parent > 20
