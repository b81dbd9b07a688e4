"""A whole turn from the keyboard: cards, buttons and target regions without the mouse.

    Tab / Shift+Tab   the next / previous card (choosing a card) or target region (placing
                      an operation); the map's hover ring shows the region
    1 … 9             the n-th card (choosing a card), else the n-th button of the action row
    Enter             play the card chosen, or take the target region shown

The keys only choose among what the screen offers (the legal actions); the scene
takes the action as a click would. Arrows, +/- and Home stay the map's.
"""

from __future__ import annotations

import pygame

from game.engine import Action, ActionKind, View
from game.engine.choices import DecisionKind
from game.ui.hand import HandPanel, targets

DIGITS = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)}
DIGITS.update({getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)})


class Keyboard:
    """The keyboard's choice on the board: a card or a target region in focus."""

    def __init__(self) -> None:
        self.target: str | None = None
        """The target region Tab has brought into focus."""

    def handle(self, event: pygame.event.Event, view: View, hand: HandPanel) -> Action | str | None:
        """The action a key takes, 'focus' when it only moved the focus, or None (not ours)."""
        if event.type != pygame.KEYDOWN or event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            return None
        kind = view.decision.kind
        if not view.legal:
            return None
        if kind == DecisionKind.CARD:
            return self._card(event, view, hand)
        if kind == DecisionKind.TARGET:
            spots = targets(view)
            if event.key == pygame.K_TAB and spots:
                step = -1 if event.mod & pygame.KMOD_SHIFT else 1
                at = spots.index(self.target) if self.target in spots else -step
                self.target = spots[(at + step) % len(spots)]
                return "focus"
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.target in spots:
                return Action(ActionKind.TARGET, self.target or "")
        if event.key in DIGITS:
            ordered = sorted(hand.buttons, key=lambda ba: ba[0].relative_rect.x)
            n = DIGITS[event.key]
            if n <= len(ordered):
                return ordered[n - 1][1]
        return None

    def _card(self, event: pygame.event.Event, view: View, hand: HandPanel) -> Action | str | None:
        cards = [cid for cid, _, _ in hand.cards]
        if not cards:
            return None
        if event.key == pygame.K_TAB:
            step = -1 if event.mod & pygame.KMOD_SHIFT else 1
            at = hand.selected_at if hand.selected_at is not None else -step
            i = (at + step) % len(cards)
            hand.selected, hand.selected_at = cards[i], i
            return "focus"
        if event.key in DIGITS and DIGITS[event.key] <= len(cards):
            i = DIGITS[event.key] - 1
            hand.selected, hand.selected_at = cards[i], i
            return "focus"
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and hand.selected is not None:
            play = Action(ActionKind.PLAY, hand.selected)
            return play if play in view.legal else None
        return None
