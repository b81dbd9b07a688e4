"""Objectives, sudden death and the final result.

Scoring happens at the end of each turn: `each_turn` objectives score whenever
they hold, `once` objectives the first time, `end` objectives only after the
last turn. End conditions are checked after every card and at every turn's end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.evaluate import Eval
from game.engine.events import LogKind
from game.engine.outcome import Termination
from game.engine.resolve import end_game, log

if TYPE_CHECKING:
    from game.engine.work import Position, Work


def objective_met(s: Position, oid: str) -> bool:
    obj = s.ix.rules.objectives[oid]
    return bool(obj.condition(Eval(s, obj.actor)))


def score_objectives(s: Work, final: bool) -> None:
    """Award the victory points of every objective due at this scoring."""
    for oid, obj in s.ix.rules.objectives.items():
        if obj.scoring == "end" and not final:
            continue
        if obj.scoring == "once" and oid in s.scored:
            continue
        if not objective_met(s, oid):
            continue
        if obj.scoring == "once":
            s.scored = s.scored | {oid}
        s.own_vp()[obj.actor] = s.vp.get(obj.actor, 0) + obj.vp
        if not s.quiet:
            log(
                s,
                LogKind.SCORE,
                f"{obj.actor} scores '{obj.title}': {obj.vp:+d} VP (now {s.vp[obj.actor]})",
                actor=obj.actor,
                objective=oid,
                vp=obj.vp,
                total=s.vp[obj.actor],
            )


def check_end_conditions(s: Work) -> bool:
    """End the game if a sudden-death condition holds; True when it ended."""
    ev = Eval(s)
    for cid, cond in s.ix.rules.end_conditions.items():
        if cond.when(ev):
            winners = (cond.winner,) if cond.winner else ()
            end_game(s, cond.result, winners, cond.title or cid, Termination.SUDDEN_DEATH, cid)
            return True
    return False


def final_scoring(s: Work) -> None:
    """After the last turn: `end` objectives, then the highest score wins."""
    score_objectives(s, final=True)
    end_game(s, "most_vp", (), "the last turn is over", Termination.LAST_TURN)
