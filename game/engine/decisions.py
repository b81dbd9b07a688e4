"""The decision stack: what the game is waiting for, one small decision at a time.

A card play is not one big move but a stack of small ones: choose a card, then
event or operations, then an operation, then its target, one use at a time.
Effects that need an answer (a choice, a die roll, a draw) push a frame too, and
the effects after them wait in a :class:`Run` frame below. Frames are immutable,
so states that share a stack share its frames.
"""

from __future__ import annotations

from typing import Any

import attrs

from game.engine.fastmake import maker
from game.ruleset.effects import Effect, Option


@attrs.frozen(slots=True, weakref_slot=False)
class Ctx:
    """What `self`, `target` and `ops` mean while effects resolve."""

    actor: str | None = None
    target: str | None = None
    ops: int = 0
    card: str | None = None
    audience: tuple[str, ...] = attrs.field(default=(), repr=False)
    """The seats a private inject's effects are for (empty: everyone). Its `say:` lines and
    its choices are logged for them alone and hidden from other seats' views. Not in the
    repr, so not in the state's digest: who may read the log does not change the game."""

    def private_to(self, seat: str) -> bool:
        """True when this context's lines and choices are hidden from ``seat``."""
        return bool(self.audience) and seat not in self.audience


make_ctx = maker(Ctx)
"""A Ctx from all five fields, made fast (game.engine.fastmake): one per operation used and
per card played."""

NO_CTX = Ctx()
"""The context of effects no actor or target owns (the end of a turn, a threshold, a public
inject): one shared value, as a Ctx never changes (an attrs-frozen one costs about a
microsecond to make)."""


@attrs.frozen(slots=True, weakref_slot=False)
class Run:
    """Effects still to apply, from ``index`` on (not a decision: resolved automatically)."""

    effects: tuple[Effect, ...]
    index: int
    ctx: Ctx
    source: str = ""
    """What these effects belong to, for the log ('card peacekeepers', 'event war_begins')."""


make_run = maker(Run)
"""A Run from all four fields, made fast (game.engine.fastmake): one per effect list queued."""


PRIVATE_OPTION_KEY = "private"
PRIVATE_OPTION = Option(text="a private choice")
"""What a seat outside a private inject's audience sees of its pending choice: one blank
option (see game.engine.views.stack_for), so a simulation from that view goes on."""


@attrs.frozen(slots=True)
class AfterCard:
    """Marks the end of a seat's card play: check sudden death, move to the next seat."""


@attrs.frozen(slots=True, weakref_slot=False)
class ChooseCard:
    """A seat picks a card from its hand (or passes, if it may)."""

    seat: str


@attrs.frozen(slots=True, weakref_slot=False)
class ChooseMode:
    """A seat decides to play the card's event or use its operation points."""

    seat: str
    card: str


@attrs.frozen(slots=True, weakref_slot=False)
class ChooseOp:
    """A seat spends operation points: picks an operation, or stops (``done``)."""

    seat: str
    card: str
    points: int
    ops: int
    uses: tuple[str, ...] = ()


@attrs.frozen(slots=True, weakref_slot=False)
class ChooseTarget:
    """A seat picks the region an operation acts on."""

    seat: str
    card: str
    op: str
    points: int
    ops: int
    uses: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class ChooseOption:
    """A seat picks one option of a `choose` effect or a two-option card."""

    seat: str
    options: tuple[tuple[str, Any], ...]
    """(key, Option) pairs offered, already filtered by their conditions."""
    ctx: Ctx
    prompt: str = ""
    closed: tuple[tuple[str, Any], ...] = ()
    """(key, Option) pairs whose conditions failed: shown greyed, with the reason."""


@attrs.frozen(slots=True)
class ChanceDraw:
    """Chance: which card a seat draws from the deck."""

    seat: str


@attrs.frozen(slots=True)
class ChanceDiscard:
    """Chance: which card of a seat's hand is discarded at random."""

    seat: str


@attrs.frozen(slots=True)
class ChanceRoll:
    """Chance: the dice of a roll table; the modifier was fixed when the roll was called."""

    table: str
    modifier: int
    ctx: Ctx


# -- matrix arguments (game.engine.matrix resolves them) -------------------------------------
@attrs.frozen(slots=True)
class Adjudicate:
    """Control decides an argument: the roll it needs, or approve / deny outright."""

    seat: str
    argument: str


@attrs.frozen(slots=True)
class Vote:
    """The other seats vote, one at a time; each yes lowers the roll needed by one."""

    seat: str
    """The voter now."""
    arguer: str
    argument: str
    voters: tuple[str, ...]
    """Voters still to vote after this one."""
    yes: int = 0
    no: int = 0


@attrs.frozen(slots=True)
class ArgumentRoll:
    """Chance: the 2d6 roll of an argument, against the number it needs."""

    seat: str
    argument: str
    need: int


# The frames of a card play, made fast on a step's path (game.engine.fastmake: the same
# instances as the classes make, from all their fields in order).
make_choose_card = maker(ChooseCard)
make_choose_mode = maker(ChooseMode)
make_choose_op = maker(ChooseOp)
make_choose_target = maker(ChooseTarget)
AFTER_CARD = AfterCard()
"""The end of a card play: one shared value (it has no fields)."""

Frame = (
    Run
    | AfterCard
    | ChooseCard
    | ChooseMode
    | ChooseOp
    | ChooseTarget
    | ChooseOption
    | ChanceDraw
    | ChanceDiscard
    | ChanceRoll
    | Adjudicate
    | Vote
    | ArgumentRoll
)
"""Every kind of frame the decision stack holds."""
CHANCES = (ChanceDraw, ChanceDiscard, ChanceRoll, ArgumentRoll)
"""Frames that chance resolves."""
