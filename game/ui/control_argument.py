"""The Control panel's argument tab: the pending matrix argument, and Control's ruling on it.

Control reads the seat's argument and reasons in full, then approves it,
denies it, or sets the roll it needs on two dice (the chance of success is
shown beside the number, so the odds are a deliberate choice). The ruling's
reasons are required and go into the record with it, for the hotwash. When
no argument is pending the tab lists the arguments made so far.
"""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextBox, UITextEntryLine

from game.engine import Action
from game.ui.control_base import Tab
from game.ui.gui import oid
from game.ui.seminar import (
    PendingArgument,
    argument_history,
    pending_argument,
    success_chance,
)

EMPTY_RULING = "Give the reasons for your ruling first: they are recorded with it."


def argument_html(p: PendingArgument, name: str) -> str:
    """The argument as Control (or a voting seat) reads it."""
    e = html.escape
    parts = [
        f"<b>{e(name)}</b> argues for: <font color='#e0b85a'><b>{e(p.title)}</b></font>",
    ]
    if p.outcome:
        parts.append(f"<font color='#a0a6b2'>{e(p.outcome)}</font>")
    parts.append("<br><b>The argument</b>")
    parts.append(e(p.words) if p.words else "<i>(no words given)</i>")
    parts.append("<br><b>The reasons</b>")
    parts.append(e(p.reasons) if p.reasons else "<i>(no reasons given)</i>")
    return "<br>".join(parts)


class ArgumentTab(Tab):
    title = "Argument"

    def build(self) -> None:
        table = self.desk.table
        state = table.session.state
        steps = table.session.record.steps
        self.pending = pending_argument(state, table.rules, steps)
        self.odds_menu: UIDropDownMenu | None = None
        self.buttons: dict[str, UIButton] = {}
        w = self.width
        m = self.manager
        if self.pending is None or self.pending.stage != "control":
            self._build_idle()
            return
        p = self.pending
        text_h = max(140, self.rect.height - 250)
        UITextBox(
            argument_html(p, table.seat_name(p.seat)),
            pygame.Rect(6, 6, w - 6, text_h),
            m,
            container=self.c,
            object_id=oid(None, "#rule_argument"),
        )
        y = text_h + 14
        UILabel(
            pygame.Rect(6, y, 250, 32),
            "Roll needed on two dice:",
            m,
            container=self.c,
        )
        need = table.rules.manifest.matrix.need
        self.odds_menu = UIDropDownMenu(
            [f"{n}+" for n in range(2, 13)],
            f"{need}+",
            pygame.Rect(256, y, 90, 32),
            m,
            container=self.c,
            object_id=oid(None, "#rule_need"),
            expansion_height_limit=200,
        )
        self.chance = UILabel(
            pygame.Rect(354, y, 220, 32),
            self._chance_text(need),
            m,
            container=self.c,
            object_id=oid(None, "#rule_chance"),
        )
        self.buttons["odds"] = UIButton(
            pygame.Rect(w - 230, y, 230, 32),
            "Set the odds and roll",
            m,
            container=self.c,
            object_id=oid("@primary", "#rule_odds"),
        )
        y += 42
        self.buttons["approve"] = UIButton(
            pygame.Rect(6, y, 200, 32),
            "Approve outright",
            m,
            container=self.c,
            object_id=oid(None, "#rule_approve"),
            tool_tip_text="It happens: no roll",
        )
        self.buttons["deny"] = UIButton(
            pygame.Rect(216, y, 160, 32),
            "Deny",
            m,
            container=self.c,
            object_id=oid(None, "#rule_deny"),
            tool_tip_text="It does not happen: no roll",
        )
        y += 44
        UILabel(
            pygame.Rect(6, y, w, 20),
            "REASONS FOR YOUR RULING (required; recorded with it)",
            m,
            container=self.c,
            object_id=oid("@heading"),
        )
        self.reason = UITextEntryLine(
            pygame.Rect(6, y + 22, w - 6, 32),
            m,
            container=self.c,
            object_id=oid(None, "#rule_reason"),
        )
        self.error = UILabel(
            pygame.Rect(6, y + 58, w - 6, 22),
            "",
            m,
            container=self.c,
            object_id=oid("@error", "#rule_error"),
        )

    def _chance_text(self, need: int) -> str:
        return f"= {round(success_chance(need) * 100)}% chance of success"

    def _build_idle(self) -> None:
        table = self.desk.table
        state = table.session.state
        rules = table.rules
        e = html.escape
        parts = []
        p = self.pending
        if p is not None and p.stage == "vote":
            parts.append(argument_html(p, table.seat_name(p.seat)))
            parts.append(
                f"<br><b>The table is voting:</b> {p.yes} yes, {p.no} no so far; "
                f"{e(table.seat_name(p.voter))} votes now."
            )
        elif not rules.manifest.matrix.enabled:
            parts.append("<i>This scenario has no matrix arguments.</i>")
        else:
            parts.append("<b>No argument waits for a ruling.</b>")
            parts.append(
                "<font color='#a0a6b2'>When a seat argues instead of playing a card, the "
                "screen comes to Control for the ruling.</font>"
            )
        history = argument_history(state, rules, table.session.record.steps)
        if history:
            parts.append("<br><b>Arguments so far</b>")
            for h in history:
                mark = (
                    "<font color='#8fd18a'><b>established</b></font>"
                    if h.established
                    else "<font color='#a0a6b2'>not established</font>"
                )
                parts.append(
                    f"Step {h.step} · <b>{e(table.seat_name(h.seat))}</b>: {e(h.title)} — {mark}"
                )
                if h.words:
                    parts.append(f"<font color='#c9ccd4'>“{e(h.words)}”</font>")
        UITextBox(
            "<br>".join(parts),
            pygame.Rect(6, 6, self.width - 6, self.rect.height - 18),
            self.manager,
            container=self.c,
            object_id=oid(None, "#rule_idle"),
        )

    def need(self) -> int:
        assert self.odds_menu is not None
        return int(self.odds_menu.selected_option[0].rstrip("+"))

    def handle(self, event: pygame.event.Event) -> None:
        if self.pending is None or self.pending.stage != "control":
            return
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.odds_menu
        ):
            # The menu's own selection changes only on its next update: read the event.
            self.chance.set_text(self._chance_text(int(str(event.text).rstrip("+"))))
            return
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        for key, button in self.buttons.items():
            if event.ui_element is button:
                action = Action("odds", str(self.need())) if key == "odds" else Action(key)
                reason = self.reason.get_text().strip()
                if not reason:
                    self.error.set_text(EMPTY_RULING)
                    self.reason.focus()
                    return
                problem = self.desk.rule(action, reason)
                if problem:
                    self.error.set_text(problem)
                return
