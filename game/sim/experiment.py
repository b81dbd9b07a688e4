"""The thesis experiment: the same games played once per doctrine of one actor, then compared.

The question is which reading of an actor (its named doctrines in the scenario
YAML) brings a game closest to the historical record, and what each reading
changes for the actor and for the others. Everything but the actor's doctrine
is held fixed: every doctrine plays the same seeds, the other seats keep the
same bots, and each seat's bot seed derives from the game seed and the seat
(:func:`game.sim.batch.play_game`). Two games on one seed then differ only by
the doctrine (common random numbers), so the differences between doctrines are
measured game by game with paired t intervals, far narrower than a comparison
of two independent batches.

This module plans the games, sorts the results back to their doctrines and
turns them into plain data (JSON-ready); the text, files and charts are in
:mod:`game.sim.experiment_report` and :mod:`game.sim.experiment_html`.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

import attrs

from game.ai.doctrine import doctrine_title
from game.ruleset.model import Ruleset
from game.sim.batch import GameSummary, Job
from game.sim.history import (
    distances,
    history_summary,
    indicator_rows,
    matched_counts,
    mean_ci,
    paired_difference,
    wilson,
)

MIN_GAMES = 2
"""A t interval needs two games (one difference has no spread)."""


@attrs.frozen
class Design:
    """What an experiment plays: one actor's doctrines on the same seeds, everyone else fixed."""

    scenario: str
    """The scenario folder (resolved, so worker processes find it)."""
    actor: str
    """The seat whose doctrine changes."""
    doctrines: tuple[str, ...]
    """The doctrines compared, in the order they are reported."""
    games: int
    """Games per doctrine."""
    seed: int
    """Seed of the first game; game i of every doctrine uses ``seed + i``."""
    kind: str = "heuristic"
    """The bot kind of the actor's seat (it plays ``KIND:DOCTRINE``)."""
    others: dict[str, str] = attrs.field(factory=dict)
    """Every other seat's bot, the same for all doctrines."""
    difficulty: str = "normal"
    mods: tuple[str, ...] = ()

    @property
    def seeds(self) -> list[int]:
        return list(range(self.seed, self.seed + self.games))

    def spec(self, doctrine: str) -> str:
        """The bot the actor's seat plays under ``doctrine``."""
        return f"{self.kind}:{doctrine}"

    def bots(self, doctrine: str) -> dict[str, str]:
        """Seat -> bot for one doctrine's games: the fixed seats plus the actor's."""
        return {**self.others, self.actor: self.spec(doctrine)}

    def jobs(self) -> list[Job]:
        """Every game, doctrines interleaved game by game: a run stopped early (or a progress
        bar read half way) holds about as many games of each doctrine."""
        return [
            Job(self.scenario, s, self.bots(d), self.difficulty, self.mods)
            for s in self.seeds
            for d in self.doctrines
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "actor": self.actor,
            "doctrines": list(self.doctrines),
            "games": self.games,
            "seed": self.seed,
            "seeds": [self.seed, self.seed + self.games - 1],
            "kind": self.kind,
            "others": dict(self.others),
            "difficulty": self.difficulty,
            "mods": list(self.mods),
        }


class PairingError(ValueError):
    """The results do not hold exactly the planned seeds for every doctrine."""


def split(design: Design, results: Iterable[GameSummary]) -> dict[str, list[GameSummary]]:
    """The results sorted back to their doctrines (by the bot the actor's seat played), each
    in seed order. Raises PairingError unless every doctrine has exactly the planned seeds
    and the other seats played the planned bots: the comparison rests on that."""
    by_spec = {design.spec(d): d for d in design.doctrines}
    out: dict[str, list[GameSummary]] = {d: [] for d in design.doctrines}
    for r in results:
        doctrine = by_spec.get(r.bots.get(design.actor, ""))
        if doctrine is None:
            raise PairingError(f"a game (seed {r.seed}) was played by none of the doctrines")
        if r.bots != design.bots(doctrine):
            raise PairingError(f"seed {r.seed} of {doctrine} was played by other bots: {r.bots}")
        out[doctrine].append(r)
    for d, games in out.items():
        games.sort(key=lambda r: r.seed)
        if [r.seed for r in games] != design.seeds:
            raise PairingError(f"doctrine {d} did not play exactly seeds {design.seeds}")
    return out


# -- statistics -----------------------------------------------------------------------------
def mean_of(values: Sequence[float]) -> dict[str, Any]:
    """A mean with its 95% Student-t interval."""
    m, lo, hi = mean_ci(values)
    return {"mean": m, "ci95": [lo, hi]}


def rate_of(count: int, n: int) -> dict[str, Any]:
    """A proportion with its 95% Wilson interval."""
    return {
        "count": count,
        "games": n,
        "rate": count / n if n else 0.0,
        "ci95": list(wilson(count, n)),
    }


def won_or_shared(r: GameSummary, seat: str) -> bool:
    """Did ``seat`` win the game alone or share the win (as `simulate` counts them)?"""
    return (r.kind == "win" and r.winners == (seat,)) or (r.kind == "shared" and seat in r.winners)


def margin(r: GameSummary, seat: str) -> float:
    """What decided the winner for ``seat``: VP less par with victory by margin, else VP."""
    return float(r.margins.get(seat, r.vp[seat]))


def doctrine_summary(
    rules: Ruleset, design: Design, doctrine: str, games: list[GameSummary]
) -> dict[str, Any]:
    """Everything reported about one doctrine's games, as plain data."""
    actor, n = design.actor, len(games)
    values = [r.indicators for r in games]
    hist = history_summary(rules, values)
    counts = matched_counts(rules, values)
    k_max = len(rules.indicators)
    seats = {
        seat: {
            "bot": design.bots(doctrine)[seat],
            "mean_vp": statistics.fmean(r.vp[seat] for r in games),
            "won_or_shared": rate_of(sum(won_or_shared(r, seat) for r in games), n),
        }
        for seat in rules.manifest.seats
    }
    return {
        "doctrine": doctrine,
        "title": doctrine_title(rules, actor, doctrine),
        "text": _doctrine_text(rules, actor, doctrine),
        "bot": design.spec(doctrine),
        "games": n,
        "vp": mean_of([float(r.vp[actor]) for r in games]),
        "margin": mean_of([margin(r, actor) for r in games]),
        "won_or_shared": seats[actor]["won_or_shared"],
        "wins": sum(r.kind == "win" and r.winners == (actor,) for r in games),
        "shared": sum(r.kind == "shared" and actor in r.winners for r in games),
        "objectives": {
            oid: {
                "title": o.title,
                "vp": o.vp,
                **rate_of(sum(oid in r.objectives for r in games), n),
            }
            for oid, o in rules.objectives.items()
            if o.actor == actor
        },
        "indicators": indicator_rows(rules, values),
        "distance": mean_of(distances(rules, values)) if k_max else None,
        "matched": {
            "indicators": k_max,
            "mean": statistics.fmean(counts) if counts else 0.0,
            "distribution": hist.get("matched", {}).get("distribution", {}),
            "at_least": {str(k): rate_of(sum(c >= k for c in counts), n) for k in range(k_max + 1)},
        },
        "seats": seats,
    }


def _doctrine_text(rules: Ruleset, actor: str, name: str) -> str:
    if name == "scenario":
        return f"The doctrine written for {actor} in the scenario, unchanged."
    if name == "vp_only":
        return "No doctrine: the bot plays for victory points alone."
    return str(rules.actors[actor].doctrines[name].text)


def paired(
    rules: Ruleset, design: Design, by: dict[str, list[GameSummary]]
) -> list[dict[str, Any]]:
    """For every pair of doctrines (a before b in the design's order), the mean of a − b over
    the same seeds with its 95% paired-t interval: the actor's margin, the distance from
    history and each indicator (a yes/no one as 1/0)."""
    actor = design.actor
    out = []
    for a, b in combinations(design.doctrines, 2):
        ga, gb = by[a], by[b]
        if [r.seed for r in ga] != [r.seed for r in gb]:
            raise PairingError(f"{a} and {b} did not play the same seeds")
        measures = {
            "margin": _diff([margin(r, actor) for r in ga], [margin(r, actor) for r in gb]),
        }
        if rules.indicators:
            measures["distance"] = _diff(
                distances(rules, [r.indicators for r in ga]),
                distances(rules, [r.indicators for r in gb]),
            )
        indicators = {
            iid: _diff(
                [float(r.indicators[iid]) for r in ga], [float(r.indicators[iid]) for r in gb]
            )
            for iid in rules.indicators
            if all(iid in r.indicators for r in (*ga, *gb))
        }
        out.append(
            {"a": a, "b": b, "games": len(ga), "measures": measures, "indicators": indicators}
        )
    return out


def _diff(a: Sequence[float], b: Sequence[float]) -> dict[str, Any]:
    m, lo, hi = paired_difference(a, b)
    return {"mean": m, "ci95": [lo, hi], "excludes_zero": lo > 0 or hi < 0}


def closest(summaries: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The doctrine with the lowest mean distance from history, and which others' intervals
    overlap its own (an overlap means the batch does not tell them apart on its own; the
    paired differences are the sharper test). None without indicators."""
    rows = {d: s["distance"] for d, s in summaries.items() if s["distance"] is not None}
    if not rows:
        return None
    best = min(rows, key=lambda d: rows[d]["mean"])
    lo, hi = rows[best]["ci95"]
    overlaps = [
        d for d in rows if d != best and rows[d]["ci95"][0] <= hi and rows[d]["ci95"][1] >= lo
    ]
    return {
        "doctrine": best,
        "distance": rows[best],
        "ties": [d for d in rows if d != best and rows[d]["mean"] == rows[best]["mean"]],
        "overlaps": overlaps,
        "apart": [d for d in rows if d != best and d not in overlaps],
    }


def analyse(rules: Ruleset, design: Design, by: dict[str, list[GameSummary]]) -> dict[str, Any]:
    """Per-doctrine summaries, paired differences and the doctrine closest to history."""
    summaries = {d: doctrine_summary(rules, design, d, by[d]) for d in design.doctrines}
    return {
        "doctrines": summaries,
        "paired": paired(rules, design, by),
        "closest": closest(summaries),
    }


def game_record(rules: Ruleset, design: Design, doctrine: str, r: GameSummary) -> dict[str, Any]:
    """One game as the files keep it: who won, every seat's VP, the indicators, the distance."""
    return {
        "seed": r.seed,
        "doctrine": doctrine,
        "result": r.kind,
        "winners": list(r.winners),
        "reason": r.reason,
        "vp": dict(r.vp),
        "margins": dict(r.margins),
        "margin": margin(r, design.actor),
        "objectives": list(r.objectives),
        "indicators": dict(r.indicators),
        "distance": distances(rules, [r.indicators])[0] if rules.indicators else None,
        "matched": matched_counts(rules, [r.indicators])[0],
        "steps": r.steps,
        "turns": r.turns,
        "bots": dict(r.bots),
    }
