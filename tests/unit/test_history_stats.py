"""The interval arithmetic of batch statistics (game.sim.history)."""

from __future__ import annotations

import math

import pytest

from game.sim.history import mean_ci, paired_difference, t95, wilson


@pytest.mark.parametrize(
    "df, quantile",
    [
        (1, 12.7062),
        (2, 4.3027),
        (3, 3.1824),
        (5, 2.5706),
        (10, 2.2281),
        (30, 2.0423),
        (199, 1.9720),
        (10_000, 1.9602),
    ],
)
def test_t_quantiles_match_the_tables(df: int, quantile: float) -> None:
    assert t95(df) == pytest.approx(quantile, abs=2e-3)


def test_a_mean_has_a_student_t_interval() -> None:
    m, lo, hi = mean_ci([1.0, 2.0, 3.0, 4.0])
    half = 3.1824 * math.sqrt(5 / 3) / 2  # t(3) * sd / sqrt(n)
    assert m == 2.5 and lo == pytest.approx(2.5 - half, abs=1e-3)
    assert hi == pytest.approx(2.5 + half, abs=1e-3)
    assert mean_ci([7.0]) == (7.0, 7.0, 7.0)
    assert all(math.isnan(x) for x in mean_ci([]))


def test_paired_differences_remove_what_the_pairs_share() -> None:
    a = [10.0, 20.0, 30.0, 40.0]
    b = [9.0, 19.0, 29.5, 38.5]  # always about 1 below: unpaired, the spread would hide it
    m, lo, hi = paired_difference(a, b)
    assert m == pytest.approx(1.0) and 0 < lo < 1 < hi < 2
    with pytest.raises(ValueError, match="differ in length"):
        paired_difference([1.0], [1.0, 2.0])


def test_wilson_stays_inside_zero_and_one() -> None:
    assert wilson(0, 20)[0] == 0.0 and wilson(20, 20)[1] == 1.0
    lo, hi = wilson(10, 20)
    assert lo == pytest.approx(0.2993, abs=1e-3) and hi == pytest.approx(0.7007, abs=1e-3)
