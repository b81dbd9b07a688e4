"""Statistics of a batch: who wins, how often, with what confidence, and why.

Win rates come with Wilson score intervals, which stay honest for small
samples and for rates near 0 or 1 (where the normal approximation fails).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from typing import Any

from game.ruleset.model import Ruleset
from game.sim.batch import GameSummary

Z95 = 1.959963984540054


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes <= 0 else max(0.0, centre - half)
    hi = 1.0 if successes >= n else min(1.0, centre + half)
    return (lo, hi)


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
        per_seat[seat] = {
            "wins": wins,
            "shared": shared,
            "win_rate": wins / n,
            "win_ci95": [lo, hi],
            "mean_vp": sum(vps) / n,
            "min_vp": min(vps),
            "max_vp": max(vps),
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
    }


def summary_text(rules: Ruleset, results: list[GameSummary]) -> str:
    s = summarise(rules, results)
    n = s["games"]
    lines = [
        f"{n} games of {rules.manifest.title} (seeds {s['seeds'][0]}..{s['seeds'][1]})",
        f"{'seat':<12}{'wins':>6}{'win %':>8}{'95% CI':>16}{'shared':>8}{'mean VP':>9}",
    ]
    for seat, d in s["seats"].items():
        lo, hi = d["win_ci95"]
        lines.append(
            f"{seat:<12}{d['wins']:>6}{100 * d['win_rate']:>7.1f}%"
            f"{f'{100 * lo:.1f}–{100 * hi:.1f}%':>16}{d['shared']:>8}"
            f"{d['mean_vp']:>9.1f}"
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
    return "\n".join(lines)


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
                "steps": r.steps,
                "turns": r.turns,
                "objectives": list(r.objectives),
            }
            for r in results
        ],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def to_csv(rules: Ruleset, results: list[GameSummary]) -> str:
    """One row per game: seed, result, winners, reason, steps, turns, VP per seat."""
    out = io.StringIO()
    seats = list(rules.manifest.seats)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "seed",
            "result",
            "winners",
            "reason",
            "steps",
            "turns",
            *[f"vp_{s}" for s in seats],
            "objectives",
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
                " ".join(r.objectives),
            ]
        )
    return out.getvalue()
