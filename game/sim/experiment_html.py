"""The experiment as a page to read and hand on: index.html beside its data files and charts.

The page is built with the after-action report's document model and renderer
(:mod:`game.report.doc`, :mod:`game.report.html`), so it has the same house
style, embeds its charts as data: URIs, works offline, runs no script and
escapes every piece of scenario text (titles and doctrine texts come from YAML
that anyone may have written). Those modules import neither pygame nor
matplotlib, so this costs nothing more than the charts themselves.
"""

from __future__ import annotations

import datetime
import shlex
from pathlib import Path
from typing import Any

from game.report import html as html_out
from game.report.doc import (
    Block,
    Bullets,
    Cell,
    Document,
    Image,
    Links,
    Para,
    Section,
    Sub,
    Table,
)
from game.ruleset.model import Ruleset
from game.sim.batch import GameSummary
from game.sim.experiment import Design, game_record
from game.sim.experiment_report import (
    at_least_range,
    closest_sentence,
    games_csv,
    historical,
    paired_csv,
    summary_csv,
    to_json,
)

FILES = {
    "json": ("experiment.json", "everything: arguments, design, every game, every summary"),
    "games": ("games.csv", "one row per game and doctrine"),
    "summary": ("summary.csv", "one row per doctrine and measure, with 95% intervals"),
    "paired": ("paired.csv", "one row per pair of doctrines and measure"),
    "indicators": ("chart-indicators.png", "indicators as in history by doctrine"),
    "distance": ("chart-distance.png", "distance from history by doctrine"),
    "margin": ("chart-margin.png", "the actor's margin by doctrine"),
}


def write_all(
    rules: Ruleset,
    design: Design,
    by: dict[str, list[GameSummary]],
    analysis: dict[str, Any],
    arguments: dict[str, Any],
    out: Path,
) -> list[Path]:
    """Write the data files, the charts and index.html into ``out``; returns the files."""
    from game.sim.experiment_charts import (  # matplotlib, only when charts are drawn
        distance_chart,
        indicator_chart,
        margin_chart,
    )

    out.mkdir(parents=True, exist_ok=True)
    texts = {
        "json": to_json(rules, design, by, analysis, arguments),
        "games": games_csv(rules, design, by),
        "summary": summary_csv(analysis),
        "paired": paired_csv(analysis),
    }
    written = []
    for key, text in texts.items():
        path = out / FILES[key][0]
        path.write_text(text, encoding="utf-8")
        written.append(path)
    charts: dict[str, str] = {}
    if rules.indicators:
        records = {d: [game_record(rules, design, d, r) for r in by[d]] for d in design.doctrines}
        written.append(indicator_chart(rules, design, analysis, out / FILES["indicators"][0]))
        written.append(distance_chart(design, analysis, records, out / FILES["distance"][0]))
        charts["indicators"], charts["distance"] = FILES["indicators"][0], FILES["distance"][0]
    written.append(margin_chart(rules, design, analysis, by, out / FILES["margin"][0]))
    charts["margin"] = FILES["margin"][0]
    page = out / "index.html"
    page.write_text(
        html_out.render(document(rules, design, analysis, charts), out), encoding="utf-8"
    )
    return [page, *written]


# -- the page -------------------------------------------------------------------------------
def _num(text: str, sub: str = "", cls: str = "") -> Cell:
    return Cell(text, cls=f"num {cls}".strip(), sub=sub)


def _pct(d: dict[str, Any]) -> Cell:
    lo, hi = d["ci95"]
    return _num(f"{100 * d['rate']:.1f}%", f"{100 * lo:.1f}–{100 * hi:.1f}")


def _mean(d: dict[str, Any], fmt: str) -> Cell:
    lo, hi = d["ci95"]
    return _num(f"{d['mean']:{fmt}}", f"{lo:{fmt}} to {hi:{fmt}}")


def _diff(d: dict[str, Any], fmt: str) -> Cell:
    lo, hi = d["ci95"]
    mark = "strong" if d["excludes_zero"] else "muted"
    star = " *" if d["excludes_zero"] else ""
    return _num(f"{d['mean']:{fmt}}{star}", f"{lo:{fmt}} to {hi:{fmt}}", mark)


def command_line(design: Design, rules: Ruleset) -> str:
    """The command that plays this experiment again (scenario and mods as given; a
    scenario inside the working folder is shown relative to it, so the line can be
    pasted on another machine's checkout)."""
    scenario = Path(design.scenario)
    if scenario.is_relative_to(Path.cwd()):
        scenario = scenario.relative_to(Path.cwd())
    parts = [
        "near-abroad", "experiment", "--actor", design.actor,
        "--doctrines", ",".join(design.doctrines), "--games", str(design.games),
        "--seed", str(design.seed), "--scenario", str(scenario), "--kind", design.kind,
        "--difficulty", design.difficulty,
    ]  # fmt: skip
    for m in design.mods:
        parts += ["--mod", m]
    for seat, bot in design.others.items():
        parts += ["--bot", f"{seat}={bot}"]
    return shlex.join(parts)


def document(
    rules: Ruleset, design: Design, analysis: dict[str, Any], charts: dict[str, str]
) -> Document:
    """The page: the question, the answer in brief, the method, the tables, the charts."""
    s = analysis["doctrines"]
    docs = list(design.doctrines)
    actor = rules.actors[design.actor].name
    titles = {d: s[d]["title"] for d in docs}
    heads = tuple(Cell(d, sub=titles[d]) for d in docs)
    by_margin = rules.manifest.victory.by == "margin"
    what = "margin over par" if by_margin else "victory points"
    question = (
        f"Which reading of {actor} — "
        + ", ".join(f"{titles[d]} ({d})" for d in docs)
        + " — brings a game of this scenario closest to the historical record, and what does "
        f"each change for {actor} and for the others?"
    )
    mods = f" · mods {', '.join(rules.layers)}" if rules.layers else ""
    seeds = f"seeds {design.seeds[0]}–{design.seeds[-1]}"
    meta = (
        ("Scenario", f"{rules.manifest.title} ({rules.id} {rules.manifest.version})"),
        ("Rules digest", rules.digest[:16] + mods),
        ("Games", f"{design.games} per doctrine × {len(docs)} doctrines, {seeds}"),
        ("Actor", f"{design.actor} plays {design.kind}:DOCTRINE at {design.difficulty} difficulty"),
        ("Other seats", ", ".join(f"{k} {v}" for k, v in design.others.items())),
        ("Written", datetime.datetime.now().strftime("%Y-%m-%d %H:%M")),
    )
    answer = [Para(closest_sentence(analysis, titles), "callout")]
    sig = [
        f"{p['a']} − {p['b']}: {what} {p['measures']['margin']['mean']:+.2f}"
        for p in analysis["paired"]
        if p["measures"]["margin"]["excludes_zero"]
    ]
    answer.append(
        Para(
            f"Paired differences in {actor}'s {what} that exclude 0: "
            + ("; ".join(sig) if sig else "none")
            + "."
        )
    )
    method: list[Block] = [
        Para(
            f"Each doctrine of {design.actor} played the same {design.games} games (seeds "
            f"{design.seeds[0]} to {design.seeds[-1]}). In every game the other seats kept the "
            "same bots, and every bot's random seed derives from the game's seed and its seat, "
            "so two games on one seed differ only by the doctrine (common random numbers)."
        ),
        Table(
            ("Doctrine", "Title", "What it means", "Bot"),
            tuple(
                (Cell(d, cls="strong"), Cell(titles[d]), Cell(s[d]["text"]), Cell(s[d]["bot"]))
                for d in docs
            ),
            cls="compact",
        ),
        Para("To play it again:", "note"),
        Para(command_line(design, rules), "note"),
    ]
    sections = [
        Section("answer", "The answer in brief", tuple(answer)),
        Section("method", "Method", tuple(method)),
        Section(
            "results", f"{actor} by doctrine", tuple(_results(rules, design, analysis, charts))
        ),
    ]
    if rules.indicators:
        sections.append(
            Section(
                "history", "Historical indicators", tuple(_history(rules, s, docs, heads, charts))
            )
        )
    sections.append(Section("gains", "Who gains", tuple(_gains(rules, design, s, docs, heads))))
    sections.append(Section("paired", "Paired differences", tuple(_paired(rules, analysis, what))))
    sections.append(Section("reading", "How to read this", (_reading(design, what),)))
    files = [FILES[k] for k in ("json", "games", "summary", "paired")]
    files += [FILES[k] for k in ("indicators", "distance", "margin") if k in charts]
    sections.append(Section("files", "Data files", (Links(tuple(files)),)))
    return Document(
        title=f"Doctrine experiment: {actor}",
        subtitle=rules.manifest.title,
        audience="Question: " + question,
        meta=meta,
        sections=tuple(sections),
        footer=f"Written by near-abroad experiment · {rules.id} {rules.manifest.version} · "
        f"rules digest {rules.digest[:16]}",
    )


def _results(
    rules: Ruleset, design: Design, analysis: dict[str, Any], charts: dict[str, str]
) -> list[Any]:
    s = analysis["doctrines"]
    k = len(rules.indicators)
    by_margin = rules.manifest.victory.by == "margin"
    headers: list[Any] = ["Doctrine", *(["Mean VP", "Margin"] if by_margin else ["VP"])]
    headers.append("Won or shared")
    if k:
        headers += ["Distance from history", "As in history"]
    rows = []
    for d in design.doctrines:
        x = s[d]
        row = [Cell(d, cls="strong", sub=x["title"])]
        if by_margin:
            row.append(_mean(x["vp"], ".1f"))
        row.append(_mean(x["margin"], "+.1f" if by_margin else ".1f"))
        row.append(_pct(x["won_or_shared"]))
        if k:
            row += [_mean(x["distance"], ".3f"), _num(f"{x['matched']['mean']:.1f} of {k}")]
        rows.append(tuple(row))
    out: list[Any] = [
        Para(
            "Means with their 95% t interval below them; rates with their 95% Wilson interval.",
            "note",
        ),
        Table(tuple(headers), tuple(rows)),
    ]
    for key, alt in (("margin", "margin"), ("distance", "distance from history")):
        if key in charts:
            out.append(Image(charts[key], f"{rules.actors[design.actor].name}: {alt} by doctrine"))
    objectives = s[design.doctrines[0]]["objectives"]
    if objectives:
        out.append(Sub(f"{rules.actors[design.actor].name}'s objectives achieved"))
        out.append(
            Table(
                ("Objective", *(Cell(d, sub=s[d]["title"]) for d in design.doctrines)),
                tuple(
                    (
                        Cell(o["title"], sub=f"{oid} · {o['vp']} VP"),
                        *(_pct(s[d]["objectives"][oid]) for d in design.doctrines),
                    )
                    for oid, o in objectives.items()
                ),
                cls="compact",
            )
        )
    return out


def _history(
    rules: Ruleset,
    s: dict[str, Any],
    docs: list[str],
    heads: tuple[Cell, ...],
    charts: dict[str, str],
) -> list[Any]:
    rows = []
    for iid, ind in rules.indicators.items():
        cells = []
        for d in docs:
            r = s[d]["indicators"][iid]
            lo, hi = r["history_ci95"]
            sub = f"{100 * lo:.0f}–{100 * hi:.0f}"
            if r["kind"] == "value":
                sub += f" · mean {r['mean']:.2f} ({r['ci95'][0]:.2f} to {r['ci95'][1]:.2f})"
            cells.append(_num(f"{100 * r['history_rate']:.0f}%", sub))
        rows.append((Cell(ind.title, sub=iid), _num(historical(ind)), *cells))
    k = len(rules.indicators)
    dist_rows = tuple(
        (_num(f"at least {j} of {k}"), *(_pct(s[d]["matched"]["at_least"][str(j)]) for d in docs))
        for j in reversed(at_least_range(s, docs, k))
    )
    out: list[Any] = [
        Para(
            "Each cell: the share of games where the indicator came out as in history, with its "
            "95% Wilson interval below it (for a number: also its mean and 95% t interval).",
            "note",
        ),
        Table(("Indicator", "History", *heads), tuple(rows), cls="compact"),
    ]
    if "indicators" in charts:
        out.append(Image(charts["indicators"], "Indicators as in history by doctrine"))
    out += [
        Sub("How many indicators came out as in history"),
        Table(("Games with", *heads), dist_rows, cls="compact series"),
    ]
    return out


def _gains(
    rules: Ruleset, design: Design, s: dict[str, Any], docs: list[str], heads: tuple[Cell, ...]
) -> list[Any]:
    def seat_cell(seat: str) -> Cell:
        under_study = seat == design.actor
        return Cell(
            rules.actors[seat].name,
            colour=rules.actors[seat].colour,
            cls="strong" if under_study else "",
            sub="the seat under study" if under_study else s[docs[0]]["seats"][seat]["bot"],
        )

    rows = tuple(
        (seat_cell(seat), *(_pct(s[d]["seats"][seat]["won_or_shared"]) for d in docs))
        for seat in rules.manifest.seats
    )
    return [
        Para(
            "The share of games each seat won alone or shared, under each doctrine of the actor.",
            "note",
        ),
        Table(("Seat", *heads), rows, cls="compact"),
    ]


def _paired(rules: Ruleset, analysis: dict[str, Any], what: str) -> list[Any]:
    pairs = analysis["paired"]
    heads = tuple(Cell(f"{p['a']} − {p['b']}") for p in pairs)
    rows = [(Cell(what.capitalize()), *(_diff(p["measures"]["margin"], "+.2f") for p in pairs))]
    if rules.indicators:
        rows.append(
            (
                Cell("Distance from history"),
                *(_diff(p["measures"]["distance"], "+.3f") for p in pairs),
            )
        )
    for iid, ind in rules.indicators.items():
        if all(iid in p["indicators"] for p in pairs):
            unit = "yes = 1, no = 0" if isinstance(ind.historical, bool) else "the number"
            rows.append(
                (
                    Cell(ind.title, sub=f"{iid} · {unit}"),
                    *(_diff(p["indicators"][iid], "+.2f") for p in pairs),
                )
            )
    return [
        Para(
            "Each cell: the mean over the same seeds of the first doctrine's value less the "
            "second's, with its 95% paired-t interval below it; bold with * when the interval "
            "excludes 0.",
            "note",
        ),
        Table(
            ("Measure", *heads), tuple(rows), cls="compact wide" if len(pairs) > 4 else "compact"
        ),
    ]


def _reading(design: Design, what: str) -> Bullets:
    return Bullets(
        (
            "Distance from history is the mean over the indicators of how far each ended from "
            "the record: 0 when it came out as in history, 1 for a full miss (a number counts "
            "by how far it is, up to its scale). Lower is closer to history.",
            "An interval is where the true value lies with 95% confidence, given these games; "
            "more games make it narrower. Two doctrines whose intervals do not overlap differ "
            "clearly.",
            "Intervals that overlap do not mean the doctrines play alike: because every doctrine "
            "played the same seeds, the paired differences compare them game by game and are the "
            "sharper test. A paired interval that excludes 0 (marked *) is a difference this "
            "many games can see.",
            "An interval of zero width means every game gave the same value (or the same "
            "difference); with few games that says little.",
            f"With many comparisons, about one in twenty intervals misses by chance; read a "
            f"single * among many with care, and rerun with more games (--games) or another seed "
            f"(--seed {design.seed + design.games}) to check it.",
            f"Results are for bots, not people: the actor's {design.kind} bot plays each doctrine "
            f"as weights on what it values, and '{what}' measures its success on the scenario's "
            "own terms.",
        )
    )
