"""What a modder sees through the real load path (a mod folder on the default
scenario, as `near-abroad validate --mod` reads it), not through one checker alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.ruleset.diagnostics import Diagnostic
from game.ruleset.load import check_ruleset
from tests.scenario_kit import DEFAULT


def mod(tmp_path: Path, rules: str, mid: str = "probe", **info: object) -> Path:
    """A mod folder holding ``rules`` as rules.yaml, for the default scenario."""
    folder = tmp_path / mid
    folder.mkdir()
    doc = {
        "id": mid,
        "name": mid,
        "version": "1.0.0",
        "format": 2,
        "requires": {"scenario": "caucasus-2020", "version": ">=1.0, <2"},
        **info,
    }
    (folder / "mod.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    (folder / "rules.yaml").write_text(rules)
    return folder


def problems(tmp_path: Path, rules: str, **info: object) -> list[Diagnostic]:
    _, diags, _ = check_ruleset(DEFAULT, [mod(tmp_path, rules, **info)])
    return list(diags)


CARD = "cards:\n  probe_card:\n    title: Probe\n    ops: 2\n    side: russia\n"


@pytest.mark.parametrize(
    ("when", "sign", "hint"),
    [
        ("flag(war_begun) && !flag(shusha_taken)", "&&",
         "write 'and' instead of '&&', 'not' instead of '!'"),
        ("flag(war_begun) || !flag(shusha_taken)", "||",
         "write 'or' instead of '||', 'not' instead of '!'"),
        ("flag(war_begun) and !flag(shusha_taken)", "!", "write 'not' instead of '!'"),
    ],
)  # fmt: skip
def test_c_style_operators_get_the_hint_when_a_mod_is_loaded(
    tmp_path: Path, when: str, sign: str, hint: str
) -> None:
    diags = problems(tmp_path, CARD + f"    when: {when}\n")
    (d,) = [d for d in diags if d.code == "E0401"]
    assert d.hint is not None and d.hint.startswith(hint), d
    col = len("    when: ") + when.index(sign) + 1
    assert d.pos.file.endswith("probe/rules.yaml")
    assert (d.pos.line, d.pos.col, d.pos.end_col) == (6, col, col + len(sign))


def test_c_style_hint_in_a_nested_condition_of_an_effect(tmp_path: Path) -> None:
    text = CARD + (
        "    event:\n"
        "      - if:\n"
        "          condition: '  flag(war_begun) && flag(shusha_taken)'\n"
        "          then: [set_flag: probe]\n"
    )
    (d,) = [d for d in problems(tmp_path, text) if d.code == "E0401"]
    assert d.hint is not None and d.hint.startswith("write 'and' instead of '&&'")
    line = text.splitlines()[7]
    assert (d.pos.line, d.pos.col) == (8, line.index("&&") + 1)  # past the quote and spaces
