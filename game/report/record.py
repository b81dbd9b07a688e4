"""The after-action report's look at the historical record: this game against history.

A seminar on a historical crisis ends with the question "how close did we come
to what really happened, and where did we part from it?". The scenario's
indicators answer it from the final position, one fact at a time; they are
public facts of the board (flags, tracks, control, forces), so every team's
copy shows them.
"""

from __future__ import annotations

from game.engine.indicators import read_indicators, readings
from game.report.data import ReportData
from game.report.doc import Cell, Para, Section, Table


def record_section(data: ReportData) -> Section | None:
    """The indicators of the final position beside their historical values (None without
    indicators or before the game has ended)."""
    rules = data.rules
    if not rules.indicators or data.final.result is None:
        return None
    got = readings(rules, read_indicators(data.final))
    rows = []
    for r in got:
        ind = rules.indicators[r.id]
        rows.append(
            (
                Cell(ind.title, cls="strong", sub=ind.text),
                Cell(_shown(r.historical)),
                Cell(_shown(r.value)),
                Cell(
                    "as in history" if r.matches else "differs", cls="good" if r.matches else "bad"
                ),
            )
        )
    same = sum(r.matches for r in got)
    distance = sum(r.distance for r in got) / len(got)
    lead = Para(
        f"{same} of {len(got)} facts of the record came out as in history; distance from "
        f"history {distance:.2f} (0: every one as in history, 1: none).",
        "callout",
    )
    note = Para(
        "Indicators never score. They compare the end of this game with the end of the real "
        "crisis, so the debrief can ask where and why the table parted from history.",
        "note",
    )
    table = Table(("Fact of the record", "In history", "In this game", ""), tuple(rows))
    return Section("record", "Against the historical record", (lead, table, note))


def _shown(v: bool | int | float) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    return f"{v:g}"
