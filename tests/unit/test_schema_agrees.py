"""The mod schema and the loader agree (issue 16): the same rules files, written as a modder
might (good ones, typos inside patches, list and mapping operations, templates, empty files),
are given to both; the schema refuses a file exactly when the loader reports a problem of
shape (an unknown field, a value of the wrong type, an operation where none fits).

Problems only the whole rule set can tell (an unknown id, a number out of range) are the
loader's alone, so the cases here are about shape."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.ruleset.load import check_ruleset
from game.ruleset.schema import mod_rules_schema
from tests.scenario_kit import DEFAULT

SHAPE = {"E0201", "E0202", "E0203", "E0204", "E0205", "E0206", "E0311"}
"""The loader's codes for problems of shape, which a schema can see."""

CASES = {
    # (file text, is it fine in shape?)
    "a patch": ("cards:\n  kremlin_mediation:\n    patch: {ops: 3}\n", True),
    "a typo in a patch": ("cards:\n  kremlin_mediation:\n    patch: {opps: 3}\n", False),
    "append and remove": (
        "cards:\n  kremlin_mediation:\n    patch:\n      event:\n        append:\n"
        "          - set_flag: ceasefire_signed\n",
        True,
    ),
    "a typo of append": (
        "cards:\n  kremlin_mediation:\n    patch:\n      event: {apend: []}\n", False),
    "a list where a number goes": ("objectives:\n  tr_seat:\n    patch: {vp: [5]}\n", False),
    "a key removed from a mapping": (
        "actors:\n  russia:\n    patch:\n      doctrine: {remove: [escalation]}\n", True),
    "a key removed and a key set in one patch": (
        "actors:\n  russia:\n    patch:\n"
        "      doctrine: {remove: [escalation], ceasefire: 0.9}\n", True),
    "a key removed as a single string": (
        "actors:\n  russia:\n    patch:\n      doctrine: {remove: escalation}\n", True),
    "a weight that is not a number beside a removal": (
        "actors:\n  russia:\n    patch:\n"
        "      doctrine: {remove: [escalation], ceasefire: [0.9]}\n", False),
    "an option removed and one changed": (
        "cards:\n  gas_lever:\n    patch:\n      options:\n        remove: [baku]\n"
        "        yerevan: {text: Squeeze harder.}\n        tbilisi:\n          text: T.\n"
        "          effects: [{set_flag: ceasefire_signed}]\n", True),
    "an option named remove": (
        "cards:\n  gas_lever:\n    patch:\n      options:\n        remove:\n"
        "          text: Drop it.\n          effects: [{set_flag: ceasefire_signed}]\n", True),
    "a typo inside a patched option": (
        "cards:\n  gas_lever:\n    patch:\n      options:\n"
        "        yerevan: {txet: Squeeze harder.}\n", False),
    "an optional field of an entry removed": (
        "cards:\n  kremlin_mediation:\n    patch: {remove: [text], ops: 2}\n", True),
    "a required field of an entry removed": (
        "cards:\n  kremlin_mediation:\n    patch: {remove: [title]}\n", False),
    "append on a mapping": (
        "actors:\n  russia:\n    patch:\n      doctrine: {append: [escalation]}\n", False),
    "the manifest patched": ("scenario:\n  patch:\n    hand_size: 5\n", True),
    "a typo in the manifest": ("scenario:\n  patch:\n    hand_sise: 5\n", False),
    "append in an inheriting entry": (
        "cards:\n  tpl:\n    abstract: true\n    side: russia\n    ops: 2\n"
        "    event:\n      - set_flag: ceasefire_signed\n"
        "  child:\n    inherits: tpl\n    title: Child\n"
        "    event:\n      append:\n        - set_flag: ceasefire_signed\n",
        True,
    ),
    "an unknown field in a new card": (
        "cards:\n  fresh:\n    title: F\n    ops: 1\n    colour: red\n", False),
    "a card without its title": ("cards:\n  fresh:\n    ops: 1\n", False),
    "patch and fields side by side": (
        "cards:\n  kremlin_mediation:\n    patch: {ops: 2}\n    title: X\n", False),
    "an empty file": ("", True),
    "a comment only": ("# nothing yet\n", True),
    "an empty collection": ("cards:\n", True),
    "an unknown collection": ("cardz: {}\n", False),
}  # fmt: skip


def mod_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "m"
    folder.mkdir()
    manifest = {"id": "m", "name": "m", "version": "1.0", "format": 2,
                "requires": {"scenario": "caucasus-2020"}}  # fmt: skip
    (folder / "mod.yaml").write_text(yaml.safe_dump(manifest))
    (folder / "rules.yaml").write_text(text)
    return folder


@pytest.mark.parametrize("case", sorted(CASES))
def test_schema_and_loader_agree(case: str, tmp_path: Path) -> None:
    text, fine = CASES[case]
    validator = jsonschema.Draft202012Validator(mod_rules_schema())
    schema_errors = [e.message for e in validator.iter_errors(json.loads(json.dumps(
        yaml.safe_load(text))))]  # fmt: skip
    _, diags, _ = check_ruleset(DEFAULT, [mod_with(tmp_path, text)])
    shape = [f"{d.code} {d.message}" for d in diags if d.code in SHAPE]
    assert (not schema_errors) == fine, schema_errors
    assert (not shape) == fine, shape
