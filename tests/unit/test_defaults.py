"""Sensible defaults: a fresh seed per new game (said and saved), heuristic bots unless told
otherwise, a seat kept for a person with SEAT=human, and simulate naming its bots and refusing
an output it could not write before it plays a single game."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.cli import main
from game.cli_bots import bot_choices
from game.ruleset.load import load_ruleset
from tests.scenario_kit import ROOT

TINY = ROOT / "tests" / "scenarios" / "tiny"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _play(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["play", "--text", "--scenario", str(TINY), "--bots", "all", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_new_game_gets_a_fresh_seed_that_is_said_and_saved(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _Lines([]))
    seeds = []
    for _ in range(3):
        code, _out, err = _play(capsys)
        assert code == 0, err
        said = re.search(r"seed (\d+) \(play the same deal again with --seed \1\)", err)
        assert said, err
        saved = json.loads((home / "autosave.json").read_text())
        assert saved["seed"] == int(said.group(1))
        seeds.append(saved["seed"])
    assert len(set(seeds)) > 1  # three draws from a million: equal only by a fluke of 1 in 10^6


def test_a_given_seed_is_used_and_not_announced(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _Lines([]))
    code, _out, err = _play(capsys, "--seed", "42")
    assert code == 0 and "play the same deal again" not in err
    assert json.loads((home / "autosave.json").read_text())["seed"] == 42


def test_bots_default_to_the_heuristic_bot_and_human_keeps_a_seat() -> None:
    rules = load_ruleset(TINY)
    assert bot_choices(rules, ["red"]) == {"red": "heuristic"}
    assert bot_choices(rules, [], "heuristic", humans=True) == {
        "red": "heuristic",
        "blue": "heuristic",
    }
    assert bot_choices(rules, ["blue=human"], "random", humans=True) == {"red": "random"}


def test_simulate_names_the_bots_that_played(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--scenario", str(TINY), "--games", "2", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "bots: blue=heuristic, red=heuristic" in out


@pytest.mark.parametrize(
    ("option", "target", "words"),
    [
        ("--out", "folder.json", "that is a folder; give a file"),
        ("--plot", "file.txt", "that is a file; give a folder"),
        ("--out", "file.txt/x.json", "is a file, so nothing can be written under it"),
    ],
)
def test_simulate_refuses_an_unwritable_output_before_playing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, target: str, words: str
) -> None:
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "file.txt").write_text("x")
    args = ["simulate", "--scenario", str(TINY), "--games", "500", "--quiet"]
    assert main([*args, option, str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert words in err and "games of" not in err


class _Lines:
    """A stdin that answers each prompt from a list, then ends (EOF)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)

    def readline(self) -> str:
        return self.lines.pop(0) + "\n" if self.lines else ""

    def isatty(self) -> bool:
        return False


def test_a_new_game_keeps_the_game_autosaved_before(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting a new game never loses the one in the autosave: it is kept in saves/ and
    the message says how to play on with it (issue 15: 149 steps were replaced by 30)."""
    monkeypatch.setattr("sys.stdin", _Lines([]))
    assert _play(capsys, "--seed", "1")[0] == 0
    first = (home / "autosave.json").read_text()
    code, _out, err = _play(capsys, "--seed", "2")
    assert code == 0
    kept = sorted((home / "saves").glob("autosave-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == first
    assert f"kept as {kept[0]}" in err and f"--load {kept[0]}" in err
    assert json.loads((home / "autosave.json").read_text())["seed"] == 2
    assert main(["play", "--text", "--scenario", str(TINY), "--load", str(kept[0]),
                 "--bots", "all"]) == 0  # fmt: skip
    assert len(list((home / "saves").glob("autosave-*.json"))) == 1  # a loaded game: no copy
    capsys.readouterr()
    code, _out, err = _play(capsys, "--resume", "--bots", "all")  # the autosave, the kept listed
    assert code == 0 and f"games kept earlier (play one with --load FILE):\n  {kept[0]}" in err
    (home / "autosave.json").unlink()
    code, _out, err = _play(capsys, "--resume", "--bots", "all")
    assert code == 0 and f"no autosave; playing on the newest kept game, {kept[0]}" in err


def test_a_resumed_control_game_goes_on_in_its_own_session_log(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15 item 8: every resume of a Control game started another log holding the whole
    history again (32 logs after 40 kills)."""
    monkeypatch.setattr("sys.stdin", _Lines([]))
    ticks = iter(range(100_000))  # every call a later second: a log named by the time differs
    monkeypatch.setattr("game.cli._now", lambda: f"2026-12-02T10:{next(ticks) // 60 % 60:02d}:"
                        f"{next(ticks) % 60:02d}+00:00")  # fmt: skip
    base = ["play", "--text", "--scenario", str(TINY), "--control", "--bots", "random"]
    assert main([*base, "--bot", "red=human", "--seed", "4"]) == 0  # quits at red's prompt
    for _ in range(3):
        assert main([*base, "--resume"]) == 0
    capsys.readouterr()
    logs = list((home / "sessions").glob("*.jsonl"))
    assert len(logs) == 1, logs
    kinds = [json.loads(line)["kind"] for line in logs[0].read_text().splitlines()]
    assert kinds.count("session") == 1 and kinds.count("resume") == 3
