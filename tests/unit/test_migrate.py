"""Format versions: old files load with a warning, and `migrate` rewrites them in place."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.cli import main
from game.ruleset.load import check_ruleset
from game.ruleset.model import FORMAT_VERSION
from tests.scenario_kit import ROOT

OLD = ROOT / "tests" / "data" / "format1"
NEW = ROOT / "tests" / "data" / "minimal"


def test_an_old_format_loads_with_a_warning_and_the_same_meaning() -> None:
    old, diags, _ = check_ruleset(OLD)
    new, _, _ = check_ruleset(NEW)
    assert old is not None and new is not None
    warnings = [d for d in diags if d.severity == "warning"]
    assert [d.code for d in warnings] == ["W0314"]
    assert "near-abroad migrate" in (warnings[0].hint or "")
    assert old.cards == new.cards  # remove_after_play read as remove_after_event
    assert any(c.remove_after_event for c in old.cards.values())


def test_migrate_rewrites_only_what_changed(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "old"
    shutil.copytree(OLD, folder)
    before = {p.name: p.read_text() for p in folder.glob("*.yaml")}
    assert main(["migrate", str(folder), "--dry-run"]) == 0
    assert "would change" in capsys.readouterr().out
    assert {p.name: p.read_text() for p in folder.glob("*.yaml")} == before  # dry run
    assert main(["migrate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "remove_after_play -> remove_after_event" in out and f"-> {FORMAT_VERSION}" in out
    after = {p.name: p.read_text() for p in folder.glob("*.yaml")}
    for name, text in before.items():
        old_lines, new_lines = text.splitlines(), after[name].splitlines()
        assert len(old_lines) == len(new_lines)  # comments and layout stay
        for a, b in zip(old_lines, new_lines, strict=True):
            if a != b:
                assert (
                    a.replace("remove_after_play", "remove_after_event") == b
                    or a.replace("format: 1", f"format: {FORMAT_VERSION}") == b
                )
    ruleset, diags, _ = check_ruleset(folder)
    assert ruleset is not None and not [d for d in diags if d.code == "W0314"]
    assert main(["migrate", str(folder)]) == 0
    assert "already in format" in capsys.readouterr().out


def test_migrate_on_a_folder_without_a_manifest_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "cards.yaml").write_text("cards: {}\n")
    assert main(["migrate", str(tmp_path)]) == 2
