"""The after-action report: what a recorded session shows, for the debrief and for analysts.

A report is built from the record alone (replayed, so every number is the
engine's own) plus, optionally, the session log for times, undos and notes.
It is written for one viewer: Control sees everything; a team's report holds
only what that team's view held during the game, so it can be handed out at
the hotwash without leaking another team's cards or private injects.

Entry points: :func:`game.report.write.write_report` and
:func:`game.report.write.report_command` (``near-abroad report``).
"""

from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be made; the message says why and what to do (no traceback)."""


__all__ = ["ReportError"]
