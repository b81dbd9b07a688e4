"""Mods on the board: which are found for a scenario, which are on, and their start-screen rows.

The app keeps one set of *active* mod folders for the whole window (the
``--mod`` ones, then whatever the start screen's toggles say). Each scenario
only loads the active mods written for it (``requires.scenario``), so
switching scenario in the menu never drags another scenario's mod along. A
saved game names its mods as 'id version'; they are found again by id, in the
active set first and then in the user and repository mods folders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel

from game.i18n import _
from game.render import style
from game.ruleset.load import MANIFEST
from game.ruleset.mods import read_mod
from game.ruleset.source import parse_yaml
from game.session.library import mod_folders
from game.session.paths import mods_dir
from game.ui.gui import oid

ROW_H = 34
"""Height of one mod's row (the seat rows are as tall, so both columns line up)."""


@attrs.frozen
class ModEntry:
    """A mod as the start screen lists it."""

    id: str
    name: str
    version: str
    description: str
    scenario: str
    """The scenario id it is written for (``requires.scenario``)."""
    path: str
    """Its folder, as given to the loader."""


def found_mods() -> dict[str, Path]:
    """Mods installed by id (user mods folder first, then the repository's mods/)."""
    try:
        return mod_folders()
    except OSError:  # an unreadable mods folder must not take the window down
        return {}


def read_entry(path: str | Path) -> ModEntry | None:
    """The listing facts of one mod folder, or None when its mod.yaml cannot be read."""
    try:
        mod, _ = read_mod(path)
    except OSError:
        return None
    if mod is None:
        return None
    info = mod.info
    return ModEntry(
        info.id,
        info.name,
        str(info.version),
        " ".join(info.description.split()),
        info.requires.scenario,
        str(path),
    )


def scenario_id(folder: str | Path) -> str:
    """The id in a scenario's manifest (the folder's name when it cannot be read).

    Read without loading the rules: a mod that breaks the rules must still be
    listed (so it can be switched off again).
    """
    path = Path(folder) / MANIFEST
    try:
        tree, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError):
        tree = None
    if tree is not None and tree.is_map and tree.value.get("id") is not None:
        return str(tree.value["id"].value)
    return Path(folder).name


def resolve(names: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    """Mod folders for ``--mod`` values (a folder, or an installed mod's id), and the unknown."""
    paths: list[str] = []
    unknown: list[str] = []
    found: dict[str, Path] | None = None
    for name in names:
        if Path(name).is_dir():
            paths.append(str(name))
            continue
        found = found if found is not None else found_mods()
        if name in found:
            paths.append(str(found[name]))
        else:
            unknown.append(name)
    return tuple(dict.fromkeys(paths)), unknown


def listed(scenario: str, active: Sequence[str]) -> list[ModEntry]:
    """The mods the start screen offers for ``scenario``, by name.

    Installed mods written for it, plus active folders (given with ``--mod``)
    that are; an active folder whose mod.yaml cannot be read is listed under
    its folder's name, so its problem shows and it can be switched off.
    """
    by_id: dict[str, ModEntry] = {}
    for path in active:
        entry = read_entry(path)
        if entry is None:
            name = Path(path).name
            by_id[name] = ModEntry(name, name, "?", "mod.yaml cannot be read", scenario, path)
        elif entry.scenario == scenario:
            by_id.setdefault(entry.id, entry)
    for mid, folder in found_mods().items():
        if mid in by_id:
            continue
        entry = read_entry(folder)
        if entry is not None and entry.scenario == scenario:
            by_id[mid] = entry
    return sorted(by_id.values(), key=lambda e: (e.name.lower(), e.id))


def active_for(scenario: str, active: Sequence[str]) -> list[str]:
    """The active mod folders to load on ``scenario`` (unreadable ones too: the loader says why)."""
    out = []
    for path in active:
        entry = read_entry(path)
        if entry is None or entry.scenario == scenario:
            out.append(path)
    return out


def for_record(
    record_mods: Sequence[str], scenario: str, active: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Folders of a save's mods ('id version' each), and the ids that cannot be found.

    An active folder with the id wins over an installed one, so a modder's
    working copy given with ``--mod`` is the one used.
    """
    mine = {e.id: e.path for p in active if (e := read_entry(p)) is not None}
    paths: list[str] = []
    missing: list[str] = []
    installed: dict[str, Path] | None = None
    for layer in record_mods:
        mid = layer.split(" ", 1)[0]
        if mid in mine:
            paths.append(mine[mid])
            continue
        installed = installed if installed is not None else found_mods()
        if mid in installed:
            paths.append(str(installed[mid]))
        else:
            missing.append(layer)
    return paths, missing


def missing_text(missing: Sequence[str]) -> str:
    """Why a save cannot be opened: the mods it needs that are not installed."""
    return (
        f"The save was played with mods that are not installed: {', '.join(missing)}. "
        f"Put them in {mods_dir()} (or give --mod PATH) and load it again."
    )


def switched(active: Sequence[str], entry: ModEntry) -> tuple[str, ...]:
    """``active`` with ``entry`` toggled: removed when on (by id or folder), added when off."""
    kept = [p for p in active if p != entry.path and _id_of(p) != entry.id]
    if len(kept) == len(active):
        kept.append(entry.path)
    return tuple(kept)


def _id_of(path: str) -> str:
    entry = read_entry(path)
    return entry.id if entry is not None else Path(path).name


class ModRows:
    """The MODS block of the start screen: one row per mod with an on/off toggle.

    Rows are drawn like the seat rows (name and version on a dark strip); the
    toggle is a button so tests and keyboard users reach it like the seats';
    hovering a row shows the mod's one-line description.
    """

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        rect: pygame.Rect,
        entries: Sequence[ModEntry],
        on: Callable[[ModEntry], bool],
        add: Callable[[pygame_gui.core.UIElement], pygame_gui.core.UIElement],
    ):
        self.entries = list(entries)
        self.rows: list[tuple[ModEntry, pygame.Rect]] = []
        self.buttons: dict[str, UIButton] = {}
        x, y, w = rect.x, rect.y, rect.width
        add(
            UILabel(
                pygame.Rect(x, y, w, 20),
                _("MODS (click to switch on / off)"),
                manager,
                object_id=oid("@heading"),
            )
        )
        y += 24
        for entry in self.entries:
            row = pygame.Rect(x, y, w, ROW_H)
            self.rows.append((entry, row))
            is_on = on(entry)
            button = UIButton(
                pygame.Rect(row.right - 90, y + 2, 90, 30),
                _("On") if is_on else _("Off"),
                manager,
                object_id=oid("@toggle_human" if is_on else None, f"#mod_{entry.id}"),
            )
            self.buttons[entry.id] = button
            add(button)
            y += ROW_H + 4

    @staticmethod
    def height(n: int) -> int:
        """Pixels the block takes for ``n`` mods (nothing when there are none)."""
        return 0 if n == 0 else 24 + n * (ROW_H + 4) + 8

    def pressed(self, element: object) -> ModEntry | None:
        """The mod whose toggle ``element`` is, if any."""
        for entry in self.entries:
            if self.buttons.get(entry.id) is element:
                return entry
        return None

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        for entry, row in self.rows:
            pygame.draw.rect(surface, (40, 48, 62), row, border_radius=5)
            name = style.text(
                style.fit(entry.name, 14, row.width - 200, True), 14, style.PANEL_TEXT, True
            )
            surface.blit(name, (row.x + 12, row.centery - name.get_height() // 2))
            ver = style.text(f"v{entry.version}", 12, style.PANEL_MUTED)
            surface.blit(ver, (row.x + 20 + name.get_width(), row.centery - ver.get_height() // 2))
            if texts is not None:
                texts.extend((entry.name, f"v{entry.version}"))

    def draw_hover(
        self, surface: pygame.Surface, mouse: tuple[int, int], texts: list[str] | None
    ) -> None:
        """The description of the hovered mod, in one line under its row."""
        width = surface.get_width() - 2 * 90
        for entry, row in self.rows:
            if not row.collidepoint(mouse):
                continue
            words = entry.description or "No description."
            line = style.text(
                style.fit(f"{entry.id} {entry.version}: {words}", 12, width), 12, style.PANEL_TEXT
            )
            box = line.get_rect(topleft=(row.x + 8, row.bottom + 4)).inflate(16, 10)
            box.clamp_ip(surface.get_rect())
            pygame.draw.rect(surface, (16, 20, 28), box, border_radius=6)
            pygame.draw.rect(surface, style.ACCENT, box, 1, border_radius=6)
            surface.blit(line, line.get_rect(center=box.center))
            if texts is not None:
                texts.append(words)
            return
