"""Timelines, maps and relation graphs, drawn at build time as inline SVG.

No JavaScript and no tile server: each figure is plain SVG inside the page (the base map is a
shared file, `maps/region.svg`, and one for each of a few zooms beside it, drawn from the vendored
Natural Earth outlines in `geo/region.geojson`). Every mark is a link to its page with a <title>
tooltip, out of the Tab order (the list beside the figure holds the same links), labels are
Arabic, time runs right to left, and each figure sits next to the readable list it summarises,
so nothing is lost without SVG support. All text is HTML-escaped here; none of it is Markdown.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from heapq import heappop, heappush
from operator import attrgetter
from pathlib import Path

from markupsafe import Markup, escape

from . import model as m
from .dates import GULF_MONTHS, count, format_span
from .index import count_in

GEO_PATH = Path(__file__).with_name("geo") / "region.geojson"
BASEMAP_PAGE = "maps/region.svg"
LON0, LAT0, LON1, LAT1 = 24.0, 20.0, 64.0, 43.0
COS = math.cos(math.radians((LAT0 + LAT1) / 2))
SCALE = 30.0                                   # SVG units per degree of latitude
WIDTH = (LON1 - LON0) * COS * SCALE
HEIGHT = (LAT1 - LAT0) * SCALE
INK, MUTED, ACCENT, WARN = "#37474f", "#90a4ae", "#1e88e5", "#ef6c00"


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - LON0) * COS * SCALE, (LAT1 - lat) * SCALE


def in_region(c: m.Coordinates) -> bool:
    return LON0 <= c.lon <= LON1 and LAT0 <= c.lat <= LAT1


def _svg_open(view: str, label: str, cls: str) -> str:
    """A figure is a named group of links, not an image: role="img" made its marks' links
    presentational (a link inside an image is no link to assistive technology). Its marks are
    out of the Tab order (tabindex="-1" on each): what they link to is listed as text beside the
    figure, and the home page's timeline alone added 157 Tab stops before the page's own links."""
    return (f'<svg class="{cls}" viewBox="{view}" role="group" aria-label="{escape(label)}" '
            f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">')


# --- the base map ---------------------------------------------------------------------------


BASEMAP_ZOOMS = (1, 2, 4, 8)        # a map crops the region 1× to ~8.4× (a 90-unit span at least)
COUNTRY_INK = "#a39b8c"


def basemap_page(zoom: int) -> str:
    """The base map drawn for maps zoomed about `zoom` times (one of BASEMAP_ZOOMS)."""
    return BASEMAP_PAGE if zoom == 1 else BASEMAP_PAGE.replace(".svg", f"-{zoom}.svg")


def basemap_zoom(width: float) -> int:
    """The base map for a map `width` units wide: the one whose borders, scaled by the crop, come
    nearest the same thickness on screen (within a factor of √2)."""
    zoom = WIDTH / width
    return min(BASEMAP_ZOOMS, key=lambda z: abs(math.log(zoom / z)))


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, tuple, tuple], ...]:
    """Each country: its Arabic name, its rings projected (thinned for drawing) and its outer
    rings thinned further, each with its bounding box and the boxes of its runs of points (for
    placing its name)."""
    geo = json.loads(GEO_PATH.read_text(encoding="utf-8"))
    out = []
    for feature in geo["features"]:
        rings, outer = [], []
        for polygon in feature["geometry"]["coordinates"]:
            for i, ring in enumerate(polygon):
                projected = [project(x, y) for x, y in ring]
                pts = _thin(projected)
                if len(pts) > 2:
                    rings.append(tuple(pts))
                coarse = _thin(projected, 3.0)
                if i == 0 and len(coarse) > 2:
                    xs, ys = [p[0] for p in coarse], [p[1] for p in coarse]
                    outer.append(((min(xs), min(ys), max(xs), max(ys)), tuple(coarse), _runs(coarse)))
        out.append((feature["properties"].get("ar") or feature["properties"]["name"], tuple(rings), tuple(outer)))
    return tuple(out)


@lru_cache(maxsize=len(BASEMAP_ZOOMS))
def basemap_svg(zoom: int = 1) -> str:
    """The region's country outlines as one SVG file, shared by every map zoomed about `zoom`
    times. The file is drawn scaled with the map's crop: its borders are thinner the more the maps
    that use it are zoomed, so that they stay ~0.8 px wide at 1280 px (one file for all, 0.8 units
    wide, drew 4.5 px borders on a map of Homs). It has no names: each map writes the names of
    the countries it shows (`_country_names`) at the size of its own text (9 units here became
    letters 50 px high, cut by the map's edge: «وريا»)."""
    stroke = 1.2 / zoom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}">',
             f'<rect width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="#dbe9f4"/>',
             f'<g stroke="#b0a99a" stroke-width="{stroke:.3g}" stroke-linejoin="round">']
    for name, rings, _ in _countries():
        d = "".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings)
        fill = "#f4f1ea" if name != "سوريا" else "#fbf3dc"
        parts.append(f'<path d="{d}" fill="{fill}"><title>{escape(name)}</title></path>')
    parts.append("</g></svg>")
    return "".join(parts) + "\n"


RUN = 8          # points per run of a country's outline, boxed once (`_runs`)


def _runs(ring) -> tuple[tuple[float, float, float, float, int, int], ...]:
    """The box of each run of RUN consecutive points of `ring`, with the run's first index and
    the index after its last."""
    out = []
    for a in range(0, len(ring), RUN):
        part = ring[a:a + RUN]
        xs, ys = [p[0] for p in part], [p[1] for p in part]
        out.append((min(xs), min(ys), max(xs), max(ys), a, a + len(part)))
    return tuple(out)


def _clip(ring, runs, box: tuple[float, float, float, float], x0: float, y0: float, x1: float, y1: float) -> list:
    """The part of a polygon inside a rectangle (Sutherland–Hodgman), clipped only by the edges
    its bounding `box` crosses: points on the inner side of an edge are left as they are by it,
    and so are the points clipping adds (they lie within the box). Most countries cross one or
    two edges of a zoomed map; clipping each by all four took 1.3 s of a 10,000-article build.

    First, each run of points lying wholly beyond one edge is cut to its two ends: the path and
    the straight line between its ends both lie beyond that edge (a half-plane is convex), so
    what lies inside the rectangle is the same. A zoomed map sees a few runs of a large country;
    the whole outline was clipped for every map."""
    left, top, right, bottom = box
    pts = []
    for rx0, ry0, rx1, ry1, a, b in runs:
        if rx1 < x0 or rx0 > x1 or ry1 < y0 or ry0 > y1:
            pts.append(ring[a])
            if b - a > 1:
                pts.append(ring[b - 1])
        else:
            pts.extend(ring[a:b])
    for axis, limit, low, crossed in ((0, x0, True, left < x0), (0, x1, False, right > x1),
                                      (1, y0, True, top < y0), (1, y1, False, bottom > y1)):
        if crossed:
            pts = _clip_edge(pts, axis, limit, low)
    return pts


def _clip_edge(pts: list, axis: int, limit: float, low: bool) -> list:
    """One Sutherland–Hodgman pass: the polygon on the inner side of one edge."""
    out = []
    append = out.append
    if not pts:
        return out
    p = pts[-1]
    pv = p[axis]
    p_in = pv >= limit if low else pv <= limit
    for q in pts:
        qv = q[axis]
        q_in = qv >= limit if low else qv <= limit
        if p_in != q_in:
            t = (limit - pv) / (qv - pv)
            append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
        if q_in:
            append(q)
        p, pv, p_in = q, qv, q_in
    return out


def _area_centre(ring) -> tuple[float, float, float]:
    """A polygon's area and centroid."""
    a = cx = cy = 0.0
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
        x0, y0 = x1, y1
    if abs(a) < 1e-9:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _inside(x: float, y: float, ring) -> bool:
    hit = False
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
        x0, y0 = x1, y1
    return hit


@lru_cache(maxsize=4096)
def _visible_countries(view: tuple[float, float, float, float], size: float) -> tuple:
    """The countries `view` shows enough of to hold their names at `size`, largest visible part
    first: ((area, centre x, centre y, visible outline), name, name's width). Memoised on the
    view: the maps of the events at one place share it (they differ by the dots' weights and
    links), and clipping every country to it was half of drawing a map."""
    x0, y0, x1, y1 = view
    height = size * 1.24
    found = []
    for name, _, outer in _countries():
        best = need = None
        for box, ring, runs in outer:
            left, top, right, bottom = box
            if right <= x0 or left >= x1 or bottom <= y0 or top >= y1:
                continue
            if need is None:        # the least visible area that holds the name
                width = _name_width(name, size)
                need = width * height * 3
            if (min(right, x1) - max(left, x0)) * (min(bottom, y1) - max(top, y0)) < need:
                continue        # too little of its box is in view: so is of the country
            clipped = _clip(ring, runs, box, x0, y0, x1, y1)
            if len(clipped) > 2:
                area, cx, cy = _area_centre(clipped)
                if best is None or area > best[0]:
                    best = (area, cx, cy, clipped)
        if best and best[0] >= need:
            found.append((best, name, width))
    return tuple(sorted(found, key=lambda f: (-f[0][0], f[1])))


def _country_names(view: tuple[float, float, float, float], taken: list, unit: float) -> list[str]:
    """The names of the countries a map shows, at a size fixed to the map's own text (not to the
    base map, which is scaled with the crop), each inside its country's visible part and clear of
    the places' dots and names (`taken`); a country with too little of itself in view to hold its
    name is not named. Largest visible part first."""
    x0, y0, x1, y1 = view
    size = unit * 1.9
    height = size * 1.24
    out = []
    for (area, cx, cy, ring), name, width in _visible_countries(view, size):
        for sx, sy in _spots(ring, cx, cy):
            box = (sx - width / 2, sy - height / 2, sx + width / 2, sy + height / 2)
            if box[0] < x0 + unit or box[2] > x1 - unit or box[1] < y0 + unit or box[3] > y1 - unit:
                continue
            if not all(box[2] <= t[0] or box[0] >= t[2] or box[3] <= t[1] or box[1] >= t[3] for t in taken):
                continue
            if not all(_inside(bx, by, ring) for bx, by in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]))):
                continue
            if any(box[0] < px < box[2] and box[1] < py < box[3] for px, py in ring):
                continue
            taken.append(box)
            out.append(f'<text x="{sx:.1f}" y="{sy + size * 0.34:.1f}">{escape(name)}</text>')
            break
    if not out:
        return []
    return [f'<g class="dossier-countries" font-size="{size:.1f}" fill="{COUNTRY_INK}" text-anchor="middle" direction="rtl" aria-hidden="true">',
            *out, "</g>"]


def _spots(ring, cx: float, cy: float):
    """Where a country's name may go, nearest its visible part's centre first: the centre, then a
    grid of 8×6 points over the part's box. The grid is made only if the centre does not do
    (most names fit there: making and sorting it for every name was a fifth of their cost)."""
    yield cx, cy
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
    grid = [(left + (right - left) * (i + 0.5) / 8, top + (bottom - top) * (j + 0.5) / 6)
            for i in range(8) for j in range(6)]
    grid.sort(key=lambda s: (s[0] - cx) ** 2 + (s[1] - cy) ** 2)
    yield from grid


def _thin(points: list[tuple[float, float]], step: float = 1.2) -> list[tuple[float, float]]:
    kept = [points[0]]
    for p in points[1:]:
        if abs(p[0] - kept[-1][0]) + abs(p[1] - kept[-1][1]) >= step:
            kept.append(p)
    return kept


@dataclass(frozen=True)
class MapPoint:
    place: m.Place
    weight: int = 1
    focus: bool = False


_NARROW_LETTERS = frozenset("اأإآٱلدذرزوؤةى ")
_WIDE_LETTERS = frozenset("سشصضطظ")


def _name_width(name: str, size: float) -> float:
    """A name's width at font size `size`, over-estimated by ~15%. Arabic letters differ in width
    far more than Latin ones: a flat 0.55 em per letter made «طرطوس» (0.78 em per letter in
    Chromium) a third too short, and its name overlapped «قاعدة حميميم» on the map of Homs. Fitted
    to the widths Chromium draws for the bundled places' names (within ±14%): 0.28 em for alif,
    lam, dal, ra, waw and the like, 0.98 em for the seen and sad families, 0.53 em for the rest."""
    narrow = sum(c in _NARROW_LETTERS for c in name)
    wide = sum(c in _WIDE_LETTERS for c in name)
    return size * 1.15 * (0.37 + 0.28 * narrow + 0.98 * wide + 0.53 * (len(name) - narrow - wide))


def _place_labels(ranked: list[MapPoint], xy: dict, radius: dict, unit: float,
                  view: list[float]) -> tuple[dict[str, tuple[float, str]], list]:
    """Where each name goes: left of its dot, else right of it, else nowhere (the dot keeps its
    tooltip), most important first, so no two names overlap and no name covers a dot. Names were
    drawn wherever they fell: حلب over مطار النيرب, قاعدة حميميم over مطار اللاذقية, دمشق over
    السيدة زينب. A name's width is estimated (`_name_width`).

    A name stays inside `view` (x0, y0, x1, y1): the map's edge cut «ميناء اللاذقية», left of
    the westernmost dot, to «ميناء اللاذ». When neither side is free inside it, `view` is widened
    (in place, within the base map) to hold the name, rather than lose a name that fits nowhere
    else; the caller keeps the picture's proportions around it. Returns the names' places and the
    boxes of the dots and names (for the countries' names)."""
    size = unit * 2.6
    taken = [(x - radius[i], y - radius[i], x + radius[i], y + radius[i]) for i, (x, y) in xy.items()]   # no name over a dot
    out: dict[str, tuple[float, str]] = {}
    for p in ranked:
        x, y = xy[p.place.id]
        r, width = radius[p.place.id], _name_width(p.place.name, size)
        top, bottom = y + unit * 0.9 - size * 0.96, y + unit * 0.9 + size * 0.28   # the glyphs' box, as drawn
        pad = unit * 0.5                     # the halo round the glyphs, and a little air before the edge
        # the text runs right to left (direction="rtl" below): «start» is its right edge
        free = []
        for left, anchor_x, anchor in ((x - r * 1.4 - width, x - r * 1.4, "start"), (x + r * 1.4, x + r * 1.4, "end")):
            box = (left, top, left + width, bottom)
            if all(box[2] <= t[0] or box[0] >= t[2] or box[3] <= t[1] or box[1] >= t[3] for t in taken):
                outside = max(view[0] - (box[0] - pad), (box[2] + pad) - view[2], view[1] - (box[1] - pad),
                              (box[3] + pad) - view[3], 0.0)
                free.append((outside, box, anchor_x, anchor))
        if not free:
            continue
        outside, box, anchor_x, anchor = min(free, key=lambda f: f[0])      # inside the view if a side is
        if outside > 0:
            wider = [min(view[0], box[0] - pad), min(view[1], box[1] - pad),
                     max(view[2], box[2] + pad), max(view[3], box[3] + pad)]
            if wider[0] < 0 or wider[1] < 0 or wider[2] > WIDTH or wider[3] > HEIGHT:
                continue                     # past the base map's edge: the dot keeps its tooltip
            view[:] = wider
        taken.append(box)
        out[p.place.id] = (anchor_x, anchor)
    return out, taken


def _within(start: float, low: float, high: float, last: float) -> float:
    """`start` moved into [low, high] (where the picture still holds what it must) and, as far as
    that allows, into [0, last] (where it shows the base map and no blank beyond it)."""
    return min(max(start, max(low, 0.0)), min(high, last)) if max(low, 0.0) <= min(high, last) else start


def map_svg(points: list[MapPoint], href, basemap_href: str, label: str,
            arrows: list[tuple[m.Place, m.Place]] = ()) -> Markup:
    """A map of `points` (places with coordinates in the region), cropped to fit them.
    `basemap_href`: the address of maps/region.svg from the page (the base map drawn for the
    crop's zoom, `basemap_page`, lies beside it)."""
    inside = [p for p in points if p.place.coordinates and in_region(p.place.coordinates)]
    if not inside:
        return Markup("")
    xy = {p.place.id: project(p.place.coordinates.lon, p.place.coordinates.lat) for p in inside}
    xs, ys = [v[0] for v in xy.values()], [v[1] for v in xy.values()]
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.5, 90.0)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    w, h = span * 1.35, span * 1.35 / 1.5
    x0 = min(max(cx - w / 2, 0), max(WIDTH - w, 0))
    y0 = min(max(cy - h / 2, 0), max(HEIGHT - h, 0))
    unit = w / 100
    radius = {p.place.id: unit * (1.6 if p.focus else min(0.8 + math.sqrt(p.weight) * 0.35, 2.2)) for p in inside}
    view = [x0, y0, x0 + w, y0 + h]
    labels, taken = _place_labels(sorted(inside, key=lambda p: (-p.focus, -p.weight, p.place.name))[:25], xy, radius, unit, view)
    if view != [x0, y0, x0 + w, y0 + h]:     # widened for a name: the same proportions, centred on what it holds
        w = max(view[2] - view[0], (view[3] - view[1]) * 1.5)
        h = w / 1.5
        x0 = _within((view[0] + view[2] - w) / 2, view[2] - w, view[0], WIDTH - w)
        y0 = _within((view[1] + view[3] - h) / 2, view[3] - h, view[1], HEIGHT - h)
    zoom = basemap_zoom(w)
    if zoom != 1:                            # its variants lie beside maps/region.svg
        basemap_href = basemap_href.removesuffix(".svg") + basemap_page(zoom).removeprefix(BASEMAP_PAGE.removesuffix(".svg"))
    out = [_svg_open(f"{x0:.1f} {y0:.1f} {w:.1f} {h:.1f}", label, "dossier-map"),
           f'<image href="{basemap_href}" x="0" y="0" width="{WIDTH:.0f}" height="{HEIGHT:.0f}"/>',
           *_country_names((x0, y0, x0 + w, y0 + h), taken, unit),
           f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" '
           f'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{ACCENT}"/></marker></defs>']
    for origin, destination in arrows:
        if origin.id in xy and destination.id in xy and origin.id != destination.id:
            (ax, ay), (bx, by) = xy[origin.id], xy[destination.id]
            out.append(f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{ACCENT}" '
                       f'stroke-width="{unit * 0.5:.2f}" marker-end="url(#arrow)" opacity="0.7"/>')
    for p in sorted(inside, key=lambda p: (p.focus, p.weight)):
        x, y = xy[p.place.id]
        r = radius[p.place.id]
        colour = WARN if p.focus else ACCENT
        text = ""
        if p.place.id in labels:
            lx, anchor = labels[p.place.id]
            text = (f'<text x="{lx:.1f}" y="{y + unit * 0.9:.1f}" font-size="{unit * 2.6:.1f}" fill="{INK}" '
                    f'stroke="#ffffff" stroke-width="{unit * 0.5:.2f}" paint-order="stroke" direction="rtl" text-anchor="{anchor}">'
                    f'{escape(p.place.name)}</text>')
        out.append(f'<a href="{href(p.place)}" tabindex="-1"><title>{escape(p.place.name)}</title>'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.2f}" fill="{colour}" fill-opacity="0.85" '
                   f'stroke="#ffffff" stroke-width="{unit * 0.3:.2f}"/>{text}</a>')
    out.append("</svg>")
    return Markup('<div class="dossier-figure">' + "".join(out) + "</div>")


# --- timelines ------------------------------------------------------------------------------

TL_WIDTH, TL_PAD, LANE = 760.0, 24.0, 14.0
MAX_LANES = 120
# The most events one lane can hold: each is drawn at least 8 px wide, more than 2 px from the next
# (place_in_lanes), and their right ends lie within the axis, 712 px long: 72 (one more, to be safe).
# Past MAX_LANES such lanes, placing them would give up: the home page's 33,000 events at 10,000
# articles go straight to counts, without sorting them for nothing (0.1 s a build).
LANE_HOLDS = 73
FOCUS_MAX_DAYS = 400
YEAR_ONLY = "أحداث لا يُعرف من تاريخها إلا السنة"     # a histogram's year bar, under its count


def timeline_svg(events: list[m.Event], href, href_period, label: str, disputed: Container[str],
                 time_labels: dict[str, str], counts: bool = False, listed: str | None = None) -> Markup:
    """Events on a right-to-left time axis; ranges as bars, uncertain precision drawn lighter.

    Above MAX_LANES rows of overlapping events, the timeline shows counts per period instead;
    with `counts`, always, over the whole span of the events (not the stretch where dated events
    cluster). `listed`: the address of the list that holds the events drawn outside the window
    (default: the table below the figure).
    """
    if not events:
        return Markup("")
    # A split actor's or place's page draws thousands of events (as counts): each pass below
    # reads the spans once, by C-level getters where it can (0.26 s → 0.11 s a rebuild).
    spans = list(map(_date, events))
    focus = spans if counts else ([s for s in spans if _to_the_day(s)] or [s for s in spans if _to_the_month(s)]
                                  or spans)
    d0, d1 = _window(min(map(_start, focus)), max(map(_end, focus)))
    shown = [not (s.end < d0 or s.start > d1) for s in spans]
    outside = list(itertools.compress(events, [not x for x in shown]))
    events = list(itertools.compress(events, shown))
    x = _scale(d0, d1)
    if counts or len(events) > MAX_LANES * LANE_HOLDS:      # too crowded to draw one by one: show counts
        return _histogram(_period_counts(events + outside, d0, d1), d0, d1, x, href_period, label)
    ordered = sorted(events, key=_id)           # by start, longest first, then id: stable sorts, last key first
    ordered.sort(key=_days, reverse=True)
    ordered.sort(key=_start_of)
    lanes = place_in_lanes(      # lazily: a hub's timeline gives up after MAX_LANES lanes
        (x(e.date.start) + 4, x(e.date.end + timedelta(days=1)) - 4 if e.date.days > 1 else x(e.date.start) - 4)
        for e in ordered)
    if lanes is None:                   # too crowded to draw one by one: show counts
        return _histogram(_period_counts(events + outside, d0, d1), d0, d1, x, href_period, label)
    days, inner = (d1 - d0).days + 1, TL_WIDTH - 2 * TL_PAD
    placed = list(zip(ordered, lanes))
    lane_count = max(lanes, default=-1) + 1
    lane_height = LANE if lane_count <= 30 else 9.0
    height = lane_count * lane_height + 46
    out = [_svg_open(f"0 0 {TL_WIDTH:.0f} {height:.0f}", label, "dossier-timeline"),
           '<defs><pattern id="vague" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           f'<rect width="2" height="4" fill="{ACCENT}" fill-opacity="0.45"/></pattern></defs>']
    out.extend(_axis(d0, d1, x, height - 30))
    beyond = False
    for e, lane in placed:
        y = 8 + lane * lane_height
        tip = escape(f"{format_span(e.date, time_labels)} — {e.title}")
        stroke = f' stroke="{WARN}" stroke-width="1.6"' if e.id in disputed else ""
        if e.date.days == 1:        # an approximate day («نحو 6 ديسمبر») is a ring, not a dot
            cx = x(e.date.start) - inner / days / 2
            fill = "#ffffff" if e.date.approximate else ACCENT
            ring = stroke or (f' stroke="{ACCENT}" stroke-width="1.6"' if e.date.approximate else "")
            shape = f'<circle cx="{cx:.1f}" cy="{y + 5:.1f}" r="4.2" fill="{fill}"{ring}/>'
        else:                       # an approximate range is hatched like a month: its ends are not known
            xa, xb = x(e.date.end + timedelta(days=1)), x(e.date.start)
            vague = (e.date.precision in ("month", "month-part", "year") or e.date.begin.grain != "day"
                     or e.date.approximate)
            fill = 'url(#vague)' if vague else ACCENT
            clipped = "" if e.date.start >= d0 and e.date.end <= d1 else ' stroke-dasharray="3 2"'
            outline = stroke or f' stroke="{ACCENT}" stroke-width="0.8"'
            shape = (f'<rect x="{xa:.1f}" y="{y + 1:.1f}" width="{max(xb - xa, 3):.1f}" height="8" rx="3" '
                     f'fill="{fill}"{outline}{clipped}/>')
            # a bar that runs past the window ends in an arrowhead on that side: a dashed outline alone
            # read as a period starting where the window does (the home page's 2011–2024 bars)
            if e.date.start < d0:
                shape += f'<path d="M{xb + 1:.1f} {y + 0.5:.1f}l6 4.5l-6 4.5z" fill="{INK}"/>'
            if e.date.end > d1:
                shape += f'<path d="M{xa - 1:.1f} {y + 0.5:.1f}l-6 4.5l6 4.5z" fill="{INK}"/>'
            beyond = beyond or clipped != ""
        out.append(f'<a href="{href(e)}" tabindex="-1"><title>{tip}</title>{shape}</a>')
    out.append("</svg>")
    # listed in the table below the figure (an actor's or place's page) or on the page `listed` names
    where = f'في <a href="{listed}">التسلسل الزمني</a>' if listed else "مذكورة أدناه"
    note = (f" · خارج هذه الفترة: {len(outside)} ({where})" if outside else "")
    runs_on = " · ◀ ▶ فترة تمتد خارج الشكل (تاريخها الكامل في تلميحها وصفحتها)" if beyond else ""
    legend = ('<p class="dossier-legend"><span class="dot"></span> يوم محدد · <span class="dot approx"></span> يوم تقريبي · '
              '<span class="bar"></span> فترة · <span class="vague"></span> فترة تقريبية، أو شهر أو جزء منه أو سنة (دقة أقل) · '
              '<span class="disputed"></span> متنازع عليه · '
              f'الزمن يجري من اليمين إلى اليسار{runs_on}{note}</p>')
    return Markup('<div class="dossier-figure">' + "".join(out) + legend + "</div>")


_date, _start, _end, _id = attrgetter("date"), attrgetter("start"), attrgetter("end"), attrgetter("id")
_days, _start_of = attrgetter("date.days"), attrgetter("date.start")


def _to_the_day(s) -> bool:
    """A span a timeline focuses on first: a day, or up to two months, known to the day."""
    return bool(s.begin.day) and s.days <= 62


def _to_the_month(s) -> bool:
    """... then, without any: up to FOCUS_MAX_DAYS, known at least to the month."""
    return bool(s.begin.month) and s.days <= FOCUS_MAX_DAYS


def _window(first: date, last: date) -> tuple[date, date]:
    """The days a timeline shows, from the first start and the last end it focuses on."""
    return first - timedelta(days=1), max(last, first + timedelta(days=6)) + timedelta(days=1)


def _scale(d0: date, d1: date):
    """x of a day on the axis, right to left; days outside the window stop at its ends."""
    days, inner = (d1 - d0).days + 1, TL_WIDTH - 2 * TL_PAD

    def x(d: date) -> float:
        d = min(max(d, d0), d1)
        return TL_WIDTH - TL_PAD - (d - d0).days / days * inner

    return x


def _by_year(d0: date, d1: date) -> bool:
    return (d1 - d0).days > 3 * 366


def _period_counts(events: list[m.Event], d0: date, d1: date) -> Counter:
    """Events per (year, month), or per (year, 0) over a long window. Per month, an event known
    only to its year counts as (year, 0)."""
    by_year = _by_year(d0, d1)
    return Counter((e.date.start.year, 0 if by_year or e.date.begin.grain == "year" else e.date.start.month)
                   for e in events)


class SpanTally:
    """The dates of many events, counted: what a timeline drawn as counts needs (the window it
    focuses on, how many events fall in it, the count per month and per year), without reading
    each event again. The home page draws all 33,000 events of a 10,000-article corpus (0.15–0.28 s
    of every rebuild reading their dates); the index holds this tally of its events (Index.span_tally)
    and a process that keeps its index (index_update) adds and removes the events that changed.

    Each Counter holds only dates (or periods) with a count above zero, so its smallest and largest
    key are those of the events it counts."""

    def __init__(self, events: Iterable[m.Event] = ()):
        self.total = 0
        self.starts = (Counter(), Counter(), Counter())    # to the day, to the month, every span
        self.ends = (Counter(), Counter(), Counter())
        self.months: Counter = Counter()                  # _period_counts per month
        self.years: Counter = Counter()                   # ... per year
        for e in events:
            self.add(e, 1)

    def add(self, e: m.Event, sign: int) -> None:
        """Count `e` in (`sign` 1) or out (-1)."""
        s = e.date
        self.total += sign
        day = _to_the_day(s)
        for k, counted in ((0, day), (1, day or _to_the_month(s)), (2, True)):
            if counted:
                count_in(self.starts[k], s.start, sign)
                count_in(self.ends[k], s.end, sign)
        count_in(self.months, (s.start.year, 0 if s.begin.grain == "year" else s.start.month), sign)
        count_in(self.years, (s.start.year, 0), sign)

    def timeline(self, events: list[m.Event], href, href_period, label: str, disputed: Container[str],
                 time_labels: dict[str, str], counts: bool = False, listed: str | None = None) -> Markup:
        """`timeline_svg(events, …)` for the events this tally counts: read from the counts when
        they are too many to draw one by one, as they are at scale (or always, with `counts`);
        drawn from `events` when not."""
        if not self.total:
            return Markup("")
        k = 2 if counts else 0 if self.starts[0] else 1 if self.starts[1] else 2
        d0, d1 = _window(min(self.starts[k]), max(self.ends[k]))
        if not counts:
            before = sum(n for d, n in self.ends[2].items() if d < d0)
            after = sum(n for d, n in self.starts[2].items() if d > d1)
            if self.total - before - after <= MAX_LANES * LANE_HOLDS:
                return timeline_svg(events, href, href_period, label, disputed, time_labels, listed=listed)
        periods = self.years if _by_year(d0, d1) else self.months
        return _histogram(periods, d0, d1, _scale(d0, d1), href_period, label)


def entity_tally(ix, e: m.Actor | m.Place) -> SpanTally:
    """The tally of the events an actor or place takes part in (its timeline's events), memoised
    on the index, which index_update keeps up to date: a split hub's timeline counts thousands of
    events by month (0.1 s a page at 10,000 articles), and nearly every one-article rebuild
    renders the hubs again."""
    key = (type(e).__name__, e.id)
    found = ix.entity_tallies.get(key)
    if found is None:
        pairs = (ix.actor_events if isinstance(e, m.Actor) else ix.place_events).get(e.id, ())
        found = ix.entity_tallies[key] = SpanTally(event for event, _ in pairs)
    return found




def place_in_lanes(spans: Iterable[tuple[float, float]]) -> list[int] | None:
    """The lane of each (right, left) span, in order, each in the first lane whose last span ends
    more than 2 px to its right; None past MAX_LANES lanes. The spans come by start date, so
    `right` never grows: a lane free for one span stays free for the next ones, and free lanes wait
    in a heap by number while busy ones wait in a heap by edge (a hub's timeline places thousands
    of events; scanning up to 120 lanes for each was ~50 ms a page at 10,000 articles)."""
    free: list[int] = []                   # lane numbers
    busy: list[tuple[float, int]] = []     # (−edge, lane)
    count = 0
    out = []
    for right, left in spans:
        while busy and -busy[0][0] > right + 2:
            heappush(free, heappop(busy)[1])
        if free:
            lane = heappop(free)
        else:
            lane, count = count, count + 1
            if lane == MAX_LANES:
                return None
        heappush(busy, (-left, lane))
        out.append(lane)
    return out


def _axis(d0: date, d1: date, x, y: float) -> list[str]:
    days = (d1 - d0).days
    out = [f'<line x1="{TL_PAD}" y1="{y:.0f}" x2="{TL_WIDTH - TL_PAD}" y2="{y:.0f}" stroke="{MUTED}"/>']
    ticks: list[tuple[date, str]] = []
    if days <= 62:
        step = 1 if days <= 16 else 2 if days <= 31 else 7
        d = d0
        while d <= d1:
            if (d - d0).days % step == 0:
                ticks.append((d, f"{d.day} {GULF_MONTHS[d.month - 1]}" if d.day == 1 or d == d0 or step > 1 else str(d.day)))
            d += timedelta(days=1)
    elif days <= 3 * 366:
        d = date(d0.year, d0.month, 1)
        while d <= d1:
            ticks.append((d, f"{GULF_MONTHS[d.month - 1]} {d.year}" if d.month == 1 or not ticks else GULF_MONTHS[d.month - 1]))
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    else:
        for year in range(d0.year, d1.year + 1):
            ticks.append((date(year, 1, 1), str(year)))
    every = max(1, len(ticks) // 14)
    # a day's tick stands at the middle of the day, where its dots are (at its start, «1 ديسمبر»'s
    # events sat between the 1 and 2 ticks); a month's or year's tick marks where it begins
    half = (x(d0) - x(d0 + timedelta(days=1))) / 2 if days <= 62 else 0.0
    for i, (d, text) in enumerate(ticks):
        if d < d0:
            continue
        xx = x(d) - half
        out.append(f'<line x1="{xx:.1f}" y1="{y:.0f}" x2="{xx:.1f}" y2="{y + 4:.0f}" stroke="{MUTED}"/>')
        if i % every == 0:
            out.append(f'<text x="{xx:.1f}" y="{y + 16:.0f}" font-size="10" fill="{INK}" text-anchor="middle">{escape(text)}</text>')
    return out


def _histogram(counts: Counter, d0: date, d1: date, x, href_period, label: str) -> Markup:
    """Counts per month (or per year) when a timeline would be too dense to read (`_period_counts`).

    Per month, an event known only to its year is not counted in January: it is counted on a
    lighter bar as wide as its year, linking to the year (where the pages list it), drawn behind
    the months' bars."""
    by_year = _by_year(d0, d1)
    peak = max(counts.values())
    height = 150
    out = [_svg_open(f"0 0 {TL_WIDTH:.0f} {height}", label, "dossier-timeline")]
    out.extend(_axis(d0, d1, x, height - 30))
    for (year, month), n in sorted(counts.items(), key=lambda item: (item[0][1] != 0, item[0])):
        start = date(year, month or 1, 1)
        end = date(year + 1, 1, 1) if month in (0, 12) else date(year, month + 1, 1)
        xa, xb = x(end), x(start)
        bar = (height - 40) * n / peak
        year_only = not (by_year or month)
        title = f"{n}: {YEAR_ONLY}" if year_only else f"{n}"
        shade = ' fill-opacity="0.35"' if year_only else ""
        out.append(f'<a href="{href_period(year, month)}" tabindex="-1"><title>{escape(title)}</title>'
                   f'<rect x="{xa + 1:.1f}" y="{height - 30 - bar:.1f}" width="{max(xb - xa - 2, 2):.1f}" height="{bar:.1f}" '
                   f'fill="{ACCENT}"{shade}/></a>')
    out.append("</svg>")
    return Markup('<div class="dossier-figure">' + "".join(out) + "</div>")


# --- relations ------------------------------------------------------------------------------


GLYPH = 6.5        # px per character of a 12 px Arabic label, on the wide side (measured in Chromium: 5.2–6.3)


def _fit_label(name: str, x: float, room: float, width: float) -> tuple[str, float]:
    """A name that fits `room` pixels (cut with «…»; the full name is the link's tooltip) and the
    x of its middle, moved inwards so it stays inside the picture (names at the sides were cut:
    «القسم القنصلي في السفارة الإيرانية في دمش»)."""
    if len(name) * GLYPH > room:
        name = name[:max(int(room / GLYPH) - 1, 3)].rstrip() + "…"
    half = len(name) * GLYPH / 2
    return name, min(max(x, half + 4), width - half - 4)


def relations_svg(actor: m.Actor, above: list[m.Actor], below: list[m.Actor], around: list[tuple[m.Actor, int]],
                  href, label: str) -> Markup:
    """The actor in the middle; what it belongs to above, what belongs to it below, and the
    actors it shares events with around it (line width = number of shared events).

    No line runs through a name: each name stands on the far side of its dot from the middle
    (its own line comes from the other side), and the lines are masked out of every name's box
    (with the 3-unit halo alone, up to 6-unit lines struck through the actor's own name below the
    middle and the ring's names they passed under)."""
    if not (above or below or around):
        return Markup("")
    width, height = 760.0, 460.0
    cx, cy = width / 2, height / 2
    lines: list[str] = []
    nodes: list[tuple[m.Actor, float, float, str, float, float]] = []    # …, room for its name (px), name y
    for row, items, yy in ((0, above[:6], 56.0), (1, below[:8], height - 56)):
        gap = width / (len(items) + 1)
        staggered = len(items) > 3          # neighbours' names alternate near and further from their dots
        for i, a in enumerate(items):
            xx = gap * (i + 1)
            lines.append(f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{xx:.0f}" y2="{yy:.0f}" stroke="{INK}" stroke-width="1.6"/>')
            further = staggered and i % 2 == 1
            ly = yy - (28 if further else 11) if row == 0 else yy + (38 if further else 21)
            nodes.append((a, xx, yy, INK, (2 if staggered else 1) * gap - 10, ly))
    drawn = {a.id for a in above[:6] + below[:8]}          # a parent is not drawn twice (above and in the ring)
    around = [(a, n) for a, n in around if a.id not in drawn]
    peak = max((n for _, n in around), default=1)
    ring = around[:14]
    for i, (a, n) in enumerate(ring):
        angle = math.pi * (0.15 + 0.7 * (i + 0.5) / len(ring)) if len(ring) > 1 else math.pi / 2
        side = 1 if i % 2 == 0 else -1
        xx = cx + side * 280 * math.sin(angle)
        yy = cy - 150 * math.cos(angle)
        w = 1 + 5 * n / peak
        lines.append(f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{xx:.0f}" y2="{yy:.0f}" stroke="{MUTED}" stroke-width="{w:.1f}">'
                     f'<title>{escape(count(n, "shared-event"))}</title></line>')
        nodes.append((a, xx, yy, ACCENT, 250.0, yy - 11 if yy <= cy + 1 else yy + 21))
    marks, holes = [], []
    for a, xx, yy, colour, room, ly in nodes:
        text, lx = _fit_label(a.name, xx, room, width)
        half = len(text) * GLYPH / 2
        holes.append(f'<rect x="{lx - half - 2:.0f}" y="{ly - 13:.0f}" width="{2 * half + 4:.0f}" height="18" rx="3"/>')
        marks.append(f'<a href="{href(a)}" tabindex="-1"><title>{escape(a.name)}</title><circle cx="{xx:.0f}" cy="{yy:.0f}" r="7" fill="{colour}"/>'
                     f'<text x="{lx:.0f}" y="{ly:.0f}" font-size="12" fill="{INK}" text-anchor="middle" '
                     f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(text)}</text></a>')
    half = len(actor.name) * GLYPH * 14 / 12 * 1.1 / 2         # 14 units and bold
    holes.append(f'<rect x="{cx - half - 3:.0f}" y="{cy + 13:.0f}" width="{2 * half + 6:.0f}" height="21" rx="3"/>')
    mask = f"dossier-graph-names-{actor.id}"
    out = [_svg_open(f"0 0 {width:.0f} {height:.0f}", label, "dossier-graph"),
           f'<defs><mask id="{escape(mask)}" maskUnits="userSpaceOnUse" x="0" y="0" width="{width:.0f}" height="{height:.0f}">'
           f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/><g fill="#000000">{"".join(holes)}</g></mask></defs>',
           f'<g mask="url(#{escape(mask)})">', *lines, "</g>", *marks,
           f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="11" fill="{WARN}"/>'
           f'<text x="{cx:.0f}" y="{cy + 28:.0f}" font-size="14" font-weight="bold" fill="{INK}" text-anchor="middle" '
           f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(actor.name)}</text>', "</svg>"]
    legend = ('<p class="dossier-legend">أعلى: ما ينتمي إليه · أسفل: ما يتبع له أو أعضاؤه · حوله: من يشاركه الأحداث '
              '(سماكة الخط = عدد الأحداث المشتركة)</p>')
    return Markup('<div class="dossier-figure">' + "".join(out) + legend + "</div>")


class Figures:
    """The figures of one page, with links relative to that page's URL; the pages they link to are
    added to `targets` (the page's `Linker.targets`). `maps`: small maps already drawn, shared by
    the pages of one build (see `map`)."""

    MEMO_POINTS = 8

    def __init__(self, page: str, ix, site, targets: list[str] | None = None, maps: dict | None = None):
        from . import paths

        self.page, self.ix, self.site, self.paths = page, ix, site, paths
        self.targets = [] if targets is None else targets
        self.maps = maps

    def _href(self, target: str) -> str:
        self.targets.append(target)
        return escape(self.paths.html_link(self.page, target))

    def _event_href(self, e: m.Event) -> str:
        return self._href(self.paths.event(e.id))

    def _period_href(self, year: int, month: int) -> str:
        months = self.ix.months
        if (year, month) not in months:
            month = next((mo for y, mo in months if y == year), None)
            if month is None:
                return ""
        return self._href(self.paths.month(year, month))

    def timeline(self, events: list[m.Event], label: str = "الخط الزمني", listed: str | None = None) -> Markup:
        """`listed`: the page listing the events drawn outside the window, when not this one.
        Every event of the corpus (the home page) is drawn from the index's tally of their dates."""
        if len(events) < 2:
            return Markup("")
        if events is self.ix.events:
            if self.ix.span_tally is None:
                self.ix.span_tally = SpanTally(events)
            return self.ix.span_tally.timeline(events, self._event_href, self._period_href, label, self.ix.disputes,
                                               self.site.time_labels, listed=self._href(listed) if listed else None)
        return timeline_svg(events, self._event_href, self._period_href, label, self.ix.disputes,
                            self.site.time_labels, listed=self._href(listed) if listed else None)

    def months(self, events: list[m.Event], parts, label: str, entity: m.Actor | m.Place | None = None) -> Markup:
        """A split actor's or place's timeline: its events counted per month (or year), each bar a
        link to that month of the page (listings.EntityPart). Drawn one by one, the 2,488 events
        of the busiest army at 10,000 articles were a 690 KB picture no one could read. With
        `entity`, whose timeline `events` is, they are counted from its tally (entity_tally)."""
        pages = {p.key: p.page for p in parts if p.key}

        def href_period(year: int, month: int) -> str:
            page = pages.get((year, month)) or next((pages[k] for k in sorted(pages) if k[0] == year), None)
            return self._href(page) if page else self._period_href(year, month)

        if entity is not None:
            return entity_tally(self.ix, entity).timeline(events, self._event_href, href_period, label,
                                                          self.ix.disputes, self.site.time_labels, counts=True)
        return timeline_svg(events, self._event_href, href_period, label, self.ix.disputes,
                            self.site.time_labels, counts=True) if events else Markup("")

    def map(self, points: list[MapPoint], label: str = "خريطة", arrows=()) -> Markup:
        """Each event page has a map of its one to a few places: at 10,000 articles 33,000 maps of
        a few thousand distinct sets of places. A small map is drawn once per set of points,
        arrows and links (the key holds everything the picture is made of) and reused."""
        basemap = self._href(BASEMAP_PAGE)
        inside = [p for p in points if p.place.coordinates and in_region(p.place.coordinates)]
        hrefs = {p.place.id: self._href(self.paths.place(p.place.id)) for p in inside}
        if self.maps is None or len(inside) > self.MEMO_POINTS:
            return map_svg(inside, lambda place: hrefs[place.id], basemap, label, arrows)
        key = (label, basemap, tuple((p.place.id, p.weight, p.focus, hrefs[p.place.id]) for p in inside),
               tuple((a.id, b.id) for a, b in arrows))
        drawn = self.maps.get(key)
        if drawn is None:
            drawn = self.maps[key] = map_svg(inside, lambda place: hrefs[place.id], basemap, label, arrows)
        return drawn

    def relations(self, actor: m.Actor, above, below, around, label: str = "العلاقات") -> Markup:
        return relations_svg(actor, above, below, around, lambda a: self._href(self.paths.actor(a.id)), label)
