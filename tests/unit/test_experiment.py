"""`near-abroad experiment`: paired games per doctrine, statistics checked by hand, files, errors.

One small experiment on tests/scenarios/tiny-doctrines (Red's hawk, dove and the
scenario's own doctrine against a random Blue) is played once per module; the
tests read its terminal output and files and recompute its numbers from the
per-game records with the textbook formulas, not with the code under test.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import re
import shutil
import statistics
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from game.cli import main
from game.ruleset.load import load_ruleset
from game.sim.batch import run_local
from game.sim.experiment import Design, PairingError, split
from game.sim.experiment_report import SUMMARY_HEADER
from tests.scenario_kit import ROOT
from tests.ui.test_report_browser import PROBE, console_lines, open_in_chromium

SCENARIO = ROOT / "tests" / "scenarios" / "tiny-doctrines"
DOCTRINES = ("hawk", "dove", "scenario")
GAMES, SEED = 8, 9000
ARGS = [
    "experiment", "--actor", "red", "--scenario", str(SCENARIO), "--doctrines", ",".join(DOCTRINES),
    "--games", str(GAMES), "--seed", str(SEED), "--bots", "random", "--quiet",
]  # fmt: skip
Z = 1.959963984540054
T7 = 2.3646  # Student's t, two-sided 95%, 7 degrees of freedom (GAMES - 1)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The experiment played once: its exit code, terminal text, folder and JSON record."""
    out = tmp_path_factory.mktemp("experiment")
    text = io.StringIO()
    with redirect_stdout(text):
        code = main([*ARGS, "--out", str(out)])
    return {
        "code": code,
        "text": text.getvalue(),
        "out": out,
        "doc": json.loads((out / "experiment.json").read_text()),
    }


def design() -> Design:
    return Design(str(SCENARIO), "red", DOCTRINES, GAMES, SEED, others={"blue": "random"})


def t_interval(xs: list[float], t: float = T7) -> tuple[float, float, float]:
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))
    return m, m - t * sd / math.sqrt(len(xs)), m + t * sd / math.sqrt(len(xs))


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return (0.0 if k == 0 else centre - half, 1.0 if k == n else centre + half)


def game_distance(rules, indicators: dict) -> float:  # type: ignore[no-untyped-def]
    """0 per indicator as in history, 1 per miss; a number by how far, over its scale."""
    parts = []
    for iid, ind in rules.indicators.items():
        v = indicators[iid]
        if isinstance(ind.historical, bool):
            parts.append(0.0 if bool(v) == ind.historical else 1.0)
        else:
            parts.append(min(1.0, abs(v - ind.historical) / ind.scale))
    return sum(parts) / len(parts)


# -- the pairing ----------------------------------------------------------------------------
def test_every_doctrine_plays_the_same_seeds_interleaved_game_by_game() -> None:
    jobs = design().jobs()
    assert [j.seed for j in jobs] == [SEED + i // 3 for i in range(3 * GAMES)]
    assert [j.bots["red"] for j in jobs[:3]] == [
        "heuristic:hawk",
        "heuristic:dove",
        "heuristic:scenario",
    ]


def test_the_record_pairs_seeds_and_fixes_the_other_seats(run: dict) -> None:
    assert run["code"] == 0
    doc = run["doc"]
    assert doc["seeds"] == list(range(SEED, SEED + GAMES))
    for d in DOCTRINES:
        games = doc["games"][d]
        assert [g["seed"] for g in games] == doc["seeds"]
        assert all(g["bots"] == {"red": f"heuristic:{d}", "blue": "random"} for g in games)
    assert doc["design"]["others"] == {"blue": "random"}
    # The doctrines really play differently here, so the pairing is put to a test.
    assert [g["vp"] for g in doc["games"]["hawk"]] != [g["vp"] for g in doc["games"]["dove"]]


def test_split_refuses_results_that_are_not_paired() -> None:
    d = design()
    results = run_local(d.jobs()[:6])  # two seeds of each doctrine
    short = Design(d.scenario, "red", DOCTRINES, 2, SEED, others={"blue": "random"})
    assert [r.seed for r in split(short, results)["dove"]] == [SEED, SEED + 1]
    with pytest.raises(PairingError, match="did not play exactly seeds"):
        split(short, results[:-1])
    with pytest.raises(PairingError, match="other bots"):
        split(Design(d.scenario, "red", DOCTRINES, 2, SEED, others={"blue": "heuristic"}), results)
    with pytest.raises(PairingError, match="none of the doctrines"):
        split(
            Design(d.scenario, "red", ("hawk", "dove"), 2, SEED, others={"blue": "random"}), results
        )


def test_two_workers_give_the_same_experiment_as_one() -> None:
    d = Design(str(SCENARIO), "red", ("hawk", "dove"), 4, SEED, others={"blue": "random"})
    assert split(d, run_local(d.jobs(), workers=2)) == split(d, run_local(d.jobs(), workers=1))


# -- the statistics, recomputed by hand -----------------------------------------------------
def test_per_doctrine_statistics_equal_hand_computed_values(run: dict) -> None:
    doc, rules = run["doc"], load_ruleset(SCENARIO)
    for d in DOCTRINES:
        games, s = doc["games"][d], doc["summaries"][d]
        assert s["vp"]["mean"] == pytest.approx(statistics.fmean(g["vp"]["red"] for g in games))
        m, lo, hi = t_interval([float(g["vp"]["red"]) for g in games])
        assert (s["margin"]["mean"], *s["margin"]["ci95"]) == pytest.approx((m, lo, hi), abs=1e-9)
        won = sum("red" in g["winners"] and g["result"] in ("win", "shared") for g in games)
        assert s["won_or_shared"]["count"] == won
        assert s["won_or_shared"]["ci95"] == pytest.approx(wilson(won, GAMES))
        blue = sum("blue" in g["winners"] and g["result"] in ("win", "shared") for g in games)
        assert s["seats"]["blue"]["won_or_shared"]["ci95"] == pytest.approx(wilson(blue, GAMES))
        held = sum("red_a" in g["objectives"] for g in games)
        assert s["objectives"]["red_a"]["ci95"] == pytest.approx(wilson(held, GAMES))
        assert set(s["objectives"]) == {"red_a"}  # only Red's own objectives

        as_history = sum(g["indicators"]["no_war"] is False for g in games)
        row = s["indicators"]["no_war"]
        assert row["as_in_history"] == as_history
        assert row["history_ci95"] == pytest.approx(wilson(as_history, GAMES))
        m, lo, hi = t_interval([float(g["indicators"]["red_ground"]) for g in games])
        assert [s["indicators"]["red_ground"]["mean"], *s["indicators"]["red_ground"]["ci95"]] == (
            pytest.approx([m, lo, hi])
        )

        dists = [game_distance(rules, g["indicators"]) for g in games]
        assert [g["distance"] for g in games] == pytest.approx(dists)
        m, lo, hi = t_interval(dists)
        assert [s["distance"]["mean"], *s["distance"]["ci95"]] == pytest.approx([m, lo, hi])
        for k in range(4):
            at_least = sum(g["matched"] >= k for g in games)
            assert s["matched"]["at_least"][str(k)]["count"] == at_least
            assert s["matched"]["at_least"][str(k)]["ci95"] == pytest.approx(
                wilson(at_least, GAMES)
            )
    best = min(DOCTRINES, key=lambda d: doc["summaries"][d]["distance"]["mean"])
    assert doc["closest"]["doctrine"] == best


def test_paired_differences_are_taken_seed_by_seed(run: dict) -> None:
    doc = run["doc"]
    pairs = {(p["a"], p["b"]): p for p in doc["paired"]}
    assert list(pairs) == [("hawk", "dove"), ("hawk", "scenario"), ("dove", "scenario")]
    some_spread = False
    for (a, b), p in pairs.items():
        ga = {g["seed"]: g for g in doc["games"][a]}
        gb = {g["seed"]: g for g in doc["games"][b]}
        margin = [ga[s]["margin"] - gb[s]["margin"] for s in doc["seeds"]]
        dist = [ga[s]["distance"] - gb[s]["distance"] for s in doc["seeds"]]
        war = [
            int(ga[s]["indicators"]["no_war"]) - int(gb[s]["indicators"]["no_war"])
            for s in doc["seeds"]
        ]
        for got, diffs in (
            (p["measures"]["margin"], margin),
            (p["measures"]["distance"], dist),
            (p["indicators"]["no_war"], war),
        ):
            m, lo, hi = t_interval([float(x) for x in diffs])
            assert [got["mean"], *got["ci95"]] == pytest.approx([m, lo, hi], abs=1e-9)
            assert got["excludes_zero"] == (lo > 0 or hi < 0)
            some_spread |= hi - lo > 0
    assert some_spread, "every difference was constant: the test would not see a broken pairing"
    # Paired, not pooled: the paired interval is not the one of two independent samples.
    hawk = [g["margin"] for g in doc["games"]["hawk"]]
    dove = [g["margin"] for g in doc["games"]["dove"]]
    pooled = T7 * math.sqrt(statistics.variance(hawk) / GAMES + statistics.variance(dove) / GAMES)
    lo, hi = pairs[("hawk", "dove")]["measures"]["margin"]["ci95"]
    assert (hi - lo) / 2 != pytest.approx(pooled)


# -- what is shown and written --------------------------------------------------------------
def test_the_terminal_summary_fits_100_columns_and_names_the_closest(run: dict) -> None:
    text = run["text"]
    assert all(len(line) <= 100 for line in text.splitlines())
    assert f"{GAMES} games per doctrine on the same seeds {SEED}..{SEED + GAMES - 1}" in text
    assert "The hawk" in text and "The dove" in text and "As the scenario says" in text
    assert f"Closest to history: {run['doc']['closest']['doctrine']}" in text
    assert "paired differences over the same seeds" in text and "hawk − dove" in text
    assert "A truce holds at the end" in text and "won or shared" in text


def test_the_files_are_written_and_well_formed(run: dict) -> None:
    out, doc = run["out"], run["doc"]
    assert {"arguments", "design", "scenario", "seeds", "summaries", "paired", "games"} <= set(doc)
    rules = load_ruleset(SCENARIO)
    assert doc["scenario"] == {
        "id": "tiny-doctrines",
        "title": rules.manifest.title,
        "version": "1.0",
        "digest": rules.digest,
        "layers": [],
    }
    assert doc["arguments"]["actor"] == "red" and doc["arguments"]["games"] == GAMES
    rows = list(csv.reader((out / "games.csv").read_text().splitlines()))
    assert rows[0][:8] == [
        "seed",
        "doctrine",
        "bot",
        "result",
        "winners",
        "actor",
        "actor_vp",
        "actor_margin",
    ]
    assert rows[0][8:] == [
        "vp_red", "vp_blue", "ind_truce_holds", "ind_no_war", "ind_red_ground", "matched",
        "distance",
    ]  # fmt: skip
    assert len(rows) == 1 + GAMES * len(DOCTRINES)
    assert [r[1] for r in rows[1:4]] == list(DOCTRINES) and {r[0] for r in rows[1:4]} == {str(SEED)}
    assert {r[rows[0].index("ind_no_war")] for r in rows[1:]} <= {"0", "1"}
    summary = list(csv.reader((out / "summary.csv").read_text().splitlines()))
    assert tuple(summary[0]) == SUMMARY_HEADER
    measures = {(r[0], r[1]) for r in summary[1:]}
    assert {(d, m) for d in DOCTRINES for m in ("margin", "distance", "won_or_shared")} <= measures
    assert ("dove", "indicator:red_ground:mean") in measures
    paired = list(csv.reader((out / "paired.csv").read_text().splitlines()))
    assert len(paired) == 1 + 3 * (2 + 3)  # three pairs: margin, distance, three indicators
    for name in ("chart-indicators.png", "chart-distance.png", "chart-margin.png"):
        assert (out / name).read_bytes()[:4] == b"\x89PNG"
    page = (out / "index.html").read_text()
    assert "The hawk" in page and "The dove" in page and "How to read this" in page
    assert page.count("data:image/png;base64,") == 3


def test_the_page_escapes_scenario_text(tmp_path: Path) -> None:
    copy = tmp_path / "scenario"
    shutil.copytree(SCENARIO, copy)
    rules = copy / "rules.yaml"
    rules.write_text(
        rules.read_text().replace("title: The hawk", 'title: "<script>alert(1)</script> & hawk"')
    )
    out = tmp_path / "out"
    args = [*ARGS, "--scenario", str(copy), "--games", "2", "--out", str(out)]
    with redirect_stdout(io.StringIO()):
        assert main(args) == 0
    page = (out / "index.html").read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; hawk" in page


def test_the_page_opens_in_chromium_without_console_errors(run: dict, tmp_path: Path) -> None:
    page = run["out"] / "index.html"
    assert console_lines(open_in_chromium(page, tmp_path, tmp_path / "page.png")) == []
    probe = tmp_path / "probe.html"  # a copy that counts the images the browser could draw
    probe.write_text(page.read_text().replace("</body>", PROBE))
    found = console_lines(open_in_chromium(probe, tmp_path, tmp_path / "probe.png"))
    assert len(found) == 1 and re.search(r"probe: 3 images, 0 broken", found[0]), found


# -- usage errors ---------------------------------------------------------------------------
BASE = ["experiment", "--scenario", str(SCENARIO), "--games", "2", "--quiet"]


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--actor", "rde"], "'rde' is not a seat of tiny-doctrines; did you mean 'red'?"),
        (["--actor", "red", "--doctrines", "hawk,dvoe"], "no doctrine 'dvoe' for red in "
         "tiny-doctrines; did you mean 'dove'?"),
        (["--actor", "red", "--games", "1"], "--games must be at least 2"),
        (["--actor", "red", "--kind", "random"], "a random bot plays no doctrine"),
        (["--actor", "red", "--kind", "heuristc"], "did you mean 'heuristic'"),
        (["--actor", "red", "--kind", "heuristic:dove"], "give the kind alone"),
        (["--actor", "red", "--bot", "red=random"], "red is the seat under study"),
        (["--actor", "red", "--bot", "bleu=random"], "did you mean 'blue'"),
        (["--actor", "red", "--bot", "blue=heuristic:hawk"], "no doctrine 'hawk' for blue"),
        (["--actor", "red", "--doctrines", "hawk"], "name at least two doctrines"),
        (["--actor", "red", "--doctrines", "hawk,dove,hawk"], "hawk named twice"),
        (["--actor", "blue"], "blue has no named doctrines"),
        (["--actor", "red", "--workers", "0"], "--workers must be at least 1"),
        (["--actor", "red", "--scheduler", "localhost:8786"], "tcp://HOST:PORT"),
        (["--actor", "red", "--games", "many"], "invalid int value: 'many'"),
        (["--games", "4"], "the following arguments are required: --actor"),
    ],
)  # fmt: skip
def test_bad_arguments_are_usage_errors(extra: list[str], words: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([*BASE, *extra]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_an_output_that_is_a_file_is_refused_before_playing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    taken = tmp_path / "taken"
    taken.write_text("")
    assert main([*BASE, "--actor", "red", "--out", str(taken)]) == 2
    captured = capsys.readouterr()
    assert "not a folder" in captured.err and captured.out == ""


def test_missing_matplotlib_is_a_clear_message(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "matplotlib" else real(name, *a),
    )
    assert main([*BASE, "--actor", "red", "--out", "never-written"]) == 2
    assert "--out needs matplotlib" in capsys.readouterr().err
    assert not Path("never-written").exists()


def test_the_replay_command_names_a_scenario_in_the_working_folder_relatively(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from game.sim.experiment_html import command_line

    rules = load_ruleset(SCENARIO)
    monkeypatch.chdir(ROOT)
    absolute = Design(
        str(SCENARIO.resolve()), "red", DOCTRINES, GAMES, SEED, others={"blue": "random"}
    )
    assert "--scenario tests/scenarios/tiny-doctrines " in command_line(absolute, rules)
    monkeypatch.chdir(tmp_path)  # a scenario outside the working folder keeps its full path
    assert f"--scenario {SCENARIO.resolve()} " in command_line(absolute, rules)
