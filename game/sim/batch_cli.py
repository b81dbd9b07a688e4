"""What the batch commands (``simulate``, ``experiment``) share on the command line: the
bots' difficulty, local workers or a Dask cluster, and running the jobs with a progress
bar.

Importing this module is cheap (argparse only); the runner imports the batch code when
it runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from game.cli_rules import UsageError

SCHEDULER_SCHEMES = ("tcp://", "tls://", "inproc://")


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """``--difficulty``, ``--workers`` and ``--scheduler``."""
    parser.add_argument("--difficulty", choices=("easy", "normal", "hard"), default="normal")
    parser.add_argument("--workers", type=int, default=1,
                        help="local worker processes (default 1)")  # fmt: skip
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run on a Dask distributed cluster instead of locally",
    )


def check_run_arguments(args: argparse.Namespace) -> None:
    """Refuse a worker count below 1 or a scheduler that is no address (a UsageError)."""
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.scheduler and not args.scheduler.startswith(SCHEDULER_SCHEMES):
        raise UsageError(f"--scheduler {args.scheduler}: give an address like tcp://HOST:PORT")


def run_jobs(todo: list[Any], args: argparse.Namespace) -> list[Any] | None:
    """Play the jobs locally or on the cluster, with a progress bar unless ``--quiet``; None
    if the cluster is out of reach (the message is printed), a UsageError without Dask."""
    from game.sim.batch import run_dask, run_local

    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="game", file=sys.stderr, leave=False)
    try:
        if args.scheduler:
            try:
                return run_dask(todo, args.scheduler, bar.update if bar else None)
            except ImportError:
                raise UsageError(
                    "--scheduler needs Dask: pip install 'near-abroad[cluster]'"
                ) from None
            except OSError as exc:
                print(
                    f"near-abroad: cannot reach the scheduler {args.scheduler}: {exc}",
                    file=sys.stderr,
                )
                return None
        return run_local(todo, args.workers, bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
