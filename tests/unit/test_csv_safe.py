"""Issue 15, item 9: rule text that a spreadsheet would run as a formula is escaped in CSVs."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import matplotlib  # noqa: F401  (the plots extra, which tools/test.sh installs)

from game.csv_safe import FORMULA_START, safe_cell, writer
from game.report.write import write_report
from game.session.session import Session
from game.sim.batch import run_batch
from game.sim.stats import to_csv
from tests.scenario_kit import scenario

HOSTILE = '=HYPERLINK("http://x.invalid","click")'
RULES = {
    "tracks": {"t": {"name": "Tension", "min": 0, "max": 10, "start": 0}},
    "events": {
        "e1": {
            "title": "Hostile text",
            "text": "@SUM(1+1)*cmd|' /C calc'!A0",
            "trigger": {"turn": 2},
            "effects": [{"say": HOSTILE}, {"move_track": {"track": "t", "by": 1}}],
        }
    },
}
MANIFEST = {
    "calendar": [
        {"label": "+1 week", "date": "2020-10-01"},
        {"label": "-cmd", "date": "2020-10-02"},
        {"label": "\tT3", "date": "2020-10-03"},
        {"label": "T4", "date": "2020-10-04"},
    ]
}


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def assert_no_formula(text: str) -> None:
    bad = [c for c in cells(text) if c.startswith(FORMULA_START) and safe_cell(c) != c]
    assert not bad, f"cells a spreadsheet would run: {bad}"


def test_safe_cell_follows_the_owasp_rule() -> None:
    for start in FORMULA_START:
        assert safe_cell(f"{start}A1") == f"'{start}A1"
    assert safe_cell("-3") == "-3" and safe_cell("+2.5") == "+2.5" and safe_cell("-1e3") == "-1e3"
    assert safe_cell("-3+A1") == "'-3+A1"
    assert safe_cell(-3) == -3 and safe_cell("Week 1") == "Week 1" and safe_cell(None) is None
    out = io.StringIO()
    writer(out, lineterminator="\n").writerows([["=1+1", 7], ["ok", "@x"]])
    assert out.getvalue() == "'=1+1,7\nok,'@x\n"


def test_report_csvs_escape_rule_text_that_looks_like_a_formula(tmp_path: Path) -> None:
    rules = scenario(RULES, manifest=MANIFEST)
    session = Session(rules, seed=3)
    rng = random.Random(3)
    while not session.state.is_over():
        session.act(rng.choice(session.state.legal_actions()))
    write_report(session.record, rules, tmp_path)
    events = (tmp_path / "events.csv").read_text(encoding="utf-8")
    turns = (tmp_path / "turns.csv").read_text(encoding="utf-8")
    assert "'" + HOSTILE in cells(events), "the event's say: line is in the CSV, escaped"
    assert "'+1 week" in cells(turns) and "'-cmd" in cells(turns)
    assert_no_formula(events)
    assert_no_formula(turns)


def test_simulation_csv_escapes_text_cells() -> None:
    rules = scenario(RULES, manifest=MANIFEST)
    results = run_batch(rules, 2, 1)
    assert_no_formula(to_csv(rules, results))
