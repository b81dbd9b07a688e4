"""The terminal hotseat game and the play/replay/simulate commands, driven as a user would."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.ai.random_bot import RandomBot
from game.cli import main
from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.session import Session
from game.terminal import TerminalGame
from tests.scenario_kit import ROOT, TINY


@pytest.fixture()
def home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def run_game(lines: list[str], bots=("blue",), handoff=True, autosave=None, seed=2):
    rules = load_ruleset(TINY)
    session = Session(rules, seed=seed)
    out = io.StringIO()
    game = TerminalGame(
        session,
        {b: RandomBot(9) for b in bots},
        io.StringIO("\n".join(lines) + "\n"),
        out,
        autosave,
        handoff,
    )
    code = game.run()
    return code, out.getvalue(), game.session


def test_numbers_and_action_text_both_take_decisions() -> None:
    code, out, session = run_game(["1", "ops", "done", "quit"])
    assert code == 0
    mine = [s.action for s in session.record.steps if s.actor == "red"]
    assert mine[0].startswith("play ")  # "1": the first listed action
    assert mine[-1] == "done"  # typed as text (after "ops" where the card had an event)
    assert "Red: Choose a card to play" in out


def test_an_illegal_action_is_explained_and_nothing_changes() -> None:
    _code, out, session = run_game(["play no_such_card", "99", "target Q", "quit"])
    assert "not allowed: there is no card 'no_such_card'" in out
    assert "choose a number from 1 to" in out
    refused = out.rsplit("red>", 2)[-2]  # 'target Q' refused too, with what is awaited
    assert "not allowed: the game is waiting for red to choose: play <card>" in refused
    assert [s for s in session.record.steps if s.actor == "red"] == []


def test_handoff_prompt_hides_the_hand_until_enter() -> None:
    _code, out, _ = run_game(["", "quit"], bots=(), handoff=True)
    before, _, after = out.partition("Pass the screen to Red")
    assert "Your hand" not in before
    assert "Your hand (Red)" in after


def test_undo_save_and_load_commands(tmp_path: Path) -> None:
    save = tmp_path / "s.json"
    _, out, session = run_game(["1", "undo", "1", f"save {save}", "quit"])
    assert "undone." in out and f"saved to {save}" in out
    record = storage.load(save)
    assert record == session.record
    _, out, _ = run_game([f"load {save}", "quit"])
    assert f"loaded {save}" in out
    _code, out, _ = run_game([f"load {tmp_path / 'missing.json'}", "quit"])
    assert "no such file" in out


def test_quit_keeps_the_autosave_and_resume_continues(home: Path, monkeypatch) -> None:
    auto = home / "autosave.json"
    _code, out, session = run_game(["1", "ops", "quit"], autosave=auto)
    assert auto.exists() and storage.load(auto) == session.record
    assert "near-abroad play --text --resume" in out
    steps = len(session.record.steps)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\nquit\n"))
    assert main(["play", "--text", "--scenario", str(TINY), "--resume"]) == 0
    resumed = storage.load(auto)
    assert resumed.steps[:steps] == session.record.steps and resumed.seed == 2


def test_a_game_of_bots_runs_to_the_end() -> None:
    code, out, session = run_game([], bots=("red", "blue"))
    assert code == 0 and session.state.is_over()
    assert "=== Game over ===" in out


def cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        text=True,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env={"NEAR_ABROAD_HOME": str(ROOT / ".pytest_cache" / "home"), "PATH": "/usr/bin:/bin"},
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_play_with_bots_in_every_seat_from_the_command_line() -> None:
    code, out, err = cli("play", "--text", "--scenario", str(TINY), "--bots", "all")
    assert code == 0, err
    assert "=== Game over ===" in out and "Traceback" not in err


@pytest.mark.parametrize(
    "args, words",
    [
        (["play", "--text", "--scenario", str(TINY), "--bot", "rde"], "did you mean 'red'"),
        (["play", "--seed", "abc"], "a seed is a whole number, not 'abc'"),
        (["play", "--text", "--scenario", str(TINY), "--bot", "blue=smart"], "not a kind of bot"),
        (["simulate", "--games", "0", "--scenario", str(TINY)], "--games must be at least 1"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_give_usage_errors_without_tracebacks(args, words, capsys) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_play_on_broken_rules_prints_diagnostics(tmp_path: Path, capsys) -> None:
    (tmp_path / "scenario.yaml").write_text("id: x\n")
    with pytest.raises(SystemExit) as info:
        main(["play", "--text", "--scenario", str(tmp_path)])
    assert info.value.code == 1
    assert "E0202" in capsys.readouterr().err


def test_replay_prints_the_log_and_refuses_a_corrupt_file(tmp_path: Path, capsys) -> None:
    rules = load_ruleset(TINY)
    session = Session(rules, seed=3)
    while not session.state.is_over():
        session.act(session.state.legal_actions()[0])
    path = storage.save(session.record, tmp_path / "g.json")
    assert main(["replay", str(path), "--scenario", str(TINY)]) == 0
    out = capsys.readouterr().out
    assert "result:" in out and "draws" in out
    assert main(["replay", str(path), "--scenario", str(TINY), "--seat", "red"]) == 0
    red_view = capsys.readouterr().out
    assert "blue draws a card" in red_view
    assert not any(f"blue draws {c}" in red_view for c in rules.cards)
    path.write_text(json.dumps({"app": "near-abroad"})[:-3])
    assert main(["replay", str(path), "--scenario", str(TINY)]) == 1
    assert "E0502" in capsys.readouterr().err


def test_simulate_prints_a_summary(capsys) -> None:
    assert main(["simulate", "--games", "20", "--scenario", str(TINY)]) == 0
    out = capsys.readouterr().out
    assert "20 games of Tiny" in out and "win %" in out and "game length" in out


def seminar_game(lines: list[str]):
    from tests.scenario_kit import scenario

    rules = scenario(
        {
            "tracks": {"t": {"name": "T", "min": 0, "max": 10, "start": 0}},
            "arguments": {
                "corridor": {
                    "title": "A corridor opens",
                    "effects": [{"move_track": {"track": "t", "by": 2}}],
                }
            },
            "events": {"later": {"title": "Later", "trigger": {"turn": 3}}},
        },
        manifest={"matrix": {"enabled": True}},
    )
    session = Session(rules, seed=1, control=True)
    out = io.StringIO()
    game = TerminalGame(
        session,
        {"blue": RandomBot(3)},
        io.StringIO("\n".join(lines) + "\n"),
        out,
        None,
        handoff=True,
    )
    game.run()
    return out.getvalue(), game.session


def test_control_intervenes_from_the_terminal_with_a_reason() -> None:
    out, session = seminar_game(
        [
            "control",
            "",
            "injects",
            "adjust t:+3",
            "adjust t:+3 -- the talks collapse",
            "skip later -- cut for time",
            "done",
            "",
            "quit",
        ]
    )
    assert "Pass the screen to Control" in out
    assert "every intervention needs a reason" in out
    assert "later" in out and "turn 3" in out  # the MSEL listing
    steps = [(s.action, s.reason) for s in session.record.steps if s.actor == "control"]
    assert steps == [("adjust t:+3", "the talks collapse"), ("skip later", "cut for time")]
    assert session.state.tracks["t"] == 3


def test_a_seat_argues_and_control_adjudicates_in_the_terminal() -> None:
    out, session = seminar_game(
        [
            "argue corridor",
            "The wounded need a road out",
            "The Red Cross is on the spot",
            "",
            "approve",
            "quit",
        ]
    )
    argued = next(s for s in session.record.steps if s.action == "argue corridor")
    assert (argued.text, argued.reason) == (
        "The wounded need a road out",
        "The Red Cross is on the spot",
    )
    assert session.state.facts == (("red", "corridor"),)
    assert "Established facts" in out or "established fact" in out
