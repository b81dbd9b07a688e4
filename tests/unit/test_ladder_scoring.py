"""The strength ladder's scoring (bench/ladder.py): seat splits, Wilson intervals and
duplicate pairs. The ladder's games are a benchmark; how they are scored is tested here."""

from __future__ import annotations

import pytest

from bench.ladder import duplicate, splits, wilson

SEATS = ("a1", "a2", "b1", "b2")


def game(n: int, a_seats: list[str], scores: dict[str, int]) -> dict:
    return {"game": n, "a_seats": a_seats, "scores": scores}


def test_splits_cover_every_seat_set_once_with_its_complement() -> None:
    six = ("r", "az", "ar", "t", "i", "w")
    got = splits(six)
    assert len(got) == 10  # C(6,3) / 2
    halves = {frozenset(s) for s in got} | {frozenset(six) - s for s in got}
    assert len(halves) == 20 and all(len(s) == 3 for s in halves)


def test_wilson_interval_brackets_the_proportion() -> None:
    lo, hi = wilson(78, 100)
    assert lo < 0.78 < hi
    assert lo == pytest.approx(0.6893, abs=1e-4) and hi == pytest.approx(0.8500, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


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
