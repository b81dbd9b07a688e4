"""The terminal shows the game: hand-offs that clear the screen and refuse typed moves, turn
banners, injects, dice and scoring as they happen, bots' moves and their results, a board of
names, every line within 100 columns, and a resumed game that reprints the position."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from game.ai.registry import make_bot
from game.cli import main
from game.ruleset.load import load_ruleset
from game.session.session import Session
from game.terminal import TerminalGame
from tests.scenario_kit import ROOT

CAUCASUS = ROOT / "rules" / "caucasus-2020"


class Tty(io.StringIO):
    """An output that says it is a terminal (the hand-off clears it)."""

    def isatty(self) -> bool:
        return True


def play(lines: list[str], humans: tuple[str, ...], out: io.StringIO, seed: int = 4) -> Session:
    rules = load_ruleset(CAUCASUS)
    session = Session(rules, seed=seed)
    bots = {s: make_bot("random", s, rules, "easy", seed) for s in rules.seats if s not in humans}
    TerminalGame(session, bots, io.StringIO("\n".join(lines) + "\n"), out).run()
    return session


def test_a_two_human_game_shows_what_happens_in_names_within_100_columns() -> None:
    out = Tty()
    # Russia and Armenia are people: each takes the screen, plays the first listed action
    # until the input ends; "hand" typed at a hand-off is refused, not played.
    session = play(["hand", ""] + ["1", ""] * 60, ("russia", "armenia"), out)
    text = out.getvalue()
    # a test's input is not echoed: a prompt and the next output share a line; split them
    lines = re.sub(r"(\w+> |Pass the screen[^:]*: )", "\n", text).splitlines()
    too_wide = [line for line in lines if len(line) > 100]
    assert not too_wide, too_wide[:5]
    assert text.count("\033[H\033[2J\033[3J") >= 2  # the screen is cleared at each hand-off
    assert "('hand' was not taken: the hand-off waits for Enter alone.)" in text
    assert "=== Week 1: the war begins" in text  # the turn's banner
    assert "Inject M-01 \u2018War along the line of contact\u2019" in text  # start-of-turn inject
    assert re.search(r"\[Azerbaijan \(bot\)\] Azerbaijan plays", text)  # a bot's move ...
    assert re.search(r"  \u00b7 Azerbaijan(\u2019s)? ", text)  # ... and what came of it
    assert "Roll " in text or "scores" in text  # dice or scoring reached the screen
    assert not re.search(r"\b(russia|azerbaijan|armenia)\b", text.split("Type 'help'")[1]
                         .replace("russia>", "").replace("armenia>", ""))  # fmt: skip
    assert session.state.turn >= 1


def test_all_bots_print_turns_events_and_the_board() -> None:
    out = io.StringIO()
    session = play([], (), out, seed=6)
    text = out.getvalue()
    assert session.state.is_over() and "=== Game over ===" in text
    assert text.count("=== Turn ") >= 2  # the board at each turn's start
    assert text.count("=== Week ") >= 2  # the banners
    assert "scores" in text
    assert [line for line in text.splitlines() if len(line) > 100] == []


def test_a_resumed_game_reprints_the_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    args = ["play", "--text", "--seed", "3", "--bots", "heuristic", "--bot", "russia=human"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nquit\n"))
    assert main(args) == 0
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert main(["play", "--text", "--resume"]) == 0
    text = out.getvalue()
    assert "Resumed after step" in text and "=== Turn 1/10" in text and "Tracks:" in text
