"""The decision in progress, as data: what is asked, of whom, the options and their costs,
and for each option not offered, why.

The top frame of the decision stack is engine-internal; shells used to read
it by class name and attribute. The view now carries a :class:`Decision`
instead: the board lays out its buttons from ``options``, greys out and
explains the ``refused`` ones, the terminal numbers the options, and the
network sends it as it is.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from game.engine.actions import CHANCE, CONTROL, Action, ActionKind
from game.engine.decisions import (
    Adjudicate,
    ArgumentRoll,
    ChanceDiscard,
    ChanceDraw,
    ChanceRoll,
    ChooseCard,
    ChooseMode,
    ChooseOp,
    ChooseOption,
    ChooseTarget,
    Vote,
)
from game.engine.explain import target_refusal, what, why_not
from game.engine.turn import legal_actions, op_cost

if TYPE_CHECKING:
    from game.engine.work import Position


class DecisionKind(StrEnum):
    """What the game is waiting for."""

    CARD = "card"
    """A seat chooses a card to play (or passes, or argues)."""
    MODE = "mode"
    """A seat plays the card's event or uses its operation points."""
    OPERATION = "operation"
    """A seat picks an operation, or stops spending points."""
    TARGET = "target"
    """A seat picks the region an operation acts on."""
    OPTION = "option"
    """A seat picks one option of a choice."""
    RULING = "ruling"
    """Control rules on a matrix argument."""
    VOTE = "vote"
    """A seat votes on another seat's argument."""
    CHANCE = "chance"
    """A draw, a discard or a roll."""
    OVER = "over"
    """Nothing: the game is over."""


@attrs.frozen(slots=True)
class Choice:
    """One option offered."""

    action: Action
    label: str
    """What it means, in words ('Peacekeepers (3 ops)', 'Stepanakert')."""
    cost: int | None = None
    """Operation points it costs (a target), when it costs any."""


@attrs.frozen(slots=True)
class Refusal:
    """An option not offered now, and why."""

    action: Action
    reason: str
    label: str = ""
    """What the option is, in words, where the action alone does not say (a closed option's
    own text)."""


@attrs.frozen(slots=True)
class Decision:
    """The decision the game waits for."""

    kind: DecisionKind
    actor: str | None
    """Who decides: a seat, ``control``, ``chance``, or None when the game is over."""
    prompt: str
    """The question with the seat's id first, as the log and the terminal print it."""
    question: str = ""
    """The question for the person deciding, with titles for ids ('Play the event of
    “Drone war”, or use its 3 operation points'): what a board shows."""
    card: str | None = None
    """The card being played (mode, operation, target)."""
    op: str | None = None
    """The operation being placed (target)."""
    points: int | None = None
    """Operation points left (operation, target)."""
    ops: int | None = None
    """The card's operation points (operation, target)."""
    argument: str | None = None
    """The argument ruled or voted on, or rolled for."""
    arguer: str | None = None
    """Who made that argument."""
    need: int | None = None
    """The 2d6 roll the argument needs (its roll)."""
    yes: int = 0
    no: int = 0
    """The votes so far (vote)."""
    chance_for: str | None = None
    """The seat a draw or a random discard is for (chance)."""
    options: tuple[Choice, ...] = ()
    """The options, when this view may decide (empty for others)."""
    refused: tuple[Refusal, ...] = ()
    """Options not offered now, with the reason (views for people; bots skip them)."""


def decision_of(s: Position, viewer: str, detail: bool = True) -> Decision:
    """The decision ``s`` waits for, as ``viewer`` sees it: the options only if the viewer
    decides (Control sees them all), the refusals only with ``detail``."""
    if s.result is not None or not s.stack:
        return Decision(DecisionKind.OVER, None, "the game is over", "The game is over.")
    top = s.stack[-1]
    actor = s.current_actor()
    base = _frame_fields(s, top)
    decides = viewer == CONTROL or (viewer == actor and actor != CHANCE)
    if not decides:
        if isinstance(top, ChooseOption) and top.ctx.private_to(viewer):
            q = "A private choice"
            return Decision(DecisionKind.OPTION, top.seat, f"{top.seat}: {q.lower()}", q)
        return attrs.evolve(base, actor=actor)
    options = tuple(Choice(a, label(s, a), _cost(s, top, a)) for a in legal_actions(s))
    refused = _refusals(s, top) if detail and actor != CHANCE else ()
    return attrs.evolve(base, actor=actor, options=options, refused=refused)


def _frame_fields(s: Position, top: object) -> Decision:
    rules = s.ix.rules
    if isinstance(top, ChooseCard):
        return Decision(
            DecisionKind.CARD,
            top.seat,
            f"{top.seat}: choose a card to play",
            "Choose a card to play",
        )
    if isinstance(top, ChooseMode):
        card = rules.cards[top.card]
        return Decision(
            DecisionKind.MODE,
            top.seat,
            f"{top.seat}: play the event of {top.card}, or use its operation points",
            f"Play the event of “{card.title}”, or use its {_points(card.ops)}",
            card=top.card,
        )
    if isinstance(top, ChooseOp):
        return Decision(
            DecisionKind.OPERATION,
            top.seat,
            f"{top.seat}: spend operation points ({top.points} left) or stop",
            f"Spend operation points ({top.points} left) or stop",
            card=top.card,
            points=top.points,
            ops=top.ops,
        )
    if isinstance(top, ChooseTarget):
        name = rules.operations[top.op].name
        return Decision(
            DecisionKind.TARGET,
            top.seat,
            f"{top.seat}: choose a target region for {name}",
            f"Choose a target region for {name}",
            card=top.card,
            op=top.op,
            points=top.points,
            ops=top.ops,
        )
    if isinstance(top, ChooseOption):
        question = top.prompt[:1].upper() + top.prompt[1:]
        return Decision(DecisionKind.OPTION, top.seat, f"{top.seat}: {top.prompt}", question)
    if isinstance(top, Adjudicate):
        title = rules.arguments[top.argument].title
        return Decision(
            DecisionKind.RULING,
            CONTROL,
            f"control: rule on {top.seat}'s argument '{title}' (approve, deny or set odds)",
            f"Rule on {_name(s, top.seat)}'s argument “{title}”: approve, deny or set the odds",
            argument=top.argument,
            arguer=top.seat,
        )
    if isinstance(top, Vote):
        title = rules.arguments[top.argument].title
        return Decision(
            DecisionKind.VOTE,
            top.seat,
            f"{top.seat}: vote on {top.arguer}'s argument '{title}' "
            "(yes lowers the roll it needs, no raises it)",
            f"Vote on {_name(s, top.arguer)}'s argument “{title}”: "
            "yes lowers the roll it needs, no raises it",
            argument=top.argument,
            arguer=top.arguer,
            yes=top.yes,
            no=top.no,
        )
    chance = ("chance: a draw or a roll", "Resolving…")
    if isinstance(top, ArgumentRoll):
        return Decision(
            DecisionKind.CHANCE,
            CHANCE,
            *chance,
            argument=top.argument,
            arguer=top.seat,
            need=top.need,
        )
    if isinstance(top, (ChanceDraw, ChanceDiscard)):
        return Decision(DecisionKind.CHANCE, CHANCE, *chance, chance_for=top.seat)
    assert isinstance(top, ChanceRoll), top
    return Decision(DecisionKind.CHANCE, CHANCE, *chance)


def _points(n: int) -> str:
    return f"{n} operation point" + ("" if n == 1 else "s")


def _name(s: Position, seat: str) -> str:
    actor = s.ix.rules.actors.get(seat)
    return actor.name if actor else seat


def label(s: Position, a: Action) -> str:
    """A legal action of the current decision in a few words, for a button or a list."""
    rules = s.ix.rules
    top = s.stack[-1] if s.stack else None
    if a.kind == ActionKind.PLAY:
        card = rules.cards[a.arg]
        return f"{card.title} ({card.ops} ops)"
    if a.kind == ActionKind.EVENT and isinstance(top, ChooseMode):
        return f"Play the event: {rules.cards[top.card].title}"
    if a.kind == ActionKind.OPS and isinstance(top, ChooseMode):
        return f"Use the {rules.cards[top.card].ops} operation points"
    if a.kind == ActionKind.OP:
        return rules.operations[a.arg].name
    if a.kind == ActionKind.TARGET:
        return rules.regions[a.arg].name
    if a.kind == ActionKind.DONE and isinstance(top, ChooseOp):
        return f"Stop ({top.points} point(s) left unused)" if top.points else "Stop"
    if a.kind == ActionKind.PASS:
        return "Pass"
    if a.kind == ActionKind.OPTION and isinstance(top, ChooseOption):
        option = dict(top.options)[a.arg]
        return option.text or a.arg
    if a.kind == ActionKind.ARGUE:
        return f"Argue: {rules.arguments[a.arg].title}"
    return what(s, a).removeprefix("chance: ")


def _cost(s: Position, top: object, a: Action) -> int | None:
    if a.kind == ActionKind.TARGET and isinstance(top, ChooseTarget):
        return op_cost(s, top.seat, top.op, a.arg, top.ops)
    return None


def _refusals(s: Position, top: object) -> tuple[Refusal, ...]:
    rules = s.ix.rules
    out: list[Refusal] = []
    if isinstance(top, ChooseCard):
        candidates = [Action(ActionKind.PASS)]
        m = rules.manifest.matrix
        if m.enabled and (m.adjudication != "control" or s.control):
            candidates += [Action(ActionKind.ARGUE, aid) for aid in rules.arguments]
        out += _refused(s, candidates)
    elif isinstance(top, ChooseMode):
        out += _refused(s, [Action(ActionKind.EVENT)])
    elif isinstance(top, ChooseOp):
        out += _refused(s, [Action(ActionKind.OP, o) for o in rules.operations])
    elif isinstance(top, ChooseOption):
        words = {k: o.text.strip().rstrip(".") or k for k, o in top.closed}
        out += [
            attrs.evolve(r, label=words.get(r.action.arg, ""))
            for r in _refused(s, [Action(ActionKind.OPTION, k) for k, _ in top.closed])
        ]
    elif isinstance(top, ChooseTarget):
        offered = set(legal_actions(s))
        for region in s.ix.regions:
            a = Action(ActionKind.TARGET, region)
            if a not in offered:
                out.append(Refusal(a, target_refusal(s, top, region)))
    return tuple(out)


def _refused(s: Position, candidates: list[Action]) -> list[Refusal]:
    out = []
    legal = frozenset(legal_actions(s))
    for a in candidates:
        reason = why_not(s, a, legal)
        if reason is not None:
            out.append(Refusal(a, reason))
    return out
