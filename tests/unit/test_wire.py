"""The wire format (game.net.wire): real views, decisions, actions and log events of random
games validate against the generated JSON Schemas, and the schemas follow the engine."""

from __future__ import annotations

import json
import random

import jsonschema
import pytest

from game.engine import CONTROL, new_game
from game.net.wire import WIRE_VERSION, to_wire, wire_json, wire_schema, write_wire_schemas
from game.ruleset.load import load_ruleset
from tests.scenario_kit import DEFAULT, ROOT, TINY


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = wire_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("folder", [DEFAULT, ROOT / "rules" / "georgia-2008", TINY])
def test_views_actions_and_log_events_of_random_games_fit_their_schemas(folder) -> None:  # type: ignore[no-untyped-def]
    rules = load_ruleset(folder)
    views, decisions, actions, events = (validator(n) for n in WIRE_NAMES)
    rng = random.Random(7)
    s = new_game(rules, seed=7, control=True)
    step = 0
    while not s.is_over():
        if step % 9 == 0:
            for seat in (*s.seats, CONTROL):
                v = s.view_for(seat, with_log=seat == CONTROL)
                views.validate({"version": WIRE_VERSION, "data": to_wire(v)})
                decisions.validate({"version": WIRE_VERSION, "data": to_wire(v.decision)})
        action = s.sample_chance() if s.is_chance_node() else rng.choice(s.legal_actions())
        actions.validate(json.loads(wire_json(action)))
        s = s.apply(action)
        step += 1
    for e in s.log_entries():
        events.validate({"version": WIRE_VERSION, "data": to_wire(e)})
    final = to_wire(s.view_for(CONTROL))
    views.validate({"version": WIRE_VERSION, "data": final})
    assert final["result"]["termination"] in ("last_turn", "sudden_death", "rules")
    assert "stack" not in final  # engine-internal: rule objects, not data


WIRE_NAMES = ("view", "decision", "action", "log-event")


def test_a_view_that_breaks_the_shape_is_refused() -> None:
    s = new_game(load_ruleset(TINY), seed=1).advance_chance()
    data = to_wire(s.view_for("red"))
    data["decision"]["kind"] = "cartwheel"
    with pytest.raises(jsonschema.ValidationError):
        validator("view").validate({"version": WIRE_VERSION, "data": data})
    with pytest.raises(jsonschema.ValidationError):
        validator("action").validate(
            {"version": WIRE_VERSION + 1, "data": {"kind": "play", "arg": "x"}}
        )


def test_the_schemas_describe_their_fields() -> None:
    view = wire_schema("view")["$defs"]["View"]
    assert "decision in progress" in view["properties"]["decision"]["description"]
    assert set(view["required"]) == set(view["properties"])
    event = wire_schema("log-event")["$defs"]["LogEntry"]
    assert event["properties"]["kind"]["enum"][:2] == ["turn", "inject"]
    assert event["properties"]["secret"]["description"].startswith("Data keys the others")


def test_the_committed_wire_schemas_equal_freshly_generated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    written = write_wire_schemas(tmp_path)
    assert {p.name for p in written} == {p.name for p in (ROOT / "schema" / "wire").iterdir()}
    for path in written:
        committed = ROOT / "schema" / "wire" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"schema/wire/{path.name} is stale: run `near-abroad schema --out schema`"
        )


def test_digests_do_not_depend_on_where_the_rules_were_loaded_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A save's checkpoints must match on any machine: the same game, its rules loaded by an
    absolute and by a relative path, has the same digest at every step (choices included)."""
    from game.ruleset.load import load_ruleset
    from game.session.session import Session

    absolute = load_ruleset(ROOT / "rules" / "caucasus-2020")
    monkeypatch.chdir(ROOT)
    relative = load_ruleset("rules/caucasus-2020")
    one, two = Session(absolute, seed=3), Session(relative, seed=3)
    choices = 0
    while not one.state.is_over() and choices < 3:
        action = one.state.legal_actions()[-1]
        choices += action.kind == "option"
        one.act(action)
        two.act(action)
        assert one.state.digest() == two.state.digest(), one.state.step
    assert choices > 0  # the game went through choices, whose frames carry rule text
