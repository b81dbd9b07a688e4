"""Templates: entries written ``abstract: true`` and the entries that ``inherits:`` them,
resolved after every layer is merged (:mod:`game.ruleset.layers`), and the positions of
every value of a resolved entry for ``explain`` (:func:`walk_positions`).

Kept apart from layering: a template is resolved once, on the merged collections, so
whatever layer wrote a template or an entry that inherits it, the result is the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.ruleset.diagnostics import Diagnostic, Pos, did_you_mean
from game.ruleset.layers import META, Entry, merge
from game.ruleset.source import YNode


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
