"""PNG charts of a batch (the optional `plots` extra: matplotlib).

Win rates with their 95% intervals, the spread of victory points, game length
and objective achievement: what a designer looks at before a class plays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class PlotsUnavailable(Exception):
    """matplotlib is not installed."""


def require_matplotlib() -> None:
    """Raise :class:`PlotsUnavailable` now, before hours of games, if the charts cannot be drawn."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        raise PlotsUnavailable("--plot needs matplotlib: pip install 'near-abroad[plots]'")


def write_plots(
    summary: dict[str, Any], vps: dict[str, list[int]], lengths: list[int], out_dir: Path
) -> list[Path]:
    """Write the charts into ``out_dir``; returns the files written."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise PlotsUnavailable("--plot needs matplotlib: pip install 'near-abroad[plots]'") from exc
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    seats = list(summary["seats"])
    title = f"{summary['scenario']}: {summary['games']} games"

    fig, ax = plt.subplots(figsize=(8, 4.5))
    rates = [100 * summary["seats"][s]["win_rate"] for s in seats]
    lo = [
        max(0.0, rates[i] - 100 * summary["seats"][s]["win_ci95"][0]) for i, s in enumerate(seats)
    ]
    hi = [
        max(0.0, 100 * summary["seats"][s]["win_ci95"][1] - rates[i]) for i, s in enumerate(seats)
    ]
    ax.bar(seats, rates, yerr=[lo, hi], capsize=4, color="#56B4E9", edgecolor="#0072B2")
    ax.set_ylabel("sole wins, % of games (95% Wilson interval)")
    ax.set_title(f"Win rates — {title}")
    written.append(_save(fig, out_dir / "win_rates.png"))

    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.boxplot([vps[s] for s in seats], tick_labels=seats)
    ax.set_ylabel("victory points at the end")
    ax.set_title(f"Victory points — {title}")
    written.append(_save(fig, out_dir / "victory_points.png"))

    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.hist(lengths, bins=30, color="#009E73")
    ax.set_xlabel("actions in the game")
    ax.set_ylabel("games")
    ax.set_title(f"Game length — {title}")
    written.append(_save(fig, out_dir / "game_length.png"))

    objs = summary["objectives"]
    labels = [f"{d['actor']}: {d['title']}" for d in objs.values()]
    fig, ax = plt.subplots(figsize=(9, max(4.0, 0.25 * len(labels))))
    ax.barh(labels, [100 * d["rate"] for d in objs.values()], color="#E69F00")
    ax.invert_yaxis()
    ax.set_xlabel("achieved, % of games")
    ax.set_title(f"Objectives — {title}")
    written.append(_save(fig, out_dir / "objectives.png"))
    return written


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path
