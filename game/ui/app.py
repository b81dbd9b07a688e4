"""The window and its loop: scenes (start, board, game over), global keys, notices.

:func:`game.ui.launch.run` opens it for ``near-abroad play``. It never shows a
traceback for bad input: a bad scenario, seat name or save file ends on the
start screen with a message. The loop is an ordinary pygame loop, so tests
drive it with posted events (``App.step``) exactly as a player would.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import pygame

from game.engine import CONTROL
from game.i18n import _
from game.render import style
from game.ruleset.model import Ruleset
from game.session import storage
from game.session.paths import autosave_path, data_dir
from game.session.replay import resume as resume_session
from game.session.settings import keep_settings
from game.ui import gui
from game.ui.controller import Table, make_bots, now
from game.ui.gameover import GameOverScene
from game.ui.mods_list import active_for, resolve
from game.ui.play import PlayScene
from game.ui.reload import Reloader, reload_scene
from game.ui.replay_view import ReplayScene
from game.ui.saves import OpenedSave, open_save
from game.ui.scenarios import StartRequest
from game.ui.seminar import TimerKeeper, journal_path
from game.ui.start import StartScene

TITLE = "Near Abroad"
MIN_SIZE = (1024, 640)


class Scene(Protocol):
    def handle(self, event: pygame.event.Event) -> None: ...
    def update(self, dt_ms: float) -> None: ...
    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None: ...
    def draw_over(self, surface: pygame.Surface, texts: list[str] | None) -> None: ...
    def resize(self, size: tuple[int, int]) -> None: ...
    def close(self) -> None: ...


class App:
    """The game window. Build it, then ``run()`` (or ``step()`` frame by frame in tests)."""

    def __init__(
        self,
        *,
        scenario: str | Path,
        seed: int = 1,
        bots: Sequence[str] = (),
        size: tuple[int, int] = (1600, 900),
        fps: int = 60,
        bot_delay_ms: int = 350,
        handoff: bool = True,
        clock: Callable[[], float] = time.monotonic,
        control: bool = False,
        mods: Sequence[str] = (),
        scale: float = 1.0,
    ):
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        pygame.display.init()
        pygame.font.init()
        self.size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        self.scale = scale
        self.screen = self._open_window(scale)
        pygame.display.set_caption(TITLE)
        pygame.key.set_repeat(350, 40)
        self.manager = gui.make_manager(self.size)
        gui.use_language(self.manager)
        self.scenario = str(scenario)
        self.seed = seed
        self.bots = tuple(bots)
        self.fps = fps
        self.bot_delay_ms = bot_delay_ms
        self.handoff = handoff
        self.control = control
        """Start new games with a Control cell (the start screen's toggle remembers it)."""
        self.clock = clock
        self.ticker = pygame.time.Clock()
        self.running = True
        self.frames = 0
        self.texts: list[str] = []
        self.notice: tuple[str, float] | None = None
        self.mods, unknown = resolve(mods)
        """The active mod folders: every ruleset the window loads has those of its scenario."""
        self.reloader = Reloader(self.manager, self.say)
        message = f"No such mod folder or installed mod: {', '.join(unknown)}" if unknown else ""
        self.scene: Scene = self._start_scene(message)

    def _open_window(self, scale: float) -> pygame.Surface:
        """The window: at the board's size, or larger by ``scale`` on a HiDPI screen (SDL
        scales the board's pixels; the mouse maps back). Headless (SDL's dummy driver) has
        no renderer to scale with, so it draws unscaled."""
        if scale != 1.0 and pygame.display.get_driver() != "dummy":
            try:
                screen = pygame.display.set_mode(self.size, pygame.SCALED | pygame.RESIZABLE)
                window = pygame.Window.from_display_module()
                window.size = (round(self.size[0] * scale), round(self.size[1] * scale))
                return screen
            except pygame.error as exc:
                print(f"near-abroad: cannot scale the window ({exc}); drawing it at 1.0",
                      file=sys.stderr)  # fmt: skip
        return pygame.display.set_mode(self.size, pygame.RESIZABLE)

    # -- scenes ------------------------------------------------------------------------------
    def goto(self, scene: Scene) -> None:
        self.scene.close()
        self.scene = scene

    def _start_scene(self, message: str = "") -> StartScene:
        return StartScene(
            self.manager,
            self.size,
            scenario=self.scenario,
            seed=self.seed,
            bots=self.bots,
            on_start=self.start,
            message=message,
            control=self.control,
            mods=self.mods,
            on_mods=self._set_mods,
            on_join=self.join,
            on_language=self.set_language,
        )

    def set_language(self, code: str) -> None:
        """The player picked a language on the start screen: kept in the settings for the
        next launch, and the start screen built again in it (with the scenario's words)."""
        from game.i18n import set_language

        problem = set_language(code)
        gui.use_language(self.manager, code)
        try:
            keep_settings(language=code)
        except OSError as exc:
            problem = problem or f"The language is not kept for the next launch: {exc}"
        self.to_start(problem)

    def join(self, table: Any) -> None:
        """A networked game from the start screen's Join window: its board."""
        from game.net.remote_board import open_board

        open_board(self, table)

    def _set_mods(self, mods: tuple[str, ...]) -> None:
        self.mods = mods

    def to_start(self, message: str = "") -> None:
        self.goto(self._start_scene(message))

    def start(self, request: StartRequest) -> None:
        """Start what the start screen asked for; problems go back to it as a message."""
        if request.load is not None:
            if request.replay:
                self.open_replay(request.load, request.scenario)
            else:
                self.open_save(request.load, request.scenario)
            return
        assert request.rules is not None
        self.scenario = request.scenario or self.scenario
        self.seed = request.seed
        self.bots = tuple(f"{s.seat}={s.bot}" for s in request.seats if s.kind == "bot")
        self.control = request.control
        log = journal_path(request.rules) if request.control else None
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            kept = storage.set_aside(autosave_path(), stamp)
        except OSError as exc:
            self._refuse(f"Cannot keep the autosaved game aside: {exc.strerror or exc}")
            return
        try:
            table = Table.new(
                request.rules,
                request.seats,
                request.seed,
                autosave=autosave_path(),
                handoff=self.handoff,
                control=request.control,
                journal=log,
            )
        except OSError as exc:
            self._refuse(f"Cannot start the session log {log}: {exc.strerror or exc}")
            return
        self.play(table)
        if kept is not None:
            self.say(
                _("The game autosaved before is kept as {name} in the saves folder").format(
                    name=kept.name
                )
            )
        if log is not None:
            self.say(_("Seminar game: the session log is {path}").format(path=log))

    def _open(self, path: str, scenario: str | None) -> OpenedSave | None:
        """A save file with its rules, or None after the start screen says why not."""
        got = open_save(path, scenario, self.scenario, self.mods)
        if isinstance(got, str):
            self._refuse(got)
            return None
        return got

    def _use_mods(self, rules: Ruleset, mods: Sequence[str]) -> None:
        """A save opened: its mods become the active ones of its scenario (F5 reloads them)."""
        other = [p for p in self.mods if p not in active_for(rules.id, self.mods)]
        self.mods = (*other, *mods)

    def open_save(self, path: str, scenario: str | None = None) -> bool:
        """Continue a saved game; on failure, the start screen says why."""
        got = self._open(path, scenario)
        if got is None:
            return False
        rules, folder, mods = got.rules, got.folder, got.mods
        try:
            table = Table.load(
                rules,
                path,
                autosave=autosave_path(),
                handoff=self.handoff,
                journal=journal_path(rules, _record_or_none(path)),
            )
        except storage.SaveError as exc:
            self._refuse(str(exc))
            return False
        except OSError as exc:
            self._refuse(f"Cannot write the session log: {exc.strerror or exc}")
            return False
        self.scenario = folder
        self._use_mods(rules, mods)
        self.play(table)
        with_mods = f" with {', '.join(rules.layers)}" if rules.layers else ""
        self.say(f"Loaded {path}{with_mods}")
        return True

    def _refuse(self, message: str) -> None:
        first = message.splitlines()[0] if message else "cannot load"
        if isinstance(self.scene, StartScene):
            self.scene.say(first)
        else:
            self.say(first)

    def play(self, table: Table, review: bool = False, keeper: TimerKeeper | None = None) -> None:
        self.goto(
            PlayScene(
                self.manager,
                self.size,
                table,
                bot_delay_ms=self.bot_delay_ms,
                notify=self.say,
                on_over=self.game_over,
                on_load=lambda p: self.open_save(p, self.scenario),
                review=review,
                clock=self.clock,
                on_rewind=self.rewind,
                keeper=keeper,
            )
        )

    def game_over(self, table: Table) -> None:
        self.goto(
            GameOverScene(
                self.manager,
                self.size,
                table,
                notify=self.say,
                on_new=lambda: self.to_start(),
                on_board=lambda t: self.play(t, review=True),
                on_replay=self.replay_game,
            )
        )

    # -- replay, rewind, branch ----------------------------------------------------------------
    def replay(
        self, table: Table, *, back: Callable[[], None], on_note: Callable[[], None]
    ) -> None:
        """The replay viewer over ``table``'s game, for observers and analysts."""
        self.goto(
            ReplayScene(
                self.manager,
                self.size,
                table.session,
                author="observer",
                notify=self.say,
                on_back=back,
                on_branch=lambda step: self.branch(table, step),
                on_note=on_note,
            )
        )

    def replay_game(self, table: Table) -> None:
        """From the game-over screen: notes go into the record, the autosave and the log."""
        self.replay(table, back=lambda: self.game_over(table), on_note=table.save_auto)

    def open_replay(self, path: str, scenario: str | None = None) -> bool:
        """A saved game in the replay viewer; observers' notes are saved back into the file."""
        got = self._open(path, scenario)
        if got is None:
            return False
        record, rules, folder, mods = got.record, got.rules, got.folder, got.mods
        try:
            session = resume_session(record, rules, path, clock=now)
        except storage.SaveError as exc:
            self._refuse(str(exc))
            return False
        self.scenario = folder
        self._use_mods(rules, mods)
        table = Table(session, make_bots(record.seats, record.seed, rules), handoff=self.handoff)

        def keep() -> None:
            try:
                storage.save(session.record, path)
            except OSError as exc:
                self.say(f"The note is kept for now, but {path} cannot be written: {exc}")

        self.replay(table, back=lambda: self.to_start(), on_note=keep)
        return True

    def branch(self, table: Table, step: int) -> None:
        """Play on from ``step`` in a new live game (a finished game's record is kept first)."""
        kept = ""
        if table.is_over():
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = data_dir() / "saves" / f"{table.rules.id}-{stamp}-finished.json"
            try:
                kept = f"; the finished game is kept in {storage.save(table.session.record, path)}"
            except OSError:
                kept = ""
        log = journal_path(table.rules) if table.control else None
        try:
            new = table.branch(step, journal=log)
        except OSError as exc:
            self.say(f"Cannot branch: {exc.strerror or exc}")
            return
        new.autosave = autosave_path()
        new.save_auto()
        self.play(new)
        self.say(f"Branched from step {step}: a new game goes on from there{kept}.")

    def rewind(self, table: Table) -> None:
        """Control's rewind: the replay of the live game; 'Rewind to here' plays on from a step."""
        keeper = self.scene.desk.keeper if isinstance(self.scene, PlayScene) else None

        def back() -> None:
            self.play(table, keeper=keeper)

        def to(step: int) -> None:
            new = table.branch(step, rewind=True)
            new.viewer = new.revealed_for = CONTROL  # Control still holds the screen
            new.control_requested = True
            self.play(new, keeper=keeper)
            self.say(f"Rewound to step {step}; the session log keeps what came after it.")

        self.goto(
            ReplayScene(
                self.manager,
                self.size,
                table.session,
                author=CONTROL,
                at=len(table.session.record.steps),
                notify=self.say,
                on_back=back,
                on_branch=to,
                on_note=table.save_auto,
                back_label="Back to the game",
                branch_label="Rewind to here",
            )
        )

    # -- F5: reload the rules ------------------------------------------------------------------
    def reload(self) -> None:
        """Read the scenario and active mods again; the game goes on if it still replays."""
        reload_scene(self)

    # -- notices, screenshots, full screen ---------------------------------------------------
    def say(self, text: str) -> None:
        self.notice = (text, self.clock())

    def screenshot(self) -> Path | None:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
        for folder in (data_dir() / "screenshots", Path.cwd()):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"near-abroad-{stamp}.png"
                pygame.image.save(self.screen, str(path))
            except (OSError, pygame.error):
                continue
            self.say(f"Screenshot saved to {path}")
            return path
        self.say("Could not save the screenshot.")
        return None

    def toggle_fullscreen(self) -> None:
        try:
            pygame.display.toggle_fullscreen()
        except pygame.error as exc:
            self.say(f"Full screen is not available: {exc}")

    # -- the loop ----------------------------------------------------------------------------
    def resize(self, size: tuple[int, int]) -> None:
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        if size == self.size:
            return
        self.size = size
        self.screen = pygame.display.get_surface()
        self.manager.set_window_resolution(size)
        self.scene.resize(size)
        self.reloader.resize(size)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            if self.scale == 1.0:  # a scaled window keeps its board size: SDL scales it
                self.resize((event.w, event.h))
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F12:
            self.screenshot()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F5:
            self.reload()
            return
        self.manager.process_events(event)
        if self.reloader.active():  # modal: the scene below waits
            self.reloader.handle(event)
            return
        self.scene.handle(event)

    def step(self) -> bool:
        """One frame: events, update, draw, flip. False once the window was closed."""
        dt = self.ticker.tick(self.fps) if self.fps else self.ticker.tick()
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return False
        if not self.reloader.active():
            self.scene.update(dt)
        self.manager.update(dt / 1000)
        self.draw()
        pygame.display.flip()
        self.frames += 1
        return self.running

    def draw(self) -> None:
        texts: list[str] = []
        self.screen.fill(style.PANEL_BG)
        self.scene.draw(self.screen, texts)
        self.manager.draw_ui(self.screen)
        self.scene.draw_over(self.screen, texts)
        self._draw_notice(texts)
        self.texts = texts

    def _draw_notice(self, texts: list[str]) -> None:
        if self.notice is None:
            return
        text, at = self.notice
        if self.clock() - at > 5.0:
            self.notice = None
            return
        t = style.text(style.fit(text, 14, self.size[0] - 120), 14, style.PANEL_TEXT, True)
        # Just under the top bar, over the map: never over a panel's buttons at the bottom.
        box = t.get_rect(midtop=(self.size[0] // 2, 56)).inflate(28, 14)
        pygame.draw.rect(self.screen, (16, 20, 28), box, border_radius=8)
        pygame.draw.rect(self.screen, style.ACCENT, box, 1, border_radius=8)
        self.screen.blit(t, t.get_rect(center=box.center))
        texts.append(text)

    def visible_texts(self) -> list[str]:
        """Every text on screen at the last frame: drawn words plus visible widgets."""
        return [*self.texts, *gui.visible_texts(self.manager)]

    def run(self, max_frames: int | None = None) -> int:
        try:
            while self.running and (max_frames is None or self.frames < max_frames):
                self.step()
        finally:
            self.scene.close()
        return 0


def _record_or_none(path: str) -> Any:
    """The save's record, to find its session log (None if it does not load: the load
    itself then says why)."""
    try:
        return storage.load(path)
    except storage.SaveError:
        return None


__all__ = ["App"]
