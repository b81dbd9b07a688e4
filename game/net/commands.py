"""The network commands: serve, create, join, export.

Each is a thin shell over the server (game.net.server) or a client connection
(game.net.client): arguments are checked before anything connects, and every
failure (no server there, a bad token, a refused game) ends with one line
saying what happened and what to do, and exit code 1 (2 for bad arguments).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from game.cli_rules import check_writable, seed_arg

DEFAULT_URL = "ws://127.0.0.1:8765"


class _Fail(Exception):
    """A command that cannot go on: the message is printed, the exit code is 1."""


def add_net_parsers(sub: Any) -> None:
    s = sub.add_parser("serve", help="run a game server (games over websockets, kept in SQLite)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    s.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    s.add_argument("--db", default="near-abroad-server.db", help="the SQLite file of the games")
    s.add_argument("--scenarios", metavar="DIR", action="append",
                   help="a folder of scenario folders to offer (repeatable)")  # fmt: skip
    s.add_argument(
        "--max-games",
        type=int,
        default=10_000,
        metavar="N",
        help="games the server keeps at most; create is refused beyond (10000)",
    )
    s.add_argument(
        "--creates-per-hour",
        type=int,
        default=600,
        metavar="N",
        help="games one client address may create in an hour (600)",
    )
    s.add_argument("--origin", action="append",
                   help="a browser origin allowed to connect (repeatable; clients that send "
                   "no Origin are always allowed)")  # fmt: skip
    s.set_defaults(func=_serve)

    c = sub.add_parser("create", help="create a game on a server and print its tokens")
    c.add_argument(
        "url", nargs="?", default=DEFAULT_URL, help=f"the server (default {DEFAULT_URL})"
    )
    c.add_argument("--scenario", default="caucasus-2020", help="a scenario id the server has")
    c.add_argument("--mod", action="append", default=[], metavar="ID", help="a mod id (repeatable)")
    c.add_argument("--seed", type=seed_arg, help="the seed (default: the server picks one)")
    c.add_argument("--control", action="store_true", help="a seminar game with a Control cell")
    c.add_argument("--seat", action="append", default=[], metavar="SEAT=human|KIND[:DOCTRINE]",
                   help="who plays a seat (repeatable; default human); bots run there")  # fmt: skip
    c.add_argument("--json", action="store_true", help="print the answer as JSON")
    c.set_defaults(func=_create)

    j = sub.add_parser("join", help="join a game on a server: the board, the terminal or a bot")
    j.add_argument(
        "url", nargs="?", default=DEFAULT_URL, help=f"the server (default {DEFAULT_URL})"
    )
    j.add_argument("--game", required=True, help="the game id (from 'create')")
    j.add_argument("--token", required=True, help="your seat's, Control's or the observer token")
    how = j.add_mutually_exclusive_group()
    how.add_argument("--text", action="store_true", help="play in the terminal")
    how.add_argument("--bot", metavar="KIND[:DOCTRINE]", help="a bot plays the seat")
    j.add_argument("--difficulty", choices=("easy", "normal", "hard"), default="normal")
    j.add_argument("--scenarios", metavar="DIR", action="append",
                   help="a folder of scenario folders, as the server has with serve "
                   "--scenarios (repeatable)")  # fmt: skip
    j.set_defaults(func=_join)

    e = sub.add_parser("export", help="save a networked game for replay, play --load and report")
    e.add_argument(
        "url", nargs="?", default=DEFAULT_URL, help=f"the server (default {DEFAULT_URL})"
    )
    e.add_argument("--game", required=True)
    e.add_argument("--token", required=True, help="the game's Control token")
    e.add_argument("--out", required=True, metavar="FILE", help="the save to write (.json)")
    e.add_argument("--log", metavar="FILE", help="also write the session log (.jsonl)")
    e.set_defaults(func=_export)


def _run(func: Any, args: argparse.Namespace) -> int:
    try:
        return int(func(args))
    except _Fail as e:
        print(f"near-abroad {args.command}: {e}", file=sys.stderr)
        return 1


# -- serve --------------------------------------------------------------------------------------
def _serve(args: argparse.Namespace) -> int:
    return _run(_serve_now, args)


def _serve_now(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from game.net.server import Server
    from game.net.store import Store, StoreError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not 0 < args.port < 65536:
        raise _Fail(f"--port {args.port}: give a port from 1 to 65535")
    if args.max_games < 1 or args.creates_per_hour < 1:
        raise _Fail("--max-games and --creates-per-hour: give a whole number of 1 or more")
    roots = tuple(Path(d) for d in args.scenarios or ())
    for d in roots:
        if not d.is_dir():
            raise _Fail(f"--scenarios {d}: no such folder")
    try:
        store = Store(args.db)
    except StoreError as e:
        raise _Fail(str(e)) from None
    server = Server(store, scenario_roots=roots, max_games=args.max_games,
                    creates_per_hour=args.creates_per_hour)  # fmt: skip
    t0 = time.perf_counter()
    n = server.load_all()
    print(f"{n} game(s) resumed from {args.db} in {time.perf_counter() - t0:.2f} s", flush=True)
    for gid, why in server.broken.items():
        print(f"game {gid} set aside: {why}", file=sys.stderr)
    origins: list[str | None] | None = [None, *args.origin] if args.origin else None

    def started(ws: Any) -> None:
        print(f"serving on ws://{args.host}:{args.port} (Ctrl+C stops)", flush=True)

    try:
        asyncio.run(server.run(args.host, args.port, origins, started))
    except OSError as e:
        raise _Fail(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}") from None
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        store.close()
    return 0


# -- one request, one answer --------------------------------------------------------------------
def request(url: str, msg: dict[str, Any], want: str, timeout: float = 30.0) -> dict[str, Any]:
    """Send one message on a fresh connection and return the answer of type ``want``."""
    from websockets.exceptions import InvalidURI, WebSocketException
    from websockets.sync.client import connect

    from game.net.protocol import PROTOCOL_VERSION

    try:
        with connect(url, open_timeout=10, close_timeout=1, max_size=2**26) as ws:
            for m in [msg] if "token" not in msg else [_hello(msg), _strip(msg)]:
                ws.send(json.dumps({"v": PROTOCOL_VERSION, **m}))
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                answer = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
                if answer.get("type") in ("error", "refused"):
                    raise _Fail(f"the server refused: {answer.get('reason')}")
                if answer.get("type") == want:
                    return dict(answer)
    except InvalidURI:
        raise _Fail(f"'{url}' is not a server address; write ws://HOST:PORT") from None
    except (OSError, WebSocketException, TimeoutError) as e:
        raise _Fail(f"cannot reach a server at {url} ({e or type(e).__name__}); is "
                    "'near-abroad serve' running there?") from None  # fmt: skip
    raise _Fail(f"no answer from {url} within {timeout:g} s")


def _hello(msg: dict[str, Any]) -> dict[str, Any]:
    return {"type": "hello", "game": msg["game"], "token": msg["token"], "detail": False}


def _strip(msg: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in msg.items() if k != "token"}


def _create(args: argparse.Namespace) -> int:
    return _run(_create_now, args)


def _create_now(args: argparse.Namespace) -> int:
    seats = {}
    for item in args.seat:
        seat, eq, who = item.partition("=")
        if not eq or not seat or not who:
            raise _Fail(f"--seat {item}: write SEAT=human or SEAT=KIND[:DOCTRINE]")
        seats[seat] = who
    msg = {"type": "create", "seq": 1, "scenario": args.scenario, "mods": args.mod,
           "seed": args.seed, "control": args.control, "seats": seats}  # fmt: skip
    got = request(args.url, msg, "created")
    if args.json:
        print(json.dumps({k: got[k] for k in ("game", "seed", "tokens", "control", "observer")},
                         indent=2))  # fmt: skip
        return 0
    print(f"game {got['game']} ({args.scenario}, seed {got['seed']}) on {args.url}")
    for seat, token in got["tokens"].items():
        who = seats.get(seat, "human")
        note = "" if who == "human" else f"  (a {who} bot plays it; Control may hand it back)"
        print(
            f"  {seat:<12} near-abroad join {args.url} --game {got['game']} --token {token}{note}"
        )
    print(f"  {'control':<12} --token {got['control']}  (keep it: it exports the game)")
    print(f"  {'observer':<12} --token {got['observer']}  (the public board, for a projector)")
    return 0


def _export(args: argparse.Namespace) -> int:
    return _run(_export_now, args)


def _export_now(args: argparse.Namespace) -> int:
    from game.session.storage import write_text_atomic

    out = Path(args.out)
    check_writable(out, "--out", folder=False)  # before the game is fetched
    if args.log:
        check_writable(Path(args.log), "--log", folder=False)
    msg = {"type": "export", "seq": 1, "game": args.game, "token": args.token}
    got = request(args.url, msg, "exported")
    write_text_atomic(out, json.dumps(got["save"], indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {out} ({len(got['save']['steps'])} steps)")
    if args.log:
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in got["journal"])
        write_text_atomic(Path(args.log), lines)
        print(f"wrote {args.log} ({len(got['journal'])} lines)")
    return 0


# -- join ----------------------------------------------------------------------------------------
def _join(args: argparse.Namespace) -> int:
    return _run(_join_now, args)


def _join_now(args: argparse.Namespace) -> int:
    from game.net.agents import ClientError, play_bot
    from game.net.client import Client

    roots = tuple(Path(d) for d in args.scenarios or ())
    for d in roots:
        if not d.is_dir():
            raise _Fail(f"--scenarios {d}: no such folder")
    if not args.text and not args.bot:
        from game.cli import has_display

        if not has_display():
            print("near-abroad join: no display found; joining in the terminal instead "
                  "(--text chooses this directly)", file=sys.stderr)  # fmt: skip
            args.text = True
        else:
            from game.net.remote_board import run_board

            return run_board(args.url, args.game, args.token, scenarios=roots)
    client = Client(
        args.url, args.game, args.token, detail=not args.bot, attempts=None, first_attempts=3
    ).start()
    try:
        if args.bot:
            from game.ai.registry import parse_bot

            if parse_bot(args.bot)[0] not in ("random", "heuristic", "ismcts"):
                raise _Fail(f"--bot {args.bot}: the kinds are random, heuristic and ismcts")
            n = play_bot(client, args.bot, difficulty=args.difficulty,
                         say=lambda s: print(s, flush=True), scenarios=roots)  # fmt: skip
            print(f"{n} decisions sent")
            return 0
        from game.net.remote_text import RemoteTerminal

        return RemoteTerminal(client, sys.stdin, sys.stdout, scenarios=roots).run()
    except ClientError as e:
        raise _Fail(str(e)) from None
    finally:
        client.close()
