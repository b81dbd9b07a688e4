"""The strength ladder's scoring (bench/ladder.py): seat splits, duplicate pairs, and its
refusals of bad arguments. The ladder's games are a benchmark; how they are scored is
tested here (its Wilson interval is game.sim.stats', tested with simulate)."""

from __future__ import annotations

import json

import pytest

from bench.ladder import duplicate, load_saved, parse_pairing, splits

SEATS = ("a1", "a2", "b1", "b2")


def game(n: int, a_seats: list[str], scores: dict[str, int]) -> dict:
    return {"game": n, "a_seats": a_seats, "scores": scores}


def test_splits_cover_every_seat_set_once_with_its_complement() -> None:
    six = ("r", "az", "ar", "t", "i", "w")
    got = splits(six)
    assert len(got) == 10  # C(6,3) / 2
    halves = {frozenset(s) for s in got} | {frozenset(six) - s for s in got}
    assert len(halves) == 20 and all(len(s) == 3 for s in halves)


def test_a_seat_that_always_wins_does_not_hide_the_better_bot() -> None:
    # Seat b1 wins both games whoever plays it, but bot A scores more on every seat.
    g0 = game(0, ["a1", "b1"], {"a1": 5, "a2": 2, "b1": 9, "b2": 1})
    g1 = game(1, ["a2", "b2"], {"a1": 3, "a2": 4, "b1": 8, "b2": 2})
    assert duplicate([g0, g1], SEATS) == {"pairs": 1, "a_wins": 1.0}
    # A's seats: 5 + 9 + 4 + 2 = 20; B's: 2 + 1 + 3 + 8 = 14.


def test_a_tied_pair_counts_half_and_an_unpaired_game_is_left_out() -> None:
    g0 = game(0, ["a1"], {"a1": 3, "a2": 1})  # A: 3 + 1, B: 1 + 3
    g1 = game(1, ["a2"], {"a1": 3, "a2": 1})
    g2 = game(2, ["a1"], {"a1": 9, "a2": 0})
    assert duplicate([g2, g1, g0], ("a1", "a2")) == {"pairs": 1, "a_wins": 0.5}


def test_the_worse_bot_loses_the_pair() -> None:
    g0 = game(0, ["a1", "a2"], {"a1": 1, "a2": 1, "b1": 6, "b2": 6})
    g1 = game(1, ["b1", "b2"], {"a1": 6, "a2": 6, "b1": 1, "b2": 1})
    assert duplicate([g0, g1], SEATS) == {"pairs": 1, "a_wins": 0.0}


def test_a_bad_pairing_or_results_file_is_refused_with_what_to_give(tmp_path) -> None:
    with pytest.raises(SystemExit, match=r"--pairing 'ismcts': give two bot kinds as A:B"):
        parse_pairing("ismcts")
    assert parse_pairing("ismcts:heuristic") == ("ismcts", "heuristic")
    bad = tmp_path / "notes.json"
    bad.write_text("not json")
    with pytest.raises(SystemExit, match=r"notes.json: not a ladder results file"):
        load_saved(str(bad))
    with pytest.raises(SystemExit, match=r"cannot read .*missing.json"):
        load_saved(str(tmp_path / "missing.json"))


def test_a_stream_of_games_is_read_back_as_pairings(tmp_path) -> None:
    stream = tmp_path / "run.jsonl"
    g0 = {"a": "x", "b": "y", **game(0, ["a1"], {"a1": 3, "a2": 1})}
    g1 = {"a": "x", "b": "y", **game(1, ["a2"], {"a1": 1, "a2": 3})}
    stream.write_text(f"{json.dumps(g0)}\n{json.dumps(g1)}\n")
    (saved,) = load_saved(str(stream))
    assert (saved["a"], saved["b"], [g["game"] for g in saved["results"]]) == ("x", "y", [0, 1])
    assert duplicate(saved["results"], ("a1", "a2")) == {"pairs": 1, "a_wins": 1.0}
