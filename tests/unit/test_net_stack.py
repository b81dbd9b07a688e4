"""The decision stack on the wire (game.net.stack): every stack of random games, with and
without Control, comes back equal, its rule objects the very ones of the rules; a bot given
the decoded stack decides as with the real one; malformed data raises ValueError only."""

from __future__ import annotations

import json
import random
from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai.determinize import determinize
from game.ai.registry import make_bot
from game.engine import State
from game.engine.decisions import ChooseOption, Ctx, Frame, Run, Vote
from game.net.stack import MAX_DEPTH, stack_from_wire, stack_to_wire
from game.ruleset import effects as fx
from game.ruleset.load import load_ruleset
from game.ruleset.model import Ruleset
from game.session.session import Session
from tests.scenario_kit import DEFAULT, ROOT

GEORGIA = ROOT / "rules" / "georgia-2008"
SCENARIOS = [DEFAULT, GEORGIA]
MAX_STEPS = 1500


@cache
def rules_of(folder: Any) -> Ruleset:
    return load_ruleset(folder)


def voting(rules: Ruleset) -> Ruleset:
    """The rules with matrix arguments put to a vote (Vote frames) instead of Control."""
    matrix = attrs.evolve(rules.manifest.matrix, enabled=True, adjudication="vote")
    return attrs.evolve(rules, manifest=attrs.evolve(rules.manifest, matrix=matrix))


def play(rules: Ruleset, seed: int, control: bool = False) -> list[State]:
    """Every state of a random game (chance resolved by the session), at most MAX_STEPS."""
    session = Session(rules, seed=seed, control=control)
    rng = random.Random(seed)
    for _ in range(MAX_STEPS):
        if session.state.is_over():
            break
        session.act(rng.choice(session.state.legal_actions()))
    return session.states


def round_trip(stack: tuple[Frame, ...], rules: Ruleset, into: Ruleset | None = None) -> Any:
    text = json.dumps(stack_to_wire(stack, rules))
    return stack_from_wire(json.loads(text), into or rules)


def assert_plain(data: Any) -> None:
    if isinstance(data, dict):
        assert all(isinstance(k, str) for k in data)
        for v in data.values():
            assert_plain(v)
    elif isinstance(data, list):
        for v in data:
            assert_plain(v)
    else:
        assert data is None or isinstance(data, (str, int, bool)), data


def rule_objects(frame: Frame) -> list[object]:
    """The rule objects a frame holds: its effects tuple and each effect, or its options."""
    if isinstance(frame, Run):
        return [frame.effects, *frame.effects]
    if isinstance(frame, ChooseOption):
        return [o for _, o in (*frame.options, *frame.closed)]
    return []


def assert_same_rule_objects(back: tuple[Frame, ...], stack: tuple[Frame, ...]) -> None:
    for got, want in zip(back, stack, strict=True):
        for g, w in zip(rule_objects(got), rule_objects(want), strict=True):
            # a tuple the engine built is rebuilt (equal); every rule object is the same one
            assert g is w or (isinstance(w, tuple) and g == w), (got, want)


# -- 1. every stack of random games ---------------------------------------------------------
GAMES = [
    pytest.param(folder, seed, control, rules, id=f"{folder.name}-{seed}-{rules}-c{control:d}")
    for folder in SCENARIOS
    for seed, control, rules in [(1, False, "as"), (2, True, "as"), (3, False, "vote")]
]


@pytest.mark.parametrize(("folder", "seed", "control", "variant"), GAMES)
def test_every_stack_of_a_random_game_comes_back_equal_with_the_same_rule_objects(
    folder: Any, seed: int, control: bool, variant: str
) -> None:
    rules = rules_of(folder) if variant == "as" else voting(rules_of(folder))
    kinds: set[str] = set()
    for state in play(rules, seed, control):
        data = stack_to_wire(state.stack, rules)
        assert_plain(data)
        kinds.update(f["frame"] for f in data)
        back = round_trip(state.stack, rules)
        assert back == state.stack
        assert_same_rule_objects(back, state.stack)
    assert {"Run", "ChooseCard", "ChooseOp", "ChooseTarget", "ChooseOption"} <= kinds
    assert ("ArgumentRoll" in kinds) == (control or variant == "vote")
    assert ("Adjudicate" in kinds) == control
    assert ("Vote" in kinds) == (variant == "vote")


@pytest.mark.parametrize("folder", SCENARIOS)
def test_a_receiver_with_its_own_load_of_the_rules_gets_its_own_rule_objects(folder: Any) -> None:
    sender, receiver = rules_of(folder), load_ruleset(folder)
    assert sender is not receiver
    for state in play(sender, 4)[::3]:
        data = stack_to_wire(state.stack, sender)
        back = stack_from_wire(json.loads(json.dumps(data)), receiver)
        assert back == state.stack
        # re-encoding against the receiver's rules finds every object in them, at the same path
        assert stack_to_wire(back, receiver) == data


def test_tuples_the_engine_built_travel_effect_by_effect() -> None:
    rules = rules_of(DEFAULT)
    card = next(c for c in rules.cards.values() if len(c.event) >= 2)
    chooser = next(c for c in rules.cards.values() if c.options)
    stack: tuple[Frame, ...] = (
        Run(card.event[1:], 0, Ctx("russia", None, 2, "x")),  # a slice: not in the rules
        Run((card.event[0],), 0, Ctx()),  # one effect wrapped
        Run(card.event, 1, Ctx(actor="russia"), "card"),  # the rules' own tuple
        ChooseOption("russia", tuple(chooser.options.items())[:1], Ctx(), "Pick", ()),
        Vote("russia", "azerbaijan", "ceasefire", ("turkey", "iran"), 1, 0),
    )
    data = stack_to_wire(stack, rules)
    assert set(data[0]["effects"]) == {"each"} and set(data[2]["effects"]) == {"ref"}
    back = round_trip(stack, rules)
    assert back == stack
    assert_same_rule_objects(back, stack)
    assert back[2].effects is card.event  # type: ignore[union-attr]


def test_a_rule_object_not_in_the_rules_cannot_be_sent() -> None:
    rules = rules_of(DEFAULT)
    stray = fx.Say(text="not in any rule file")
    with pytest.raises(ValueError, match=r"stack\[1\]\.effects\[0\]: the effect .* not in the"):
        stack_to_wire((Run((), 0, Ctx()), Run((stray,), 0, Ctx())), rules)
    option = fx.Option(text="nowhere")
    with pytest.raises(ValueError, match=r"stack\[0\]\.options\[0\]: the option"):
        stack_to_wire((ChooseOption("russia", (("a", option),), Ctx()),), rules)


# -- 2. a bot decides the same on the decoded stack -----------------------------------------
def decision_points(rules: Ruleset, n: int) -> list[State]:
    """Seat decisions with rule objects on the stack (options to choose), from as many random
    games as it takes, and two plain ones."""
    deep: list[State] = []
    for seed in range(5, 15):
        states = [s for s in play(rules, seed) if not s.is_over() and not s.is_chance_node()]
        if seed == 5:
            plain = states[5:7]
        deep += [s for s in states if isinstance(s.stack[-1], ChooseOption)]
        deep = [s for s in deep if len(s.legal_actions()) > 1][: n - 2]
        if len(deep) == n - 2:
            break
    return deep + plain


@pytest.mark.parametrize("folder", SCENARIOS)
def test_a_bot_decides_the_same_from_the_view_with_the_decoded_stack(folder: Any) -> None:
    rules = rules_of(folder)
    points = decision_points(rules, 6)
    assert len(points) == 6
    for state in points:
        seat = state.current_actor()
        assert seat is not None
        view = state.view_for(seat, with_log=False)
        rebuilt = attrs.evolve(view, stack=round_trip(view.stack, rules))
        worlds = [determinize(v, rules, random.Random(9)) for v in (view, rebuilt)]
        assert worlds[0].digest() == worlds[1].digest()
        # both worlds resolve the rest of the stack alike (its effects, not just its length)
        rng = random.Random(3)
        for _ in range(25):
            if worlds[0].is_over():
                break
            assert worlds[0].legal_actions() == worlds[1].legal_actions()
            chance = worlds[0].is_chance_node()
            a = worlds[0].sample_chance() if chance else rng.choice(worlds[0].legal_actions())
            worlds = [w.apply(a) for w in worlds]
            assert worlds[0].digest() == worlds[1].digest()
        bots = [make_bot("heuristic", seat, rules, seed=1) for _ in range(2)]
        assert bots[0].choose(view) == bots[1].choose(rebuilt)


# -- 3. malformed data ----------------------------------------------------------------------
def decode_or_value_error(data: Any, rules: Ruleset) -> None:
    try:
        frames = stack_from_wire(data, rules)
    except ValueError as e:
        assert str(e).startswith("stack")
    else:
        assert isinstance(frames, tuple)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=25,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(JSON)
def test_any_json_value_decodes_or_raises_value_error(data: Any) -> None:
    decode_or_value_error(data, rules_of(DEFAULT))
    decode_or_value_error([data], rules_of(DEFAULT))


def sample_wire() -> list[Any]:
    rules = rules_of(DEFAULT)
    card = next(c for c in rules.cards.values() if len(c.event) >= 2)
    chooser = next(c for c in rules.cards.values() if c.options)
    stack: tuple[Frame, ...] = (
        Run(card.event[1:], 0, Ctx("russia", None, 2, "x")),
        Run(card.event, 1, Ctx(actor="russia"), "card"),
        ChooseOption("russia", tuple(chooser.options.items()), Ctx(), "Pick", ()),
        Vote("russia", "azerbaijan", "ceasefire", ("turkey", "iran"), 1, 0),
    )
    return stack_to_wire(stack, rules)


def spots(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside ``data`` a value could be swapped."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)  # type: ignore[assignment]
    else:
        return []
    out = []
    for k, v in items:
        out += [(*at, k), *spots(v, (*at, k))]
    return out


@FUZZ
@given(st.data())
def test_real_data_with_one_value_swapped_decodes_or_raises_value_error(data: Any) -> None:
    wire = sample_wire()
    where = data.draw(st.sampled_from(spots(wire)))
    box = wire
    for k in where[:-1]:
        box = box[k]
    if data.draw(st.booleans()) or isinstance(box, list):
        box[where[-1]] = data.draw(JSON)
    else:
        box[data.draw(st.text(max_size=6))] = box.pop(where[-1])
    decode_or_value_error(wire, rules_of(DEFAULT))


def nested(depth: int) -> Any:
    data: Any = "russia"
    for i in range(depth):
        data = [data] if i % 2 else {"frame": data}
    return data


def frame(wire: list[Any], i: int, **changes: Any) -> list[Any]:
    return [{**wire[i], **changes}]


def cases() -> list[tuple[Any, str]]:
    w = sample_wire()
    ref = w[1]["effects"]["ref"]
    deep_path = ["cards"] * (MAX_DEPTH + 1)
    return [
        ({"frame": "Run"}, r"stack: expected a list"),
        ([{"frame": "Teleport", "seat": "russia"}], r"stack\[0\]: not a frame \('frame' is 'Tel"),
        ([{"seat": "russia"}], r"stack\[0\]: not a frame"),
        ([{"frame": ["Run"]}], r"stack\[0\]: not a frame \('frame' is \['Run'\]\)"),
        ([{"frame": "ChooseCard"}], r"stack\[0\]: ChooseCard has extra keys none; missing seat"),
        ([{"frame": "ChooseCard", "seat": "r", 3: 1}], r"extra keys 3; missing none"),
        ([{"frame": "ChooseCard", "seat": None}], r"stack\[0\]\.seat: expected a string"),
        (frame(w, 1, index=True), r"stack\[0\]\.index: expected an integer"),
        (frame(w, 1, index=-1), r"stack\[0\]\.index: -1 is outside"),
        (frame(w, 1, index=99), r"stack\[0\]\.index: 99 is outside"),
        (frame(w, 1, ctx={"actor": "x"}), r"stack\[0\]\.ctx: Ctx has extra keys none; missing"),
        (frame(w, 1, ctx={**w[1]["ctx"], "ops": "2"}), r"stack\[0\]\.ctx\.ops: expected an int"),
        (
            frame(w, 1, effects={"ref": ["cards", "x", "event"]}),
            r"^stack\[0\]\.effects: no rule object at cards\.x\.event$",
        ),
        (
            frame(w, 1, effects={"ref": [*ref[:-1], "evnt"]}),
            r"stack\[0\]\.effects: no rule object at cards\.\w+\.evnt",
        ),
        (frame(w, 1, effects={"ref": [*ref, 99]}), r"no rule object at cards\.\w+\.event\.99"),
        (frame(w, 1, effects={"ref": [*ref, True]}), r"no rule object at .*\.event\.True"),
        (frame(w, 1, effects={"ref": ["manifest"]}), r"manifest is a Manifest, not a tuple of"),
        (frame(w, 1, effects={"ref": ["manifest", "seats"]}), r"seats is not a tuple of effects"),
        (frame(w, 1, effects={"ref": ["digest"]}), r"no rule object at digest"),
        (frame(w, 1, effects={"ref": ["positions"]}), r"no rule object at positions"),
        (frame(w, 1, effects={"ref": deep_path}), rf"at most {MAX_DEPTH}"),
        (frame(w, 1, effects={"ref": [*ref, 0]}), r"\[0\]\.effects: .* is a \w+, not a tuple"),
        (frame(w, 1, effects={"each": [ref]}), r"effects\[0\]: .* is a tuple, not an effect"),
        (frame(w, 1, effects={"each": "x"}), r'effects are \{"ref": path\}'),
        (frame(w, 1, effects=ref), r'effects are \{"ref": path\}'),
        (
            frame(w, 2, options=[["a"]]),
            r"stack\[0\]\.options\[0\]: an option is a \[key, path or null\]",
        ),
        (frame(w, 2, options={"a": 1}), r"stack\[0\]\.options: options are a list"),
        (frame(w, 2, options=[["a", ref]]), r"options\[0\]: .* is a tuple, not an option"),
        (frame(w, 3, voters="turkey"), r"stack\[0\]\.voters: expected a list of strings"),
        (frame(w, 3, voters=nested(50_000)), r"stack\[0\]\.voters: expected a list of strings"),
        ([nested(50_000)], r"stack\[0\]: not a frame"),
        (
            frame(w, 1, effects={"ref": [nested(50_000)]}),
            r"no rule object at \[\{'frame': \[.*\.\.\.",
        ),
        (frame(w, 1, effects={"ref": nested(50_000)}), r"effects: no rule object at \{'frame'"),
        (frame(w, 2, options=[[nested(5), nested(50_000)]]), r"options\[0\]: an option is"),
    ]


def test_hand_picked_malformed_data_raises_value_error_saying_what_and_where() -> None:
    rules = rules_of(DEFAULT)
    assert stack_to_wire(stack_from_wire(sample_wire(), rules), rules) == sample_wire()
    for data, message in cases():
        with pytest.raises(ValueError, match=message):
            stack_from_wire(data, rules)
