"""Actions: small values with a stable text form, and the errors for bad ones.

Every action has one string form (``play peacekeepers``, ``target STK``, ``roll 7``)
which parses back to an equal action; records, the terminal game and bots all
use it, so a saved game stays readable by people. What each kind of action is
(who takes it, its argument, how people say it) lives in one table,
:data:`KINDS`, which parsing, descriptions and the wire schema all read.

Two errors, as python-chess separates them: :class:`ActionSyntaxError` for
text that is not an action at all, :class:`IllegalAction` for an action the
rules do not allow now. Both are :class:`ActionError` (a ``ValueError``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

import attrs

CHANCE = "chance"
"""The pseudo-actor that resolves draws and dice."""
CONTROL = "control"
"""The pseudo-actor of the Control cell (seminar play): it sees everything."""
OBSERVER = "observer"
"""A viewer, never an actor: the public board (a projector, a spectator) sees what every
seat may see and no hand."""


class ActionKind(StrEnum):
    """What an action decides: the first word of its text form."""

    PLAY = "play"
    PASS = "pass"
    EVENT = "event"
    OPS = "ops"
    OP = "op"
    TARGET = "target"
    DONE = "done"
    OPTION = "option"
    DRAW = "draw"
    ROLL = "roll"
    DISCARD = "discard"
    ARGUE = "argue"
    ODDS = "odds"
    APPROVE = "approve"
    DENY = "deny"
    VOTE = "vote"
    FIRE = "fire"
    SKIP = "skip"
    DELAY = "delay"
    ADJUST = "adjust"
    INFLUENCE = "influence"
    FORCES = "forces"
    VP = "vp"


class Taker(StrEnum):
    """Who takes an action of a kind."""

    SEAT = "seat"
    CHANCE = "chance"
    CONTROL = "control"
    """Control's ruling on a matrix argument (a decision on the stack)."""
    INTERVENTION = "intervention"
    """Control stepping in from outside the decision stack (State.apply_control)."""


@attrs.frozen
class KindSpec:
    """One row of the table of action kinds."""

    taker: Taker
    arg: str
    """What the argument is ('' for none): card, operation, region, option, number, ..."""
    example: str
    """A whole example of the text form."""
    says: str
    """What the action does, for people ('play a card from the hand')."""


KINDS: dict[ActionKind, KindSpec] = {
    ActionKind.PLAY: KindSpec(Taker.SEAT, "card", "play peacekeepers", "play a card from the hand"),
    ActionKind.PASS: KindSpec(Taker.SEAT, "", "pass", "pass instead of playing a card"),
    ActionKind.EVENT: KindSpec(Taker.SEAT, "", "event", "play the card's event"),
    ActionKind.OPS: KindSpec(Taker.SEAT, "", "ops", "use the card's operation points"),
    ActionKind.OP: KindSpec(Taker.SEAT, "operation", "op influence", "choose an operation"),
    ActionKind.TARGET: KindSpec(
        Taker.SEAT, "region", "target STK", "choose the region an operation acts on"
    ),
    ActionKind.DONE: KindSpec(Taker.SEAT, "", "done", "stop spending operation points"),
    ActionKind.OPTION: KindSpec(Taker.SEAT, "option", "option troops", "choose an option"),
    ActionKind.DRAW: KindSpec(Taker.CHANCE, "card", "draw peacekeepers", "the card drawn"),
    ActionKind.ROLL: KindSpec(Taker.CHANCE, "number", "roll 7", "the dice rolled"),
    ActionKind.DISCARD: KindSpec(
        Taker.CHANCE, "card", "discard peacekeepers", "the card discarded at random"
    ),
    ActionKind.ARGUE: KindSpec(
        Taker.SEAT, "argument", "argue humanitarian_corridor", "argue for an outcome"
    ),
    ActionKind.ODDS: KindSpec(
        Taker.CONTROL, "number", "odds 7", "set the 2d6 roll an argument needs"
    ),
    ActionKind.APPROVE: KindSpec(Taker.CONTROL, "", "approve", "let an argument succeed"),
    ActionKind.DENY: KindSpec(Taker.CONTROL, "", "deny", "rule an argument down"),
    ActionKind.VOTE: KindSpec(Taker.SEAT, "vote", "vote yes", "vote on another seat's argument"),
    ActionKind.FIRE: KindSpec(Taker.INTERVENTION, "inject", "fire war_begins", "fire an inject"),
    ActionKind.SKIP: KindSpec(
        Taker.INTERVENTION, "inject", "skip war_begins", "skip an inject for good"
    ),
    ActionKind.DELAY: KindSpec(
        Taker.INTERVENTION, "inject:turn", "delay war_begins:3", "put an inject off to a turn"
    ),
    ActionKind.ADJUST: KindSpec(
        Taker.INTERVENTION, "track:change", "adjust escalation:-2", "move a track"
    ),
    ActionKind.INFLUENCE: KindSpec(
        Taker.INTERVENTION,
        "actor:region:value",
        "influence russia:YER:3",
        "set an actor's influence in a region",
    ),
    ActionKind.FORCES: KindSpec(
        Taker.INTERVENTION,
        "actor:region:value",
        "forces russia:STK:2",
        "set an actor's forces in a region",
    ),
    ActionKind.VP: KindSpec(
        Taker.INTERVENTION, "seat:value", "vp russia:10", "set a seat's victory points"
    ),
}
"""Every kind of action: who takes it, its argument, an example and what it does."""

CHANCE_KINDS = frozenset(k for k, spec in KINDS.items() if spec.taker is Taker.CHANCE)
INTERVENTIONS = frozenset(k for k, spec in KINDS.items() if spec.taker is Taker.INTERVENTION)
_TOKEN = re.compile(r"[A-Za-z0-9_.:+\-]+\Z")


class ActionError(ValueError):
    """A bad action: either not an action at all, or one the rules refuse now."""


class ActionSyntaxError(ActionError):
    """Text that is not an action (unknown kind, missing or malformed argument)."""


class IllegalAction(ActionError):
    """An action that the rules do not allow in this state; the message says why."""


class RulesLoop(RuntimeError):
    """Rules that validate but push each other for ever (two thresholds that keep firing
    each other): the game cannot go on; the message names what kept firing."""


@attrs.frozen(order=True, slots=True)
class Action:
    """One decision: a kind and, for most kinds, an argument (a card, region, option, number)."""

    kind: ActionKind
    """What is decided: one of :class:`ActionKind` (a str enum, so it equals its word)."""
    arg: str = ""
    """The card id, operation id, region id, option key, or number chosen (Control's
    interventions join their parts with ':'; build them with game.engine.control)."""
    _text: str = attrs.field(init=False, eq=False, order=False, hash=False, repr=False)
    """The action's text, made once: options are sorted by it at every decision, and most
    actions (a game's draws, its cards' plays) are made once and listed many times."""

    def __attrs_post_init__(self) -> None:
        # the kind's text read directly (it may be an ActionKind or its plain string)
        kind = str.__str__(self.kind)
        object.__setattr__(self, "_text", kind + " " + self.arg if self.arg else kind)

    def __str__(self) -> str:
        return self._text

    @property
    def is_chance(self) -> bool:
        return self.kind in CHANCE_KINDS

    @property
    def is_intervention(self) -> bool:
        """A Control intervention from outside the decision stack (fire, skip, adjust...)."""
        return self.kind in INTERVENTIONS

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]


@lru_cache(maxsize=4096)
def parse_action(text: str) -> Action:
    """Parse an action's string form; raises :class:`ActionSyntaxError` if it is malformed.
    Remembered (an Action never changes): a replay parses every step of a save, and a game's
    steps repeat the same few hundred texts."""
    parts = text.strip().split()
    if not parts:
        raise ActionSyntaxError("empty action: type one of the listed actions, e.g. 'play <card>'")
    word = parts[0].lower()
    try:
        kind = ActionKind(word)
    except ValueError:
        raise ActionSyntaxError(
            f"unknown action '{parts[0]}': actions start with one of {', '.join(KINDS)}"
        ) from None
    spec = KINDS[kind]
    if not spec.arg:
        if len(parts) != 1:
            raise ActionSyntaxError(f"'{kind}' takes no argument")
        return Action(kind)
    if len(parts) != 2 or not _TOKEN.match(parts[1]):
        raise ActionSyntaxError(f"'{kind}' takes one argument ({spec.arg}), e.g. '{spec.example}'")
    return Action(kind, parts[1])
