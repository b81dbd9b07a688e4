"""The terminal over the network: a person's seat played to the end through a server on
127.0.0.1, with the others played by the server's bots; what it prints is the game in words."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path
from typing import Any

from game.net.client import Client
from game.net.remote_text import RemoteTerminal
from tests.net_kit import create, server_thread


class Typist(io.TextIOBase):
    """Types '1' (the first option) each time the terminal asks this seat to decide, after a
    few words that are not moves; gives up after a bounded number of lines."""

    def __init__(self) -> None:
        self.term: RemoteTerminal | None = None
        self.answered = -2
        self.script = ["help", "hand", "fly away", "play no_such_card", "say we need a recess"]
        self.lines = 0

    def readline(self, size: int | None = -1) -> str:
        self.lines += 1
        if self.lines > 2000:
            return ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            term = self.term
            if term is not None and term.view is not None:
                if term.view.result is not None:
                    return ""
                if term.asked != self.answered and term.view.legal:
                    if self.script:  # the first time: words that are not moves
                        return self.script.pop(0) + "\n"
                    self.answered = term.asked
                    return "1\n"
            time.sleep(0.01)
        return ""


def run_terminal(client: Client, typed: Any, timeout: float) -> tuple[list[int], str]:
    """Run a terminal client on ``typed`` input in a thread (bounded by ``timeout``): its
    exit codes (one when it finished) and everything it printed."""
    out = io.StringIO()
    term = RemoteTerminal(client.start(), typed, out)
    typed.term = term
    done: list[int] = []
    t = threading.Thread(target=lambda: done.append(term.run()), daemon=True)
    t.start()
    t.join(timeout)
    client.close()
    return done, out.getvalue()


def test_a_seat_plays_a_whole_game_in_the_terminal_over_the_network(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db") as (server, url, _):
        seats = {"russia": "random", "west": "random", "separatists": "random"}
        made = create(url, "georgia-2008", seed=8, seats=seats)
        client = Client(url, made["game"], made["tokens"]["georgia"])
        done, text = run_terminal(client, Typist(), 180)
        assert done == [0], text[-2000:]
        assert "you are Georgia" in text and "=== Turn 1/" in text
        assert "Game over" in text
        assert "Commands:" in text and "unknown action 'fly'" in text  # help; not a move
        assert "'play no_such_card' is not an option now" in text
        assert "(waiting for " in text and "Georgia: " in text
        assert max(len(line) for line in text.splitlines()) <= 100
        said = [d for _, _, d in server.store.events(made["game"], "message")]
        assert said == [{"sender": "georgia", "to": "control", "text": "we need a recess",
                         "step": said[0]["step"]}]  # fmt: skip


class Script(io.TextIOBase):
    """Types each line once the check before it holds (bounded waits), then leaves."""

    def __init__(self, steps: list[tuple[str, object]]) -> None:
        self.steps = steps
        self.term: RemoteTerminal | None = None

    def readline(self, size: int | None = -1) -> str:
        deadline = time.monotonic() + 30
        while self.term is None or self.term.view is None:
            if time.monotonic() > deadline:
                return ""
            time.sleep(0.01)
        if not self.steps:
            return ""
        line, ready = self.steps.pop(0)
        while not ready() and time.monotonic() < deadline:  # type: ignore[operator]
            time.sleep(0.01)
        return line + "\n"


def test_control_pauses_and_sets_the_timer_from_the_terminal(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db") as (server, url, _):
        made = create(url, "georgia-2008", seed=8, control=True)
        room = server.rooms[made["game"]]
        # Each step waits for what this screen was told (the server may fold two changes
        # made in a row into one update), not only for the server's state.
        shown = lambda: script.term is not None and script.term.paused  # noqa: E731
        script = Script([
            ("pause", lambda: True),
            ("timer 45", lambda: room.paused and shown()),
            ("timer soon", lambda: room.timer.seconds == 45),
            ("resume", lambda: True),
            ("quit", lambda: not room.paused and not shown()),
        ])  # fmt: skip
        done, text = run_terminal(Client(url, made["game"], made["control"]), script, 60)
        assert done == [0], text[-2000:]
        assert not room.paused and room.timer.seconds == 45
        assert "[Control paused the game]" in text and "[the game goes on]" in text
        assert "timer SECONDS: a whole number" in text
        kinds = [k for _, k, _ in server.store.events(made["game"]) if k in ("pause", "timer")]
        assert kinds == ["pause", "timer", "pause"]
