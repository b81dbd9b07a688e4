"""bench/ladder_base.py's referee, with scripted sides instead of the two trees' workers:
a game where the trees disagree, or a side that fails, stops the run with what happened
(a lost game would otherwise drop its pair from the figures without a word)."""

from __future__ import annotations

from typing import Any

from bench.ladder_base import BASE, NEW, Diverged, play_all, play_game

SEATS = ("a", "b")


class Scripted:
    """A side playing a two-seat game of three decisions (a, b, a), scores at the end;
    ``twist`` changes what it says after its n-th action, ``fail`` raises there."""

    def __init__(self, twist: int | None = None, fail: int | None = None) -> None:
        self.done = 0
        self.twist, self.fail = twist, fail

    def where(self) -> list[Any]:
        over = self.done >= 3
        actor = None if over else SEATS[self.done % 2]
        legal = [] if over else ["pass", "play x"]
        if self.twist is not None and self.done >= self.twist:
            legal = ["pass"]
        return [actor, over, legal, {"a": self.done, "b": 1}]

    def run(self, task: str, **args: Any) -> Any:
        if task == "match_start":
            self.done = 0
            return self.where()
        if task == "match_decide":
            return ["play x", 0.01]
        if task == "match_apply":
            self.done += 1
            if self.fail is not None and self.done >= self.fail:
                raise BrokenPipeError("the worker went away")
            return self.where()
        if task == "match_end":
            return {"scores": {"a": 3, "b": 1}, "returns": {"a": 1.0, "b": 0.0},
                    "winners": ["a"], "reason": "turns ran out"}  # fmt: skip
        raise AssertionError(task)


def job(game: int, a_seats: list[str]) -> dict[str, Any]:
    return {"game": game, "seed": 1000, "folder": "x", "seats": SEATS, "a_seats": a_seats,
            "settings": {}}  # fmt: skip


def test_agreeing_sides_play_a_pair_and_count_each_sides_decisions() -> None:
    results, errors = play_all([(Scripted(), Scripted())], [job(0, ["a"]), job(1, ["b"])])
    assert errors == []
    assert sorted(r["game"] for r in results) == [0, 1]
    first = next(r for r in results if r["game"] == 0)
    assert first["decisions"] == {NEW: 2, BASE: 1} and first["a_share"] == 1.0
    assert first["steps"] == 3


def test_trees_that_disagree_stop_the_run_naming_the_step_and_what_differs() -> None:
    try:
        play_game(Scripted(), Scripted(twist=2), job(0, ["a"]))
    except Diverged as exc:
        assert "step 2" in str(exc) and "the legal actions" in str(exc)
    else:
        raise AssertionError("a disagreement went unnoticed")
    results, errors = play_all([(Scripted(), Scripted(twist=2))], [job(0, ["a"])])
    assert results == [] and "Diverged" in errors[0]


def test_a_side_that_fails_is_an_error_not_a_missing_game() -> None:
    results, errors = play_all([(Scripted(), Scripted(fail=2))], [job(0, ["a"]), job(1, ["b"])])
    assert results == []
    assert errors == ["game 0: BrokenPipeError: the worker went away"]
