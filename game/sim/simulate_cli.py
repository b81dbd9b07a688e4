"""``near-abroad simulate``: many games with bots, summarised, for balance studies.

Arguments are checked before a single game is played (a bad count, an output
that could not be written, plots without matplotlib), so a mistake costs a
message, not a batch. The games run in worker processes, or on a Dask cluster.

Importing this module is cheap (argparse only): ``game.cli`` builds its parser
on every start; the handler imports the simulation when it runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.cli_bots import BOT_HELP, bot_choices
from game.cli_rules import (
    DEFAULT_SCENARIO,
    UsageError,
    check_writable,
    play_rules,
    resolve_mods,
    seed_arg,
)
from game.session.record import BOT_KINDS
from game.sim.batch_cli import add_run_arguments, check_run_arguments, run_jobs

MAX_GAMES = 1_000_000
"""The most games one simulate run plays (each becomes a job first)."""


def simulate_command(args: argparse.Namespace) -> int:
    """Run ``near-abroad simulate``: check the arguments, play the games, print the summary
    and write the requested files; returns the exit code."""
    from game.sim import stats
    from game.sim.batch import jobs

    if args.games < 1:
        raise UsageError("--games must be at least 1")
    check_run_arguments(args)
    if not 1 <= args.games <= MAX_GAMES:
        raise UsageError(f"--games must be from 1 to {MAX_GAMES:,} (run more in several batches)")
    import os

    most = max(1, min(args.games, (os.cpu_count() or 1) * 4))
    if args.workers > most:
        print(f"--workers {args.workers}: using {most} (no more than the games, and four a core)",
              file=sys.stderr)  # fmt: skip
        args.workers = most
    if args.out and Path(args.out).suffix.lower() not in (".json", ".csv"):
        raise UsageError(f"--out {args.out}: the file name must end in .json or .csv")
    if args.out:
        check_writable(Path(args.out), "--out", folder=False)
    if args.plot:
        check_writable(Path(args.plot), "--plot", folder=True)
        from game.sim.plots import PlotsUnavailable, require_matplotlib

        try:
            require_matplotlib()
        except PlotsUnavailable as exc:
            raise UsageError(str(exc)) from None
    rules = play_rules(args.scenario, args.mod)
    todo = jobs(
        Path(args.scenario).resolve(),
        args.games,
        args.seed,
        bot_choices(rules, args.bot or [], args.bots),
        args.difficulty,
        tuple(str(Path(m).resolve()) for m in resolve_mods(args.mod)),
    )
    results = run_jobs(todo, args)
    if results is None:
        return 1
    print(stats.summary_text(rules, results))
    if args.out:
        out = Path(args.out)
        text = (
            stats.to_json(rules, results)
            if out.suffix.lower() == ".json"
            else stats.to_csv(rules, results)
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"wrote {out}")
    if args.plot:
        from game.sim.plots import PlotsUnavailable, write_plots

        summary = stats.summarise(rules, results)
        vps = {seat: [r.vp[seat] for r in results] for seat in rules.manifest.seats}
        try:
            for path in write_plots(summary, vps, [r.steps for r in results], Path(args.plot)):
                print(f"wrote {path}")
        except PlotsUnavailable as exc:
            raise UsageError(str(exc)) from None
    return 0


def add_simulate_parser(sub: Any) -> None:
    """Add the ``simulate`` subcommand to ``near-abroad``'s subparsers."""
    sm = sub.add_parser("simulate", help="play many games with bots and summarise the results")
    sm.add_argument("--games", type=int, default=100, help="number of games (default 100)")
    sm.add_argument("--seed", type=seed_arg, default=1, help="seed of the first game (default 1)")
    sm.add_argument("--scenario", default=str(DEFAULT_SCENARIO), help="scenario folder")
    sm.add_argument(
        "--mod",
        action="append",
        metavar="PATH_OR_ID",
        help="simulate with a mod on top (repeatable)",
    )
    sm.add_argument(
        "--bots",
        choices=BOT_KINDS,
        default="heuristic",
        help="the bot for every seat (default heuristic)",
    )
    sm.add_argument(
        "--bot",
        action="append",
        metavar="SEAT=KIND[:DOCTRINE]",
        help="the bot for one seat (repeatable); " + BOT_HELP,
    )
    add_run_arguments(sm)
    sm.add_argument("--out", metavar="FILE", help="write per-game results (.json or .csv)")
    sm.add_argument("--plot", metavar="DIR", help="write PNG charts into DIR")
    sm.add_argument("--quiet", action="store_true", help="no progress bar")
    sm.set_defaults(func=simulate_command)
