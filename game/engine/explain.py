"""Explaining actions in words: what a legal action does, and why an illegal one is refused.

Players and modders need the rule that refused them, not 'illegal move'. The
reasons are worked out from the same decision frame the legal actions come
from. :func:`what` and :func:`why_not` give the words alone (the board and the
terminal put them beside buttons and numbered options); :func:`explain` is
the one-line answer of ``State.explain``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from game.engine import reasons
from game.engine.actions import CHANCE, CONTROL, Action, ActionKind
from game.engine.decisions import (
    Adjudicate,
    ArgumentRoll,
    ChooseCard,
    ChooseMode,
    ChooseOp,
    ChooseOption,
    ChooseTarget,
    Vote,
)
from game.engine.matrix import open_arguments
from game.engine.reasons import event_refusal
from game.engine.turn import legal_actions, op_cost
from game.ruleset.words import Namer

if TYPE_CHECKING:
    from game.engine.work import Position


def explain(s: Position, action: Action) -> str:
    """'legal: <what it does>' or 'illegal: <why not>'."""
    reason = why_not(s, action)
    return f"illegal: {reason}" if reason is not None else f"legal: {what(s, action)}"


def what(s: Position, a: Action) -> str:
    """What a legal action does, in words ('russia plays 'Peacekeepers' (3 ops)')."""
    subject, predicate = who_does(s, a)
    return f"{subject}: {predicate}" if subject == "chance" else f"{subject} {predicate}"


def who_does(s: Position, a: Action) -> tuple[str, str]:
    """Who acts (a seat id, 'Control' or 'chance') and what the action does, apart: a board
    puts the actor's name and symbol before the words, the terminal the seat's id."""
    actor = s.current_actor() or "nobody"
    rules = s.ix.rules
    top = s.stack[-1] if s.stack else None
    kind = a.kind
    if kind == ActionKind.PLAY:
        card = rules.cards[a.arg]
        return actor, f"plays '{card.title}' ({card.ops} ops)"
    if kind == ActionKind.EVENT:
        return actor, "plays the card's event"
    if kind == ActionKind.OPS:
        return actor, "uses the card's operation points"
    if kind == ActionKind.OP:
        return actor, f"uses the operation '{rules.operations[a.arg].name}'"
    if kind == ActionKind.TARGET and isinstance(top, ChooseTarget):
        cost = op_cost(s, top.seat, top.op, a.arg, top.ops)
        return actor, (
            f"targets {rules.regions[a.arg].name} with "
            f"'{rules.operations[top.op].name}' for {cost} point(s)"
        )
    if kind == ActionKind.DONE:
        return actor, "stops spending operation points"
    if kind == ActionKind.PASS:
        return actor, "passes"
    if kind == ActionKind.OPTION and isinstance(top, ChooseOption):
        option = dict(top.options)[a.arg]
        return actor, f"chooses: {option.text or a.arg}"
    if kind == ActionKind.ARGUE:
        return actor, f"argues for '{rules.arguments[a.arg].title}'"
    if kind == ActionKind.APPROVE and isinstance(top, Adjudicate):
        return "Control", f"lets {top.seat}'s argument succeed"
    if kind == ActionKind.DENY and isinstance(top, Adjudicate):
        return "Control", f"rules {top.seat}'s argument down"
    if kind == ActionKind.ODDS and isinstance(top, Adjudicate):
        return "Control", f"sets the odds: {top.seat} needs {a.arg}+ on 2d6"
    if kind == ActionKind.VOTE and isinstance(top, Vote):
        effect = "lowers" if a.arg == "yes" else "raises"
        return actor, f"votes {a.arg} on {top.arguer}'s argument ({effect} the roll it needs)"
    if kind == ActionKind.ROLL and isinstance(top, ArgumentRoll):
        return "chance", f"the argument's dice come up {a.arg} (it needs {top.need}+)"
    return "chance", f"{a}"


def why_not(s: Position, a: Action, legal: Collection[Action] | None = None) -> str | None:
    """Why ``a`` is refused now, in words; None when it is legal. ``legal``: the legal
    actions now, when the caller has them (a view words several refusals of one position)."""
    if a in (legal_actions(s) if legal is None else legal):
        return None
    if s.result is not None:
        return "the game is over"
    if a.is_intervention:
        return "Control's interventions are made with State.apply_control, not as a decision"
    actor = s.current_actor()
    top = s.stack[-1]
    rules = s.ix.rules
    say = Namer(rules, actor)
    if actor == CHANCE:
        if not a.is_chance:
            return "the game is waiting on chance (a draw or a roll), not on a player"
        return f"'{a}' is not a possible outcome of this draw or roll"
    if a.is_chance:
        return f"the game is waiting for {actor} to decide, not on chance"
    if isinstance(top, ChooseCard):
        if a.kind == ActionKind.PLAY:
            if a.arg not in rules.cards:
                return f"there is no card '{a.arg}'"
            return f"'{a.arg}' is not in {top.seat}'s hand"
        if a.kind == ActionKind.PASS:
            return f"{say.actor(top.seat)} holds cards, and this scenario allows no passing"
        if a.kind == ActionKind.ARGUE:
            return _why_not_argue(s, top.seat, a.arg)
    if a.kind == ActionKind.EVENT and isinstance(top, ChooseMode):
        card = rules.cards[top.card].title
        return f"the event of \u2018{card}\u2019 cannot be played: " + (
            event_refusal(s, top.seat, top.card) or ""
        )
    if a.kind == ActionKind.OP and isinstance(top, ChooseOp):
        op = rules.operations.get(a.arg)
        if op is None:
            return f"there is no operation '{a.arg}'"
        if op.per_card and top.uses.count(a.arg) >= op.per_card:
            times = "once" if op.per_card == 1 else f"{op.per_card} times"
            return f"\u2018{op.name}\u2019 may be used only {times} per card"
        return reasons.no_target(s, top.seat, a.arg, top.ops, top.points)
    if a.kind == ActionKind.TARGET and isinstance(top, ChooseTarget):
        return target_refusal(s, top, a.arg)
    if a.kind == ActionKind.OPTION and isinstance(top, ChooseOption):
        for key, option in top.closed:
            if key == a.arg:
                text = option.text.strip().rstrip(".") or key
                why = reasons.option_refusal(s, option, top.ctx) or "it is not offered now"
                return f"\u201c{text}\u201d {why}"
        return f"'{a.arg}' is not one of the options: {', '.join(k for k, _ in top.options)}"
    if isinstance(top, Adjudicate) and a.kind == ActionKind.ODDS:
        return f"the odds are a 2d6 total from 2 to 12, not '{a.arg}'"
    if isinstance(top, Vote) and a.kind == ActionKind.VOTE:
        return f"a vote is 'vote yes' or 'vote no', not '{a.arg}'"
    return f"the game is waiting for {_who(actor)} to {_wanted(top)}"


def target_refusal(s: Position, top: ChooseTarget, region: str) -> str:
    """Why a region is not a target of the operation being placed, in words."""
    return reasons.target_refusal(s, top.seat, top.op, region, top.ops, top.points)


def _why_not_argue(s: Position, seat: str, argument: str) -> str:
    rules = s.ix.rules
    m = rules.manifest.matrix
    if argument not in rules.arguments:
        return f"there is no argument '{argument}'"
    if not m.enabled:
        return "this scenario has no matrix arguments"
    if m.adjudication == "control" and not s.control:
        return "arguments are ruled on by Control, and this game has no Control cell"
    if argument not in open_arguments(s, seat):
        if any(arg == argument for _, arg in s.facts):
            return f"'{argument}' is already an established fact"
        return f"{seat} may not argue for '{argument}'"
    return f"{seat} may not argue for '{argument}' now"  # pragma: no cover - listed above


def _who(actor: str | None) -> str:
    return {CONTROL: "Control", CHANCE: "chance"}.get(actor or "", actor or "nobody")


def _wanted(top: object) -> str:
    """What the top decision asks for, as the action people type."""
    return {
        ChooseCard: "choose: play <card>",
        ChooseMode: "choose: event or ops",
        ChooseOp: "choose: op <operation> or done",
        ChooseTarget: "choose: target <region>",
        ChooseOption: "choose: option <key>",
        Adjudicate: "rule: approve, deny or odds <2-12>",
        Vote: "vote: vote yes or vote no",
    }.get(type(top), "decide")
