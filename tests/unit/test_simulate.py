"""Batch simulation: reproducible whatever the worker count, on a Dask cluster too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.ruleset.load import load_ruleset
from game.sim import stats
from game.sim.batch import jobs, run_dask, run_local
from tests.scenario_kit import DEFAULT, TINY
from tests.tools_kit import need_module


def test_wilson_interval_matches_known_values() -> None:
    lo, hi = stats.wilson(8, 40)
    assert (round(lo, 4), round(hi, 4)) == (0.105, 0.3476)
    assert stats.wilson(0, 10)[0] == 0.0 and stats.wilson(10, 10)[1] == 1.0
    assert stats.wilson(0, 0) == (0.0, 1.0)


def test_the_same_arguments_give_the_same_results_whatever_the_worker_count() -> None:
    todo = jobs(TINY, 24, seed=5)
    one = run_local(todo, workers=1)
    two = run_local(todo, workers=2)
    assert one == two
    assert [r.seed for r in one] == list(range(5, 29))


def test_a_dask_cluster_gives_the_same_results_as_a_local_run() -> None:
    distributed = need_module("distributed", "cluster")
    todo = jobs(TINY, 12, seed=40)
    local = run_local(todo)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        remote = run_dask(todo, cluster.scheduler_address)
    assert remote == local


def test_summary_counts_match_the_games() -> None:
    rules = load_ruleset(TINY)
    results = run_local(jobs(TINY, 30, seed=1))
    s = stats.summarise(rules, results)
    assert s["games"] == 30
    assert sum(d["wins"] for d in s["seats"].values()) == s["results"].get("win", 0)
    for seat, d in s["seats"].items():
        assert d["mean_vp"] == pytest.approx(sum(r.vp[seat] for r in results) / 30)
        assert d["win_ci95"][0] <= d["win_rate"] <= d["win_ci95"][1]
    assert s["sudden_death"]["games"] == sum(r.sudden_death for r in results)
    for oid, d in s["objectives"].items():
        assert d["achieved"] == sum(oid in r.objectives for r in results)


def test_simulate_writes_json_csv_and_plots(tmp_path: Path, capsys) -> None:
    args = ["simulate", "--games", "12", "--scenario", str(TINY), "--quiet", "--workers", "2"]
    assert main([*args, "--out", str(tmp_path / "r.json"), "--plot", str(tmp_path / "p")]) == 0
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["summary"]["games"] == 12 and len(doc["games"]) == 12
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == [
        "game_length.png",
        "objectives.png",
        "victory_points.png",
        "win_rates.png",
    ]
    assert all(
        (tmp_path / "p" / n).read_bytes()[:4] == b"\x89PNG"
        for n in ("win_rates.png", "objectives.png")
    )
    assert main([*args, "--bots", "random", "--out", str(tmp_path / "r.csv")]) == 0
    rows = (tmp_path / "r.csv").read_text().splitlines()
    assert rows[0].startswith("seed,result,winners") and len(rows) == 13
    assert "95% CI" in capsys.readouterr().out


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--bot", "russia=heurstic"], "did you mean 'heuristic'"),
        (["--bot", "russa=random"], "did you mean 'russia'"),
        (["--bot", "russia=heuristic:defensiv"], "did you mean 'defensive'"),
        (["--bot", "turkey=heuristic:freeze"], "no doctrine 'freeze' for turkey"),
        (["--bot", "russia=random:freeze"], "random bot plays no doctrine"),
        (["--out", "x.txt"], "must end in .json or .csv"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--scheduler", "localhost:8786"], "tcp://HOST:PORT"),
    ],
)
def test_bad_simulate_arguments_are_usage_errors(extra, words, capsys) -> None:
    assert main(["simulate", "--games", "2", "--scenario", str(DEFAULT), *extra]) == 2
    assert words in capsys.readouterr().err


def test_an_unreachable_scheduler_is_a_clear_error(capsys) -> None:
    import distributed  # noqa: F401  (the cluster extra that tools/test.sh installs)
    code = main(
        [
            "simulate",
            "--games",
            "2",
            "--scenario",
            str(TINY),
            "--quiet",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ]
    )
    assert code == 1
    assert "cannot reach the scheduler" in capsys.readouterr().err


def test_simulate_reports_margins_and_historical_indicators(tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.json"
    args = ["simulate", "--games", "2", "--scenario", str(DEFAULT), "--quiet", "--seed", "5"]
    assert main([*args, "--bot", "russia=heuristic:freeze", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "historical indicators" in text and "distance from history" in text
    assert "Moscow turns down Armenia's appeal" in text and "margin" in text
    doc = json.loads(out.read_text())
    rules = load_ruleset(DEFAULT)
    game = doc["games"][0]
    assert set(game["indicators"]) == set(rules.indicators)
    assert game["bots"]["russia"] == "heuristic:freeze" and game["bots"]["iran"] == "heuristic"
    assert {s: game["vp"][s] - rules.actors[s].par for s in game["vp"]} == game["margins"]
    ind = doc["summary"]["indicators"]["districts_returned"]
    assert ind["kind"] == "value" and ind["ci95"][0] <= ind["mean"] <= ind["ci95"][1]
    rows = doc["summary"]["indicators"]["moscow_brokers"]
    assert 0 <= rows["history_ci95"][0] <= rows["history_rate"] <= rows["history_ci95"][1] <= 1
    assert main([*args, "--bots", "random", "--out", str(tmp_path / "r.csv")]) == 0
    header = (tmp_path / "r.csv").read_text().splitlines()[0].split(",")
    assert "margin_russia" in header and "ind_shusha_taken" in header
