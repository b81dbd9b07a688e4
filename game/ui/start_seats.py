"""The start screen's seats: who plays each seat (a person, or a bot of a kind and doctrine),
and whether a Control cell takes part.

:class:`SeatChoices` is the model (what was chosen, the same whatever the
window size); :class:`SeatsPanel` lays out its buttons in a column and turns
their clicks into changes of the model. The start screen rebuilds the panel
after every change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel

from game.ai.registry import parse_bot
from game.i18n import _
from game.render import style, symbols
from game.ruleset.model import Ruleset
from game.session.record import SeatConfig
from game.ui.gui import oid

KINDS = ("heuristic", "ismcts", "random")
"""The bot kinds a seat's button cycles through, after 'Human' (the heuristic bot first:
it is the default bot everywhere)."""
ROW, DOCTRINE_ROW = 38, 30
"""Pixels taken by a seat's row and by its doctrine line."""

Add = Callable[[pygame_gui.core.UIElement], pygame_gui.core.UIElement]


class SeatChoices:
    """Who plays which seat: human, or a bot with its kind and doctrine."""

    def __init__(self, bots: Iterable[str] = (), control: bool = False):
        self.bot_seats: set[str] = set()
        self.bot_kind: dict[str, str] = {}
        """The kind of each bot seat (heuristic unless clicked on to ISMCTS or random)."""
        self.bot_doctrine: dict[str, str] = {}
        """The named doctrine a heuristic or ISMCTS seat plays (absent: the actor's own)."""
        self.control = control
        for item in bots:  # 'seat' or 'seat=KIND[:DOCTRINE]' (from play --bot)
            seat, _, spec = item.partition("=")
            self.bot_seats.add(seat)
            if spec:
                kind, doctrine = parse_bot(spec)
                self.bot_kind[seat] = kind
                if doctrine:
                    self.bot_doctrine[seat] = doctrine

    def fit(self, rules: Ruleset) -> list[str]:
        """Forget what does not belong to ``rules``; the seats named that are not its own."""
        unknown = sorted(self.bot_seats - set(rules.seats))
        self.bot_seats &= set(rules.seats)
        for seat, name in list(self.bot_doctrine.items()):
            if seat not in rules.actors or name not in rules.actors[seat].doctrines:
                del self.bot_doctrine[seat]  # another scenario's doctrine: play the actor's own
        return unknown

    def bot_spec(self, seat: str) -> str:
        """The bot of a seat as KIND or KIND:DOCTRINE (what saves and make_bot read)."""
        kind = self.bot_kind.get(seat, KINDS[0])
        doctrine = self.bot_doctrine.get(seat)
        return f"{kind}:{doctrine}" if doctrine and kind != "random" else kind

    def doctrines_of(self, rules: Ruleset, seat: str) -> tuple[str, ...]:
        """The named doctrines a bot of ``seat`` may play ('' first: the actor's own)."""
        if seat not in rules.actors or seat not in self.bot_seats:
            return ()
        if self.bot_kind.get(seat, KINDS[0]) == "random":
            return ()
        named = tuple(rules.actors[seat].doctrines)
        return ("", *named) if named else ()

    def seats(self, rules: Ruleset) -> tuple[SeatConfig, ...]:
        return tuple(
            SeatConfig(s, "bot", self.bot_spec(s)) if s in self.bot_seats else SeatConfig(s)
            for s in rules.seats
        )

    def next_kind(self, seat: str) -> None:
        """Human -> random -> heuristic -> ISMCTS -> human."""
        if seat not in self.bot_seats:
            self.bot_seats.add(seat)
            self.bot_kind[seat] = KINDS[0]
        elif self.bot_kind.get(seat, KINDS[0]) != KINDS[-1]:
            self.bot_kind[seat] = KINDS[KINDS.index(self.bot_kind.get(seat, KINDS[0])) + 1]
        else:
            self.bot_seats.discard(seat)

    def next_doctrine(self, rules: Ruleset, seat: str) -> None:
        """The actor's own doctrine, then each named one in turn, then round again."""
        choices = self.doctrines_of(rules, seat)
        now = self.bot_doctrine.get(seat, "")
        nxt = choices[(choices.index(now) + 1) % len(choices)] if now in choices else ""
        if nxt:
            self.bot_doctrine[seat] = nxt
        else:
            self.bot_doctrine.pop(seat, None)


class SeatsPanel:
    """The seat rows, each bot's doctrine line and the Control cell's row, in a column."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        rect: pygame.Rect,
        rules: Ruleset | None,
        choices: SeatChoices,
        add: Add,
    ):
        self.rules, self.choices = rules, choices
        self.seat_buttons: dict[str, UIButton] = {}
        self.doctrine_buttons: dict[str, UIButton] = {}
        self.rows: list[tuple[str, pygame.Rect]] = []
        self.control_button: UIButton | None = None
        self.control_row: pygame.Rect | None = None
        x, y, w = rect.x, rect.y, rect.width
        add(
            UILabel(
                pygame.Rect(x, y, w, 20),
                _("SEATS (click to switch human / bot)"),
                manager,
                object_id=oid("@heading"),
            )
        )
        y += 24
        if rules is not None:
            for seat in rules.seats:
                y = self._seat(manager, rules, seat, pygame.Rect(x, y, w, 34), add)
            self.control_row = pygame.Rect(x, y, w, 34)
            self.control_button = add(
                UIButton(
                    pygame.Rect(self.control_row.right - 150, y + 2, 150, 30),
                    _("Control: on") if choices.control else _("Control: off"),
                    manager,
                    object_id=oid("@toggle_human" if choices.control else None, "#control_toggle"),
                    tool_tip_text=_(
                        "Seminar play: a Control cell (white cell) runs the game, fires injects, "
                        "rules on arguments and may adjust anything, with reasons; it takes the "
                        "screen through its own hand-off"
                    ),
                )
            )
            y += ROW
        self.bottom = y

    def _seat(
        self, manager: pygame_gui.UIManager, rules: Ruleset, seat: str, row: pygame.Rect, add: Add
    ) -> int:
        choices = self.choices
        self.rows.append((seat, row))
        bot = seat in choices.bot_seats
        self.seat_buttons[seat] = add(
            UIButton(
                pygame.Rect(row.right - 150, row.y + 2, 150, 30),
                _("Bot ({kind})").format(kind=choices.bot_kind.get(seat, KINDS[0]))
                if bot
                else _("Human"),
                manager,
                object_id=oid("@toggle_bot" if bot else "@toggle_human", f"#seat_{seat}"),
                tool_tip_text=_(
                    "Click to switch: human, random bot, heuristic bot, "
                    "ISMCTS bot (the strongest, about a second a move)"
                ),
            )
        )
        y = row.y + ROW
        named = choices.doctrines_of(rules, seat)
        if not named:
            return y
        # A second line under the seat: which reading of the actor the bot plays.
        doctrines = rules.actors[seat].doctrines
        doc = doctrines.get(choices.bot_doctrine.get(seat, ""))
        label = _("Doctrine: {name}").format(name=doc.title if doc else _("as the scenario says"))
        tip = (doc.text if doc else _("The actor's own doctrine in the scenario.")) + (
            " "
            + _("Click for the next: {names}").format(
                names=", ".join(doctrines[c].title if c else _("as the scenario") for c in named)
            )
        )
        self.doctrine_buttons[seat] = add(
            UIButton(
                pygame.Rect(row.x + 36, y - 4, row.width - 36, 28),
                label,
                manager,
                object_id=oid("@toggle_bot", f"#doctrine_{seat}"),
                tool_tip_text=tip,
            )
        )
        return y + DOCTRINE_ROW

    def pressed(self, element: object) -> bool:
        """Apply a click on one of the panel's buttons; True when it was one (rebuild)."""
        if self.rules is None:
            return False
        for seat, b in self.doctrine_buttons.items():
            if element is b:
                self.choices.next_doctrine(self.rules, seat)
                return True
        for seat, b in self.seat_buttons.items():
            if element is b:
                self.choices.next_kind(seat)
                return True
        if element is self.control_button:
            self.choices.control = not self.choices.control
            return True
        return False

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        """Each seat's row with the actor's symbol and name, and the Control cell's row."""
        if self.rules is None:
            return
        row = self.control_row
        if row is not None:
            pygame.draw.rect(surface, (40, 48, 62), row, border_radius=5)
            pygame.draw.circle(surface, (245, 242, 235), (row.x + 17, row.centery), 11)
            c = style.text("C", 14, (27, 23, 16), True)
            surface.blit(c, c.get_rect(center=(row.x + 17, row.centery)))
            words = _("Control cell (seminar)")
            label = style.text(words, 14, style.PANEL_TEXT, True)
            surface.blit(label, (row.x + 36, row.centery - label.get_height() // 2))
            if texts is not None:
                texts.append(words)
        for seat, row in self.rows:
            actor = self.rules.actors.get(seat)
            pygame.draw.rect(surface, (40, 48, 62), row, border_radius=5)
            if actor is not None:
                pygame.draw.circle(surface, (245, 242, 235), (row.x + 17, row.centery), 11)
                symbols.draw_symbol(surface, actor, (row.x + 17, row.centery), 15)
                name = style.text(actor.name, 14, style.PANEL_TEXT, True)
                surface.blit(name, (row.x + 36, row.centery - name.get_height() // 2))
                if texts is not None:
                    texts.append(actor.name)
