"""Every example in docs/modding.md is checked (issue 16): a modder copies them.

- each YAML block parses; a `mod.yaml` block is a valid manifest (schema/mod.schema.json);
  every other block but the effect one-liners (loaded in a scenario by test_reference) and
  the scenario's own files is a valid mod rules file (schema/mod-rules.schema.json) — a
  fragment need not hold every required field, but no field may be unknown or mistyped;
- each `near-abroad` command in a shell block is one the command line accepts.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

import jsonschema
import pytest
import yaml

from game.cli import build_parser
from game.ruleset.schema import mod_rules_schema, mod_schema, scenario_schema
from tests.scenario_kit import ROOT

DOC = (ROOT / "docs" / "modding.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
PO_BLOCKS = re.findall(r"```po\n(.*?)```", DOC, re.S)
COMMANDS = [line.strip() for block in re.findall(r"```sh\n(.*?)```", DOC, re.S)
            for line in block.splitlines() if line.strip().startswith("near-abroad ")]  # fmt: skip


def relaxed(schema: Any) -> Any:
    """The schema without the required fields of its objects: for fragments that show a few
    fields of an entry (an `if: {required: [...]}` that picks a branch is kept)."""
    if isinstance(schema, dict):
        drop = "properties" in schema
        return {k: relaxed(v) for k, v in schema.items() if not (drop and k == "required")}
    if isinstance(schema, list):
        return [relaxed(v) for v in schema]
    return schema


def kind(block: str, data: Any) -> str:
    if isinstance(data, list):
        return "effects"
    if isinstance(data, dict) and "requires" in data:
        return "mod"
    manifest = set(scenario_schema()["properties"])
    if block.lstrip().startswith("# scenario.yaml") or (
        isinstance(data, dict) and set(data) <= manifest
    ):
        return "scenario"
    return "rules"


def test_there_are_examples() -> None:
    assert len(BLOCKS) >= 20 and len(COMMANDS) >= 2


@pytest.mark.parametrize("n", range(len(BLOCKS)))
def test_each_yaml_example_is_valid(n: int) -> None:
    block = BLOCKS[n]
    data = yaml.safe_load(block)
    what = kind(block, data)
    if what == "effects":
        return  # test_reference loads each effect example in a scenario
    schema = {"mod": mod_schema(), "scenario": relaxed(scenario_schema()),
              "rules": relaxed(mod_rules_schema())}[what]  # fmt: skip
    problems = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert problems == [], (what, block[:120], problems[:3])


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_is_accepted(command: str) -> None:
    args = shlex.split(command.split("#")[0])[1:]
    parsed = build_parser().parse_args(args)
    assert parsed.func is not None


@pytest.mark.parametrize("block", PO_BLOCKS)
def test_each_catalogue_example_reads_and_translates_a_real_text(block: str) -> None:
    from game.ruleset.catalogues import read_catalogue
    from game.ruleset.load import load_ruleset
    from game.ruleset.texts import ruleset_words

    catalogue, problems = read_catalogue(block, "example.po", "ru")
    assert problems == [] and catalogue.messages
    words = ruleset_words(load_ruleset(ROOT / "rules" / "caucasus-2020"))
    assert set(catalogue.messages) <= set(words)
