"""Issue 16, 'Not caught': rules that validated though they could never work as written."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from game.ruleset.load import build_ruleset
from tests.scenario_kit import BASE_MANIFEST, BASE_RULES, merge

ONE_OPTION = {"options": {"only": {"text": "The only way", "effects": [{"say": "so be it"}]}}}


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"cards": {"k1": {"ops": 10**20}}}, "E0304", "has 100000000000000000000 ops"),
        ({"cards": {"k1": {"ops": 21}}}, "E0304", "at most 20 operation points"),
        ({"cards": {"k1": ONE_OPTION}}, "E0204", "card 'k1' has a single option"),
        (
            {"cards": {"k1": {"from_date": "2020-10-03", "until_date": "2020-10-02"}}},
            "E0304",
            "from_date 2020-10-03 after until_date 2020-10-02",
        ),
        ({"cards": {"k1": {"from_turn": 3, "until_turn": 2}}}, "E0304", "from_turn 3 after"),
        (
            {"events": {"early": {"title": "Too early", "trigger": {"date": "2019-01-01"}}}},
            "E0307",
            "dated 2019-01-01, before the calendar's first turn (2020-10-01)",
        ),
    ],
)
def test_rules_that_cannot_work_are_refused(change: dict[str, Any], code: str, words: str) -> None:
    files = {
        "scenario.yaml": yaml.safe_dump(BASE_MANIFEST),
        "rules.yaml": yaml.safe_dump(merge(BASE_RULES, change)),
    }
    built, diags = build_ruleset(files)
    hits = [d for d in diags if d.code == code and words in d.message + (d.hint or "")]
    assert built is None and hits, [str(d) for d in diags]
    assert hits[0].pos is not None and hits[0].pos.line > 0, "said where"


def test_the_same_rules_done_right_pass() -> None:
    two = {"options": {**ONE_OPTION["options"], "other": {"text": "Another way"}}}
    change = {
        "cards": {"k1": {"ops": 20, **two}, "k2": {"from_turn": 2, "until_turn": 2}},
        "events": {"on_time": {"title": "On time", "trigger": {"date": "2020-10-02"}}},
    }
    files = {
        "scenario.yaml": yaml.safe_dump(BASE_MANIFEST),
        "rules.yaml": yaml.safe_dump(merge(BASE_RULES, change)),
    }
    built, diags = build_ruleset(files)
    assert built is not None, [str(d) for d in diags]


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        ('id: "my mod/../x"', "E0315", "write it like 'my-mod-x'"),
        ("format: 3", "E0208", "mod format 3 is not one this engine reads (1..2)"),
    ],
)
def test_a_mod_manifest_with_a_bad_id_or_format_is_refused(
    tmp_path: Any, line: str, code: str, words: str
) -> None:
    import shutil

    from game.ruleset.load import check_ruleset
    from tests.scenario_kit import DEFAULT, ROOT

    mod = tmp_path / "mod"
    shutil.copytree(ROOT / "mods" / "turkey-at-the-table", mod)
    manifest = mod / "mod.yaml"
    key = line.split(":")[0]
    text = "\n".join(
        line if x.startswith(f"{key}:") else x for x in manifest.read_text().splitlines()
    )
    manifest.write_text(text + "\n")
    rules, diags, _ = check_ruleset(DEFAULT, [str(mod)])
    hits = [d for d in diags if d.code == code and words in d.message + (d.hint or "")]
    assert rules is None and hits, [str(d) for d in diags]


def test_migrate_of_broken_yaml_says_so_and_fails(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said 'already in format 2' and exited 0."""
    import shutil

    from game.cli import main
    from tests.scenario_kit import ROOT

    mod = tmp_path / "mod"
    shutil.copytree(ROOT / "mods" / "turkey-at-the-table", mod)
    with open(mod / "rules.yaml", "a") as fh:
        fh.write("x: [\n")
    before = (mod / "rules.yaml").read_text()
    assert main(["migrate", "--dry-run", str(mod)]) == 1
    err = capsys.readouterr().err
    assert "E0101" in err and "fix the YAML first" in err
    assert (mod / "rules.yaml").read_text() == before


def test_validating_a_mod_folder_alone_says_how_to_validate_a_mod(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from game.cli import main
    from tests.scenario_kit import ROOT

    mod = ROOT / "mods" / "turkey-at-the-table"
    assert main(["validate", str(mod)]) == 2
    err = capsys.readouterr().err
    assert "this is a mod, not a scenario" in err and f"--mod {mod}" in err, err
