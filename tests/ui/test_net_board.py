"""The board over the network: a seat played from the keyboard through a server on 127.0.0.1
to the end of a game, each move shown only once the server accepted it; a lost connection is
said on screen and the board comes back by itself."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pygame
import pytest

from game.net.agents import rules_of, wait_update, wait_welcome
from game.net.client import Client
from game.net.remote_board import RemoteTable, open_board
from game.shipped import shipped
from game.ui import testing as ui
from game.ui.app import App
from game.ui.gui import overflowing
from game.ui.play import PlayScene
from tests.net_kit import create, server_thread


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def _board(url: str, game: str, token: str) -> tuple[App, RemoteTable, Client]:
    client = Client(url, game, token).start()
    welcome = wait_welcome(client, 30)
    rules = rules_of(welcome)
    table = RemoteTable(client, welcome, rules, wait_update(client, 30))
    app = App(scenario=shipped("rules", rules.id), size=(1280, 720), fps=0, bot_delay_ms=0)
    open_board(app, table)
    return app, table, client


def test_a_seat_plays_a_networked_game_on_the_board(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db") as (server, url, loop):
        bots = {"russia": "random", "west": "random", "separatists": "random"}
        made = create(url, "georgia-2008", seed=6, seats=bots)
        app, table, client = _board(url, made["game"], made["tokens"]["georgia"])
        room = server.rooms[made["game"]]
        try:
            scene = app.scene
            assert isinstance(scene, PlayScene) and table.viewer == "georgia"
            moves = sent_before_ack = 0
            turn = -1
            dropped = False
            deadline = time.monotonic() + 240
            for _ in range(40_000):
                if table.is_over() or time.monotonic() > deadline:
                    break
                ui.steps(app, 1)
                view = table.view()
                if view.turn != turn:
                    turn = view.turn
                    assert not overflowing(app.manager), f"turn {turn}"
                if table.pending is not None:
                    # Sent, not shown: the screen keeps the position the server last sent.
                    sent_before_ack += view.step == room.step or view.step < room.step
                    # A real board waits for its next frame here; spinning instead starves the
                    # server's thread in this process of the GIL (acks took ~1 s under load).
                    time.sleep(0.002)
                    continue
                if table.acting != "georgia" or not view.legal:
                    time.sleep(0.002)
                    continue
                if moves == 5 and not dropped:  # the connection drops mid-decision
                    dropped = True

                    async def drop() -> None:
                        for conn in list(server.conns[made["game"]]):
                            await conn.ws.close()

                    asyncio.run_coroutine_threadsafe(drop(), loop).result(10)
                    for _ in range(2000):
                        ui.steps(app, 1)
                        if not table.online:
                            break
                        time.sleep(0.002)
                    assert not table.online
                    # the banner, or a refused key's notice if one was posted as it dropped
                    assert app.notice is not None and "connection is lost" in (
                        app.notice[0].lower().replace("connection lost", "connection is lost")
                    )
                    for _ in range(3000):
                        ui.steps(app, 1)
                        if table.online and table.view().legal:
                            break
                        time.sleep(0.002)
                    # back on the server's position: where it was, or past a move the
                    # server accepted as the connection dropped (never a move it did not)
                    assert table.online and table.view().step in (view.step, room.step)
                    continue
                kind = view.decision.kind.value
                keys = {"card": [pygame.K_1, pygame.K_RETURN], "target": [pygame.K_TAB,
                        pygame.K_RETURN]}.get(kind, [pygame.K_1])  # fmt: skip
                for key in keys:
                    ui.post_key(key)
                    ui.steps(app, 1)
                moves += 1
            assert table.is_over(), (
                f"the game did not end: {moves} moves, turn {turn}, step {table.view().step}, "
                f"{time.monotonic() - deadline + 240:.0f} s, pending {table.pending}"
            )
            assert moves > 20 and dropped and sent_before_ack > 0
            assert room.session.state.is_over()
            assert table.view().vp == room.session.state.view_for("georgia").vp
            ui.steps(app, 3)
            assert app.notice is not None and "The game is over" in app.notice[0]
        finally:
            client.close()


def test_the_start_screen_joins_a_networked_game(tmp_path: Path) -> None:
    with server_thread(tmp_path / "games.db") as (_, url, _):
        made = create(url, "georgia-2008", seed=3)
        app = App(scenario=shipped("rules", "georgia-2008"), size=(1280, 720), fps=0)
        ui.steps(app, 2)
        ui.click(app, ui.find(app, "#join"))
        assert ui.find(app, "#join_window") is not None
        go = ui.find(app, "#join_go")
        ui.find(app, "#join_url").set_text("http://wrong")  # type: ignore[union-attr]
        ui.click(app, go)
        assert "ws://HOST:PORT" in app.scene.join_dialog.status.text  # type: ignore[attr-defined]
        ui.find(app, "#join_url").set_text(url)  # type: ignore[union-attr]
        ui.find(app, "#join_game").set_text(made["game"])  # type: ignore[union-attr]
        ui.find(app, "#join_token").set_text("not-the-token")  # type: ignore[union-attr]
        ui.click(app, go)
        dialog = app.scene.join_dialog  # type: ignore[attr-defined]
        for _ in range(500):
            ui.steps(app, 1)
            if dialog.client is None:
                break
            time.sleep(0.01)
        assert "no game with that id and token" in dialog.status.text
        assert not overflowing(app.manager)
        ui.find(app, "#join_token").set_text(made["tokens"]["georgia"])  # type: ignore[union-attr]
        ui.click(app, go)
        for _ in range(1000):
            ui.steps(app, 1)
            if isinstance(app.scene, PlayScene):
                break
            time.sleep(0.01)
        scene = app.scene
        assert isinstance(scene, PlayScene) and isinstance(scene.table, RemoteTable)
        assert scene.table.viewer == "georgia" and not overflowing(app.manager)
        scene.table.client.close()


def test_control_sets_the_servers_timer_and_pauses_from_the_board(tmp_path: Path) -> None:
    """On a networked board Control's Timer tab and pause button act on the server's timer
    (no second clock runs on the screen), and the top bar shows the server's countdown."""
    with server_thread(tmp_path / "games.db") as (server, url, _):
        made = create(url, "georgia-2008", seed=3, control=True)
        room = server.rooms[made["game"]]
        app, table, client = _board(url, made["game"], made["control"])
        try:
            ui.steps(app, 2)
            ui.click(app, ui.find(app, "#tab_timer"))
            ui.find(app, "#timer_seconds").set_text("75")  # type: ignore[union-attr]
            ui.click(app, ui.find(app, "#timer_set"))
            for _ in range(500):
                ui.steps(app, 1)
                if table.update.get("timer_seconds") == 75:
                    break
                time.sleep(0.01)
            assert room.timer.seconds == 75 and table.update["timer_seconds"] == 75
            scene = app.scene
            assert isinstance(scene, PlayScene)
            shown = scene.desk.keeper.text()
            assert shown.startswith("01:1") or shown.startswith("01:0"), shown
            ui.click(app, ui.find(app, "#ctl_pause"))
            for _ in range(500):
                ui.steps(app, 1)
                if table.paused:
                    break
                time.sleep(0.01)
            assert room.paused and scene.desk.keeper.text().endswith("(paused)")
            assert not overflowing(app.manager)
        finally:
            client.close()
