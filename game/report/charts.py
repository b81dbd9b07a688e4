"""The report's charts (PNG): victory points per actor per turn, and the tracks over time.

matplotlib draws them through its Agg canvas on a ``Figure`` of its own, never
through pyplot, so a report written from inside the running game changes no
global backend and leaves no window behind. Each actor keeps its colour and
its shape (colour is never the only cue), as on the board.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from game.report import ReportError
from game.report.data import ReportData
from game.report.timeline import series

MARKERS = {
    "square": "s",
    "triangle": "^",
    "circle": "o",
    "diamond": "D",
    "hexagon": "h",
    "pentagon": "p",
    "star": "*",
    "cross": "X",
}
TRACK = "#334155"
"""Tracks belong to no actor, so they share one neutral ink (no actor colour is borrowed)."""
INK = "#222222"


def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ReportError(
            "the report's charts need matplotlib: pip install 'near-abroad[plots]'"
        ) from None
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _style(ax: Any) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(colors=INK, labelsize=9)


def _x_labels(ax: Any, rows: list[dict[str, object]]) -> None:
    ax.set_xticks([int(str(r["turn"])) for r in rows])
    ax.set_xticklabels(["Setup" if r["turn"] == 0 else f"T{r['turn']}" for r in rows])
    ax.set_xlim(-0.3, max(int(str(r["turn"])) for r in rows) + 0.3)


def vp_chart(data: ReportData, path: Path) -> Path:
    """Victory points of every seat at the setup and the close of each turn."""
    rows = series(data)
    fig = _figure(9.5, 4.6)
    ax = fig.add_subplot()
    xs = [int(str(r["turn"])) for r in rows]
    for seat in data.record.seat_ids:
        actor = data.rules.actors[seat]
        ys = [int(str(r[f"vp:{seat}"])) for r in rows]
        ax.plot(
            xs,
            ys,
            color=actor.colour,
            marker=MARKERS.get(actor.symbol, "o"),
            markeredgecolor=INK,
            markeredgewidth=0.6,
            markersize=7,
            linewidth=2.2,
            label=f"{actor.name} ({ys[-1]})",
        )
    for o in data.overrides:
        ax.axvline(o.turn - 0.5, color="#B00020", linestyle=":", linewidth=1)
    _style(ax)
    _x_labels(ax, rows)
    ax.set_ylabel("victory points", color=INK)
    ax.set_xlabel("close of turn", color=INK)
    title = "Victory points per actor, turn by turn"
    if data.overrides:
        title += "  (dotted red: turns with a Control intervention)"
    ax.set_title(title, loc="left", fontsize=12, color=INK)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    return _save(fig, path)


def tracks_chart(data: ReportData, path: Path) -> Path:
    """Every track over time, one small panel each on its own full range."""
    rows = series(data)
    tracks = list(data.rules.tracks.items())
    if not tracks:
        return _empty(path, "This scenario has no tracks.")
    cols = min(4, len(tracks))
    nrows = math.ceil(len(tracks) / cols)
    fig = _figure(max(7.5, 2.6 * cols + 0.6), 2.2 * nrows + 0.6)
    xs = [int(str(r["turn"])) for r in rows]
    for i, (tid, track) in enumerate(tracks):
        ax = fig.add_subplot(nrows, cols, i + 1)
        ys = [int(str(r[f"track:{tid}"])) for r in rows]
        ax.plot(xs, ys, color=TRACK, linewidth=2, marker="o", markersize=3.5)
        ax.fill_between(xs, track.min - 0.4, ys, color=TRACK, alpha=0.08)
        for th in track.thresholds:
            ax.axhline(th.at, color="#999999", linestyle="--", linewidth=0.7)
        ax.set_ylim(track.min - 0.4, track.max + 0.4)
        ax.set_title(f"{track.name} (now {ys[-1]})", fontsize=10, color=INK, loc="left")
        _style(ax)
        ax.set_xticks(xs)
        ax.set_xticklabels(["S" if x == 0 else str(x) for x in xs], fontsize=7)
    fig.suptitle(
        "Tracks, turn by turn (S: setup; dashed lines: thresholds)",
        x=0.01,
        ha="left",
        fontsize=12,
        color=INK,
    )
    return _save(fig, path)


def _empty(path: Path, text: str) -> Path:
    fig = _figure(6, 1)
    fig.text(0.5, 0.5, text, ha="center", va="center")
    return _save(fig, path)


def _save(fig: Any, path: Path) -> Path:
    fig.savefig(path, format="png", facecolor="white")
    return path
