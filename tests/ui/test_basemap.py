"""The board's background: projection maths, the map asset, rendering, fonts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.render import basemap as bm
from game.render import fonts
from game.render.projection import DATA_BOUNDS, FOCUS_BOUNDS, MAX_ZOOM, MIN_ZOOM, Viewport

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO.parent / "shared" / "data" / "caucasus-naturalearth.geojson"
SCREEN = (0, 0, 1600, 900)

# --- projection -------------------------------------------------------------

rects = st.builds(
    lambda x, y, w, h: (x, y, w, h),
    st.integers(0, 300),
    st.integers(0, 300),
    st.integers(320, 2560),
    st.integers(240, 1440),
).filter(lambda r: 0.5 <= r[2] / r[3] <= 3.0)


@st.composite
def viewports(draw: st.DrawFn) -> Viewport:
    """A fitted viewport, zoomed about some point inside it and panned a bit."""
    rect = draw(rects)
    view = Viewport.fit(rect)
    about = (
        rect[0] + draw(st.floats(0, 1)) * (rect[2] - 1),
        rect[1] + draw(st.floats(0, 1)) * (rect[3] - 1),
    )
    view = view.with_zoom(draw(st.floats(MIN_ZOOM, MAX_ZOOM)), about)
    return view.panned(draw(st.floats(-3000, 3000)), draw(st.floats(-3000, 3000)))


lons = st.floats(DATA_BOUNDS[0], DATA_BOUNDS[2])
lats = st.floats(DATA_BOUNDS[1], DATA_BOUNDS[3])


@given(viewports(), lons, lats)
def test_lonlat_round_trips_through_the_screen(view: Viewport, lon: float, lat: float) -> None:
    back = view.to_lonlat(*view.to_screen(lon, lat))
    assert back == pytest.approx((lon, lat), abs=1e-9)


@given(viewports(), st.floats(0, 1), st.floats(0, 1))
def test_screen_round_trips_through_lonlat(view: Viewport, fx: float, fy: float) -> None:
    x0, y0, w, h = view.rect
    point = (x0 + fx * w, y0 + fy * h)
    assert view.to_screen(*view.to_lonlat(*point)) == pytest.approx(point, abs=1e-6)


@given(viewports(), st.floats(1.0, 10.0), st.floats(0, 1), st.floats(0, 1))
def test_zooming_in_keeps_the_zoom_point_fixed(
    view: Viewport, factor: float, fx: float, fy: float
) -> None:
    x0, y0, w, h = view.rect
    about = (x0 + fx * w, y0 + fy * h)
    lonlat = view.to_lonlat(*about)
    zoomed = view.zoomed(factor, about)
    assert zoomed.zoom == pytest.approx(min(view.zoom * factor, MAX_ZOOM))
    assert zoomed.to_screen(*lonlat) == pytest.approx(about, abs=1e-6)


def test_zoom_keeps_the_point_fixed_when_zooming_back_out() -> None:
    view = Viewport.fit(SCREEN).with_zoom(4.0)
    about = (500.0, 300.0)
    lonlat = view.to_lonlat(*about)
    out = view.zoomed(0.5, about)
    assert out.zoom == pytest.approx(2.0)
    assert out.to_screen(*lonlat) == pytest.approx(about, abs=1e-6)


def test_zoom_is_clamped() -> None:
    view = Viewport.fit(SCREEN)
    assert view.zoom == MIN_ZOOM
    assert view.with_zoom(100.0).zoom == MAX_ZOOM
    assert view.zoomed(1.5).zoomed(100.0).zoom == MAX_ZOOM
    assert view.with_zoom(0.01).zoom == MIN_ZOOM
    assert view.zoomed(0.5) == view


@given(viewports())
def test_the_view_never_leaves_the_data(view: Viewport) -> None:
    lon0, lat0, lon1, lat1 = view.visible_bounds()
    eps = 1e-9
    assert DATA_BOUNDS[0] - eps <= lon0 < lon1 <= DATA_BOUNDS[2] + eps
    assert DATA_BOUNDS[1] - eps <= lat0 < lat1 <= DATA_BOUNDS[3] + eps


@given(rects.filter(lambda r: 1.1 <= r[2] / r[3] <= 1.88))
def test_the_fitted_view_shows_every_board_region(rect: tuple[int, int, int, int]) -> None:
    view = Viewport.fit(rect)
    lon0, lat0, lon1, lat1 = view.visible_bounds()
    eps = 1.0 / view.scale  # within one pixel: rounding at the edge of the aspect range
    assert lon0 <= FOCUS_BOUNDS[0] + eps and lon1 >= FOCUS_BOUNDS[2] - eps
    assert lat0 <= FOCUS_BOUNDS[1] + eps and lat1 >= FOCUS_BOUNDS[3] - eps


def test_panning_moves_the_map_with_the_pointer() -> None:
    view = Viewport.fit(SCREEN).with_zoom(3.0)
    lonlat = view.to_lonlat(800, 450)
    moved = view.panned(40, -25)
    assert moved.to_screen(*lonlat) == pytest.approx((840, 425), abs=1e-6)


def test_a_viewport_needs_a_real_rect() -> None:
    with pytest.raises(ValueError):
        Viewport.fit((0, 0, 0, 600))


# --- the asset and its build script -----------------------------------------


@pytest.mark.skipif(not SOURCE.is_file(), reason="needs ../shared/data beside the repo")
def test_build_is_deterministic_and_the_committed_asset_is_current(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        subprocess.run(
            [
                sys.executable,
                str(REPO / "tools" / "build_map.py"),
                "--src",
                str(SOURCE),
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == bm.ASSET_PATH.read_bytes(), "run tools/build_map.py and commit"


def test_asset_has_what_the_board_draws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # the default path must not depend on the cwd
    basemap = bm.load_basemap()
    isos = {f.get("iso_a3") for f in basemap.layer("country")}
    assert {"ARM", "AZE", "GEO", "RUS", "TUR", "IRN"} <= isos
    assert {f.get("name") for f in basemap.layer("disputed")} == {
        "Abkhazia",
        "South Ossetia",
        "Nagorno-Karabakh",
    }
    rivers = {f.get("name"): f for f in basemap.layer("river")}
    assert rivers["Kura"].get("major") and rivers["Aras"].get("major")
    assert "Lake Sevan" in {f.get("name") for f in basemap.layer("lake")}
    assert basemap.layer("border") and basemap.layer("coastline")
    assert {"Baku", "Tbilisi", "Yerevan"} <= {f.get("name") for f in basemap.layer("place")}
    for feature in basemap.layer("country"):
        for polygon in feature.polygons:
            for lon, lat in polygon[0]:
                assert DATA_BOUNDS[0] <= lon <= DATA_BOUNDS[2]
                assert DATA_BOUNDS[1] <= lat <= DATA_BOUNDS[3]


def test_enclaves_belong_to_the_right_country() -> None:
    basemap = bm.load_basemap()
    owner = {}
    for feature in basemap.layer("country"):
        for polygon in feature.polygons:
            lons = [p[0] for p in polygon[0]]
            lats = [p[1] for p in polygon[0]]
            owner[(round(sum(lons) / len(lons), 1), round(sum(lats) / len(lats), 1))] = feature.get(
                "iso_a3"
            )
    assert owner[(45.5, 40.6)] == "ARM"  # Artsvashen, inside Azerbaijan
    assert owner[(45.0, 41.1)] == "AZE"  # Yukhari Askipara, inside Armenia


# --- rendering ---------------------------------------------------------------


@pytest.fixture(scope="module")
def basemap() -> bm.Basemap:
    return bm.load_basemap()


@pytest.fixture(scope="module")
def board(basemap: bm.Basemap) -> tuple[pygame.Surface, Viewport]:
    surface = pygame.Surface(SCREEN[2:])
    view = Viewport.fit(SCREEN)
    bm.render_basemap(surface, view, basemap, labels=False)
    return surface, view


def _pixel(surface: pygame.Surface, view: Viewport, lon: float, lat: float) -> tuple[int, ...]:
    x, y = view.to_screen(lon, lat)
    return tuple(surface.get_at((round(x), round(y))))[:3]


def _colours_near(surface: pygame.Surface, x: float, y: float, r: int) -> set[tuple[int, ...]]:
    return {
        tuple(surface.get_at((round(x) + dx, round(y) + dy)))[:3]
        for dx in range(-r, r + 1)
        for dy in range(-r, r + 1)
    }


def test_the_caspian_is_sea(board: tuple[pygame.Surface, Viewport]) -> None:
    surface, view = board
    assert _pixel(surface, view, 50.5, 41.0) == bm.SEA


def test_yerevan_is_armenian_land(board: tuple[pygame.Surface, Viewport]) -> None:
    surface, view = board
    assert _pixel(surface, view, 44.51, 40.18) == bm.COUNTRY_TINTS["ARM"]
    assert _pixel(surface, view, 49.5, 40.6) == bm.COUNTRY_TINTS["AZE"]
    assert _pixel(surface, view, 44.0, 41.9) == bm.COUNTRY_TINTS["GEO"]


def test_the_armenia_azerbaijan_border_is_drawn(
    board: tuple[pygame.Surface, Viewport], basemap: bm.Basemap
) -> None:
    surface, view = board
    points = [
        p
        for f in basemap.layer("border")
        if {f.get("left"), f.get("right")} == {"Armenia", "Azerbaijan"}
        for line in f.lines
        for p in line
        if p[1] > 40.8  # Tavush, clear of the disputed lines further south
    ]
    assert points
    hits = [p for p in points if bm.BORDER in _colours_near(surface, *view.to_screen(*p), 1)]
    assert len(hits) >= len(points) * 0.9
    assert bm.BORDER not in bm.COUNTRY_TINTS.values() and bm.BORDER != bm.SEA


def test_disputed_areas_are_marked(board: tuple[pygame.Surface, Viewport]) -> None:
    surface, view = board
    for lon, lat, host in ((46.3, 39.95, "AZE"), (41.4, 43.0, "GEO"), (43.9, 42.4, "GEO")):
        colours = _colours_near(surface, *view.to_screen(lon, lat), 6)
        tint = bm.COUNTRY_TINTS[host]
        assert tint not in colours
        assert any(c[0] > c[1] + 8 and c[0] > c[2] + 8 for c in colours), (lon, lat)


def test_the_kura_and_the_aras_are_drawn(
    board: tuple[pygame.Surface, Viewport], basemap: bm.Basemap
) -> None:
    surface, view = board
    for feature in basemap.layer("river"):
        if feature.get("name") in ("Kura", "Aras"):
            line = max(feature.lines, key=len)
            x, y = view.to_screen(*line[len(line) // 2])
            assert bm.MAJOR_RIVER in _colours_near(surface, x, y, 1), feature.get("name")


def test_render_stays_in_its_rect_and_is_cached(basemap: bm.Basemap) -> None:
    surface = pygame.Surface((1000, 700))
    surface.fill((255, 0, 255))
    view = Viewport.fit((100, 50, 800, 600))
    drawn = bm.render_basemap(surface, view, basemap)
    assert drawn == pygame.Rect(100, 50, 800, 600)
    assert surface.get_at((99, 49))[:3] == (255, 0, 255)
    assert surface.get_at((900, 650))[:3] == (255, 0, 255)
    assert surface.get_at((100, 50))[:3] != (255, 0, 255)
    before = surface.copy()
    cached = dict(basemap._cache)
    bm.render_basemap(surface, view, basemap)
    assert basemap._cache == cached  # the second frame only blits
    assert pygame.image.tobytes(surface, "RGB") == pygame.image.tobytes(before, "RGB")


def test_labels_are_drawn(basemap: bm.Basemap, board: tuple[pygame.Surface, Viewport]) -> None:
    plain, view = board
    labelled = pygame.Surface(SCREEN[2:])
    bm.render_basemap(labelled, view, basemap, labels=True, places=True)
    x, y = view.to_screen(42.85, 41.88)  # "GEORGIA"
    box = pygame.Rect(round(x) - 40, round(y) - 8, 80, 16)
    differing = sum(
        labelled.get_at((px, py)) != plain.get_at((px, py))
        for px in range(box.left, box.right)
        for py in range(box.top, box.bottom)
    )
    assert differing > 50


# --- fonts -------------------------------------------------------------------


def test_the_bundled_font_loads_and_renders() -> None:
    face = fonts.font(18)
    assert face is fonts.font(18)
    assert fonts.font(18, bold=True) is not face
    text = face.render("Nagorno-Karabakh · Kızılırmak", True, (0, 0, 0))
    assert text.get_width() > 100 and text.get_height() >= 18
    assert pygame.mask.from_surface(text).count() > 200


def test_the_font_ships_with_its_licence() -> None:
    assert fonts.REGULAR.is_file() and fonts.BOLD.is_file()
    assert "SIL Open Font License" in fonts.LICENSE.read_text(encoding="utf-8")
    total = sum(p.stat().st_size for p in fonts.FONT_DIR.iterdir())
    assert total < 1_500_000
    with pytest.raises(ValueError):
        fonts.font(0)
