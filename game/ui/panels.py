"""The side panel beside the map: the tracks, the scores, the objectives, the log.

Everything here shows public information from the view (plus which objectives
are met, computed by the engine). Bars, ticks and actor chips are drawn with
pygame, from cached surfaces rebuilt only when the view changes; the text
lists and buttons are pygame_gui widgets, so they scroll, wrap and take
focus like any desktop widget.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pygame
import pygame_gui
from pygame_gui.elements import UILabel, UITextBox

from game.engine import CHANCE, CONTROL, View
from game.i18n import _
from game.render import style, symbols
from game.render.logwords import entry_words
from game.ruleset.model import Ruleset
from game.ruleset.words import objective_rules
from game.ui.gui import oid
from game.ui.layout import ScreenLayout


def actor_name(rules: Ruleset, actor: str | None) -> str:
    if actor is None:
        return "nobody"
    a = rules.actors.get(actor)
    return a.name if a else actor


class SidePanel:
    """Tracks with thresholds, victory points, objectives and the game log."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        layout: ScreenLayout,
        rules: Ruleset,
        *,
        control: bool = False,
    ):
        self.rules = rules
        self.layout = layout
        self.rect = pygame.Rect(layout.side)
        self.tracks_rect = pygame.Rect(layout.tracks)
        sc = pygame.Rect(layout.scores)
        lg = pygame.Rect(layout.log)
        per_row = 3 if len(rules.seats) > 4 else max(len(rules.seats), 1)
        per_row = max(1, min(per_row, (sc.width - 16) // 110))  # a cell fits 'SOAB 12 VP'
        self.vp_rows = -(-len(rules.seats) // per_row)
        vp_h = 24 + 26 * self.vp_rows
        self.vp_rect = pygame.Rect(sc.x, sc.y, sc.width, vp_h)
        self.objectives = UITextBox(
            "",
            pygame.Rect(sc.x + 8, sc.y + vp_h + 20, sc.width - 16, sc.height - vp_h - 24),
            manager,
            object_id=oid(None, "#objectives"),
        )
        m = rules.manifest.matrix
        self.facts = m.enabled and bool(rules.arguments) and (control or m.adjudication == "vote")
        """Show the established facts above the objectives (when arguments can be made)."""
        self.obj_label = UILabel(
            pygame.Rect(sc.x + 8, sc.y + vp_h, sc.width - 16, 20),
            _("ESTABLISHED FACTS AND OBJECTIVES") if self.facts else _("OBJECTIVES"),
            manager,
            object_id=oid("@heading"),
        )
        self.log_label = UILabel(
            pygame.Rect(lg.x + 8, lg.y, lg.width - 16, 20),
            _("GAME LOG (newest first)"),
            manager,
            object_id=oid("@heading"),
        )
        self.log = UITextBox(
            "",
            pygame.Rect(lg.x + 8, lg.y + 20, lg.width - 16, lg.height - 28),
            manager,
            object_id=oid(None, "#log"),
        )
        self._key: object = None
        self._tracks: pygame.Surface | None = None
        self._vp: pygame.Surface | None = None
        self._track_rows: list[tuple[pygame.Rect, str]] = []

    def kill(self) -> None:
        for w in (self.objectives, self.obj_label, self.log_label, self.log):
            w.kill()

    def update(self, view: View, met: Mapping[str, bool], viewer: str) -> None:
        """Rebuild what changed (cheap to call every frame: it compares a key first)."""
        key = (
            tuple(view.tracks.items()),
            tuple(view.vp.items()),
            tuple(sorted(met.items())),
            len(view.log),
            view.log[-1] if view.log else None,
            view.acting,
            viewer,
            view.facts,
        )
        if key == self._key:
            return
        self._key = key
        self._tracks = self._render_tracks(view)
        self._vp = self._render_vp(view, viewer)
        facts = self._facts_html(view) if self.facts else ""
        self.objectives.set_text(facts + self._objectives_html(view, met, viewer))
        self.log.set_text(self._log_html(view))

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        surface.fill(style.PANEL_BG, self.rect)
        pygame.draw.line(surface, style.PANEL_EDGE, self.rect.topleft, self.rect.bottomleft)
        if self._tracks is not None:
            surface.blit(self._tracks, self.tracks_rect.topleft)
        if self._vp is not None:
            surface.blit(self._vp, self.vp_rect.topleft)
        if texts is not None:
            texts.extend(t.name for t in self.rules.tracks.values())
            texts.append(_("VICTORY POINTS"))

    # -- tracks ----------------------------------------------------------------------------
    def _render_tracks(self, view: View) -> pygame.Surface:
        r = self.tracks_rect
        surf = pygame.Surface(r.size, pygame.SRCALPHA)
        surf.blit(style.text(_("TRACKS"), 12, style.PANEL_MUTED, True), (10, 7))
        n = max(len(self.rules.tracks), 1)
        row = (r.height - 30) // n
        y = 27
        self._track_rows = []
        for tid, track in self.rules.tracks.items():
            value = view.tracks.get(tid, track.start)
            rng = style.text(f"/{track.max}", 11, style.PANEL_MUTED)
            num = style.text(f"{value}", 13, style.ACCENT, True)
            right = r.width - 12
            surf.blit(rng, (right - rng.get_width(), y))
            surf.blit(num, (right - rng.get_width() - num.get_width() - 1, y - 1))
            room = r.width - 40 - num.get_width() - rng.get_width()
            name = style.text(style.fit(track.name, 12, room), 12, style.PANEL_TEXT)
            surf.blit(name, (12, y - 1))
            bar = pygame.Rect(14, y + 16, r.width - 28, 5)
            pygame.draw.rect(surf, (56, 64, 82), bar, border_radius=2)
            span = max(track.max - track.min, 1)
            fill = bar.copy()
            fill.width = round(bar.width * (value - track.min) / span)
            if fill.width > 0:
                pygame.draw.rect(surf, (196, 160, 82), fill, border_radius=2)
            for th in track.thresholds:
                tx = bar.x + round(bar.width * (th.at - track.min) / span)
                reached = value >= th.at if th.direction == "up" else value <= th.at
                colour = style.DANGER if reached else (214, 216, 224)
                pygame.draw.line(surf, colour, (tx, bar.y - 2), (tx, bar.bottom + 1), 2)
                pts = [(tx - 3.5, bar.bottom + 5), (tx + 3.5, bar.bottom + 5), (tx, bar.bottom + 1)]
                pygame.draw.polygon(surf, colour, pts)
            self._track_rows.append((pygame.Rect(r.x, r.y + y - 3, r.width, row), tid))
            y += row
        return surf

    def track_at(self, pos: tuple[int, int]) -> str | None:
        for rect, tid in self._track_rows:
            if rect.collidepoint(pos):
                return tid
        return None

    def objective_at(self, mouse: tuple[int, int]) -> str | None:
        """The objective whose title (a link in the objectives box) is under ``mouse``.

        The link's place is worked out as pygame_gui's text box does for its own hover
        colouring, from the mouse position the scene tracks (so it works without a real
        pointer, as in the tests)."""
        box = self.objectives
        if not box.rect.collidepoint(mouse):
            return None
        scroll = getattr(box, "scroll_bar", None)
        layout = getattr(box, "text_box_layout", None)
        shift = scroll.start_percentage * layout.layout_rect.height if scroll and layout else 0
        corner = getattr(box, "rounded_corner_width_offsets", (0, 0))
        corner_h = getattr(box, "rounded_corner_height_offsets", (0, 0))
        base_x = box.rect.x + box.padding[0] + box.border_width["left"] + box.shadow_width
        base_y = box.rect.y + box.padding[1] + box.border_width["top"] + box.shadow_width
        base_x, base_y = base_x + corner[0], base_y + corner_h[0] - shift
        for chunk in getattr(box, "link_hover_chunks", ()):
            href = getattr(chunk, "href", "")
            spot = pygame.Rect((base_x + chunk.x, base_y + chunk.y), chunk.size)
            if href.startswith("obj:") and spot.collidepoint(mouse):
                return href[4:] if href[4:] in self.rules.objectives else None
        return None

    def objective_tooltip(self, oid_: str, view: View) -> list[str]:
        """An objective in full: what it needs and scores (rules text) and how it stands."""
        o = self.rules.objectives[oid_]
        status = next((st for st in view.objectives if st.id == oid_), None)
        lines = [o.title, actor_name(self.rules, o.actor)]
        lines += style.wrap(objective_rules(self.rules, o), 12, 420)
        if status is not None:
            now = "Holds now." if status.holds else f"Missing: {status.missing or 'not now'}."
            if o.scoring == "once" and oid_ in view.scored:
                now = "Scored already."
            lines += style.wrap(now, 12, 420)
        if o.text:
            lines += style.wrap(o.text, 12, 420)
        return lines

    def track_tooltip(self, tid: str, view: View) -> list[str]:
        track = self.rules.tracks[tid]
        lines = [f"{track.name}: {view.tracks.get(tid, track.start)} ({track.min}-{track.max})"]
        if track.text:
            lines.append(track.text)
        for th in track.thresholds:
            arrow = "rising to" if th.direction == "up" else "falling to"
            lines.append(f"{arrow} {th.at}: {th.text or 'effects fire'}")
        return lines

    # -- victory points --------------------------------------------------------------------
    def _render_vp(self, view: View, viewer: str) -> pygame.Surface:
        r = self.vp_rect
        surf = pygame.Surface(r.size, pygame.SRCALPHA)
        surf.blit(style.text(_("VICTORY POINTS"), 12, style.PANEL_MUTED, True), (10, 4))
        seats = list(self.rules.seats)
        per_row = -(-len(seats) // self.vp_rows)
        cw = (r.width - 16) // max(per_row, 1)
        for i, seat in enumerate(seats):
            x = 8 + (i % per_row) * cw
            y = 22 + (i // per_row) * 26
            actor = self.rules.actors.get(seat)
            cell = pygame.Rect(x, y, cw - 4, 23)
            pygame.draw.rect(surf, (40, 48, 62), cell, border_radius=4)
            if seat == view.acting:
                pygame.draw.rect(surf, style.ACCENT, cell, 1, border_radius=4)
            if actor is not None:
                pygame.draw.circle(surf, (245, 242, 235), (x + 11, y + 11.5), 8)
                symbols.draw_symbol(surf, actor, (x + 11, y + 11.5), 11)
            short = actor.short if actor else seat[:3]
            vp = style.text(f"{view.vp.get(seat, 0)} VP", 13, style.ACCENT, True)
            if cell.right - vp.get_width() - 6 - (x + 22) < 20:  # a narrow cell: the VP alone
                vp = style.text(str(view.vp.get(seat, 0)), 13, style.ACCENT, True)
            room = cell.right - vp.get_width() - 10 - (x + 22)
            label = style.text(style.fit(short, 12, room, True), 12, style.PANEL_TEXT, True)
            surf.blit(label, (x + 22, y + 3))
            surf.blit(vp, (cell.right - vp.get_width() - 6, y + 2))
            if seat == viewer:
                pygame.draw.line(
                    surf, style.PANEL_TEXT, (x + 22, y + 20), (x + 22 + label.get_width(), y + 20)
                )
        return surf

    # -- established facts, objectives and the log ------------------------------------------
    def _facts_html(self, view: View) -> str:
        """Successful matrix arguments: public facts every seat (and condition) can rely on."""
        parts = ["<b><font color='#e0b85a'>Established facts</font></b>"]
        for seat, aid in view.facts:
            actor = self.rules.actors.get(seat)
            arg = self.rules.arguments.get(aid)
            colour = actor.colour if actor else "#cccccc"
            who = html.escape(actor.short if actor else seat)
            title = html.escape(arg.title if arg else aid)
            parts.append(f"<font color='{colour}'><b>{who}</b></font> {title}")
        if not view.facts:
            parts.append(
                "<font color='#6f7686'>None yet: a successful argument becomes one.</font>"
            )
        return "<br>".join(parts) + "<br><br>"

    def _objectives_html(self, view: View, met: Mapping[str, bool], viewer: str) -> str:
        seats = list(self.rules.seats)
        if viewer in seats:  # your own objectives first
            seats.remove(viewer)
            seats.insert(0, viewer)
        parts = []
        for seat in seats:
            actor = self.rules.actors.get(seat)
            colour = actor.colour if actor else "#cccccc"
            mine = [(oid_, o) for oid_, o in self.rules.objectives.items() if o.actor == seat]
            n_met = sum(1 for oid_, _o in mine if met.get(oid_))
            you = _(" (you)") if seat == viewer else ""
            parts.append(
                f"<b><font color='{colour}'>{html.escape(actor.short if actor else seat)}</font> "
                f"{html.escape(actor.name if actor else seat)}{you}</b> "
                f"<font color='#a0a6b2'>{view.vp.get(seat, 0)} VP · {n_met}/{len(mine)} met</font>"
            )
            for oid_, o in mine:
                when = {"each_turn": "each turn", "end": "at the end", "once": "once"}[o.scoring]
                if met.get(oid_):
                    mark = "<font color='#8fd18a'><b>MET</b></font>"
                else:
                    mark = "<font color='#6f7686'>not met</font>"
                parts.append(
                    f"  {mark} <a href='obj:{oid_}'>{html.escape(o.title)}</a> "
                    f"<font color='#a0a6b2'>({o.vp} VP, {when})</font>"
                )
        return "<br>".join(parts)

    def _log_html(self, view: View) -> str:
        lines = []
        last_turn = None
        runs: list[tuple[int, str, int]] = []  # (turn, text, repeats): "west draws a card ×5"
        for entry in view.log[-120:]:
            said = entry_words(self.rules, entry)
            if not said.strip():
                continue
            if runs and runs[-1][:2] == (entry.turn, said):
                runs[-1] = (entry.turn, said, runs[-1][2] + 1)
            else:
                runs.append((entry.turn, said, 1))
        for turn, text, n in reversed(runs[-70:]):
            if turn != last_turn:
                lines.append(f"<b><font color='#e0b85a'>Turn {turn}</font></b>")
                last_turn = turn
            times = f" <font color='#a0a6b2'>×{n}</font>" if n > 1 else ""
            lines.append(html.escape(style.clean(text)) + times)
        return "<br>".join(lines) if lines else "<i>Nothing has happened yet.</i>"


def prompt_text(rules: Ruleset, view: View, viewer: str) -> str:
    """The prompt for the player at the screen: the decision's question, or whom we wait for."""
    acting = view.acting
    if view.result is not None:
        return "The game is over."
    if acting is None or acting == CHANCE:
        return "Resolving…"
    name = actor_name(rules, acting)
    if acting != viewer and viewer != CONTROL:
        return f"Waiting for {name}…"
    question = style.clean(view.decision.question)
    return f"{name}: {question}" if viewer == CONTROL else question
