"""Seminar life on a networked game, on 127.0.0.1: Control steps in from its own screen, the
phase timer is the server's, the exported game makes the after-action report and team copies,
and the door holds (size, rate and origin limits)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from game.cli import main
from game.net import protocol as p
from game.net.agents import rules_of, wait_update, wait_welcome
from game.net.client import Client
from game.net.remote_board import RemoteTable
from game.session.timer import PhaseTimer
from tests.net_kit import create, export, server_thread


def _hello(ws: object, game: str, token: str) -> None:
    ws.send(json.dumps({"type": "hello", "v": 2, "game": game, "token": token}))  # type: ignore[attr-defined]


def test_control_steps_in_from_its_own_connection(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db") as (server, url, _):
        made = create(url, "caucasus-2020", seed=4, control=True)
        room = server.rooms[made["game"]]
        client = Client(url, made["game"], made["control"]).start()
        try:
            welcome = wait_welcome(client, 30)
            rules = rules_of(welcome)
            table = RemoteTable(client, welcome, rules, wait_update(client, 30))
            assert table.control and table.viewer == "control"
            table.reveal()  # the board uncovers for whoever decides: here, always Control
            assert table.viewer == "control" and table.control_at_screen()
            assert set(table.view().hands) == set(rules.manifest.seats)  # Control sees all
            before = room.session.state.tracks["ceasefire"]
            assert table.intervene("adjust ceasefire:+2", "talks in Moscow") == [
                "Sent to the server."
            ]
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and table.view().tracks["ceasefire"] == before:
                table.poll()
                time.sleep(0.01)
            assert table.view().tracks["ceasefire"] == before + 2
            step = room.session.record.steps[-1]
            assert step.actor == "control" and step.reason == "talks in Moscow"
            # A team's board cannot step in.
            seat = Client(url, made["game"], made["tokens"]["russia"]).start()
            w2 = wait_welcome(seat, 30)
            team = RemoteTable(seat, w2, rules, wait_update(seat, 30))
            with pytest.raises(Exception, match="only Control"):
                team.intervene("adjust ceasefire:+1", "no")
            # Control's Pause button pauses the game on the server, for every screen.
            table.paused = True  # what the panel's button does
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not (team.paused and table.paused):
                table.poll()
                team.poll()
                time.sleep(0.01)
            assert room.paused and team.paused and table.paused
            team.paused = False  # a team's screen cannot resume it
            time.sleep(0.2)
            assert room.paused
            table.paused = False
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and team.paused:
                team.poll()
                time.sleep(0.01)
            assert not room.paused and not team.paused
            seat.close()
        finally:
            client.close()


def test_the_server_keeps_the_phase_timer(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db") as (server, url, _):
        made = create(url, "georgia-2008", seed=4)
        room = server.rooms[made["game"]]
        now = [0.0]
        room.timer = PhaseTimer(30, lambda: now[0], "pass")
        seat = room.session.state.current_actor()
        before = room.step
        room.tick()
        now[0] += 29
        assert not room.tick().moved and room.step == before
        now[0] += 2
        out = room.tick()
        legal = room.session.states[before].legal_actions()
        if any(a.kind in ("pass", "done") for a in legal):
            assert out.moved and room.session.record.steps[before].actor == seat
            assert room.session.record.steps[before].action in ("pass", "done")
        else:  # nothing to pass: Control is told
            assert [m.to for m in out.messages] == ["control"]
        room.timer = PhaseTimer(30, lambda: now[0], "control")
        room.tick()  # the countdown starts for the seat now deciding
        now[0] += 100
        told = room.tick()
        assert not told.moved and told.messages[0].text.startswith("Time is up for ")


def test_an_exported_game_makes_the_report_and_the_team_copies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with server_thread(tmp_path / "games.db") as (server, url, _):
        seats = {s: "random" for s in ("russia", "west", "separatists", "georgia")}
        made = create(url, "georgia-2008", seed=9, seats=seats, control=True)
        room = server.rooms[made["game"]]
        deadline = time.monotonic() + 120
        while not room.session.state.is_over() and time.monotonic() < deadline:
            if room.session.state.current_actor() == "control":  # rule arguments at once
                legal = room.session.state.legal_actions()
                room.session.act(legal[0], "control")
                server.kick(room.id)
            time.sleep(0.02)
        save, log = tmp_path / "game.json", tmp_path / "game.jsonl"
        args = ["export", url, "--game", made["game"], "--token", made["control"]]
        assert main([*args, "--out", str(save), "--log", str(log)]) == 0
        assert main(["replay", str(save)]) == 0
        assert main(["report", str(log), "--out", str(tmp_path / "control")]) == 0
        team = tmp_path / "georgia"
        assert main(["report", str(save), "--seat", "georgia", "--out", str(team)]) == 0
        assert (team / "report.html").is_file()
        printed = capsys.readouterr()
        assert "wrote" in printed.out and "Traceback" not in printed.err
        exported = export(url, made["game"], made["control"])
        assert exported["save"]["steps"] == json.loads(save.read_text())["steps"]
        bad = main(["export", url, "--game", made["game"], "--token", made["observer"],
                    "--out", str(tmp_path / "x.json")])  # fmt: skip
        assert bad == 1 and "only Control" in capsys.readouterr().err


def test_the_door_holds_size_rate_and_origin(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db", rate=20.0, burst=10) as (_, url, _):
        made = create(url, "georgia-2008", seed=1)
        with connect(url) as ws:  # a frame over the limit closes the connection (1009)
            ws.send("x" * (p.MAX_MESSAGE_BYTES + 10))
            with pytest.raises(ConnectionClosed) as closed:
                for _ in range(5):
                    ws.recv(timeout=5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        with connect(url) as ws:  # a burst past the rate limit gets 'rate-limited' replies
            for n in range(40):
                ws.send(json.dumps({"type": "ping", "v": 2, "seq": n}))
            codes = []
            for _ in range(40):
                codes.append(json.loads(ws.recv(timeout=5)).get("code"))
            assert "rate-limited" in codes and codes.count(None) >= 10
            time.sleep(0.6)  # the bucket refills
            ws.send(json.dumps({"type": "ping", "v": 2, "seq": 99}))
            assert json.loads(ws.recv(timeout=5))["type"] == "pong"
        with connect(url) as ws:  # a connection survives its bad messages
            ws.send("{not json")
            assert json.loads(ws.recv(timeout=5))["code"] == "not-json"
            _hello(ws, made["game"], made["observer"])
            assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
    origins: list[str | None] = [None, "https://wargame.example"]
    with server_thread(tmp_path / "o.db", origins=origins) as (_, url, _):
        evil = "https://evil.example"
        with pytest.raises(InvalidStatus) as refused, connect(url, origin=evil):  # type: ignore[arg-type]
            pass
        assert refused.value.response.status_code == 403
        with connect(url, origin="https://wargame.example") as ws:  # type: ignore[arg-type]
            ws.send(json.dumps({"type": "ping", "v": 2}))
            assert json.loads(ws.recv(timeout=5))["type"] == "pong"


def test_a_message_waits_for_a_team_that_was_away_and_everyone_sees_who_left(
    tmp_path: Path,
) -> None:
    with server_thread(tmp_path / "games.db") as (_, url, _):
        made = create(url, "georgia-2008", seed=4, control=True)
        control = Client(url, made["game"], made["control"]).start()
        watcher = Client(url, made["game"], made["observer"]).start()
        try:
            wait_welcome(control, 30)
            ref = control.send("say", text="come to room 2", to="georgia")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                msg = control.next(0.1)
                if msg is not None and msg.get("ref") == ref:
                    break
            assert msg is not None and msg["type"] == "ack"
            team = Client(url, made["game"], made["tokens"]["georgia"]).start()
            got = []
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not got:
                msg = team.next(0.1)
                if msg is not None and msg["type"] == "message":
                    got.append(msg)
            assert got and got[0]["text"] == "come to room 2" and got[0]["sender"] == "control"

            def online_until(want: bool) -> list[str]:
                """The watcher's updates until one has georgia online (or not)."""
                deadline, online = time.monotonic() + 20, []
                while time.monotonic() < deadline:
                    msg = watcher.next(0.1)
                    if msg is not None and msg["type"] == "update":
                        online = msg["online"]
                        if ("georgia" in online) == want:
                            break
                return list(online)

            assert "georgia" in online_until(True)
            team.close()
            online = online_until(False)
            assert "georgia" not in online and "control" in online
        finally:
            control.close()
            watcher.close()


def test_creating_games_has_a_quota(tmp_path: Path) -> None:
    """Anyone who reaches the server may create games, so there are two limits: games kept
    in all, and games one address creates in an hour. A refusal says which and what to do."""

    def one_more(url: str) -> dict[str, Any]:
        with connect(url) as ws:
            ws.send(json.dumps({"type": "create", "v": 2, "seq": 3, "scenario": "georgia-2008"}))
            return dict(json.loads(ws.recv(timeout=10)))

    with server_thread(tmp_path / "a.db", creates_per_hour=2) as (server, url, _):
        create(url, "georgia-2008", seed=1)
        create(url, "georgia-2008", seed=2)
        got = one_more(url)
        assert got["code"] == "quota" and "2 new games an hour" in got["reason"]
        assert len(server.rooms) == 2
    with server_thread(tmp_path / "b.db", max_games=1) as (server, url, _):
        create(url, "georgia-2008", seed=1)
        got = one_more(url)
        assert got["code"] == "quota" and "--max-games" in got["reason"]
        assert len(server.rooms) == 1


def test_a_scenario_the_server_offers_from_a_folder_is_joined_with_the_same_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """serve --scenarios DIR offers a scenario that is not shipped; a client joins it with
    join --scenarios DIR (the same folder), and without it is told to give one."""
    import shutil

    offered = tmp_path / "offered"
    shutil.copytree(Path(__file__).parents[1] / "scenarios" / "tiny", offered / "tiny-copy")
    with server_thread(tmp_path / "games.db", scenario_roots=(offered,)) as (server, url, _):
        made = create(url, "tiny-copy", seed=3, seats={"blue": "random"})
        join = ["join", url, "--game", made["game"], "--token", made["tokens"]["red"]]
        assert main([*join, "--bot", "random"]) == 1
        err = capsys.readouterr().err
        assert "no scenario 'tiny-copy'" in err and "--scenarios DIR" in err
        assert main([*join, "--bot", "random", "--scenarios", str(offered)]) == 0
        assert "decisions sent" in capsys.readouterr().out
        assert server.rooms[made["game"]].session.state.is_over()
