"""How a batch of games compares with history: indicator rates, distances, paired differences.

Rates of yes/no indicators come with Wilson intervals (see :mod:`game.sim.stats`);
means of numbers (a numeric indicator, a game's distance from history, a VP
margin) with Student-t intervals; differences between two ways of playing the
same seeds with paired t intervals, which remove the variation the seeds share.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from game.engine.indicators import Value, readings
from game.ruleset.model import Ruleset

Z95 = 1.959963984540054


_T_TABLE = (
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
)  # fmt: skip
"""Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (standard tables)."""


def t95(df: int) -> float:
    """The two-sided 95% quantile of Student's t with ``df`` degrees of freedom: from the
    table up to 30, then Hill's expansion around the normal quantile (within 1e-4)."""
    if df <= 0:
        return math.inf
    if df <= len(_T_TABLE):
        return _T_TABLE[df - 1]
    z = Z95
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


def mean_ci(values: Sequence[float]) -> tuple[float, float, float]:
    """(mean, low, high): the mean with its 95% Student-t interval (a point when n < 2)."""
    n = len(values)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    m = statistics.fmean(values)
    if n < 2:
        return (m, m, m)
    half = t95(n - 1) * statistics.stdev(values) / math.sqrt(n)
    return (m, m - half, m + half)


def wilson(successes: float, n: int) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95%)."""
    if n == 0:
        return (0.0, 1.0)
    z = Z95
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes <= 0 else max(0.0, centre - half)
    hi = 1.0 if successes >= n else min(1.0, centre + half)
    return (lo, hi)


def paired_difference(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float]:
    """Mean of ``a[i] - b[i]`` over paired games, with its 95% paired-t interval."""
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length ({len(a)} and {len(b)})")
    return mean_ci([x - y for x, y in zip(a, b, strict=True)])


def indicator_rows(
    rules: Ruleset, games: Sequence[Mapping[str, Value]]
) -> dict[str, dict[str, Any]]:
    """Per indicator, over games' indicator values: how often (or how much) and how close
    to history. Yes/no: the share of games where it held and where it came out as in
    history, with Wilson intervals. Numbers: the mean with a t interval, and the share
    of games where it matched history."""
    out: dict[str, dict[str, Any]] = {}
    for iid, ind in rules.indicators.items():
        vals = [g[iid] for g in games if iid in g]
        n = len(vals)
        if not n:
            continue
        row: dict[str, Any] = {"title": ind.title, "historical": ind.historical, "games": n}
        rs = [r for g in games for r in readings(rules, {iid: g[iid]}) if iid in g]
        same = sum(r.matches for r in rs)
        row["as_in_history"] = same
        row["history_rate"] = same / n
        row["history_ci95"] = list(wilson(same, n))
        if isinstance(ind.historical, bool):
            held = sum(1 for v in vals if v)
            row["kind"] = "condition"
            row["rate"] = held / n
            row["ci95"] = list(wilson(held, n))
        else:
            m, lo, hi = mean_ci([float(v) for v in vals])
            row["kind"] = "value"
            row["mean"] = m
            row["ci95"] = [lo, hi]
        row["mean_distance"] = statistics.fmean(r.distance for r in rs)
        out[iid] = row
    return out


def history_summary(rules: Ruleset, games: Sequence[Mapping[str, Value]]) -> dict[str, Any]:
    """The distance of each game from history (mean over indicators), summarised: its mean
    with a 95% interval, and how many indicators came out as in history per game."""
    dists, matched = [], []
    for g in games:
        rs = readings(rules, dict(g))
        if rs:
            dists.append(sum(r.distance for r in rs) / len(rs))
            matched.append(sum(r.matches for r in rs))
    if not dists:
        return {"indicators": 0}
    m, lo, hi = mean_ci(dists)
    return {
        "indicators": len(rules.indicators),
        "distance": {"mean": m, "ci95": [lo, hi]},
        "matched": {
            "mean": statistics.fmean(matched),
            "distribution": {str(k): v for k, v in sorted(Counter(matched).items())},
        },
    }


def distances(rules: Ruleset, games: Sequence[Mapping[str, Value]]) -> list[float]:
    """Each game's distance from history (mean over the indicators it has)."""
    out = []
    for g in games:
        rs = readings(rules, dict(g))
        out.append(sum(r.distance for r in rs) / len(rs) if rs else 0.0)
    return out


def matched_counts(rules: Ruleset, games: Sequence[Mapping[str, Value]]) -> list[int]:
    """Each game's number of indicators that came out as in history."""
    return [sum(r.matches for r in readings(rules, dict(g))) for g in games]
