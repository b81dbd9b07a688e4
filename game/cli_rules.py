"""Command-line tools for rule authors: validate, schema, explain, migrate, mods.

Kept apart from the play commands: these read and write rule files, and every
problem they meet is reported as a diagnostic with its file:line:col.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from game.ruleset.diagnostics import did_you_mean, render_all, to_json
from game.session import library
from game.session.library import DEFAULT_SCENARIO, REPO, ModNotFound, mod_folders
from game.session.record import SEED_MAX, SEED_MIN

__all__ = ["DEFAULT_SCENARIO", "REPO", "UsageError", "add_parsers", "load_rules", "mod_folders"]


class UsageError(Exception):
    """A command used wrongly: exit code 2 with the message."""


def check_writable(path: Path, option: str, folder: bool) -> None:
    """Refuse, before any game is played, an output that could not be written: a file where a
    folder is wanted or the reverse, or a place without write permission."""
    import os

    if path.exists() and path.is_dir() != folder:
        kind = "a file" if folder else "a folder"
        raise UsageError(
            f"{option} {path}: that is {kind}; give a {'folder' if folder else 'file'}"
        )
    probe = path if (folder and path.exists()) else path.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(f"{option} {path}: {probe} is a file, so nothing can be written under it")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: no permission to write in {probe}")
    import tempfile

    try:  # the folder it goes in, made now, and a file tried in it (permissions do not tell
        # everything: /proc lets root in and refuses files): said before any work is done
        where = path if folder else path.parent
        where.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=where):
            pass
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot write there ({exc.strerror or exc})") from None


def seed_arg(text: str) -> int:
    """An argparse type: a seed, a whole number a save can hold (game.session.record)."""
    low, high = SEED_MIN, SEED_MAX
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not '{text}'") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"a seed is from {low} to {high}, not {text[:30]}")
    return value


def resolve_mods(names: list[str] | None) -> list[str]:
    """Each --mod is a folder, or the id of an installed mod (game.session.library)."""
    try:
        return library.resolve_mods(names)
    except ModNotFound as exc:
        raise UsageError(str(exc)) from None


def load_rules(path: str, mods: list[str] | None = None) -> Any:
    """Load a scenario (and mods) for a command; bad rules print diagnostics and exit 1."""
    from game.ruleset.load import check_ruleset

    ruleset, diags, files = check_ruleset(path, resolve_mods(mods))
    if ruleset is None:
        print(render_all(diags, files), file=sys.stderr)
        raise SystemExit(1)
    return ruleset


def play_rules(path: str, mods: list[str] | None = None) -> Any:
    """Load a scenario (and mods) for play, its words in the player's language (game.i18n);
    bad rules print their diagnostics and exit 1."""
    from game.i18n import in_language, use_chosen_language

    use_chosen_language()
    return in_language(load_rules(path, mods))


def validate(args: argparse.Namespace) -> int:
    from game.ruleset.load import check_ruleset

    folder = Path(args.path)
    if (folder / "mod.yaml").is_file() and not (folder / "scenario.yaml").is_file():
        raise UsageError(  # validated alone, a mod gave a hundred errors and no hint
            f"validate {args.path}: this is a mod, not a scenario; check it on the scenario "
            f"it changes: near-abroad validate SCENARIO --mod {args.path}"
        )
    installed = mod_folders()  # hints name a mod by the id --mod finds it by
    ruleset, diags, files = check_ruleset(args.path, resolve_mods(args.mod), installed)
    if ruleset is not None and args.language:
        from game.ruleset.diagnostics import sort_key
        from game.ruleset.texts import missing_messages

        diags = sorted(diags + missing_messages(ruleset, args.language, installed), key=sort_key)
    if args.format == "json":
        print(to_json(diags))
    else:
        if diags:
            print(render_all(diags, files))
        if ruleset is not None:
            mods = f" with {', '.join(ruleset.layers)}" if ruleset.layers else ""
            print(
                f"ok: {ruleset.manifest.title} ({ruleset.id} {ruleset.manifest.version})"
                f"{mods}: {len(ruleset.actors)} actors, {len(ruleset.regions)} regions, "
                f"{len(ruleset.cards)} cards, {len(ruleset.objectives)} objectives"
            )
            if ruleset.catalogues:
                print(f"translations: {translated(ruleset)}")
    return 0 if ruleset is not None else 1


def translated(ruleset: Any) -> str:
    """How much of the words each language's catalogue gives ('ru 95 of 633 texts')."""
    from game.ruleset.texts import ruleset_words

    words = ruleset_words(ruleset)
    return ", ".join(
        f"{lang} {sum(1 for t in words if t in c.messages)} of {len(words)} texts"
        for lang, c in sorted(ruleset.catalogues.items())
    )


def schema(args: argparse.Namespace) -> int:
    from game.net.schemas import write_protocol_schemas
    from game.net.wire import write_wire_schemas  # lazy: the CLI starts without the engine
    from game.ruleset.schema import write_schemas
    from game.session.file_schemas import write_file_schemas

    out = Path(args.out)
    try:
        written = [
            *write_schemas(out),
            *write_file_schemas(out),
            *write_wire_schemas(out),
            *write_protocol_schemas(out),
        ]
    except OSError as exc:
        raise UsageError(
            f"--out {out}: cannot write the schemas there ({exc.strerror or exc}); give a folder"
        ) from None
    for path in written:
        print(f"wrote {path}")
    return 0


def explain(args: argparse.Namespace) -> int:
    """Each field of a definition: its final value and the layer and file:line that set it."""
    rules = load_rules(args.scenario, args.mod)
    coll, _, ident = args.key.partition(".")
    table = getattr(rules, coll, None) if coll in _collections() else None
    if table is None or not ident:
        raise UsageError(
            f"explain {args.key}: write COLLECTION.ID, e.g. cards.peacekeepers "
            f"(collections: {', '.join(_collections())})"
        )
    key = f"{coll}.{ident}"
    if ident not in table and key in rules.templates:
        return _explain_template(rules, coll, ident)
    history = rules.history.get(key, ())
    if ident not in table and history and history[-1][1] == "remove":
        layer, _, where = history[-1]
        print(f"{key}  (removed by mod {layer} at {where}: not in the game)")
        _print_history(history)
        return 0
    if ident not in table:
        near = did_you_mean(ident, [*table, *(k.split(".", 1)[1] for k in rules.templates
                                             if k.startswith(coll + "."))])  # fmt: skip
        hint = near or f"{len(table)} {coll} are defined"
        raise UsageError(f"explain {args.key}: there is no {coll[:-1]} '{ident}'; {hint}")
    print(f"{key}  ({_layer_of(rules, rules.positions[key])})")
    _print_history(rules.history.get(key, ()))
    prefix = key + "."
    depth = key.count(".") + 1
    plain = _plain(table[ident])
    rows = []
    for path, pos in rules.positions.items():
        if not path.startswith(prefix) or path.count(".") > depth + 1 or "#" in path:
            continue  # ('#key' entries are where a mapping's keys stand, not values)
        name = path[len(prefix) :]
        head, _, index = name.partition(".")
        value = plain.get(head)
        if index:  # one row per list item or mapping key (each may come from another layer)
            if isinstance(value, list) and index.isdigit() and int(index) < len(value):
                value = value[int(index)]
            elif isinstance(value, dict) and index in value:
                value = value[index]
            else:
                continue
        elif (
            isinstance(value, (list, dict))
            and value
            and any(p.startswith(path + ".") for p in rules.positions)
        ):
            continue
        rows.append((name, _short(value), _layer_of(rules, pos)))
    written = {r[0].partition(".")[0] for r in rows}
    rows += [
        (name, _short(value), "(default)") for name, value in plain.items() if name not in written
    ]
    rows = _with_value_records(rules, rows, history)
    width = max((len(r[0]) for r in rows), default=10)
    for name, value, where in rows:
        print(f"  {name:<{width}}  {value:<44}  {where}")
    said = _rules_text(rules, coll, table[ident])
    if said:
        print("\nIn words (what players read):")
        for line in said:
            print(textwrap.fill(line, 100, initial_indent="  ", subsequent_indent="    "))
    return 0


def _print_history(history: Any) -> None:
    """Each layer that defined, patched, replaced, templated or removed an entry, and where
    (the records of single values are shown beside the fields instead)."""
    history = [h for h in history if isinstance(h[1], str)]  # not a ValueChange
    width = max((len(op) for _, op, _ in history), default=8)
    for layer, op, pos in history:
        print(f"  {op:<{width}} by {layer or 'scenario':<24} at {pos}")


def _with_value_records(rules: Any, rows: list[tuple[str, str, str]],
                        history: Any) -> list[tuple[str, str, str]]:  # fmt: skip
    """``rows`` with, under each field, the values that mods overwrote ('was'), oldest
    first, each with the layer and place that wrote it, and a row for each key or list
    item a mod removed ('removed'), with the mod and the place of the removal."""
    from game.ruleset.layers import ValueChange

    was: dict[str, list[tuple[str, str, str]]] = {}
    gone: list[tuple[str, str, str]] = []
    for layer, op, pos in history:
        if not isinstance(op, ValueChange):
            continue
        path, value = op.path, op.value
        if op.kind == "was":
            was.setdefault(path, []).append((f"  was {path}", _short(value),
                                             _layer_of(rules, pos)))  # fmt: skip
        else:
            gone.append((path.removesuffix(".-") + (" (item)" if path.endswith(".-") else ""),
                         _short(f"(removed) {value}"), f"removed by mod {layer}  {pos}"))
    out = []
    for row in rows:
        out += [*was.pop(row[0], []), row]
    return out + [r for rows_ in was.values() for r in rows_] + gone


def _explain_template(rules: Any, coll: str, ident: str) -> int:
    """``explain`` of an abstract template: where it is, its fields, who inherits them."""
    key = f"{coll}.{ident}"
    users = sorted(
        k.split(".", 1)[1]
        for k, hist in rules.history.items()
        if k.startswith(coll + ".") and any(op == f"inherits {ident}" for _, op, _ in hist)
    )
    print(f"{key}  (an abstract template: not one of the {coll} itself; entries that "
          f"inherit it start from its fields)")  # fmt: skip
    _print_history(rules.history.get(key, ()))
    fields = rules.templates[key]
    width = max((len(k) for k in fields), default=10)
    for name, value in fields.items():
        pos = rules.positions.get(f"{key}.{name}")
        where = _layer_of(rules, pos) if pos is not None else ""
        print(f"  {name:<{width}}  {_short(value):<44}  {where}".rstrip())
    print(f"inherited by: {', '.join(users) if users else 'no entry'}")
    return 0


def _rules_text(rules: Any, coll: str, item: Any) -> list[str]:
    """The generated rules text of a card, objective or operation, for `explain`."""
    from game.ruleset.words import card_rules, objective_rules, operation_rules

    if coll == "cards":
        return card_rules(rules, item)
    if coll == "objectives":
        return [objective_rules(rules, item)]
    if coll == "operations":
        return [operation_rules(rules, item)]
    return []


def _collections() -> tuple[str, ...]:
    from game.ruleset.model import COLLECTIONS

    return tuple(COLLECTIONS)


def _plain(obj: Any) -> dict[str, Any]:
    import attrs

    from game.ruleset.effects import EFFECT_NAMES
    from game.ruleset.expr import Expr

    def conv(v: Any) -> Any:
        if isinstance(v, Expr):
            return v.text
        if attrs.has(type(v)):
            fields = {
                a.metadata.get("key", a.name): conv(getattr(v, a.name))
                for a in attrs.fields(type(v))
            }
            kind = EFFECT_NAMES.get(type(v))
            return {kind: fields} if kind else fields
        if isinstance(v, (tuple, list)):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    out: dict[str, Any] = conv(obj)
    return out


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 44 else text[:41] + "..."


def _layer_of(rules: Any, pos: Any) -> str:
    file = str(pos)
    for layer in rules.layers:
        mid = layer.split()[0]
        if f"/{mid}/" in f"/{pos.file}":
            return f"mod {layer}  {file}"
    return f"{rules.id} {rules.manifest.version}  {file}"


def migrate(args: argparse.Namespace) -> int:
    """Rewrite a scenario's or mod's files in the current rules format."""
    from game.ruleset.load import read_folder
    from game.ruleset.migrate import apply_edits, plan
    from game.ruleset.model import FORMAT_VERSION
    from game.ruleset.source import parse_yaml

    files, diags = read_folder(args.path)
    if not files:
        print(render_all(diags, files), file=sys.stderr)
        return 1
    broken = [d for name, text in files.items() for d in parse_yaml(text, name)[1]]
    broken = [d for d in broken if d.severity == "error"]
    if broken:  # nothing can be migrated (or said to be current) until the YAML reads
        print(render_all(broken, files), file=sys.stderr)
        print(f"migrate {args.path}: fix the YAML first; nothing was changed", file=sys.stderr)
        return 1
    manifest = next((n for n in files if Path(n).name in ("scenario.yaml", "mod.yaml")), None)
    if manifest is None:
        raise UsageError(f"migrate {args.path}: no scenario.yaml or mod.yaml there")
    tree, _ = parse_yaml(files[manifest], manifest)
    node = tree.value.get("format") if tree is not None and tree.is_map else None
    fmt = node.value if node is not None and isinstance(node.value, int) else None
    if fmt is None:
        raise UsageError(f"{manifest}: no 'format:' number to migrate from")
    if fmt >= FORMAT_VERSION:
        print(f"{args.path} is already in format {fmt}; nothing to do")
        return 0
    edits = plan(files, fmt)
    for name, todo in edits.items():
        for e in todo:
            print(f"{e.pos}: {e.old} -> {e.new}  ({e.why})")
        if not args.dry_run:
            from game.session.storage import write_text_atomic

            write_text_atomic(Path(name), apply_edits(files[name], todo))
    word = "would change" if args.dry_run else "changed"
    print(
        f"{word} {sum(len(v) for v in edits.values())} place(s) in {len(edits)} file(s): "
        f"format {fmt} -> {FORMAT_VERSION}"
    )
    return 0


def mods(args: argparse.Namespace) -> int:
    from game.ruleset.mods import read_mod
    from game.session.paths import mods_dir
    from game.shipped import shipped

    found = mod_folders()
    print(f"user mods folder: {mods_dir()}")
    where = shipped("schema").resolve()
    print(f"schemas for your editor: {where}; the first line of mod.yaml: "
          f"# yaml-language-server: $schema={where / 'mod.schema.json'} (of a rules file: "
          "mod-rules.schema.json)")  # fmt: skip
    if not found:
        print("no mods found")
    for mid, folder in found.items():
        mod, _ = read_mod(folder)
        assert mod is not None
        req = mod.info.requires
        print(f"  {mid:<26} {mod.info.version:<8} for {req.scenario} {req.version:<12} {folder}")
    for mid, used, other in library.shadowed_mods():
        print(f"  warning: {mid} in {used} hides the mod with the same id in {other}; "
              "rename one to load the other")  # fmt: skip
    return 0


def add_parsers(sub: Any) -> None:
    v = sub.add_parser("validate", help="check a scenario's rule files and report every problem")
    v.add_argument(
        "path",
        nargs="?",
        default=str(DEFAULT_SCENARIO),
        help="the scenario folder (default: the Caucasus 2020 scenario)",
    )
    v.add_argument("--mod", action="append", metavar="PATH_OR_ID", help="a mod on top")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.add_argument(
        "--language",
        metavar="LANG",
        help="also list every text the LANG catalogue (locale/LANG.po) does not translate",
    )
    v.set_defaults(func=validate)
    s = sub.add_parser(
        "schema", help="write the JSON Schemas of the rule files and of the wire format (wire/)"
    )
    s.add_argument("--out", default="schema", help="folder to write into (default: schema)")
    s.set_defaults(func=schema)
    e = sub.add_parser("explain", help="where each field of a definition comes from")
    e.add_argument("key", help="COLLECTION.ID, e.g. cards.peacekeepers")
    e.add_argument("--scenario", default=str(DEFAULT_SCENARIO), help="scenario folder")
    e.add_argument("--mod", action="append", metavar="PATH_OR_ID", help="a mod on top")
    e.set_defaults(func=explain)
    m = sub.add_parser("migrate", help="rewrite a scenario or mod in the current rules format")
    m.add_argument("path", help="the scenario or mod folder")
    m.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    m.set_defaults(func=migrate)
    ml = sub.add_parser("mods", help="list the mods found")
    ml.set_defaults(func=mods)
