"""Players at the end of a connection: the rules a client needs, and a bot that plays by wire.

A remote bot is one of the table's bots (game.ai) fed the view its seat gets
from the server, rebuilt from the wire with its decision stack; it sees
nothing more than a person in that seat would. It loads the scenario itself
(by the id and mods the server names at welcome) and refuses to play if its
copy of the rules is not the server's (the digests differ).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from game.ai.registry import make_bot
from game.net.client import Client
from game.net.stack import stack_from_wire
from game.net.wire import view_from_wire
from game.ruleset.model import Ruleset


class ClientError(Exception):
    """Something a client cannot go on from; the message says what to do."""


def scenario_folder(welcome: dict[str, Any], roots: Sequence[Path] = ()) -> Path:
    """Where this client has the scenario the server plays: in ``roots`` (the folders given
    with ``join --scenarios``, as the server was with ``serve --scenarios``), else shipped."""
    from game.session.library import REPO

    scenario = str(welcome.get("scenario", ""))
    for root in (*roots, REPO / "rules"):
        if scenario and (Path(root) / scenario / "scenario.yaml").is_file():
            return Path(root) / scenario
    where = "the shipped scenarios" + "".join(f" or {r}" for r in roots)
    raise ClientError(
        f"this client has no scenario '{scenario}' in {where}: install the same version of "
        "the game as the server, or give the folder the server offers it from with "
        "--scenarios DIR"
    )


def rules_of(welcome: dict[str, Any], roots: Sequence[Path] = ()) -> Ruleset:
    """The scenario the server plays, loaded here and checked against the server's digest."""
    from game.ruleset.load import check_ruleset
    from game.session.library import mod_folders

    scenario, mods = str(welcome.get("scenario", "")), list(welcome.get("mods", ()))
    folder = scenario_folder(welcome, roots)
    found = mod_folders()
    if any(m not in found for m in mods):
        raise ClientError(
            f"this client has no mods {[m for m in mods if m not in found]} for '{scenario}': "
            "install the same mods as the server"
        )
    rules, _, _ = check_ruleset(folder, [str(found[m]) for m in mods])
    if rules is None or rules.digest != welcome.get("ruleset_digest"):
        raise ClientError(
            f"this client's copy of '{scenario}' ({folder}) differs from the server's (its "
            "digest): install the same version of the game, or give the same scenario "
            "folder as the server with --scenarios DIR"
        )
    return rules


def wait_welcome(client: Client, timeout: float) -> dict[str, Any]:
    """The server's welcome, or ClientError saying why there is none."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = client.next(min(0.5, max(0.01, deadline - time.monotonic())))
        if msg is None:
            continue
        if msg.get("type") == "welcome":
            return msg
        if msg.get("type") == "error":
            raise ClientError(f"the server refused to join: {msg.get('reason')}")
        if msg.get("type") == "status" and msg.get("status") == "closed":
            raise ClientError(f"cannot reach the server: {msg.get('reason')}")
    raise ClientError(f"no answer from the server within {timeout:g} s ({client.reason})")


def wait_update(client: Client, timeout: float) -> dict[str, Any]:
    """The server's first update after the welcome (the role's snapshot), or ClientError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = client.next(0.2)
        if msg is not None and msg.get("type") == "update":
            return msg
    raise ClientError(f"no view from the server within {timeout:g} s")


REANSWER_AFTER = 5.0
"""Seconds with the decision still the bot's after it answered before it answers again."""


def play_bot(
    client: Client,
    spec: str,
    *,
    seed: int = 0,
    difficulty: str = "normal",
    timeout: float = 3600.0,
    say: Callable[[str], None] = lambda _: None,
    acked: list[tuple[int, str]] | None = None,
    scenarios: Sequence[Path] = (),
) -> int:
    """Play the client's seat with a bot of kind ``spec`` until the game ends; returns the
    number of decisions sent. Raises ClientError when the game cannot go on. ``acked``, if
    given, collects (the step answered, the action) of every decision the server accepted."""
    welcome = wait_welcome(client, 30.0)
    if welcome.get("role") != "seat":
        raise ClientError("a bot plays a seat: give a seat's token, not Control's or an observer's")
    seat = str(welcome["seat"])
    rules = rules_of(welcome, scenarios)
    bot = make_bot(spec, seat, rules, difficulty, seed)
    say(f"playing {seat} as a {spec} bot")
    sent = 0
    answered: object = None
    """The update last answered (its step and pause); None after a refusal: answer again."""
    answered_at = 0.0
    """When it was answered: an answer with no word back for REANSWER_AFTER seconds is sent
    again (it may have been lost with a connection; a copy the server has applied already
    is refused as stale and changes nothing)."""
    pending: dict[int, tuple[int, str]] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = client.next(0.5)
        kind = msg.get("type") if msg is not None else None
        if msg is not None and kind == "status" and msg.get("status") == "closed":
            raise ClientError(f"lost the server: {msg.get('reason')}")
        if msg is not None and kind == "status" and msg.get("status") == "online":
            answered = None  # connected again: what was in flight may be lost
        if answered is not None and time.monotonic() - answered_at > REANSWER_AFTER:
            answered = None
        if msg is not None and kind == "ack" and acked is not None and msg.get("ref") in pending:
            acked.append(pending.pop(msg["ref"]))
        if msg is not None and kind in ("refused", "error"):
            say(f"refused: {msg.get('reason')}")
            if msg.get("code") != "paused":  # paused: the update that resumes says when
                answered = None
        # Decide on the newest position the server sent (the queue may hold older ones),
        # and again after a refusal, a reconnection, or a long quiet with the decision still
        # ours.
        up = client.update
        if up is None:
            continue
        view = up["view"]
        if view.get("result") is not None or view.get("acting") is None:
            say("the game is over")
            return sent
        mine = view.get("acting") == seat and up["players"].get(seat) == "human"
        key = (up["step"], up["digest"], up.get("paused", False))
        if not mine or not view.get("legal") or answered == key or key[2]:
            continue
        full = view_from_wire(view, stack_from_wire(up["stack"], rules))
        action = str(bot.choose(full))
        ref = client.send("act", step=up["step"], digest=up["digest"], action=action)
        pending[ref] = (up["step"], action)
        sent += 1
        answered, answered_at = key, time.monotonic()
    raise ClientError(f"the game did not end within {timeout:g} s")
