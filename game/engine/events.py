"""Log events: what happened, as a kind and structured data beside the words.

Every line the engine writes to the game log carries a :class:`LogKind` and a
small mapping of data (the actor, card, region, track, amounts, the roll and
its table...). The terminal, the board, the after-action report and the
network read the data; the text is for people and may change its wording
without breaking any of them. A line may be private to an audience: the
others then read its public text, and its ``secret`` data keys are dropped
from their copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import attrs

from game.engine.fastmake import maker

Datum = str | int | bool
"""A value in a log event's data."""


class LogKind(StrEnum):
    """What a log line records."""

    TURN = "turn"
    """A turn begins. Data: turn, label, date."""
    INJECT = "inject"
    """An inject of the MSEL fires. Data: event, msel, title; by ('control' when fired by it)."""
    INJECT_REPLACED = "inject_replaced"
    """An inject gives way to its contingency. Data: event, use."""
    INJECT_SPENT = "inject_spent"
    """An inject whose contingency already fired. Data: event, use."""
    PLAY = "play"
    """A seat plays a card. Data: seat, card, ops, round."""
    EVENT = "event"
    """A seat plays a card's event. Data: seat, card."""
    PASS = "pass"
    """A seat passes. Data: seat."""
    OPERATION = "operation"
    """A seat uses an operation on a region. Data: seat, card, op, region, cost, left."""
    GIVE_UP = "give_up"
    """A seat stops with operation points left. Data: seat, points."""
    OPTION = "option"
    """A seat chooses an option. Data: seat, option, words (the option's own words)."""
    NO_OPTION = "no_option"
    """A choice had no open option. Data: seat."""
    DRAW = "draw"
    """A seat draws a card. Data: seat, card (secret)."""
    CANNOT_DRAW = "cannot_draw"
    """A seat cannot draw: deck and discard are empty. Data: seat."""
    DISCARD = "discard"
    """A card is discarded at random. Data: seat, card."""
    RESHUFFLE = "reshuffle"
    """The discard pile becomes the deck. Data: cards."""
    ROLL = "roll"
    """Dice on a roll table. Data: table, dice, modifier, total, row (index of the row)."""
    INFLUENCE = "influence"
    """Influence changes. Data: actor, region, before, after."""
    FORCES = "forces"
    """Forces change. Data: actor, region, before, after."""
    TRACK = "track"
    """A track moves. Data: track, before, after."""
    THRESHOLD = "threshold"
    """A track crosses a threshold. Data: track, at, direction."""
    FLAG = "flag"
    """A flag is set or cleared. Data: flag, set."""
    VP = "vp"
    """Victory points change outside scoring. Data: actor, delta, total."""
    SCORE = "score"
    """An objective scores. Data: actor, objective, vp, total."""
    SAY = "say"
    """Words from the rules (a `say` effect). No data."""
    RETURN_CARD = "return_card"
    """A card goes back into the deck. Data: card."""
    ARGUMENT = "argument"
    """A seat makes a matrix argument. Data: seat, argument."""
    RULING = "ruling"
    """Control rules on an argument. Data: seat, argument, ruling (approve|deny|odds), need."""
    VOTE = "vote"
    """A seat votes on an argument. Data: seat, vote."""
    TALLY = "tally"
    """The table's vote is counted. Data: arguer, argument, yes, no, need."""
    ARGUMENT_ROLL = "argument_roll"
    """The dice of an argument. Data: seat, argument, total, need, success."""
    FACT = "fact"
    """An argument succeeds and becomes an established fact. Data: seat, argument."""
    CONTROL = "control"
    """Control intervenes. Data: action (its text form), intervention (its kind), reason, and
    the parts (event, turn, track, by, actor, region, before, after)."""
    GAME_OVER = "game_over"
    """The game ends. Data: termination, cause, result, winners (space-separated), reason."""


@attrs.frozen(slots=True, weakref_slot=False)
class LogEntry:
    """One line of the game log; ``audience`` limits who may read it (empty: everyone)."""

    step: int
    turn: int
    text: str
    audience: tuple[str, ...] = ()
    public_text: str = ""
    """What others read instead, when the entry is private ('turkey draws a card')."""
    kind: LogKind = LogKind.SAY
    data: Mapping[str, Datum] = attrs.field(factory=dict)
    """Structured facts of the line (see :class:`LogKind` for each kind's keys)."""
    secret: tuple[str, ...] = ()
    """Data keys the others do not see when the entry is private."""

    def public(self) -> LogEntry | None:
        """The copy readers outside the audience get (None: they see nothing)."""
        if not self.audience:
            return self
        if not self.public_text:
            return None
        data = {k: v for k, v in self.data.items() if k not in self.secret}
        return LogEntry(self.step, self.turn, self.public_text, (), "", self.kind, data)


make_entry = maker(LogEntry)
"""A LogEntry from all eight fields, made fast (game.engine.fastmake): a step writes one or
two."""
