"""Loading a scenario folder: read the files, structure them, validate, freeze.

``build_ruleset`` works on file texts in memory (tests and mods feed it
directly); ``load_ruleset`` reads a folder and is the only function of the
ruleset package that touches the file system.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.ruleset.convert import Converter, Invalid, hints
from game.ruleset.diagnostics import Diagnostic, Pos, RulesetError, did_you_mean, sort_key
from game.ruleset.model import COLLECTIONS, FORMAT_VERSION, Manifest, Ruleset
from game.ruleset.source import MAX_FILE_BYTES, YNode, parse_yaml
from game.ruleset.validate import validate

MANIFEST = "scenario.yaml"


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


def build_ruleset(
    files: Mapping[str, str], root: str = ""
) -> tuple[Ruleset | None, list[Diagnostic]]:
    """Build a ruleset from ``{file name: text}``; the manifest is the file named scenario.yaml.

    Returns the ruleset (None when there are errors) and all diagnostics, sorted.
    """
    diags: list[Diagnostic] = []
    conv = Converter(diags)
    manifest_name = next((n for n in files if Path(n).name == MANIFEST), None)
    trees: dict[str, YNode] = {}
    for name in sorted(files):
        tree, problems = parse_yaml(files[name], name)
        diags.extend(problems)
        if tree is not None:
            trees[name] = tree

    manifest: Manifest | None = None
    if manifest_name is None:
        diags.append(
            Diagnostic(
                "E0207",
                f"no {MANIFEST} in the scenario folder",
                Pos(root or "."),
                f"add {MANIFEST} with id, title, version, format, seats and calendar",
            )
        )
    elif manifest_name in trees:
        conv.context = "manifest"
        manifest = _manifest(conv, trees[manifest_name])

    collections: dict[str, dict[str, Any]] = {name: {} for name in COLLECTIONS}
    positions: dict[str, Pos] = {}
    for name, tree in trees.items():
        if name == manifest_name:
            continue
        if not tree.is_map:
            diags.append(
                Diagnostic(
                    "E0201",
                    "a rules file must be a mapping of collections",
                    tree.pos,
                    f"start with one of: {', '.join(COLLECTIONS)}",
                )
            )
            continue
        for coll, body in tree.value.items():
            cls = COLLECTIONS.get(coll)
            kpos = (tree.key_pos or {}).get(coll, body.pos)
            if cls is None:
                diags.append(
                    Diagnostic(
                        "E0205",
                        f"unknown collection '{coll}'",
                        kpos,
                        did_you_mean(coll, COLLECTIONS)
                        or f"collections are: {', '.join(COLLECTIONS)}",
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
                key = f"{coll}.{ident}"
                if ident in collections[coll]:
                    first = positions[key]
                    diags.append(
                        Diagnostic(
                            "E0302",
                            f"{coll[:-1]} '{ident}' is defined twice (first at {first})",
                            ipos,
                            "rename one, or remove the duplicate",
                        )
                    )
                    continue
                positions[key] = ipos
                if entry.is_map:  # where each field stands, so checks point at the value
                    for fname, fnode in entry.value.items():
                        positions[f"{key}.{fname}"] = fnode.pos
                conv.context = key
                try:
                    collections[coll][ident] = conv.convert(entry, cls)
                except Invalid:
                    collections[coll][ident] = None  # known id, broken entry

    # Validate even when some entries are broken (they are None), or the manifest is (a
    # stand-in takes its place): one load shows every problem of every file.
    ruleset = Ruleset(
        manifest=manifest or _STAND_IN,
        **collections,
        digest=digest_of(files),
        positions=positions,
        root=root,
    )
    mpos = _manifest_positions(trees.get(manifest_name or ""))
    tags = _written_tags(trees, manifest_name)
    diags.extend(validate(ruleset, conv, mpos, tags, manifest_ok=manifest is not None))
    diags.sort(key=sort_key)
    if manifest is None or any(d.severity == "error" for d in diags):
        return None, diags
    return ruleset, diags


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


def _written_tags(trees: Mapping[str, YNode], manifest_name: str | None) -> frozenset[str]:
    """Every region tag written in the files, broken regions included."""
    tags: set[str] = set()
    for name, tree in trees.items():
        regions = tree.value.get("regions") if name != manifest_name and tree.is_map else None
        if regions is None or not regions.is_map:
            continue
        for entry in regions.value.values():
            written = entry.value.get("tags") if entry.is_map else None
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
            if item.is_scalar:
                out.setdefault(f"seats.{item.value}", item.pos)
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
            data = file.read_bytes()
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


def check_ruleset(path: str | Path) -> tuple[Ruleset | None, list[Diagnostic], dict[str, str]]:
    """Load a folder and return (ruleset or None, diagnostics, file texts for rendering)."""
    files, diags = read_folder(path)
    if diags and not files:
        return None, diags, files
    ruleset, more = build_ruleset(files, root=str(path))
    all_diags = sorted(diags + more, key=sort_key)
    if any(d.severity == "error" for d in all_diags):
        ruleset = None
    return ruleset, all_diags, files


def load_ruleset(path: str | Path) -> Ruleset:
    """Load and validate a scenario folder; raises :class:`RulesetError` with every problem."""
    ruleset, diags, files = check_ruleset(path)
    if ruleset is None:
        raise RulesetError(diags, files)
    return ruleset


__all__ = ["build_ruleset", "check_ruleset", "digest_of", "hints", "load_ruleset"]
