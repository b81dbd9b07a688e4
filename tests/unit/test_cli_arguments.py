"""Issue 15, deliver 6: every subcommand, given bad arguments, says what is wrong and exits
1 or 2: no traceback, no hang, and an output nobody can write is refused before any work.

Each row is a command line and words its message must hold. The network commands point at
a port where nothing listens (loopback only), so they fail at once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from game.cli import main
from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.session import Session
from tests.scenario_kit import TINY

T = str(TINY)
NOBODY = "ws://127.0.0.1:9"
"""A loopback port where no server listens (the discard port: nothing serves it here)."""
UNWRITABLE = "/proc/near-abroad-test"
"""A place no file can be made, even by root."""
BIG = "9" * 40

TABLE: list[tuple[list[str], int, str]] = [
    (["bogus"], 2, "invalid choice: 'bogus'"),
    (["validate", "/nonexistent"], 1, "no scenario folder at '/nonexistent'"),
    (["validate", T, "--mod", "nope"], 2, "--mod nope: no such mod folder or mod id"),
    (["validate", "/dev/null"], 1, "E0107"),
    (["validate", T, "--language", "ru"], 0, "no ru translation of"),
    (["play", "--text", "--language", "../x"], 2, "not a language code"),
    (["translate", T], 2, "--language"),
    (["translate", T, "--language", "xx"], 2, "not a language code CLDR knows"),
    (["translate", T, "--language", "../../etc/passwd"], 2, "not named for a language"),
    (["translate", "/nonexistent", "--language", "ru"], 1, "no scenario folder"),
    (["translate", T, "--language", "ru", "--mod", "nope"], 2, "no such mod folder or mod id"),
    (["translate", T, "--language", "ru", "--out", f"{UNWRITABLE}/ru.po"], 2, "--out"),
    (["schema", "--out", "/dev/null"], 2, "cannot write the schemas there"),
    (["explain", "cards.nope", "--scenario", T], 2, "there is no card 'nope'"),
    (["explain", "zzz", "--scenario", T], 2, "write COLLECTION.ID"),
    (["explain"], 2, "the following arguments are required: key"),
    (["migrate", "/nonexistent"], 1, "error"),
    (["migrate", "/dev/null"], 1, "error"),
    (["mods", "--bogus"], 2, "unrecognized arguments: --bogus"),
    (["report", "{save}"], 2, "required: --out"),
    (["report", "/nonexistent.json", "--out", "{tmp}/r"], 1, "E0501"),
    (["report", "{save}", "--out", UNWRITABLE], 2, f"--out {UNWRITABLE}: cannot write there"),
    (["report", "{save}", "--out", "{save}"], 2, "that is a file; give a folder"),
    (["report", "{save}", "--out", "{tmp}/r", "--scenario", T, "--turns", "x"], 1, "--turns takes"),
    (["report", "/nonexistent.jsonl", "--out", "{tmp}/r"], 1, "no such session log"),
    (["play", "--text", "--scenario", "/nonexistent"], 1, "no scenario folder"),
    (["play", "--text", "--scenario", T, "--seed", "x"], 2, "a seed is a whole number, not 'x'"),
    (["play", "--text", "--scenario", T, "--seed", BIG], 2, "a seed is from"),
    (["play", "--text", "--scenario", T, "--bots", "martian"], 2, "invalid choice: 'martian'"),
    (["play", "--text", "--load", "/nonexistent.json"], 1, "E0501"),
    (["play", "--text", "--load", "/dev/zero"], 1, "not a regular file"),
    (["replay"], 2, "required: file"),
    (["replay", "/nonexistent.json"], 1, "E0501"),
    (["replay", "{save}", "--scenario", T, "--seat", "mars"], 2, "--seat mars: not a seat"),
    (["replay", "/nonexistent.jsonl"], 1, "no such session log"),
    (["simulate", "--games", "0", "--scenario", T], 2, "--games must be at least 1"),
    (["simulate", "--games", "1000000000", "--scenario", T], 2, "--games must be from 1 to"),
    (["simulate", "--workers", "0", "--scenario", T], 2, "--workers must be at least 1"),
    (["simulate", "--bots", "martian", "--scenario", T], 2, "invalid choice: 'martian'"),
    (["simulate", "--seed", "x"], 2, "a seed is a whole number"),
    (["simulate", "--out", f"{UNWRITABLE}/x.json", "--scenario", T], 2, "cannot write there"),
    (["simulate", "--out", "{tmp}/x.txt", "--scenario", T], 2, "must end in .json or .csv"),
    (["simulate", "--plot", f"{UNWRITABLE}/p", "--scenario", T, "--games", "1"], 2, "--plot"),
    (["experiment", "--scenario", T, "--actor", "mars"], 2, "'mars' is not a seat of tiny"),
    (["experiment", "--games", "0", "--scenario", T, "--actor", "red"], 2, "--games must be"),
    (["experiment", "--seed", BIG, "--actor", "red"], 2, "a seed is from"),
    (["serve", "--port", "99999"], 1, "give a port from 1 to 65535"),
    (["serve", "--db", f"{UNWRITABLE}/x.db", "--port", "1"], 1, "cannot use it as the server"),
    (["serve", "--host", "not a host!", "--port", "1"], 1, "cannot listen on not a host!"),
    (["serve", "--max-games", "0", "--port", "1"], 1, "give a whole number of 1 or more"),
    (["serve", "--scenarios", "{tmp}/none", "--port", "1"], 1, "no such folder"),
    (["create", "http://x", "--scenario", "x"], 1, "is not a server address"),
    (["create", NOBODY, "--scenario", "caucasus-2020"], 1, "cannot reach a server"),
    (["create", NOBODY, "--seed", "-"], 2, "a seed is a whole number"),
    (["join"], 2, "required"),
    (["join", NOBODY, "--game", "x", "--token", "y", "--text"], 1, "cannot reach the server"),
    (["join", NOBODY, "--game", "x", "--token", "-ab", "--text"], 2, "written --option=VALUE"),
    (["join", "nope", "--game", "x", "--token", "y", "--text"], 1, "isn't a valid URI"),
    (["join", NOBODY, "--game", "x", "--token", "y", "--bot", "martian"], 1, "the kinds are"),
    (["join", NOBODY, "--game", "x", "--token", "y", "--scenarios", "{tmp}/no"], 1, "no such"),
    (["export", NOBODY, "--game", "x", "--token", "y", "--out", f"{UNWRITABLE}/g.json"], 2,
     "--out"),
    (["export", NOBODY, "--game", "x", "--token", "y", "--out", "{tmp}/g.json"], 1,
     "cannot reach a server"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115
    return tmp_path / "home"


def test_every_subcommand_is_in_the_table() -> None:
    """A new subcommand gets rows of its own."""
    from game.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) <= {argv[0] for argv, _, _ in TABLE}


@pytest.mark.parametrize(("argv", "code", "words"), TABLE, ids=[" ".join(r[0]) for r in TABLE])
def test_bad_arguments_are_explained(
    argv: list[str],
    code: int,
    words: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if argv[0] == "serve":  # its default database is made in the working folder
        monkeypatch.chdir(tmp_path)
    session = Session(load_ruleset(TINY), seed=3)
    for _ in range(6):
        session.act(session.state.legal_actions()[0])
    save = storage.save(session.record, tmp_path / "game.json")
    argv = [a.replace("{save}", str(save)).replace("{tmp}", str(tmp_path)) for a in argv]
    start = time.monotonic()
    try:
        got = main(argv)
    except SystemExit as exc:  # argparse's refusals
        got = exc.code
    took = time.monotonic() - start
    said = capsys.readouterr()
    err = said.err + said.out  # validate prints its diagnostics as its output
    assert got == code, f"exit {got}: {err}"
    assert words in err, err
    assert "Traceback" not in err
    assert took < 15, f"{took:.1f} s to refuse"
