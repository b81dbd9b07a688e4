"""The vocabulary of the condition language: its value types, functions and variables.

The checker (game.ruleset.expr) type-checks against these tables, the generated
reference documents them, and the engine's evaluation context (game.engine.evaluate)
provides one ``f_<name>`` method per function. Kept apart from the checker so the
tables read as the language's definition.
"""

from __future__ import annotations

import attrs

# Value types of the language. Id types name a collection of the ruleset.
INT, BOOL, STR = "int", "bool", "str"
ID_TYPES = ("actor", "region", "track", "card", "flag", "objective", "tag", "event", "argument")


@attrs.frozen
class Signature:
    """A function of the condition language: argument types, result type and what it means."""

    args: tuple[str, ...]
    result: str
    doc: str
    example: str


FUNCTIONS: dict[str, Signature] = {
    "influence": Signature(
        ("actor", "region"), INT, "An actor's influence in a region.", "influence(russia, YER) >= 3"
    ),
    "forces": Signature(
        ("actor", "region"), INT, "An actor's forces in a region.", "forces(russia, STK) > 0"
    ),
    "total_forces": Signature(
        ("region",), INT, "All actors' forces in a region together.", "total_forces(STK) == 0"
    ),
    "stability": Signature(
        ("region",), INT, "A region's stability number.", "stability(target) <= 2"
    ),
    "controls": Signature(
        ("actor", "region"),
        BOOL,
        "True when the actor's influence exceeds every other actor's by at "
        "least the region's stability.",
        "controls(turkey, NAK)",
    ),
    "controller": Signature(
        ("region",),
        "actor",
        "The actor controlling a region, or `nobody`.",
        "controller(target) != self",
    ),
    "present": Signature(
        ("actor", "region"),
        BOOL,
        "True when the actor has influence or forces in the region.",
        "present(west, TBI)",
    ),
    "reach": Signature(
        ("actor", "region"),
        BOOL,
        "True when the actor is present in the region or in a region adjacent to it.",
        "reach(self, target)",
    ),
    "adjacent": Signature(
        ("region", "region"), BOOL, "True when two regions are adjacent.", "adjacent(target, NAK)"
    ),
    "has_tag": Signature(
        ("region", "tag"),
        BOOL,
        "True when the region carries the tag.",
        "has_tag(target, battleground)",
    ),
    "country": Signature(
        ("region",),
        STR,
        "The state a region belongs to (its `state` field).",
        "country(target) == 'AM'",
    ),
    "controlled": Signature(
        ("actor", "tag"),
        INT,
        "How many regions with the tag the actor controls.",
        "controlled(russia, battleground) >= 3",
    ),
    "present_in": Signature(
        ("actor", "tag"),
        INT,
        "How many regions with the tag the actor is present in.",
        "present_in(west, energy) == 0",
    ),
    "track": Signature(("track",), INT, "A track's current value.", "track(escalation) >= 5"),
    "flag": Signature(("flag",), BOOL, "True when the flag is set.", "flag(ceasefire_signed)"),
    "played": Signature(
        ("card",),
        BOOL,
        "True when the card has been played (event or ops).",
        "played(shusha_falls)",
    ),
    "event_played": Signature(
        ("card",), BOOL, "True when the card's event has been played.", "event_played(shusha_falls)"
    ),
    "fired": Signature(
        ("event",), BOOL, "True when a scheduled event or inject has fired.", "fired(war_begins)"
    ),
    "established": Signature(
        ("argument",),
        BOOL,
        "True when a matrix argument for this outcome has succeeded.",
        "established(humanitarian_corridor)",
    ),
    "vp": Signature(("actor",), INT, "An actor's victory points.", "vp(russia) > vp(turkey)"),
    "min": Signature((INT, INT), INT, "The smaller of two numbers.", "min(ops, 2)"),
    "max": Signature(
        (INT, INT), INT, "The larger of two numbers.", "max(0, track(escalation) - 3)"
    ),
}

# Names bound by the context an expression is used in.
VARIABLES: dict[str, tuple[str, str]] = {
    "turn": (INT, "The current turn, from 1."),
    "round": (INT, "The current action round within the turn, from 1 (0 outside rounds)."),
    "turns": (INT, "The number of turns in the game."),
    "self": ("actor", "The acting actor: the card's player, the objective's owner."),
    "target": ("region", "The region chosen as an operation's target."),
    "ops": (INT, "The operation points of the card being played."),
    "nobody": ("actor", "No actor: what `controller` gives for an uncontrolled region."),
}
ALWAYS = frozenset({"turn", "round", "turns", "nobody"})
