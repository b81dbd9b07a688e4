"""Thresholds that can set each other off without end, found at load.

A threshold that fires every time its track crosses it (`once: false`) may move another
track across another such threshold, which moves the first track back across the first:
the rules then loop, and the engine can only stop the game with a message (RulesLoop).
Whether a chain really loops depends on the values in play, so the loader warns (W0320)
about every group of repeating thresholds that can reach each other, naming them, where
the author can still make one `once: true` or break the chain. Thresholds that fire once
cannot loop: each fires at most once a game.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.effects import MoveTrack, SetTrack
from game.ruleset.model import Ruleset, Threshold

Node = tuple[str, int]
"""A threshold: its track's id and its index in the track's list."""


def threshold_loops(rs: Ruleset, obj_pos: Mapping[int, Pos]) -> list[Diagnostic]:
    """W0320 for each group of repeating thresholds that can fire one another in a ring."""
    nodes: dict[Node, Threshold] = {
        (tid, i): th
        for tid, track in rs.tracks.items()
        if track is not None
        for i, th in enumerate(track.thresholds)
        if not th.once
    }
    edges = {
        n: [m for m in nodes if _can_fire(th, m[0], nodes[m].direction)] for n, th in nodes.items()
    }
    out = []
    for group in _rings(edges):
        names = ", ".join(
            f"{tid} at {nodes[(tid, i)].at} ({nodes[(tid, i)].direction})" for tid, i in group
        )
        first = nodes[group[0]]
        out.append(
            Diagnostic(
                "W0320",
                f"these thresholds fire every time and can set each other off without end: {names}",
                obj_pos.get(id(first), rs.positions.get(f"tracks.{group[0][0]}")),
                "make one of them 'once: true', or let one move its track less far; if "
                "they do loop in play, the game stops with a message naming them",
            )
        )
    return out


def _can_fire(th: Threshold, track: str, direction: str) -> bool:
    """Whether ``th``'s effects may move ``track`` the way a threshold facing ``direction``
    needs (a move by a plain number only one way; a set or a computed move either way)."""
    for eff in walk(th.effects):
        if isinstance(eff, (MoveTrack, SetTrack)) and eff.track == track:
            if isinstance(eff, SetTrack):
                return True
            try:
                by = int(eff.by.text)
            except ValueError:
                return True
            if (by > 0 and direction == "up") or (by < 0 and direction == "down"):
                return True
    return False


def _rings(edges: Mapping[Node, list[Node]]) -> Iterator[list[Node]]:
    """The strongly connected groups of two or more thresholds (Tarjan's algorithm, written
    without recursion: a mod may have many thresholds)."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    for root in edges:
        if root in index:
            continue
        work: list[tuple[Node, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            nexts = edges[node]
            if i < len(nexts):
                work.append((node, i + 1))
                m = nexts[i]
                if m not in index:
                    work.append((m, 0))
                elif m in on_stack:
                    low[node] = min(low[node], index[m])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    group.append(m)
                    if m == node:
                        break
                if len(group) > 1:
                    yield sorted(group)


def walk(obj: Any) -> Iterator[Any]:
    """Every attrs object inside ``obj`` (effects, options, outcomes), depth first."""
    if attrs.has(type(obj)):
        yield obj
        for a in attrs.fields(type(obj)):
            yield from walk(getattr(obj, a.name))
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from walk(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from walk(item)
