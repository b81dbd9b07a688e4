"""Map lon/lat to screen pixels and back, for the board and its hit tests.

The board covers a few degrees around 41°N, so an equirectangular projection
with longitudes shrunk by cos(41°) is close to true shape and trivially
invertible; that keeps clicks, markers and the basemap exactly in step.
``Viewport`` is a frozen value: zooming or panning returns a new viewport, so
it can be a cache key for rendered map surfaces. No pygame here, so the maths
is testable without a display.
"""

from __future__ import annotations

import math

import attrs

Rect = tuple[int, int, int, int]
"""A screen rectangle as (x, y, width, height) in pixels."""

Bounds = tuple[float, float, float, float]
"""A lon/lat box as (lon_min, lat_min, lon_max, lat_max) in degrees."""

DATA_BOUNDS: Bounds = (37.0, 37.0, 52.0, 45.5)
"""Where the map asset has data; the view never pans past it."""

FOCUS_BOUNDS: Bounds = (38.8, 37.75, 51.2, 43.75)
"""What the initial view must show: every board region with a margin.

It fits inside ``DATA_BOUNDS`` for rect aspect ratios from about 1.1 to 1.9
(4:3, 16:10, 16:9); outside that range the data's edge wins and the focus is
cropped rather than letterboxed with empty map.
"""

REF_LAT = 41.0
"""Latitude whose scale is true; the middle of the board."""

MIN_ZOOM = 1.0
MAX_ZOOM = 6.0


@attrs.frozen
class Viewport:
    """Which part of the map is shown in which screen rectangle, at what zoom."""

    rect: Rect
    """Screen rectangle the map is drawn into."""
    center: tuple[float, float]
    """(lon, lat) shown at the centre of ``rect``."""
    base_scale: float
    """Pixels per degree of latitude at zoom 1 (fixed by ``fit``)."""
    zoom: float = 1.0
    """Magnification over ``base_scale``, within [min_zoom, max_zoom]."""
    bounds: Bounds = DATA_BOUNDS
    """Lon/lat box the visible area is kept inside (where possible)."""
    ref_lat: float = REF_LAT
    """Latitude of true scale; longitudes are shrunk by its cosine."""
    min_zoom: float = MIN_ZOOM
    """Smallest zoom allowed."""
    max_zoom: float = MAX_ZOOM
    """Largest zoom allowed."""

    @classmethod
    def fit(
        cls,
        rect: Rect,
        focus: Bounds = FOCUS_BOUNDS,
        bounds: Bounds = DATA_BOUNDS,
        ref_lat: float = REF_LAT,
    ) -> Viewport:
        """Show all of ``focus`` in ``rect`` at zoom 1, never past ``bounds``.

        The scale is the larger of "focus fits inside rect" and "rect is
        covered by bounds", so the board is never letterboxed with empty sea
        where the data stops.
        """
        _check_rect(rect)
        kx = math.cos(math.radians(ref_lat))
        _, _, w, h = rect
        contain = min(w / ((focus[2] - focus[0]) * kx), h / (focus[3] - focus[1]))
        cover = max(w / ((bounds[2] - bounds[0]) * kx), h / (bounds[3] - bounds[1]))
        centre = ((focus[0] + focus[2]) / 2, (focus[1] + focus[3]) / 2)
        view = cls(rect, centre, max(contain, cover), 1.0, bounds, ref_lat)
        return view._clamped()

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude at the current zoom."""
        return self.base_scale * self.zoom

    def affine(self) -> tuple[float, float, float, float]:
        """Coefficients (sx, ox, sy, oy) with x = sx*lon + ox, y = sy*lat + oy.

        Bulk projection (the basemap's thousands of points) uses these directly
        to avoid a method call per point.
        """
        x0, y0, w, h = self.rect
        sy = -self.scale
        sx = self.scale * math.cos(math.radians(self.ref_lat))
        return sx, x0 + w / 2 - sx * self.center[0], sy, y0 + h / 2 - sy * self.center[1]

    def to_screen(self, lon: float, lat: float) -> tuple[float, float]:
        """Screen pixel (x, y) of a lon/lat point (floats; may lie off the rect)."""
        sx, ox, sy, oy = self.affine()
        return sx * lon + ox, sy * lat + oy

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        """Inverse of ``to_screen``: the lon/lat under a screen pixel."""
        sx, ox, sy, oy = self.affine()
        return (x - ox) / sx, (y - oy) / sy

    def contains(self, x: float, y: float) -> bool:
        """True if the screen point lies inside this viewport's rect."""
        x0, y0, w, h = self.rect
        return x0 <= x < x0 + w and y0 <= y < y0 + h

    def visible_bounds(self) -> Bounds:
        """Lon/lat box currently shown in the rect."""
        x0, y0, w, h = self.rect
        lon0, lat1 = self.to_lonlat(x0, y0)
        lon1, lat0 = self.to_lonlat(x0 + w, y0 + h)
        return lon0, lat0, lon1, lat1

    def with_zoom(self, zoom: float, about: tuple[float, float] | None = None) -> Viewport:
        """Zoom to ``zoom`` (clamped), keeping the map point under ``about`` fixed.

        ``about`` is a screen point (default: the rect's centre). The point
        stays put unless the new view would leave ``bounds`` (only possible
        when zooming out), where the view slides back inside instead.
        """
        zoom = min(max(zoom, self.min_zoom), self.max_zoom)
        if about is None:
            x0, y0, w, h = self.rect
            about = (x0 + w / 2, y0 + h / 2)
        lon, lat = self.to_lonlat(*about)
        zoomed = attrs.evolve(self, zoom=zoom)
        # Shift the centre so that (lon, lat) lands back on ``about``.
        x, y = zoomed.to_screen(lon, lat)
        sx, _, sy, _ = zoomed.affine()
        centre = (zoomed.center[0] + (x - about[0]) / sx, zoomed.center[1] + (y - about[1]) / sy)
        return attrs.evolve(zoomed, center=centre)._clamped()

    def zoomed(self, factor: float, about: tuple[float, float] | None = None) -> Viewport:
        """Multiply the zoom by ``factor`` (e.g. 1.25 per wheel notch)."""
        return self.with_zoom(self.zoom * factor, about)

    def panned(self, dx: float, dy: float) -> Viewport:
        """Move the map by (dx, dy) pixels, as when dragged; clamped to ``bounds``."""
        sx, _, sy, _ = self.affine()
        centre = (self.center[0] - dx / sx, self.center[1] - dy / sy)
        return attrs.evolve(self, center=centre)._clamped()

    def resized(self, rect: Rect) -> Viewport:
        """The same view (centre and zoom) refitted to a new screen rect."""
        fitted = Viewport.fit(rect, bounds=self.bounds, ref_lat=self.ref_lat)
        view = attrs.evolve(fitted, center=self.center, zoom=self.zoom)
        return view._clamped()

    def _clamped(self) -> Viewport:
        """Slide the centre so the visible area stays inside ``bounds``."""
        lon0, lat0, lon1, lat1 = self.bounds
        _, _, w, h = self.rect
        half_lon = w / 2 / (self.scale * math.cos(math.radians(self.ref_lat)))
        half_lat = h / 2 / self.scale
        lon = _clamp(self.center[0], lon0 + half_lon, lon1 - half_lon)
        lat = _clamp(self.center[1], lat0 + half_lat, lat1 - half_lat)
        if (lon, lat) == self.center:
            return self
        return attrs.evolve(self, center=(lon, lat))


def _clamp(value: float, low: float, high: float) -> float:
    """Clamp into [low, high]; if the range is empty, take its midpoint."""
    if low > high:
        return (low + high) / 2
    return min(max(value, low), high)


def _check_rect(rect: Rect) -> None:
    if rect[2] <= 0 or rect[3] <= 0:
        raise ValueError(f"viewport rect must have a positive size, got {rect}")
