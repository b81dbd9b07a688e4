"""Bots by name and difficulty: the one place the terminal, the board and batch runs ask.

A difficulty is a budget, not a handicap written into the rules: the random
bot has none; the heuristic bot follows fewer candidate lines when easy and
sometimes plays a random move; ISMCTS gets fewer or more iterations and
seconds. ``normal`` ISMCTS decides within a second on the default scenario
(``docs/bots.md`` has the measured times). Settings passed as keywords
override the difficulty's (``make_bot("ismcts", ..., iterations=500)``).
"""

from __future__ import annotations

import random
from typing import Any, Protocol

from game.ai.doctrine import check_doctrine_name, doctrine_names
from game.ai.heuristic import HeuristicBot
from game.ai.ismcts import ISMCTSBot
from game.ai.random_bot import RandomBot
from game.engine import Action, View
from game.ruleset.diagnostics import did_you_mean
from game.ruleset.model import Ruleset
from game.session.record import BOT_KINDS

KINDS = BOT_KINDS
DIFFICULTIES = ("easy", "normal", "hard")

BUDGETS: dict[str, dict[str, dict[str, Any]]] = {
    "random": {"easy": {}, "normal": {}, "hard": {}},
    "heuristic": {
        "easy": {"lines": 1, "blunder": 0.25},
        "normal": {"lines": 3},
        "hard": {"lines": 6},
    },
    "ismcts": {
        "easy": {"iterations": 60, "seconds": 0.25},
        "normal": {"iterations": 1500, "seconds": 0.8},
        "hard": {"iterations": 20000, "seconds": 4.0},
    },
}
"""Settings per kind and difficulty; an iteration cap and a time limit, whichever comes first."""


def parse_bot(spec: str) -> tuple[str, str | None]:
    """``heuristic:defensive`` -> (``heuristic``, ``defensive``); ``random`` -> (``random``,
    None). Only the form is read here; :func:`check_bot` checks the names."""
    kind, sep, doctrine = spec.partition(":")
    return kind, (doctrine if sep else None)


def check_bot(spec: str, seat: str, rules: Ruleset) -> str:
    """Raise ValueError with a did-you-mean unless ``spec`` (KIND or KIND:DOCTRINE) names a
    bot kind and, if given, a doctrine of ``seat``'s actor; returns the spec."""
    kind, doctrine = parse_bot(spec)
    if kind not in KINDS:
        hint = did_you_mean(kind, KINDS) or f"kinds are: {', '.join(KINDS)}"
        raise ValueError(f"'{kind}' is not a kind of bot; {hint}")
    if doctrine is not None:
        if kind == "random":
            raise ValueError(
                "a random bot plays no doctrine; use heuristic:DOCTRINE or ismcts:DOCTRINE"
            )
        if doctrine == "":
            names = ", ".join(doctrine_names(rules, seat))
            raise ValueError(f"'{spec}' names no doctrine after ':'; {seat} has: {names}")
        check_doctrine_name(rules, seat, doctrine)
    return spec


class Bot(Protocol):
    """What every bot offers: a name and a decision from a view."""

    name: str

    def choose(self, view: View) -> Action: ...


class Blundering:
    """A bot that plays a random legal move with probability ``rate`` (the easy heuristic)."""

    def __init__(self, inner: Bot, rate: float, seed: int):
        self.inner = inner
        self.rate = rate
        self.rng = random.Random(seed ^ 0x5EED)
        self.name = inner.name

    def choose(self, view: View) -> Action:
        if len(view.legal) > 1 and self.rng.random() < self.rate:
            return view.legal[self.rng.randrange(len(view.legal))]
        return self.inner.choose(view)


def make_bot(
    kind: str,
    seat: str,
    rules: Ruleset,
    difficulty: str = "normal",
    seed: int = 0,
    **settings: Any,
) -> Bot:
    """A bot of ``kind`` (random, heuristic, ismcts, or KIND:DOCTRINE as saves and the
    command line write it) for ``seat``; raises ValueError when a name is unknown.
    Settings: ``doctrine`` (a name or a dict), ``doctrine_overrides``, and each bot's own
    (``lines``; ``iterations``, ``seconds``, ``rollout``, ``c``). The one place bots are
    made: the terminal, the board, batch runs and the benchmarks all call it."""
    kind, named = parse_bot(kind)
    if named is not None:
        if kind == "random":
            raise ValueError("a random bot plays no doctrine")
        settings = {"doctrine": named, **settings}
    if kind not in KINDS:
        raise ValueError(f"unknown bot '{kind}'; choose one of: {', '.join(KINDS)}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(
            f"unknown difficulty '{difficulty}'; choose one of: {', '.join(DIFFICULTIES)}"
        )
    if seat not in rules.actors:
        raise ValueError(f"'{seat}' is not an actor of {rules.id}")
    opts = {**BUDGETS[kind][difficulty], **settings}
    if kind == "random":
        return RandomBot(seed)
    blunder = float(opts.pop("blunder", 0.0))
    bot: Bot
    if kind == "heuristic":
        bot = HeuristicBot(seat, rules, seed=seed, **opts)
    else:
        bot = ISMCTSBot(seat, rules, seed=seed, **opts)
    return Blundering(bot, blunder, seed) if blunder else bot
