"""Where scenarios and mods are found: the repository's folders and the user's mods folder.

Every front end (the command line, the board's start screen, the report, the
experiment) finds a mod by its id the same way, so this lives with the other
places the game keeps things (game.session.paths), not in one of the shells.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.ruleset.diagnostics import did_you_mean
from game.ruleset.mods import MOD_MANIFEST, read_mod
from game.session.paths import mods_dir
from game.shipped import shipped

REPO = shipped()
"""Where the shipped rules/ and mods/ are: the project folder, or the installed package's
copy (game.shipped)."""


def relative(path: Path) -> Path:
    """A path relative to the working folder when it lies inside it (shorter messages)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


DEFAULT_SCENARIO = relative(REPO / "rules" / "caucasus-2020")
"""The default scenario's folder."""


def warn(text: str) -> None:
    """A warning for the person at the command line (stderr: output files stay clean)."""
    print(f"near-abroad: warning: {text}", file=sys.stderr)


class ModNotFound(ValueError):
    """A mod named by a folder that does not exist and an id no installed mod has."""


def mod_folders() -> dict[str, Path]:
    """Mods found by id: the user mods folder first, then the repository's mods/."""
    return _scan()[0]


def shadowed_mods() -> list[tuple[str, Path, Path]]:
    """(id, the folder used, the folder it hides) for each id found twice: a user mod with a
    shipped mod's id is used instead of it, which a modder should hear about."""
    return _scan()[1]


def _scan() -> tuple[dict[str, Path], list[tuple[str, Path, Path]]]:
    found: dict[str, Path] = {}
    hidden: list[tuple[str, Path, Path]] = []
    for root in (mods_dir(), REPO / "mods"):
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if (folder / MOD_MANIFEST).is_file():
                mod, _ = read_mod(folder)
                if mod is None:
                    continue
                if mod.info.id in found:
                    hidden.append((mod.info.id, found[mod.info.id], relative(folder)))
                else:
                    found[mod.info.id] = relative(folder)
    return found, hidden


def resolve_mods(names: list[str] | None) -> list[str]:
    """Each name is a mod folder, or the id of a mod in the user or repository mods folder;
    raises ModNotFound (with a did-you-mean) for one that is neither."""
    out = []
    for name in names or []:
        if Path(name).is_dir():
            out.append(name)
            continue
        found, hidden = _scan()
        if name in found:
            for mid, used, other in hidden:
                if mid == name:
                    warn(f"--mod {name}: using {used}; it hides the mod with the same id in "
                         f"{other} (rename one to load the other)")  # fmt: skip
            out.append(str(found[name]))
            continue
        hint = did_you_mean(name, found) or (
            f"known mods: {', '.join(found)}" if found else "no mods are installed"
        )
        raise ModNotFound(f"--mod {name}: no such mod folder or mod id; {hint}")
    return out
