"""Layering: a scenario, then mods on top, merged by id before anything is structured.

Collections are keyed by id, so a mod names what it changes. Defining an id
that exists is an error unless the entry says what it wants: ``patch:`` (deep
merge; lists are replaced unless written ``{append: [...]}`` or
``{remove: [...]}``), ``replace:`` (the whole entry) or ``remove: true``.
Templates (``abstract: true``) and ``inherits:`` are resolved after layering.
Merging works on the positioned YAML nodes, so every value still knows the
file, line and layer that set it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import attrs

from game.ruleset.diagnostics import Diagnostic, Pos, did_you_mean
from game.ruleset.limits import MAX_ID_CHARS
from game.ruleset.source import YNode

OPS = ("patch", "replace", "remove")
LIST_OPS = ("append", "remove")
META = ("abstract", "inherits")


@attrs.define
class Entry:
    """One definition as layering builds it up."""

    node: YNode
    pos: Pos
    """Where the id was first defined."""
    layer: str
    history: list[tuple[str, str, Pos]] = attrs.field(factory=list)
    """(layer, 'define' | 'patch' | 'replace', where) for every layer that touched it."""
    changed: list[tuple[str, str, Pos]] = attrs.field(factory=list)
    """(field path, mod, where) for every field a mod's patch or replace wrote."""


Collections = dict[str, dict[str, Entry]]


def _plain_equal(a: YNode, b: YNode) -> bool:
    return bool(a.to_plain() == b.to_plain())


def _map_remove(base: YNode, patch: YNode, diags: list[Diagnostic]) -> YNode:
    """``{remove: [key, ...]}`` applied to a mapping: those keys are deleted."""
    out = dict(base.value)
    keys = dict(base.key_pos or {})
    removals = patch.value["remove"]
    for gone in removals.value if removals.is_seq else [removals]:
        key = gone.value
        if not gone.is_scalar or str(key) not in out:
            diags.append(
                Diagnostic(
                    "E0312",
                    f"cannot remove {gone.to_plain()!r}: the mapping has no such key",
                    gone.pos,
                    "on a mapping, remove: lists keys to delete; it has: "
                    + (", ".join(sorted(out)) or "no keys"),
                )
            )
            continue
        out.pop(str(key))
        keys.pop(str(key), None)
    return YNode(out, base.pos, None, keys)


def _list_op(base: YNode | None, patch: YNode, diags: list[Diagnostic]) -> YNode | None:
    """``{append: [...], remove: [...]}`` applied to a list, or ``{remove: [key, ...]}`` to
    a mapping; None if ``patch`` is not one."""
    if not patch.is_map or not patch.value or not set(patch.value) <= set(LIST_OPS):
        return None
    if base is not None and base.is_map:
        if "append" in patch.value:
            diags.append(
                Diagnostic(
                    "E0311",
                    "append: adds to a list, but this is a mapping",
                    patch.value["append"].pos,
                    "write the keys to add under patch: directly; remove: [key] deletes a key",
                )
            )
            return base
        return _map_remove(base, patch, diags)
    items = list(base.value) if base is not None and base.is_seq else []
    removals = patch.value.get("remove")
    if removals is not None:
        for gone in removals.value if removals.is_seq else [removals]:
            match = next((i for i, it in enumerate(items) if _plain_equal(it, gone)), None)
            if match is None:
                diags.append(
                    Diagnostic(
                        "E0312",
                        f"cannot remove {gone.to_plain()!r}: no item of the list is equal to it",
                        gone.pos,
                        "remove: names whole items, every field as written in the entry "
                        "being patched (near-abroad explain shows them)",
                    )
                )
            else:
                items.pop(match)
    additions = patch.value.get("append")
    if additions is not None:
        items.extend(additions.value if additions.is_seq else [additions])
    return YNode(items, patch.pos)


def merge(base: YNode, patch: YNode, diags: list[Diagnostic]) -> YNode:
    """Deep-merge ``patch`` over ``base``: maps merge, lists are replaced or list-op'ed."""
    if patch.is_map and base.is_map:
        out = dict(base.value)
        keys = dict(base.key_pos or {})
        for k, v in patch.value.items():
            listed = _list_op(out.get(k), v, diags)
            if listed is not None:
                out[k] = listed
            elif k in out and out[k].is_map and v.is_map:
                out[k] = merge(out[k], v, diags)
            else:
                out[k] = v
            keys[k] = (patch.key_pos or {}).get(k, v.pos)
        return YNode(out, base.pos, None, keys)
    listed = _list_op(base, patch, diags)
    return listed if listed is not None else patch


ID_PATTERN = re.compile(rf"[A-Za-z0-9_][A-Za-z0-9_.\-]{{0,{MAX_ID_CHARS - 1}}}\Z")
"""What an id may be: a save writes actions as text ('play kremlin_mediation'), and an id
with a space, an accent or a slash would not read back."""


def _suggest_id(ident: str) -> str:
    plain = unicodedata.normalize("NFKD", ident).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_.\-]+", "_", plain).strip("_.-")[:64] or "an_id"


def apply_layer_entry(
    coll: str,
    ident: str,
    node: YNode,
    ipos: Pos,
    layer: str,
    entries: dict[str, Entry],
    is_base: bool,
    diags: list[Diagnostic],
    removed: dict[str, tuple[str, Pos]] | None = None,
) -> None:
    """Add, patch, replace or remove one entry of a layer; a removal is noted in
    ``removed`` ('collection.id' -> (layer, where)) so references to it can say so."""
    if not ID_PATTERN.match(ident):
        diags.append(
            Diagnostic(
                "E0204",
                f"'{ident}' cannot be an id of {coll}: ids are letters, digits, '_', '.' and "
                "'-' (no spaces, accents, '/', '<', '%'...), so that saves can name them",
                ipos,
                f"rename it, e.g. '{_suggest_id(ident)}'",
            )
        )
        return
    existing = entries.get(ident)
    ops = [k for k in OPS if node.is_map and k in node.value]
    what = f"{coll[:-1]} '{ident}'"
    if is_base or not ops:
        if existing is not None:
            if is_base:
                diags.append(
                    Diagnostic(
                        "E0302",
                        f"{what} is defined twice (first at {existing.pos})",
                        ipos,
                        "rename one, or remove the duplicate",
                    )
                )
            else:
                diags.append(
                    Diagnostic(
                        "E0302",
                        f"{what} is already defined ({existing.layer} at {existing.pos})",
                        ipos,
                        "to change it write 'patch: {...}', to swap it 'replace: {...}', "
                        "to delete it 'remove: true'",
                    )
                )
            return
        entries[ident] = Entry(node, ipos, layer, [(layer, "define", ipos)])
        return
    extra = [k for k in node.value if k not in OPS]
    if len(ops) > 1 or extra:
        bad = (node.key_pos or {}).get((extra or ops)[-1], ipos)
        diags.append(
            Diagnostic(
                "E0311",
                f"{what}: an entry that changes another is one of patch:, replace: or "
                f"remove: true, alone (found {', '.join(node.value)})",
                bad,
                "put the fields inside 'patch:' or 'replace:'",
            )
        )
        return
    op = ops[0]
    body = node.value[op]
    opos = (node.key_pos or {}).get(op, ipos)
    if existing is None:
        diags.append(
            Diagnostic(
                "E0310",
                f"cannot {op} {what}: no layer below defines it",
                opos,
                did_you_mean(ident, entries) or "check the id against the scenario",
            )
        )
        return
    if op == "remove":
        if body.value is not True:
            diags.append(Diagnostic("E0311", f"{what}: write 'remove: true'", body.pos))
            return
        del entries[ident]
        if removed is not None:
            removed[f"{coll}.{ident}"] = (layer, opos)
        return
    if not body.is_map:
        diags.append(
            Diagnostic(
                "E0311",
                f"{what}: '{op}:' takes a mapping of fields",
                body.pos,
                f"{op}: {{title: ...}}",
            )
        )
        return
    _conflicts(coll, ident, existing, layer, op, body, opos, diags)
    existing.node = merge(existing.node, body, diags) if op == "patch" else body
    existing.history.append((layer, op, opos))


def _written(path: str, node: YNode) -> Iterator[tuple[str, Pos]]:
    """The fields a patch body writes: each mapping key down to a value (a list operation
    or a scalar is one field)."""
    if node.is_map and node.value and not set(node.value) <= set(LIST_OPS):
        for k, v in node.value.items():
            yield from _written(f"{path}.{k}", v)
    else:
        yield path, node.pos


def _conflicts(coll: str, ident: str, entry: Entry, layer: str, op: str, body: YNode,
               opos: Pos, diags: list[Diagnostic]) -> None:  # fmt: skip
    """Warn when this mod writes a field another mod also patched or replaced: one of the
    two changes is lost (the later mod's wins), which is rarely what both modders meant.
    A mod building on a mod's own new entry (a definition, not a patch) is not warned."""
    base = f"{coll}.{ident}"
    writes = list(_written(base, body)) if op == "patch" else [(base, opos)]
    told: set[str] = set()
    for path, pos in writes:
        for other_path, other, where in entry.changed:
            if other != layer and other not in told and _overlap(path, other_path):
                told.add(other)
                diags.append(
                    Diagnostic(
                        "W0322",
                        f"mods '{other}' and '{layer}' both change {path}: '{layer}' loads "
                        f"later and its value is used (the other's at {where})",
                        pos,
                        f"if '{layer}' means to override '{other}', nothing to do; else make "
                        "one of them leave this field alone",
                    )
                )
    entry.changed += [(path, layer, pos) for path, pos in writes]


def _overlap(a: str, b: str) -> bool:
    """Do two field paths write the same value (equal, or one inside the other)?"""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def resolve_templates(
    coll: str,
    entries: dict[str, Entry],
    diags: list[Diagnostic],
    templates: dict[str, Entry] | None = None,
) -> set[str]:
    """Merge each entry over the template it inherits from; drop the abstract ones (into
    ``templates``, if given, for ``explain``).

    Returns the ids whose templates could not be resolved (already reported).
    """
    done: dict[str, YNode] = {}
    failed: set[str] = set()
    cycles: set[frozenset[str]] = set()

    def resolve(ident: str, chain: tuple[str, ...]) -> YNode | None:
        if ident in done:
            return done[ident]
        entry = entries[ident]
        node = entry.node
        parent = node.value.get("inherits") if node.is_map else None
        if parent is None:
            done[ident] = node
            return node
        pname = parent.value
        if not isinstance(pname, str) or pname not in entries:
            diags.append(
                Diagnostic(
                    "E0301",
                    f"{coll[:-1]} '{ident}' inherits from unknown '{pname}'",
                    parent.pos,
                    did_you_mean(str(pname), entries)
                    or f"name a template of the same collection ({coll})",
                )
            )
            return None
        if pname in chain:
            if frozenset(chain) not in cycles:  # one report per cycle, not one per member
                cycles.add(frozenset(chain))
                cycle = " -> ".join([*chain, pname])
                diags.append(
                    Diagnostic(
                        "E0313",
                        f"templates inherit in a cycle: {cycle}",
                        parent.pos,
                        "break the cycle: one of them must not inherit",
                    )
                )
            return None
        base = resolve(pname, (*chain, pname))
        if base is None:
            return None
        merged = merge(_without_meta(base), node, diags)  # a template's child is concrete
        done[ident] = merged
        entry.history.append((entry.layer, f"inherits {pname}", parent.pos))
        return merged

    for ident in list(entries):
        resolved = resolve(ident, (ident,))
        if resolved is not None:
            entries[ident].node = resolved
        else:
            failed.add(ident)
    for ident, entry in list(entries.items()):
        node = entry.node
        if node.is_map and any(k in node.value for k in META):
            abstract = node.value.get("abstract")
            if abstract is not None and abstract.value is True:
                if templates is not None:
                    templates[ident] = entries[ident]
                del entries[ident]
                continue
            entry.node = _without_meta(node)
    return failed


def _without_meta(node: YNode) -> YNode:
    if not node.is_map:
        return node
    keys = {k: v for k, v in (node.key_pos or {}).items() if k not in META}
    return YNode({k: v for k, v in node.value.items() if k not in META}, node.pos, None, keys)


def walk_positions(prefix: str, node: YNode) -> Iterator[tuple[str, Pos]]:
    """Every value's path and place: ``cards.x.event.0.add_influence.amount`` -> pos, and
    every mapping key's place as ``<path>#key`` (for messages about the key itself)."""
    yield prefix, node.pos
    if node.is_map:
        keys = node.key_pos or {}
        for k, v in node.value.items():
            if k in keys:
                yield f"{prefix}.{k}#key", keys[k]
            yield from walk_positions(f"{prefix}.{k}", v)
    elif node.is_seq:
        for i, v in enumerate(node.value):
            yield from walk_positions(f"{prefix}.{i}", v)
