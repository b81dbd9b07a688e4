"""The board's top bar: whose turn and phase it is, the phase timer, and the menu.

It shows public information from the view only. Also here are the small
pictures the board draws in more than one place: an actor's chip (its symbol
and name: colour plus shape, never colour alone), the timer chip and the banner
across the map ('PAUSED BY CONTROL').
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.engine import CHANCE, CONTROL, View
from game.i18n import N_, _
from game.render import style, symbols
from game.ruleset.model import Ruleset
from game.ruleset.texts import shown
from game.ui.gui import oid
from game.ui.layout import ScreenLayout

TOOLBAR = (
    ("undo", N_("Undo"), N_("Take back your last decision (Ctrl+Z)")),
    ("save", N_("Save"), N_("Save the game to a file (Ctrl+S)")),
    ("load", N_("Load"), N_("Load a saved game (Ctrl+O)")),
    ("help", N_("Help"), N_("How to play, and the keys (F1)")),
    ("shot", N_("Screenshot"), N_("Save a picture of the screen (F12)")),
    ("full", N_("Fullscreen"), N_("Switch full screen on or off (F11)")),
)
"""The menu of the board's top bar: key, label and tip (translated where they are shown)."""

PHASES = {
    "start": N_("start"),
    "events": N_("events"),
    "draw": N_("draw"),
    "actions": N_("actions"),
    "end": N_("end"),
    "scoring": N_("scoring"),
    "over": N_("over"),
}
"""The engine's phase names, as the top bar says them."""


CONTROL_TOOL = (
    "control",
    N_("Control"),
    N_("Hand the screen to the Control cell (its own cover first)"),
)


class TopBar:
    """Turn, date, round, phase and the acting actor; the toolbar buttons on the right.

    In a seminar game a Control button comes first (anyone may press it: the
    screen then goes to Control through its cover), and the phase timer shows
    beside the acting seat.
    """

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        layout: ScreenLayout,
        rules: Ruleset,
        *,
        control: bool = False,
    ):
        self.rules = rules
        self.rect = pygame.Rect(layout.top)
        self.buttons: dict[str, UIButton] = {}
        x = self.rect.right - 8
        widths = {
            "undo": 64,
            "save": 60,
            "load": 60,
            "help": 56,
            "shot": 104,
            "full": 96,
            "control": 84,
        }
        tools = (CONTROL_TOOL, *TOOLBAR) if control else TOOLBAR
        for key, label, tip in reversed(tools):
            label = _(label)
            # As wide as the words need in the player's language (Russian's are longer).
            w = max(widths[key], style.text(label, 14).get_width() + 22)
            x -= w
            self.buttons[key] = UIButton(
                pygame.Rect(x, 7, w, 30),
                label,
                manager,
                tool_tip_text=_(tip),
                object_id=oid("@control_tool" if key == "control" else "@toolbar", f"#tool_{key}"),
            )
            x -= 6
        self.text_right = x - 8

    def kill(self) -> None:
        for b in self.buttons.values():
            b.kill()

    def draw(
        self,
        surface: pygame.Surface,
        view: View,
        viewer: str,
        texts: list[str] | None,
        *,
        clock: str = "",
    ) -> None:
        surface.fill(style.PANEL_BG, self.rect)
        pygame.draw.line(surface, style.PANEL_EDGE, self.rect.bottomleft, self.rect.bottomright)
        rules = self.rules
        acting = view.acting if view.acting and view.acting != CHANCE else None
        parts = [
            (_("Turn {n}/{of}").format(n=view.turn, of=rules.turns), True, style.PANEL_TEXT),
            (shown(rules, view.turn_label), False, style.PANEL_TEXT),
            (style.date_text(view.date), False, style.PANEL_MUTED),
            (
                _("Round {n}/{of}").format(n=view.round, of=rules.manifest.action_rounds),
                False,
                style.PANEL_MUTED,
            ),
            (
                _("Phase: {name}").format(name=_(PHASES.get(view.phase, view.phase))),
                False,
                style.PANEL_MUTED,
            ),
        ]
        you = _(" (you)") if acting == viewer else ""
        chip = actor_chip(rules, acting, 15, suffix=you) if acting else None
        timer = timer_chip(clock) if clock else None
        # On a narrow window drop the least useful facts first, then shorten the actor.
        for drop in (None, 4, 3, "short", 2):
            if drop == "short" and acting:
                chip = actor_chip(rules, acting, 15, suffix=you, short=True)
            elif isinstance(drop, int):
                parts[drop] = ("", False, style.PANEL_MUTED)
            width = sum(style.text(p, 15, c, b).get_width() + 18 for p, b, c in parts if p)
            width += 70 + (chip.get_width() if chip else 0)
            width += timer.get_width() + 16 if timer else 0
            if 12 + width <= self.text_right:
                break
        x = 12
        for text, bold, colour in parts:
            if not text:
                continue
            t = style.text(text, 15, colour, bold)
            surface.blit(t, (x, self.rect.centery - t.get_height() // 2))
            x += t.get_width() + 18
            if texts is not None:
                texts.append(text)
        if chip is not None and acting is not None:
            t = style.text(_("Acting:"), 15, style.PANEL_MUTED)
            surface.blit(t, (x, self.rect.centery - t.get_height() // 2))
            x += t.get_width() + 8
            box = chip.get_rect(topleft=(x, self.rect.centery - chip.get_height() // 2))
            pygame.draw.rect(surface, style.ACCENT, box.inflate(10, 6), 1, 6)
            surface.blit(chip, box)
            x = box.right + 16
            if texts is not None:
                actor = rules.actors.get(acting)
                name = "Control" if acting == CONTROL else (actor.name if actor else acting)
                texts.append(f"{_('Acting:')} {name}")
        elif view.result is not None:
            t = style.text(_("Game over"), 15, style.ACCENT, True)
            surface.blit(t, (x, self.rect.centery - t.get_height() // 2))
        if timer is not None:
            surface.blit(timer, (x, self.rect.centery - timer.get_height() // 2))
            if texts is not None:
                texts.append(clock)


def timer_chip(clock: str) -> pygame.Surface:
    """The phase timer: a small clock face and mm:ss; red once the time is up."""
    up = "up" in clock
    colour = style.DANGER if up else (style.PANEL_MUTED if "paused" in clock else style.PANEL_TEXT)
    t = style.text(clock, 15, colour, True)
    surf = pygame.Surface((t.get_width() + 28, max(t.get_height(), 22)), pygame.SRCALPHA)
    cy = surf.get_height() // 2
    pygame.draw.circle(surf, colour, (10, cy), 9, 2)
    pygame.draw.line(surf, colour, (10, cy), (10, cy - 6), 2)
    pygame.draw.line(surf, colour, (10, cy), (14, cy + 2), 2)
    surf.blit(t, (24, cy - t.get_height() // 2))
    return surf


def draw_banner(
    surface: pygame.Surface, area: tuple[int, int, int, int], text: str, texts: list[str] | None
) -> None:
    """A band across the top of ``area`` (the map) that nobody can miss: 'PAUSED BY CONTROL'."""
    r = pygame.Rect(area)
    t = style.text(text, 20, (27, 23, 16), True)
    band = pygame.Rect(0, 0, t.get_width() + 60, t.get_height() + 16)
    band.midtop = (r.centerx, r.y + 14)
    pygame.draw.rect(surface, style.ACCENT, band, border_radius=8)
    pygame.draw.rect(surface, (27, 23, 16), band, 2, border_radius=8)
    surface.blit(t, t.get_rect(center=band.center))
    if texts is not None:
        texts.append(text)


def actor_chip(
    rules: Ruleset, actor_id: str, size: int, suffix: str = "", short: bool = False
) -> pygame.Surface:
    """Symbol + name of an actor on a transparent surface (colour plus shape, never colour
    alone)."""
    actor = rules.actors.get(actor_id)
    if actor_id == CONTROL:
        label = "Control"
    else:
        label = actor_id if actor is None else (actor.short if short else actor.name)
    name = label + suffix
    t = style.text(name, size, style.PANEL_TEXT, bold=True)
    surf = pygame.Surface(
        (t.get_width() + size + 8, max(t.get_height(), size + 4)), pygame.SRCALPHA
    )
    if actor is not None:
        pygame.draw.circle(
            surf, (245, 242, 235), (size // 2 + 2, surf.get_height() / 2), size / 2 + 2
        )
        symbols.draw_symbol(surf, actor, (size // 2 + 2, surf.get_height() / 2), size - 3)
    elif actor_id == CONTROL:  # the white cell
        centre = (size // 2 + 2, surf.get_height() / 2)
        pygame.draw.circle(surf, (245, 242, 235), centre, size / 2 + 2)
        c = style.text("C", size - 4, (27, 23, 16), True)
        surf.blit(c, c.get_rect(center=centre))
    surf.blit(t, (size + 8, (surf.get_height() - t.get_height()) // 2))
    return surf
