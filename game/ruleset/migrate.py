"""Format versions: reading older rule files, and rewriting them in the current format.

Each format change is a list of small, mechanical edits (a renamed field, say)
from one version to the next. The loader applies them in memory, so an old mod
still loads (with a warning); `near-abroad migrate PATH` applies them to the
files themselves, editing only the changed keys so comments and layout stay.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs

from game.ruleset.diagnostics import Pos
from game.ruleset.model import FORMAT_VERSION
from game.ruleset.source import YNode, parse_yaml


@attrs.frozen
class Rename:
    """A field renamed in every entry of a collection."""

    collection: str
    old: str
    new: str
    why: str


MIGRATIONS: dict[int, tuple[Rename, ...]] = {
    1: (
        Rename(
            "cards",
            "remove_after_play",
            "remove_after_event",
            "a card leaves the game only when its event is played, not its operations",
        ),
    ),
}
"""Edits from format N to N+1."""


def renames_from(fmt: int) -> Iterator[Rename]:
    for step in range(fmt, FORMAT_VERSION):
        yield from MIGRATIONS.get(step, ())


def _entry_bodies(entry: YNode) -> Iterator[YNode]:
    """An entry's own fields, and the bodies of a mod's patch: / replace: on it."""
    if not entry.is_map:
        return
    yield entry
    for op in ("patch", "replace"):
        body = entry.value.get(op)
        if body is not None and body.is_map:
            yield body


def _renamed_keys(tree: YNode, fmt: int) -> Iterator[tuple[YNode, Rename]]:
    if not tree.is_map:
        return
    for rename in renames_from(fmt):
        coll = tree.value.get(rename.collection)
        if coll is None or not coll.is_map:
            continue
        for entry in coll.value.values():
            for body in _entry_bodies(entry):
                if rename.old in body.value:
                    yield body, rename


def migrate_tree(tree: YNode, fmt: int) -> None:
    """Rename old keys in a parsed rules file, in place (the loader's in-memory migration)."""
    for body, rename in list(_renamed_keys(tree, fmt)):
        assert isinstance(body.value, dict)
        body.value = {(rename.new if k == rename.old else k): v for k, v in body.value.items()}
        if body.key_pos is not None:
            body.key_pos = {
                (rename.new if k == rename.old else k): p for k, p in body.key_pos.items()
            }


def migrate_manifest(node: YNode) -> None:
    """Manifest fields renamed between formats (none so far)."""


@attrs.frozen
class Edit:
    """One change to a file: replace ``old`` at ``pos`` with ``new``."""

    pos: Pos
    old: str
    new: str
    why: str


def plan(files: dict[str, str], fmt: int) -> dict[str, list[Edit]]:
    """The edits that bring a folder's files (scenario or mod) from ``fmt`` to the current."""
    out: dict[str, list[Edit]] = {}
    for name, text in files.items():
        tree, _ = parse_yaml(text, name)
        if tree is None:
            continue
        edits = []
        if Path(name).name in ("scenario.yaml", "mod.yaml") and tree.is_map:
            node = tree.value.get("format")
            if node is not None and node.raw is not None:
                edits.append(
                    Edit(
                        node.pos,
                        node.raw,
                        str(FORMAT_VERSION),
                        f"the files are now in format {FORMAT_VERSION}",
                    )
                )
        for body, rename in _renamed_keys(tree, fmt):
            kpos = (body.key_pos or {}).get(rename.old)
            if kpos is not None:
                edits.append(Edit(kpos, rename.old, rename.new, rename.why))
        if edits:
            out[name] = edits
    return out


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply edits to a text (each must find its old text where it says)."""
    lines = text.split("\n")
    for e in sorted(edits, key=lambda e: (e.pos.line, e.pos.col), reverse=True):
        line = lines[e.pos.line - 1]
        start = e.pos.col - 1
        if line[start : start + len(e.old)] != e.old:
            raise ValueError(f"{e.pos}: expected '{e.old}' there; the file changed while migrating")
        lines[e.pos.line - 1] = line[:start] + e.new + line[start + len(e.old) :]
    return "\n".join(lines)
