"""The board's pure parts: screen areas, region-box layout, action buttons, words, the table."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine import CONTROL, Action
from game.render.board import BoardPainter, Highlights, draw_board
from game.render.boxes import leader_end, overlaps
from game.render.projection import Viewport
from game.ruleset.load import load_ruleset
from game.session.record import SeatConfig
from game.ui.controller import Table
from game.ui.hand import choices
from game.ui.layout import card_rects, screen_layout
from game.ui.panels import prompt_text
from game.ui.tooltip import region_lines

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "rules" / "caucasus-2020"
TINY = REPO / "tests" / "scenarios" / "tiny"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    return load_ruleset(DEFAULT)


@pytest.fixture(scope="module")
def tiny():  # type: ignore[no-untyped-def]
    return load_ruleset(TINY)


def _inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[0] + inner[2] <= outer[0] + outer[2]
        and inner[1] + inner[3] <= outer[1] + outer[3]
    )


@pytest.mark.parametrize("size", [(1600, 900), (1280, 720), (1920, 1080)])
def test_screen_areas_tile_the_window(size: tuple[int, int]) -> None:
    lay = screen_layout(size, 8)
    window = (0, 0, *size)
    areas = {
        "top": lay.top,
        "map": lay.map,
        "side": lay.side,
        "actions": lay.actions,
        "hand": lay.hand,
        "detail": lay.detail,
    }
    for name, rect in areas.items():
        assert _inside(rect, window), name
        assert rect[2] > 0 and rect[3] > 0, name
    assert overlaps(areas) == []
    assert sum(r[2] * r[3] for r in areas.values()) == size[0] * size[1]
    for sub in (lay.tracks, lay.scores, lay.log):
        assert _inside(sub, lay.side)
    # At the smallest supported size the map still gets the larger share.
    assert lay.map[2] * lay.map[3] > 0.4 * size[0] * size[1]


def test_cards_fit_their_row() -> None:
    area = (0, 700, 900, 160)
    for n in range(1, 9):
        rects = card_rects(area, n)
        assert len(rects) == n
        assert all(_inside(r, area) for r in rects)
        assert overlaps(dict(enumerate(rects))) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [(1600, 900), (1280, 720)])
@pytest.mark.parametrize("zoom", [1.0, 1.6, 3.0])
def test_region_boxes_never_overlap(rules, size: tuple[int, int], zoom: float) -> None:  # type: ignore[no-untyped-def]
    pygame.display.init()
    pygame.font.init()
    lay = screen_layout(size, len(rules.tracks))
    view = Viewport.fit(lay.map).with_zoom(zoom)
    game_view = _start_view(rules)
    painter = BoardPainter(rules)
    boxes = painter.layout(view, game_view)
    on_screen = {
        rid: r for rid, r in boxes.boxes.items() if view.contains(r[0] + r[2] / 2, r[1] + r[3] / 2)
    }
    assert overlaps(on_screen) == []
    if boxes.legend is not None:
        legend = {"legend": boxes.legend}
        for rid, r in on_screen.items():
            assert overlaps({**legend, rid: r}) == [], rid
    # Every region whose point is on the map has its box there too, and the
    # leader line of a moved box starts at its true point.
    for rid, (x, y) in boxes.anchors.items():
        if view.contains(x, y):
            assert rid in on_screen
            end = leader_end(boxes.boxes[rid], (x, y))
            assert end is None or view.contains(*end)
    # Nagorno-Karabakh: its points are visible (no box sits on another region's point).
    for rid, (x, y) in boxes.anchors.items():
        for other, r in on_screen.items():
            if other != rid and view.contains(x, y):
                assert not (r[0] < x < r[0] + r[2] and r[1] < y < r[1] + r[3]), (rid, other)


def _start_view(rules, seat: str = "russia"):  # type: ignore[no-untyped-def]
    table = Table.new(rules, tuple(SeatConfig(s) for s in rules.seats), 1)
    return table.session.state.view_for(seat)


def test_offmap_regions_sit_in_the_strip(rules) -> None:  # type: ignore[no-untyped-def]
    pygame.display.init()
    lay = screen_layout((1600, 900), len(rules.tracks))
    boxes = BoardPainter(rules).layout(Viewport.fit(lay.map), _start_view(rules))
    assert boxes.strip is not None
    offmap = [rid for rid, r in rules.regions.items() if "off-map" in r.tags]
    assert offmap
    for rid in offmap:
        assert _inside(boxes.boxes[rid], boxes.strip), rid
        assert rid not in boxes.anchors


def test_draw_board_shows_every_region_and_actor_labels(rules) -> None:  # type: ignore[no-untyped-def]
    pygame.display.init()
    surface = pygame.Surface((1600, 900))
    lay = screen_layout((1600, 900), len(rules.tracks))
    texts: list[str] = []
    view = _start_view(rules)
    layout = draw_board(surface, Viewport.fit(lay.map), view, rules, Highlights(), texts=texts)
    assert set(layout.boxes) == set(rules.regions)
    # Influence is drawn with the actor's short label as the second cue in the record of
    # what was drawn (and its symbol on screen); e.g. Baku's Azerbaijani influence.
    az = rules.actors["azerbaijan"].short
    assert f"{az} {view.influence['BAK']['azerbaijan']}" in texts
    assert "Legend" in texts


@pytest.mark.parametrize("zoom", [1.0, 4.0])
def test_a_zoomed_board_draws_nothing_outside_the_map(rules, zoom: float) -> None:  # type: ignore[no-untyped-def]
    """Boxes near the map's edge, targets' rings and cost badges stay off the side panels."""
    pygame.display.init()
    size = (1280, 720)
    lay = screen_layout(size, len(rules.tracks))
    map_rect = pygame.Rect(lay.map)
    sentinel = (1, 2, 3)
    view = _start_view(rules)
    targets = frozenset(rules.regions)
    for about in (map_rect.topleft, map_rect.topright, map_rect.bottomright, map_rect.center):
        surface = pygame.Surface(size)
        surface.fill(sentinel)
        vp = Viewport.fit(lay.map).zoomed(zoom, about)
        costs = tuple((rid, 2) for rid in sorted(targets))
        draw_board(surface, vp, view, rules, Highlights(targets=targets, costs=costs))
        outside = pygame.mask.from_threshold(surface, sentinel, (1, 1, 1, 255))
        inside = pygame.mask.Mask(map_rect.size, fill=True)
        outside.draw(inside, map_rect.topleft)  # count the map itself as sentinel
        assert outside.count() == size[0] * size[1], (zoom, about)


def test_targets_are_highlighted_and_the_rest_veiled(rules) -> None:  # type: ignore[no-untyped-def]
    pygame.display.init()
    lay = screen_layout((1600, 900), len(rules.tracks))
    vp = Viewport.fit(lay.map)
    view = _start_view(rules)
    plain = pygame.Surface((1600, 900))
    marked = pygame.Surface((1600, 900))
    layout = draw_board(plain, vp, view, rules, Highlights(legend=False))
    draw_board(marked, vp, view, rules, Highlights(targets=frozenset({"BAK"}), legend=False))
    x, y, _, h = layout.boxes["BAK"]
    assert marked.get_at((x - 2, y + h // 2)) != plain.get_at((x - 2, y + h // 2))  # gold ring
    ox, oy, ow, oh = layout.boxes["TBI"]
    assert marked.get_at((ox + ow // 2, oy + oh - 4)) != plain.get_at((ox + ow // 2, oy + oh - 4))


def test_choices_are_exactly_the_legal_actions(rules) -> None:  # type: ignore[no-untyped-def]
    view = _start_view(rules)
    assert all(a.kind == "play" for a in view.legal)
    # Nothing is offered until a card is chosen; then exactly that card's play.
    assert choices(view, rules, view.decision, None) == []
    card = view.hand[0]
    got = choices(view, rules, view.decision, card)
    assert [c.action for c in got] == [Action("play", card)]
    assert rules.cards[card].title[:10] in got[0].label
    # Someone else's view has no choices at all.
    other = _start_view(rules, "west")
    assert other.legal == ()
    assert choices(other, rules, other.decision, other.hand[0]) == []


def test_prompt_words(rules) -> None:  # type: ignore[no-untyped-def]
    view = _start_view(rules)
    assert prompt_text(rules, view, "russia") == "Choose a card to play"
    assert prompt_text(rules, view, "west").startswith("Waiting for Russian Federation")
    assert prompt_text(rules, view, CONTROL).startswith("Russian Federation: ")


def test_region_tooltip_tells_everything(rules) -> None:  # type: ignore[no-untyped-def]
    view = _start_view(rules)
    lines = [text for text, _ in region_lines("STK", view, rules)]
    region = rules.regions["STK"]
    assert lines[0] == f"{region.name} (STK)"
    assert any(f"Stability: {region.stability}" in line for line in lines)
    assert any("karabakh" in line for line in lines)
    for actor, n in view.influence["STK"].items():
        assert any(rules.actors[actor].name in line and f"influence {n}" in line for line in lines)
    assert any(line.startswith("Controlled by") for line in lines)


# -- the table: hotseat etiquette, bots, undo, autosave -----------------------------------------
def test_single_human_never_sees_a_cover(tiny, home: Path) -> None:  # type: ignore[no-untyped-def]
    seats = (SeatConfig("red"), SeatConfig("blue", "bot", "random"))
    table = Table.new(tiny, seats, 3, autosave=home / "auto.json")
    assert table.humans == ("red",)
    assert not table.needs_cover()
    assert table.viewer == "red"
    assert (home / "auto.json").is_file()


def test_two_humans_hand_off(tiny) -> None:  # type: ignore[no-untyped-def]
    table = Table.new(tiny, (SeatConfig("red"), SeatConfig("blue")), 3)
    assert table.needs_cover() and table.viewer == CONTROL
    table.reveal()
    assert not table.needs_cover() and table.viewer == "red"
    while table.acting == "red":
        table.act(table.view().legal[0])
    assert table.acting == "blue"
    # Red's move is done: the board waits (Red still at it) until Red passes the screen.
    assert table.pass_pending() and not table.needs_cover() and table.viewer == "red"
    with pytest.raises(ValueError):
        table.act(Action("pass"))  # and Blue's decision cannot be taken from Red's screen
    table.pass_screen()
    assert table.needs_cover() and not table.pass_pending()


def test_bots_move_and_autosave(tiny, home: Path) -> None:  # type: ignore[no-untyped-def]
    seats = (SeatConfig("red", "bot", "random"), SeatConfig("blue", "bot", "random"))
    table = Table.new(tiny, seats, 5, autosave=home / "auto.json")
    assert table.viewer == CONTROL
    moves = 0
    while table.bot_to_move():
        move = table.bot_step()
        assert move is not None and move.by_bot
        moves += 1
    assert table.is_over()
    loaded = Table.load(tiny, home / "auto.json")
    assert len(loaded.session.record.steps) == len(table.session.record.steps)
    assert moves > 0


def test_undo_takes_back_the_viewers_decision(tiny) -> None:  # type: ignore[no-untyped-def]
    seats = (SeatConfig("red"), SeatConfig("blue", "bot", "random"))
    table = Table.new(tiny, seats, 3)
    assert table.undo().startswith("Cannot undo")
    before = len(table.session.record.steps)
    table.act(table.view().legal[0])
    assert table.undo() == "Undone."
    assert len(table.session.record.steps) == before
