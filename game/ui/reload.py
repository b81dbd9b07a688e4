"""F5: reload the scenario and its mods from disk, and keep the game going if it still fits.

A modder edits a YAML file and presses F5. Three things can happen:

- the rules have errors: a window shows the diagnostics exactly as
  ``near-abroad validate`` prints them (code, file:line:col, the line, a caret
  under the culprit, the hint), page by page; the game is left as it was;
- the rules load and the game so far replays under them: the game goes on
  from the same step on the new rules, and its record names the new rules
  (digest, version, mods) so later saves load without complaint;
- the rules load but the game cannot be replayed (a played card was removed,
  say): a window says which step failed and why, and offers a new game on the
  new rules or to keep playing on the old ones.

The windows are modal: while one is open the game below neither takes input
nor moves its bots.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextBox, UIWindow

from game.render import fonts, style
from game.ruleset.model import Ruleset
from game.session.replay import rebase
from game.session.session import Session
from game.session.storage import SaveError
from game.ui.dialogs import centred
from game.ui.gui import oid
from game.ui.mods_list import active_for
from game.ui.play import PlayScene
from game.ui.scenarios import StartRequest, load_rules
from game.ui.start import StartScene

if TYPE_CHECKING:
    from game.ui.app import App

TEXT_SIZE = 14
LINE_H = 20
GUTTER = re.compile(r"^\s*\d*\s\|")
"""A line of the source excerpt or of its caret ('42 | ...', '   | ^^^ hint')."""


# -- drawing the diagnostics ------------------------------------------------------------------
@attrs.frozen
class Line:
    """One line of the overlay.

    ``gutter`` is set on the lines of a source excerpt (the line number, or ''
    beside the caret); their ``text`` is then what follows the bar, and a
    caret line carries the source text above it in ``source``, so the carets
    can be placed under the right characters in a proportional font.
    """

    text: str
    gutter: str | None = None
    source: str = ""


def layout_lines(text: str, width: int) -> list[Line]:
    """The rendered diagnostics as lines to draw; messages wrap, source lines never do."""
    out: list[Line] = []
    source = ""
    for raw in text.splitlines():
        if GUTTER.match(raw):
            bar = raw.index("|")
            number, body = raw[:bar].strip(), raw[bar + 2 :]
            if not number and body.lstrip(" ").startswith("^") and source:
                out.append(Line(body, "", source))
            else:
                out.append(Line(body, number))
                source = body if number else ""
            continue
        source = ""
        if not raw.strip():
            out.append(Line(""))
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        wrapped = style.wrap(raw, TEXT_SIZE, width - 16, bold=_is_head(raw)) or [raw]
        out.append(Line(" " * indent + wrapped[0]))
        out.extend(Line(" " * (indent + 4) + w) for w in wrapped[1:])
    return out


def _is_head(text: str) -> bool:
    return text.startswith(("error[", "warning["))


def _colour(text: str) -> style.Color:
    if text.startswith("error["):
        return (255, 138, 122)
    if text.startswith("warning["):
        return style.ACCENT
    if text.lstrip().startswith(("-->", "= hint")):
        return style.PANEL_MUTED
    return style.PANEL_TEXT


def draw_lines(surface: pygame.Surface, lines: Sequence[Line]) -> None:
    """Draw ``lines`` top to bottom on ``surface`` (already cleared).

    Excerpt lines share one gutter: numbers right-aligned before a bar, the
    file's text after it, as ``near-abroad validate`` prints them in a terminal.
    """
    face = fonts.font(TEXT_SIZE)
    bar_x = 8 + face.size("00000")[0]
    text_x = bar_x + face.size("| ")[0]
    y = 4
    for line in lines:
        if line.gutter is not None:
            if line.gutter:
                num = style.text(line.gutter, TEXT_SIZE, style.PANEL_MUTED)
                surface.blit(num, (bar_x - 8 - num.get_width(), y))
            surface.blit(style.text("|", TEXT_SIZE, style.PANEL_MUTED), (bar_x, y))
            if line.source:
                _draw_caret(surface, line, text_x, y)
            elif line.text:
                surface.blit(style.text(line.text, TEXT_SIZE, style.PANEL_TEXT), (text_x, y))
        elif line.text:
            bold = _is_head(line.text) or line.text.endswith("warning(s)")
            img = style.text(line.text, TEXT_SIZE, _colour(line.text), bold)
            surface.blit(img, (8, y))
        y += LINE_H


def _draw_caret(surface: pygame.Surface, line: Line, left: int, y: int) -> None:
    """Carets under the characters of ``line.source`` they point at, then the hint."""
    face = fonts.font(TEXT_SIZE)
    src, text = line.source, line.text
    start = text.index("^")
    end = start
    while end < len(text) and text[end] == "^":
        end += 1

    def x_of(col: int) -> int:
        extra = max(0, col - len(src)) * face.size(" ")[0]
        return left + face.size(src[:col])[0] + extra

    x0, x1 = x_of(start), max(x_of(end), x_of(start) + 6)
    pygame.draw.line(surface, style.DANGER, (x0, y + LINE_H - 4), (x1, y + LINE_H - 4), 2)
    caret = style.text("^", TEXT_SIZE, style.DANGER, True)
    x = x0
    while x + caret.get_width() <= x1 + 2 or x == x0:
        surface.blit(caret, (x, y - 2))
        x += caret.get_width()
    hint = text[end:].strip()
    if hint:
        surface.blit(style.text(hint, TEXT_SIZE, style.ACCENT), (x1 + 10, y))


# -- the windows ------------------------------------------------------------------------------
class ProblemsWindow:
    """The diagnostics of a failed reload, a page at a time, with a Close button.

    Scroll with the wheel, the arrow keys or Page Up / Page Down; Esc, Enter
    or Close closes it. The whole text is ``text``; the words on the current
    page are the image's ``drawn_texts`` (what tests and visible_texts see).
    """

    def __init__(
        self, manager: pygame_gui.UIManager, size: tuple[int, int], text: str, summary: str
    ):
        self.manager = manager
        self.text = text
        self.summary = summary
        self.top = 0
        self._build(size)

    def _build(self, size: tuple[int, int]) -> None:
        w, h = min(1160, size[0] - 40), size[1] - 40
        self.window = UIWindow(
            centred(size, w, h),
            self.manager,
            "The rules have errors",
            object_id=oid(None, "#reload_problems"),
            draggable=False,
        )
        self.window.set_blocking(True)
        c = self.window.get_container()
        cw, ch = c.get_rect().size
        UILabel(
            pygame.Rect(10, 6, cw - 20, 24),
            self.summary,
            self.manager,
            container=c,
            object_id=oid(None, "#reload_summary"),
        )
        self.page_rect = pygame.Rect(10, 34, cw - 20, ch - 34 - 52)
        self.lines = layout_lines(self.text, self.page_rect.width)
        self.per_page = max(1, (self.page_rect.height - 8) // LINE_H)
        self.image = UIImage(
            self.page_rect,
            pygame.Surface(self.page_rect.size),
            self.manager,
            container=c,
            object_id=oid(None, "#reload_text"),
        )
        y = ch - 44
        self.prev = UIButton(
            pygame.Rect(10, y, 130, 34), "Previous page", self.manager, container=c
        )
        self.next = UIButton(pygame.Rect(150, y, 130, 34), "Next page", self.manager, container=c)
        self.where = UILabel(pygame.Rect(290, y, 300, 34), "", self.manager, container=c)
        self.close_button = UIButton(
            pygame.Rect(cw - 130, y, 120, 34),
            "Close",
            self.manager,
            container=c,
            object_id=oid("@primary", "#reload_close"),
            tool_tip_text="Back to the game, on the rules it had (F5 again after a fix)",
        )
        self.scroll(0)

    def scroll(self, by: int) -> None:
        """Move the page by ``by`` lines (clamped) and redraw it."""
        last = max(0, len(self.lines) - self.per_page)
        self.top = max(0, min(last, self.top + by))
        page = self.lines[self.top : self.top + self.per_page]
        surf = pygame.Surface(self.page_rect.size)
        surf.fill((20, 24, 33))
        draw_lines(surf, page)
        self.image.set_image(surf)
        self.image.drawn_texts = [ln.text for ln in page if ln.text]  # type: ignore[attr-defined]
        n = len(self.lines)
        self.where.set_text(f"Lines {self.top + 1}-{min(n, self.top + self.per_page)} of {n}")
        for b, ok in ((self.prev, self.top > 0), (self.next, self.top < last)):
            if ok:
                b.enable()
            else:
                b.disable()

    def resize(self, size: tuple[int, int]) -> None:
        top = self.top
        self.window.kill()
        self._build(size)
        self.scroll(top)

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.close_button:
                self.kill()
            elif event.ui_element is self.prev:
                self.scroll(-self.per_page)
            elif event.ui_element is self.next:
                self.scroll(self.per_page)
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll(-3 * event.y)
        elif event.type == pygame.KEYDOWN:
            moves = {
                pygame.K_UP: -1,
                pygame.K_DOWN: 1,
                pygame.K_PAGEUP: -self.per_page,
                pygame.K_PAGEDOWN: self.per_page,
                pygame.K_HOME: -len(self.lines),
                pygame.K_END: len(self.lines),
            }
            if event.key in moves:
                self.scroll(moves[event.key])
            elif event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.kill()


class ChoiceWindow:
    """The rules load but the game does not replay: a new game, or play on the old rules."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        size: tuple[int, int],
        why: str,
        on_new: Callable[[], None],
        on_keep: Callable[[], None],
    ):
        self.manager, self.why = manager, why
        self.on_new, self.on_keep = on_new, on_keep
        self._build(size)

    def _build(self, size: tuple[int, int]) -> None:
        w, h = min(720, size[0] - 60), 300
        self.window = UIWindow(
            centred(size, w, h),
            self.manager,
            "The game does not fit the new rules",
            object_id=oid(None, "#reload_choice"),
            draggable=False,
        )
        self.window.set_blocking(True)
        c = self.window.get_container()
        cw, ch = c.get_rect().size
        words = (
            "The rules loaded, but the game so far cannot be replayed under them:<br><b>"
            f"{html.escape(self.why)}</b><br><br>Start a new game on the new rules (same seats "
            "and seed), or keep playing this game on the rules it was started with."
        )
        UITextBox(
            words,
            pygame.Rect(10, 8, cw - 20, ch - 70),
            self.manager,
            container=c,
            object_id=oid(None, "#reload_why"),
        )
        y = ch - 52
        self.new_button = UIButton(
            pygame.Rect(10, y, 330, 36),
            "Start a new game with the new rules",
            self.manager,
            container=c,
            object_id=oid("@primary", "#reload_new"),
        )
        self.keep_button = UIButton(
            pygame.Rect(cw - 290, y, 280, 36),
            "Keep playing on the old rules",
            self.manager,
            container=c,
            object_id=oid(None, "#reload_keep"),
        )

    def resize(self, size: tuple[int, int]) -> None:
        self.window.kill()
        self._build(size)

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()

    def handle(self, event: pygame.event.Event) -> None:
        keep = event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.keep_button:
            keep = True
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.window:
            keep = True
        if keep:
            self.kill()
            self.on_keep()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.new_button:
            self.kill()
            self.on_new()


class Reloader:
    """The app's side of F5: the modal window, if one is open, and what the buttons do."""

    def __init__(self, manager: pygame_gui.UIManager, notify: Callable[[str], None]):
        self.manager = manager
        self.notify = notify
        self.window: ProblemsWindow | ChoiceWindow | None = None

    def active(self) -> bool:
        """Is a modal window open (the scene below waits)?"""
        if self.window is not None and not self.window.alive():
            self.window = None
        return self.window is not None

    def handle(self, event: pygame.event.Event) -> None:
        if self.window is not None:
            self.window.handle(event)

    def resize(self, size: tuple[int, int]) -> None:
        if self.active():
            assert self.window is not None
            self.window.resize(size)

    def kill(self) -> None:
        if self.window is not None:
            self.window.kill()
            self.window = None

    def show_problems(self, size: tuple[int, int], text: str, summary: str) -> None:
        self.kill()
        self.window = ProblemsWindow(self.manager, size, text, summary)

    def reload_game(
        self,
        size: tuple[int, int],
        session: Session,
        loaded: tuple[Ruleset | None, str],
        *,
        on_rebased: Callable[[Session], None],
        on_new: Callable[[Ruleset], None],
    ) -> None:
        """Act on a reload of the game's rules: ``loaded`` is (rules or None, diagnostics text)."""
        rules, problems = loaded
        if rules is None:
            self.show_problems(
                size, problems, "Nothing was changed: the game goes on with the rules it had."
            )
            return
        try:
            new = rebase(session, rules)
        except SaveError as exc:
            self.kill()
            self.window = ChoiceWindow(
                self.manager,
                size,
                exc.diagnostic.message,
                on_new=lambda: on_new(rules),
                on_keep=lambda: self.notify("Playing on with the old rules."),
            )
            return
        self.kill()
        on_rebased(new)
        changed = "" if rules.digest != session.rules.digest else " (no changes)"
        self.notify(f"Rules reloaded{changed}: the game goes on at step {len(new.record.steps)}.")


def reload_scene(app: App) -> None:
    """F5 in the window: the start screen reloads its scenario; the board its game's rules."""
    scene = app.scene
    if isinstance(scene, StartScene):
        problems = scene.reload()
        if problems:
            why = "The scenario cannot be played until these are fixed (F5 reloads again)."
            app.reloader.show_problems(app.size, problems, why)
        else:
            app.say("Rules reloaded from disk.")
        return
    if not isinstance(scene, PlayScene):
        app.say("F5 reloads the rules on the board or on the start screen.")
        return
    table = scene.table
    loaded = load_rules(app.scenario, active_for(table.rules.id, app.mods))

    def rebased(session: Session) -> None:
        table.session = session
        table.save_auto()
        app.play(table, review=scene.review, keeper=scene.desk.keeper)
        if isinstance(app.scene, PlayScene):  # the same view of the map, the same recent moves
            app.scene.mapc.viewport, app.scene.activity = scene.viewport, scene.activity

    def new_game(rules: Ruleset) -> None:
        record = table.session.record
        request = StartRequest(
            rules, record.seats, record.seed, scenario=app.scenario, control=table.control
        )
        app.start(request)

    app.reloader.reload_game(app.size, table.session, loaded, on_rebased=rebased, on_new=new_game)
