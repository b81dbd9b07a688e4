"""docs/modding.md: the generated reference stays in sync, and its examples are real."""

from __future__ import annotations

import yaml

from game.ruleset.effects import EFFECTS
from game.ruleset.expr import FUNCTIONS
from game.ruleset.model import COLLECTIONS
from game.ruleset.reference import EFFECT_EXAMPLES, END, START, reference
from tests.scenario_kit import ROOT, scenario

DOC = ROOT / "docs" / "modding.md"


def test_the_reference_in_the_modding_guide_is_up_to_date() -> None:
    text = DOC.read_text()
    assert START in text and END in text
    section = text[text.index(START) : text.index(END) + len(END)] + "\n"
    assert section == reference(), "run: python tools/update_reference.py"


def test_the_reference_covers_every_collection_effect_and_function() -> None:
    ref = reference()
    for name in COLLECTIONS:
        assert f"### `{name}`" in ref
    for name in EFFECTS:
        assert f"#### `{name}`" in ref
    for name in FUNCTIONS:
        assert f"| `{name}` |" in ref


def test_every_effect_example_loads_in_a_scenario() -> None:
    assert set(EFFECT_EXAMPLES) == set(EFFECTS)
    effects = [yaml.safe_load(text)[0] for text in EFFECT_EXAMPLES.values()]
    rules = scenario(
        {
            "tracks": {
                t: {"name": t, "min": 0, "max": 10, "start": 0} for t in ("escalation", "ceasefire")
            },
            "flags": {"ceasefire_signed": {}, "drone_war": {}},
            "regions": {
                "STK": {"name": "S", "state": "X", "lat": 40, "lon": 46},
                "NAK": {"name": "N", "state": "X", "lat": 39, "lon": 45},
            },
            "actors": {
                a: {"name": a, "short": a[:2].upper(), "colour": "#000000"}
                for a in ("russia", "turkey", "armenia", "west")
            },
            "roll_tables": {"pressure": {"outcomes": [{"min": 1, "max": 6}]}},
            "cards": {"humanitarian_truce": {"title": "T", "ops": 1}},
            "operations": {"demo": {"name": "Demo", "target": "true", "effects": effects}},
        },
        manifest={"seats": ["red", "blue"]},
    )
    assert len(rules.operations["demo"].effects) == len(EFFECTS)


def test_every_limit_of_the_loader_is_in_the_reference() -> None:
    """Issue 15: each bound on rules is documented (the reference lists limits.LIMITS, and
    the generated section is compared with docs/modding.md above) with its value."""
    from game.ruleset import limits

    listed = " ".join(bound for _, bound in limits.LIMITS)
    values = {k: v for k, v in vars(limits).items() if k.startswith("MAX_")}
    assert len(values) == 12
    for name, value in values.items():
        shown = (
            f"{value:,}"
            if name in ("MAX_FILE_BYTES", "MAX_NODES", "MAX_EXPR_CHARS")
            else str(value)
        )
        assert shown in listed, f"{name} = {value} is not in the reference's limits"
    section = reference().split("### Limits", 1)[1]
    assert all(what in section for what, _ in limits.LIMITS)
