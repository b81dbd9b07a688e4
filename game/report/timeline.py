"""The game turn by turn: what fired, who played what, what Control did, what changed.

A facilitator walks the room through the game a week at a time; each turn's
summary holds what that walk needs (injects, plays, interventions, arguments,
scoring, and the net change of tracks, scores and control of regions), and
keeps the turn's full log for whoever wants the detail.
"""

from __future__ import annotations

import attrs

from game.engine import LogKind, State
from game.report.data import Entry, ReportData, Snapshot
from game.report.facts import ArgumentCase, Override, Play


@attrs.frozen
class TurnSummary:
    """One turn of the timeline."""

    turn: int
    label: str
    date: str
    complete: bool
    injects: tuple[str, ...]
    plays: tuple[Play, ...]
    overrides: tuple[Override, ...]
    arguments: tuple[ArgumentCase, ...]
    scores: tuple[str, ...]
    """Objectives scored at the turn's close, one line per actor."""
    changes: tuple[tuple[str, tuple[str, ...]], ...]
    """Net change over the turn, by group: tracks, victory points, control of regions."""
    entries: tuple[Entry, ...]


def changes(data: ReportData, before: State, after: State) -> list[tuple[str, tuple[str, ...]]]:
    """What differs between two positions, in words, grouped (empty groups left out)."""
    tracks = tuple(
        f"{t.name} {before.tracks[tid]} → {after.tracks[tid]}"
        for tid, t in data.rules.tracks.items()
        if before.tracks[tid] != after.tracks[tid]
    )
    vp = tuple(
        f"{data.name(seat)} {after.vp[seat] - before.vp[seat]:+d} (now {after.vp[seat]})"
        for seat in data.record.seat_ids
        if before.vp[seat] != after.vp[seat]
    )
    control = tuple(
        f"{region.name}: {_who(data, before.controller(rid))} → {_who(data, after.controller(rid))}"
        for rid, region in data.rules.regions.items()
        if before.controller(rid) != after.controller(rid)
    )
    groups = (("Tracks", tracks), ("Victory points", vp), ("Control of regions", control))
    return [(title, items) for title, items in groups if items]


def _who(data: ReportData, actor: str) -> str:
    return "nobody" if actor == "nobody" else data.name(actor)


def scoring(data: ReportData, entries: list[Entry]) -> tuple[str, ...]:
    """The scoring lines of a turn, one per actor ('Azerbaijan +2: Oil keeps flowing (+1), ...'),
    from the score events (other lines of the scoring kept as they are)."""
    by_actor: dict[str, list[tuple[str, int]]] = {}
    other = []
    for e in entries:
        event = e.event
        oid = str(event.data.get("objective", "")) if event is not None else ""
        if event is None or event.kind != LogKind.SCORE or oid not in data.rules.objectives:
            other.append(e.text)
            continue
        obj = data.rules.objectives[oid]
        by_actor.setdefault(obj.actor, []).append((obj.title, obj.vp))
    out = [
        f"{data.name(a)} {sum(v for _, v in got):+d}: " + ", ".join(f"{t} ({v:+d})" for t, v in got)
        for a, got in by_actor.items()
    ]
    return (*out, *other)


def inject_line(data: ReportData, e: Entry) -> str:
    """An inject as the timeline lists it: its number, title and words ('[M-01] War ...')."""
    event = e.event
    eid = str(event.data.get("event", "")) if event is not None else ""
    if event is None or eid not in data.rules.events:
        return e.text  # a private inject, as the viewer was told of it
    ev = data.rules.events[eid]
    by = " (fired by Control)" if event.data.get("by") == "control" else ""
    head = (f"[{ev.msel}] " if ev.msel else "") + ev.title + by
    return head + (f" — {ev.text}" if ev.text else "")


def turns(data: ReportData) -> list[TurnSummary]:
    """A summary of every turn the record reaches."""
    snaps = {s.turn: s for s in data.snapshots}
    out = []
    for snap in data.snapshots[1:]:
        t = snap.turn
        before = snaps.get(t - 1, data.snapshots[0])
        mine = tuple(e for e in data.entries if e.turn == t)
        out.append(
            TurnSummary(
                turn=t,
                label=snap.label,
                date=snap.date,
                complete=snap.complete,
                injects=tuple(
                    inject_line(data, e)
                    for e in mine
                    if e.event is not None and e.event.kind == LogKind.INJECT
                ),
                plays=tuple(p for p in data.plays if p.turn == t),
                overrides=tuple(o for o in data.overrides if o.turn == t),
                arguments=tuple(a for a in data.arguments if a.turn == t),
                scores=scoring(data, [e for e in mine if e.kind == "score"]),
                changes=tuple(changes(data, before.state, snap.state)),
                entries=mine,
            )
        )
    return out


def series_columns(data: ReportData) -> list[tuple[str, str]]:
    """(key, heading) of the per-turn table: each seat's VP, then each track."""
    cols = [(f"vp:{s}", f"{data.name(s)} VP") for s in data.record.seat_ids]
    cols += [(f"track:{tid}", t.name) for tid, t in data.rules.tracks.items()]
    return cols


def series(data: ReportData) -> list[dict[str, object]]:
    """One row per snapshot (setup, then each turn's close): turn, label, date, VP, tracks."""
    return [_row(data, s) for s in data.snapshots]


def _row(data: ReportData, snap: Snapshot) -> dict[str, object]:
    row: dict[str, object] = {
        "turn": snap.turn,
        "label": snap.label + ("" if snap.complete else " (in progress)"),
        "date": snap.date,
    }
    for seat in data.record.seat_ids:
        row[f"vp:{seat}"] = snap.state.vp.get(seat, 0)
    for tid, track in data.rules.tracks.items():
        row[f"track:{tid}"] = snap.state.tracks.get(tid, track.start)
    return row
