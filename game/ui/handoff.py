"""The hand-off cover: between two human players, the screen shows nothing secret.

It names the seat whose turn it is and waits for that player's click. It is
drawn from public facts only (the seat, the turn, the round): it never takes
a view, so there is no hand it could draw by mistake, and two games at the
same turn produce the same pixels whatever their hands hold.
"""

from __future__ import annotations

import pygame

from game.engine import CONTROL
from game.i18n import _
from game.render import style, symbols
from game.ruleset.model import Ruleset


def draw_cover(
    surface: pygame.Surface,
    rules: Ruleset,
    seat: str,
    turn_line: str,
    texts: list[str] | None = None,
) -> pygame.Rect:
    """Draw the cover over the whole surface; returns the 'ready' button's rect."""
    w, h = surface.get_size()
    surface.fill((18, 22, 30))
    # A faint grid, like the back of a map case.
    for x in range(0, w, 40):
        pygame.draw.line(surface, (24, 29, 39), (x, 0), (x, h))
    for y in range(0, h, 40):
        pygame.draw.line(surface, (24, 29, 39), (0, y), (w, y))
    actor = rules.actors.get(seat)
    colour = style.hex_colour(actor.colour) if actor else style.ACCENT
    control = seat == CONTROL
    name = actor.name if actor else (_("Control") if control else seat)
    cx, cy = w // 2, h // 2
    card = pygame.Rect(0, 0, min(720, w - 80), 330)
    card.center = (cx, cy)
    pygame.draw.rect(surface, (30, 36, 48), card, border_radius=12)
    pygame.draw.rect(surface, colour, card, 3, border_radius=12)
    lines: list[str] = []

    def centred(text: str, size: int, y: int, col: style.Color, bold: bool = False) -> None:
        t = style.text(text, size, col, bold)
        surface.blit(t, t.get_rect(center=(cx, y)))
        lines.append(text)

    centred(rules.manifest.title, 15, card.y + 28, style.PANEL_MUTED)
    centred(_("Pass the screen to"), 20, card.y + 72, style.PANEL_TEXT)
    if actor is not None:
        pygame.draw.circle(surface, (245, 242, 235), (cx, card.y + 128), 26)
        symbols.draw_symbol(surface, actor, (cx, card.y + 128), 34)
    elif control:  # the white cell: a white disc with a C
        pygame.draw.circle(surface, (245, 242, 235), (cx, card.y + 128), 26)
        c = style.text("C", 28, (27, 23, 16), True)
        surface.blit(c, c.get_rect(center=(cx, card.y + 128)))
    ink = colour if style.luminance(colour) > 0.25 else style.PANEL_TEXT
    size = 34  # the name fits the card: a smaller size, then a second line if need be
    while size > 22 and style.fonts.font(size, True).size(name)[0] > card.width - 40:
        size -= 2
    rows = style.wrap(name, size, card.width - 40, bold=True, max_lines=2)
    step = size + 4
    for i, row in enumerate(rows):
        centred(row, size, card.y + 184 + round((i - (len(rows) - 1) / 2) * step), ink, True)
    centred(turn_line, 15, card.y + 224, style.PANEL_MUTED)
    called = (actor.called or actor.name) if actor else name
    label = (
        _("I am Control — open the Control panel")
        if control
        else _("I am {name} — show my hand").format(name=called)
    )
    width = min(card.width - 40, max(340, style.fonts.font(15, True).size(label)[0] + 30))
    button = pygame.Rect(0, 0, width, 44)
    button.center = (cx, card.bottom - 48)
    pygame.draw.rect(surface, (184, 145, 58), button, border_radius=8)
    pygame.draw.rect(surface, style.ACCENT, button, 1, border_radius=8)
    t = style.text(style.fit(label, 15, button.width - 20, True), 15, (27, 23, 16), True)
    surface.blit(t, t.get_rect(center=button.center))
    lines.append(label)
    hint = (
        _(
            "Players, look away: Control sees every hand. Click or press Enter when only "
            "Control looks."
        )
        if control
        else _(
            "Everyone else, look away. Click anywhere or press Enter when only this player is "
            "looking."
        )
    )
    t = style.text(hint, 13, style.PANEL_MUTED)
    surface.blit(t, t.get_rect(center=(cx, card.bottom + 28)))
    lines.append(hint)
    if texts is not None:
        texts.extend(lines)
    return button
