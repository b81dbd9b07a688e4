"""Network play end to end, on 127.0.0.1 only: bots in their own processes finish a game, a
server killed with SIGKILL resumes and loses no acknowledged action, a client reconnects in
the middle of a decision. Every wait is bounded in time."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from game.net.agents import play_bot
from game.net.client import Client
from tests.net_kit import ServerProcess, create, export, replayed, server_thread


def test_six_bots_in_six_processes_play_a_whole_game(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "games.db").start()
    try:
        made = create(server.url, "caucasus-2020", seed=11)
        join = [sys.executable, "-m", "game", "join", server.url, "--game", made["game"]]
        procs = [
            subprocess.Popen(
                [*join, "--token", token, "--bot", "random"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for token in made["tokens"].values()
        ]
        end = time.monotonic() + 300  # a wait for six processes, not a timing check
        outs = []
        for proc in procs:
            try:
                outs.append(proc.communicate(timeout=max(1.0, end - time.monotonic()))[0])
            except subprocess.TimeoutExpired:
                for other in procs:
                    other.kill()
                said = [other.communicate()[0][-1500:] for other in procs]
                raise AssertionError(
                    f"the bots did not finish in 300 s; they said: {said}; "
                    f"the server: {server.output()[-3000:]}"
                ) from None
        assert [proc.returncode for proc in procs] == [0] * 6, outs
        assert all("the game is over" in out for out in outs)
        final = replayed(export(server.url, made["game"], made["control"]))
        assert final.is_over()
    finally:
        server.stop()


def _steps(db: Path, game: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT COUNT(*) FROM steps WHERE game = ?", (game,)).fetchone()[0])


def test_a_server_killed_mid_game_resumes_and_loses_no_acknowledged_action(
    tmp_path: Path,
) -> None:
    db = tmp_path / "games.db"
    server = ServerProcess(db).start()
    made = create(server.url, "georgia-2008", seed=3)
    acked: dict[str, list[tuple[int, str]]] = {s: [] for s in made["tokens"]}
    errors: list[BaseException] = []
    clients = [Client(server.url, made["game"], t, detail=False) for t in made["tokens"].values()]

    def bot(seat: str, client: Client) -> None:
        try:
            play_bot(client.start(), "random", seed=1, timeout=240, acked=acked[seat])
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=bot, args=(s, c), daemon=True)
               for s, c in zip(made["tokens"], clients, strict=True)]  # fmt: skip
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while _steps(db, made["game"]) < 60 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _steps(db, made["game"]) >= 60, f"the game did not get going: {errors}"
        server.kill()  # SIGKILL: no goodbye, no flush
        kept = _steps(db, made["game"])
        time.sleep(0.5)
        server = ServerProcess(db, server.port).start()
        assert server.banner.startswith("1 game(s) resumed")
        for t in threads:
            t.join(240)
        assert not errors and not any(t.is_alive() for t in threads)
        assert all(c.connects >= 2 for c in clients), "every client reconnected by itself"
        exported = export(server.url, made["game"], made["control"])
        steps = exported["save"]["steps"]
        assert len(steps) > kept
        for seat, answered in acked.items():  # every acknowledged decision is in the game
            for step, action in answered:
                assert steps[step]["action"] == action and steps[step]["actor"] == seat
        assert replayed(exported).is_over()
    finally:
        for c in clients:
            c.close()
        server.stop()


def _wait(client: Client, want: Any, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = client.next(0.1)
        if msg is not None and want(msg):
            return msg
    raise AssertionError("the awaited message did not come")


def _mine(seat: str) -> Any:
    return lambda m: m["type"] == "update" and m["view"]["acting"] == seat


def test_reconnecting_mid_decision_and_refusals_over_the_wire(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db") as (server, url, loop):
        made = create(url, "georgia-2008", seed=2)
        seats = list(made["tokens"])
        clients = {s: Client(url, made["game"], made["tokens"][s]).start() for s in seats}
        try:
            first = _wait(clients[seats[0]], _mine(seats[0]))
            mover = seats[0]
            client = clients[mover]
            room = server.rooms[made["game"]]
            before = room.step

            async def drop() -> None:
                for conn in list(server.conns[made["game"]]):
                    if conn.role is not None and conn.role.seat == mover:
                        await conn.ws.close()

            asyncio.run_coroutine_threadsafe(drop(), loop).result(10)
            _wait(client, lambda m: m["type"] == "status" and m["status"] == "reconnecting")
            again = _wait(client, _mine(mover))
            assert again["reset"] and again["step"] == first["step"] == before
            assert again["digest"] == first["digest"] and again["view"] == first["view"]
            legal = [f"{a['kind']} {a['arg']}".strip() for a in again["view"]["legal"]]
            # Another seat's token cannot answer this decision, nor can a stale message.
            other = clients[seats[1]]
            ref = other.act(legal[0])
            refused = _wait(other, lambda m: m.get("ref") == ref)
            assert refused["type"] == "refused" and refused["code"] == "not-yours"
            ref = client.send("act", step=before - 1, digest=again["digest"], action=legal[0])
            assert _wait(client, lambda m: m.get("ref") == ref)["code"] == "stale"
            assert room.step == before
            ref = client.act(legal[0])
            ack = _wait(client, lambda m: m.get("ref") == ref)
            assert ack["type"] == "ack" and ack["step"] > before
            dup = client.send("act", step=before, digest=again["digest"], action=legal[0])
            assert _wait(client, lambda m: m.get("ref") == dup)["code"] == "stale"
            assert room.step == ack["step"]
            # Bad input on the wire: an error reply, and the connection stays usable.
            raw = Client(url, made["game"], "wrong-token", attempts=1).start()
            err = _wait(raw, lambda m: m["type"] == "error")
            assert err["code"] == "bad-token"
            raw.close()
        finally:
            for c in clients.values():
                c.close()
    json.dumps(made)  # the created answer is plain JSON
