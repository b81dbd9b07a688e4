"""Statistics of a batch: who wins, how often, with what confidence, and why.

Win rates come with Wilson score intervals, which stay honest for small
samples and for rates near 0 or 1 (where the normal approximation fails).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

from game import csv_safe
from game.ruleset.model import Ruleset
from game.sim.batch import GameSummary
from game.sim.history import Z95, history_summary, indicator_rows, mean_ci, wilson

__all__ = ["Z95", "summarise", "summary_text", "to_csv", "to_json", "wilson"]


def summarise(rules: Ruleset, results: list[GameSummary]) -> dict[str, Any]:
    """Everything `simulate` reports, as plain data (JSON-ready)."""
    n = len(results)
    seats = list(rules.manifest.seats)
    per_seat = {}
    for seat in seats:
        wins = sum(1 for r in results if r.kind == "win" and r.winners == (seat,))
        shared = sum(1 for r in results if r.kind == "shared" and seat in r.winners)
        lo, hi = wilson(wins, n)
        vps = [r.vp[seat] for r in results]
        margins = [float(r.margins.get(seat, r.vp[seat])) for r in results]
        m, mlo, mhi = mean_ci(margins)
        per_seat[seat] = {
            "wins": wins,
            "shared": shared,
            "win_rate": wins / n,
            "win_ci95": [lo, hi],
            "won_or_shared": wins + shared,
            "won_or_shared_rate": (wins + shared) / n,
            "won_or_shared_ci95": list(wilson(wins + shared, n)),
            "mean_vp": sum(vps) / n,
            "min_vp": min(vps),
            "max_vp": max(vps),
            "mean_margin": m,
            "margin_ci95": [mlo, mhi],
        }
    lengths = sorted(r.steps for r in results)
    turns = Counter(r.turns for r in results)
    objectives = Counter(o for r in results for o in r.objectives)
    sudden = sum(r.sudden_death for r in results)
    return {
        "scenario": rules.id,
        "version": rules.manifest.version,
        "games": n,
        "seeds": [results[0].seed, results[-1].seed],
        "seats": per_seat,
        "results": dict(sorted(Counter(r.kind for r in results).items())),
        "sudden_death": {"games": sudden, "rate": sudden / n, "ci95": list(wilson(sudden, n))},
        "endings": dict(Counter(r.reason for r in results).most_common()),
        "length": {
            "min": lengths[0],
            "median": lengths[n // 2],
            "max": lengths[-1],
            "mean": sum(lengths) / n,
            "turns": {str(k): v for k, v in sorted(turns.items())},
        },
        "objectives": {
            oid: {
                "actor": o.actor,
                "title": o.title,
                "achieved": objectives[oid],
                "rate": objectives[oid] / n,
            }
            for oid, o in rules.objectives.items()
        },
        "victory_by": rules.manifest.victory.by,
        "indicators": indicator_rows(rules, [r.indicators for r in results]),
        "history": history_summary(rules, [r.indicators for r in results]),
    }


def summary_text(rules: Ruleset, results: list[GameSummary]) -> str:
    s = summarise(rules, results)
    n = s["games"]
    margin = s["victory_by"] == "margin"
    bots = sorted({f"{seat}={bot}" for r in results for seat, bot in r.bots.items()})
    lines = [
        f"{n} games of {rules.manifest.title} (seeds {s['seeds'][0]}..{s['seeds'][1]})",
        _wrapped("bots: " + (", ".join(bots) or "none")),
        f"{'seat':<12}{'wins':>6}{'win %':>8}{'95% CI':>16}{'shared':>8}{'mean VP':>9}"
        + (f"{'margin':>8}" if margin else ""),
    ]
    for seat, d in s["seats"].items():
        lo, hi = d["win_ci95"]
        lines.append(
            f"{seat:<12}{d['wins']:>6}{100 * d['win_rate']:>7.1f}%"
            f"{f'{100 * lo:.1f}–{100 * hi:.1f}%':>16}{d['shared']:>8}"
            f"{d['mean_vp']:>9.1f}" + (f"{d['mean_margin']:>+8.1f}" if margin else "")
        )
    sd = s["sudden_death"]
    lines.append(
        f"results: {s['results']}; sudden death: {sd['games']} "
        f"({100 * sd['rate']:.1f}%, 95% CI {100 * sd['ci95'][0]:.1f}–"
        f"{100 * sd['ci95'][1]:.1f}%)"
    )
    ln = s["length"]
    lines.append(
        f"game length in actions: min {ln['min']}, median {ln['median']}, "
        f"max {ln['max']}; turns played: " + ", ".join(f"{k}: {v}" for k, v in ln["turns"].items())
    )
    lines.append("endings: " + "; ".join(f"{k} ×{v}" for k, v in s["endings"].items()))
    lines.append("objectives achieved (share of games):")
    for oid, d in s["objectives"].items():
        lines.append(f"  {d['actor']:<11}{100 * d['rate']:>6.1f}%  {d['title']} ({oid})")
    lines += history_text(s)
    return "\n".join(lines)


def history_text(s: dict[str, Any]) -> list[str]:
    """The indicators part of the summary: each one's rate against history, and the mean
    distance of a game from history."""
    if not s["indicators"]:
        return []
    lines = ["historical indicators (as in history: share of games, 95% CI):"]
    for iid, d in s["indicators"].items():
        lo, hi = d["history_ci95"]
        rate = f"{100 * d['history_rate']:5.1f}% [{100 * lo:4.1f}–{100 * hi:5.1f}]"
        if d["kind"] == "value":
            m, (vlo, vhi) = d["mean"], d["ci95"]
            extra = f"; mean {m:.2f} [{vlo:.2f}–{vhi:.2f}], history {d['historical']:g}"
        else:
            extra = f"; history: {'yes' if d['historical'] else 'no'}"
        lines.append(f"  {rate}  {d['title']} ({iid}{extra})")
    h = s["history"]
    dist = h["distance"]
    lines.append(
        f"distance from history: {dist['mean']:.3f} (95% CI {dist['ci95'][0]:.3f}–"
        f"{dist['ci95'][1]:.3f}; 0 = every indicator as in history, 1 = none); indicators "
        f"as in history per game: {h['matched']['mean']:.1f} of {h['indicators']}"
    )
    return lines


def to_json(rules: Ruleset, results: list[GameSummary]) -> str:
    doc = {
        "summary": summarise(rules, results),
        "games": [
            {
                "seed": r.seed,
                "result": r.kind,
                "winners": list(r.winners),
                "reason": r.reason,
                "vp": r.vp,
                "margins": r.margins,
                "steps": r.steps,
                "turns": r.turns,
                "objectives": list(r.objectives),
                "indicators": r.indicators,
                "bots": r.bots,
            }
            for r in results
        ],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def to_csv(rules: Ruleset, results: list[GameSummary]) -> str:
    """One row per game: seed, result, winners, reason, steps, turns, VP per seat."""
    out = io.StringIO()
    seats = list(rules.manifest.seats)
    w = csv_safe.writer(out, lineterminator="\n")
    w.writerow(
        [
            "seed",
            "result",
            "winners",
            "reason",
            "steps",
            "turns",
            *[f"vp_{s}" for s in seats],
            *[f"margin_{s}" for s in seats],
            "objectives",
            *[f"ind_{i}" for i in rules.indicators],
        ]
    )
    for r in results:
        w.writerow(
            [
                r.seed,
                r.kind,
                " ".join(r.winners),
                r.reason,
                r.steps,
                r.turns,
                *[r.vp[s] for s in seats],
                *[r.margins.get(s, r.vp[s]) for s in seats],
                " ".join(r.objectives),
                *[_cell(r.indicators.get(i, "")) for i in rules.indicators],
            ]
        )
    return out.getvalue()


def _cell(v: object) -> object:
    """Indicator values in CSV: 1/0 for yes/no (spreadsheets sum them), numbers as they are."""
    return int(v) if isinstance(v, bool) else v


def _wrapped(text: str) -> str:
    """A summary line wrapped to the terminal's 100 columns."""
    import textwrap

    return textwrap.fill(text, 100, subsequent_indent="  ")
