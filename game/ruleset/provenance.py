"""What a diagnostic says about the mod behind it: a problem a mod caused often shows in a
file below it (a reference to an entry the mod removed, a mapping the mod shrank), so the
loader adds which mod did it and where, instead of leaving the modder to search the
scenario for a line they never wrote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.layers import Entry, removed_by
from game.ruleset.model import REF_COLLECTION

_UNKNOWN = re.compile(r"^unknown ([a-z][a-z ]*) '([^']+)'")
_WEIGHT = re.compile(r"^doctrine weight '([^']+)'")


def say_removed(d: Diagnostic, removed: Mapping[str, Entry]) -> Diagnostic:
    """An unknown id that a mod removed: say which mod removed it and where, instead of
    suggesting a near id (the reference is right; the removal left it dangling)."""
    if d.code != "E0301" or not removed:
        return d
    m, w = _UNKNOWN.match(d.message), _WEIGHT.match(d.message)
    if m is not None:
        coll = REF_COLLECTION.get(m.group(1).replace(" ", "_"))
        keys = [f"{coll}.{m.group(2)}"] if coll else []
    elif w is not None:  # a doctrine weight is keyed by a track, objective, flag or region
        keys = [f"{c}.{w.group(1)}" for c in ("tracks", "objectives", "flags", "regions")]
    else:
        return d
    gone = next((removed[k] for k in keys if k in removed), None)
    if gone is None:
        return d
    layer, where = removed_by(gone)
    return attrs.evolve(
        d,
        message=f"{d.message.split(':')[0]}: the mod '{layer}' removed it (at {where})"
        if m is not None
        else f"doctrine weight '{w.group(1) if w else ''}' names what the mod '{layer}' "
        f"removed (at {where})",
        hint=f"the mod that removes it should also remove or patch this reference ({d.pos})",
    )


def _spot(pos: Pos) -> tuple[str, int, int]:
    return pos.file, pos.line, pos.col


class ModChanges:
    """Which mod changed the value a diagnostic points at, when the place is in a layer
    below that mod (``single option`` at the scenario's ``options:`` that a mod shrank)."""

    def __init__(self, entries: Mapping[str, Mapping[str, Entry]], positions: Mapping[str, Pos]):
        changed = {f"{c}.{i}": e.changed for c, found in entries.items()
                   for i, e in found.items() if e.changed}  # fmt: skip
        self.changed = changed
        self.paths: dict[tuple[str, int, int], list[str]] = {}
        for path, pos in positions.items():
            key = ".".join(path.split(".", 2)[:2])
            if key in changed:
                self.paths.setdefault(_spot(pos), []).append(path.removesuffix("#key"))
        for key in changed:  # a missing field is told at the entry's mapping
            coll, _, ident = key.partition(".")
            self.paths.setdefault(_spot(entries[coll][ident].node.pos), []).append(key)

    def note(self, d: Diagnostic) -> Diagnostic:
        """``d`` with the mods' changes of the value it points at added to its message."""
        if d.pos is None:
            return d
        said: list[str] = []
        for path in self.paths.get(_spot(d.pos), []):
            key = ".".join(path.split(".", 2)[:2])
            if any(where.file == d.pos.file for _, _, where, _ in self.changed[key]):
                continue  # the place is a mod's own change: its line says it all
            for other, mod, where, how in self.changed[key]:
                hit = other == path or other.startswith(path + ".") or path.startswith(other + ".")
                verb = "removed" if how in ("del", "remove") else "changed"
                text = f"the mod '{mod}' {verb} {other} at {where}"
                if hit and where.file != d.pos.file and text not in said:
                    said.append(text)
        if not said:
            return d
        # The change of the field the message names first ("needs the field 'title'" at the
        # entry: the removal of its title, not of its event, which the entry also saw).
        said.sort(key=lambda text: f"'{text.split(' at ')[0].rsplit('.', 1)[-1]}'" not in d.message)
        more = f" (and {len(said) - 2} more)" if len(said) > 2 else ""
        return attrs.evolve(d, message=f"{d.message} ({'; '.join(said[:2])}{more})")
