"""The experiment's charts (PNG): indicators as in history, distance from history, margin.

Every chart shows each doctrine's estimate with its 95% interval as a bar, so
that a difference is never seen without its uncertainty. Doctrines keep one
colour (Okabe-Ito, safe for colour blindness) and one marker shape each across
the charts. matplotlib draws on its own ``Figure`` through the Agg canvas, as
the after-action report does: no pyplot, no global backend, no window.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from game.ruleset.model import Ruleset
from game.sim.experiment import Design, margin

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h")
INK = "#222222"


class ChartsUnavailable(Exception):
    """matplotlib is not installed."""


def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartsUnavailable(
            "the experiment's charts need matplotlib: pip install 'near-abroad[plots]'"
        ) from None
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def plain(text: str) -> str:
    """Scenario text as a label: a '$' would start matplotlib's mathtext."""
    return text.replace("$", r"\$")


def _style(ax: Any, axis: str = "x") -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis=axis, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(colors=INK, labelsize=9)


def _labels(design: Design, summaries: dict[str, Any]) -> list[str]:
    return [plain(f"{summaries[d]['title']} ({d})") for d in design.doctrines]


def indicator_chart(rules: Ruleset, design: Design, analysis: dict[str, Any], path: Path) -> Path:
    """Per indicator, the share of games where it came out as in history, one bar per
    doctrine with its Wilson interval."""
    s = analysis["doctrines"]
    docs = design.doctrines
    inds = list(rules.indicators)
    band = 0.8 / len(docs)
    fig = _figure(10, 1.2 + len(inds) * max(0.55, 0.22 * len(docs)))
    ax = fig.add_subplot()
    for j, d in enumerate(docs):
        ys = [i - 0.4 + band * (j + 0.5) for i in range(len(inds))]
        rates = [100 * s[d]["indicators"][iid]["history_rate"] for iid in inds]
        cis = [s[d]["indicators"][iid]["history_ci95"] for iid in inds]
        err = [
            [max(0.0, r - 100 * c[0]) for r, c in zip(rates, cis, strict=True)],
            [max(0.0, 100 * c[1] - r) for r, c in zip(rates, cis, strict=True)],
        ]
        ax.barh(
            ys,
            rates,
            height=band * 0.9,
            xerr=err,
            color=COLOURS[j % len(COLOURS)],
            error_kw={"ecolor": INK, "elinewidth": 0.8, "capsize": 2},
            label=_labels(design, s)[j],
        )
    ax.set_yticks(range(len(inds)))
    ax.set_yticklabels(
        [plain(textwrap.shorten(rules.indicators[i].title, 48, placeholder="…")) for i in inds]
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("games where it came out as in history, % (95% Wilson interval)", color=INK)
    ax.set_title("Historical indicators by doctrine", loc="left", fontsize=12, color=INK)
    _style(ax)
    fig.legend(loc="outside lower center", ncol=min(3, len(docs)), frameon=False, fontsize=9)
    return _save(fig, path)


def _points(
    design: Design,
    summaries: dict[str, Any],
    values: dict[str, list[float]],
    key: str,
    xlabel: str,
    title: str,
    path: Path,
    zero: float | None = None,
) -> Path:
    """Each doctrine's mean with its t interval, over the faint dots of its games."""
    import random

    docs = design.doctrines
    fig = _figure(9, 1.3 + 0.65 * len(docs))
    ax = fig.add_subplot()
    jitter = random.Random(0)
    for j, d in enumerate(docs):
        colour, marker = COLOURS[j % len(COLOURS)], MARKERS[j % len(MARKERS)]
        xs = values[d]
        ax.scatter(
            xs,
            [j + jitter.uniform(-0.18, 0.18) for _ in xs],
            s=16,
            color=colour,
            alpha=0.4,
            linewidths=0,
        )
        m = summaries[d][key]
        lo, hi = m["ci95"]
        ax.errorbar(
            [m["mean"]],
            [j],
            xerr=[[m["mean"] - lo], [hi - m["mean"]]],
            fmt=marker,
            color=colour,
            markeredgecolor=INK,
            markersize=8,
            ecolor=INK,
            elinewidth=1.6,
            capsize=5,
        )
    if zero is not None:
        ax.axvline(zero, color="#888888", linestyle="--", linewidth=0.8)
    ax.set_yticks(range(len(docs)))
    ax.set_yticklabels(_labels(design, summaries))
    ax.set_ylim(len(docs) - 0.5, -0.5)
    ax.set_xlabel(xlabel, color=INK)
    ax.set_title(title, loc="left", fontsize=12, color=INK)
    _style(ax)
    return _save(fig, path)


def distance_chart(
    design: Design, analysis: dict[str, Any], games: dict[str, list[dict[str, Any]]], path: Path
) -> Path:
    """The mean distance from history per doctrine (0: every indicator as in history)."""
    values = {d: [float(g["distance"]) for g in games[d]] for d in design.doctrines}
    return _points(
        design,
        analysis["doctrines"],
        values,
        "distance",
        "distance from history (0 = every indicator as in history, 1 = none); mean, 95% t interval",
        "Distance from history by doctrine",
        path,
    )


def margin_chart(
    rules: Ruleset, design: Design, analysis: dict[str, Any], by: dict[str, Any], path: Path
) -> Path:
    """The actor's margin (VP less par, or VP) per doctrine."""
    by_margin = rules.manifest.victory.by == "margin"
    values = {d: [margin(r, design.actor) for r in by[d]] for d in design.doctrines}
    what = "margin over par" if by_margin else "victory points"
    actor = plain(rules.actors[design.actor].name)
    return _points(
        design,
        analysis["doctrines"],
        values,
        "margin",
        f"{design.actor}'s {what} at the end; mean, 95% t interval (dots: games)",
        f"{actor}: {what} by doctrine",
        path,
        zero=0.0 if by_margin else None,
    )


def _save(fig: Any, path: Path) -> Path:
    fig.savefig(path, format="png", facecolor="white")
    return path
