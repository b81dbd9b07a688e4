"""Helpers for the network tests: a server on 127.0.0.1 in a thread or in a process of its
own, and one-shot requests. Every wait is bounded in time."""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from game.net.commands import request
from game.net.server import Server
from game.net.store import Store

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def server_thread(
    db: Path, origins: list[str | None] | None = None, **kw: Any
) -> Iterator[tuple[Server, str, asyncio.AbstractEventLoop]]:
    """A server in a thread of this process: (server, url, its loop)."""
    server = Server(Store(db), **kw)
    server.load_all()
    port = free_port()
    ready = threading.Event()
    box: dict[str, Any] = {}

    def main() -> None:
        async def go() -> None:
            box["loop"] = asyncio.get_running_loop()
            box["stop"] = asyncio.Event()
            await server.run(
                HOST, port, origins=origins, started=lambda _: ready.set(), stop=box["stop"]
            )

        asyncio.run(go())

    t = threading.Thread(target=main, daemon=True)
    t.start()
    assert ready.wait(20), "the server did not start"
    try:
        yield server, f"ws://{HOST}:{port}", box["loop"]
    finally:
        box["loop"].call_soon_threadsafe(box["stop"].set)
        t.join(20)
        server.store.close()


class ServerProcess:
    """``near-abroad serve`` in a process of its own (so it can be killed with SIGKILL)."""

    def __init__(self, db: Path, port: int | None = None):
        self.db, self.port = db, port or free_port()
        self.url = f"ws://{HOST}:{self.port}"
        self.proc: subprocess.Popen[str] | None = None
        self.banner = ""
        self.said: collections.deque[str] = collections.deque(maxlen=300)
        """The server's last lines (its log included): what a failing test shows."""

    def start(self, timeout: float = 60) -> ServerProcess:
        cmd = [sys.executable, "-m", "game", "serve", "--db", str(self.db)]
        self.proc = subprocess.Popen(
            [*cmd, "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"the server exited: {self.proc.wait(5)}: {self.output()}")
            self.said.append(line)
            if "resumed" in line:
                self.banner = line.strip()
            if line.startswith("serving on"):
                threading.Thread(target=self._drain, daemon=True).start()
                return self
        raise AssertionError("the server did not start in time")

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.said.append(line)

    def output(self) -> str:
        return "".join(self.said)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(20)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def replayed(exported: dict[str, Any]) -> Any:
    """The final state of an exported game, replayed with its checkpoints checked; its session
    log's last digest must be that state's."""
    from game.ruleset.load import load_ruleset
    from game.session.record import from_data
    from game.session.replay import replay_states
    from game.shipped import shipped

    record = from_data(exported["save"])
    states = replay_states(record, load_ruleset(shipped("rules", record.ruleset_id)))
    last = [e for e in exported["journal"] if "digest" in e][-1]
    assert last["digest"] == states[-1].digest()
    return states[-1]


def create(url: str, scenario: str, seed: int = 5, **kw: Any) -> dict[str, Any]:
    msg = {"type": "create", "seq": 1, "scenario": scenario, "seed": seed, **kw}
    return request(url, msg, "created")


def export(url: str, game: str, control: str) -> dict[str, Any]:
    return request(url, {"type": "export", "seq": 1, "game": game, "token": control}, "exported")
