"""The experiment's words and tables: the terminal summary, the CSV files and the JSON record.

The terminal summary is meant to be read at a glance in a 100-column window:
doctrines are named by their ids (their titles are listed once), wide tables
are split into column groups rather than wrapped, and every figure carries its
95% interval so a difference is never read without its uncertainty. The files
hold everything, per game and per measure, for a spreadsheet or a notebook.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from game import csv_safe
from game.ruleset.model import Ruleset
from game.sim.batch import GameSummary
from game.sim.experiment import Design, game_record

WIDTH = 100


# -- formatting helpers ---------------------------------------------------------------------
def pct(d: dict[str, Any], digits: int = 0) -> str:
    """A rate with its interval in percent: ``45 [38–52]``."""
    lo, hi = d["ci95"]
    return f"{100 * d['rate']:.{digits}f} [{100 * lo:.{digits}f}–{100 * hi:.{digits}f}]"


def mean(d: dict[str, Any], fmt: str = "+.1f") -> str:
    """A mean with the half-width of its (symmetric) t interval: ``+1.2 ±1.5``."""
    lo, hi = d["ci95"]
    return f"{d['mean']:{fmt}} ±{(hi - lo) / 2:{fmt.lstrip('+')}}"


def interval(d: dict[str, Any], fmt: str = "+.1f") -> str:
    """A mean with its interval written out, for sentences: ``+1.2 (95% CI -0.3 to +2.7)``."""
    lo, hi = d["ci95"]
    return f"{d['mean']:{fmt}} (95% CI {lo:{fmt}} to {hi:{fmt}})"


def diff(d: dict[str, Any], fmt: str = "+.2f") -> str:
    """A paired difference; a star when its interval excludes 0."""
    return mean(d, fmt) + (" *" if d["excludes_zero"] else "  ")


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def grid(
    corner: str, headers: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]
) -> list[str]:
    """A table of a label column and value columns that fits WIDTH: the value columns are
    split into groups (each printed with the labels) when they are too many for one line,
    and labels are shortened to the room left."""
    widths = [max([len(h), *(len(r[1][i]) for r in rows)]) for i, h in enumerate(headers)]
    label_full = max(len(corner), *(len(r[0]) for r in rows)) if rows else len(corner)
    room = WIDTH - min(label_full, 22)
    groups: list[list[int]] = [[]]
    for i, w in enumerate(widths):
        used = sum(widths[j] + 2 for j in groups[-1])
        if groups[-1] and used + w + 2 > room:
            groups.append([])
        groups[-1].append(i)
    lines: list[str] = []
    for n, group in enumerate(groups):
        used = sum(widths[i] + 2 for i in group)
        lw = max(8, min(label_full, WIDTH - used))
        if n:
            lines.append("")
        for label, cells in [(corner, headers), *rows]:
            cols = "".join(f"  {cells[i]:>{widths[i]}}" for i in group)
            lines.append((clip(label, lw).ljust(lw) + cols).rstrip())
    return lines


def historical(ind: Any) -> str:
    if isinstance(ind.historical, bool):
        return "yes" if ind.historical else "no"
    return f"{ind.historical:g}"


# -- the terminal summary -------------------------------------------------------------------
def summary_text(rules: Ruleset, design: Design, analysis: dict[str, Any]) -> str:
    """The experiment at a glance: design, per-doctrine results, indicators, who gains, and
    the paired differences; every line fits WIDTH columns."""
    s = analysis["doctrines"]
    docs = list(design.doctrines)
    actor = design.actor
    by_margin = rules.manifest.victory.by == "margin"
    others = ", ".join(f"{seat} {bot}" for seat, bot in design.others.items())
    mods = f", mods {', '.join(rules.layers)}" if rules.layers else ""
    lines = [
        clip(f"Experiment: {actor}'s doctrines in {rules.manifest.title}", WIDTH),
        *_wrap(f"{rules.id} {rules.manifest.version}, rules digest {rules.digest[:16]}{mods}"),
        *_wrap(
            f"{design.games} games per doctrine on the same seeds {design.seeds[0]}.."
            f"{design.seeds[-1]}; {actor} plays {design.kind}:DOCTRINE ({design.difficulty})"
        ),
        *_wrap(f"fixed in every game: {others}"),
        "",
        f"doctrines of {actor}:",
        *(clip(f"  {d:<14}{s[d]['title']}", WIDTH) for d in docs),
        "",
    ]
    k = len(rules.indicators)
    headers = [
        *(["mean VP", "margin ±95% CI"] if by_margin else ["VP ±95% CI"]),
        "won or shared %",
    ]
    if k:
        headers += ["distance ±95% CI", "as in history"]
    rows = []
    for d in docs:
        x = s[d]
        cells = [f"{x['vp']['mean']:.1f}"] if by_margin else []
        cells += [mean(x["margin"], "+.1f" if by_margin else ".1f"), pct(x["won_or_shared"], 1)]
        if k:
            cells += [mean(x["distance"], ".3f"), f"{x['matched']['mean']:.1f} of {k}"]
        rows.append((d, cells))
    lines += grid(f"{actor} by doctrine", headers, rows)
    if k:
        lines += [
            "",
            "historical indicators: % of games as in history [95% CI]; numbers: mean ±95% CI",
        ]
        lines += grid("indicator", ["history", *docs], _indicator_rows(rules, s, docs))
        lines += ["", f"games with at least k of {k} indicators as in history (% [95% CI])"]
        lines += grid("k", docs, _at_least_rows(s, docs, k))
    objectives = [
        (o["title"], [pct(s[d]["objectives"][oid]) for d in docs])
        for oid, o in s[docs[0]]["objectives"].items()
    ]
    if objectives:
        lines += ["", f"{actor}'s objectives achieved (% of games [95% CI])"]
        lines += grid("objective", docs, objectives)
    lines += ["", "won or shared the win, every seat (% of games [95% CI])"]
    lines += grid(
        "seat",
        docs,
        [
            (
                seat + (" (studied)" if seat == actor else ""),
                [pct(s[d]["seats"][seat]["won_or_shared"]) for d in docs],
            )
            for seat in rules.manifest.seats
        ],
    )
    lines += [
        "",
        "paired differences over the same seeds, A − B: mean ±95% paired-t CI; * excludes 0",
    ]
    lines += grid("measure", *_paired_table(rules, analysis["paired"], by_margin))
    lines += ["", *_closest_lines(analysis)]
    return "\n".join(lines)


def _wrap(text: str, indent: str = "  ") -> list[str]:
    out, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > WIDTH:
            out.append(line)
            line = indent + word
        else:
            line = f"{line} {word}" if line else word
    return [*out, line]


def _indicator_rows(
    rules: Ruleset, s: dict[str, Any], docs: list[str]
) -> list[tuple[str, list[str]]]:
    rows = []
    for iid, ind in rules.indicators.items():
        rows.append((ind.title, [historical(ind), *(pct(_hist(s[d], iid)) for d in docs)]))
        if not isinstance(ind.historical, bool):
            rows.append(
                ("  mean value", ["", *(mean(s[d]["indicators"][iid], ".2f") for d in docs)])
            )
    return rows


def _hist(summary: dict[str, Any], iid: str) -> dict[str, Any]:
    row = summary["indicators"][iid]
    return {"rate": row["history_rate"], "ci95": row["history_ci95"]}


def at_least_range(s: dict[str, Any], docs: Sequence[str], k: int) -> range:
    """The informative values of k in "at least k indicators as in history": from the
    lowest count any game reached (every game has at least that many) to one above the
    highest (no game reached it), within 1..k."""
    seen = [int(c) for d in docs for c in s[d]["matched"]["distribution"]]
    lo, hi = (min(seen), max(seen)) if seen else (0, k)
    return range(max(lo, 1), min(hi + 1, k) + 1)


def _at_least_rows(s: dict[str, Any], docs: list[str], k: int) -> list[tuple[str, list[str]]]:
    return [
        (f"≥ {j}", [pct(s[d]["matched"]["at_least"][str(j)]) for d in docs])
        for j in at_least_range(s, docs, k)
    ]


def _paired_table(
    rules: Ruleset, pairs: list[dict[str, Any]], by_margin: bool
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    headers = [clip(f"{p['a']} − {p['b']}", 24) for p in pairs]
    rows = [("margin" if by_margin else "VP", [diff(p["measures"]["margin"]) for p in pairs])]
    if rules.indicators:
        rows.append(
            ("distance from history", [diff(p["measures"]["distance"], "+.3f") for p in pairs])
        )
    for iid in rules.indicators:
        if all(iid in p["indicators"] for p in pairs):
            rows.append((iid, [diff(p["indicators"][iid]) for p in pairs]))
    return headers, rows


def closest_sentence(analysis: dict[str, Any], titles: dict[str, str] | None = None) -> str:
    """Which doctrine ends closest to history, and whether the batch tells it apart: by the
    overlap of the intervals, then by the paired differences (the sharper test)."""
    c = analysis["closest"]
    if c is None:
        return "The scenario has no historical indicators: no doctrine can be set against history."

    def name(d: str) -> str:
        return f"{titles[d]} ({d})" if titles else d

    def names(ds: list[str]) -> str:
        return ", ".join(name(d) for d in ds)

    best = c["doctrine"]
    text = f"Closest to history: {name(best)}, mean distance {interval(c['distance'], '.3f')}"
    if c["ties"]:
        text += f", tied with {names(c['ties'])}"
    if c["overlaps"]:
        text += f". Its 95% interval overlaps the intervals of {names(c['overlaps'])}"
        if c["apart"]:
            text += f", not those of {names(c['apart'])}"
    else:
        text += ". Its 95% interval overlaps no other doctrine's"
    signif = [
        p
        for p in analysis["paired"]
        if best in (p["a"], p["b"]) and p["measures"]["distance"]["excludes_zero"]
    ]
    found = ", ".join(
        f"{p['a']} − {p['b']} {interval(p['measures']['distance'], '+.3f')}" for p in signif
    )
    return text + f". Paired differences in distance with {best} that exclude 0: {found or 'none'}."


def _closest_lines(analysis: dict[str, Any]) -> list[str]:
    return _wrap(closest_sentence(analysis))


# -- files ----------------------------------------------------------------------------------
def _cell(v: object) -> object:
    """1/0 for yes/no (spreadsheets sum them), numbers as they are, '' for nothing."""
    if v is None:
        return ""
    return int(v) if isinstance(v, bool) else v


def games_csv(rules: Ruleset, design: Design, by: dict[str, list[GameSummary]]) -> str:
    """One row per game and doctrine: seed, doctrine, result, the actor's VP and margin, every
    seat's VP, every indicator (1/0 or the number), matches and distance from history."""
    out = io.StringIO()
    w = csv_safe.writer(out, lineterminator="\n")
    seats = list(rules.manifest.seats)
    inds = list(rules.indicators)
    w.writerow(
        [
            "seed", "doctrine", "bot", "result", "winners", "actor", "actor_vp", "actor_margin",
            *(f"vp_{s}" for s in seats), *(f"ind_{i}" for i in inds), "matched", "distance",
        ]
    )  # fmt: skip
    for i in range(design.games):
        for d in design.doctrines:
            g = game_record(rules, design, d, by[d][i])
            w.writerow(
                [
                    g["seed"], d, design.spec(d), g["result"], " ".join(g["winners"]), design.actor,
                    g["vp"][design.actor], g["margin"], *(g["vp"][s] for s in seats),
                    *(_cell(g["indicators"].get(x)) for x in inds), g["matched"],
                    _cell(g["distance"]),
                ]
            )  # fmt: skip
    return out.getvalue()


SUMMARY_HEADER = ("doctrine", "measure", "kind", "value", "ci95_low", "ci95_high", "count", "games")


def summary_rows(analysis: dict[str, Any]) -> list[tuple[object, ...]]:
    """One row per doctrine and measure: a mean (t interval) or a rate (Wilson interval)."""
    rows: list[tuple[object, ...]] = []
    for d, x in analysis["doctrines"].items():

        def add(measure: str, v: dict[str, Any], d: str = d, n: int = x["games"]) -> None:
            if "rate" in v:
                rows.append((d, measure, "rate", v["rate"], *v["ci95"], v["count"], n))
            else:
                rows.append((d, measure, "mean", v["mean"], *v["ci95"], "", n))

        add("vp", x["vp"])
        add("margin", x["margin"])
        add("won_or_shared", x["won_or_shared"])
        for oid, o in x["objectives"].items():
            add(f"objective:{oid}", o)
        for iid, r in x["indicators"].items():
            h = {"rate": r["history_rate"], "ci95": r["history_ci95"], "count": r["as_in_history"]}
            add(f"indicator:{iid}:as_in_history", h)
            if r["kind"] == "value":
                add(f"indicator:{iid}:mean", {"mean": r["mean"], "ci95": r["ci95"]})
        if x["distance"] is not None:
            add("distance", x["distance"])
        for k, v in x["matched"]["at_least"].items():
            add(f"matched_at_least:{k}", v)
        for seat, v in x["seats"].items():
            add(f"seat:{seat}:won_or_shared", v["won_or_shared"])
    return rows


def summary_csv(analysis: dict[str, Any]) -> str:
    out = io.StringIO()
    w = csv_safe.writer(out, lineterminator="\n")
    w.writerow(SUMMARY_HEADER)
    w.writerows(summary_rows(analysis))
    return out.getvalue()


def paired_csv(analysis: dict[str, Any]) -> str:
    """One row per pair of doctrines and measure: the mean of A − B over the same seeds."""
    out = io.StringIO()
    w = csv_safe.writer(out, lineterminator="\n")
    w.writerow(("a", "b", "measure", "mean", "ci95_low", "ci95_high", "excludes_zero", "games"))
    for p in analysis["paired"]:
        items = [
            *p["measures"].items(),
            *((f"indicator:{i}", v) for i, v in p["indicators"].items()),
        ]
        for measure, v in items:
            w.writerow(
                (
                    p["a"],
                    p["b"],
                    measure,
                    v["mean"],
                    *v["ci95"],
                    int(v["excludes_zero"]),
                    p["games"],
                )
            )
    return out.getvalue()


def to_json(
    rules: Ruleset,
    design: Design,
    by: dict[str, list[GameSummary]],
    analysis: dict[str, Any],
    arguments: dict[str, Any],
) -> str:
    """The whole experiment: arguments, design, scenario, every game, every summary."""
    doc = {
        "arguments": arguments,
        "design": design.as_dict(),
        "scenario": {
            "id": rules.id,
            "title": rules.manifest.title,
            "version": rules.manifest.version,
            "digest": rules.digest,
            "layers": list(rules.layers),
        },
        "seeds": design.seeds,
        "doctrines": {
            d: {"title": x["title"], "text": x["text"], "bot": x["bot"]}
            for d, x in analysis["doctrines"].items()
        },
        "summaries": analysis["doctrines"],
        "paired": analysis["paired"],
        "closest": analysis["closest"],
        "games": {d: [game_record(rules, design, d, r) for r in by[d]] for d in design.doctrines},
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
