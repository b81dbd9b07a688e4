"""Mod packages: their manifests, where they are found, and the order they load in.

A mod is a folder with ``mod.yaml`` (id, name, version, format, requires,
load_after, incompatible_with) and rules files in the scenario format. Mods
load on top of the scenario in a deterministic order: every ``load_after``
first, ties broken by id, so the same set of mods always builds the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import attrs

from game.ruleset.convert import Converter, Invalid
from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.source import YNode, parse_yaml
from game.ruleset.templates import walk_positions
from game.ruleset.types import Version, field

MOD_MANIFEST = "mod.yaml"
_CMP = re.compile(r"^\s*(>=|<=|==|!=|>|<|~=)?\s*(\d+(?:\.\d+)*)\s*$")


@attrs.frozen(kw_only=True)
class Requires:
    """What a mod needs underneath it."""

    scenario: str = field("The id of the scenario the mod is for.")
    version: str = field('Scenario versions it works with, e.g. ">=1.0, <2".', "")
    mods: dict[str, str] = field(
        "Other mods this one builds on, by id, each with the versions it works with "
        '(`""` for any): `{ceasefire-holds: ">=1.0, <2"}`. They must be loaded too, and '
        "load before it.",
        factory=dict,
    )


@attrs.frozen(kw_only=True)
class ModInfo:
    """`mod.yaml`: what the mod is and what it needs."""

    id: str = field("A short unique id, such as `turkey-at-the-table`.")
    name: str = field("The name shown on the start screen.")
    version: Version = field('The mod\'s own version, as a quoted string: "1.0.0".')
    format: int = field("The rules format the mod's files are written in.")
    requires: Requires = field("The scenario (and its versions) the mod is for.")
    description: str = field("What the mod changes, in a sentence or two.", "")
    load_after: tuple[str, ...] = field("Mods that must load before this one.", ())
    incompatible_with: tuple[str, ...] = field("Mods that cannot load with this one.", ())


@attrs.frozen
class Mod:
    """A mod read from disk: its manifest, folder and rules files."""

    info: ModInfo
    root: str
    files: dict[str, str]
    positions: dict[str, Pos] = attrs.field(factory=dict, eq=False)
    """Where each value of mod.yaml stands (``requires.mods.x#key``, ``load_after.0``), so
    a problem of the manifest points at its line."""

    def where(self, *keys: str) -> Pos:
        """The place of the first of ``keys`` written in mod.yaml; else the file."""
        for key in keys:
            if key in self.positions:
                return self.positions[key]
        return Pos(str(Path(self.root) / MOD_MANIFEST))

    def entry(self, field_: str, value: str) -> Pos:
        """The place of ``value`` in the list ``field_`` (load_after, incompatible_with)."""
        items = getattr(self.info, field_)
        keys = [f"{field_}.{i}" for i, v in enumerate(items) if v == value]
        return self.where(*keys, field_)

    def dependency(self, dep: str) -> Pos:
        """Where mod.yaml names ``dep``: under requires: mods:, else under load_after."""
        if dep in self.info.requires.mods:
            return self.where(f"requires.mods.{dep}#key", "requires.mods")
        return self.entry("load_after", dep)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:4])


def version_matches(version: str, spec: str) -> bool:
    """Does ``version`` satisfy a comma-separated range like ``>=1.0, <2``? Empty: any."""
    have = _version(version)
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = _CMP.match(part)
        if m is None:
            raise ValueError(f"cannot read the version range '{part}'")
        op, want = m.group(1) or "==", _version(m.group(2))
        width = max(len(have), len(want))
        a, b = have + (0,) * (width - len(have)), want + (0,) * (width - len(want))
        ok = {
            ">=": a >= b,
            "<=": a <= b,
            "==": a == b,
            "!=": a != b,
            ">": a > b,
            "<": a < b,
            "~=": a >= b and a[: len(want) - 1] == b[: len(want) - 1],
        }[op]
        if not ok:
            return False
    return True


def read_mod(path: str | Path) -> tuple[Mod | None, list[Diagnostic]]:
    """Read a mod folder; problems (a missing or bad mod.yaml) come back as diagnostics."""
    from game.ruleset.load import read_folder  # load reads mods too: import at call time

    root = Path(path)
    manifest = root / MOD_MANIFEST
    if not manifest.is_file():
        return None, [
            Diagnostic(
                "E0315",
                f"no {MOD_MANIFEST} in the mod folder '{path}'",
                Pos(str(path)),
                "a mod is a folder with mod.yaml (id, name, "
                "version, format, requires) and rules files",
            )
        ]
    files, diags = read_folder(root)
    name = str(manifest)
    tree, problems = parse_yaml(files.get(name, ""), name)
    diags += problems
    if tree is None:
        return None, diags
    conv = Converter(diags)
    conv.context = "mod"
    start = len(diags)
    try:
        info = conv.convert(tree, ModInfo)
    except Invalid:
        _hint_mods_as_list(tree, diags, start)
        return None, diags
    bad = _manifest_problems(info, tree, name)
    if bad:
        return None, diags + bad
    places = {key.lstrip("."): pos for key, pos in walk_positions("", tree)}
    return Mod(info, str(path), files, places), diags


def _hint_mods_as_list(tree: YNode, diags: list[Diagnostic], start: int) -> None:
    """``requires: {mods: [a, b]}`` is the natural first try (load_after is a list): the bare
    "expected a mapping" it gets (from ``diags[start:]``) is given the form to write."""
    reqs = tree.value.get("requires") if tree.is_map else None
    node = reqs.value.get("mods") if reqs is not None and reqs.is_map else None
    if node is None or not node.is_seq:
        return
    ids = [str(n.value) for n in node.value if n.is_scalar and n.value is not None]
    body = ", ".join(f'{i}: ""' for i in ids or ["other-mod"])
    hint = (
        f"name each mod with the versions it needs: mods: {{{body}}} "
        '("" takes any version; or a range like ">=1.0, <2")'
    )
    for i, d in enumerate(diags[start:], start):
        if d.code == "E0201" and d.pos == node.pos:
            diags[i] = attrs.evolve(d, hint=hint)


def _manifest_problems(info: ModInfo, tree: Any, name: str) -> list[Diagnostic]:
    """A mod id a save could not name back (a space, a slash), or a format this engine does
    not read: refused here, where the mod says them."""
    from game.ruleset.layers import ID_PATTERN  # layers imports mods: at call time
    from game.ruleset.model import FORMAT_VERSION

    out = []
    if not ID_PATTERN.match(info.id):
        plain = re.sub(r"[^A-Za-z0-9_]+", "-", info.id).strip("-") or "my-mod"
        out.append(
            Diagnostic(
                "E0315",
                f"mod id '{info.id}' is not an id (letters, digits, '_', '.' and '-')",
                tree.value["id"].pos,
                f"write it like '{plain}' (a save names its mods by id)",
            )
        )
    if not 1 <= info.format <= FORMAT_VERSION:
        out.append(
            Diagnostic(
                "E0208",
                f"mod format {info.format} is not one this engine reads (1..{FORMAT_VERSION})",
                tree.value["format"].pos,
                f"update Near Abroad, or write the mod in format {FORMAT_VERSION}",
            )
        )
    return out


def order_mods(
    mods: Sequence[Mod], scenario_id: str, scenario_version: str
) -> tuple[list[Mod], list[Diagnostic]]:
    """Check requirements and conflicts, and sort mods so each loads after its load_after."""
    diags: list[Diagnostic] = []
    by_id: dict[str, Mod] = {}
    for mod in mods:
        where = mod.where("requires.scenario", "requires")
        if mod.info.id in by_id:
            first = Path(by_id[mod.info.id].root) / MOD_MANIFEST
            same = Path(by_id[mod.info.id].root).resolve() == Path(mod.root).resolve()
            diags.append(
                Diagnostic(
                    "E0315",
                    f"mod '{mod.info.id}' is given twice"
                    + ("" if same else f": here and in {first}"),
                    mod.where("id"),
                    "load each mod once" if same else "give one of the two folders another id",
                )
            )
            continue
        by_id[mod.info.id] = mod
        req = mod.info.requires
        if req.scenario != scenario_id:
            diags.append(
                Diagnostic(
                    "E0316",
                    f"mod '{mod.info.id}' is for the scenario "
                    f"'{req.scenario}', not '{scenario_id}'",
                    where,
                    f"load it with {req.scenario}, or remove it",
                )
            )
        else:
            try:
                fits = version_matches(scenario_version, req.version)
            except ValueError as exc:
                diags.append(
                    Diagnostic(
                        "E0316",
                        f"mod '{mod.info.id}': {exc}",
                        mod.where("requires.version", "requires"),
                        'write ranges like ">=1.0, <2"',
                    )
                )
                fits = True
            if not fits:
                diags.append(
                    Diagnostic(
                        "E0316",
                        f"mod '{mod.info.id}' needs {scenario_id} {req.version}, but "
                        f"this is version {scenario_version}",
                        mod.where("requires.version", "requires"),
                        "use a version of the mod made for this scenario version",
                    )
                )
    for mod in by_id.values():
        for other in mod.info.incompatible_with:
            if other in by_id:
                diags.append(
                    Diagnostic(
                        "E0317",
                        f"mods '{mod.info.id}' and '{other}' cannot load together",
                        mod.entry("incompatible_with", other),
                        "choose one of them",
                    )
                )
    diags += _dependencies(by_id)
    ordered: list[Mod] = []
    state: dict[str, str] = {}

    def visit(mid: str, chain: tuple[str, ...]) -> None:
        if state.get(mid) == "done":
            return
        if state.get(mid) == "busy":
            diags.append(
                Diagnostic(
                    "E0318",
                    "mods load after each other in a cycle: " + " -> ".join([*chain, mid]),
                    by_id[chain[-1]].dependency(mid),  # the entry that closes the cycle
                    _cycle_hint(by_id, [*chain[chain.index(mid) :], mid]),
                )
            )
            return
        state[mid] = "busy"
        info = by_id[mid].info
        for dep in sorted({*info.load_after, *info.requires.mods}):
            if dep in by_id:
                visit(dep, (*chain, mid))
        state[mid] = "done"
        ordered.append(by_id[mid])

    for mid in sorted(by_id):
        visit(mid, ())
    return ordered, diags


def _cycle_hint(by_id: dict[str, Mod], cycle: list[str]) -> str:
    """Which entries make the cycle, each as written (``requires: mods:`` or ``load_after``):
    a cycle made by a requirement is not mended by editing load_after."""
    edges = []
    for a, b in pairwise(cycle):
        info = by_id[a].info
        field_ = "requires: mods:" if b in info.requires.mods else "load_after:"
        edges.append(f"'{b}' under {field_} of '{a}'")
    return "remove one of these entries: " + ", ".join(edges)


def _dependencies(by_id: dict[str, Mod]) -> list[Diagnostic]:
    """Each mod's ``requires.mods`` loaded, in a version it accepts; a ``load_after`` of a
    mod not loaded is only worth a warning (it orders, it does not require)."""
    out = []
    for mid, mod in sorted(by_id.items()):
        for dep, spec in sorted(mod.info.requires.mods.items()):
            where = mod.dependency(dep)
            other = by_id.get(dep)
            if other is None:
                out.append(Diagnostic(
                    "E0316",
                    f"mod '{mid}' needs the mod '{dep}'" + (f" {spec}" if spec else "")
                    + ", which is not loaded",
                    where,
                    f"load '{dep}' as well (--mod {dep}, before or after '{mid}': the order "
                    "follows the requirement)",
                ))  # fmt: skip
                continue
            try:
                fits = version_matches(str(other.info.version), spec)
            except ValueError as exc:
                out.append(Diagnostic("E0316", f"mod '{mid}': {exc}", where,
                                      'write ranges like ">=1.0, <2"'))  # fmt: skip
                continue
            if not fits:
                out.append(Diagnostic(
                    "E0316",
                    f"mod '{mid}' needs '{dep}' {spec}, but version {other.info.version} "
                    "is loaded",
                    where,
                    f"use a version of '{dep}' in {spec}, or of '{mid}' made for "
                    f"{other.info.version}",
                ))  # fmt: skip
        for dep in sorted(mod.info.load_after):
            if dep not in by_id and dep not in mod.info.requires.mods:
                out.append(Diagnostic(
                    "W0321",
                    f"mod '{mid}' loads after '{dep}', which is not loaded: the order it "
                    "asks for does not apply",
                    mod.entry("load_after", dep),
                    f"load '{dep}' too, or drop it from load_after (if '{mid}' cannot work "
                    f"without it, name it under requires: mods: instead)",
                ))  # fmt: skip
    return out
