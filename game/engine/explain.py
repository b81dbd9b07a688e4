"""Explaining actions in words: what a legal action does, and why an illegal one is refused.

Players and modders need the rule that refused them, not 'illegal move'. The
reasons are worked out from the same decision frame the legal actions come from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.actions import CHANCE, Action
from game.engine.decisions import (
    ChooseCard,
    ChooseMode,
    ChooseOp,
    ChooseOption,
    ChooseTarget,
    Ctx,
)
from game.engine.evaluate import Eval
from game.engine.turn import event_playable, op_cost

if TYPE_CHECKING:
    from game.engine.state import State


def explain(s: State, action: Action) -> str:
    legal = action in s.legal_actions()
    if legal:
        return f"legal: {_what(s, action)}"
    return f"illegal: {_why_not(s, action)}"


def _what(s: State, a: Action) -> str:
    actor = s.current_actor()
    rules = s.ix.rules
    if a.kind == "play":
        card = rules.cards[a.arg]
        return f"{actor} plays '{card.title}' ({card.ops} ops)"
    if a.kind == "event":
        return f"{actor} plays the card's event"
    if a.kind == "ops":
        return f"{actor} uses the card's operation points"
    if a.kind == "op":
        return f"{actor} uses the operation '{rules.operations[a.arg].name}'"
    if a.kind == "target":
        top = s.stack[-1]
        assert isinstance(top, ChooseTarget)
        cost = op_cost(s, top.seat, top.op, a.arg, top.ops)
        return (
            f"{actor} targets {rules.regions[a.arg].name} with "
            f"'{rules.operations[top.op].name}' for {cost} point(s)"
        )
    if a.kind == "done":
        return f"{actor} stops spending operation points"
    if a.kind == "pass":
        return f"{actor} passes"
    if a.kind == "option":
        return f"{actor} chooses option '{a.arg}'"
    return f"chance: {a}"


def _why_not(s: State, a: Action) -> str:
    if s.result is not None:
        return "the game is over"
    actor = s.current_actor()
    top = s.stack[-1]
    rules = s.ix.rules
    expected = {
        ChooseCard: "play <card>",
        ChooseMode: "event or ops",
        ChooseOp: "op <operation> or done",
        ChooseTarget: "target <region>",
        ChooseOption: "option <key>",
    }
    want = expected.get(type(top), "a chance outcome")
    if actor == CHANCE and not a.is_chance:
        return "the game is waiting on chance (a draw or a roll), not on a player"
    if a.kind == "play" and isinstance(top, ChooseCard):
        if a.arg not in rules.cards:
            return f"there is no card '{a.arg}'"
        return f"'{a.arg}' is not in {top.seat}'s hand"
    if a.kind == "pass" and isinstance(top, ChooseCard):
        return f"{top.seat} holds cards and this scenario does not allow passing"
    if a.kind == "event" and isinstance(top, ChooseMode):
        return f"the event of '{top.card}' cannot be played: " + (
            event_playable(s, top.seat, top.card) or ""
        )
    if a.kind == "op" and isinstance(top, ChooseOp):
        op = rules.operations.get(a.arg)
        if op is None:
            return f"there is no operation '{a.arg}'"
        if op.per_card and top.uses.count(a.arg) >= op.per_card:
            return f"'{op.name}' may be used at most {op.per_card} time(s) per card"
        return (
            f"'{op.name}' has no target that {top.seat} can afford with {top.points} point(s) left"
        )
    if a.kind == "target" and isinstance(top, ChooseTarget):
        if a.arg not in rules.regions:
            return f"there is no region '{a.arg}'"
        op = rules.operations[top.op]
        ev = Eval(s, Ctx(top.seat, a.arg, top.ops))
        if not op.target(ev):
            return f"{a.arg} is not a valid target for '{op.name}': needs {op.target.text}"
        cost = int(op.cost(ev))
        return f"{a.arg} costs {cost} point(s) and only {top.points} are left"
    if a.kind == "option" and isinstance(top, ChooseOption):
        return f"'{a.arg}' is not one of the options: {', '.join(k for k, _ in top.options)}"
    return f"the game is waiting for {actor} to choose {want}"
