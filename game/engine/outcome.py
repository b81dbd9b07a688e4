"""How a game ended, as data: why (a :class:`Termination`), who won, and the standings.

Batch runs, the board's game-over screen, the report and the network ask
"was this a sudden death?" or "which condition ended it?"; they read these
fields instead of comparing the reason's words.
"""

from __future__ import annotations

from enum import StrEnum

import attrs


class Termination(StrEnum):
    """Why a game ended."""

    LAST_TURN = "last_turn"
    """The calendar ran out; the final scoring decided."""
    SUDDEN_DEATH = "sudden_death"
    """An end condition of the scenario held (``Result.cause`` names it)."""
    RULES = "rules"
    """An `end_game` effect of a card, event, threshold or argument ended it."""


@attrs.frozen(slots=True)
class Standing:
    """One seat at the end: its points, its par (when judged by margin) and its place."""

    seat: str
    vp: int
    margin: int
    """What decided the winner: VP less par with victory by margin, else the VP."""
    rank: int
    """1 for the best margin; equal margins share a rank."""
    winner: bool


@attrs.frozen(slots=True)
class Result:
    """How a game ended."""

    kind: str
    """``win`` (one or more winners), ``shared`` (a tie at the top) or ``none`` (all lose)."""
    winners: tuple[str, ...]
    reason: str
    """Why it ended, in words (for people; read ``termination`` and ``cause`` in code)."""
    termination: Termination = Termination.LAST_TURN
    cause: str = ""
    """The end condition's id for a sudden death; the source of an `end_game` effect."""
    standings: tuple[Standing, ...] = ()

    @property
    def sudden_death(self) -> bool:
        """Did the game end before the calendar ran out?"""
        return self.termination is not Termination.LAST_TURN


def standings(
    margins: dict[str, int], vp: dict[str, int], winners: tuple[str, ...]
) -> tuple[Standing, ...]:
    """Every seat's standing, best margin first (seat order among equals)."""
    order = sorted(margins, key=lambda seat: -margins[seat])
    out = []
    for seat in order:
        rank = 1 + sum(1 for other in margins if margins[other] > margins[seat])
        out.append(Standing(seat, vp[seat], margins[seat], rank, seat in winners))
    return tuple(out)
