"""Actions: small values with a stable text form, and the error raised for illegal ones.

Every action has one string form (``play peacekeepers``, ``target STK``, ``roll 7``)
which parses back to an equal action; records, the terminal game and bots all
use it, so a saved game stays readable by people.
"""

from __future__ import annotations

import re

import attrs

CHANCE = "chance"
"""The pseudo-actor that resolves draws and dice."""
CONTROL = "control"
"""The pseudo-actor of the Control cell (seminar play): it sees everything."""

KINDS = (
    "play",
    "pass",
    "event",
    "ops",
    "op",
    "target",
    "done",
    "option",
    "draw",
    "roll",
    "discard",
    "argue",
    "odds",
    "approve",
    "deny",
    "vote",
    "fire",
    "skip",
    "delay",
    "adjust",
    "influence",
    "forces",
    "vp",
)
"""Every kind of action; the first word of the string form."""
_NO_ARG = frozenset({"pass", "event", "ops", "done", "approve", "deny"})
_TOKEN = re.compile(r"[A-Za-z0-9_.:+\-]+\Z")


class IllegalAction(ValueError):
    """An action that the rules do not allow in this state; the message says why."""


@attrs.frozen(order=True, slots=True)
class Action:
    """One decision: a kind and, for most kinds, an argument (a card, region, option, number)."""

    kind: str
    """What is decided: one of :data:`KINDS`."""
    arg: str = ""
    """The card id, operation id, region id, option key, or number chosen."""

    def __str__(self) -> str:
        return f"{self.kind} {self.arg}" if self.arg else self.kind

    @property
    def is_chance(self) -> bool:
        return self.kind in ("draw", "roll", "discard")


def parse_action(text: str) -> Action:
    """Parse an action's string form; raises :class:`IllegalAction` if it is malformed."""
    parts = text.strip().split()
    if not parts:
        raise IllegalAction("empty action: type one of the listed actions, e.g. 'play <card>'")
    kind = parts[0].lower()
    if kind not in KINDS:
        raise IllegalAction(
            f"unknown action '{parts[0]}': actions start with one of {', '.join(KINDS)}"
        )
    if kind in _NO_ARG:
        if len(parts) != 1:
            raise IllegalAction(f"'{kind}' takes no argument")
        return Action(kind)
    if len(parts) != 2 or not _TOKEN.match(parts[1]):
        raise IllegalAction(f"'{kind}' takes one argument, e.g. '{kind} {_EXAMPLE[kind]}'")
    return Action(kind, parts[1])


_EXAMPLE = {
    "play": "peacekeepers",
    "op": "influence",
    "target": "STK",
    "option": "a",
    "draw": "some_card",
    "roll": "7",
    "discard": "some_card",
    "argue": "some_outcome",
    "odds": "7",
    "vote": "yes",
    "fire": "war_begins",
    "skip": "war_begins",
    "delay": "war_begins:3",
    "adjust": "escalation:-1",
    "influence": "russia:ARM:3",
    "forces": "russia:STK:2",
    "vp": "russia:10",
}
