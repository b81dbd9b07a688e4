"""The report's content, section by section, as a facilitator walks the room through it.

Order: who played and how it ended; the curves; the board; objectives; what
Control did and what was argued; the game week by week; notes; the hotwash
questions; the data files. Every line is built from :class:`ReportData`, which
already holds only what the viewer may see.
"""

from __future__ import annotations

import datetime

from game.engine import State
from game.report.boards import BAND, SIZE, caption
from game.report.data import ReportData
from game.report.doc import (
    Block,
    Cell,
    Document,
    Image,
    Links,
    Para,
    Section,
    Sub,
    Table,
)
from game.report.record import record_section
from game.report.story import (
    actor_cell,
    arguments_section,
    hotwash_section,
    notes_section,
    overrides_section,
    timeline_section,
    when,
)
from game.report.timeline import series

CREDIT = (
    "Map data: Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
)


def document(data: ReportData, files: dict[str, str]) -> Document:
    """The whole report; ``files`` maps roles (vp, tracks, board:N, events, turns) to names."""
    rules, record = data.rules, data.record
    if data.is_control:
        audience = (
            "Control's report: everything that happened, including every hand, every draw and "
            "every private inject. Hand it to teams only after the debrief."
        )
    else:
        audience = (
            f"{data.name(data.viewer)}'s team report: only what this team saw during the game "
            "— its own draws and hand, and the public record. Other teams' hands and private "
            "injects are not in it."
        )
    steps = [s.at for s in record.steps if s.at]
    started = data.session.started or (min(steps) if steps else "")
    ended = data.session.ended or (max(steps) if steps else "")
    played = f"{when(started)} – {when(ended)}" if started else "not recorded"
    last = data.snapshots[-1]
    meta = (
        ("Scenario", f"{rules.manifest.title} ({rules.id} {rules.manifest.version})"),
        ("Session", played),
        ("Game", f"seed {record.seed}, {len(record.steps)} recorded steps"),
        ("Reached", f"turn {last.turn} of {rules.turns} ({last.label}, {last.date})"),
        ("Control cell", "yes" if record.control else "no"),
        *((("Mods", ", ".join(record.mods)),) if record.mods else ()),
        ("Result", result_text(data)),
        ("Report written", datetime.datetime.now().strftime("%Y-%m-%d %H:%M")),
    )
    sections = [
        _result(data),
        _charts(data, files),
        _boards(data, files),
        _objectives(data),
        record_section(data),
        overrides_section(data),
        arguments_section(data),
        timeline_section(data),
        notes_section(data),
        hotwash_section(data),
        _files(files),
    ]
    return Document(
        title="After-action report",
        subtitle=rules.manifest.title,
        audience=audience,
        meta=meta,
        sections=tuple(s for s in sections if s is not None),
        footer=f"Written by Near Abroad from the game's record. {CREDIT}",
    )


def result_text(data: ReportData) -> str:
    r = data.final.result
    if r is None:
        return f"in progress (the record stops in turn {data.final.turn})"
    who = ", ".join(data.name(w) for w in r.winners)
    head = {"win": f"{who} wins", "shared": f"shared win: {who}"}.get(r.kind, "nobody wins")
    return f"{head} — {r.reason}"


def _result(data: ReportData) -> Section:
    final = data.final.scores()
    margins = data.final.margins()
    by_margin = data.rules.manifest.victory.by == "margin"
    winners = data.final.result.winners if data.final.result else ()
    start = data.snapshots[0].state.vp
    rows = []
    seats = {s.seat: s for s in data.record.seats}
    ranked = sorted(final.items(), key=lambda kv: -margins[kv[0]])
    for rank, (seat, vp) in enumerate(ranked, start=1):
        cfg = seats[seat]
        by = "person" if cfg.kind == "human" else f"bot ({cfg.bot or 'default'})"
        earned = sum(r.vp_earned for r in data.objectives if r.actor == seat)
        other = vp - start.get(seat, 0) - earned
        rows.append(
            (
                Cell(str(rank), cls="num"),
                actor_cell(data, seat),
                Cell(by),
                Cell(str(vp), cls="num strong", data=(("key", f"final:{seat}"),)),
                Cell(str(start.get(seat, 0)), cls="num"),
                Cell(f"{earned:+d}", cls="num"),
                Cell(f"{other:+d}", cls="num"),
                *(
                    (
                        Cell(str(data.rules.actors[seat].par), cls="num"),
                        Cell(f"{margins[seat]:+d}", cls="num strong"),
                    )
                    if by_margin
                    else ()
                ),
                Cell("winner" if seat in winners else "", cls="good"),
            )
        )
    heads = ("#", "Actor", "Played by", "Final VP", "Start", "Objectives", "Other")
    table = Table(
        (*heads, *(("Par", "Margin") if by_margin else ()), ""),
        tuple(rows),
    )
    note = Para(
        "Objectives: VP from scored objectives. Other: VP from events, cards, thresholds and "
        "Control's adjustments."
        + (
            " Each actor is judged against its own par: the largest margin (VP less par) wins."
            if by_margin
            else ""
        ),
        "note",
    )
    return Section("result", "Result", (Para(result_text(data), "callout"), table, note))


def _by_turn(data: ReportData, keys: list[tuple[str, Cell]]) -> Table:
    rows = []
    for row in series(data):
        t = str(row["turn"])
        head = Cell("Setup" if t == "0" else f"T{t}", cls="strong", title=str(row["label"]))
        cells = (Cell(str(row[k]), cls="num", data=(("turn", t), ("key", k))) for k, _ in keys)
        rows.append((head, Cell(str(row["date"]), cls="muted"), *cells))
    narrow = "compact series" if len(keys) <= 6 else "compact"  # a few columns: no full width
    return Table(("Turn", "Date", *(h for _, h in keys)), tuple(rows), narrow)


def _charts(data: ReportData, files: dict[str, str]) -> Section:
    vp = [
        (f"vp:{s}", Cell(data.rules.actors[s].short, colour=data.colour(s), title=data.name(s)))
        for s in data.record.seat_ids
    ]
    tracks = [(f"track:{tid}", Cell(t.name)) for tid, t in data.rules.tracks.items()]
    return Section(
        "charts",
        "Scores and tracks",
        (
            Image(files["vp"], "Victory points per actor per turn"),
            Sub("Victory points by turn", meta="at the setup and at the close of each turn"),
            _by_turn(data, vp),
            Image(files["tracks"], "Track values over time"),
            Sub("Tracks by turn", meta="at the setup and at the close of each turn"),
            _by_turn(data, tracks),
        ),
    )


def _boards(data: ReportData, files: dict[str, str]) -> Section:
    blocks: list[Block] = [
        Para(
            "Influence, forces and control of every region as drawn on the game board. A box's "
            "header takes the colour and symbol of the actor that controls the region; the "
            "badge is its stability.",
            "note",
        )
    ]
    snaps = {s.turn: s for s in data.snapshots}
    for key, name in files.items():
        if key.startswith("board:"):
            turn = int(key.split(":")[1])
            blocks.append(
                Image(
                    name,
                    f"The board, {caption(data, snaps[turn])}",
                    controlled(data, snaps[turn].state),
                )
            )
    return Section("board", "The board", tuple(blocks))


def controlled(data: ReportData, state: State) -> str:
    """How many regions each actor controls ('Regions controlled: Russian Federation 4, ...')."""
    count: dict[str, int] = {}
    for rid in data.rules.regions:
        who = state.controller(rid)
        count[who] = count.get(who, 0) + 1
    parts = [
        f"{data.name(a)} {n}"
        for a, n in sorted(count.items(), key=lambda kv: -kv[1])
        if a != "nobody"
    ]
    parts.append(f"uncontrolled {count.get('nobody', 0)}")
    return "Regions controlled: " + ", ".join(parts) + "."


def _objectives(data: ReportData) -> Section:
    blocks: list[Block] = [
        Para(
            "Met at the end: whether the objective held in the final position. Scored: how "
            "often it paid out. Held: whether it held at the close of each turn (● yes, ○ no).",
            "note",
        )
    ]
    if not data.objectives:
        return Section(
            "objectives", "Objectives", (Para("This scenario has no objectives.", "note"),)
        )
    turns_n = len(data.snapshots) - 1
    how = {"each_turn": "every turn", "once": "once", "end": "at the end"}
    for actor in dict.fromkeys(r.actor for r in data.objectives):
        mine = [r for r in data.objectives if r.actor == actor]
        met = sum(r.met_end for r in mine)
        earned = sum(r.vp_earned for r in mine)
        blocks.append(
            Sub(data.name(actor), meta=f"{met} of {len(mine)} met at the end · {earned} VP earned")
        )
        rows = tuple(
            (
                Cell(r.title, cls="strong", sub=r.text),
                Cell(how[r.scoring]),
                Cell(str(r.vp), cls="num"),
                Cell("met" if r.met_end else "not met", cls="good" if r.met_end else "bad"),
                Cell(str(r.times_scored), cls="num"),
                Cell(str(r.vp_earned), cls="num strong"),
                Cell("".join("●" if m else "○" for m in r.met_by_turn[1:]), cls="mono"),
            )
            for r in mine
        )
        heads = (
            "Objective",
            "Scores",
            "VP",
            "At the end",
            "Scored",
            "VP earned",
            f"Held, turns 1–{turns_n}",
        )
        blocks.append(Table(heads, rows, "objectives"))
    return Section("objectives", "Objectives", tuple(blocks))


def _files(files: dict[str, str]) -> Section:
    items = [(files["events"], "every log line: step, turn, date, time, actor, kind, text")]
    items.append(
        (files["turns"], "VP of every seat and every track at the setup and each turn's close")
    )
    items += [(files["vp"], "chart of victory points (PNG)")]
    items += [(files["tracks"], "chart of the tracks (PNG)")]
    for key, name in files.items():
        if key.startswith("board:"):
            turn = int(key.split(":")[1])
            what = "the setup" if turn == 0 else f"turn {turn}"
            items.append((name, f"the board at {what} (PNG, {SIZE[0]}×{SIZE[1] + BAND})"))
    return Section("data", "Data for analysts", (Links(tuple(items)),))
