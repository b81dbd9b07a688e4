"""Saves written before the engine spoke data still load and replay to the same end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.replay import replay_states
from game.session.session import is_intervention
from tests.scenario_kit import ROOT, TINY

SAVES = ROOT / "tests" / "data" / "saves"
EXPECTED = json.loads((SAVES / "expected.json").read_text())
RULES = {"tiny-finished.json": TINY}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_old_save_replays_to_the_same_end(name: str) -> None:
    record = storage.load(SAVES / name)
    rules = load_ruleset(RULES.get(name, SAVES / "seminar"))
    states = replay_states(record, rules, name)  # checks every checkpoint digest on the way
    final, want = states[-1], EXPECTED[name]
    assert final.digest() == want["digest"]
    assert len(record.steps) == want["steps"] and len(final.log_entries()) == want["log_lines"]
    assert final.scores() == want["vp"]
    got = None
    if final.result is not None:
        got = [final.result.kind, list(final.result.winners), final.result.reason]
    assert got == want["result"]


def test_old_intervention_steps_are_still_told_apart_from_decisions() -> None:
    record = storage.load(SAVES / "seminar-finished.json")
    kinds = {s.action.split()[0] for s in record.steps if is_intervention(s)}
    assert kinds == {"adjust", "influence", "forces", "vp", "delay", "skip", "fire"}
    rulings = [s.action for s in record.steps if s.actor == "control" and not is_intervention(s)]
    assert rulings == ["odds 6", "deny"]


def test_the_seminar_rules_of_the_saves_are_unchanged(tmp_path: Path) -> None:
    record = storage.load(SAVES / "seminar-finished.json")
    assert load_ruleset(SAVES / "seminar").digest == record.ruleset_digest
