"""The debrief's facts, read from the engine's log events and the recorded steps.

Card plays, Control's interventions and matrix arguments are found by the
kinds and data of the log events (a play, an operation, an argument, a
ruling...), never by reading the log's words, so a change of wording in the
engine cannot silently drop them from the report. All of them are public at
the table; draws, which are not, never pass through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from game.engine import LogEntry, LogKind, State
from game.engine.status import objective_status
from game.engine.views import View
from game.ruleset.model import Ruleset
from game.ruleset.words import Namer, event_rules, sentence
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
    rules: str = ""
    """What the card's event does (its generated rules text), so a reader of the report
    need not know the deck."""


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
    """What it needs (the generated rules text), then its own words."""
    scoring: str
    vp: int
    met_end: bool
    times_scored: int
    vp_earned: int
    met_by_turn: tuple[bool, ...]
    """Whether it held at the setup and at the close of each turn (the report's snapshots)."""


def plays(rules: Ruleset, log: Sequence[LogEntry]) -> list[Play]:
    """Every card play, argument and pass, with the mode and targets that followed it,
    read from the log events (a play, its event or its operations, a pass, an argument)."""
    out: list[dict[str, Any]] = []
    current: dict[str, dict[str, Any]] = {}
    for e in log:
        d = e.data
        seat = str(d.get("seat", ""))
        if e.kind in (LogKind.PLAY, LogKind.PASS, LogKind.ARGUMENT):
            kind = {LogKind.PLAY: "play", LogKind.PASS: "pass", LogKind.ARGUMENT: "argue"}[e.kind]
            ident = str(d.get("card", d.get("argument", "")))
            title = text = ""
            if kind == "play" and ident in rules.cards:
                title = rules.cards[ident].title
                text = " ".join(event_rules(rules, rules.cards[ident]))
            elif kind == "argue" and ident in rules.arguments:
                title = rules.arguments[ident].title
            play = {
                "step": e.step,
                "turn": e.turn,
                "round": int(d.get("round", 0)),
                "seat": seat,
                "kind": kind,
                "card": ident,
                "title": title,
                "mode": "",
                "targets": (),
                "rules": text,
            }
            out.append(play)
            current[seat] = play
        elif seat in current and e.kind == LogKind.EVENT:
            current[seat]["mode"] = "event"
        elif seat in current and e.kind in (LogKind.OPERATION, LogKind.GIVE_UP):
            play = current[seat]
            play["mode"] = play["mode"] or "ops"
            if e.kind == LogKind.OPERATION:
                op, region = str(d.get("op", "")), str(d.get("region", ""))
                name = rules.operations[op].name if op in rules.operations else op
                where = rules.regions[region].name if region in rules.regions else region
                play["targets"] = (*play["targets"], f"{name} in {where}")
    return [Play(**p) for p in out]


def overrides(record: Record, states: list[State], view: View) -> list[Override]:
    """Every Control intervention with its reason and the log lines it wrote."""
    out = []
    for k, step in enumerate(record.steps, start=1):
        if not is_intervention(step):
            continue
        lines = tuple(e.text for e in view.log if e.step == k)
        out.append(Override(k, states[k - 1].turn, step.at, step.action, step.reason, lines))
    return out


def arguments(rules: Ruleset, record: Record, log: Sequence[LogEntry]) -> list[ArgumentCase]:
    """Every matrix argument: the seat's words and reasons, the ruling, the roll, the result,
    read from the log events of the argument and the record's step that made it."""
    out: list[ArgumentCase] = []
    votes: list[str] = []
    for e in log:
        d = e.data
        if e.kind == LogKind.ARGUMENT:
            aid = str(d.get("argument", ""))
            outcome = rules.arguments.get(aid)
            step = record.steps[e.step - 1] if 0 < e.step <= len(record.steps) else None
            votes = []
            out.append(
                ArgumentCase(
                    e.step,
                    e.turn,
                    step.at if step else "",
                    str(d.get("seat", "")),
                    aid,
                    outcome.title if outcome is not None else aid,
                    outcome.text if outcome is not None else "",
                    step.text if step else "",
                    step.reason if step else "",
                )
            )
            continue
        if not out:
            continue
        case = out[-1]
        if e.kind == LogKind.RULING:
            ruling = str(d.get("ruling", ""))
            if ruling in ("approve", "deny"):
                word = {"approve": "approved", "deny": "denied"}[ruling]
                out[-1] = attrs.evolve(case, ruling=word, result=word)
            else:
                out[-1] = attrs.evolve(case, ruling="Control set the odds")
        elif e.kind == LogKind.VOTE:
            votes.append(str(d.get("vote", "")))
            tally = f"table vote {votes.count('yes')}–{votes.count('no')}"
            out[-1] = attrs.evolve(case, ruling=tally)
        elif e.kind == LogKind.ARGUMENT_ROLL:
            need, roll = int(d.get("need", 0)), int(d.get("total", 0))
            ok = bool(d.get("success"))
            out[-1] = attrs.evolve(
                case, need=need, roll=roll, result="succeeded" if ok else "failed"
            )
    return out


def objectives(
    rules: Ruleset, record: Record, states: list[State], view: View
) -> list[ObjectiveRow]:
    """Each objective, seats' first: met at the end, times scored and VP earned.

    Times scored count the viewer's public scoring lines of that objective;
    whether it held at each turn's close is filled in by :func:`with_history`.
    """
    holds = {o.id: o.holds for o in objective_status(states[-1])}
    order = {a: i for i, a in enumerate(record.seat_ids)}
    rows = []
    for oid, obj in sorted(
        rules.objectives.items(), key=lambda kv: (order.get(kv[1].actor, len(order)), kv[0])
    ):
        n = sum(1 for e in view.log if e.kind == LogKind.SCORE and e.data.get("objective") == oid)
        rows.append(
            ObjectiveRow(
                oid,
                obj.actor,
                obj.title,
                " ".join(
                    x
                    for x in (
                        sentence("Needs: " + Namer(rules, obj.actor).condition(obj.condition)),
                        obj.text.strip(),
                    )
                    if x
                ),
                obj.scoring,
                obj.vp,
                holds[oid],
                n,
                n * obj.vp,
                (),
            )
        )
    return rows


def with_history(rows: list[ObjectiveRow], snaps: list[Snapshot]) -> list[ObjectiveRow]:
    """The rows with whether each objective held at the setup and at every turn's close."""
    held = [{o.id: o.holds for o in objective_status(s.state)} for s in snaps]
    return [attrs.evolve(r, met_by_turn=tuple(h[r.oid] for h in held)) for r in rows]
