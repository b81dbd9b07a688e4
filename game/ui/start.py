"""The start screen: scenario, who plays each seat, the seed; or load / resume a saved game.

Bad input never ends in a traceback: a scenario with errors shows its
diagnostics, a bad seed or save file shows a message, and Start stays
disabled until there is something to start.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextBox, UITextEntryLine
from pygame_gui.windows import UIFileDialog

from game.i18n import _, language, language_name, ui_languages
from game.render import style
from game.ruleset.model import Ruleset
from game.ruleset.texts import best_language
from game.session.paths import autosave_path, data_dir
from game.session.record import SeatConfig
from game.ui.gui import oid
from game.ui.mods_list import ModRows, active_for, listed, scenario_id, switched
from game.ui.scenarios import StartRequest, load_rules, scenario_folders
from game.ui.start_seats import SeatChoices, SeatsPanel


def start_button_rect(size: tuple[int, int], n_seats: int, doctrine_rows: int = 0) -> pygame.Rect:
    """Where the Start button is (the X11 test clicks it with xdotool); each bot seat that
    shows its doctrine takes a second line of 30 pixels."""
    w, _h = size
    col = min(1100, w - 80)
    x0 = (w - col) // 2
    right = x0 + col // 2 + 20 + col // 2 - 20
    # The seats (and their doctrine lines), then the Control cell's row.
    y = 132 + 24 + 38 * (n_seats + 1) + 30 * doctrine_rows + 10
    return pygame.Rect(right - 200, y - 2, 200, 40)


class StartScene:
    """The first screen; calls ``on_start`` with a :class:`StartRequest`."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        size: tuple[int, int],
        *,
        scenario: str | Path,
        seed: int,
        bots: Sequence[str],
        on_start: Callable[[StartRequest], None],
        message: str = "",
        control: bool = False,
        mods: Sequence[str] = (),
        on_mods: Callable[[tuple[str, ...]], None] = lambda m: None,
        on_join: Callable[[Any], None] | None = None,
        on_language: Callable[[str], None] | None = None,
    ):
        self.manager = manager
        self.size = size
        self.on_start = on_start
        self.on_join = on_join
        self.on_language = on_language
        """Given the language picked in the menu (the window rebuilds in it)."""
        """Given a networked game's table when the Join window has connected."""
        self.join_dialog: Any = None
        self.folders = scenario_folders(scenario)
        self.scenario = str(Path(scenario))
        self.seed = seed
        self.choices = SeatChoices(bots, control)
        """Who plays each seat, and whether a Control cell takes part."""
        self.mods = tuple(mods)
        """Every active mod folder (those of other scenarios too); toggles change it."""
        self.on_mods = on_mods
        self.mouse = (0, 0)
        self.widgets: list[pygame_gui.core.UIElement] = []
        self.seats_panel: SeatsPanel | None = None
        self.file_dialog: UIFileDialog | None = None
        self.rules: Ruleset | None = None
        self.problem = ""
        self.message = message
        self._load_scenario()
        self._build()

    # -- model -----------------------------------------------------------------------------
    def _load_scenario(self) -> None:
        sid = scenario_id(self.scenario)
        self.mod_entries = listed(sid, self.mods)
        self.rules, self.problem = load_rules(self.scenario, active_for(sid, self.mods))
        if self.rules is not None:
            unknown = self.choices.fit(self.rules)
            if unknown:
                self.message = _("Not a seat of {scenario}: {names} (seats are {seats})").format(
                    scenario=self.rules.id,
                    names=", ".join(unknown),
                    seats=", ".join(self.rules.seats),
                )

    @property
    def control(self) -> bool:
        return self.choices.control

    def seats(self) -> tuple[SeatConfig, ...]:
        assert self.rules is not None
        return self.choices.seats(self.rules)

    def bot_spec(self, seat: str) -> str:
        """The bot of a seat as KIND or KIND:DOCTRINE (what saves and make_bot read)."""
        return self.choices.bot_spec(seat)

    def _w(self, widget: pygame_gui.core.UIElement) -> pygame_gui.core.UIElement:
        self.widgets.append(widget)
        return widget

    def close(self) -> None:
        for w in self.widgets:
            w.kill()
        self.widgets = []
        self.seats_panel = None
        if self.file_dialog is not None:
            self.file_dialog.kill()
            self.file_dialog = None

    def resize(self, size: tuple[int, int]) -> None:
        self.size = size
        self.close()
        self._build()

    def _build(self) -> None:
        w, h = self.size
        col = min(1100, w - 80)
        x0 = (w - col) // 2
        half = col // 2 - 20
        self.frame = pygame.Rect(x0 - 24, 24, col + 48, h - 48)
        self._build_header(x0, col)
        box_h = self._build_about(x0, half)
        y = self._build_seats(x0 + col // 2 + 20, half)
        self._build_saves(x0, col, max(y + 60, 198 + box_h + 28))

    def _build_header(self, x0: int, col: int) -> None:
        m = self.manager
        self._w(
            UILabel(
                pygame.Rect(x0, 44, col, 44), _("Near Abroad"), m, object_id=oid("@title", "#title")
            )
        )
        codes = ui_languages()
        names = [(language_name(c), c) for c in codes]
        here = best_language(language(), codes) or codes[0]  # ru_RU: the ru entry
        self.language_menu = self._w(
            UIDropDownMenu(
                names,
                next(n for n in names if n[1] == here),
                pygame.Rect(x0 + col - 180, 52, 180, 30),
                m,
                object_id=oid(None, "#language"),
            )
        )
        if self.on_language is None or len(codes) < 2:
            self.language_menu.disable()
        title = self.rules.manifest.title if self.rules else _("Scenario with errors")
        self._w(
            UILabel(
                pygame.Rect(x0, 88, col, 26),
                title,
                m,
                object_id=oid("@subtitle", "#scenario_title"),
            )
        )

    def _build_about(self, x0: int, width: int) -> int:
        """The left column: the scenario menu, what the scenario is, its mods; their height."""
        m = self.manager
        y = 132
        self._w(UILabel(pygame.Rect(x0, y, width, 20), _("SCENARIO"), m, object_id=oid("@heading")))
        names = [(Path(f).name, f) for f in self.folders]
        current = next((n for n in names if n[1] == self.scenario), names[0])
        self.scenario_menu = self._w(
            UIDropDownMenu(
                names,
                current,
                pygame.Rect(x0, y + 22, width, 32),
                m,
                object_id=oid(None, "#scenario"),
            )
        )
        y += 66
        if self.rules is not None:
            about = html.escape(self.rules.manifest.description or "")
            about += (
                "<br><br><font color='#a0a6b2'>"
                + _(
                    "{turns} turns · {rounds} rounds per turn · {seats} seats · {cards} cards · "
                    "{regions} regions"
                ).format(
                    turns=self.rules.turns,
                    rounds=self.rules.manifest.action_rounds,
                    seats=len(self.rules.seats),
                    cards=len(self.rules.cards),
                    regions=len(self.rules.regions),
                )
                + "</font>"
            )
        else:
            about = (
                "<font color='#ff8a7a'><b>"
                + _("This scenario cannot be played:")
                + "</b></font><br>"
                + html.escape(self.problem).replace("\n", "<br>")
            )
        box_h = min(320, max(150, self.size[1] - y - 228))
        mods_h = ModRows.height(len(self.mod_entries))
        about_h = max(110, box_h - mods_h)
        self._w(
            UITextBox(about, pygame.Rect(x0, y, width, about_h), m, object_id=oid(None, "#about"))
        )
        self.mod_rows = ModRows(
            m,
            pygame.Rect(x0, y + about_h + 12, width, mods_h),
            self.mod_entries,
            lambda e: e.path in self.mods,
            self._w,
        )
        return about_h + mods_h

    def _build_seats(self, x: int, width: int) -> int:
        """The right column: seats, seed and the start button; where it ends."""
        m = self.manager
        self.seats_panel = SeatsPanel(
            m, pygame.Rect(x, 132, width, 0), self.rules, self.choices, self._w
        )
        y = self.seats_panel.bottom + 10
        self._w(UILabel(pygame.Rect(x, y, 120, 30), _("Seed"), m))
        self.seed_entry = self._w(
            UITextEntryLine(pygame.Rect(x + 130, y, 140, 30), m, object_id=oid(None, "#seed"))
        )
        self.seed_entry.set_text(str(self.seed))
        self.seed_entry.set_allowed_characters("numbers")
        n_seats = len(self.rules.seats) if self.rules else 0
        self.start_button = self._w(
            UIButton(
                start_button_rect(self.size, n_seats, len(self.seats_panel.doctrine_buttons)),
                _("Start the game"),
                m,
                object_id=oid("@primary", "#start"),
                tool_tip_text=_("Start a new game (Enter)"),
            )
        )
        if self.rules is None:
            self.start_button.disable()
        return y

    def _build_saves(self, x0: int, col: int, y: int) -> None:
        """The bottom row: a save's path, Browse, Load, Replay, Resume; then the message line."""
        m = self.manager
        self._w(
            UILabel(
                pygame.Rect(x0, y, col, 20),
                _("OR CONTINUE OR REPLAY A SAVED GAME"),
                m,
                object_id=oid("@heading"),
            )
        )
        y += 24
        self.path_entry = self._w(
            UITextEntryLine(pygame.Rect(x0, y, col - 660, 32), m, object_id=oid(None, "#load_path"))
        )
        self.join_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 650, y, 110, 32),
                _("Join…"),
                m,
                object_id=oid(None, "#join"),
                tool_tip_text=_(
                    "Join a game on a server (near-abroad serve): its id and your token"
                ),
            )
        )
        if self.on_join is None:
            self.join_button.disable()
        self.path_entry.set_text(str(data_dir() / "saves"))
        self.browse_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 530, y, 110, 32),
                _("Browse…"),
                m,
                object_id=oid(None, "#browse"),
            )
        )
        self.load_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 410, y, 110, 32),
                _("Load"),
                m,
                object_id=oid(None, "#load"),
                tool_tip_text=_("Play on from the saved game"),
            )
        )
        self.replay_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 290, y, 110, 32),
                _("Replay"),
                m,
                object_id=oid(None, "#replay"),
                tool_tip_text=_("Step through the saved game, annotate it, branch from any step"),
            )
        )
        auto = autosave_path()
        self.resume_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 170, y, 170, 32),
                _("Resume autosave"),
                m,
                object_id=oid(None, "#resume"),
                tool_tip_text=_("Continue the game kept in {path}").format(path=auto),
            )
        )
        if not auto.is_file():
            self.resume_button.disable()
        self.message_label = self._w(
            UILabel(
                pygame.Rect(x0, y + 40, col, 24),
                self.message,
                m,
                object_id=oid("@error", "#message"),
            )
        )
        self.frame.height = y + 40 + 24 + 20 - self.frame.y

    # -- events ----------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message = text
        self.message_label.set_text(text)

    def handle(self, event: pygame.event.Event) -> None:
        if self.join_dialog is not None:
            if not self.join_dialog.alive():
                self.join_dialog.close_client()
                self.join_dialog = None
            else:
                self.join_dialog.handle(event)
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.scenario_menu
        ):
            chosen = getattr(event, "selected_option_id", None) or event.text
            if chosen in self.folders and chosen != self.scenario:
                self.scenario = chosen
                self.message = ""
                self._load_scenario()
                self.resize(self.size)
            return
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.language_menu
        ):
            code = getattr(event, "selected_option_id", None) or event.text
            if code != language() and self.on_language is not None:
                self.on_language(code)
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if self.seats_panel is not None and self.seats_panel.pressed(event.ui_element):
                self.resize(self.size)
                return
            mod = self.mod_rows.pressed(event.ui_element)
            if mod is not None:
                self.mods = switched(self.mods, mod)
                self.on_mods(self.mods)
                self.reload()
                return
            if event.ui_element is self.start_button:
                self.start()
            elif event.ui_element is self.replay_button:
                self.load(self.path_entry.get_text().strip(), replay=True)
            elif event.ui_element is self.load_button:
                self.load(self.path_entry.get_text().strip())
            elif event.ui_element is self.resume_button:
                self.load(str(autosave_path()))
            elif event.ui_element is self.browse_button:
                self.browse()
            elif event.ui_element is self.join_button and self.join_dialog is None:
                from game.ui.join import JoinDialog  # the network client, only when asked

                self.join_dialog = JoinDialog(self.manager, self.size)
            return
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        if (
            event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED
            and event.ui_element is self.file_dialog
        ):
            self.path_entry.set_text(event.text)
            self.file_dialog = None
            self.load(event.text)
            return
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.file_dialog:
            self.file_dialog = None
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.path_entry.is_focused:
                self.load(self.path_entry.get_text().strip())
            elif self.file_dialog is None and self.join_dialog is None:
                self.start()

    def reload(self) -> str:
        """Read the scenario and its active mods from disk again; the problems, or ''."""
        self.message = ""
        self._load_scenario()
        self.resize(self.size)
        return self.problem

    def browse(self) -> None:
        if self.file_dialog is not None:
            return
        start = self.path_entry.get_text().strip() or str(data_dir())
        if not Path(start).exists():
            start = str(data_dir()) if data_dir().exists() else str(Path.cwd())
        w, h = self.size
        self.file_dialog = UIFileDialog(
            pygame.Rect((w - 640) // 2, (h - 460) // 2, 640, 460),
            self.manager,
            window_title=_("Load a saved game"),
            initial_file_path=start,
            allow_existing_files_only=True,
            object_id=oid(None, "#file_dialog"),
        )

    def start(self) -> None:
        if self.rules is None:
            self.say(_("This scenario has errors; choose another one."))
            return
        text = self.seed_entry.get_text().strip()
        try:
            seed = int(text)
        except ValueError:
            self.say(_("The seed must be a whole number, not '{text}'.").format(text=text))
            return
        if not 0 <= seed < 2**63:
            self.say(_("The seed must be between 0 and 2^63."))
            return
        self.on_start(
            StartRequest(
                self.rules, self.seats(), seed, scenario=self.scenario, control=self.control
            )
        )

    def load(self, path: str, replay: bool = False) -> None:
        if not path:
            self.say(_("Give the path of a save file, or click Browse…"))
            return
        if replay and Path(path).is_dir():
            self.say(_("Give the path of a save file to replay (or click Browse… first)."))
            return
        self.on_start(
            StartRequest(load=path, scenario=self.scenario, rules=self.rules, replay=replay)
        )

    # -- drawing ---------------------------------------------------------------------------
    def update(self, dt_ms: float) -> None:
        if self.join_dialog is not None and self.on_join is not None:
            table = self.join_dialog.poll()
            if table is not None:
                self.join_dialog.kill()
                self.join_dialog = None
                self.on_join(table)

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        surface.fill((22, 27, 36))
        pygame.draw.rect(surface, style.PANEL_BG, self.frame, border_radius=12)
        pygame.draw.rect(surface, style.PANEL_EDGE, self.frame, 1, border_radius=12)
        keys = _(
            "F1 help · F5 reload rules · F11 full screen · F12 screenshot · Ctrl+Z undo · "
            "Ctrl+S save"
        )
        hint = style.text(keys, 12, style.PANEL_MUTED)
        surface.blit(hint, (self.frame.centerx - hint.get_width() // 2, self.frame.bottom + 12))
        self.mod_rows.draw(surface, texts)
        if self.seats_panel is not None:
            self.seats_panel.draw(surface, texts)

    def draw_over(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        if self.file_dialog is None:
            self.mod_rows.draw_hover(surface, self.mouse, texts)
