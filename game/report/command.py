"""The arguments of ``near-abroad report``, kept apart so the CLI registers them cheaply.

Building the parser imports only argparse; the report machinery (engine,
replay, matplotlib, pygame) loads when the command actually runs.
"""

from __future__ import annotations

import argparse


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the report command's arguments to ``parser`` and set its ``func``."""
    parser.add_argument("session", help="a saved game (.json) or a session log (.jsonl)")
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write the report into"
    )
    parser.add_argument("--seat", help="write this team's report (default: Control's full report)")
    parser.add_argument(
        "--turns", metavar="N,N,...", help="draw the board at the close of these turns (0: setup)"
    )
    parser.add_argument("--scenario", help="scenario folder (default: found by the save's id)")
    parser.add_argument(
        "--mod",
        action="append",
        metavar="PATH_OR_ID",
        help="a mod the game was played with (repeatable; default: the mods the save names)",
    )
    parser.add_argument("--journal", metavar="FILE", help="the session log (.jsonl) of a save")
    parser.add_argument("--force", action="store_true", help="report even if the rules changed")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command (imports the report machinery only now)."""
    from game.report.write import report_command

    return report_command(args)
