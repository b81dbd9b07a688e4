"""Loading a scenario folder: read the files, structure them, validate, freeze.

``build_ruleset`` works on file texts in memory (tests and mods feed it
directly); ``load_ruleset`` reads a folder and is the only function of the
ruleset package that touches the file system.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from game.ruleset.catalogues import LOCALE_DIR, read_catalogues
from game.ruleset.convert import Converter, Invalid, hints
from game.ruleset.diagnostics import Diagnostic, Pos, RulesetError, did_you_mean, sort_key
from game.ruleset.layers import (
    Entry,
    HistoryStep,
    apply_layer_entry,
    merge,
)
from game.ruleset.limits import MAX_FILE_BYTES, read_bounded
from game.ruleset.migrate import migrate_manifest, migrate_tree
from game.ruleset.model import COLLECTIONS, FORMAT_VERSION, Manifest, Ruleset
from game.ruleset.provenance import ModChanges, say_removed
from game.ruleset.source import YNode, parse_yaml
from game.ruleset.templates import resolve_templates, walk_positions
from game.ruleset.texts import unused_messages
from game.ruleset.validate import validate

MANIFEST = "scenario.yaml"
MOD_MANIFEST = "mod.yaml"


def digest_of(files: Mapping[str, str]) -> str:
    """A stable content hash of a rule set's files (base names and texts).

    Base names only: the same scenario in another folder or checkout has the same digest.
    """
    h = hashlib.sha256()
    for name in sorted(files, key=lambda n: Path(n).name):
        h.update(Path(name).name.encode())
        h.update(b"\0")
        h.update(files[name].encode())
        h.update(b"\0")
    return h.hexdigest()


@attrs.frozen
class Layer:
    """One layer of a ruleset: the scenario, or a mod on top of it."""

    id: str
    files: Mapping[str, str]
    """File name -> text (the scenario's manifest is the file named scenario.yaml)."""
    kind: str = "scenario"
    root: str = ""
    version: str = ""
    format: int = FORMAT_VERSION


def build_ruleset(
    files: Mapping[str, str], root: str = ""
) -> tuple[Ruleset | None, list[Diagnostic]]:
    """Build a ruleset from ``{file name: text}``; the manifest is the file named scenario.yaml.

    Returns the ruleset (None when there are errors) and all diagnostics, sorted.
    """
    return build_layers([Layer("", files, "scenario", root)])


def build_layers(layers: Sequence[Layer]) -> tuple[Ruleset | None, list[Diagnostic]]:
    """Build a ruleset from a scenario layer and mod layers on top, in order."""
    diags: list[Diagnostic] = []
    conv = Converter(diags)
    base = layers[0]
    manifest_name = next((n for n in base.files if Path(n).name == MANIFEST), None)
    parsed: list[tuple[Layer, dict[str, YNode]]] = []
    for layer in layers:
        trees: dict[str, YNode] = {}
        for name in sorted(layer.files):
            if layer.kind == "mod" and Path(name).name == MOD_MANIFEST:
                continue
            tree, problems = parse_yaml(layer.files[name], name)
            diags.extend(problems)
            if tree is not None:
                trees[name] = tree
        parsed.append((layer, trees))
    base_trees = parsed[0][1]
    manifest_node = base_trees.get(manifest_name or "")
    if manifest_name is None:
        diags.append(
            Diagnostic(
                "E0207",
                f"no {MANIFEST} in the scenario folder",
                Pos(base.root or "."),
                f"add {MANIFEST} with id, title, version, format, seats and calendar",
            )
        )

    base_format = _format_of(manifest_node)
    if base_format < FORMAT_VERSION and manifest_node is not None:
        migrate_manifest(manifest_node)
    entries: dict[str, dict[str, Entry]] = {name: {} for name in COLLECTIONS}
    removed: dict[str, Entry] = {}
    for layer, trees in parsed:
        fmt = base_format if layer.kind == "scenario" else layer.format
        if fmt < FORMAT_VERSION:
            where = Pos(layer.root or (manifest_name or "."))
            diags.append(
                Diagnostic(
                    "W0314",
                    f"{'the scenario' if layer.kind == 'scenario' else layer.id} is "
                    f"written in format {fmt}; it was read as format {FORMAT_VERSION}",
                    where,
                    f"rewrite the files once with: near-abroad migrate {layer.root or '.'}",
                )
            )
        for name, tree in trees.items():
            if layer.kind == "scenario" and name == manifest_name:
                continue
            if fmt < FORMAT_VERSION:
                migrate_tree(tree, fmt)
            manifest_node = _collect(layer, tree, entries, manifest_node, diags, removed)
    broken: set[str] = set()
    history: dict[str, tuple[HistoryStep, ...]] = {}
    templates: dict[str, Any] = {}
    template_positions: dict[str, Pos] = {}
    for key, grave in removed.items():  # explain says who removed it
        history[key] = tuple(grave.history)
    for coll, found in entries.items():
        abstract: dict[str, Entry] = {}
        broken |= {f"{coll}.{i}" for i in resolve_templates(coll, found, diags, abstract)}
        for ident, entry in abstract.items():
            key = f"{coll}.{ident}"
            history[key] = tuple(entry.history)
            template_positions.update(walk_positions(key, entry.node))  # for explain
            templates[key] = {k: v.to_plain() for k, v in entry.node.value.items()
                              if k not in ("abstract", "inherits")}  # fmt: skip

    manifest: Manifest | None = None
    if manifest_node is not None:
        conv.context = "manifest"
        manifest = _manifest(conv, manifest_node)
    converted_from = len(diags)  # problems of the merged entries start here
    collections: dict[str, Any] = {name: {} for name in COLLECTIONS}  # id -> entry, by kind
    positions: dict[str, Pos] = dict(template_positions)
    for coll, found in entries.items():
        cls = COLLECTIONS[coll]
        for ident, entry in found.items():
            key = f"{coll}.{ident}"
            positions.update(walk_positions(key, entry.node))
            positions[key] = entry.pos
            history[key] = tuple(entry.history)
            conv.context = key
            if key in broken:  # its template problem is reported; its fields would be noise
                collections[coll][ident] = None
                continue
            try:
                collections[coll][ident] = conv.convert(entry.node, cls)
            except Invalid:
                collections[coll][ident] = None  # known id, broken entry

    all_files = {
        (name if layer.kind == "scenario" else f"{layer.id}/{Path(name).name}"): text
        for layer in layers
        for name, text in layer.files.items()
    }
    # Validate even when some entries are broken (they are None), or the manifest is (a
    # stand-in takes its place): one load shows every problem of every file.
    ruleset = Ruleset(
        manifest=manifest or _STAND_IN,
        **collections,
        digest=digest_of(all_files),
        positions=positions,
        root=base.root,
        layers=tuple(f"{layer.id} {layer.version}".strip() for layer in layers[1:]),
        history=history,
        templates=templates,
    )
    mpos = _manifest_positions(manifest_node)
    tags = _written_tags(entries["regions"])
    checked = validate(ruleset, conv, mpos, tags, manifest_ok=manifest is not None)
    changes = ModChanges(entries, positions)  # a mod's change that shows below it
    diags[converted_from:] = [changes.note(d) for d in diags[converted_from:]]
    diags.extend(changes.note(say_removed(d, removed)) for d in checked)
    diags.sort(key=sort_key)
    if manifest is None or any(d.severity == "error" for d in diags):
        return None, diags
    return ruleset, diags


def _collect(
    layer: Layer,
    tree: YNode,
    entries: dict[str, dict[str, Entry]],
    manifest_node: YNode | None,
    diags: list[Diagnostic],
    removed: dict[str, Entry] | None = None,
) -> YNode | None:
    """Add one rules file's entries to the collections; returns the (patched) manifest."""
    if not tree.is_map:
        diags.append(
            Diagnostic(
                "E0201",
                "a rules file must be a mapping of collections",
                tree.pos,
                f"start with one of: {', '.join(COLLECTIONS)}",
            )
        )
        return manifest_node
    for coll, body in tree.value.items():
        kpos = (tree.key_pos or {}).get(coll, body.pos)
        if coll == "scenario" and layer.kind == "mod":
            patch = body.value.get("patch") if body.is_map else None
            if patch is None or len(body.value) != 1 or not patch.is_map:
                diags.append(
                    Diagnostic(
                        "E0311", "a mod changes the manifest with 'scenario: {patch: {...}}'", kpos
                    )
                )
            elif manifest_node is not None:
                manifest_node = merge(manifest_node, patch, diags)
            continue
        if coll not in COLLECTIONS:
            diags.append(
                Diagnostic(
                    "E0205",
                    f"unknown collection '{coll}'",
                    kpos,
                    did_you_mean(coll, COLLECTIONS) or f"collections are: {', '.join(COLLECTIONS)}",
                )
            )
            continue
        if body.value is None:
            continue
        if not body.is_map:
            diags.append(
                Diagnostic(
                    "E0201",
                    f"'{coll}' must be a mapping of id to entry",
                    body.pos,
                    f"write entries as '  some_id: {{...}}' under '{coll}:'",
                )
            )
            continue
        for ident, entry in body.value.items():
            ipos = (body.key_pos or {}).get(ident, entry.pos)
            apply_layer_entry(
                coll,
                ident,
                entry,
                ipos,
                layer.id or "scenario",
                entries[coll],
                layer.kind == "scenario",
                diags,
                removed,
            )
    return manifest_node


_STAND_IN = Manifest(id="", title="", version="0", format=FORMAT_VERSION, seats=(), calendar=())
"""Takes a broken manifest's place while the other files are validated; never returned."""


def _manifest(conv: Converter, tree: YNode) -> Manifest | None:
    if tree.is_map:
        fmt = tree.value.get("format")
        if fmt is not None and isinstance(fmt.value, int) and fmt.value > FORMAT_VERSION:
            conv.diags.append(
                Diagnostic(
                    "E0208",
                    f"format {fmt.value} is newer than this engine reads ({FORMAT_VERSION})",
                    fmt.pos,
                    f"update Near Abroad, or write the scenario in format {FORMAT_VERSION}",
                )
            )
            return None
    try:
        m = conv.convert(tree, Manifest)
    except Invalid:
        return None
    assert isinstance(m, Manifest)
    if m.format < 1:
        conv.diags.append(
            Diagnostic(
                "E0208",
                f"unsupported format {m.format}",
                tree.value["format"].pos,
                f"this engine reads format {FORMAT_VERSION}",
            )
        )
        return None
    return m


def _format_of(manifest: YNode | None) -> int:
    """The format a manifest declares (the current one when it says nothing usable)."""
    node = manifest.value.get("format") if manifest is not None and manifest.is_map else None
    if node is not None and isinstance(node.value, int) and node.value >= 1:
        return min(node.value, FORMAT_VERSION)
    return FORMAT_VERSION


def _written_tags(regions: Mapping[str, Entry]) -> frozenset[str]:
    """Every region tag written in the files, broken regions included."""
    tags: set[str] = set()
    for entry in regions.values():
        written = entry.node.value.get("tags") if entry.node.is_map else None
        if written is not None and written.is_seq:
            tags.update(t.value for t in written.value if isinstance(t.value, str))
    return frozenset(tags)


def _manifest_positions(tree: YNode | None) -> dict[str, Pos]:
    """Where each manifest field stands, for validation messages."""
    if tree is None or not tree.is_map:
        return {}
    out = {k: v.pos for k, v in tree.value.items()}
    seats = tree.value.get("seats")
    if seats is not None and seats.is_seq:
        for item in seats.value:
            if item.is_scalar:  # the last listing: a seat listed twice is so at the second
                out[f"seats.{item.value}"] = item.pos
    calendar = tree.value.get("calendar")
    if calendar is not None and calendar.is_seq:
        for i, item in enumerate(calendar.value, start=1):
            date = item.value.get("date") if item.is_map else None
            out[f"calendar.{i}"] = date.pos if date is not None else item.pos
    return out


def read_folder(path: str | Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """Read every .yaml file of a scenario folder; names are relative paths like the user typed."""
    root = Path(path)
    diags: list[Diagnostic] = []
    files: dict[str, str] = {}
    if root.is_file():
        root = root.parent
    if not root.is_dir():
        diags.append(
            Diagnostic(
                "E0107",
                f"no scenario folder at '{path}'",
                Pos(str(path)),
                "give the folder that holds scenario.yaml, such as rules/caucasus-2020",
            )
        )
        return files, diags
    for file in sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml")):
        name = str(file)
        if not file.is_file():  # a pipe would block, a device (/dev/zero) never ends
            diags.append(
                Diagnostic(
                    "E0107",
                    "not a regular file (a pipe, a device or a broken link?)",
                    Pos(name),
                    "rules are plain .yaml files; remove or rename this one",
                )
            )
            continue
        try:
            size = file.stat().st_size
            if size > MAX_FILE_BYTES:
                diags.append(
                    Diagnostic(
                        "E0104",
                        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                        Pos(name),
                        "split it into several files of the same kind",
                    )
                )
                continue
            data = read_bounded(file)
            if data is None:
                diags.append(
                    Diagnostic(
                        "E0104",
                        f"file is over the limit of {MAX_FILE_BYTES:,} bytes",
                        Pos(name),
                        "split it into several files of the same kind",
                    )
                )
                continue
            files[name] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            diags.append(
                Diagnostic(
                    "E0107",
                    f"file is not UTF-8 text ({exc.reason})",
                    Pos(name),
                    "save the file as UTF-8",
                )
            )
        except OSError as exc:
            diags.append(
                Diagnostic(
                    "E0107",
                    f"cannot read file: {exc.strerror}",
                    Pos(name),
                    "check the file's permissions",
                )
            )
    return files, diags


def check_ruleset(
    path: str | Path,
    mods: Sequence[str | Path] = (),
    installed: Mapping[str, Path] | None = None,
) -> tuple[Ruleset | None, list[Diagnostic], dict[str, str]]:
    """Load a folder (and mods on top) and return (ruleset or None, diagnostics, file texts).
    ``installed``: the mods found by id, for hints that name a mod (texts.translate_command)."""
    from game.ruleset.mods import order_mods, read_mod

    files, diags = read_folder(path)
    if diags and not files:
        return None, diags, files
    layers = [Layer("", files, "scenario", str(path))]
    texts = dict(files)
    if mods:
        read = []
        for mod_path in mods:
            mod, problems = read_mod(mod_path)
            diags += problems
            if mod is not None:
                read.append(mod)
                texts.update(mod.files)
        base_id, base_version = _manifest_id(files)
        ordered, problems = order_mods(read, base_id, base_version)
        diags += problems
        layers += [
            Layer(m.info.id, m.files, "mod", m.root, m.info.version, m.info.format) for m in ordered
        ]
    if any(d.severity == "error" for d in diags):
        return None, sorted(diags, key=sort_key), texts
    ruleset, more = build_layers(layers)
    catalogues, po_texts, problems = read_catalogues([layer.root for layer in layers])
    texts.update(po_texts)
    more += problems
    if ruleset is not None and catalogues:
        ruleset = attrs.evolve(ruleset, catalogues=catalogues)
        # The top layer's catalogues only: a lower one is right for the rules below a mod
        # that changed a text (it is checked when that layer is validated as the top).
        top = str(Path(layers[-1].root) / LOCALE_DIR)
        mine = {f for f in po_texts if str(Path(f).parent) == top}
        more += unused_messages(ruleset, mine, installed)
    all_diags = sorted(diags + more, key=sort_key)
    if any(d.severity == "error" for d in all_diags):
        ruleset = None
    return ruleset, all_diags, texts


def _manifest_id(files: Mapping[str, str]) -> tuple[str, str]:
    """The scenario's id and version, read early so mods can be checked against them."""
    name = next((n for n in files if Path(n).name == MANIFEST), None)
    tree, _ = parse_yaml(files[name], name) if name else (None, [])
    if tree is None or not tree.is_map:
        return "", ""
    ident, version = tree.value.get("id"), tree.value.get("version")
    return (
        str(ident.value) if ident is not None else "",
        str(version.value) if version is not None else "",
    )


def load_ruleset(path: str | Path, mods: Sequence[str | Path] = ()) -> Ruleset:
    """Load and validate a scenario folder (and mods); raises :class:`RulesetError`."""
    ruleset, diags, files = check_ruleset(path, mods)
    if ruleset is None:
        raise RulesetError(diags, files)
    return ruleset


__all__ = ["build_ruleset", "check_ruleset", "digest_of", "hints", "load_ruleset"]
