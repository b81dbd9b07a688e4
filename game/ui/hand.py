"""The player's hand and the decision at hand: cards, the prompt, and one button per legal action.

The buttons are generated from ``view.legal`` and nothing else: the UI shows
exactly the legal actions and never works out legality itself. A card is
chosen in two steps (click to read it, then Play, or double-click) so a
stray click never plays a card. Target decisions are made on the map (the
gold-outlined regions) or from a list, for regions that are off screen.
"""

from __future__ import annotations

import html

import attrs
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UIImage, UILabel, UITextBox

from game.engine import Action, View
from game.engine.choices import Decision
from game.i18n import N_, _
from game.render import style, symbols
from game.ruleset.model import Card, Ruleset
from game.ruleset.texts import shown
from game.ruleset.words import card_rules
from game.ui.gui import oid
from game.ui.layout import ScreenLayout, card_rects
from game.ui.panels import actor_name

NO_TARGET = N_("Choose a region…")
WAYS_OUT = ("done", "pass", "argue")
"""Actions that end or sidestep a decision: their buttons stand apart, at the right."""


@attrs.frozen
class Choice:
    """One button of the action row."""

    label: str
    action: Action
    tip: str = ""
    primary: bool = False
    closed: bool = False
    """Shown greyed, with the reason as its tip: an option not open now."""


def choices(view: View, rules: Ruleset, decision: Decision, selected: str | None) -> list[Choice]:
    """The buttons for the legal actions of ``view`` (the targets go to the map instead)."""
    out: list[Choice] = []
    legal = view.legal
    for action in legal:
        kind, arg = action.kind, action.arg
        if kind == "play":
            if arg == selected:
                card = rules.cards.get(arg)
                title = card.title if card else arg
                frame = _("Play “{title}”")  # the title gets the room its words leave
                room = 300 - style.fonts.font(14, True).size(frame.format(title=""))[0]
                label = frame.format(title=style.fit(title, 14, max(60, room), True))
                out.insert(0, Choice(label, action, "", True))
        elif kind == "pass":
            out.append(Choice(_("Pass"), action, _("Play no card this round")))
        elif kind == "event":
            card = rules.cards.get(decision.card or "")
            label = (
                _("Play the event ({name}'s event)").format(name=actor_name(rules, card.side))
                if card and card.side in rules.actors
                else _("Play the event")
            )
            tip = "<br>".join(html.escape(x) for x in card_rules(rules, card)) if card else ""
            out.append(Choice(label, action, tip, True))
        elif kind == "ops":
            card = rules.cards.get(decision.card or "")
            n = f" ({card.ops})" if card else ""
            label = _("Use the operation points") + n
            out.append(Choice(label, action, _("Spend the card's points on operations")))
        elif kind == "op":
            op = rules.operations.get(arg)
            out.append(Choice(op.name if op else arg, action, op.text if op else ""))
        elif kind == "done":
            left = (
                " " + _("({n} left)").format(n=decision.points)
                if decision.points is not None
                else ""
            )
            out.append(Choice(_("Done") + left, action, _("Stop spending operation points")))
        elif kind == "option":
            words = shown(rules, {c.action.arg: c.label for c in decision.options}.get(arg, arg))
            label = actor_name(rules, arg) if arg in rules.actors and words == arg else words
            out.append(Choice(style.fit(label, 14, 320), action, words))
        elif kind == "target":
            continue
        elif kind == "argue":
            if not any(c.action.kind == "argue" for c in out):
                tip = _("Argue for an outcome instead of playing a card (a matrix argument)")
                out.append(Choice(_("Argue…"), Action("argue"), tip))
        elif kind == "vote":
            if arg == "yes":
                tip = _("The roll it needs drops by one")
                out.insert(0, Choice(_("Vote yes"), action, tip, True))
            else:
                out.append(Choice(_("Vote no"), action, _("The roll it needs rises by one")))
        else:
            out.append(Choice(str(action), action))
    if decision.kind.value == "option":  # the options closed now: greyed, saying why
        for r in decision.refused:
            label = style.fit(_("Not now: {what}").format(what=r.label or r.action.arg), 14, 320)
            out.append(Choice(label, r.action, r.reason, closed=True))
    # The way out of a decision (done, pass) goes last, after the things to do.
    out.sort(key=lambda c: (not c.primary, c.action.kind in ("done", "pass", "argue")))
    return out


def targets(view: View) -> list[str]:
    return [a.arg for a in view.legal if a.kind == "target"]


def render_card(
    card: Card, cid: str, rules: Ruleset, size: tuple[int, int], playable: bool
) -> tuple[pygame.Surface, list[str]]:
    """A card face: the side's band and symbol, the ops badge, the title, the start of what it
    does (the rules text; the flavour text is in the tooltip and the detail box)."""
    w, h = size
    surf = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(surf, (0, 0, 0, 90), (3, 4, w - 3, h - 4), border_radius=7)
    face = pygame.Rect(0, 0, w - 3, h - 4)
    pygame.draw.rect(surf, (250, 247, 239), face, border_radius=7)
    side = rules.actors.get(card.side)
    band_colour = style.hex_colour(side.colour) if side else (120, 124, 134)
    band = pygame.Rect(0, 0, face.width, 22)
    pygame.draw.rect(surf, band_colour, band, border_top_left_radius=7, border_top_right_radius=7)
    ink = style.ink_on(band_colour)
    x = 6
    if side is not None:
        pygame.draw.circle(surf, (250, 248, 240), (13, 11), 8)
        symbols.draw_symbol(surf, side, (13, 11), 11)
        x = 25
    badge = pygame.Rect(0, 0, 34, 18)
    badge.midright = (face.right - 4, 11)
    side_text = _("{short} event").format(short=side.short) if side else _("Neutral")
    side_text = style.fit(side_text, 11, badge.left - 4 - x, True)  # longer in some languages
    t = style.text(side_text, 11, ink, True)
    surf.blit(t, (x, 11 - t.get_height() // 2))
    pygame.draw.rect(surf, (36, 34, 38), badge, border_radius=9)
    ops = style.text(_("{n} ops").format(n=card.ops), 11, (255, 255, 255), True)
    surf.blit(ops, ops.get_rect(center=badge.center))
    y = 26
    lines = style.wrap(card.title, 13, face.width - 12, bold=True, max_lines=3)
    for line in lines:
        t = style.text(line, 13, style.BOX_TEXT, True)
        surf.blit(t, (6, y))
        y += 17
    y += 2
    room = (face.height - y - 4) // 14
    does = " ".join(card_rules(rules, card)[1:])  # what it does, before the flavour
    if room > 0 and does:
        for line in style.wrap(does, 11, face.width - 12, max_lines=room):
            t = style.text(line, 11, style.BOX_MUTED)
            surf.blit(t, (6, y))
            y += 14
    if not playable:
        veil = pygame.Surface(face.size, pygame.SRCALPHA)
        veil.fill((30, 36, 48, 110))
        surf.blit(veil, (0, 0))
    return surf, [card.title, side_text, f"{card.ops} ops"]


def card_tip(card: Card, rules: Ruleset, note: str = "") -> str:
    """A card in full: title, what it does (generated from its rules), why its event is closed
    now (``note``), then its flavour text."""
    date = f" · {style.date_text(card.date)}" if card.date else ""
    title = html.escape(card.title)
    head, *body = card_rules(rules, card)
    does = "<br>".join(html.escape(line) for line in body)
    closed = (
        f"<br><font color='#e0b85a'>Event not playable now: {html.escape(note)}.</font>"
        if note
        else ""
    )
    flavour = f"<br><br><i>{html.escape(card.text)}</i>" if card.text else ""
    return f"<b>{title}</b><br>{html.escape(head)}{date}<br><br>{does}{closed}{flavour}"


class HandPanel:
    """The viewer's cards, the detail of the chosen one, and the action row above them."""

    def __init__(self, manager: pygame_gui.UIManager, layout: ScreenLayout, rules: Ruleset):
        self.manager = manager
        self.rules = rules
        self.layout = layout
        self.hand_rect = pygame.Rect(layout.hand)
        self.action_rect = pygame.Rect(layout.actions)
        self.detail_rect = pygame.Rect(layout.detail)
        self.prompt = UILabel(
            pygame.Rect(
                self.action_rect.x + 10, self.action_rect.y + 3, self.action_rect.width - 20, 24
            ),
            "",
            manager,
            object_id=oid("@prompt", "#prompt"),
        )
        self.detail = UITextBox(
            "",
            self.detail_rect.inflate(-12, -14),
            manager,
            object_id=oid("@detail", "#card_detail"),
        )
        self.cards: list[tuple[str, UIImage, UIButton]] = []
        self.buttons: list[tuple[UIButton, Action]] = []
        self.extra: list[UILabel] = []
        self.extra_buttons: list[UIButton] = []
        """Greyed buttons of closed options (not in ``buttons``: they take no action)."""
        self.dropdown: UIDropDownMenu | None = None
        self.dropdown_targets: dict[str, str] = {}
        self.selected: str | None = None
        self.selected_at: int | None = None
        """Which copy is selected, when a hand holds two copies of a card."""
        self._key: object = None
        self._cards_key: object = None
        self._faces_for: object = False
        self.empty_note = ""
        self.notes: dict[str, str] = {}
        """Why each card's event cannot be played now (from the view), for the tooltips."""
        self.note_html: str | None = None
        """Shown in the detail box instead of the card help (an argument being voted on)."""

    def kill(self) -> None:
        self._clear_cards()
        self._clear_buttons()
        self.prompt.kill()
        self.detail.kill()

    # -- rebuilding --------------------------------------------------------------------------
    def update(
        self, view: View | None, decision: Decision, prompt: str, hand_visible: bool
    ) -> None:
        """Rebuild the widgets when the view (or the selection) changed.

        ``view`` None, or ``hand_visible`` False, shows no card at all (the hand-off cover).
        """
        hand = view.hand if (view is not None and hand_visible) else ()
        legal = view.legal if view is not None else ()
        if self.selected not in hand:
            self.selected = self.selected_at = None
        self.notes = dict(view.event_notes) if view is not None else {}
        cards_key = (
            hand,
            frozenset(a.arg for a in legal if a.kind == "play"),
            tuple(sorted(self.notes.items())),
        )
        if cards_key != self._cards_key:
            if self._cards_key is not None and cards_key[0] != self._cards_key[0]:  # type: ignore[index]
                self.selected = self.selected_at = None  # a card was played or drawn
            self._cards_key = cards_key
            self._build_cards(hand, legal)
            self._faces_for = None
        if self._faces_for != (self.selected, self.selected_at):
            self._refresh_faces(legal)
        key = (legal, self.selected, prompt, decision, self.note_html)
        if key == self._key:
            return
        self._key = key
        self.prompt.set_text(prompt)
        self._build_buttons(view, decision)
        self._show_detail(decision)

    def _clear_cards(self) -> None:
        for _cid, image, button in self.cards:
            image.kill()
            button.kill()
        self.cards = []

    def _clear_buttons(self) -> None:
        for b, _choice in self.buttons:
            b.kill()
        self.buttons = []
        for label in self.extra:
            label.kill()
        self.extra = []
        for b in self.extra_buttons:
            b.kill()
        self.extra_buttons = []
        if self.dropdown is not None:
            self.dropdown.kill()
            self.dropdown = None
        self.dropdown_targets = {}

    def _face(
        self, i: int, cid: str, size: tuple[int, int], legal: tuple[Action, ...]
    ) -> tuple[pygame.Surface, list[str]]:
        card = self.rules.cards[cid]
        playable = {a.arg for a in legal if a.kind == "play"}
        face, words = render_card(card, cid, self.rules, size, cid in playable or not playable)
        if cid == self.selected and i == self.selected_at:
            edge = pygame.Rect(0, 0, size[0] - 3, size[1] - 4)
            pygame.draw.rect(face, style.ACCENT, edge, 3, border_radius=7)
        return face, words

    def _refresh_faces(self, legal: tuple[Action, ...]) -> None:
        for i, (cid, image, _button) in enumerate(self.cards):
            face, _words = self._face(i, cid, image.rect.size, legal)
            image.set_image(face)
        self._faces_for = (self.selected, self.selected_at)

    def _build_cards(self, hand: tuple[str, ...], legal: tuple[Action, ...]) -> None:
        self._clear_cards()
        for i, (cid, rect) in enumerate(
            zip(hand, card_rects(self.layout.hand, len(hand)), strict=True)
        ):
            if cid not in self.rules.cards:
                continue
            card = self.rules.cards[cid]
            face, words = self._face(i, cid, rect[2:], legal)
            image = UIImage(
                pygame.Rect(rect), face, self.manager, object_id=oid(None, f"#card_face_{cid}")
            )
            image.drawn_texts = words  # type: ignore[attr-defined]
            button = UIButton(
                pygame.Rect(rect),
                "",
                self.manager,
                tool_tip_text=card_tip(card, self.rules, self.notes.get(cid, "")),
                object_id=oid(None, "#card_hit"),
                allow_double_clicks=True,
            )
            button.card_id = cid  # type: ignore[attr-defined]
            self.cards.append((cid, image, button))

    def _build_buttons(self, view: View | None, decision: Decision) -> None:
        self._clear_buttons()
        if view is None:
            return
        r = self.action_rect
        x, y = r.x + 10, r.y + 29
        right = r.right - 10
        # The ways out (done, pass, argue) stand at the right end, the things to do at the
        # left: a second click where 'Use the operation points' was never lands on 'Done'.
        listed = choices(view, self.rules, decision, self.selected)
        outs = [c for c in listed if c.action.kind in WAYS_OUT]
        for choice in reversed(outs):
            w = min(340, style.fonts.font(14, choice.primary).size(choice.label)[0] + 30)
            right -= w
            self._button(choice, pygame.Rect(right, y, w, 28))
            right -= 8
        for choice in (c for c in listed if c.action.kind not in WAYS_OUT):
            w = min(340, style.fonts.font(14, choice.primary).size(choice.label)[0] + 30)
            if x + w > right:
                break
            self._button(choice, pygame.Rect(x, y, w, 28))
            x += w + 8
        spots = targets(view)
        self._extras(view, spots, x, y, right)

    def _button(self, choice: Choice, rect: pygame.Rect) -> None:
        b = UIButton(
            rect,
            choice.label,
            self.manager,
            tool_tip_text=html.escape(choice.tip) if choice.tip else None,
            object_id=oid("@primary" if choice.primary else None, f"#act_{choice.action.kind}"),
        )
        b.action = choice.action  # type: ignore[attr-defined]
        if choice.closed:
            b.disable()  # shown for its reason (the tip), never taken
            self.extra_buttons.append(b)
            return
        self.buttons.append((b, choice.action))

    def _extras(self, view: View, spots: list[str], x: int, y: int, right: int) -> None:
        """The hint to click a card, or the list of target regions, after the buttons."""
        if not self.buttons and not spots and any(a.kind == "play" for a in view.legal):
            hint = UILabel(
                pygame.Rect(x, y, right - x, 28),
                _("Click a card below to read it, then play it here (or double-click the card)."),
                self.manager,
                object_id=oid("@heading", "#hint"),
            )
            self.extra.append(hint)
        if spots:
            names = {
                rid: self.rules.regions[rid].name for rid in spots if rid in self.rules.regions
            }
            options = [_(NO_TARGET)] + [f"{names.get(rid, rid)} ({rid})" for rid in spots]
            self.dropdown_targets = {f"{names.get(rid, rid)} ({rid})": rid for rid in spots}
            self.dropdown = UIDropDownMenu(
                options,
                _(NO_TARGET),
                pygame.Rect(x, y, min(300, right - x), 28),
                self.manager,
                object_id=oid(None, "#targets"),
                expansion_height_limit=260,
            )

    def _show_detail(self, decision: Decision) -> None:
        cid = self.selected or decision.card
        card = self.rules.cards.get(cid or "")
        if self.note_html and not self.selected:
            self.detail.set_text(self.note_html)
        elif card is None:
            self.detail.set_text(
                "<font color='#a0a6b2'>"
                + _(
                    "Click a card to read it; click <b>Play</b> (or double-click the card) to "
                    "play it. Hover a region for its full state."
                )
                + "</font>"
            )
        else:
            prefix = (
                "" if cid == self.selected else "<font color='#e0b85a'><b>In play</b></font><br>"
            )
            note = self.notes.get(cid or "", "")
            self.detail.set_text(prefix + card_tip(card, self.rules, note))

    # -- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> Action | None:
        """A widget event of this panel; returns an action to take, if the player chose one."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for b, action in self.buttons:
                if event.ui_element is b:
                    return action
            for i, (cid, _image, b) in enumerate(self.cards):
                if event.ui_element is b:
                    self.selected, self.selected_at = cid, i
                    return None
        if event.type == pygame_gui.UI_BUTTON_DOUBLE_CLICKED:
            for i, (cid, _image, b) in enumerate(self.cards):
                if event.ui_element is b:
                    self.selected, self.selected_at = cid, i
                    return Action("play", cid)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.dropdown:
            rid = self.dropdown_targets.get(event.text)
            if rid:
                return Action("target", rid)
        return None

    def card_button(self, cid: str) -> UIButton | None:
        for c, _image, b in self.cards:
            if c == cid:
                return b
        return None

    def action_button(self, action: Action) -> UIButton | None:
        for b, a in self.buttons:
            if a == action:
                return b
        return None

    def draw(self, surface: pygame.Surface) -> None:
        r = self.action_rect.union(self.hand_rect).union(self.detail_rect)
        surface.fill(style.PANEL_BG, r)
        surface.fill((36, 43, 57), self.action_rect)
        pygame.draw.line(
            surface, style.PANEL_EDGE, self.action_rect.topleft, self.action_rect.topright
        )
        pygame.draw.line(
            surface, style.PANEL_EDGE, self.hand_rect.topleft, self.detail_rect.topright
        )
        if not self.cards:
            note = style.text(self.empty_note, 14, style.PANEL_MUTED)
            surface.blit(note, note.get_rect(center=self.hand_rect.center))
