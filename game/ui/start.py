"""The start screen: scenario, who plays each seat, the seed; or load / resume a saved game.

Bad input never ends in a traceback: a scenario with errors shows its
diagnostics, a bad seed or save file shows a message, and Start stays
disabled until there is something to start.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextBox, UITextEntryLine
from pygame_gui.windows import UIFileDialog

from game.ai.registry import parse_bot
from game.render import style, symbols
from game.ruleset.diagnostics import render_all
from game.ruleset.load import check_ruleset
from game.ruleset.model import Ruleset
from game.session.paths import autosave_path, data_dir
from game.session.record import SeatConfig
from game.ui.gui import oid
from game.ui.mods_list import ModRows, active_for, listed, scenario_id, switched

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
"""The shipped scenarios: one folder each."""


@attrs.frozen
class StartRequest:
    """What the player asked for: a new game, or a save file to continue."""

    rules: Ruleset | None = None
    seats: tuple[SeatConfig, ...] = ()
    seed: int = 1
    load: str | None = None
    scenario: str = ""
    control: bool = False
    """A seminar game: a Control cell takes part, with its own hand-off."""
    replay: bool = False
    """Open ``load`` in the replay viewer instead of playing on."""


def scenario_folders(extra: str | Path | None = None) -> list[str]:
    """Scenario folders to offer: those under rules/, plus the one asked for."""
    found = []
    if RULES_DIR.is_dir():
        found = sorted(str(p) for p in RULES_DIR.iterdir() if (p / "scenario.yaml").is_file())
    if extra is not None and str(Path(extra)) not in found:
        found.insert(0, str(Path(extra)))
    return found


def load_rules(folder: str, mods: Sequence[str] = ()) -> tuple[Ruleset | None, str]:
    """A scenario's ruleset with ``mods`` on top, or None and its diagnostics as text."""
    try:
        ruleset, diags, files = check_ruleset(folder, mods)
    except Exception as exc:  # a loader bug must not take the start screen down with it
        return None, f"cannot read {folder}: {exc}"
    if ruleset is None:
        return None, render_all(diags, files) or f"cannot load {folder}"
    return ruleset, ""


def start_button_rect(size: tuple[int, int], n_seats: int, doctrine_rows: int = 0) -> pygame.Rect:
    """Where the Start button is (the X11 test clicks it with xdotool); each bot seat that
    shows its doctrine takes a second line of 30 pixels."""
    w, _ = size
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
    ):
        self.manager = manager
        self.size = size
        self.on_start = on_start
        self.folders = scenario_folders(scenario)
        self.scenario = str(Path(scenario))
        self.seed = seed
        self.bot_seats: set[str] = set()
        self.bot_kind: dict[str, str] = {}
        """The kind of each bot seat (random unless clicked on to heuristic or ISMCTS)."""
        self.bot_doctrine: dict[str, str] = {}
        """The named doctrine a heuristic or ISMCTS seat plays (absent: the actor's own)."""
        for item in bots:  # 'seat' or 'seat=KIND[:DOCTRINE]' (from play --bot)
            seat, _, spec = item.partition("=")
            self.bot_seats.add(seat)
            if spec:
                kind, doctrine = parse_bot(spec)
                self.bot_kind[seat] = kind
                if doctrine:
                    self.bot_doctrine[seat] = doctrine
        self.control = control
        self.mods = tuple(mods)
        """Every active mod folder (those of other scenarios too); toggles change it."""
        self.on_mods = on_mods
        self.mouse = (0, 0)
        self.widgets: list[pygame_gui.core.UIElement] = []
        self.seat_buttons: dict[str, UIButton] = {}
        self.doctrine_buttons: dict[str, UIButton] = {}
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
            unknown = sorted(self.bot_seats - set(self.rules.seats))
            if unknown:
                self.message = (
                    f"Not a seat of {self.rules.id}: {', '.join(unknown)} "
                    f"(seats are {', '.join(self.rules.seats)})"
                )
            self.bot_seats &= set(self.rules.seats)
            for seat, name in list(self.bot_doctrine.items()):
                if seat not in self.rules.actors or name not in self.rules.actors[seat].doctrines:
                    del self.bot_doctrine[seat]  # another scenario's doctrine: play the actor's own

    def seats(self) -> tuple[SeatConfig, ...]:
        assert self.rules is not None
        return tuple(
            SeatConfig(s, "bot", self.bot_spec(s)) if s in self.bot_seats else SeatConfig(s)
            for s in self.rules.seats
        )

    def bot_spec(self, seat: str) -> str:
        """The bot of a seat as KIND or KIND:DOCTRINE (what saves and make_bot read)."""
        kind = self.bot_kind.get(seat, "random")
        doctrine = self.bot_doctrine.get(seat)
        return f"{kind}:{doctrine}" if doctrine and kind != "random" else kind

    def doctrines_of(self, seat: str) -> tuple[str, ...]:
        """The named doctrines a bot of ``seat`` may play ('' first: the actor's own)."""
        if self.rules is None or seat not in self.rules.actors:
            return ()
        if self.bot_kind.get(seat, "random") == "random" or seat not in self.bot_seats:
            return ()
        named = tuple(self.rules.actors[seat].doctrines)
        return ("", *named) if named else ()

    # -- widgets ---------------------------------------------------------------------------
    def _w(self, widget: pygame_gui.core.UIElement) -> pygame_gui.core.UIElement:
        self.widgets.append(widget)
        return widget

    def close(self) -> None:
        for w in self.widgets:
            w.kill()
        self.widgets = []
        self.seat_buttons = {}
        self.doctrine_buttons = {}
        if self.file_dialog is not None:
            self.file_dialog.kill()
            self.file_dialog = None

    def resize(self, size: tuple[int, int]) -> None:
        self.size = size
        self.close()
        self._build()

    def _build(self) -> None:
        m = self.manager
        w, h = self.size
        col = min(1100, w - 80)
        x0 = (w - col) // 2
        left_w = col // 2 - 20
        right_x = x0 + col // 2 + 20
        self.frame = pygame.Rect(x0 - 24, 24, col + 48, h - 48)
        self._w(
            UILabel(
                pygame.Rect(x0, 44, col, 44), "Near Abroad", m, object_id=oid("@title", "#title")
            )
        )
        title = self.rules.manifest.title if self.rules else "Scenario with errors"
        self._w(
            UILabel(
                pygame.Rect(x0, 88, col, 26),
                title,
                m,
                object_id=oid("@subtitle", "#scenario_title"),
            )
        )
        y = 132
        self._w(UILabel(pygame.Rect(x0, y, left_w, 20), "SCENARIO", m, object_id=oid("@heading")))
        names = [(Path(f).name, f) for f in self.folders]
        current = next((n for n in names if n[1] == self.scenario), names[0])
        self.scenario_menu = self._w(
            UIDropDownMenu(
                names,
                current,
                pygame.Rect(x0, y + 22, left_w, 32),
                m,
                object_id=oid(None, "#scenario"),
            )
        )
        y += 66
        about = ""
        if self.rules is not None:
            about = html.escape(self.rules.manifest.description or "")
            about += (
                f"<br><br><font color='#a0a6b2'>{self.rules.turns} turns · "
                f"{self.rules.manifest.action_rounds} rounds per turn · "
                f"{len(self.rules.seats)} seats · "
                f"{len(self.rules.cards)} cards · {len(self.rules.regions)} regions</font>"
            )
        else:
            about = (
                "<font color='#ff8a7a'><b>This scenario cannot be played:</b></font><br>"
                + html.escape(self.problem).replace("\n", "<br>")
            )
        box_h = min(320, max(150, h - y - 228))
        mods_h = ModRows.height(len(self.mod_entries))
        about_h = max(110, box_h - mods_h)
        self._w(
            UITextBox(about, pygame.Rect(x0, y, left_w, about_h), m, object_id=oid(None, "#about"))
        )
        self.mod_rows = ModRows(
            m,
            pygame.Rect(x0, y + about_h + 12, left_w, mods_h),
            self.mod_entries,
            lambda e: e.path in self.mods,
            self._w,
        )
        box_h = about_h + mods_h
        # Right column: seats, seed, start.
        y = 132
        self._w(
            UILabel(
                pygame.Rect(right_x, y, left_w, 20),
                "SEATS (click to switch human / bot)",
                m,
                object_id=oid("@heading"),
            )
        )
        y += 24
        self.seat_rows: list[tuple[str, pygame.Rect]] = []
        if self.rules is not None:
            for seat in self.rules.seats:
                row = pygame.Rect(right_x, y, left_w, 34)
                self.seat_rows.append((seat, row))
                bot = seat in self.bot_seats
                b = self._w(
                    UIButton(
                        pygame.Rect(row.right - 150, y + 2, 150, 30),
                        f"Bot ({self.bot_kind.get(seat, 'random')})" if bot else "Human",
                        m,
                        object_id=oid("@toggle_bot" if bot else "@toggle_human", f"#seat_{seat}"),
                        tool_tip_text="Click to switch: human, random bot, heuristic bot, "
                        "ISMCTS bot (the strongest, about a second a move)",
                    )
                )
                self.seat_buttons[seat] = b
                y += 38
                choices = self.doctrines_of(seat)
                if choices:
                    # A second line under the seat: which reading of the actor the bot plays.
                    name = self.bot_doctrine.get(seat, "")
                    doc = self.rules.actors[seat].doctrines.get(name)
                    label = f"Doctrine: {doc.title if doc else 'as the scenario says'}"
                    tip = (doc.text if doc else "The actor's own doctrine in the scenario.") + (
                        " Click for the next: "
                        + ", ".join(
                            self.rules.actors[seat].doctrines[c].title if c else "as the scenario"
                            for c in choices
                        )
                    )
                    d = self._w(
                        UIButton(
                            pygame.Rect(row.x + 36, y - 4, row.width - 36, 28),
                            label,
                            m,
                            object_id=oid("@toggle_bot", f"#doctrine_{seat}"),
                            tool_tip_text=tip,
                        )
                    )
                    self.doctrine_buttons[seat] = d
                    y += 30
            self.control_row = pygame.Rect(right_x, y, left_w, 34)
            self.control_button = self._w(
                UIButton(
                    pygame.Rect(self.control_row.right - 150, y + 2, 150, 30),
                    "Control: on" if self.control else "Control: off",
                    m,
                    object_id=oid("@toggle_human" if self.control else None, "#control_toggle"),
                    tool_tip_text=(
                        "Seminar play: a Control cell (white cell) runs the game, fires injects, "
                        "rules on arguments and may adjust anything, with reasons; it takes the "
                        "screen through its own hand-off"
                    ),
                )
            )
            y += 38
        y += 10
        self._w(UILabel(pygame.Rect(right_x, y, 120, 30), "Seed", m))
        self.seed_entry = self._w(
            UITextEntryLine(pygame.Rect(right_x + 130, y, 140, 30), m, object_id=oid(None, "#seed"))
        )
        self.seed_entry.set_text(str(self.seed))
        self.seed_entry.set_allowed_characters("numbers")
        n_seats = len(self.rules.seats) if self.rules else 0
        self.start_button = self._w(
            UIButton(
                start_button_rect(self.size, n_seats, len(self.doctrine_buttons)),
                "Start the game",
                m,
                object_id=oid("@primary", "#start"),
                tool_tip_text="Start a new game (Enter)",
            )
        )
        if self.rules is None:
            self.start_button.disable()
        y = max(y + 60, 198 + box_h + 28)
        self._w(
            UILabel(
                pygame.Rect(x0, y, col, 20),
                "OR CONTINUE OR REPLAY A SAVED GAME",
                m,
                object_id=oid("@heading"),
            )
        )
        y += 24
        self.path_entry = self._w(
            UITextEntryLine(pygame.Rect(x0, y, col - 540, 32), m, object_id=oid(None, "#load_path"))
        )
        self.path_entry.set_text(str(data_dir() / "saves"))
        self.browse_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 530, y, 110, 32),
                "Browse…",
                m,
                object_id=oid(None, "#browse"),
            )
        )
        self.load_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 410, y, 110, 32),
                "Load",
                m,
                object_id=oid(None, "#load"),
                tool_tip_text="Play on from the saved game",
            )
        )
        self.replay_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 290, y, 110, 32),
                "Replay",
                m,
                object_id=oid(None, "#replay"),
                tool_tip_text="Step through the saved game, annotate it, branch from any step",
            )
        )
        auto = autosave_path()
        self.resume_button = self._w(
            UIButton(
                pygame.Rect(x0 + col - 170, y, 170, 32),
                "Resume autosave",
                m,
                object_id=oid(None, "#resume"),
                tool_tip_text=f"Continue the game kept in {auto}",
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
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for seat, b in self.doctrine_buttons.items():
                if event.ui_element is b:
                    choices = self.doctrines_of(seat)
                    now = self.bot_doctrine.get(seat, "")
                    nxt = choices[(choices.index(now) + 1) % len(choices)] if now in choices else ""
                    if nxt:
                        self.bot_doctrine[seat] = nxt
                    else:
                        self.bot_doctrine.pop(seat, None)
                    self.resize(self.size)
                    return
            for seat, b in self.seat_buttons.items():
                if event.ui_element is b:
                    # Human -> random -> heuristic -> ISMCTS -> human.
                    kinds = ("random", "heuristic", "ismcts")
                    if seat not in self.bot_seats:
                        self.bot_seats.add(seat)
                        self.bot_kind[seat] = "random"
                    elif self.bot_kind.get(seat, "random") != kinds[-1]:
                        now = kinds.index(self.bot_kind.get(seat, "random"))
                        self.bot_kind[seat] = kinds[now + 1]
                    else:
                        self.bot_seats.discard(seat)
                    self.resize(self.size)
                    return
            mod = self.mod_rows.pressed(event.ui_element)
            if mod is not None:
                self.mods = switched(self.mods, mod)
                self.on_mods(self.mods)
                self.reload()
                return
            if self.rules is not None and event.ui_element is self.control_button:
                self.control = not self.control
                self.resize(self.size)
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
            elif self.file_dialog is None:
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
            window_title="Load a saved game",
            initial_file_path=start,
            allow_existing_files_only=True,
            object_id=oid(None, "#file_dialog"),
        )

    def start(self) -> None:
        if self.rules is None:
            self.say("This scenario has errors; choose another one.")
            return
        text = self.seed_entry.get_text().strip()
        try:
            seed = int(text)
        except ValueError:
            self.say(f"The seed must be a whole number, not '{text}'.")
            return
        if not 0 <= seed < 2**63:
            self.say("The seed must be between 0 and 2^63.")
            return
        self.on_start(
            StartRequest(
                self.rules, self.seats(), seed, scenario=self.scenario, control=self.control
            )
        )

    def load(self, path: str, replay: bool = False) -> None:
        if not path:
            self.say("Give the path of a save file, or click Browse…")
            return
        if replay and Path(path).is_dir():
            self.say("Give the path of a save file to replay (or click Browse… first).")
            return
        self.on_start(
            StartRequest(load=path, scenario=self.scenario, rules=self.rules, replay=replay)
        )

    # -- drawing ---------------------------------------------------------------------------
    def update(self, dt_ms: float) -> None:
        pass

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        surface.fill((22, 27, 36))
        pygame.draw.rect(surface, style.PANEL_BG, self.frame, border_radius=12)
        pygame.draw.rect(surface, style.PANEL_EDGE, self.frame, 1, border_radius=12)
        keys = (
            "F1 help · F5 reload rules · F11 full screen · F12 screenshot · Ctrl+Z undo · "
            "Ctrl+S save"
        )
        hint = style.text(keys, 12, style.PANEL_MUTED)
        surface.blit(hint, (self.frame.centerx - hint.get_width() // 2, self.frame.bottom + 12))
        self.mod_rows.draw(surface, texts)
        if self.rules is None:
            return
        row = self.control_row
        pygame.draw.rect(surface, (40, 48, 62), row, border_radius=5)
        pygame.draw.circle(surface, (245, 242, 235), (row.x + 17, row.centery), 11)
        c = style.text("C", 14, (27, 23, 16), True)
        surface.blit(c, c.get_rect(center=(row.x + 17, row.centery)))
        label = style.text("Control cell (seminar)", 14, style.PANEL_TEXT, True)
        surface.blit(label, (row.x + 36, row.centery - label.get_height() // 2))
        if texts is not None:
            texts.append("Control cell (seminar)")
        for seat, row in self.seat_rows:
            actor = self.rules.actors.get(seat)
            pygame.draw.rect(surface, (40, 48, 62), row, border_radius=5)
            if actor is not None:
                pygame.draw.circle(surface, (245, 242, 235), (row.x + 17, row.centery), 11)
                symbols.draw_symbol(surface, actor, (row.x + 17, row.centery), 15)
                name = style.text(actor.name, 14, style.PANEL_TEXT, True)
                surface.blit(name, (row.x + 36, row.centery - name.get_height() // 2))
                if texts is not None:
                    texts.append(actor.name)

    def draw_over(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        if self.file_dialog is None:
            self.mod_rows.draw_hover(surface, self.mouse, texts)
