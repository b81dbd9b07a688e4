"""Mutated rule sets always end in a ruleset or in diagnostics, never in an exception.

Each test edits the texts of a shipped scenario (or the small test base) in
memory the way people break files, then loads them with ``build_ruleset``.
Besides not raising, the answer must be coherent: a ruleset exactly when there
are no errors, every diagnostic with a known code and a place inside the files,
rendering that never fails, and a loaded ruleset whose files the JSON Schema
accepts (what the loader takes, editors must not flag).
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ruleset import schema
from game.ruleset.diagnostics import CODES, Diagnostic, render_all, to_json
from game.ruleset.load import build_ruleset
from game.ruleset.source import parse_yaml
from tests.strategies import MUTATIONS, mutate, rule_files, scenario_folders, scenarios

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
VALIDATORS = {name: jsonschema.Draft202012Validator(doc) for name, doc in schema.schemas().items()}


def assert_coherent(files: dict[str, str]) -> None:
    ruleset, diags = build_ruleset(files, root=".")
    errors = [d for d in diags if d.severity == "error"]
    assert (ruleset is None) == bool(errors), render_all(diags, files)
    for d in diags:
        assert isinstance(d, Diagnostic)
        assert d.code in CODES, d
        assert d.message
        if d.pos is not None and d.pos.line > 0:
            assert d.pos.file in files, d
            assert 1 <= d.pos.line <= files[d.pos.file].count("\n") + 2, d
            assert d.pos.col >= 0
    assert render_all(diags, files)
    assert to_json(diags)
    if ruleset is not None:
        for name, text in files.items():
            tree, _ = parse_yaml(text, name)
            assert tree is not None
            kind = schema.SCENARIO_FILE if name == "scenario.yaml" else schema.RULES_FILE
            problems = [e.message for e in VALIDATORS[kind].iter_errors(tree.to_plain())]
            assert problems == [], (name, problems)


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
@SETTINGS
@given(folder=scenarios(), data=st.data())
def test_one_kind_of_mutation(kind: str, folder: Path, data: st.DataObject) -> None:
    files = mutate(data, rule_files(folder), [kind], count=1)
    assert_coherent(files)


@settings(SETTINGS, max_examples=150)
@given(folder=scenarios(), data=st.data(), count=st.integers(2, 4))
def test_several_mutations_at_once(folder: Path, data: st.DataObject, count: int) -> None:
    files = mutate(data, rule_files(folder), sorted(MUTATIONS), count)
    assert_coherent(files)


@SETTINGS
@given(folder=scenarios(), data=st.data())
def test_a_missing_file(folder: Path, data: st.DataObject) -> None:
    files = dict(rule_files(folder))
    del files[data.draw(st.sampled_from(sorted(files)))]
    assert_coherent(files)


def test_the_unmutated_bases_load() -> None:
    for folder in scenario_folders():
        ruleset, diags = build_ruleset(rule_files(folder), root=".")
        assert ruleset is not None, render_all(diags, rule_files(folder))
