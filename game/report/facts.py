"""The debrief's facts, read from the recorded steps and the frames they answered.

Card plays, Control's interventions and matrix arguments are found by the
decision each step answered (a ChooseCard frame, an Adjudicate frame, ...),
not by reading the log's words, so a change of wording in the engine cannot
silently drop them from the report. All of them are public at the table;
draws, which are not, never pass through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from game.engine import State
from game.engine.scoring import objective_met
from game.engine.views import View
from game.ruleset.model import Ruleset
from game.session.record import Record
from game.session.session import is_intervention

if TYPE_CHECKING:
    from game.report.data import Snapshot


@attrs.frozen
class Play:
    """One seat's action in an action round: a card played, an argument made, or a pass."""

    step: int
    turn: int
    round: int
    seat: str
    kind: str
    """play, argue or pass."""
    card: str = ""
    """The card's id (the argued outcome's id for an argument)."""
    title: str = ""
    mode: str = ""
    """event or ops (empty for an argument, a pass, or a card with neither)."""
    targets: tuple[str, ...] = ()
    """The operations carried out, as 'Operation in Region name'."""


@attrs.frozen
class Override:
    """A Control intervention: what it did, why, and what the table read in the log."""

    step: int
    turn: int
    at: str
    action: str
    reason: str
    lines: tuple[str, ...]


@attrs.frozen
class ArgumentCase:
    """A matrix argument from the seat's case to the dice."""

    step: int
    turn: int
    at: str
    seat: str
    outcome: str
    title: str
    meaning: str
    words: str
    reasons: str
    ruling: str = ""
    """How it was ruled on: Control set the odds, approved or denied it, or the table voted."""
    need: int | None = None
    """The 2d6 total it needed, when dice decided."""
    roll: int | None = None
    result: str = "pending"
    """succeeded, failed, approved, denied or pending (the record stops before the ruling)."""


@attrs.frozen
class ObjectiveRow:
    """An objective at the end of the game, and how often it scored."""

    oid: str
    actor: str
    title: str
    text: str
    scoring: str
    vp: int
    met_end: bool
    times_scored: int
    vp_earned: int
    met_by_turn: tuple[bool, ...]
    """Whether it held at the setup and at the close of each turn (the report's snapshots)."""


def _frame(states: list[State], k: int) -> object | None:
    stack = states[k - 1].stack
    return stack[-1] if stack else None


def plays(record: Record, states: list[State]) -> list[Play]:
    """Every card play, argument and pass, with the mode and targets that followed it."""
    out: list[dict[str, object]] = []
    rules = states[0].rules
    for k, step in enumerate(record.steps, start=1):
        if is_intervention(step):
            continue
        frame = _frame(states, k)
        name = type(frame).__name__
        kind, _, arg = step.action.partition(" ")
        seat = getattr(frame, "seat", "")
        if name == "ChooseCard":
            title = ""
            if kind == "play" and arg in rules.cards:
                title = rules.cards[arg].title
            elif kind == "argue" and arg in rules.arguments:
                title = rules.arguments[arg].title
            out.append(
                {
                    "step": k,
                    "turn": states[k - 1].turn,
                    "round": states[k - 1].round,
                    "seat": seat,
                    "kind": kind,
                    "card": arg,
                    "title": title,
                    "mode": "",
                    "targets": (),
                }
            )
            continue
        current = next((p for p in reversed(out) if p["seat"] == seat), None)
        if current is None:
            continue
        if name == "ChooseMode":
            current["mode"] = kind
        elif name == "ChooseOp":  # operations, whether chosen or the only use of the card
            current["mode"] = current["mode"] or "ops"
        elif name == "ChooseTarget":
            op = rules.operations[getattr(frame, "op", "")]
            current["mode"] = current["mode"] or "ops"
            where = rules.regions[arg].name if arg in rules.regions else arg
            current["targets"] = (*current["targets"], f"{op.name} in {where}")  # type: ignore[misc]
    return [Play(**p) for p in out]  # type: ignore[arg-type]


def overrides(record: Record, states: list[State], view: View) -> list[Override]:
    """Every Control intervention with its reason and the log lines it wrote."""
    out = []
    for k, step in enumerate(record.steps, start=1):
        if not is_intervention(step):
            continue
        lines = tuple(e.text for e in view.log if e.step == k)
        out.append(Override(k, states[k - 1].turn, step.at, step.action, step.reason, lines))
    return out


def arguments(record: Record, states: list[State]) -> list[ArgumentCase]:
    """Every matrix argument: the seat's words and reasons, the ruling, the roll, the result."""
    rules = states[0].rules
    out: list[ArgumentCase] = []
    votes: dict[int, list[str]] = {}
    for k, step in enumerate(record.steps, start=1):
        frame = _frame(states, k)
        name = type(frame).__name__
        kind, _, arg = step.action.partition(" ")
        if name == "ChooseCard" and kind == "argue":
            outcome = rules.arguments.get(arg)
            out.append(
                ArgumentCase(
                    k,
                    states[k - 1].turn,
                    step.at,
                    getattr(frame, "seat", ""),
                    arg,
                    outcome.title if outcome is not None else arg,
                    outcome.text if outcome is not None else "",
                    step.text,
                    step.reason,
                )
            )
            continue
        if not out or name not in ("Adjudicate", "Vote", "ArgumentRoll"):
            continue
        case = out[-1]
        if name == "Adjudicate":
            ruling = {"approve": "approved", "deny": "denied"}.get(kind, "Control set the odds")
            result = ruling if kind in ("approve", "deny") else case.result
            out[-1] = attrs.evolve(case, ruling=ruling, result=result)
        elif name == "Vote":
            votes.setdefault(len(out) - 1, []).append(arg)
            ballots = votes[len(out) - 1]
            tally = f"table vote {ballots.count('yes')}–{ballots.count('no')}"
            out[-1] = attrs.evolve(case, ruling=tally)
        else:
            need = int(getattr(frame, "need", 0))
            roll = int(arg)
            out[-1] = attrs.evolve(
                case, need=need, roll=roll, result="succeeded" if roll >= need else "failed"
            )
    return out


def scoring_prefix(rules: Ruleset, oid: str) -> str:
    """How the engine's log opens the line of one scoring of an objective."""
    obj = rules.objectives[oid]
    return f"{obj.actor} scores '{obj.title}': {obj.vp:+d} VP"


def objectives(
    rules: Ruleset, record: Record, states: list[State], view: View
) -> list[ObjectiveRow]:
    """Each objective, seats' first: met at the end, times scored and VP earned.

    Times scored count the viewer's public scoring lines of that objective;
    whether it held at each turn's close is filled in by :func:`with_history`.
    """
    final = states[-1]
    order = {a: i for i, a in enumerate(record.seat_ids)}
    rows = []
    for oid, obj in sorted(
        rules.objectives.items(), key=lambda kv: (order.get(kv[1].actor, len(order)), kv[0])
    ):
        prefix = scoring_prefix(rules, oid)
        n = sum(1 for e in view.log if e.text.startswith(prefix))
        rows.append(
            ObjectiveRow(
                oid,
                obj.actor,
                obj.title,
                obj.text,
                obj.scoring,
                obj.vp,
                objective_met(final, oid),
                n,
                n * obj.vp,
                (),
            )
        )
    return rows


def with_history(rows: list[ObjectiveRow], snaps: list[Snapshot]) -> list[ObjectiveRow]:
    """The rows with whether each objective held at the setup and at every turn's close."""
    return [
        attrs.evolve(r, met_by_turn=tuple(objective_met(s.state, r.oid) for s in snaps))
        for r in rows
    ]
