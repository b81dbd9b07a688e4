"""The report's account of play: Control's interventions, the arguments, the game week by
week, the notes, and the hotwash questions.

Split from content.py by meaning: these sections tell what happened and why,
where content.py shows where the game stood.
"""

from __future__ import annotations

import datetime

from game.report import hotwash
from game.report.data import ReportData
from game.report.doc import Block, Bullets, Cell, Details, Para, Section, Sub, Table
from game.report.facts import Override
from game.report.timeline import TurnSummary, turns


def when(iso: str) -> str:
    """An ISO timestamp as a person reads it ('2020-10-04 14:05 UTC'); unknown stays as is."""
    try:
        t = datetime.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = " UTC" if t.utcoffset() == datetime.timedelta(0) else ""
    return t.strftime("%Y-%m-%d %H:%M") + zone


def actor_cell(data: ReportData, actor: str, sub: str = "") -> Cell:
    colour = data.colour(actor) if actor in data.rules.actors else ""
    return Cell(data.name(actor), colour=colour, sub=sub)


def overrides_section(data: ReportData) -> Section:
    if not data.overrides:
        text = (
            "Control made no interventions."
            if data.record.control
            else "This game was played without a Control cell."
        )
        return Section("control", "Control interventions", (Para(text, "note"),))
    rows = tuple(
        (
            Cell(str(o.turn), cls="num"),
            Cell(when(o.at) or "—", cls="muted nowrap", sub=f"step {o.step}"),
            Cell(_what(o), sub=" · ".join(o.lines[1:])),
            Cell(o.reason, cls="strong"),
        )
        for o in data.overrides
    )
    return Section(
        "control",
        "Control interventions",
        (
            Para(
                f"{len(data.overrides)} intervention(s), each with the reason Control gave; "
                "under each, what followed in the log.",
                "note",
            ),
            Table(("Turn", "Time", "Intervention", "Reason"), rows, "overrides"),
        ),
    )


def _what(o: Override) -> str:
    """What an intervention did, without the reason the log line repeats."""
    return (o.lines[0] if o.lines else o.action).removesuffix(f" (reason: {o.reason})")


def arguments_section(data: ReportData) -> Section | None:
    if not data.arguments:
        if not data.rules.manifest.matrix.enabled:
            return None
        return Section("arguments", "Matrix arguments", (Para("No arguments were made.", "note"),))
    rows = []
    for a in data.arguments:
        good = a.result in ("succeeded", "approved")
        case = a.words or "(no words recorded)"
        rows.append(
            (
                Cell(str(a.turn), cls="num"),
                actor_cell(data, a.seat, sub=when(a.at)),
                Cell(a.title, cls="strong", sub=a.meaning),
                Cell(case, sub=f"Reasons: {a.reasons}" if a.reasons else ""),
                Cell(a.ruling or "—"),
                Cell(f"{a.need}+" if a.need is not None else "—", cls="num"),
                Cell(str(a.roll) if a.roll is not None else "—", cls="num"),
                Cell(a.result, cls="good" if good else "bad"),
            )
        )
    n_ok = sum(a.result in ("succeeded", "approved") for a in data.arguments)
    return Section(
        "arguments",
        "Matrix arguments",
        (
            Para(
                f"{len(data.arguments)} argument(s), {n_ok} established as fact. Needed: the "
                "2d6 total the argument had to reach.",
                "note",
            ),
            Table(
                (
                    "Turn",
                    "Actor",
                    "Outcome argued",
                    "The case",
                    "Ruling",
                    "Needed",
                    "Roll",
                    "Result",
                ),
                tuple(rows),
                "arguments",
            ),
        ),
    )


def timeline_section(data: ReportData) -> Section:
    blocks: list[Block] = []
    for t in turns(data):
        blocks += _turn(data, t)
    return Section("timeline", "Timeline", tuple(blocks))


def _turn(data: ReportData, t: TurnSummary) -> list[Block]:
    title = f"Turn {t.turn} — {t.label}" + ("" if t.complete else " (in progress)")
    out: list[Block] = [Sub(title, id=f"turn-{t.turn}", meta=t.date)]
    if t.injects:
        out.append(Bullets(t.injects, title="Injects"))
    results = {a.step: a.result for a in t.arguments}
    rows = []
    for p in t.plays:
        if p.kind == "play":
            what, how = p.title, {"event": "event", "ops": "operations"}.get(p.mode, "—")
        elif p.kind == "argue":
            what, how = f"Argument: “{p.title}”", results.get(p.step, "—")
        else:
            what, how = "passes", "—"
        rows.append(
            (
                Cell(str(p.round), cls="num muted"),
                actor_cell(data, p.seat),
                Cell(what, cls="strong", sub=p.rules if p.mode == "event" else ""),
                Cell(how),
                Cell(", ".join(p.targets) or "—", cls="muted"),
            )
        )
    if rows:
        heads = ("Round", "Actor", "Card", "Played for", "Operations")
        out.append(Table(heads, tuple(rows), "compact plays"))
    control = [(o.lines[0] if o.lines else o.action) for o in t.overrides]
    if control:
        out.append(Bullets(tuple(control), title="Control"))
    if t.scores:
        out.append(Bullets(t.scores, title="Scoring"))
    if t.changes:
        kv = tuple((Cell(g, cls="strong"), Cell(" · ".join(items))) for g, items in t.changes)
        out.append(Table(("", ""), kv, "kv", title="Net change over the turn"))
    log = tuple(
        (Cell(str(e.step), cls="num muted"), Cell(e.kind, cls="muted"), Cell(e.text))
        for e in t.entries
    )
    out.append(
        Details(
            f"Full log of turn {t.turn} ({len(log)} lines)",
            (Table(("Step", "Kind", "Entry"), log, "compact log"),),
        )
    )
    return out


def notes_section(data: ReportData) -> Section:
    blocks: list[Block] = []
    if data.annotations:
        rows = tuple(
            (
                Cell(str(data.states[min(n.step, len(data.states) - 1)].turn), cls="num"),
                Cell(n.author, sub=when(n.at)),
                Cell(n.tag or "—", cls="strong"),
                Cell(n.text, sub=f"step {n.step}"),
            )
            for n in data.annotations
        )
        blocks.append(Table(("Turn", "Author", "Tag", "Note"), rows))
    elif data.is_control:
        blocks.append(Para("No notes or tags were recorded.", "note"))
    else:
        blocks.append(
            Para("Control's and analysts' notes and tags are in Control's report.", "note")
        )
    if data.is_control and data.session.path:
        s = data.session
        items = [f"Session log: {s.path} ({s.lines} lines)"]
        items += [
            f"{when(u.at)}: {u.count} step(s) taken back" + (f" by {u.by}" if u.by else "")
            for u in s.undos
        ]
        items += [f"{when(r)}: the session was resumed" for r in s.resumes]
        blocks.append(Bullets(tuple(items), title="At the table"))
    if data.is_control:
        hands = tuple(
            f"{data.name(seat)}: " + (", ".join(_card(data, c) for c in cards) or "no cards")
            for seat, cards in data.final_view.hands.items()
        )
        blocks.append(Bullets(hands, title="Hands at the end"))
    else:
        own = ", ".join(_card(data, c) for c in data.final_view.hand) or "no cards"
        blocks.append(Bullets((own,), title="Your hand at the end"))
    return Section("notes", "Notes, tags and hands", tuple(blocks))


def _card(data: ReportData, cid: str) -> str:
    card = data.rules.cards.get(cid)
    return card.title if card is not None else cid


def hotwash_section(data: ReportData) -> Section:
    mine = hotwash.questions(data)
    blocks: list[Block] = [
        Para(
            "For the debrief: start with the standing questions, then take this game's own. "
            "Let each team answer before Control comments.",
            "note",
        ),
        Bullets(hotwash.STANDING, ordered=True, title="For every seminar"),
    ]
    if mine:
        blocks.append(Bullets(tuple(mine), ordered=True, title="From this game"))
    return Section("hotwash", "Hotwash questions", tuple(blocks))
