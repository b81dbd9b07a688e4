"""The turn structure and the decisions of a card play.

A turn runs: scheduled events → draw up to the hand size → action rounds, each
seat in initiative order playing one card → end-of-turn effects → scoring →
next turn (or the final scoring). Between decisions the loop in :func:`advance`
resolves everything automatic, so a state always waits on a decision, a chance
step, or nothing (game over).
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING

from game.engine import matrix, residual
from game.engine.actions import Action, ActionKind, RulesLoop
from game.engine.chance import apply_chance, card_outcome, chance_weights, made_once
from game.engine.decisions import (
    AFTER_CARD,
    NO_CTX,
    Adjudicate,
    AfterCard,
    ArgumentRoll,
    ChanceDiscard,
    ChanceDraw,
    ChooseCard,
    ChooseMode,
    ChooseOp,
    ChooseOption,
    ChooseTarget,
    Run,
    Vote,
    make_choose_card,
    make_choose_mode,
    make_choose_op,
    make_choose_target,
    make_ctx,
    make_run,
)
from game.engine.evaluate import Eval
from game.engine.events import LogKind
from game.engine.injects import fire_next_due
from game.engine.resolve import (
    apply_effect,
    choice_audience,
    end_game,
    log,
    offer,
    push,
    run_effects,
)
from game.engine.scoring import check_end_conditions, final_scoring, score_objectives
from game.engine.targets import candidates

if TYPE_CHECKING:
    from game.engine.work import Position, Work

MAX_AUTO_STEPS = 100_000


# -- the automatic part ---------------------------------------------------------------------
def advance(s: Work, stop_at_turn_end: bool = False) -> None:
    """Resolve automatic steps on the working state ``s`` until a decision is needed (or,
    with ``stop_at_turn_end``, until a turn has closed, before the next one starts)."""
    turn = s.turn
    looping: list[str] = []
    watch = MAX_AUTO_STEPS - 1000  # from here on, note what keeps firing
    for n in range(MAX_AUTO_STEPS):
        if s.result is not None:
            return
        stack = s.stack
        if n >= watch and stack and isinstance(stack[-1], Run):
            looping.append(stack[-1].source)
        if stop_at_turn_end and s.turn > turn:
            return
        if stack:
            top = stack[-1]
            if isinstance(top, Run):
                effects, index = top.effects, top.index
                if index + 1 < len(effects):  # the rest wait in a Run of their own
                    s.stack = (*stack[:-1], make_run(effects, index + 1, top.ctx, top.source))
                else:
                    s.stack = stack[:-1]
                if index < len(effects):
                    apply_effect(s, effects[index], top.ctx, top.source)
                continue
            if isinstance(top, AfterCard):
                s.stack = stack[:-1]
                if not check_end_conditions(s):
                    _next_seat(s)
                continue
            if isinstance(top, ChanceDraw) and not _can_draw(s):
                s.stack = stack[:-1]
                log(
                    s,
                    LogKind.CANNOT_DRAW,
                    f"{top.seat} cannot draw: the deck and discard pile are empty",
                    seat=top.seat,
                )
                continue
            if isinstance(top, ChanceDiscard) and not s.hands.get(top.seat):
                s.stack = stack[:-1]
                continue
            if isinstance(top, ChanceDraw) and not s.deck:
                _reshuffle(s)
            return  # a decision or a chance step
        _phase_step(s)
    busiest = Counter(looping).most_common(3)
    raise RulesLoop(
        f"the rules loop without end: more than {MAX_AUTO_STEPS:,} automatic steps, "
        f"{', '.join(src for src, _ in busiest) or 'nothing named'} firing again and again; "
        "fix the rules (a threshold or an event that sets off another that sets it off)"
    )


def _can_draw(s: Work) -> bool:
    return bool(s.deck or s.discard)


def _reshuffle(s: Work) -> None:
    s.deck = tuple(sorted(s.discard))
    s.discard = ()
    log(
        s,
        LogKind.RESHUFFLE,
        f"the discard pile ({len(s.deck)} cards) is shuffled into the deck",
        cards=len(s.deck),
    )


def _phase_step(s: Work) -> None:
    """The stack is empty: start the next part of the turn."""
    rules = s.ix.rules
    if s.phase == "start":
        cal = rules.manifest.calendar[s.turn - 1]
        if not s.quiet:
            log(
                s,
                LogKind.TURN,
                f"— turn {s.turn}: {cal.label} ({cal.date}) —",
                turn=s.turn,
                label=cal.label,
                date=cal.date,
            )
        s.phase = "events"
    elif s.phase == "events":
        if not fire_next_due(s):
            s.phase = "draw"
    elif s.phase == "draw":
        size = rules.manifest.hand_size
        frames = []
        for seat in reversed(s.ix.seats):  # pushed in reverse: the first seat draws first
            frames += [ChanceDraw(seat)] * max(0, size - len(s.hands[seat]))
        s.stack = (*s.stack, *frames)
        s.phase, s.round, s.seat_pos = "actions", 1, 0
    elif s.phase == "actions":
        if s.round > rules.manifest.action_rounds:
            s.phase = "end"
            return
        seat = s.ix.seats[s.seat_pos]
        s.stack = (*s.stack, AFTER_CARD, make_choose_card(seat))
    elif s.phase == "end":
        s.phase = "scoring"
        s.round = 0
        run_effects(s, rules.manifest.turn_end, NO_CTX, "end of turn")
    elif s.phase == "scoring":
        if s.turn >= s.ix.turns:
            final_scoring(s)
            return
        score_objectives(s, final=False)
        if check_end_conditions(s):
            return
        s.turn += 1
        s.phase = "start"
    else:  # pragma: no cover - "over" has a result and returns above
        raise RuntimeError(f"unknown phase {s.phase}")


def _next_seat(s: Work) -> None:
    s.seat_pos += 1
    if s.seat_pos >= len(s.ix.seats):
        s.seat_pos = 0
        s.round += 1


# -- decisions: what may be chosen ---------------------------------------------------------
def event_playable(s: Position, seat: str, card_id: str) -> str | None:
    """None when ``seat`` may play the card's event now, else the reason it may not."""
    card = s.ix.rules.cards[card_id]
    if card.side != "neutral" and card.side != seat:
        return f"it is {card.side}'s event; {seat} may only use its operation points"
    lo, hi = s.ix.card_window[card_id]
    if not lo <= s.turn <= hi:
        return f"its event can be played only in turns {lo}–{hi} (now turn {s.turn})"
    if card.when is not None and not card.when(Eval(s, seat, None, card.ops)):
        return f"its condition does not hold: {card.when.text}"
    if not card.event and not card.options:
        return "it has no event"
    return None


def op_cost(s: Position, seat: str, op_id: str, region: str, ops: int) -> int:
    op = s.ix.rules.operations[op_id]
    return int(op.cost(Eval(s, seat, region, ops)))


def op_targets(
    s: Position,
    frame: ChooseOp | ChooseTarget,
    op_id: str,
    first_only: bool = False,
    ev: Eval | None = None,
) -> list[str]:
    """Regions the operation may target now, affordable with the points left (``ev``: an
    evaluation context of ``s`` for the frame's seat and ops, to reuse across operations)."""
    op = s.ix.rules.operations[op_id]
    if op.per_card and frame.uses.count(op_id) >= op.per_card:
        return []
    out: list[str] = []
    if ev is None:
        ev = Eval(s, frame.seat, None, frame.ops)
    points = frame.points
    table = residual.table(s, op_id, frame.seat)
    if table is not None:  # each region's conditions, specialised (game.engine.residual)
        if table.guard is not None and not table.guard(ev):
            return out
        rows = table.rows
        for i, (region, test, fixed, cost_of) in enumerate(rows):
            if test is residual.UNBUILT:
                region, test, fixed, cost_of = residual.reach(s, op_id, frame.seat, rows, i)
            if test is None or test(ev):
                cost = int(cost_of(ev)) if cost_of is not None else fixed
                if cost is not None and 0 <= cost <= points:
                    out.append(region)
                    if first_only:
                        break
        return out
    target, cost_fn = op.target.fn, op.cost.fn
    assert target is not None and cost_fn is not None
    for region in candidates(s, op_id, frame.seat):
        ev.target = region
        if target(ev) and 0 <= int(cost_fn(ev)) <= points:
            out.append(region)
            if first_only:
                break
    return out


def legal_actions(s: Position) -> list[Action]:
    if s.result is not None or not s.stack:
        return []
    top = s.stack[-1]
    acts: list[Action]
    if isinstance(top, ChooseCard):
        hand = s.hands[top.seat]
        acts = [made_once(s.ix.plays, ActionKind.PLAY, c) for c in sorted(set(hand))]
        if not hand or s.ix.rules.manifest.pass_allowed:
            acts.append(_PASS)
        acts += [Action(ActionKind.ARGUE, a) for a in matrix.open_arguments(s, top.seat)]
    elif isinstance(top, ChooseMode):
        acts = [_OPS]
        if event_playable(s, top.seat, top.card) is None:
            acts.append(_EVENT)
    elif isinstance(top, ChooseOp):
        acts = [_DONE]
        ev = Eval(s, top.seat, None, top.ops)
        made = s.ix.op_actions
        acts += [
            made_once(made, ActionKind.OP, o)
            for o in s.ix.rules.operations
            if op_targets(s, top, o, first_only=True, ev=ev)
        ]
    elif isinstance(top, ChooseTarget):
        made = s.ix.target_actions
        acts = [made_once(made, ActionKind.TARGET, r) for r in op_targets(s, top, top.op)]
    elif isinstance(top, ChooseOption):
        acts = [Action(ActionKind.OPTION, k) for k, _ in top.options]
    elif isinstance(top, (Adjudicate, Vote)):
        acts = matrix.legal(top)
    elif isinstance(top, (ChanceDraw, ChanceDiscard)):
        # each distinct card once, in id order: already the order of their texts
        # ("draw <card>"), so no sort (a game lists a draw's outcomes hundreds of times)
        draw = isinstance(top, ChanceDraw)
        made, kind = (s.ix.draws, ActionKind.DRAW) if draw else (s.ix.discards, ActionKind.DISCARD)
        return [made.get(c) or made_once(made, kind, c)
                for c in sorted(set(s.deck if draw else s.hands[top.seat]))]  # fmt: skip
    else:
        weights = getattr(s, "_chance_weights", None)  # a State keeps them: asked again soon
        acts = [a for a, _ in (weights() if weights is not None else chance_weights(s))]
    acts.sort(key=_TEXT)
    return acts


_PASS, _OPS, _EVENT, _DONE = (Action(k) for k in (ActionKind.PASS, ActionKind.OPS, ActionKind.EVENT,
                                                   ActionKind.DONE))  # fmt: skip
"""The actions without an argument, made once (an Action never changes)."""
_TEXT = attrgetter("_text")
"""An action's text (Action keeps it): options are sorted by it, read without a call."""


def revalidate(s: Work) -> None:
    """After Control changed the board under a pending decision: a target choice whose
    operation has no target left goes back to the choice of operation (where 'done' is
    always open), so the seat is never left with no legal action."""
    top = s.stack[-1] if s.stack else None
    if isinstance(top, ChooseTarget) and not op_targets(s, top, top.op, first_only=True):
        s.stack = (*s.stack[:-1], ChooseOp(top.seat, top.card, top.points, top.ops, top.uses))


def is_legal(s: Position, action: Action) -> bool:
    """Whether ``action`` is legal, without listing every option (replay checks one action)."""
    if s.result is not None or not s.stack:
        return False
    top = s.stack[-1]
    kind, arg = action.kind, action.arg
    # The frames in the order a game meets them most (a replay asks at every step): an
    # operation, a card, a draw, a target; the rest are rarer.
    if isinstance(top, ChooseOp):
        if kind == ActionKind.DONE:  # always open: a seat may stop spending points
            return arg == ""
        return (kind == ActionKind.OP and arg in s.ix.rules.operations
                and bool(op_targets(s, top, arg, first_only=True)))  # fmt: skip
    if isinstance(top, ChooseCard):
        if kind == ActionKind.PLAY:  # any card in the hand
            return arg in s.hands[top.seat]
        if kind == ActionKind.PASS:
            return arg == "" and (not s.hands[top.seat] or s.ix.rules.manifest.pass_allowed)
        return action in legal_actions(s)  # an argument: listed
    # The options legal_actions lists, asked one at a time (a replay checks every step):
    if isinstance(top, ChanceDraw):  # a draw of any card in the deck
        return kind == ActionKind.DRAW and arg in s.deck
    if isinstance(top, ChooseTarget):
        if kind != ActionKind.TARGET or arg not in s.ix.region_idx:
            return False
        op = s.ix.rules.operations[top.op]
        ev = Eval(s, top.seat, arg, top.ops)
        return bool(op.target(ev)) and 0 <= int(op.cost(ev)) <= top.points
    if isinstance(top, ChooseMode):
        if kind == ActionKind.OPS:
            return arg == ""
        event = kind == ActionKind.EVENT and arg == ""
        return event and event_playable(s, top.seat, top.card) is None
    if isinstance(top, ChooseOption):
        return kind == ActionKind.OPTION and any(k == arg for k, _ in top.options)
    if isinstance(top, ChanceDiscard):  # a discard of any card in the hand
        return kind == ActionKind.DISCARD and arg in s.hands[top.seat]
    return action in legal_actions(s)


# -- decisions: what a choice does ----------------------------------------------------------
def apply_action(s: Work, action: Action, stop_at_turn_end: bool = False) -> None:
    """Apply a legal action to the working copy ``s`` and run on to the next decision (or
    to the close of the turn, with ``stop_at_turn_end``)."""
    s.step += 1
    top = s.stack[-1]
    s.stack = s.stack[:-1]
    kind, arg = action.kind, action.arg
    if isinstance(top, ChooseCard):
        if kind == ActionKind.PLAY:
            _play_card(s, top.seat, arg)
        elif kind == ActionKind.ARGUE:
            matrix.start_argument(s, top.seat, arg)
        else:
            if not s.quiet:
                log(s, LogKind.PASS, f"{top.seat} passes", seat=top.seat)
    elif isinstance(top, ChooseMode):
        _choose_mode(s, top, kind)
    elif isinstance(top, ChooseOp):
        if kind == ActionKind.OP:
            push(s, make_choose_target(top.seat, top.card, arg, top.points, top.ops, top.uses))
        elif top.points and not s.quiet:
            log(
                s,
                LogKind.GIVE_UP,
                f"{top.seat} gives up {top.points} operation point(s)",
                seat=top.seat,
                points=top.points,
            )
    elif isinstance(top, ChooseTarget):
        cost = op_cost(s, top.seat, top.op, arg, top.ops)
        op = s.ix.rules.operations[top.op]
        left = top.points - cost
        if not s.quiet:
            log(
                s,
                LogKind.OPERATION,
                f"{top.seat}: {op.name} in {arg} ({cost} point(s), {left} left)",
                seat=top.seat,
                card=top.card,
                op=top.op,
                region=arg,
                cost=cost,
                left=left,
            )
        if left > 0:
            push(s, make_choose_op(top.seat, top.card, left, top.ops, (*top.uses, top.op)))
        run_effects(s, op.effects, make_ctx(top.seat, arg, top.ops, top.card, ()), f"op {top.op}")
    elif isinstance(top, (Adjudicate, Vote)):
        matrix.decide(s, top, action)
    elif isinstance(top, ArgumentRoll):
        s.counter += 1
        matrix.resolve_roll(s, top, action)
    elif isinstance(top, ChooseOption):
        option = dict(top.options)[arg]
        private = choice_audience(top.seat, top.ctx)
        if not s.quiet:
            log(
                s,
                LogKind.OPTION,
                f"{top.seat} chooses: {option.text or arg}",
                audience=private,
                public_text=f"{top.seat} makes a private choice" if private else "",
                secret=("option", "words"),
                seat=top.seat,
                option=arg,
                words=option.text or arg,
            )
        run_effects(s, option.effects, top.ctx, f"option {arg}")
    else:
        apply_chance(s, top, action)
    advance(s, stop_at_turn_end)


def _play_card(s: Work, seat: str, card_id: str) -> None:
    hand = list(s.hands[seat])
    hand.remove(card_id)
    s.own_hands()[seat] = tuple(hand)
    s.discard = (*s.discard, card_id)  # a removed event moves it on from here
    s.played = s.played | {card_id}
    card = s.ix.rules.cards[card_id]
    if not s.quiet:
        log(
            s,
            LogKind.PLAY,
            f"{seat} plays {card.title} ({card.ops} ops)",
            seat=seat,
            card=card_id,
            ops=card.ops,
            round=s.round,
        )
    if event_playable(s, seat, card_id) is None:
        push(s, make_choose_mode(seat, card_id))
    else:
        _choose_mode(s, ChooseMode(seat, card_id), ActionKind.OPS)


def _choose_mode(s: Work, frame: ChooseMode, kind: str) -> None:
    card = s.ix.rules.cards[frame.card]
    ctx = make_ctx(frame.seat, None, card.ops, frame.card, ())
    if kind == ActionKind.EVENT:
        s.events_played = s.events_played | {frame.card}
        if card.remove_after_event:
            i = len(s.discard) - 1 - s.discard[::-1].index(frame.card)
            s.discard = s.discard[:i] + s.discard[i + 1 :]
            s.removed = (*s.removed, frame.card)
        if not s.quiet:
            log(
                s,
                LogKind.EVENT,
                f"{frame.seat} plays the event: {card.title}",
                seat=frame.seat,
                card=frame.card,
            )
        if card.options:
            offer(s, frame.seat, card.options, ctx, card.title)
        run_effects(s, card.event, ctx, f"card {frame.card}")
    elif card.ops > 0:
        push(s, make_choose_op(frame.seat, frame.card, card.ops, card.ops, ()))


__all__ = [
    "advance",
    "apply_action",
    "card_outcome",
    "chance_weights",
    "end_game",
    "legal_actions",
]
