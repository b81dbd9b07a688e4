"""The Control panel's adjust tab: change a track, an influence, forces or victory points.

Control picks what to change, sees its value now and what it will become, and
must write a reason before Apply does anything; an empty reason is refused on
screen. The engine checks the values (ranges, names) and its refusal is shown
in the same place, so nothing is half-applied.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextEntryLine

from game.engine.control import AdjustTrack, Intervention, SetForces, SetInfluence, SetVp
from game.ui.control_base import Desk, Tab
from game.ui.gui import oid
from game.ui.reason import EMPTY_REASON

KINDS = (
    ("track", "A track"),
    ("influence", "Influence"),
    ("forces", "Forces"),
    ("vp", "Victory points"),
)


class AdjustTab(Tab):
    title = "Adjust"

    def __init__(self, desk: Desk, rect: pygame.Rect, container: object = None):
        self.kind = "track"
        self.message = ""
        self._seen: object = None
        super().__init__(desk, rect, container)

    def key(self) -> object:
        return self.kind

    def refresh(self) -> None:
        super().refresh()
        seen = (
            self.value.get_text(),
            tuple(m.selected_option for m in self.menus.values()),
            len(self.desk.table.session.record.steps),
        )
        if seen != self._seen:  # typed text and menus change without events in some paths
            self._seen = seen
            self._preview()

    def build(self) -> None:
        m = self.manager
        rules = self.desk.table.rules
        w = self.width
        self.kind_buttons: dict[str, UIButton] = {}
        x = 6
        for kind, label in KINDS:
            b = UIButton(
                pygame.Rect(x, 6, 150, 32),
                label,
                m,
                container=self.c,
                object_id=oid("@tab_on" if kind == self.kind else "@tab", f"#adj_{kind}"),
            )
            self.kind_buttons[kind] = b
            x += 158
        self.menus: dict[str, UIDropDownMenu] = {}
        y = 54
        if self.kind == "track":
            options = [(t.name, tid) for tid, t in rules.tracks.items()]
            self._menu("track", "Track", options, y)
            value_label = "Change by (e.g. +2 or -1)"
        elif self.kind in ("influence", "forces"):
            actors = [(a.name, aid) for aid, a in rules.actors.items()]
            regions = sorted(
                ((f"{r.name} ({rid})", rid) for rid, r in rules.regions.items()),
                key=lambda o: o[0],
            )
            self._menu("actor", "Actor", actors, y)
            y += 42
            self._menu("region", "Region", regions, y)
            value_label = "Set to"
        else:
            seats = [
                (rules.actors[s].name if s in rules.actors else s, s)
                for s in self.desk.table.session.state.seats
            ]
            self._menu("seat", "Seat", seats, y)
            value_label = "Set to"
        y += 42
        UILabel(pygame.Rect(6, y, 200, 32), value_label, m, container=self.c)
        self.value = UITextEntryLine(
            pygame.Rect(210, y, 120, 32), m, container=self.c, object_id=oid(None, "#adj_value")
        )
        self.value.set_allowed_characters([*"0123456789+-"])
        self.value.set_text("+1" if self.kind == "track" else "")
        self.preview = UILabel(
            pygame.Rect(340, y, w - 340, 32),
            "",
            m,
            container=self.c,
            object_id=oid("@row_title", "#adj_preview"),
        )
        y += 48
        UILabel(
            pygame.Rect(6, y, w, 20),
            "REASON (required; recorded in the log and the report)",
            m,
            container=self.c,
            object_id=oid("@heading"),
        )
        self.reason = UITextEntryLine(
            pygame.Rect(6, y + 22, w - 6, 32),
            m,
            container=self.c,
            object_id=oid(None, "#adj_reason"),
        )
        self.error = UILabel(
            pygame.Rect(6, y + 58, w - 200, 22),
            self.message,
            m,
            container=self.c,
            object_id=oid("@error", "#adj_error"),
        )
        self.apply = UIButton(
            pygame.Rect(w - 180, y + 62, 180, 36),
            "Apply",
            m,
            container=self.c,
            object_id=oid("@primary", "#adj_apply"),
        )
        self._preview()

    def _menu(self, key: str, label: str, options: list[tuple[str, str]], y: int) -> None:
        UILabel(pygame.Rect(6, y, 200, 32), label, self.manager, container=self.c)
        self.menus[key] = UIDropDownMenu(
            options,
            options[0],
            pygame.Rect(210, y, min(420, self.width - 210), 32),
            self.manager,
            container=self.c,
            object_id=oid(None, f"#adj_{key}"),
            expansion_height_limit=260,
        )

    def picked(self, key: str) -> str:
        return str(self.menus[key].selected_option[1])

    def now(self) -> tuple[str, int]:
        """What is being changed, in words, and its value now."""
        table = self.desk.table
        state = table.session.state
        rules = table.rules
        if self.kind == "track":
            tid = self.picked("track")
            return rules.tracks[tid].name, state.tracks[tid]
        if self.kind in ("influence", "forces"):
            actor, region = self.picked("actor"), self.picked("region")
            value = (state.influence if self.kind == "influence" else state.force)(actor, region)
            what = "influence" if self.kind == "influence" else "forces"
            return f"{table.seat_name(actor)}'s {what} in {rules.regions[region].name}", value
        seat = self.picked("seat")
        return f"{table.seat_name(seat)}'s victory points", state.vp[seat]

    def command(self) -> tuple[Intervention, int] | None:
        """The intervention and the value it leads to; None if the number is unreadable."""
        text = self.value.get_text().strip()
        try:
            number = int(text)
        except ValueError:
            return None
        _, value = self.now()
        if self.kind == "track":
            tid = self.picked("track")
            track = self.desk.table.rules.tracks[tid]
            after = max(track.min, min(track.max, value + number))
            return AdjustTrack(tid, number), after
        if self.kind in ("influence", "forces"):
            cls = SetInfluence if self.kind == "influence" else SetForces
            return cls(self.picked("actor"), self.picked("region"), number), number
        return SetVp(self.picked("seat"), number), number

    def _preview(self) -> None:
        what, value = self.now()
        got = self.command()
        after = "?" if got is None else str(got[1])
        self.preview.set_text(f"{what}: {value} -> {after}")

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for kind, b in self.kind_buttons.items():
                if event.ui_element is b and kind != self.kind:
                    self.kind = kind
                    self.message = ""
                    self.refresh()
                    return
            if event.ui_element is self.apply:
                self.submit()
                return
        if event.type in (pygame_gui.UI_DROP_DOWN_MENU_CHANGED, pygame_gui.UI_TEXT_ENTRY_CHANGED):
            self._preview()

    def submit(self) -> None:
        got = self.command()
        if got is None:
            self.error.set_text("Give a whole number as the value.")
            return
        reason = self.reason.get_text().strip()
        if not reason:
            self.error.set_text(EMPTY_REASON)
            self.reason.focus()
            return
        problem = self.desk.intervene(got[0], reason)
        if problem:
            self.error.set_text(problem)
            return
        self.reason.set_text("")
        self.error.set_text("")
        self._preview()

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        pass
