"""The `near-abroad` command line: validate rules, write schemas, play, replay, simulate.

Every bad argument or input ends in a clear message and an exit code, never a
traceback: 0 success, 1 the input has errors, 2 the command was used wrongly.

Each command imports what it needs inside its handler: `near-abroad --help`,
`rules check` or a usage error should not pay for the engine, the bots, pygame
or matplotlib. These are the only deliberate function-level imports of the
package besides those that break an import cycle (each says so).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.cli_bots import BOT_HELP, bot_choices
from game.cli_rules import (
    DEFAULT_SCENARIO,
    UsageError,
    add_parsers,
    play_rules,
    seed_arg,
)
from game.cli_translate import language_arg
from game.session.record import BOT_KINDS
from game.session.settings import SCALES

if TYPE_CHECKING:
    from game.session.record import Record


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        if "expected one argument" in message:  # e.g. an old join token that starts with '-'
            message += " (a value that starts with '-' is written --option=VALUE)"
        raise UsageError(f"{self.prog}: {message}\n(see '{self.prog} --help')")


def _resume_source(autosave: Path, kept: list[Path]) -> str:
    """What --resume plays on: the autosave, or else the newest game a new game set aside;
    the other kept games are listed, each playable with --load."""
    source = autosave if autosave.is_file() else (kept[0] if kept else autosave)
    if source != autosave:
        print(f"no autosave; playing on the newest kept game, {source}", file=sys.stderr)
    others = [p for p in kept if p != source][:5]
    if others:
        listed = "\n".join(f"  {p}" for p in others)
        print(f"games kept earlier (play one with --load FILE):\n{listed}", file=sys.stderr)
    return str(source)


def _play(args: argparse.Namespace) -> int:
    from game.ai.registry import make_bot
    from game.session import storage
    from game.session.paths import autosave_path
    from game.session.record import SeatConfig
    from game.session.replay import resume
    from game.session.session import Session
    from game.terminal import TerminalGame

    if args.language is not None:
        from game.cli_translate import keep_language

        keep_language(args.language)
    if not args.text:
        return _play_board(args)
    rules = play_rules(args.scenario, args.mod)
    autosave = autosave_path()
    source = args.load or (str(autosave) if args.resume else None)
    if args.resume and not args.load:
        source = _resume_source(autosave, storage.kept_autosaves(autosave))
    if source:
        try:
            record = storage.load(source)
            session = resume(record, rules, source, force=args.force, clock=_now)
        except storage.SaveError as exc:
            print(exc, file=sys.stderr)
            return 1
        kinds = {s.seat: s.bot or "random" for s in record.seats if s.kind == "bot"}
    else:
        everyone = None if args.bots is None else ("heuristic" if args.bots == "all" else args.bots)
        kinds = bot_choices(rules, args.bot or [], everyone, humans=True)
        args.seed = _seed(args.seed)
        seats = tuple(
            SeatConfig(s, "bot", kinds[s], {"difficulty": args.difficulty})
            if s in kinds
            else SeatConfig(s)
            for s in rules.manifest.seats
        )
        session = Session(rules, seats, seed=args.seed, clock=_now, control=args.control)
        try:
            kept = storage.set_aside(autosave, _stamp())
        except OSError as exc:
            print(f"cannot keep the autosaved game {autosave} aside ({exc.strerror or exc}); "
                  "nothing was started", file=sys.stderr)  # fmt: skip
            return 1
        if kept is not None:
            print(f"the game autosaved before was kept as {kept} (play on with --load {kept})",
                  file=sys.stderr)  # fmt: skip
    if session.record.control:
        from game.session.journal import Journal, existing_log
        from game.session.paths import data_dir

        stamp = _now().replace(":", "").replace("+0000", "Z")
        log_path = data_dir() / "sessions" / f"{rules.id}-{stamp}.jsonl"
        if source:  # a resumed game goes on in its own log
            log_path = existing_log(data_dir() / "sessions", session.record) or log_path
        session.attach_journal(Journal(log_path))
        print(f"session log: {log_path}", file=sys.stderr)
    bots = {
        seat: make_bot(kind, seat, rules, args.difficulty, session.record.seed * 31 + i)
        for i, (seat, kind) in enumerate(kinds.items())
    }
    game = TerminalGame(
        session,
        bots,
        sys.stdin,
        sys.stdout,
        autosave,
        handoff=not args.no_handoff,
        resumed=bool(source),
    )
    return game.run()


def _play_board(args: argparse.Namespace) -> int:
    """The board window; without a display it says so and suggests the terminal game."""
    if not has_display():
        print(
            "near-abroad: no display found (DISPLAY is not set); playing in the terminal "
            "instead. Use 'near-abroad play --text' to choose this directly.",
            file=sys.stderr,
        )
        args.text = True
        return _play(args)
    from game.ui.launch import run

    rules = play_rules(args.scenario, args.mod)
    everyone = None if args.bots is None else ("heuristic" if args.bots == "all" else args.bots)
    chosen = bot_choices(rules, args.bot or [], everyone, humans=True)
    bots = [f"{seat}={spec}" for seat, spec in chosen.items()]
    return run(
        scenario=args.scenario,
        seed=_seed(args.seed),
        bots=bots,
        load=args.load,
        resume=args.resume,
        control=args.control,
        mods=tuple(args.mod or ()),
        scale=args.scale,
    )


def has_display() -> bool:
    """Can a window open? On Linux without DISPLAY or WAYLAND_DISPLAY (and no other SDL
    video driver asked for), no: the shells fall back to the terminal."""
    import os

    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return True
    return os.environ.get("SDL_VIDEODRIVER") not in (None, "", "x11", "wayland")


def _seed(given: int | None) -> int:
    """The seed of a new game: the one given, or a fresh random one, said aloud so the same
    deal can be played again (the save records it too)."""
    if given is not None:
        return given
    import secrets

    seed = secrets.randbelow(1_000_000)
    print(f"seed {seed} (play the same deal again with --seed {seed})", file=sys.stderr)
    return seed


def _stamp() -> str:
    """Now as a file name's part: 20261202-054512."""
    return _now().replace("-", "").replace(":", "").replace("T", "-")[:15]


def _now() -> str:
    import datetime

    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _read_game(path: str) -> Record:
    """A save, or a session log (.jsonl) rebuilt into a record whose checkpoints are the
    digests on its lines (a replay checks the game against each). Raises SaveError, or
    ValueError (a JournalError) naming the line."""
    from game.session import storage
    from game.session.journal import reconstruct

    if path.endswith(".jsonl"):
        if not Path(path).is_file():
            raise ValueError(f"{path}: no such session log (or not a regular file)")
        return reconstruct(path)
    return storage.load(path)


def _replay(args: argparse.Namespace) -> int:
    from game.engine import CONTROL
    from game.session import storage
    from game.session.replay import replay_states

    try:
        record = _read_game(args.file)
    except (storage.SaveError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    scenario = args.scenario or str(DEFAULT_SCENARIO.parent / record.ruleset_id)
    if not Path(scenario).is_dir():
        raise UsageError(
            f"the save is a game of '{record.ruleset_id}', and no scenario folder "
            f"'{scenario}' exists; give it with --scenario PATH"
        )
    rules = play_rules(scenario, args.mod)
    try:
        from game.session.replay import check_ruleset as check_save

        if not args.force:
            check_save(record, rules, args.file)
        states = replay_states(record, rules, args.file, check_digests=not args.force)
    except storage.SaveError as exc:
        print(exc, file=sys.stderr)
        return 1
    final = states[-1]
    if args.seat is not None and args.seat not in record.seat_ids:
        from game.ruleset.diagnostics import did_you_mean

        hint = did_you_mean(args.seat, record.seat_ids) or f"seats: {', '.join(record.seat_ids)}"
        raise UsageError(f"--seat {args.seat}: not a seat of this game; {hint}")
    view = final.view_for(args.seat or CONTROL)
    print(
        f"{rules.manifest.title}: seed {record.seed}, {len(record.steps)} steps, seats "
        f"{', '.join(record.seat_ids)}"
    )
    for entry in view.log:
        print(f"[{entry.step:>4}] t{entry.turn} {entry.text}")
    if final.result is not None:
        print(
            f"result: {final.result.kind}; winners: {', '.join(final.result.winners) or 'none'}"
            f"; VP: " + ", ".join(f"{k} {v}" for k, v in final.scores().items())
        )
    else:
        print(
            f"the game is in progress (turn {final.turn}); continue it with "
            f"'near-abroad play --load {args.file}'"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="near-abroad", description="Near Abroad: a policy strategy board game.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    add_parsers(sub)
    from game.cli_translate import add_parser as add_translate

    add_translate(sub)
    from game.report.command import add_report_arguments  # argparse only: cheap to import

    add_report_arguments(
        sub.add_parser("report", help="write the after-action report of a saved game or log")
    )

    pl = sub.add_parser("play", help="play a game (hotseat)")
    pl.add_argument("--text", action="store_true", help="play in the terminal")
    pl.add_argument("--scenario", default=str(DEFAULT_SCENARIO), help="scenario folder")
    pl.add_argument(
        "--mod", action="append", metavar="PATH_OR_ID", help="play with a mod on top (repeatable)"
    )
    pl.add_argument(
        "--seed", type=seed_arg, help="random seed (default: a new one, printed and saved)"
    )
    pl.add_argument(
        "--bot",
        action="append",
        metavar="SEAT[=KIND[:DOCTRINE]]",
        help="a bot plays this seat (repeatable); "
        + BOT_HELP
        + "; KIND defaults to heuristic; SEAT=human keeps the seat for a person",
    )
    pl.add_argument(
        "--bots",
        choices=("all", *BOT_KINDS),
        help="bots play every seat: 'all' (heuristic bots) or a kind",
    )
    pl.add_argument(
        "--difficulty",
        choices=("easy", "normal", "hard"),
        default="normal",
        help="the bots' budget (default normal)",
    )
    pl.add_argument(
        "--scale",
        type=float,
        choices=SCALES,
        help="UI scale of the board for a HiDPI screen (kept for later launches): "
        + ", ".join(str(x) for x in SCALES),
    )
    pl.add_argument(
        "--language",
        type=language_arg,
        metavar="CODE",
        help="the language of the game's words, such as ru (kept for later launches; '' "
        "follows the system's; English fills every gap)",
    )
    pl.add_argument("--resume", action="store_true", help="continue the autosaved game")
    pl.add_argument("--load", metavar="FILE", help="continue a saved game")
    pl.add_argument(
        "--force",
        action="store_true",
        help="load a save even if the rules changed since it was made",
    )
    pl.add_argument(
        "--control",
        action="store_true",
        help="seminar play: add a Control cell (type 'control' at any prompt)",
    )
    pl.add_argument(
        "--no-handoff", action="store_true", help="no hand-off prompt between human seats"
    )
    pl.set_defaults(func=_play)

    r = sub.add_parser("replay", help="print the log of a saved game or a session log")
    r.add_argument("file", help="the save file, or a session log (.jsonl)")
    r.add_argument("--scenario", help="scenario folder (default: found by the save's id)")
    r.add_argument(
        "--mod",
        action="append",
        metavar="PATH_OR_ID",
        help="a mod the game was played with (repeatable)",
    )
    r.add_argument("--seat", help="show only what this seat saw (default: everything)")
    r.add_argument("--force", action="store_true", help="replay even if the rules changed")
    r.set_defaults(func=_replay)

    from game.sim.simulate_cli import add_simulate_parser  # argparse only: cheap to import

    add_simulate_parser(sub)
    from game.sim.experiment_cli import add_experiment_parser  # argparse only: cheap to import

    add_experiment_parser(sub)
    from game.net.commands import add_net_parsers  # argparse only: cheap to import

    add_net_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"near-abroad: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except RuntimeError as exc:  # the engine's RulesLoop, also from a worker process
        if type(exc).__name__ != "RulesLoop":
            raise
        print(f"near-abroad: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `near-abroad simulate | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a file or folder the command needed: say which, never a traceback
        from game.session.paths import data_dir

        where = exc.filename or ""
        home = data_dir()
        hint = (
            f" (the game keeps its files in {home}: make it a folder you can write, or set "
            "NEAR_ABROAD_HOME to one)"
            if str(where).startswith(str(home))
            else ""
        )
        print(f"near-abroad: cannot use {where or 'a file'}: {exc.strerror or exc}{hint}",
              file=sys.stderr)  # fmt: skip
        return 1
