"""The catalogue warnings of a mod tell the modder the command that mends the mod's own
catalogue, and that command writes a catalogue that is the mod's (issue 16, localisation).

`translate` without `--mod` writes the scenario's catalogue: a hint that leaves `--mod`
out (as W0702 and W0703 once did for a mod's text or a mod's stale entry) sends the
modder to update a file that is not theirs. So each hint is checked by running it: the
text warned about must then stand in the catalogue the warning named. A mod's catalogue
says in its header which mod and version it translates, not the scenario's.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.ruleset.diagnostics import Diagnostic
from game.ruleset.load import check_ruleset
from game.ruleset.texts import missing_messages
from game.session.library import REPO, mod_folders

TINY = REPO / "tests" / "scenarios" / "tiny"


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """The tiny scenario, and two mods installed in a user mods folder of their own: 'base'
    adds a card, 'top' (which requires 'base') renames it and adds another: (scenario,
    base's folder, top's folder). The working folder is one where neither id is a folder."""
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    scenario = tmp_path / "tiny"
    shutil.copytree(TINY, scenario)
    mods = tmp_path / "home" / "mods"
    for ident, needs, rules in (
        ("base", "", "cards:\n  base_card: {title: Base card, ops: 1}\n"),
        (
            "top",
            "  mods: {base: '>=1'}\n",
            "cards:\n  base_card: {patch: {title: Top title}}\n"
            "  top_card: {title: Top card, ops: 2}\n",
        ),
    ):
        folder = mods / f"{ident}-folder"  # not named for its id: the id must be looked up
        folder.mkdir(parents=True)
        (folder / "mod.yaml").write_text(
            f"id: {ident}\nname: {ident}\nversion: '1.2.0'\nformat: 2\n"
            f"requires:\n  scenario: tiny\n{needs}",
            encoding="utf-8",
        )
        (folder / "cards.yaml").write_text(rules, encoding="utf-8")
    return scenario, mods / "base-folder", mods / "top-folder"


def hint_for(diags: list[Diagnostic], code: str, text: str) -> str:
    found = [d for d in diags if d.code == code and text in d.message]
    assert len(found) == 1, [d.message for d in diags if d.code == code]
    return found[0].hint or ""


def write_po(folder: Path, messages: dict[str, str]) -> None:
    """A German catalogue in ``folder``/locale holding ``messages`` (English -> German)."""
    (folder / "locale").mkdir()
    entries = "".join(f'\nmsgid "{k}"\nmsgstr "{v}"\n' for k, v in messages.items())
    (folder / "locale" / "de.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries,
        encoding="utf-8",
    )


def run(line: str) -> None:
    """A hinted command, run as the modder would paste it."""
    words = shlex.split(line)
    assert words[0] == "near-abroad"
    assert main(words[1:]) == 0, line


def test_a_missing_text_of_a_mod_hints_translate_with_that_mod_and_those_below(
    stack: tuple[Path, Path, Path],
) -> None:
    scenario, base, top = stack
    rules, diags, _ = check_ruleset(scenario, [base, top], mod_folders())
    assert rules is not None, diags
    missing = missing_messages(rules, "de", mod_folders())
    top_hint = hint_for(missing, "W0702", "'Top card'")
    base_hint = hint_for(missing, "W0702", "'Top title'")  # top's words for base's card
    scenario_hint = hint_for(missing, "W0702", "'One'")
    assert top_hint.endswith("--language de --mod base --mod top"), top_hint
    assert base_hint.endswith("--mod base --mod top"), base_hint  # top wrote that title
    assert "--mod" not in scenario_hint and str(scenario / "locale" / "de.po") in scenario_hint
    assert str(top / "locale" / "de.po") in top_hint

    run(top_hint.split("with: ", 1)[1])  # the hinted command writes top's catalogue ...
    written = (top / "locale" / "de.po").read_text(encoding="utf-8")
    assert 'msgid "Top card"' in written and 'msgid "One"' not in written
    assert not (scenario / "locale").exists()  # ... and leaves the scenario's alone


def test_a_text_of_the_lower_mod_hints_only_that_mod(stack: tuple[Path, Path, Path]) -> None:
    scenario, base, _top = stack
    rules, _, _ = check_ruleset(scenario, [base], mod_folders())
    assert rules is not None
    hint = hint_for(missing_messages(rules, "de", mod_folders()), "W0702", "'Base card'")
    assert hint.endswith("--language de --mod base"), hint
    run(hint.split("with: ", 1)[1])
    assert 'msgid "Base card"' in (base / "locale" / "de.po").read_text(encoding="utf-8")


def test_a_stale_entry_of_a_mods_catalogue_hints_translate_with_the_mod(
    stack: tuple[Path, Path, Path],
) -> None:
    scenario, base, _top = stack
    write_po(base, {"Base card": "Grundkarte", "Old card": "Alte Karte"})
    rules, diags, _ = check_ruleset(scenario, [base], mod_folders())
    assert rules is not None, diags
    hint = hint_for(diags, "W0703", "'Old card'")
    command = hint.split("with: ", 1)[1].split(" (", 1)[0]
    assert command.endswith("--language de --mod base"), hint
    run(command)
    written = (base / "locale" / "de.po").read_text(encoding="utf-8")
    assert '#~ msgid "Old card"' in written and 'msgstr "Grundkarte"' in written
    rules, diags, _ = check_ruleset(scenario, [base], mod_folders())
    assert not [d for d in diags if d.code == "W0703"]  # mended by the hinted command


def test_a_mod_not_found_by_its_id_is_named_by_its_folder(tmp_path: Path) -> None:
    """A mod given as a path outside the mods folders: `--mod ID` would not find it."""
    scenario = tmp_path / "tiny"
    shutil.copytree(TINY, scenario)
    mod = tmp_path / "elsewhere" / "solo"
    mod.mkdir(parents=True)
    (mod / "mod.yaml").write_text(
        "id: solo-mod\nname: Solo\nversion: '1.0'\nformat: 2\nrequires: {scenario: tiny}\n",
        encoding="utf-8",
    )
    (mod / "cards.yaml").write_text("cards:\n  solo: {title: Solo card, ops: 1}\n")
    rules, _, _ = check_ruleset(scenario, [mod], mod_folders())
    assert rules is not None
    hint = hint_for(missing_messages(rules, "de", mod_folders()), "W0702", "'Solo card'")
    assert hint.endswith(f"--mod {mod}"), hint


def test_a_mods_catalogue_is_headed_with_the_mods_id_and_version(
    stack: tuple[Path, Path, Path],
) -> None:
    scenario, base, _top = stack
    run(f"near-abroad translate {scenario} --language de --mod base")
    run(f"near-abroad translate {scenario} --language de")
    mod_po = (base / "locale" / "de.po").read_text(encoding="utf-8")
    scenario_po = (scenario / "locale" / "de.po").read_text(encoding="utf-8")
    assert '"Project-Id-Version: base 1.2.0\\n"' in mod_po
    assert '"Project-Id-Version: Tiny 1.0\\n"' in scenario_po


def test_a_mods_own_translation_of_a_scenario_text_is_kept_current(
    stack: tuple[Path, Path, Path],
) -> None:
    """The guide says a mod's catalogue may translate the scenario's texts its own way:
    updating the mod's catalogue must not turn those into obsolete entries."""
    scenario, base, _top = stack
    write_po(base, {"One": "Eins (nach base)"})
    run(f"near-abroad translate {scenario} --language de --mod base")
    written = (base / "locale" / "de.po").read_text(encoding="utf-8")
    assert 'msgid "One"\nmsgstr "Eins (nach base)"' in written
    assert 'msgid "Base card"' in written and '#~ msgid "One"' not in written


def test_validate_names_an_installed_mod_by_its_id_in_its_hints(
    stack: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The shell tells the rules where mods are installed (the rules alone do not know), so
    the hint a modder reads from validate names the mod as they would give it."""
    scenario, _base, _top = stack
    main(["validate", str(scenario), "--mod", "base", "--language", "de"])
    printed = capsys.readouterr()
    assert f"near-abroad translate {scenario} --language de --mod base\n" in (
        printed.out + printed.err
    )
