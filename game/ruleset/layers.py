"""Layering: a scenario, then mods on top, merged by id before anything is structured.

Collections are keyed by id, so a mod names what it changes. Defining an id
that exists is an error unless the entry says what it wants: ``patch:`` (deep
merge; lists are replaced unless written ``{append: [...]}`` or
``{remove: [...]}``), ``replace:`` (the whole entry) or ``remove: true``.
Templates (``abstract: true``) and ``inherits:`` are resolved after layering
(:mod:`game.ruleset.templates`).
Merging works on the positioned YAML nodes, so every value still knows the
file, line and layer that set it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal, TypeAlias

import attrs

from game.ruleset.diagnostics import Diagnostic, Pos, did_you_mean
from game.ruleset.limits import MAX_ID_CHARS
from game.ruleset.source import YNode

OPS = ("patch", "replace", "remove")
LIST_OPS = ("append", "remove")
META = ("abstract", "inherits")


@attrs.frozen
class ValueChange:
    """A history record of one value, beside the records of whole entries: a value a patch
    overwrote (``was``: where that value had been written) or a key or list item a patch
    deleted (``removed``: where the patch deleted it). ``path`` is the field's dotted path
    in the entry; a list item's ends in ``.-``. ``explain`` shows them under the fields."""

    kind: Literal["was", "removed"]
    path: str
    value: str
    """The value as text, on one line."""


HistoryStep: TypeAlias = tuple[str, str | ValueChange, Pos]
"""(layer, what it did, where) -- one record of an entry's history."""


@attrs.define
class Entry:
    """One definition as layering builds it up."""

    node: YNode
    pos: Pos
    """Where the id was first defined."""
    layer: str
    history: list[HistoryStep] = attrs.field(factory=list)
    """(layer, 'define' | 'patch' | 'replace' | 'remove' | 'inherits ID' or a ValueChange,
    where) for every layer that touched it."""
    changed: list[tuple[str, str, Pos, str]] = attrs.field(factory=list)
    """(field path, mod, where, how) for every field a mod's patch, replace or remove wrote
    (how: 'set', 'del', 'list', 'replace' or 'remove'; see :func:`_written`)."""


Collections = dict[str, dict[str, Entry]]



def _plain_equal(a: YNode, b: YNode) -> bool:
    return bool(a.to_plain() == b.to_plain())


KEY_REMOVAL = "remove"
"""In a patch of a mapping, ``remove: [key, ...]`` (or ``remove: key``) deletes keys, and
may stand beside keys to add or change (``doctrine: {remove: [escalation], ceasefire: 0.9}``).

It is read as the operation whenever its value is a list or a string. That is never a
mapping's own key: the free-form mappings of the model (doctrine weights, influence and
forces by actor, resources, options, doctrines) hold numbers or mappings, never lists or
strings, so a key named ``remove`` there (an option called ``remove``) is written with a
mapping or number and stays a key; and no fixed-field object has a field named ``remove``.
On an entry's own fields it deletes optional fields, which take their default again."""


def _key_removal(patch: YNode) -> YNode | None:
    """The ``remove:`` operation of a mapping patch, or None if it has none."""
    gone: YNode | None = patch.value.get(KEY_REMOVAL) if patch.is_map else None
    if gone is None or not (gone.is_seq or isinstance(gone.value, str)):
        return None
    return gone


Removal = tuple[str, object, Pos]
"""(field path, the plain value that went, where the patch removed it)."""


def _map_remove(out: dict[str, YNode], keys: dict[str, Pos], removals: YNode, path: str,
                diags: list[Diagnostic], log: list[Removal] | None) -> None:  # fmt: skip
    """Delete the keys ``removals`` names from ``out`` (the mapping being built)."""
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
        old = out.pop(str(key))
        keys.pop(str(key), None)
        if log is not None:
            log.append((f"{path}.{key}".lstrip("."), old.to_plain(), gone.pos))


def _list_op(base: YNode | None, patch: YNode, path: str, diags: list[Diagnostic],
             log: list[Removal] | None) -> YNode | None:  # fmt: skip
    """``{append: [...], remove: [...]}`` applied to a list; None if ``patch`` is not one (a
    mapping's ``remove:`` is handled by :func:`merge`, beside the keys it adds)."""
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
        return None
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
                old = items.pop(match)
                if log is not None:
                    log.append((f"{path}.-".lstrip("."), old.to_plain(), gone.pos))
    additions = patch.value.get("append")
    if additions is not None:
        items.extend(additions.value if additions.is_seq else [additions])
    return YNode(items, patch.pos)


def merge(base: YNode, patch: YNode, diags: list[Diagnostic], log: list[Removal] | None = None,
          path: str = "") -> YNode:  # fmt: skip
    """Deep-merge ``patch`` over ``base``: maps merge (``remove:`` deletes keys, see
    :data:`KEY_REMOVAL`), lists are replaced or list-op'ed. What a patch removes is added
    to ``log`` (paths below ``path``), so ``explain`` can show it."""
    if patch.is_map and base.is_map:
        out = dict(base.value)
        keys = dict(base.key_pos or {})
        removals = _key_removal(patch)
        if removals is not None:
            _map_remove(out, keys, removals, path, diags, log)
        for k, v in patch.value.items():
            if removals is not None and k == KEY_REMOVAL:
                continue
            sub = f"{path}.{k}"
            listed = _list_op(out.get(k), v, sub, diags, log)
            if listed is not None:
                out[k] = listed
            elif v.is_map and k in out and out[k].is_map:
                out[k] = merge(out[k], v, diags, log, sub)
            elif v.is_map and k not in out and _key_removal(v) is not None:
                out[k] = merge(YNode({}, v.pos, None, {}), v, diags, log, sub)  # E0312 below
            else:
                out[k] = v
            keys[k] = (patch.key_pos or {}).get(k, v.pos)
        return YNode(out, base.pos, None, keys)
    listed = _list_op(base, patch, path, diags, log)
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
    removed: dict[str, Entry] | None = None,
) -> None:
    """Add, patch, replace or remove one entry of a layer; a removed entry is kept in
    ``removed`` ('collection.id' -> the entry, its history ending in the removal) so that a
    later change of it, a reference to it and ``explain`` can say which mod removed it."""
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
    ops = [k for k in OPS if node.is_map and k in node.value and not _field_removal(node, k)]
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
        if removed is not None:
            removed.pop(f"{coll}.{ident}", None)  # defined again: no longer gone
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
        grave = (removed or {}).get(f"{coll}.{ident}")
        if grave is not None:
            by, where = removed_by(grave)
            diags.append(
                Diagnostic(
                    "E0310",
                    f"cannot {op} {what}: the mod '{by}' removed it (at {where})",
                    opos,
                    f"'{layer}' loads after '{by}'; drop this change, or define the "
                    f"{coll[:-1]} anew (without {op}:) if '{layer}' needs it back",
                )
            )
            return
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
        _conflicts(coll, ident, existing, layer, op, body, opos, diags)
        del entries[ident]
        existing.history.append((layer, "remove", opos))
        if removed is not None:
            removed[f"{coll}.{ident}"] = existing
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
    existing.history.append((layer, op, opos))
    if op == "replace":
        existing.node = body
        return
    for dotted, _, kind in _written("", body, existing.node):
        path = dotted.lstrip(".")
        old = _at(existing.node, path) if kind == "set" else None
        if old is not None:  # the value this patch overwrites, and where it was written
            existing.history.append((layer, ValueChange("was", path, _text(old)), old.pos))
    log: list[Removal] = []
    existing.node = merge(existing.node, body, diags, log)
    existing.history += [(layer, ValueChange("removed", path, _text(v)), pos)
                         for path, v, pos in log]  # fmt: skip


def removed_by(entry: Entry) -> tuple[str, Pos]:
    """The layer that removed an entry, and where (its last history record)."""
    layer, _, where = entry.history[-1]
    return layer, where


def _text(node: YNode | object) -> str:
    plain = node.to_plain() if isinstance(node, YNode) else node
    return " ".join(str(plain).split())


def _at(node: YNode, path: str) -> YNode | None:
    """The node at a dotted path of mapping keys ('doctrine.ceasefire'), or None."""
    for key in path.split("."):
        if not node.is_map or key not in node.value:
            return None
        node = node.value[key]
    return node


def _field_removal(node: YNode, key: str) -> bool:
    """``remove: [fields]`` in an entry that inherits a template drops inherited fields (as
    in a scenario); only ``remove: true`` removes an entry."""
    return key == "remove" and "inherits" in node.value and node.value[key].is_seq


def _written(path: str, node: YNode, base: YNode | None) -> Iterator[tuple[str, Pos, str]]:
    """The fields a patch body writes over ``base``, with how: each mapping key down to a
    value ('set': a scalar, a list replaced; 'del': a key removed) or a list operation
    ('list': append/remove items)."""
    on_map = base is not None and base.is_map
    if node.is_map and node.value and set(node.value) <= set(LIST_OPS) and not on_map:
        yield path, node.pos, "list"
    elif node.is_map and node.value:
        removals = _key_removal(node)
        for k, v in node.value.items():
            if removals is not None and k == KEY_REMOVAL:
                for gone in removals.value if removals.is_seq else [removals]:
                    if gone.is_map or gone.is_seq:  # not a key: E0312 says so where it is
                        continue
                    yield f"{path}.{gone.value}", gone.pos, "del"
            else:
                below = base.value.get(k) if base is not None and base.is_map else None
                yield from _written(f"{path}.{k}", v, below)
    else:
        yield path, node.pos, "set"


def _conflicts(coll: str, ident: str, entry: Entry, layer: str, op: str, body: YNode,
               opos: Pos, diags: list[Diagnostic]) -> None:  # fmt: skip
    """Warn when this mod writes a field another mod also patched or replaced: one of the
    two changes is lost (the later mod's wins), which is rarely what both modders meant.
    Two list operations on one list both apply (each append is kept), so they are not
    warned; nor is a mod building on a mod's own new entry (a definition, not a patch).
    Removing an entry another mod patched loses that patch: warned."""
    base = f"{coll}.{ident}"
    if op == "patch":
        writes = [(base + p, pos, kind) for p, pos, kind in _written("", body, entry.node)]
    else:
        writes = [(base, opos, op)]
    told: set[str] = set()
    for path, pos, kind in writes:
        for other_path, other, where, other_kind in entry.changed:
            if other == layer or other in told or not _overlap(path, other_path):
                continue
            if kind == other_kind == "list" and path == other_path:
                continue
            told.add(other)
            if kind == "remove":
                message = (f"mod '{layer}' removes {path}, which mod '{other}' changes (at "
                           f"{where}): the change of '{other}' is lost")  # fmt: skip
                hint = (f"if '{layer}' means to remove it anyway, nothing to do; else drop "
                        f"the removal, or leave the entry to '{other}'")  # fmt: skip
            else:
                message = (f"mods '{other}' and '{layer}' both change {path}: '{layer}' "
                           f"loads later and its value is used (the other's at {where})")
                hint = (f"if '{layer}' means to override '{other}', nothing to do; else "
                        "make one of them leave this field alone")
            diags.append(Diagnostic("W0322", message, pos, hint))
    entry.changed += [(path, layer, pos, kind) for path, pos, kind in writes]


def _overlap(a: str, b: str) -> bool:
    """Do two field paths write the same value (equal, or one inside the other)?"""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")
