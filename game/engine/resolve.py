"""Applying effects to a working copy of the state, one effect at a time.

Each effect either changes the state at once or pushes a frame: a decision (a
choice), a chance step (a roll, a draw) or more effects. The caller, the turn
loop, keeps popping frames until a decision or chance step is on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from game.engine.decisions import (
    NO_CTX,
    ChanceDiscard,
    ChanceDraw,
    ChanceRoll,
    ChooseOption,
    Ctx,
    make_run,
)
from game.engine.evaluate import Eval
from game.engine.events import Datum, LogKind, make_entry
from game.engine.outcome import Result, Termination, standings
from game.ruleset import effects as fx

if TYPE_CHECKING:
    from game.engine.work import Work

MAX_INFLUENCE = 99
MAX_FORCES = 99


def log(
    s: Work,
    kind: LogKind,
    text: str,
    *,
    audience: tuple[str, ...] = (),
    public_text: str = "",
    secret: tuple[str, ...] = (),
    extra: Mapping[str, Datum] | None = None,
    **data: Datum,
) -> None:
    """Write one log event: its kind, its words and its data (see LogKind for the keys;
    ``extra`` adds data gathered beforehand). A quiet State's steps (a search's world) write
    none."""
    if s.quiet:
        return
    if extra:
        data = {**extra, **data}
    s.log = (make_entry(s.step, s.turn, text, audience, public_text, kind, data, secret), s.log)


def _actor(ref: str, ctx: Ctx) -> str:
    if ref == "self":
        assert ctx.actor is not None, "validated: 'self' only where an actor acts"
        return ctx.actor
    return ref


def _region(ref: str, ctx: Ctx) -> str:
    if ref == "target":
        assert ctx.target is not None, "validated: 'target' only in operations"
        return ctx.target
    return ref


def _amount(s: Work, expr: fx.Expr, ctx: Ctx) -> int:
    return int(expr(Eval.of(s, ctx)))


def push(s: Work, frame: object) -> None:
    s.stack = (*s.stack, frame)  # type: ignore[arg-type]


def run_effects(s: Work, effects: tuple[fx.Effect, ...], ctx: Ctx, source: str = "") -> None:
    """Queue effects to apply (they run before anything already on the stack)."""
    if effects:
        push(s, make_run(effects, 0, ctx, source))


def apply_effect(s: Work, eff: fx.Effect, ctx: Ctx, source: str = "") -> None:
    """Apply one effect (or push the frame that will resolve it); ``source`` says what the
    effect belongs to ('card peacekeepers'), for a game it ends."""
    ix = s.ix
    if isinstance(eff, (fx.AddInfluence, fx.RemoveInfluence, fx.AddForces, fx.RemoveForces)):
        actor, region = _actor(eff.actor, ctx), _region(eff.region, ctx)
        amount = _amount(s, eff.amount, ctx)
        r = ix.region_idx[region]
        k = r * ix.n_actors + ix.actor_idx[actor]
        is_infl = isinstance(eff, (fx.AddInfluence, fx.RemoveInfluence))
        sign = 1 if isinstance(eff, (fx.AddInfluence, fx.AddForces)) else -1
        before = (s.infl if is_infl else s.forces)[k]
        after = max(0, min(MAX_INFLUENCE if is_infl else MAX_FORCES, before + sign * amount))
        if after != before:
            table = s.own_infl() if is_infl else s.own_forces()
            table[k] = after
            s.changed_region(r)
            word = "influence" if is_infl else "forces"
            if not s.quiet:
                log(
                    s,
                    LogKind.INFLUENCE if is_infl else LogKind.FORCES,
                    f"{actor} {word} in {region}: {before} to {after}",
                    actor=actor,
                    region=region,
                    before=before,
                    after=after,
                )
    elif isinstance(eff, (fx.MoveTrack, fx.SetTrack)):
        value = _amount(s, eff.by if isinstance(eff, fx.MoveTrack) else eff.to, ctx)
        old = s.tracks[eff.track]
        new = old + value if isinstance(eff, fx.MoveTrack) else value
        move_track(s, eff.track, new)
    elif isinstance(eff, fx.SetFlag):
        if eff.flag not in s.flags:
            s.flags = s.flags | {eff.flag}
            if not s.quiet:
                log(s, LogKind.FLAG, f"flag set: {eff.flag}", flag=eff.flag, set=True)
    elif isinstance(eff, fx.ClearFlag):
        if eff.flag in s.flags:
            s.flags = s.flags - {eff.flag}
            if not s.quiet:
                log(s, LogKind.FLAG, f"flag cleared: {eff.flag}", flag=eff.flag, set=False)
    elif isinstance(eff, (fx.GainVp, fx.LoseVp)):
        actor = _actor(eff.actor, ctx)
        amount = _amount(s, eff.amount, ctx)
        delta = amount if isinstance(eff, fx.GainVp) else -amount
        if delta:
            s.own_vp()[actor] = s.vp.get(actor, 0) + delta
            if not s.quiet:
                log(
                    s,
                    LogKind.VP,
                    f"{actor} {'gains' if delta > 0 else 'loses'} {abs(delta)} VP "
                    f"(now {s.vp[actor]})",
                    actor=actor,
                    delta=delta,
                    total=s.vp[actor],
                )
    elif isinstance(eff, fx.DrawCards):
        actor = _actor(eff.actor, ctx)
        if actor in s.hands:
            for _ in range(max(0, _amount(s, eff.count, ctx))):
                push(s, ChanceDraw(actor))
    elif isinstance(eff, fx.DiscardCards):
        actor = _actor(eff.actor, ctx)
        if actor in s.hands:
            for _ in range(max(0, _amount(s, eff.count, ctx))):
                push(s, ChanceDiscard(actor))
    elif isinstance(eff, fx.Roll):
        push(s, ChanceRoll(eff.table, _amount(s, eff.modifier, ctx), ctx))
    elif isinstance(eff, fx.Choose):
        offer(s, _actor(eff.chooser, ctx), eff.options, ctx, eff.prompt)
    elif isinstance(eff, fx.If):
        branch = eff.then if eff.condition(Eval.of(s, ctx)) else eff.otherwise
        run_effects(s, branch, ctx, source)
    elif isinstance(eff, fx.EndGame):
        winners: tuple[str, ...] = ()
        if eff.result == "win" and eff.winner is not None:
            winners = (_actor(eff.winner, ctx),)
        end_game(
            s,
            eff.result,
            winners,
            eff.text or "the rules ended the game",
            Termination.RULES,
            source,
        )
    elif isinstance(eff, fx.Say):
        log(s, LogKind.SAY, eff.text, audience=ctx.audience)
    elif isinstance(eff, fx.ReturnCard):
        return_card(s, eff.card)
    else:  # pragma: no cover - every effect class is handled above
        raise TypeError(f"unknown effect {eff!r}")


def offer(s: Work, seat: str, options: dict[str, fx.Option], ctx: Ctx, prompt: str) -> None:
    """Push a choice among the options whose conditions hold (none: nothing happens)."""
    ev = Eval.of(s, ctx)
    open_ = tuple((k, o) for k, o in options.items() if o.when is None or o.when(ev))
    if not open_:
        text = f"{seat} has no option to choose: {prompt}"
        log(s, LogKind.NO_OPTION, text, audience=choice_audience(seat, ctx), seat=seat)
        return
    if seat not in s.hands:  # a non-playing actor: the first open option applies
        run_effects(s, open_[0][1].effects, ctx)
        return
    offered = {k for k, _ in open_}
    closed = tuple((k, o) for k, o in options.items() if k not in offered)
    push(s, ChooseOption(seat, open_, ctx, prompt, closed))


def choice_audience(seat: str, ctx: Ctx) -> tuple[str, ...]:
    """Who may read a choice made under ``ctx``: everyone, or a private inject's audience and
    the seat that chooses (it must read the question to answer it)."""
    if not ctx.audience or seat in ctx.audience:
        return ctx.audience
    return (*ctx.audience, seat)


def move_track(s: Work, track_id: str, value: int) -> None:
    """Set a track (clamped to its range) and fire the thresholds it crosses."""
    track = s.ix.rules.tracks[track_id]
    old = s.tracks[track_id]
    new = max(track.min, min(track.max, value))
    if new == old:
        return
    s.own_tracks()[track_id] = new
    if not s.quiet:
        log(
            s, LogKind.TRACK, f"{track.name}: {old} to {new}", track=track_id, before=old, after=new
        )
    for i, th in enumerate(track.thresholds):
        if not ((old < th.at <= new) if th.direction == "up" else (new <= th.at < old)):
            continue  # not crossed
        key = f"{track_id}:{i}"
        if th.once and key in s.thresholds:
            continue
        s.thresholds = s.thresholds | {key}
        if th.text and not s.quiet:
            log(
                s,
                LogKind.THRESHOLD,
                f"{track.name} reaches {th.at}: {th.text}",
                track=track_id,
                at=th.at,
                direction=th.direction,
            )
        run_effects(s, th.effects, NO_CTX, f"threshold {key}")


def return_card(s: Work, card: str) -> None:
    if card in s.discard:
        i = s.discard.index(card)
        s.discard = s.discard[:i] + s.discard[i + 1 :]
    elif card in s.removed:
        i = s.removed.index(card)
        s.removed = s.removed[:i] + s.removed[i + 1 :]
    else:
        return
    s.deck = tuple(sorted((*s.deck, card)))
    log(s, LogKind.RETURN_CARD, f"{card} returns to the deck", card=card)


def end_game(
    s: Work,
    kind: str,
    winners: tuple[str, ...],
    reason: str,
    termination: Termination,
    cause: str = "",
) -> None:
    """End the game now; ``kind`` is win, most_vp or none; ``cause`` names the end
    condition of a sudden death, or the source of an `end_game` effect."""
    score = s.margins()
    if kind == "most_vp":
        best = max(score.values())
        winners = tuple(seat for seat in s.ix.seats if score[seat] == best)
        if len(winners) > 1 and s.ix.rules.manifest.victory.tie == "none":
            winners = ()
        kind = "win" if len(winners) == 1 else ("shared" if winners else "none")
    elif kind == "win":
        kind = "win" if winners else "none"
    else:
        winners = ()
    s.result = Result(
        kind, winners, reason, termination, cause, standings(score, s.scores(), winners)
    )
    s.stack = ()
    s.phase = "over"
    who = ", ".join(winners) if winners else "nobody"
    log(
        s,
        LogKind.GAME_OVER,
        f"game over: {reason}; winner: {who}",
        termination=termination,
        cause=cause,
        result=kind,
        winners=" ".join(winners),
        reason=reason,
    )
