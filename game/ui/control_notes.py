"""The Control panel's notes and rewind tab: notes for the after-action review, and rewind.

Control's notes (with a tag, such as 'turning point') are kept in the record
and the session log, where the report finds them. Rewind opens the replay of
the live game; branching from a step there takes the game back to it.
"""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryBox, UITextEntryLine

from game.ui.control_base import Tab
from game.ui.gui import oid


class NotesTab(Tab):
    title = "Notes & rewind"

    def key(self) -> object:
        return len(self.desk.table.session.record.annotations)

    def build(self) -> None:
        m, w = self.manager, self.width
        UILabel(
            pygame.Rect(6, 4, w, 20),
            "ADD A NOTE TO THE RECORD (for the after-action review)",
            m,
            container=self.c,
            object_id=oid("@heading"),
        )
        self.text = UITextEntryBox(
            pygame.Rect(6, 26, w - 6, 72),
            manager=m,
            container=self.c,
            object_id=oid(None, "#note_text"),
        )
        self.tag = UITextEntryLine(
            pygame.Rect(6, 104, 300, 32),
            m,
            container=self.c,
            object_id=oid(None, "#note_tag"),
            placeholder_text="tag, e.g. turning point",
        )
        self.add = UIButton(
            pygame.Rect(316, 104, 160, 32),
            "Add the note",
            m,
            container=self.c,
            object_id=oid(None, "#note_add"),
        )
        self.error = UILabel(
            pygame.Rect(486, 104, w - 486, 32),
            "",
            m,
            container=self.c,
            object_id=oid("@error", "#note_error"),
        )
        notes = self.desk.table.session.record.annotations
        e = html.escape
        lines = [
            f"Step {n.step} · <b>{e(n.author)}</b>"
            + (f" <font color='#e0b85a'>[{e(n.tag)}]</font>" if n.tag else "")
            + f": {e(n.text)}"
            for n in reversed(notes[-30:])
        ]
        box_h = max(60, self.rect.height - 150 - 100)
        UITextBox(
            "<br>".join(lines) or "<i>No notes yet.</i>",
            pygame.Rect(6, 144, w - 6, box_h),
            m,
            container=self.c,
            object_id=oid(None, "#note_list"),
        )
        y = 144 + box_h + 8
        UILabel(pygame.Rect(6, y, w, 20), "REWIND", m, container=self.c, object_id=oid("@heading"))
        UILabel(
            pygame.Rect(6, y + 22, w - 250, 32),
            "Step back in the replay and branch: the game goes on from there.",
            m,
            container=self.c,
        )
        self.rewind = UIButton(
            pygame.Rect(w - 240, y + 22, 240, 32),
            "Open the replay to rewind…",
            m,
            container=self.c,
            object_id=oid(None, "#ctl_rewind"),
        )

    def handle(self, event: pygame.event.Event) -> None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        if event.ui_element is self.add:
            text = self.text.get_text().strip()
            if not text:
                self.error.set_text("Write the note first.")
                return
            self.desk.note(text, self.tag.get_text().strip())
        elif event.ui_element is self.rewind:
            self.desk.rewind()
