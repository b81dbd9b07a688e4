"""A networked game as files: the save and the session log, as the hotseat game writes them.

Control exports a game to study it with the tools that read saves and session
logs (``replay``, ``play --load``, ``report``). The save is the game's record; the
session log is rebuilt from it (every step with its log lines and digest), with
the teams' private messages to Control and the seat hand-overs added as lines of
their own, which the tools that rebuild a game skip.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.net import protocol as p
from game.session.journal import Journal
from game.session.record import to_data
from game.session.replay import replay_states
from game.session.session import Session

if TYPE_CHECKING:
    from game.net.server import Server


class _Lines(Journal):
    """A session log kept in memory."""

    def __init__(self) -> None:
        self.path = Path("/nonexistent/near-abroad-in-memory.jsonl")
        self.lines: list[dict[str, Any]] = []

    def append_many(self, entries: list[dict[str, Any]]) -> None:
        self.lines.extend(entries)


def journal_lines(server: Server, gid: str) -> list[dict[str, Any]]:
    """The game's session log, line by line, as JSON objects."""
    room = server.rooms[gid]
    record = server.record(gid)
    states = replay_states(record, room.rules, f"game {gid}", check_digests=False, every_state=True)
    session = Session.from_states(room.rules, record, states)
    lines = _Lines()
    session.attach_journal(lines)
    for at, kind, data in server.store.events(gid):
        if kind in ("message", "seat"):
            lines.append({"kind": kind, "at": at, **data})
    return lines.lines


def export_message(server: Server, gid: str, ref: int) -> p.Exported:
    record = server.record(gid)
    return p.Exported(type="exported", v=p.PROTOCOL_VERSION, game=gid, ref=ref,
                      save=to_data(record), journal=tuple(journal_lines(server, gid)))  # fmt: skip
