"""Every example in docs/modding.md, and in README.md, is checked (issue 16, deliverable 9):
a modder copies them, so an example that does not load or run is a bug of the guide.

Marking a block as a file of a mod
----------------------------------
An HTML comment on the line before a YAML fence (invisible on the rendered page) names
the mod folder and the file the block is::

    <!-- mod: ceasefire-holds/cards.yaml -->
    ```yaml
    cards: ...

The blocks marked with one folder are a whole mod; each such folder has a `mod.yaml`.
A fragment that changes the scenario (an entry with `patch`, `replace` or `remove`, or
the `scenario` key) must be marked as part of a whole mod, so that it is loaded too.

What is loaded and run
----------------------
- Whole mods: written to the user mods folder of a temporary NEAR_ABROAD_HOME (where
  `--mod ID` finds them), every file valid against the schema an editor checks it with
  (schema/mod.schema.json, schema/mod-rules.schema.json), and each mod loaded by the
  engine on the scenario its `mod.yaml` requires, with the mods it requires: no error,
  and no warning either (a tutorial that warns would puzzle its reader).
- Shell lines: every `near-abroad` line of a `sh` block is run through the real command
  line (game.cli.main), in a folder laid out like the repository with copies of rules/
  and mods/ and with that NEAR_ABROAD_HOME, when it is safe and fast: `validate`,
  `explain`, `mods`, `translate` (it writes into the copies or the temporary mods) and
  `migrate --dry-run`. It must exit 0, or the code its comment gives (`# exits 1: E0316
  ...`, whose diagnostic codes must then be in the output). `path/to/` stands for the
  folder the mods were written to. Only parsed (argparse accepts them): `play` (a game
  that waits for players or opens a window), `simulate` and `experiment` (minutes of bot
  games), `replay` and `report` (they need a save), `migrate` without `--dry-run` (it
  rewrites files), and the network commands. Commands in running text (`near-abroad
  ...` in backticks, with arguments) are parsed as well.
- Unmarked YAML blocks are fragments: a few fields of a scenario's manifest or of an
  entry, one-line effects. Each parses and is valid against its schema without the
  required fields (relaxed()); the effect one-liners of the reference are loaded in a
  scenario by test_reference.
- PO blocks: each reads as a catalogue and translates texts caucasus-2020 has.
- README.md: its YAML blocks (none today) get the fragments' check; every `near-abroad`
  line of its `sh` blocks parses, including those tests/integration/test_readme.py does
  not run (the board, the server and lines naming a SAVE), which runs the rest.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from game.cli import build_parser, main
from game.ruleset.load import check_ruleset
from game.ruleset.schema import mod_rules_schema, mod_schema, scenario_schema
from tests.scenario_kit import ROOT

DOC = (ROOT / "docs" / "modding.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"(?:<!--\s*mod:\s*(?P<file>\S+?)\s*-->\n)?```yaml\n(?P<body>.*?)```", re.S)
BLOCKS = [(m["file"], m["body"]) for m in FENCE.finditer(DOC)]
FRAGMENTS = [body for file, body in BLOCKS if file is None]
PO_BLOCKS = re.findall(r"```po\n(.*?)```", DOC, re.S)
RUN = {"validate", "explain", "mods", "translate"}
"""Subcommands that only read rules (or write a catalogue into the copies): run."""


def shell_lines(text: str) -> list[str]:
    return [line.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)
            for line in block.splitlines()
            if re.sub(r"^\.venv/bin/", "", line.strip()).startswith("near-abroad ")]  # fmt: skip


COMMANDS = shell_lines(DOC)
INLINE = sorted(set(re.findall(r"`(near-abroad [^`\n]+)`", DOC + README)))


def mods_in_doc() -> dict[str, dict[str, str]]:
    """The whole mods of the guide: folder -> file name -> text."""
    mods: dict[str, dict[str, str]] = {}
    for file, body in BLOCKS:
        if file is not None:
            folder, name = file.split("/", 1)
            assert name not in mods.setdefault(folder, {}), f"{file} is shown twice"
            mods[folder][name] = body
    return mods


MODS = mods_in_doc()


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


def schema_problems(schema: Any, data: Any) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)][:3]


def changes(data: Any) -> Iterator[str]:
    """The ids a rules fragment patches, replaces or removes (and `scenario`)."""
    if not isinstance(data, dict):
        return
    for coll, entries in data.items():
        if coll == "scenario":
            yield coll
        elif isinstance(entries, dict):
            for ident, entry in entries.items():
                if isinstance(entry, dict) and {"patch", "replace", "remove"} & set(entry):
                    yield f"{coll}.{ident}"


def test_there_are_examples() -> None:
    assert len(FRAGMENTS) >= 20 and len(COMMANDS) >= 8 and len(MODS) >= 4
    assert {"ceasefire-holds", "stronger-monitors"} <= set(MODS)  # the stacked tutorial


def test_each_mod_marker_is_read() -> None:
    """A marker the pattern misses (a typo, no fence after it) would leave a block unloaded."""
    markers = re.findall(r"<!--\s*mod:.*?-->", DOC)
    assert len(markers) == sum(len(files) for files in MODS.values())
    for folder, files in MODS.items():
        assert "mod.yaml" in files, f"{folder}: no block is its mod.yaml"
        assert all(re.fullmatch(r"[\w.-]+\.ya?ml", name) for name in files), files


@pytest.mark.parametrize("n", range(len(FRAGMENTS)))
def test_each_yaml_fragment_is_valid(n: int) -> None:
    block = FRAGMENTS[n]
    data = yaml.safe_load(block)
    what = kind(block, data)
    if what == "effects":
        return  # test_reference loads each effect example in a scenario
    assert not list(changes(data)), (
        "a fragment that changes the scenario is part of a whole mod: mark it "
        "<!-- mod: FOLDER/FILE.yaml --> and show its mod.yaml",
        block[:120],
    )
    schema = {"mod": mod_schema(), "scenario": relaxed(scenario_schema()),
              "rules": relaxed(mod_rules_schema())}[what]  # fmt: skip
    assert schema_problems(schema, data) == [], (what, block[:120])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the repository (copies of rules/ and mods/: `translate`
    writes there) with a user data folder `home/` whose mods/ holds the guide's mods."""
    here = tmp_path_factory.mktemp("guide")
    for name in ("rules", "mods"):
        shutil.copytree(ROOT / name, here / name)
    for folder, files in MODS.items():
        (here / "home" / "mods" / folder).mkdir(parents=True)
        for name, text in files.items():
            (here / "home" / "mods" / folder / name).write_text(text, encoding="utf-8")
    return here


@pytest.fixture
def inside(world: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(world / "home"))
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.chdir(world)
    return world


@pytest.mark.parametrize("folder", sorted(MODS))
def test_each_whole_mod_is_valid_and_loads_without_a_problem(folder: str, inside: Path) -> None:
    mods = inside / "home" / "mods"
    for name, text in MODS[folder].items():
        schema = mod_schema() if name == "mod.yaml" else mod_rules_schema()
        assert schema_problems(schema, yaml.safe_load(text)) == [], f"{folder}/{name}"
    manifest = yaml.safe_load(MODS[folder]["mod.yaml"])
    needed, todo = [], [folder]
    while todo:  # the mods it requires, and theirs
        ident = todo.pop()
        needed.append(mods / ident)
        assert ident in MODS, f"{folder} requires {ident}, which the guide does not show"
        todo += [m for m in yaml.safe_load(MODS[ident]["mod.yaml"])["requires"].get("mods", {})
                 if mods / m not in needed]  # fmt: skip
    scenario = inside / "rules" / manifest["requires"]["scenario"]
    rules, diags, _ = check_ruleset(scenario, needed[::-1])
    assert [str(d) for d in diags] == [] and rules is not None
    assert rules.layers[-1].split(" ")[0] == manifest["id"]


def expected(line: str) -> tuple[int, list[str]]:
    """The exit code a command's comment gives (`# exits 1: E0316 ...`; else 0), and the
    diagnostic codes the comment names."""
    comment = line.partition("#")[2]
    found = re.search(r"\bexits (\d+)", comment)
    return (int(found[1]) if found else 0), re.findall(r"\b[EW]\d{4}\b", comment)


def runs(line: str) -> bool:
    words = shlex.split(line.partition("#")[0])
    return words[1] in RUN or (words[1] == "migrate" and "--dry-run" in words)


@pytest.mark.parametrize("line", COMMANDS)
def test_each_command_line_is_accepted(line: str) -> None:
    args = shlex.split(line.partition("#")[0])[1:]
    assert build_parser().parse_args(args).func is not None


@pytest.mark.parametrize(
    "line", [c for c in COMMANDS if runs(c)], ids=lambda c: c.partition("#")[0].strip()
)
def test_each_safe_command_runs_as_written(
    line: str, inside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = line.partition("#")[0].replace("path/to/", f"{inside / 'home' / 'mods'}/")
    code, diagnostics = expected(line)
    try:
        got = main(shlex.split(command)[1:])
    except SystemExit as exc:  # a command that finds bad rules exits 1 this way
        got = exc.code if isinstance(exc.code, int) else 2
    out = capsys.readouterr()
    assert got == code, f"{line}\n{out.out[-2000:]}\n{out.err[-2000:]}"
    for diagnostic in diagnostics:
        assert diagnostic in out.out + out.err, (line, diagnostic)
    if shlex.split(command)[1] == "mods":
        assert all(folder in out.out for folder in MODS), out.out  # it found the guide's


def test_the_safe_commands_are_run() -> None:
    """Each kind the docstring promises to run is among the guide's commands."""
    kinds = {shlex.split(c.partition("#")[0])[1] for c in COMMANDS if runs(c)}
    assert kinds == RUN | {"migrate"}, kinds


@pytest.mark.parametrize("line", INLINE)
def test_each_command_in_running_text_is_accepted(line: str) -> None:
    args = shlex.split(line)[1:]
    if len(args) < 2 or "..." in args:
        return  # `near-abroad translate`, `near-abroad ...` name a command: no examples
    assert build_parser().parse_args(args).func is not None


@pytest.mark.parametrize("line", shell_lines(README))
def test_each_readme_command_line_is_accepted(line: str) -> None:
    args = shlex.split(line.split("  #")[0])[1:]
    assert build_parser().parse_args(args).func is not None


def test_the_readmes_yaml_blocks_are_valid() -> None:
    for block in re.findall(r"```ya?ml\n(.*?)```", README, re.S):
        data = yaml.safe_load(block)
        what = kind(block, data)
        schema = {"mod": mod_schema(), "scenario": relaxed(scenario_schema()),
                  "rules": relaxed(mod_rules_schema())}.get(what)  # fmt: skip
        assert schema is None or schema_problems(schema, data) == [], block[:120]


@pytest.mark.parametrize("block", PO_BLOCKS)
def test_each_catalogue_example_reads_and_translates_a_real_text(block: str) -> None:
    from game.ruleset.catalogues import read_catalogue
    from game.ruleset.load import load_ruleset
    from game.ruleset.texts import ruleset_words

    catalogue, problems = read_catalogue(block, "example.po", "ru")
    assert problems == [] and catalogue.messages
    words = ruleset_words(load_ruleset(ROOT / "rules" / "caucasus-2020"))
    assert set(catalogue.messages) <= set(words)
