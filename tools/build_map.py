"""Build the board's background map asset from the shared Natural Earth cut.

The game must not read ``../shared`` at run time, so this script turns the
reference GeoJSON into a small, game-shaped JSON file that is committed under
``assets/map/``. The output is deterministic (sorted keys, sorted features,
coordinates rounded to 4 decimals), so running it twice gives identical bytes
and a test can prove the committed asset is up to date.

Usage::

    python tools/build_map.py [--src PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SRC = REPO / ".." / "shared" / "data" / "caucasus-naturalearth.geojson"
DEFAULT_OUT = REPO / "assets" / "map" / "caucasus.json"
FORMAT = 1
CREDIT = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
DIGITS = 4

# Natural Earth spells a few names with lost characters or local forms; the
# board shows English names.
NAME_FIXES = {
    "Kiz?lirmak": "Kızılırmak",
    "Mingevir Reservoir": "Mingachevir Reservoir",
    "Ataturk Barajt": "Atatürk Reservoir",
    "Keban Baraji": "Keban Reservoir",
    "Firat": "Euphrates",
    "Dicle": "Tigris",
    "Groznyy": "Grozny",
    "Naltchik": "Nalchik",
}

# Rivers the scenario talks about; the renderer draws them more strongly.
MAJOR_RIVERS = ("Aras", "Kura")

# Hand-placed label anchors [lon, lat]: cartographic choices, kept clear of the
# board's region centres so labels and markers do not collide.
LABELS: tuple[tuple[str, str, float, float], ...] = (
    ("country", "RUSSIA", 42.6, 43.45),
    ("country", "GEORGIA", 42.85, 41.88),
    ("country", "ARMENIA", 44.38, 40.55),
    ("country", "AZERBAIJAN", 48.5, 40.56),
    ("country", "TURKEY", 40.3, 39.55),
    ("country", "IRAN", 47.4, 38.5),
    ("country", "IRAQ", 43.6, 37.2),
    ("country", "SYRIA", 39.4, 37.12),
    ("country", "KAZAKHSTAN", 51.2, 45.1),
    ("sea", "CASPIAN SEA", 50.75, 42.3),
    ("sea", "BLACK SEA", 38.95, 43.25),
    ("disputed", "Abkhazia", 40.45, 43.38),
    ("disputed", "South Ossetia", 43.95, 42.53),
    ("disputed", "Nagorno-Karabakh", 46.6, 40.47),
    ("water", "Kura", 47.72, 40.3),
    ("water", "Aras", 44.9, 39.72),
    ("water", "Lake Sevan", 45.3, 40.36),
    ("water", "Lake Van", 43.0, 38.62),
    ("water", "Lake Urmia", 45.45, 37.65),
)


def _round(value: float) -> float:
    """Round a coordinate, normalising -0.0 so output bytes never depend on sign."""
    out = round(float(value), DIGITS)
    return 0.0 if out == 0 else out


def _line(coords: Iterable[Iterable[float]]) -> list[list[float]]:
    """Round a point list and drop consecutive duplicates the rounding creates."""
    out: list[list[float]] = []
    for lon, lat, *_ in coords:
        point = [_round(lon), _round(lat)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _lines(geometry: dict[str, Any]) -> list[list[list[float]]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    parts = [coords] if kind == "LineString" else coords
    if kind not in ("LineString", "MultiLineString"):
        raise ValueError(f"expected a line geometry, got {kind}")
    return [line for line in map(_line, parts) if len(line) >= 2]


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"expected a polygon geometry, got {kind}")
    out = []
    for polygon in [coords] if kind == "Polygon" else coords:
        rings = [ring for ring in map(_line, polygon) if len(ring) >= 4]
        if rings:
            out.append(rings)
    return out


def _disputed_region(lon: float, lat: float) -> str:
    """Name the disputed area a feature belongs to (the source only names claimants)."""
    if lon < 42.5:
        return "Abkhazia"
    if lat > 41.5:
        return "South Ossetia"
    return "Nagorno-Karabakh"


def _first_point(feature: dict[str, Any]) -> list[float]:
    for key in ("polygons", "lines"):
        if key in feature:
            parts = feature[key]
            first: list[float] = parts[0][0][0] if key == "polygons" else parts[0][0]
            return first
    lonlat: list[float] = feature["lonlat"]
    return lonlat


def _name(value: Any) -> Any:
    return NAME_FIXES.get(value, value) if isinstance(value, str) else value


def convert(source: dict[str, Any]) -> dict[str, Any]:
    """Turn the GeoJSON FeatureCollection into the asset's dictionary."""
    layers: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "border",
            "coastline",
            "country",
            "disputed",
            "disputed_border",
            "lake",
            "place",
            "river",
        )
    }
    rivers: dict[str, dict[str, Any]] = {}
    for feature in source["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        layer = props["layer"]
        if layer == "country":
            layers[layer].append(
                {"iso_a3": props["iso_a3"], "name": props["name"], "polygons": _polygons(geometry)}
            )
        elif layer == "disputed":
            polygons = _polygons(geometry)
            lon, lat = polygons[0][0][0]
            layers[layer].append(
                {
                    "name": _disputed_region(lon, lat),
                    "claimant": props["name"],
                    "note": props.get("note") or "",
                    "polygons": polygons,
                }
            )
        elif layer == "disputed_border":
            lines = _lines(geometry)
            lon, lat = lines[0][0]
            layers[layer].append(
                {
                    "area": _disputed_region(lon, lat),
                    "kind": props.get("kind") or "",
                    "lines": lines,
                }
            )
        elif layer == "border":
            left, right = sorted((props["left"], props["right"]))
            layers[layer].append(
                {"left": left, "right": right, "kind": props["kind"], "lines": _lines(geometry)}
            )
        elif layer == "coastline":
            layers[layer].append({"lines": _lines(geometry)})
        elif layer == "lake":
            layers[layer].append({"name": _name(props["name"]), "polygons": _polygons(geometry)})
        elif layer == "river":
            name = _name(props["name"])
            river = rivers.setdefault(
                name,
                {
                    "name": name,
                    "major": name in MAJOR_RIVERS,
                    "scalerank": int(props["scalerank"]),
                    "lines": [],
                },
            )
            river["scalerank"] = min(river["scalerank"], int(props["scalerank"]))
            river["lines"].extend(_lines(geometry))
        elif layer == "place":
            lon, lat = geometry["coordinates"][:2]
            layers[layer].append(
                {
                    "name": _name(props["name"]),
                    "country": props["country"],
                    "capital": bool(props["capital"]),
                    "pop_max": int(props["pop_max"]),
                    "lonlat": [_round(lon), _round(lat)],
                }
            )
        else:
            raise ValueError(f"unknown layer {layer!r}")
    _fix_enclaves(layers["country"], layers["border"])
    for river in rivers.values():
        river["lines"].sort()
    layers["river"] = list(rivers.values())
    # Drop empty features and give every layer a stable order, independent of
    # the source's feature order.
    for name, features in layers.items():
        kept = [f for f in features if f.get("polygons", f.get("lines", True))]
        kept.sort(key=lambda f: (json.dumps(_props(f), sort_keys=True), _first_point(f)))
        layers[name] = kept
    layers["label"] = [
        {"kind": kind, "text": text, "lonlat": [_round(lon), _round(lat)]}
        for kind, text, lon, lat in LABELS
    ]
    return {
        "format": FORMAT,
        "source": source.get("source", "Natural Earth"),
        "credit": CREDIT,
        "bbox": [_round(v) for v in source["bbox"]],
        "layers": layers,
    }


def _inside(point: list[float], ring: list[list[float]]) -> bool:
    """Even-odd point-in-polygon test."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _fix_enclaves(countries: list[dict[str, Any]], borders: list[dict[str, Any]]) -> None:
    """Give enclaves to the right country.

    The source's cut labels some enclaves with their host's code (e.g. the
    Armenian exclave Artsvashen inside Azerbaijan comes out as AZE). A polygon
    inside a hole of country C cannot belong to C: it belongs to the other
    side of the border ring drawn around it.
    """
    by_name = {c["name"]: c for c in countries}
    moves = []
    for host in countries:
        for polygon in host["polygons"]:
            for hole in polygon[1:]:
                for owner in countries:
                    for piece in owner["polygons"]:
                        if owner is not host or piece is polygon:
                            continue
                        if all(_inside(p, hole) for p in piece[0]):
                            other = _border_partner(host["name"], hole, borders)
                            if other in by_name:
                                moves.append((piece, owner, by_name[other]))
    for piece, old, new in moves:
        old["polygons"].remove(piece)
        new["polygons"].append(piece)
        print(f"build_map: enclave moved from {old['iso_a3']} to {new['iso_a3']}", file=sys.stderr)
    for country in countries:
        country["polygons"].sort(key=lambda poly: poly[0][0])


def _border_partner(name: str, hole: list[list[float]], borders: list[dict[str, Any]]) -> str:
    """The country on the far side of the border lines that run along ``hole``."""
    xs = [p[0] for p in hole]
    ys = [p[1] for p in hole]
    pad = 0.05
    for border in borders:
        if name not in (border["left"], border["right"]):
            continue
        for line in border["lines"]:
            if all(
                min(xs) - pad <= x <= max(xs) + pad and min(ys) - pad <= y <= max(ys) + pad
                for x, y in line
            ):
                other: str = border["right"] if border["left"] == name else border["left"]
                return other
    return name


def _props(feature: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in feature.items() if k not in ("polygons", "lines", "lonlat")}


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def dumps(asset: dict[str, Any]) -> str:
    """Serialise with one feature per line, so a data change shows as a small diff."""

    def body() -> Iterator[str]:
        keys = sorted(asset)
        yield "{"
        for k, key in enumerate(keys):
            comma = "," if k < len(keys) - 1 else ""
            if key != "layers":
                yield f"{_dump(key)}:{_dump(asset[key])}{comma}"
                continue
            yield '"layers":{'
            names = sorted(asset["layers"])
            for i, name in enumerate(names):
                yield f"{_dump(name)}:["
                features = asset["layers"][name]
                for j, feature in enumerate(features):
                    yield _dump(feature) + ("," if j < len(features) - 1 else "")
                yield "]" + ("," if i < len(names) - 1 else "")
            yield "}" + comma
        yield "}"

    return "\n".join(body()) + "\n"


def build(src: Path, out: Path) -> Path:
    """Read ``src`` and write the asset to ``out``; returns the written path."""
    with src.open(encoding="utf-8") as fh:
        source = json.load(fh)
    text = dumps(convert(source))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="source GeoJSON")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="asset to write")
    args = parser.parse_args(argv)
    if not args.src.is_file():
        print(f"build_map: source not found: {args.src}", file=sys.stderr)
        return 2
    out = build(args.src, args.out)
    print(f"build_map: wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
