"""Loading rule sets: the valid base loads cleanly; every broken set gives exactly its diagnostics.

Each folder under tests/data/broken/ is the small valid base with one mistake
and an ``expected.yaml`` naming the diagnostics the loader must give: the error
codes and file:line:col as an exact set, the warnings when listed, and words the
main diagnostic's message and hint must contain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ruleset.diagnostics import RulesetError, render_all
from game.ruleset.load import build_ruleset, check_ruleset, load_ruleset
from game.ruleset.model import Ruleset
from game.ruleset.source import parse_yaml

DATA = Path(__file__).resolve().parent.parent / "data"
MINIMAL = DATA / "minimal"
BROKEN = sorted(p for p in (DATA / "broken").iterdir() if p.is_dir())
RULES = Path(__file__).resolve().parents[2] / "rules"


def rule_files(folder: Path) -> dict[str, str]:
    """A folder's rule files by bare name, leaving out the test's own expected.yaml."""
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.yaml"))
        if p.name != "expected.yaml"
    }


def expectation(folder: Path) -> dict[str, object]:
    tree, diags = parse_yaml((folder / "expected.yaml").read_text(encoding="utf-8"), "expected")
    assert tree is not None and not diags, diags
    plain = tree.to_plain()
    assert isinstance(plain, dict)
    return plain


def as_set(entries: object) -> set[tuple[str, str, int, int]]:
    assert isinstance(entries, list)
    return {(e["code"], e["file"], e["line"], e["col"]) for e in entries}


def test_there_are_enough_broken_sets() -> None:
    assert len(BROKEN) >= 25


@pytest.mark.parametrize("folder", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_rule_set(folder: Path) -> None:
    want = expectation(folder)
    ruleset, diags = build_ruleset(rule_files(folder), root=".")
    got_errors = {
        (d.code, d.pos.file if d.pos else "", d.pos.line if d.pos else 0, d.pos.col if d.pos else 0)
        for d in diags
        if d.severity == "error"
    }
    shown = render_all(diags)
    assert got_errors == as_set(want["errors"]), shown
    if "warnings" in want:
        got_warnings = {
            (d.code, d.pos.file, d.pos.line, d.pos.col)
            for d in diags
            if d.severity == "warning" and d.pos is not None
        }
        assert as_set(want["warnings"]) <= got_warnings, shown
    if want["errors"]:
        assert ruleset is None
        main = next(d for d in diags if d.severity == "error")
    else:
        assert isinstance(ruleset, Ruleset)
        main = diags[0]
    if "message" in want:
        assert str(want["message"]) in main.message, shown
    if "hint" in want:
        assert main.hint is not None and str(want["hint"]) in main.hint, shown


@pytest.mark.parametrize("folder", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_rule_set_renders_every_diagnostic(folder: Path) -> None:
    """The text form shows each problem's place and source line: no crash on any of them."""
    files = rule_files(folder)
    _ruleset, diags = build_ruleset(files, root=".")
    text = render_all(diags, files)
    for d in diags:
        assert d.code in text
        if d.pos is not None and d.pos.line > 0:
            assert f"--> {d.pos}" in text


def test_minimal_base_loads_without_any_diagnostic() -> None:
    ruleset, diags, _files = check_ruleset(MINIMAL)
    assert diags == []
    assert isinstance(ruleset, Ruleset)
    assert ruleset.id == "minimal"
    assert ruleset.seats == ("red", "blue")
    assert set(ruleset.regions) == {"A", "B", "C", "D", "E"}
    assert ruleset.turns == 3
    assert ruleset.turn_of_date("2020-10-05") == 2


def test_minimal_base_expressions_are_compiled() -> None:
    ruleset = load_ruleset(MINIMAL)
    op = ruleset.operations["deploy"]
    assert op.target.fn is not None
    assert op.cost.fn is not None
    assert ruleset.cards["ultimatum"].when is not None
    assert ruleset.cards["ultimatum"].when.fn is not None


def test_load_is_deterministic_and_digest_stable() -> None:
    a = load_ruleset(MINIMAL)
    b = load_ruleset(MINIMAL)
    assert a == b
    assert a.digest == b.digest
    files = rule_files(MINIMAL)
    files["cards.yaml"] += "\n# a comment changes the digest, not the rules\n"
    c, _ = build_ruleset(files)
    assert c is not None and c.digest != a.digest


def test_load_ruleset_raises_with_every_diagnostic() -> None:
    with pytest.raises(RulesetError) as info:
        load_ruleset(DATA / "broken" / "unknown_field")
    # expected.yaml is read as a rules file here: an unknown collection besides the real error
    codes = {d.code for d in info.value.diagnostics}
    assert "E0203" in codes
    assert "E0203" in info.value.render()


def test_missing_folder_is_a_diagnostic() -> None:
    ruleset, diags, files = check_ruleset(DATA / "no-such-folder")
    assert ruleset is None and files == {}
    assert [d.code for d in diags] == ["E0107"]


@pytest.mark.parametrize(
    "folder",
    sorted(p for p in RULES.iterdir() if (p / "scenario.yaml").exists()) if RULES.exists() else [],
)
def test_shipped_scenario_loads_without_errors(folder: Path) -> None:
    ruleset, diags, files = check_ruleset(folder)
    assert ruleset is not None, render_all(diags, files)


@pytest.mark.parametrize(
    ("expr", "words"),
    [
        ("x" * 3000 + " > 1", "the limit is 2,000"),
        ("true and " * 300 + "true", "the limit is 2,000"),
        ("-" * 1990 + "1 > 0", "nested too deeply"),
        ("not " * 498 + "true", "nested too deeply"),
        ("(" * 300 + "1" + ")" * 300 + " > 0", "too many nested parentheses"),
    ],
    ids=["long", "long-chain", "deep-minus", "deep-not", "deep-brackets"],
)
def test_monstrous_expressions_are_diagnostics(expr: str, words: str) -> None:
    files = rule_files(MINIMAL)
    files["cards.yaml"] = files["cards.yaml"].replace("when: track(tension) >= 1", f"when: {expr}")
    ruleset, diags = build_ruleset(files)
    assert ruleset is None
    assert [d.code for d in diags] == ["E0401"]
    assert words in diags[0].message
    assert diags[0].pos is not None and (diags[0].pos.line, diags[0].pos.col) >= (7, 11)


def test_a_broken_region_keeps_its_tags_known() -> None:
    files = rule_files(MINIMAL)
    # Delta is broken (lat is text) and, once Alpha loses it, alone has the tag battleground:
    # the tag must stay known, or every condition naming it would fail as well
    files["world.yaml"] = files["world.yaml"].replace("lat: 39.8", "lat: north")
    files["world.yaml"] = files["world.yaml"].replace(
        "    tags: [battleground]\n", "    tags: []\n", 1
    )
    _ruleset, diags = build_ruleset(files)
    assert [(d.code, d.pos.line if d.pos else 0) for d in diags if d.severity == "error"] == [
        ("E0201", 48)
    ]


@pytest.mark.parametrize("bad", ["kremlin_médiation", "two words", "a/b", "x<y", "50%"])
def test_an_id_a_save_could_not_name_is_refused_where_it_is(tmp_path: Path, bad: str) -> None:
    """Issue 15 item 1: such ids validated, played, and made every save unloadable."""
    import shutil

    folder = tmp_path / "tiny"
    shutil.copytree(Path(__file__).resolve().parents[1] / "scenarios" / "tiny", folder)
    rules_file = folder / "rules.yaml"
    text = rules_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("cards:") + 1
    lines.insert(at, f'  "{bad}": {{title: Odd, side: neutral, ops: 1}}')
    rules_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules, diags, _ = check_ruleset(folder)
    assert rules is None
    hit = [d for d in diags if d.code == "E0204" and bad in d.message]
    assert hit and hit[0].pos.line == at + 1 and "rename it, e.g. '" in hit[0].hint
    assert "cannot be an id" in hit[0].message


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "words"),
    [
        ("scenario.yaml", "hand_size: 3", "hand_size: 1000000000", "E0304", "hand_size must"),
        ("rules.yaml", "copies: 3}", "copies: 1000000000}", "E0304", "1000000000 copies"),
        ("rules.yaml", "dice: 1", "dice: 200", "E0308", "rolls 200 dice"),
        ("rules.yaml", "dice: 1", "dice: 50\n    sides: 200", "E0308", "rolls 50 dice of 200"),
    ],
)
def test_sizes_that_would_exhaust_the_machine_are_refused(
    tmp_path: Path, file: str, old: str, new: str, code: str, words: str
) -> None:
    """Issue 15 item 5: a billion cards in hand or copies (MemoryError), dice without bounds
    (a roll that never ends)."""
    import shutil

    folder = tmp_path / "tiny"
    shutil.copytree(Path(__file__).resolve().parents[1] / "scenarios" / "tiny", folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    rules, diags, _ = check_ruleset(folder)
    assert rules is None
    assert any(d.code == code and words in d.message for d in diags), [str(d) for d in diags]


@pytest.mark.parametrize("special", ["fifo", "device"])
def test_a_rules_file_that_is_a_pipe_or_a_device_is_refused_at_once(
    tmp_path: Path, special: str
) -> None:
    """Issue 15 item 5: a FIFO named x.yaml blocked validate; /dev/zero linked as a rules
    file was read until memory ran out."""
    import os
    import shutil

    folder = tmp_path / "tiny"
    shutil.copytree(Path(__file__).resolve().parents[1] / "scenarios" / "tiny", folder)
    odd = folder / "x.yaml"
    if special == "fifo":
        os.mkfifo(odd)
    else:
        odd.symlink_to("/dev/zero")
    rules, diags, _ = check_ruleset(folder)
    assert rules is None
    assert any(d.code == "E0107" and "not a regular file" in d.message for d in diags)
