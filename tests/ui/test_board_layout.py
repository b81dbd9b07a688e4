"""The board's layout holds all game: region boxes are sized for the scenario, not for the
moment, so none moves, none overlaps another, and no country or sea name lies under a box;
each scenario opens framed on its own regions."""

from __future__ import annotations

import random
from pathlib import Path

import pygame
import pytest

from game.engine.start import new_game
from game.render.board import BoardPainter
from game.render.boxes import is_offmap, overlaps, scenario_focus
from game.ruleset.load import load_ruleset
from game.ui.layout import screen_layout
from game.ui.map_control import MapControl

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = ("caucasus-2020", "georgia-2008")


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("size", [(1600, 900), (1280, 720)])
def test_a_whole_game_keeps_one_layout_without_overlaps(
    scenario: str, size: tuple[int, int]
) -> None:
    pygame.display.init()
    pygame.font.init()
    rules = load_ruleset(REPO / "rules" / scenario)
    lay = screen_layout(size, len(rules.tracks))
    viewport = MapControl(lay.map, scenario_focus(rules)).viewport
    painter = BoardPainter(rules)
    surface = pygame.Surface(size)
    s, rng = new_game(rules, seed=11), random.Random(11)
    first = None
    turns_seen = set()
    while not s.is_over():
        if s.turn not in turns_seen:  # each turn's start, as the board would draw it
            turns_seen.add(s.turn)
            view = s.view_for(rules.seats[0], with_log=False)
            layout = painter.draw(surface, viewport, view)
            first = first or layout.boxes
            assert dict(layout.boxes) == dict(first), f"boxes moved by turn {s.turn}"
            assert overlaps(layout.boxes) == [], s.turn
            x0, y0 = viewport.rect[:2]
            for label in painter.label_rects:
                spot = label.move(x0, y0)
                hit = [r for r, b in layout.boxes.items() if spot.colliderect(pygame.Rect(b))]
                assert hit == [], (s.turn, spot, hit)
        s = s.apply(rng.choice(s.legal_actions()))
    assert len(turns_seen) >= 3  # the game went on for turns (a sudden death may end it)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_scenario_opens_framed_on_its_own_regions(scenario: str) -> None:
    rules = load_ruleset(REPO / "rules" / scenario)
    lay = screen_layout((1600, 900), len(rules.tracks))
    viewport = MapControl(lay.map, scenario_focus(rules)).viewport
    _, _, w, h = viewport.rect
    xs, ys = [], []
    for rid, region in rules.regions.items():
        if is_offmap(rules, rid):
            continue
        x, y = viewport.to_screen(region.lon, region.lat)
        assert viewport.contains(x, y), rid  # every region of the scenario is on screen
        xs.append(x)
        ys.append(y)
    # and they fill the map: the theatre spans most of its width or height
    assert max(max(xs) - min(xs) > 0.6 * w, max(ys) - min(ys) > 0.6 * h)
