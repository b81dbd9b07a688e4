"""Writing the after-action report: ``write_report`` and the ``near-abroad report`` command.

One call writes the whole set into a folder: report.html (self-contained),
report.md, the charts and board renders (PNG), events.csv and turns.csv.
Every bad input (a damaged save, a log of another game, rules that changed,
an unknown seat or turn) ends in a :class:`ReportError` with a message, which
the command prints and turns into exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from game import csv_safe
from game.cli_rules import UsageError, check_writable
from game.report import ReportError
from game.report import html as html_out
from game.report import markdown as md_out
from game.report.boards import pick_turns, render_board
from game.report.charts import tracks_chart, vp_chart
from game.report.command import add_report_arguments
from game.report.content import document
from game.report.data import ReportData, build
from game.report.timeline import series, series_columns
from game.ruleset.diagnostics import render_all
from game.ruleset.load import check_ruleset
from game.ruleset.model import Ruleset
from game.session import storage
from game.session.journal import JournalError, reconstruct
from game.session.library import DEFAULT_SCENARIO, ModNotFound, resolve_mods
from game.session.record import Record


def write_report(
    record: Record,
    rules: Ruleset,
    out_dir: str | Path,
    *,
    seat: str | None = None,
    turns: Sequence[int] | None = None,
    journal: str | Path | None = None,
    force: bool = False,
    file: str = "<save>",
) -> list[Path]:
    """Write the after-action report of ``record`` into ``out_dir``; returns the files written.

    ``seat``: None for Control's full report, or a seat id for that team's report
    (only what the seat saw). ``turns``: the turns whose close is drawn on the
    board (0 is the setup; default: setup, middle, end). ``journal``: the
    session log, for the session's times, undos and late notes. ``force``:
    report even if the rules changed since the game was saved.
    """
    data = build(record, rules, seat, journal, file=file, force=force)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create the report folder {out}: {exc.strerror}") from None
    if not out.is_dir():
        raise ReportError(f"{out} is not a folder")
    try:
        return _write_all(data, out, list(turns) if turns is not None else None)
    except OSError as exc:
        raise ReportError(f"cannot write the report into {out}: {exc}") from None


def _write_all(data: ReportData, out: Path, turns: list[int] | None) -> list[Path]:
    snaps = pick_turns(data, turns)
    files: dict[str, str] = {"vp": "chart-vp.png", "tracks": "chart-tracks.png"}
    written = [vp_chart(data, out / files["vp"]), tracks_chart(data, out / files["tracks"])]
    for snap in snaps:
        name = f"board-turn-{snap.turn:02d}.png"
        written.append(render_board(data, snap, out / name))
        files[f"board:{snap.turn}"] = name
    files["events"], files["turns"] = "events.csv", "turns.csv"
    written.append(write_events_csv(data, out / files["events"]))
    written.append(write_turns_csv(data, out / files["turns"]))
    doc = document(data, files)
    html_path = out / "report.html"
    html_path.write_text(html_out.render(doc, out), encoding="utf-8")
    md_path = out / "report.md"
    md_path.write_text(md_out.render(doc), encoding="utf-8")
    return [html_path, md_path, *written]


def write_events_csv(data: ReportData, path: Path) -> Path:
    """One row per log line the viewer saw: step, turn, date, time, actor, kind, text."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv_safe.writer(fh)
        w.writerow(["step", "turn", "date", "time", "actor", "kind", "text"])
        for e in data.entries:
            w.writerow([e.step, e.turn, e.date, e.at, e.actor, e.kind, e.text])
    return path


def write_turns_csv(data: ReportData, path: Path) -> Path:
    """One row per turn's close (and the setup): each seat's VP and each track's value."""
    cols = series_columns(data)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv_safe.writer(fh)
        w.writerow(["turn", "label", "date", *(k for k, _ in cols)])
        for row in series(data):
            w.writerow([row["turn"], row["label"], row["date"], *(row[k] for k, _ in cols)])
    return path


__all__ = ["ReportError", "add_report_arguments", "report_command", "write_report"]
# add_report_arguments lives in command.py (cheap to import for the CLI); re-exported here.


# -- the command ------------------------------------------------------------------------------
def parse_turns(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(t) for t in text.replace(" ", "").split(",") if t]
    except ValueError:
        raise ReportError(
            f"--turns takes whole numbers separated by commas, not '{text}'"
        ) from None


def load_session(path: str) -> tuple[Record, str | None]:
    """A save, or a session log rebuilt into a record (then it is also the journal)."""
    p = Path(path)
    if p.suffix == ".jsonl":
        if not p.is_file():
            raise ReportError(f"{path}: no such session log")
        try:
            return reconstruct(p), str(p)
        except JournalError as exc:
            raise ReportError(str(exc)) from None
        except (KeyError, TypeError, ValueError) as exc:
            raise ReportError(f"{path}: the session log is damaged ({exc})") from None
    try:
        return storage.load(p), None
    except storage.SaveError as exc:
        raise ReportError(str(exc)) from None


def load_rules(record: Record, scenario: str | None, mods: list[str] | None = None) -> Ruleset:
    """The rules the game was played on: its scenario folder, and its mods (by id from the
    record unless given); a missing folder, an unknown mod or broken rules is a ReportError."""
    folder = Path(scenario) if scenario else DEFAULT_SCENARIO.parent / record.ruleset_id
    if not folder.is_dir():
        raise ReportError(
            f"the game was played on '{record.ruleset_id}', and there is no scenario folder "
            f"{folder}; give it with --scenario PATH"
        )
    wanted = mods if mods is not None else [m.split()[0] for m in record.mods]
    try:
        layers = resolve_mods(wanted)
    except ModNotFound as exc:
        raise ReportError(
            f"{exc} (the game was played with mods: {', '.join(record.mods)})"
        ) from None
    rules, diags, files = check_ruleset(folder, layers)
    if rules is None:
        raise ReportError(f"the scenario {folder} has errors:\n{render_all(diags, files)}")
    return rules


def report_command(args: argparse.Namespace) -> int:
    """``near-abroad report SESSION --out DIR``: 0 when written, 1 with a message if not (2
    for an --out where nothing can be written, said before the game is replayed)."""
    try:
        check_writable(Path(args.out), "--out", folder=True)
    except UsageError as exc:
        print(f"near-abroad report: {exc}", file=sys.stderr)
        return 2
    try:
        record, journal = load_session(args.session)
        journal = getattr(args, "journal", None) or journal
        rules = load_rules(record, args.scenario, getattr(args, "mod", None))
        paths = write_report(
            record,
            rules,
            args.out,
            seat=args.seat,
            turns=parse_turns(args.turns),
            journal=journal,
            force=bool(getattr(args, "force", False)),
            file=args.session,
        )
    except ReportError as exc:
        print(f"near-abroad report: {exc}", file=sys.stderr)
        return 1
    for p in paths:
        print(f"wrote {p}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command on its own (``python -m game.report.write SESSION --out DIR``)."""
    parser = argparse.ArgumentParser(prog="near-abroad report", description=__doc__)
    add_report_arguments(parser)
    return report_command(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
