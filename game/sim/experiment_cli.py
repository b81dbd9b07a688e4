"""``near-abroad experiment``: the thesis experiment as one command anyone can rerun.

It plays the same seeds once per doctrine of one actor, every other seat fixed,
and reports what changes (see :mod:`game.sim.experiment` for why the games are
paired). Arguments are checked against the scenario before a single game is
played, so a misspelt seat, doctrine or bot, or an output that could not be
written, costs a message (exit 2), not an hour of simulation.

Importing this module is cheap (argparse only): ``game.cli`` builds its parser
on every start.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

from game.cli_bots import BOT_HELP
from game.cli_rules import DEFAULT_SCENARIO, UsageError, seed_arg
from game.session.record import BOT_KINDS
from game.sim.batch_cli import add_run_arguments, check_run_arguments, run_jobs


def add_experiment_parser(sub: Any) -> None:
    """Add the ``experiment`` subcommand to ``near-abroad``'s subparsers."""
    ex = sub.add_parser(
        "experiment",
        help="play the same seeds with each doctrine of one actor and compare them with history",
        description=(
            "Paired games: every doctrine of ACTOR plays the same seeds while every other seat "
            "keeps the same bot; reports each doctrine's results, its distance from the "
            "historical record and the paired differences between doctrines (95% intervals)."
        ),
    )
    ex.add_argument("--actor", required=True, help="the seat whose doctrine changes")
    ex.add_argument(
        "--doctrines",
        metavar="A,B,...",
        help="the doctrines to compare, in this order (default: every named doctrine of the "
        "actor in the scenario; the built-ins 'scenario' and 'vp_only' may be added)",
    )
    ex.add_argument("--games", type=int, default=200, help="games per doctrine (default 200)")
    ex.add_argument(
        "--seed", type=seed_arg, default=9000, help="seed of the first game (default 9000)"
    )
    ex.add_argument("--scenario", default=str(DEFAULT_SCENARIO), help="scenario folder")
    ex.add_argument(
        "--mod", action="append", metavar="PATH_OR_ID", help="play with a mod on top (repeatable)"
    )
    ex.add_argument(
        "--kind",
        default="heuristic",
        help="the bot kind of ACTOR's seat, which plays KIND:DOCTRINE (heuristic or ismcts; "
        "default heuristic)",
    )
    ex.add_argument(
        "--bots",
        choices=BOT_KINDS,
        default="heuristic",
        help="the bot of every other seat, with its actor's own doctrine (default heuristic)",
    )
    ex.add_argument(
        "--bot",
        action="append",
        metavar="SEAT=KIND[:DOCTRINE]",
        help="the bot of one other seat (repeatable); " + BOT_HELP,
    )
    add_run_arguments(ex)
    ex.add_argument(
        "--out",
        metavar="DIR",
        help="write experiment.json, games.csv, summary.csv, paired.csv, charts and index.html",
    )
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.set_defaults(func=experiment_command)


def design_from_args(args: argparse.Namespace, rules: Any) -> Any:
    """The experiment's :class:`Design` from the command line; every mistake is a UsageError."""
    from game.ai.doctrine import check_doctrine_name
    from game.ai.registry import KINDS, check_bot
    from game.cli_bots import bot_choices
    from game.cli_rules import resolve_mods
    from game.ruleset.diagnostics import did_you_mean
    from game.sim.experiment import MIN_GAMES, Design

    if args.games < MIN_GAMES:
        raise UsageError(
            f"--games must be at least {MIN_GAMES}: an interval needs two games per doctrine"
        )
    check_run_arguments(args)
    seats = list(rules.manifest.seats)
    actor = args.actor
    if actor not in seats:
        hint = did_you_mean(actor, seats) or f"seats are: {', '.join(seats)}"
        raise UsageError(f"--actor {actor}: '{actor}' is not a seat of {rules.id}; {hint}")
    kind = args.kind
    if kind == "random":
        raise UsageError(
            "--kind random: a random bot plays no doctrine, so its doctrines could not differ; "
            "use heuristic or ismcts"
        )
    if ":" in kind:
        raise UsageError(f"--kind {kind}: give the kind alone; --doctrines names the doctrines")
    if kind not in KINDS:
        hint = did_you_mean(kind, KINDS) or f"kinds are: {', '.join(KINDS[1:])}"
        raise UsageError(f"--kind {kind}: '{kind}' is not a kind of bot; {hint}")
    doctrines = _doctrines(args.doctrines, rules, actor)
    for d in doctrines:
        try:
            check_doctrine_name(rules, actor, d)
            check_bot(f"{kind}:{d}", actor, rules)
        except ValueError as exc:
            raise UsageError(f"--doctrines {args.doctrines or d}: {exc}") from None
    for item in args.bot or []:
        if item.partition("=")[0] == actor:
            raise UsageError(
                f"--bot {item}: {actor} is the seat under study; it plays {kind}:DOCTRINE for "
                "each doctrine (choose them with --kind and --doctrines)"
            )
    fixed = bot_choices(rules, args.bot or [], args.bots, default=args.bots)
    others = {s: fixed[s] for s in seats if s != actor}
    return Design(
        scenario=str(Path(args.scenario).resolve()),
        actor=actor,
        doctrines=doctrines,
        games=args.games,
        seed=args.seed,
        kind=kind,
        others=others,
        difficulty=args.difficulty,
        mods=tuple(str(Path(m).resolve()) for m in resolve_mods(args.mod)),
    )


def _doctrines(given: str | None, rules: Any, actor: str) -> tuple[str, ...]:
    if given is None:
        named = tuple(rules.actors[actor].doctrines)
        if len(named) < 2:
            raise UsageError(
                f"{actor} has {len(named) or 'no'} named doctrine{'s' if len(named) != 1 else ''}"
                f" in {rules.id}; compare with the built-ins, e.g. --doctrines "
                + ",".join((*named, "scenario", "vp_only"))
            )
        return named
    names = tuple(n.strip() for n in given.split(",") if n.strip())
    if len(names) < 2:
        raise UsageError(
            f"--doctrines {given}: name at least two doctrines to compare "
            "(one doctrine alone: near-abroad simulate --bot SEAT=KIND:DOCTRINE)"
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"--doctrines {given}: {', '.join(twice)} named twice")
    return names


def _prepare_out(out: str | None) -> Path | None:
    """The output folder, made now (before any game is played), with matplotlib checked."""
    if out is None:
        return None
    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError("--out needs matplotlib for its charts: pip install 'near-abroad[plots]'")
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    return path


def experiment_command(args: argparse.Namespace) -> int:
    """Run the experiment, print the summary, write the files; 0, 1 (cluster) or UsageError."""
    from game.cli_rules import load_rules
    from game.sim.experiment import analyse, split

    rules = load_rules(args.scenario, args.mod)
    design = design_from_args(args, rules)
    out = _prepare_out(args.out)
    results = run_jobs(design.jobs(), args)
    if results is None:
        return 1
    by = split(design, results)
    analysis = analyse(rules, design, by)
    from game.sim.experiment_report import summary_text

    print(summary_text(rules, design, analysis))
    if out is not None:
        from game.sim.experiment_html import write_all

        arguments = {k: v for k, v in vars(args).items() if k != "func"}
        for path in write_all(rules, design, by, analysis, arguments, out):
            print(f"wrote {path}")
    return 0
