"""The JSON Schemas: generated from the model, committed in sync, and agreeing with the loader.

Rule files are checked with ``jsonschema``, an independent validator, after being
read by our own strict YAML source (YAML 1.2: dates stay strings, ``no`` stays a
string), so the schema sees exactly the data the loader sees.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.ruleset import schema
from game.ruleset.source import parse_yaml

REPO = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO / "schema"
DATA = REPO / "tests" / "data"
SHIPPED = sorted((REPO / "rules").glob("*/*.yaml"))
MINIMAL = sorted((DATA / "minimal").glob("*.yaml"))
BROKEN = sorted(p for p in (DATA / "broken").iterdir() if p.is_dir())


def plain(path: Path) -> Any:
    tree, diags = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    assert tree is not None, diags
    return tree.to_plain()


def validator_for(file_name: str) -> jsonschema.Draft202012Validator:
    name = schema.SCENARIO_FILE if file_name == "scenario.yaml" else schema.RULES_FILE
    return jsonschema.Draft202012Validator(schema.schemas()[name])


def errors_of(path: Path) -> list[str]:
    v = validator_for(path.name)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(plain(path))
    ]


@pytest.mark.parametrize("name", [schema.SCENARIO_FILE, schema.RULES_FILE])
def test_generated_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    doc = schema.schemas()[name]
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(doc)


def test_committed_schemas_equal_freshly_generated(tmp_path: Path) -> None:
    written = schema.write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(schema.schemas())
    for path in written:
        committed = SCHEMA_DIR / path.name
        assert committed.exists(), f"run: python -m game schema --out schema ({path.name})"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"schema/{path.name} is stale: run `python -m game schema --out schema`"
        )


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in schema.write_schemas(tmp_path / "a")]
    second = [p.read_bytes() for p in schema.write_schemas(tmp_path / "b")]
    assert first == second
    assert all(b.endswith(b"\n") and not b.endswith(b"\n\n") for b in first)


def test_schema_follows_the_model() -> None:
    rules = schema.rules_schema()
    defs = rules["$defs"]
    assert set(rules["properties"]) == {
        "actors",
        "regions",
        "paths",
        "tracks",
        "operations",
        "roll_tables",
        "cards",
        "objectives",
        "events",
        "arguments",
        "end_conditions",
        "flags",
        "indicators",
    }
    indicator = defs["Indicator"]
    assert indicator["required"] == ["title", "historical"]
    assert indicator["properties"]["historical"]["anyOf"] == [
        {"type": "boolean"},
        {"type": "number"},
    ]
    doctrine = defs["Doctrine"]
    assert doctrine["properties"]["weights"]["additionalProperties"] == {"type": "number"}
    card = defs["Card"]
    assert card["additionalProperties"] is False
    assert card["required"] == ["title", "ops"]
    assert card["properties"]["ops"]["description"]
    assert card["properties"]["when"] == {
        "anyOf": [{"type": ["boolean", "string"]}, {"type": "null"}],
        "default": None,
        "description": "The event is playable only when this holds.",
    }
    # `else` is the YAML key of If.otherwise
    assert "else" in defs["If"]["properties"] and "otherwise" not in defs["If"]["properties"]
    assert defs["AddInfluence"]["properties"]["amount"]["type"] == ["integer", "string"]
    assert defs["AddInfluence"]["properties"]["amount"]["default"] == 1
    assert defs["Actor"]["properties"]["colour"]["pattern"] == r"^#[0-9a-fA-F]{6}$"
    assert defs["Actor"]["properties"]["kind"]["enum"] == ["state", "bloc", "non_state"]
    kinds = [k["title"] for k in defs["Effect"]["oneOf"]]
    assert "add_influence" in kinds and "if" in kinds and len(kinds) == len(set(kinds))
    scenario = schema.scenario_schema()
    assert set(scenario["required"]) == {"id", "title", "version", "format", "seats", "calendar"}


@pytest.mark.parametrize("path", SHIPPED + MINIMAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_file_validates_against_schema(path: Path) -> None:
    assert errors_of(path) == []


@pytest.mark.parametrize("path", SHIPPED + MINIMAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_file_names_its_schema_for_editors(path: Path) -> None:
    first_lines = path.read_text(encoding="utf-8").splitlines()[:3]
    marker = next((line for line in first_lines if "yaml-language-server: $schema=" in line), None)
    assert marker is not None, "add '# yaml-language-server: $schema=...' at the top"
    target = (path.parent / marker.split("$schema=", 1)[1].strip()).resolve()
    assert target.exists(), f"{marker} points at a missing file"
    expected = schema.SCENARIO_FILE if path.name == "scenario.yaml" else schema.RULES_FILE
    assert target.name == expected


WRONG_RULES = [
    ({"cards": {"x": {"title": "T"}}}, "'ops' is a required property"),
    ({"cards": {"x": {"title": "T", "ops": "two"}}}, "is not of type 'integer'"),
    ({"cards": {"x": {"title": "T", "ops": 1, "remove": True}}}, "Additional properties"),
    ({"card": {}}, "Additional properties"),
    ({"actors": {"a": {"name": "A", "short": "A", "colour": "red"}}}, "does not match"),
    (
        {"actors": {"a": {"name": "A", "short": "A", "colour": "#aabbcc", "kind": "nation"}}},
        "is not one of",
    ),
    (
        {"cards": {"x": {"title": "T", "ops": 1, "event": {"set_flag": "f"}}}},
        "is not of type 'array'",
    ),
    (
        {"cards": {"x": {"title": "T", "ops": 1, "event": [{"set_flg": "f"}]}}},
        "is not valid under any",
    ),
    (
        {"cards": {"x": {"title": "T", "ops": 1, "event": [{"set_flag": "f", "say": "x"}]}}},
        "is not valid under any",
    ),
    (
        {"cards": {"x": {"title": "T", "ops": 1, "event": [{"move_track": "t"}]}}},
        "is not valid under any",
    ),
    ({"cards": {"x": {"title": "T", "ops": 1, "when": 3}}}, "is not valid under any"),
    ({"flags": ["a", "b"]}, "is not of type 'object', 'null'"),
    (
        {"regions": {"A": {"name": "A", "state": "X", "lat": "north", "lon": 1}}},
        "is not of type 'number'",
    ),
]


@pytest.mark.parametrize(("doc", "words"), WRONG_RULES, ids=range(len(WRONG_RULES)))
def test_schema_rejects_wrong_rules(doc: dict[str, Any], words: str) -> None:
    v = jsonschema.Draft202012Validator(schema.rules_schema())
    messages = [e.message for e in v.iter_errors(doc)]
    assert messages, f"accepted: {doc}"
    assert any(words in m for m in messages), messages


def test_schema_accepts_the_effect_shorthands() -> None:
    v = jsonschema.Draft202012Validator(schema.rules_schema())
    event = [
        {"set_flag": "truce"},
        {"gain_vp": "self"},
        {"say": "Hello"},
        {"roll": "skirmish"},
        {"if": "flag(truce)"},
        {"move_track": {"track": "t", "by": "1 + track(t)"}},
        {"if": {"condition": True, "then": [{"say": "a"}], "else": [{"say": "b"}]}},
    ]
    assert list(v.iter_errors({"cards": {"x": {"title": "T", "ops": 1, "event": event}}})) == []


def test_schema_rejects_a_wrong_manifest() -> None:
    v = jsonschema.Draft202012Validator(schema.scenario_schema())
    good = json.loads(json.dumps(plain(DATA / "minimal" / "scenario.yaml")))
    assert list(v.iter_errors(good)) == []
    for change, words in (
        ({"version": 1.1}, "is not of type 'string'"),
        ({"format": "1"}, "is not of type 'integer'"),
        ({"seats": "red"}, "is not of type 'array'"),
        ({"calendar": [{"label": "W1", "date": "27 Sep"}]}, "does not match"),
        ({"pass_allowed": "no"}, "is not of type 'boolean'"),
        ({"turns": 3}, "Additional properties"),
    ):
        messages = [e.message for e in v.iter_errors({**good, **change})]
        assert any(words in m for m in messages), (change, messages)
    messages = [e.message for e in v.iter_errors({k: x for k, x in good.items() if k != "seats"})]
    assert "'seats' is a required property" in messages


# Sets whose mistake is in the YAML text itself or a missing file have no schema verdict.
WITH_VERDICT = [p for p in BROKEN if plain(p / "expected.yaml").get("schema") is not None]


def test_most_broken_sets_have_a_schema_verdict() -> None:
    assert len(WITH_VERDICT) >= len(BROKEN) - 8


@pytest.mark.parametrize("folder", WITH_VERDICT, ids=[p.name for p in WITH_VERDICT])
def test_schema_agrees_with_loader_on_broken_sets(folder: Path) -> None:
    """Shape mistakes are caught by the schema as by the loader; id mistakes pass the schema."""
    verdict = plain(folder / "expected.yaml")["schema"]
    problems = [
        f"{p.name}: {err}"
        for p in sorted(folder.glob("*.yaml"))
        if p.name != "expected.yaml"
        for err in errors_of(p)
    ]
    if verdict == "reject":
        assert problems, "the schema accepts what the loader refuses"
    else:
        assert problems == []
