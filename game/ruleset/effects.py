"""Typed effects: one frozen class per kind of change a rule can make to the game.

In YAML an effect list is a list of one-key mappings, the key naming the kind:

    event:
      - add_influence: {actor: russia, region: STK, amount: 2}
      - move_track: {track: escalation, by: -1}
      - set_flag: peacekeepers_deployed        # one-field kinds take a plain value

Because each kind is a class with typed fields, the loader checks them, the
JSON Schema lists them, and an editor completes them.
"""

from __future__ import annotations

from typing import Literal, Union

import attrs

from game.ruleset.expr import Expr
from game.ruleset.types import (
    ActorRef,
    Amount,
    CardId,
    Condition,
    FlagId,
    RegionRef,
    RollTableId,
    TrackId,
    const,
    field,
)


@attrs.frozen(kw_only=True)
class AddInfluence:
    """Add influence for an actor in a region (never above the region's cap of 99)."""

    actor: ActorRef = field("Whose influence: an actor id, or `self`.")
    region: RegionRef = field("Where: a region id, or `target` in an operation.")
    amount: Amount = field("How much (a number or an expression).", const(1))


@attrs.frozen(kw_only=True)
class RemoveInfluence:
    """Remove influence for an actor in a region (never below 0)."""

    actor: ActorRef = field("Whose influence: an actor id, or `self`.")
    region: RegionRef = field("Where: a region id, or `target` in an operation.")
    amount: Amount = field("How much (a number or an expression).", const(1))


@attrs.frozen(kw_only=True)
class AddForces:
    """Deploy an actor's forces into a region."""

    actor: ActorRef = field("Whose forces: an actor id, or `self`.")
    region: RegionRef = field("Where: a region id, or `target` in an operation.")
    amount: Amount = field("How many (a number or an expression).", const(1))


@attrs.frozen(kw_only=True)
class RemoveForces:
    """Withdraw or destroy an actor's forces in a region (never below 0)."""

    actor: ActorRef = field("Whose forces: an actor id, or `self`.")
    region: RegionRef = field("Where: a region id, or `target` in an operation.")
    amount: Amount = field("How many (a number or an expression).", const(1))


@attrs.frozen(kw_only=True)
class MoveTrack:
    """Move a track up (positive) or down (negative); it stops at its min and max."""

    track: TrackId = field("Which track.")
    by: Amount = field("Steps to move; negative moves down.")


@attrs.frozen(kw_only=True)
class SetTrack:
    """Set a track to a value (kept within its min and max)."""

    track: TrackId = field("Which track.")
    to: Amount = field("The new value.")


@attrs.frozen(kw_only=True)
class SetFlag:
    """Set a declared flag; conditions test it with `flag(id)`."""

    flag: FlagId = field("Which flag.")


@attrs.frozen(kw_only=True)
class ClearFlag:
    """Clear a declared flag."""

    flag: FlagId = field("Which flag.")


@attrs.frozen(kw_only=True)
class DrawCards:
    """An actor draws cards from the deck (the discard pile is reshuffled when it runs out)."""

    actor: ActorRef = field("Who draws.")
    count: Amount = field("How many cards.", const(1))


@attrs.frozen(kw_only=True)
class DiscardCards:
    """An actor discards cards from hand, chosen at random (a chance step)."""

    actor: ActorRef = field("Who discards.")
    count: Amount = field("How many cards.", const(1))


@attrs.frozen(kw_only=True)
class GainVp:
    """An actor gains victory points."""

    actor: ActorRef = field("Who gains.")
    amount: Amount = field("How many points.", const(1))


@attrs.frozen(kw_only=True)
class LoseVp:
    """An actor loses victory points (scores can go below zero)."""

    actor: ActorRef = field("Who loses.")
    amount: Amount = field("How many points.", const(1))


@attrs.frozen(kw_only=True)
class Roll:
    """Roll the dice of a roll table, add a modifier, and apply the matching outcome."""

    table: RollTableId = field("Which roll table.")
    modifier: Amount = field("Added to the dice (a number or an expression).", const(0))


@attrs.frozen(kw_only=True)
class Option:
    """One choice of a `choose` effect or of a two-option card event."""

    text: str = field("What the option does, in words for the player.", words=True)
    effects: tuple[Effect, ...] = field("What happens when it is chosen.", ())
    when: Condition | None = field("Offered only when this holds.", None)


@attrs.frozen(kw_only=True)
class Choose:
    """Let an actor choose one of several options; each option has its own effects."""

    options: dict[str, Option] = field("The options, keyed by a short id.")
    chooser: ActorRef = field("Who chooses.", "self")
    prompt: str = field("The question put to the chooser.", "Choose one", words=True)


@attrs.frozen(kw_only=True)
class If:
    """Apply `then` when the condition holds, otherwise `else`."""

    condition: Condition = field("The condition, in the condition language.")
    then: tuple[Effect, ...] = field("Effects when it holds.", ())
    otherwise: tuple[Effect, ...] = field("Effects when it does not.", (), key="else")


@attrs.frozen(kw_only=True)
class EndGame:
    """End the game at once with a result."""

    result: Literal["win", "most_vp", "none"] = field(
        "`win`: the named winner wins; `most_vp`: the highest score wins (ties share); "
        "`none`: everyone loses."
    )
    winner: ActorRef | None = field("The winner, with result `win`.", None)
    text: str = field("Why the game ended, for the log.", "", words=True)


@attrs.frozen(kw_only=True)
class Say:
    """Write a line to the game log (and the players' screens)."""

    text: str = field("The text.", words=True)


@attrs.frozen(kw_only=True)
class ReturnCard:
    """Put a played or discarded card back into the deck."""

    card: CardId = field("Which card.")


Effect = Union[  # noqa: UP007 - a runtime union of classes, read by the loader and schema
    AddInfluence,
    RemoveInfluence,
    AddForces,
    RemoveForces,
    MoveTrack,
    SetTrack,
    SetFlag,
    ClearFlag,
    DrawCards,
    DiscardCards,
    GainVp,
    LoseVp,
    Roll,
    Choose,
    If,
    EndGame,
    Say,
    ReturnCard,
]

EFFECTS: dict[str, type] = {
    "add_influence": AddInfluence,
    "remove_influence": RemoveInfluence,
    "add_forces": AddForces,
    "remove_forces": RemoveForces,
    "move_track": MoveTrack,
    "set_track": SetTrack,
    "set_flag": SetFlag,
    "clear_flag": ClearFlag,
    "draw_cards": DrawCards,
    "discard_cards": DiscardCards,
    "gain_vp": GainVp,
    "lose_vp": LoseVp,
    "roll": Roll,
    "choose": Choose,
    "if": If,
    "end_game": EndGame,
    "say": Say,
    "return_card": ReturnCard,
}
EFFECT_NAMES: dict[type, str] = {cls: name for name, cls in EFFECTS.items()}

__all__ = ["EFFECTS", "EFFECT_NAMES", "Effect", "Expr", "Option"]
