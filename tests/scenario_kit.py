"""Small in-memory scenarios for rule-clause tests: a base, plus the YAML a test changes.

Each rule test states its minimal position as YAML (like a DATC test case), so
the position and the expected outcome sit side by side in the test.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from game.engine import State, new_game
from game.ruleset.load import build_ruleset
from game.ruleset.model import Ruleset

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "scenarios" / "tiny"
DEFAULT = ROOT / "rules" / "caucasus-2020"

BASE_MANIFEST = {
    "id": "clause",
    "title": "Clause",
    "version": "1.0",
    "format": 1,
    "seats": ["red", "blue"],
    "hand_size": 2,
    "action_rounds": 1,
    "calendar": [{"label": f"T{i}", "date": f"2020-10-{i:02d}"} for i in range(1, 5)],
}
BASE_RULES = {
    "actors": {
        "red": {"name": "Red", "short": "R", "colour": "#E69F00"},
        "blue": {"name": "Blue", "short": "B", "colour": "#56B4E9"},
    },
    "regions": {
        "A": {"name": "A", "state": "X", "lat": 40, "lon": 44, "adjacent": ["B"], "stability": 2},
        "B": {
            "name": "B",
            "state": "X",
            "lat": 40,
            "lon": 45,
            "adjacent": ["A", "C"],
            "stability": 1,
        },
        "C": {"name": "C", "state": "Z", "lat": 40, "lon": 46, "adjacent": ["B"], "stability": 3},
    },
    "operations": {
        "influence": {
            "name": "Influence",
            "cost": "1 + (controller(target) != nobody and controller(target) != self)",
            "target": "reach(self, target)",
            "effects": [{"add_influence": {"actor": "self", "region": "target"}}],
        },
    },
    "cards": {f"k{i}": {"title": f"K{i}", "ops": 1} for i in range(1, 9)},
}


def merge(base: dict, patch: dict) -> dict:
    """Deep-merge ``patch`` into a copy of ``base`` (None deletes a key)."""
    out = dict(base)
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def scenario(rules: dict | None = None, manifest: dict | None = None) -> Ruleset:
    """A ruleset from the base plus changes; fails the test with diagnostics if invalid."""
    files = {
        "scenario.yaml": yaml.safe_dump(merge(BASE_MANIFEST, manifest or {}), sort_keys=False),
        "rules.yaml": yaml.safe_dump(merge(BASE_RULES, rules or {}), sort_keys=False),
    }
    built, diags = build_ruleset(files)
    errors = [d for d in diags if d.severity == "error"]
    assert built is not None and not errors, errors
    return built


def play_until(state: State, predicate, choose=None, limit: int = 10_000) -> State:
    """Advance with seeded chance and the first legal action until ``predicate(state)``."""
    for _ in range(limit):
        if predicate(state) or state.is_over():
            return state
        if state.is_chance_node():
            state = state.apply(state.sample_chance())
        else:
            acts = state.legal_actions()
            state = state.apply(choose(state, acts) if choose else acts[0])
    raise AssertionError("predicate never held")


def deal(rules: Ruleset, seed: int = 0) -> State:
    """A new game advanced through the opening draws to the first seat's decision."""
    return new_game(rules, seed=seed).advance_chance()


def with_hand(state: State, seat: str, cards: tuple[str, ...]) -> State:
    """The same position with ``seat`` holding exactly ``cards`` (a test-only setup step)."""
    return state.with_changes(hands={**state.hands, seat: tuple(sorted(cards))})


def decision_states(
    rules: Ruleset, seed: int, every: int = 1, branching: bool = False
) -> list[State]:
    """Every ``every``-th state of one seeded random game where a seat decides
    (``branching``: counted alike, kept only when there is more than one legal action)."""
    rng = random.Random(seed)
    s = new_game(rules, seed=seed)
    out, n = [], 0
    while not s.is_over():
        if s.is_chance_node():
            s = s.apply(s.sample_chance())
            continue
        n += 1
        legal = s.legal_actions()
        if n % every == 0 and (not branching or len(legal) > 1):
            out.append(s)
        s = s.apply(rng.choice(legal))
    return out


def play_bots(rules: Ruleset, bots: dict, seed: int) -> State:
    """A whole game of bots, each seeing only its view; every decision must be one of the
    view's legal actions."""
    from game.ai import observe

    s = new_game(rules, seed=seed)
    while not s.is_over():
        if s.is_chance_node():
            s = s.apply(s.sample_chance())
            continue
        actor = s.current_actor()
        view = observe(s, actor)
        action = bots[actor].choose(view)
        assert action in view.legal, (actor, action, view.legal)
        s = s.apply(action)
    return s


def mod_folder(root: Path, mid: str, rules: str, version: str = "1.0.0", **info: object) -> Path:
    """A mod folder ``root``/``mid`` for the default scenario: its manifest (``info`` adds
    or overrides fields, written in this order) and ``rules`` as rules.yaml."""
    folder = root / mid
    folder.mkdir()
    doc = {
        "id": mid,
        "name": mid,
        "version": version,
        "format": 2,
        "requires": {"scenario": "caucasus-2020", "version": ">=1.0, <2"},
        **info,
    }
    (folder / "mod.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    (folder / "rules.yaml").write_text(rules)
    return folder
