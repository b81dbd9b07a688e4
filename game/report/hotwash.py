"""Hotwash questions: a short standing set for any policy seminar, plus this game's own.

The standing questions move the room from what happened to why and to what it
means outside the game. The generated ones point at this game's moments that
deserve a discussion: objectives that slipped away or were never reached, the
way the game ended, each Control intervention and argument, the sharpest
swing of a track, and the moments analysts tagged.
"""

from __future__ import annotations

from game.report.data import ReportData

STANDING = (
    "What did your team set out to achieve at the start, and how did that aim change as "
    "the game went on?",
    "Which single decision or moment mattered most? What did you know, and what did you "
    "assume, when it came?",
    "What did you get wrong about another team's aims, limits or red lines, and when did "
    "you notice?",
    "Which inject changed your plans, and which did you choose to ignore? Why?",
    "Where did the game behave unlike the real world would have? Is that a flaw of the "
    "model or a finding worth keeping?",
    "With what you know now, what would you do differently in the first two turns?",
    "What does this game suggest for real policy — and what should no one read into it?",
)
MAX_OBJECTIVE_QUESTIONS = 5
MAX_OVERRIDE_QUESTIONS = 4
MAX_TAG_QUESTIONS = 3


def questions(data: ReportData) -> list[str]:
    """This game's own questions, most telling first, few enough for one debrief."""
    out = _ending(data)
    out += _objectives(data)[:MAX_OBJECTIVE_QUESTIONS]
    out += _overrides(data)
    out += _arguments(data)
    out += _swing(data)
    out += [
        f"Turn {_turn_of(data, n.step)}, tagged “{n.tag}” by {n.author}: “{n.text}”. "
        "What happened there, and what does it teach?"
        for n in data.annotations
        if n.tag
    ][:MAX_TAG_QUESTIONS]
    return out


def _overrides(data: ReportData) -> list[str]:
    out = []
    for o in data.overrides[:MAX_OVERRIDE_QUESTIONS]:
        what = (o.lines[0] if o.lines else o.action).removesuffix(f" (reason: {o.reason})")
        what = what.removeprefix("Control ")
        out.append(
            f"In turn {o.turn} Control {what}, because “{o.reason}”. Was it fair, "
            "and did it change your plans?"
        )
    if len(data.overrides) > MAX_OVERRIDE_QUESTIONS:
        out.append(
            f"Control intervened {len(data.overrides)} times in all. Did the interventions "
            "keep the game credible, or take it away from the teams?"
        )
    return out


def _arguments(data: ReportData) -> list[str]:
    args = data.arguments
    if not args:
        return []
    won = [a for a in args if a.result in ("succeeded", "approved")]
    out = []
    if len(args) > 2:
        out.append(
            f"{len(args)} matrix arguments were made and {len(won)} became established facts. "
            "Which case was the most convincing, and were the odds set consistently?"
        )
    long_shot = max((a for a in won if a.need is not None), key=lambda a: a.need or 0, default=None)
    near_miss = min(
        (a for a in args if a.result == "failed"), key=lambda a: a.need or 99, default=None
    )
    for a in [x for x in (long_shot, near_miss) if x is not None] or args[:2]:
        dice = f", needing {a.need}+ and rolling {a.roll}" if a.roll is not None else ""
        out.append(
            f"In turn {a.turn} {data.name(a.seat)} argued for “{a.title}” ({a.result}{dice}). "
            "Was the case plausible, and were the odds right?"
        )
    return out


def _ending(data: ReportData) -> list[str]:
    result = data.final.result
    if result is None:
        return [
            f"The session stopped in turn {data.final.turn} before the game ended. "
            "Where was it heading, and who was best placed?"
        ]
    sudden = {c.title or cid for cid, c in data.rules.end_conditions.items()}
    scores = sorted(data.final.scores().items(), key=lambda kv: -kv[1])
    if result.reason in sudden:
        return [
            f"The game ended early in turn {data.final.turn}: {result.reason}. Who pushed it "
            "there, did anyone see it coming, and what could have stopped it?"
        ]
    if result.winners and len(scores) > 1:
        best, second = scores[0], next((s for s in scores if s[0] not in result.winners), None)
        names = " and ".join(data.name(w) for w in result.winners)
        gap = f", {best[1] - second[1]} VP ahead of {data.name(second[0])}" if second else ""
        return [
            f"{names} won with {best[1]} VP{gap}. What gave them the edge, and when could "
            "the others still have stopped it?"
        ]
    return ["Nobody won. What kept every team from its goals?"]


def _objectives(data: ReportData) -> list[str]:
    """Objectives that slipped away or were missed; a team's own first, weightiest first."""
    found: list[tuple[int, int, str]] = []
    turns = len(data.snapshots) - 1
    for row in data.objectives:
        own = row.actor == data.viewer
        if not (data.is_control or own):
            continue
        who = "your team" if own else data.name(row.actor)
        held = [i for i, met in enumerate(row.met_by_turn) if met and i > 0]
        if row.scoring == "each_turn" and 0 < len(held) < turns:
            q = (
                f"{who[:1].upper() + who[1:]} held “{row.title}” at the close of {len(held)} of "
                f"{turns} turns. What made it slip, and what would have kept it?"
            )
            found.append((0, -row.vp, q))
        elif row.scoring == "end" and not row.met_end and held:
            q = (
                f"{who[:1].upper() + who[1:]} had “{row.title}” at the close of turn {held[-1]} "
                "but not at the end. What took it away?"
            )
            found.append((0, -row.vp, q))
        elif not row.met_end and not row.times_scored and (own or row.vp >= 3):
            q = f"“{row.title}” ({data.name(row.actor)}) was never met. Out of reach, or set aside?"
            found.append((1, -row.vp, q))
    return [q for _, _, q in sorted(found, key=lambda f: (f[0], f[1]))]


def _swing(data: ReportData) -> list[str]:
    best: tuple[int, str] | None = None
    snaps = data.snapshots
    for i in range(1, len(snaps)):
        for tid, track in data.rules.tracks.items():
            a, b = snaps[i - 1].state.tracks[tid], snaps[i].state.tracks[tid]
            if abs(b - a) >= 2 and (best is None or abs(b - a) > best[0]):
                verb = "rose" if b > a else "fell"
                best = (
                    abs(b - a),
                    f"{track.name} {verb} from {a} to {b} in turn {snaps[i].turn} "
                    f"({snaps[i].label}). What drove it, and who gained?",
                )
    return [best[1]] if best else []


def _turn_of(data: ReportData, step: int) -> int:
    return data.states[min(max(step, 0), len(data.states) - 1)].turn
