"""Chance nodes: the outcomes of a draw, a discard or a roll, with their weights, and what
an outcome does when it comes (:func:`apply_chance`).

Kept apart from the turn's flow (game.engine.turn) because every reader of chance
asks here: legal_actions lists the outcomes, a State samples one with its seeded
generator, and searches sample with their own dice.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from game.engine import matrix
from game.engine.actions import Action, ActionKind
from game.engine.decisions import ArgumentRoll, ChanceDiscard, ChanceDraw, ChanceRoll
from game.engine.events import LogKind
from game.engine.resolve import log, run_effects

if TYPE_CHECKING:
    from game.engine.work import Position, Work
    from game.ruleset.model import RollTable


def chance_weights(s: Position) -> list[tuple[Action, int]]:
    """At a chance node: each outcome with an integer weight."""
    if s.result is not None or not s.stack:
        return []
    top = s.stack[-1]
    if isinstance(top, ChanceDraw):
        return _counts(s.ix.draws, ActionKind.DRAW, s.deck)
    if isinstance(top, ChanceDiscard):
        return _counts(s.ix.discards, ActionKind.DISCARD, s.hands[top.seat])
    if isinstance(top, ChanceRoll):
        rolls = s.ix.rolls.get(top.table)
        if rolls is None:  # a table's totals and their weights, worked out once a game
            table = s.ix.rules.roll_tables[top.table]
            dist = {0: 1}
            for _ in range(table.dice):
                nxt: dict[int, int] = {}
                for total, w in dist.items():
                    for face in range(1, table.sides + 1):
                        nxt[total + face] = nxt.get(total + face, 0) + w
                dist = nxt
            rolls = s.ix.rolls[top.table] = tuple(
                (Action(ActionKind.ROLL, str(t)), w) for t, w in sorted(dist.items())
            )
        return list(rolls)
    if isinstance(top, ArgumentRoll):
        return matrix.chance(top)
    return []


def card_outcome(s: Position, number: int) -> Action | None:
    """At a draw or a discard: the outcome that ``number`` picks from the weights
    :func:`chance_weights` lists (``number`` modulo their total), found without listing them:
    the outcomes are the distinct cards in id order, each weighted by its copies, so the
    pick is the card at that place in the sorted cards. None at other nodes."""
    top = s.stack[-1] if s.result is None and s.stack else None
    if isinstance(top, ChanceDraw):
        cards, made, kind = s.deck, s.ix.draws, ActionKind.DRAW
    elif isinstance(top, ChanceDiscard):
        cards, made, kind = s.hands[top.seat], s.ix.discards, ActionKind.DISCARD
    else:
        return None
    if not cards:
        return None
    return made_once(made, kind, sorted(cards)[number % len(cards)])


def _counts(
    made: dict[str, Action], kind: ActionKind, cards: tuple[str, ...]
) -> list[tuple[Action, int]]:
    """Each distinct card with its copies, as ``kind`` actions."""
    return [(made_once(made, kind, c), n) for c, n in sorted(Counter(cards).items())]


def made_once(made: dict[str, Action], kind: ActionKind, arg: str) -> Action:
    """The ``kind`` action of ``arg`` (a card, an operation, a region), kept in ``made`` (one
    of the game's Index's tables): a draw is listed at every deal, a target at every choice
    of one, so each action is made once."""
    a = made.get(arg)
    if a is None:
        a = made[arg] = Action(kind, arg)
    return a


def roll_row(table: RollTable, total: int) -> int:
    """The index of the row of ``table`` a roll's total (dice plus modifier) falls in: the
    first whose ``max`` it does not pass, else the last (totals above every row)."""
    for i, o in enumerate(table.outcomes):
        if total <= o.max:
            return i
    return len(table.outcomes) - 1


def apply_chance(s: Work, top: object, action: Action) -> None:
    """Apply a chance outcome (a card drawn, a card discarded at random, a roll) to the
    working copy ``s``; ``top`` is the chance frame it answers, already taken off the stack."""
    s.counter += 1
    if isinstance(top, ChanceDraw):
        deck = list(s.deck)
        deck.remove(action.arg)
        s.deck = tuple(deck)
        s.own_hands()[top.seat] = tuple(sorted((*s.hands[top.seat], action.arg)))
        if not s.quiet:
            log(
                s,
                LogKind.DRAW,
                f"{top.seat} draws {action.arg}",
                audience=(top.seat,),
                public_text=f"{top.seat} draws a card",
                secret=("card",),
                seat=top.seat,
                card=action.arg,
            )
    elif isinstance(top, ChanceDiscard):
        hand = list(s.hands[top.seat])
        hand.remove(action.arg)
        s.own_hands()[top.seat] = tuple(hand)
        s.discard = (*s.discard, action.arg)
        if not s.quiet:
            log(
                s,
                LogKind.DISCARD,
                f"{top.seat} discards {action.arg} at random",
                seat=top.seat,
                card=action.arg,
            )
    elif isinstance(top, ChanceRoll):
        table = s.ix.rules.roll_tables[top.table]
        total = int(action.arg) + top.modifier
        index = roll_row(table, total)
        row = table.outcomes[index]
        if not s.quiet:
            log(
                s,
                LogKind.ROLL,
                f"roll ({table.text or top.table}): {action.arg} {top.modifier:+d} = {total}"
                f"{': ' + row.text if row.text else ''}",
                table=top.table,
                dice=int(action.arg),
                modifier=top.modifier,
                total=total,
                row=index,
            )
        run_effects(s, row.effects, top.ctx, f"roll {top.table}")
