#!/usr/bin/env python3
"""Generate GeoMonitor's first-start layers in geodata/ (Python 3 standard library only).

    python3 geodata/tools/generate.py              # writes geodata/*.geojson, geodata/truces.json
    python3 geodata/tools/generate.py --out DIR    # writes the same files into DIR (used by check.py)

The output is deterministic: fixed random seed, fixed ordering, coordinates rounded to 6 decimals,
no timestamps of the run.  Running it twice gives byte-identical files.

Sources: ../shared/reference/gazetteer.csv (the place coordinates, copied below in GAZETTEER
and compared with the CSV by check.py), ../shared/reference/facts.txt (F1..F12: truce dates,
lengths, areas), ../shared/reference/acled-codes.md (incident codes).  Everything that is not in
those files is drawn by hand and is marked `approximate: true` with a `method` saying so.
"""
import argparse
import datetime as dt
import json
import math
import os
import random
import sys

SEED = 20241127          # fixed: the outputs must not change between runs
R_EARTH = 6371008.8      # mean Earth radius, metres (IUGG)
ND = 6                   # decimals kept in coordinates

GAZ_REF = "../shared/reference/gazetteer.csv"

# ---------------------------------------------------------------------------------------------
# Gazetteer snapshot: (key, name as in gazetteer.csv, lat, lon, side, status, source URL).
# Only rows with coordinates.  check.py verifies these values against gazetteer.csv.
# ---------------------------------------------------------------------------------------------
_GAZ_ROWS = [
    ("ras-naqoura", "Ras Naqoura / Rosh HaNikra (grottoes)", 33.0931222, 35.1047667, "IL (at Blue Line, coast)", "verified",
     "https://en.wikipedia.org/wiki/Rosh_HaNikra_grottoes"),
    ("naqoura", "Naqoura (town; UNIFIL HQ)", 33.1167, 35.1333, "LB", "approximate", "https://de.wiki.li/Naqura"),
    ("shlomi", "Shlomi", 33.07444, 35.14472, "IL", "verified", "https://findatwiki.com/Shlomi,_Israel"),
    ("alma", "Alma ash-Shaab", 33.10389, 35.18278, "LB", "verified",
     "https://marefa.org/%D8%B9%D9%84%D9%85%D8%A7_%D8%A7%D9%84%D8%B4%D8%B9%D8%A8"),
    ("zarit", "Zar'it", 33.0999889, 35.2885389, "IL", "verified", "https://de.wikial.top/wiki/Zar%27it"),
    ("ayta", "Ayta ash-Shaab", 33.09722, 35.33444, "LB", "verified", "https://en.wikipedia.org/wiki/Ayta_al-Sha%60b"),
    ("rmaish", "Rmaish (Rmeish)", 33.079167, 35.368889, "LB", "verified",
     "https://iiab.me/kiwix/content/wikipedia_en_all_maxi_2023-10/A/Rumeish"),
    ("yaroun", "Yaroun", 33.083, 35.417, "LB", "approximate", "https://en.wikipedia.org/wiki/Yaroun"),
    ("maroun", "Maroun al-Ras", 33.08056, 35.42222, "LB", "verified-doubtful", "https://en.wikipedia.org/wiki/Maroun_al-Ras"),
    ("avivim", "Avivim", 33.089222, 35.4720639, "IL", "verified", "https://de.wikial.top/wiki/Avivim"),
    ("bint-jbeil", "Bint Jbeil", 33.12583, 35.44278, "LB", "verified", "http://piglix.com/piglix/Bint_Jbeil"),
    ("aitaroun", "Aitaroun", 33.11639, 35.46833, "LB", "verified",
     "https://kiwix.haohe.fun/content/wikipedia_en_all_maxi_2024-01/A/Aytaroun"),
    ("malkia", "Malkia", 33.09833, 35.51111, "IL", "verified", "https://wikiland.org/fr/Malkia"),
    ("blida", "Blida", 33.13833, 35.50806, "LB", "verified",
     "https://ar.wikipedia-on-ipfs.org/wiki/%D8%A8%D9%84%D9%8A%D8%AF%D8%A7_(%D9%85%D8%B1%D8%AC%D8%B9%D9%8A%D9%88%D9%86)"),
    ("mays", "Mays al-Jabal", 33.16944, 35.52556, "LB", "verified", "https://wikiclassic.com/wiki/Mais_al-Jabal"),
    ("houla", "Houla", 33.21000, 35.51694, "LB", "verified", "https://wikiclassic.com/wiki/Houla,_Marjayoun"),
    ("margaliot", "Margaliot", 33.21444, 35.54472, "IL", "verified", "https://en.wikipedia.org/wiki/Margaliot"),
    ("markaba", "Markaba", 33.23333, 35.51667, "LB", "approximate", "https://en.wikipedia.org/wiki/Markaba"),
    ("odaisseh", "Odaisseh (Adaisseh)", 33.25417, 35.54250, "LB", "verified",
     "https://wonilvalve.com/index.php?q=https%3A%2F%2Fen.wikipedia.org%2Fwiki%2FOdaisseh"),
    ("misgav-am", "Misgav Am", 33.24778, 35.54833, "IL", "verified",
     "https://hqproductreviews.com?arsae=https%3A%2F%2Fen.wikipedia.org%2Fwiki%2FMisgav_Am"),
    ("kfar-kila", "Kfar Kila", 33.27889, 35.55556, "LB", "verified", "https://wikiland.org/fr/Kafr_Kila,_Lebanon"),
    ("metula", "Metula", 33.278889, 35.576667, "IL", "verified", "https://profilpelajar.com/es/Metula"),
    ("khiam", "Khiam", 33.3271667, 35.6111000, "LB", "verified", "https://en.wikipedia.org/wiki/Khiam"),
    ("ghajar", "Ghajar", 33.27278, 35.62306, "Golan (IL-held)/LB, split by Blue Line", "verified",
     "http://piglix.com/piglix/Ghajar"),
    ("kfarchouba", "Kfarchouba", 33.32806, 35.69250, "LB", "verified-conflict", "https://en-wiki.fonk.bid/wiki/Kfar_Chouba"),
    ("shebaa", "Shebaa (town)", 33.34861, 35.74861, "LB", "verified",
     "https://en.wikipedia.org/wiki/?oldid=985258315&title=Chebaa_%28Hasbaiya%29"),
    ("shebaa-farms", "Shebaa Farms (centroid)", 33.283, 35.700, "disputed: IL-held; LB claims; UN treats as Syrian Golan",
     "approximate", "http://en.wikipedia.org/wiki/Shabah_Farms"),
    ("hermon", "Mount Hermon summit", 33.41611, 35.85750, "SY/LB border (UN buffer zone)", "verified",
     "https://en.wikipedia.org/wiki/Mount_Hermon (via review.clateway.com mirror)"),
    ("kiryat-shmona", "Kiryat Shmona", 33.20750, 35.56972, "IL", "verified",
     "https://rainy.clevelandohioweatherforecast.com/php-proxy/index.php?q=https%3A%2F%2Fen.wikipedia.org%2Fwiki%2FKiryat_Shmona"),
    ("nahariya", "Nahariya", 33.00583, 35.09889, "IL", "verified", "http://piglix.com/piglix/Nahariya"),
    ("litani-source", "Litani source: el-Oleik (Ullaik) springs W of Baalbek", 34.014444, 36.097778, "LB", "verified",
     "https://xn--h1ajim.xn--p1ai/%D0%AD%D0%BB%D1%8C-%D0%9B%D0%B8%D1%82%D0%B0%D0%BD%D0%B8 (ru.wikipedia mirror)"),
    ("qaraoun", "Qaraoun village / Lake Qaraoun & dam (proxy)", 33.56333, 35.72194, "LB", "approximate",
     "https://de.qaz.wiki/wiki/Qaraoun"),
    ("beaufort", "Beaufort Castle (Qalaat al-Shaqif)", 33.3244, 35.5320, "LB", "verified",
     "https://en.m.wikipedia.org./wiki/Shaqif_Arnun"),
    ("litani-mouth", "Litani mouth (Qasmiyeh), N of Tyre", 33.338333, 35.245, "LB", "verified",
     "https://xn--h1ajim.xn--p1ai/%D0%AD%D0%BB%D1%8C-%D0%9B%D0%B8%D1%82%D0%B0%D0%BD%D0%B8 (ru.wikipedia mirror)"),
    ("arnoun", "Arnoun", 33.33333, 35.53333, "LB", "approximate", "https://en.wikipedia.org/wiki/Arnoun"),
    ("shukin", "Shukin (Choukine)", 33.354167, 35.466667, "LB", "verified",
     "https://he.m.wikipedia.org/wiki/%D7%A9%D7%95%D7%9B%D7%99%D7%9F"),
    ("nabatieh", "Nabatieh", 33.36389, 35.48750, "LB", "verified", "http://piglix.com/piglix/Nabatieh"),
    ("marjayoun", "Marjayoun", 33.36194, 35.58972, "LB", "verified", "https://hessslslslsls.azureedge.net/wiki/Marjayoun"),
    ("deir-mimas", "Deir Mimas", 33.30194, 35.54528, "LB", "verified",
     "https://marefa.org/%D8%AF%D9%8A%D8%B1_%D9%85%D9%8A%D9%85%D8%A7%D8%B3"),
    ("qlayaa", "Qlayaa (Al-Qlaiaah, Marjayoun)", 33.32917, 35.56583, "LB", "verified", "https://jmediawiki.org/wiki/Al-Qlaiaah"),
    ("tyre", "Tyre (Sour)", 33.272121, 35.196402, "LB", "verified-secondary", "https://tripomatic.com/en/poi/tyre-city:8797"),
]
GAZ = {k: {"key": k, "name": n, "lat": la, "lon": lo, "side": s, "status": st, "source": u}
       for (k, n, la, lo, s, st, u) in _GAZ_ROWS}

def g(key):
    p = GAZ[key]
    return (p["lat"], p["lon"])


def gaz_ref(*keys):
    return "; ".join(f"{GAZ[k]['name']} ({GAZ[k]['status']}) {GAZ[k]['source']}" for k in keys)


# ---------------------------------------------------------------------------------------------
# Geometry helpers (spherical Earth; distances < 20 km in a local equirectangular frame)
# ---------------------------------------------------------------------------------------------
def rnd(x):
    return round(x + 0.0, ND)


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * R_EARTH * math.asin(math.sqrt(h))


def line_length_m(pts):
    return sum(haversine(pts[i], pts[i + 1]) for i in range(len(pts) - 1))


def to_xy(p, o):
    """(lat, lon) -> metres east/north of origin o (local equirectangular)."""
    return (R_EARTH * math.radians(p[1] - o[1]) * math.cos(math.radians(o[0])),
            R_EARTH * math.radians(p[0] - o[0]))


def from_xy(x, y, o):
    return (o[0] + math.degrees(y / R_EARTH), o[1] + math.degrees(x / (R_EARTH * math.cos(math.radians(o[0])))))


def destination(p, dist_m, bearing_deg):
    la1, lo1, b = math.radians(p[0]), math.radians(p[1]), math.radians(bearing_deg)
    d = dist_m / R_EARTH
    la2 = math.asin(math.sin(la1) * math.cos(d) + math.cos(la1) * math.sin(d) * math.cos(b))
    lo2 = lo1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(la1), math.cos(d) - math.sin(la1) * math.sin(la2))
    return (math.degrees(la2), math.degrees(lo2))


def nearest_on_polyline(p, line):
    """(distance m, segment index, t in [0,1]) of the point of `line` nearest to p."""
    best = None
    for i in range(len(line) - 1):
        ax, ay = to_xy(line[i], p)
        bx, by = to_xy(line[i + 1], p)
        dx, dy = bx - ax, by - ay
        l2 = dx * dx + dy * dy
        t = 0.0 if l2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / l2))
        d = math.hypot(ax + t * dx, ay + t * dy)
        if best is None or d < best[0]:
            best = (d, i, t)
    return best


def side_of_polyline(p, line):
    """+1 if p is left of the directed polyline, -1 if right (nearest-segment test, with the
    turn rule where the nearest point is a vertex)."""
    d, i, t = nearest_on_polyline(p, line)
    n = len(line)
    if t >= 1.0 and i + 1 < n - 1:          # nearest point is interior vertex i+1
        v = i + 1
    elif t <= 0.0 and i > 0:                # nearest point is interior vertex i
        v = i
    else:
        v = None
    if v is not None:
        a, b, c = to_xy(line[v - 1], p), to_xy(line[v], p), to_xy(line[v + 1], p)
        turn = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
        if turn != 0:
            return -1 if turn > 0 else 1    # points nearest to a vertex lie on the outer side of the turn
    a, b = to_xy(line[i], p), to_xy(line[i + 1], p)
    cross = (b[0] - a[0]) * (0 - a[1]) - (b[1] - a[1]) * (0 - a[0])
    return 1 if cross > 0 else -1


def point_in_ring(p, ring):
    """Ray casting in lon/lat; ring as list of (lat, lon), closed or not."""
    y, x = p
    inside = False
    n = len(ring)
    for i in range(n):
        y1, x1 = ring[i]
        y2, x2 = ring[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xi:
                inside = not inside
    return inside


def ring_area_m2(ring):
    """Signed area (m2, + = counter-clockwise) in a sinusoidal (equal-area) projection."""
    lon0 = 35.5
    pts = [(R_EARTH * math.radians(lo - lon0) * math.cos(math.radians(la)), R_EARTH * math.radians(la)) for la, lo in ring]
    s = 0.0
    for i in range(len(pts)):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % len(pts)]
        s += x1 * y2 - x2 * y1
    return s / 2


def close_ring(ring):
    ring = [(rnd(a), rnd(b)) for a, b in ring]
    out = []
    for p in ring:
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    if ring_area_m2(out[:-1]) < 0:          # RFC 7946: exterior rings counter-clockwise
        out.reverse()
    return out


def ring_simple(ring):
    """True if the closed ring has no self-intersections (O(n^2), small rings only)."""
    pts = ring[:-1]
    n = len(pts)
    o = pts[0]
    xy = [to_xy(p, o) for p in pts]

    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    def on_seg(a, b, c):
        return min(a[0], b[0]) - 1e-9 <= c[0] <= max(a[0], b[0]) + 1e-9 and min(a[1], b[1]) - 1e-9 <= c[1] <= max(a[1], b[1]) + 1e-9

    for i in range(n):
        a, b = xy[i], xy[(i + 1) % n]
        for j in range(i + 1, n):
            if j == i or (j + 1) % n == i or j == (i + 1) % n:
                continue
            c, d = xy[j], xy[(j + 1) % n]
            o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
            if o1 != o2 and o3 != o4:
                return False
            if (o1 == 0 and on_seg(a, b, c)) or (o2 == 0 and on_seg(a, b, d)) or \
               (o3 == 0 and on_seg(c, d, a)) or (o4 == 0 and on_seg(c, d, b)):
                return False
    return True


def clip_convex(subject, clip):
    """Sutherland-Hodgman: subject polygon (any) clipped by a convex CCW polygon; xy lists."""
    def inside(p, a, b):
        return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0

    def inter(p, q, a, b):
        x1, y1, x2, y2 = p[0], p[1], q[0], q[1]
        x3, y3, x4, y4 = a[0], a[1], b[0], b[1]
        den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
        t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
        return (x1 + t * (x2 - x1), y1 + t * (y2 - y1))

    out = list(subject)
    for k in range(len(clip)):
        a, b = clip[k], clip[(k + 1) % len(clip)]
        inp, out = out, []
        if not inp:
            break
        s = inp[-1]
        for e in inp:
            if inside(e, a, b):
                if not inside(s, a, b):
                    out.append(inter(s, e, a, b))
                out.append(e)
            elif inside(s, a, b):
                out.append(inter(s, e, a, b))
            s = e
    return out


def offset_polygon(line, half_width):
    """Polygon around a polyline: both sides offset by half_width (mitred joins, flat ends)."""
    o = line[len(line) // 2]
    xy = [to_xy(p, o) for p in line]
    n = len(xy)
    normals = []
    for i in range(n - 1):
        dx, dy = xy[i + 1][0] - xy[i][0], xy[i + 1][1] - xy[i][1]
        L = math.hypot(dx, dy)
        normals.append((-dy / L, dx / L))       # left normal
    left, right = [], []
    for i in range(n):
        if i == 0:
            nx, ny = normals[0]
            f = 1.0
        elif i == n - 1:
            nx, ny = normals[-1]
            f = 1.0
        else:
            ax, ay = normals[i - 1]
            bx, by = normals[i]
            nx, ny = ax + bx, ay + by
            L = math.hypot(nx, ny)
            nx, ny = nx / L, ny / L
            f = 1.0 / max(0.5, nx * ax + ny * ay)    # miter length, capped at 2x
        left.append((xy[i][0] + nx * half_width * f, xy[i][1] + ny * half_width * f))
        right.append((xy[i][0] - nx * half_width * f, xy[i][1] - ny * half_width * f))
    ring_xy = remove_loops(right) + remove_loops(left)[::-1]
    return [from_xy(x, y, o) for x, y in ring_xy]


def seg_intersection(p, q, a, b):
    """Proper intersection point of segments p-q and a-b (x/y), or None."""
    d = (q[0] - p[0]) * (b[1] - a[1]) - (q[1] - p[1]) * (b[0] - a[0])
    if d == 0:
        return None
    t = ((a[0] - p[0]) * (b[1] - a[1]) - (a[1] - p[1]) * (b[0] - a[0])) / d
    u = ((a[0] - p[0]) * (q[1] - p[1]) - (a[1] - p[1]) * (q[0] - p[0])) / d
    if 0 < t < 1 and 0 < u < 1:
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
    return None


def remove_loops(pts):
    """Cut the small loops an offset curve makes on the inner side of sharp bends."""
    pts = list(pts)
    changed = True
    while changed:
        changed = False
        for i in range(len(pts) - 1):
            for j in range(len(pts) - 2, i + 1, -1):
                x = seg_intersection(pts[i], pts[i + 1], pts[j], pts[j + 1])
                if x is not None:
                    pts = pts[:i + 1] + [x] + pts[j + 1:]
                    changed = True
                    break
            if changed:
                break
    return pts


def lonlat(pts):
    return [[rnd(lo), rnd(la)] for la, lo in pts]


# ---------------------------------------------------------------------------------------------
# Blue Line
# ---------------------------------------------------------------------------------------------
# ("g", key)                 : the gazetteer point itself
# ("m", key_lb, key_il)      : midpoint of a Lebanese and an Israeli neighbour from the gazetteer
# ("s", lat, lon, note)      : hand-placed shape vertex (approximation of the course, NOT sourced)
BLUE_LINE_SPEC = [
    ("g", "ras-naqoura"),
    ("s", 33.0935, 35.1100, "coastal ridge E of Ras Naqoura"),
    ("s", 33.0918, 35.1165, ""),
    ("s", 33.0930, 35.1240, ""),
    ("s", 33.0945, 35.1310, ""),
    ("m", "naqoura", "shlomi"),
    ("s", 33.0925, 35.1460, ""),
    ("s", 33.0915, 35.1530, "N of Shlomi (Labbouneh hill area)"),
    ("s", 33.0880, 35.1590, ""),
    ("m", "alma", "shlomi"),
    ("s", 33.0960, 35.1700, ""),
    ("s", 33.0930, 35.1780, "S of Alma ash-Shaab"),
    ("s", 33.0965, 35.1905, "SE of Alma ash-Shaab"),
    ("s", 33.0925, 35.1975, ""),
    ("s", 33.0905, 35.2040, ""),
    ("s", 33.0855, 35.2120, ""),
    ("s", 33.0870, 35.2200, ""),
    ("s", 33.0905, 35.2290, ""),
    ("s", 33.0880, 35.2380, ""),
    ("s", 33.0840, 35.2460, ""),
    ("s", 33.0860, 35.2540, ""),
    ("s", 33.0915, 35.2680, "W side of the Zar'it salient"),
    ("s", 33.0975, 35.2700, ""),
    ("s", 33.1040, 35.2760, ""),
    ("s", 33.1080, 35.2815, ""),
    ("s", 33.1095, 35.2880, "N of Zar'it"),
    ("s", 33.1060, 35.3000, ""),
    ("m", "ayta", "zarit"),
    ("s", 33.0930, 35.3185, ""),
    ("s", 33.0880, 35.3260, "S of Ayta ash-Shaab"),
    ("s", 33.0850, 35.3350, ""),
    ("s", 33.0815, 35.3420, ""),
    ("s", 33.0770, 35.3480, ""),
    ("s", 33.0745, 35.3560, ""),
    ("s", 33.0740, 35.3640, ""),
    ("s", 33.0720, 35.3720, "S of Rmaish"),
    ("s", 33.0680, 35.3800, ""),
    ("s", 33.0690, 35.3880, ""),
    ("s", 33.0665, 35.3960, ""),
    ("s", 33.0710, 35.4040, ""),
    ("s", 33.0700, 35.4110, ""),
    ("s", 33.0735, 35.4190, "S of Yaroun / Maroun al-Ras"),
    ("s", 33.0748, 35.4270, ""),
    ("s", 33.0770, 35.4350, ""),
    ("m", "maroun", "avivim"),
    ("s", 33.0925, 35.4560, ""),
    ("s", 33.0965, 35.4590, ""),
    ("s", 33.0990, 35.4640, "N of Avivim"),
    ("s", 33.1020, 35.4720, ""),
    ("s", 33.1035, 35.4790, ""),
    ("s", 33.1065, 35.4870, ""),
    ("s", 33.1080, 35.4950, ""),
    ("s", 33.1120, 35.5020, ""),
    ("m", "blida", "malkia"),
    ("s", 33.1250, 35.5180, ""),
    ("s", 33.1330, 35.5240, ""),
    ("s", 33.1420, 35.5250, ""),
    ("s", 33.1500, 35.5300, ""),
    ("s", 33.1600, 35.5345, ""),
    ("s", 33.1690, 35.5360, "E of Mays al-Jabal"),
    ("s", 33.1790, 35.5365, ""),
    ("s", 33.1880, 35.5330, ""),
    ("s", 33.1990, 35.5305, ""),
    ("m", "houla", "margaliot"),
    ("s", 33.2230, 35.5360, ""),
    ("s", 33.2330, 35.5370, "E of Markaba"),
    ("s", 33.2420, 35.5415, ""),
    ("m", "odaisseh", "misgav-am"),
    ("s", 33.2580, 35.5500, ""),
    ("s", 33.2650, 35.5560, ""),
    ("s", 33.2720, 35.5625, ""),
    ("m", "kfar-kila", "metula"),
    ("s", 33.2850, 35.5670, ""),
    ("s", 33.2900, 35.5690, "northern tip of the Metula 'finger'"),
    ("s", 33.2945, 35.5790, ""),
    ("s", 33.2910, 35.5860, ""),
    ("s", 33.2880, 35.5920, ""),
    ("s", 33.2830, 35.5980, ""),
    ("s", 33.2790, 35.6040, ""),
    ("s", 33.2750, 35.6130, "W of Ghajar (cuts across the Wazzani/Hasbani wedge, see method)"),
    ("g", "ghajar"),
    ("s", 33.2790, 35.6330, ""),
    ("s", 33.2860, 35.6400, ""),
    ("s", 33.2920, 35.6510, ""),
    ("s", 33.3000, 35.6600, ""),
    ("s", 33.3050, 35.6700, ""),
    ("s", 33.3090, 35.6800, "S of Kfarchouba, NW edge of the Shebaa Farms"),
    ("s", 33.3130, 35.6900, ""),
    ("s", 33.3175, 35.7010, ""),
    ("s", 33.3200, 35.7130, ""),
    ("s", 33.3250, 35.7230, ""),
    ("s", 33.3290, 35.7340, ""),
    ("s", 33.3320, 35.7460, "SE of Shebaa (town)"),
    ("s", 33.3360, 35.7570, ""),
    ("s", 33.3390, 35.7680, ""),
    ("s", 33.3430, 35.7780, ""),
    ("s", 33.3490, 35.7870, ""),
    ("s", 33.3560, 35.7960, ""),
    ("s", 33.3630, 35.8040, ""),
    ("s", 33.3690, 35.8120, "eastern end, W slopes of Mount Hermon"),
]


def build_vertices(spec):
    pts, prov = [], []
    for v in spec:
        if v[0] == "g":
            pts.append(g(v[1]))
            prov.append("gazetteer: " + GAZ[v[1]]["name"])
        elif v[0] == "m":
            a, b = g(v[1]), g(v[2])
            pts.append(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
            prov.append(f"midpoint: {GAZ[v[1]]['name']} (LB) / {GAZ[v[2]]['name']} (IL)")
        else:
            pts.append((v[1], v[2]))
            prov.append("sketch" + (": " + v[3] if v[3] else ""))
    pts = [(rnd(a), rnd(b)) for a, b in pts]
    return pts, prov


# Amplitude (m) of the procedural "meander" vertices (see densify_meanders): 300 m gives ~104 km instead of
# ~91 km for the straight sketch, of the order of the UN's ~120 km (F1). They add length, not information,
# and every one is marked as procedural in the line's vertexProvenance. (GeoMonitor derives the north/south
# buffers by splitting the plane with the line, so the zigzag does not leak into the wrong side.)
MEANDER_M = 300.0
HASBANI_SRC = ("N. Blanford, 'Betting on the Blue Line', Executive Magazine "
               "(https://www.executive-magazine.com/opinion/comment/betting-on-the-blue-line; public page, not in the "
               "reference set): the Blue Line runs up the middle of the Hasbani S of Ghajar")


def densify_meanders(pts, prov, amplitude):
    """Insert one vertex in the middle of every segment, displaced perpendicular to it, alternately to the
    left and to the right, by `amplitude` metres (less near gazetteer places: at most 40 % of the distance
    to the nearest one).  This gives the sketch the sinuosity of a boundary that follows ridges and wadis,
    so that its length is of the order of the UN figure (F1); it adds length, not information."""
    places = [(p["lat"], p["lon"]) for p in GAZ.values()]
    out, out_prov = [pts[0]], [prov[0]]
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        m = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        bx, by = to_xy(b, a)
        L = math.hypot(bx, by)
        near = min(haversine(m, q) for q in places)
        d = min(amplitude, 0.4 * near, 0.3 * L) * (1 if i % 2 == 0 else -1)
        mx, my = to_xy(m, a)
        q = from_xy(mx - by / L * d, my + bx / L * d, a)
        out.append((rnd(q[0]), rnd(q[1])))
        out_prov.append(f"meander: {abs(d):.0f} m {'left' if d > 0 else 'right'} of the segment midpoint (procedural, not sourced)")
        out.append(b)
        out_prov.append(prov[i + 1])
    return out, out_prov


BLUE_BASE, BLUE_BASE_PROV = build_vertices(BLUE_LINE_SPEC)
BLUE, BLUE_PROV = densify_meanders(BLUE_BASE, BLUE_BASE_PROV, MEANDER_M) if MEANDER_M > 0 else (BLUE_BASE, BLUE_BASE_PROV)

# ---------------------------------------------------------------------------------------------
# Litani
# ---------------------------------------------------------------------------------------------
LITANI_SPEC = [
    ("g", "litani-source"),
    ("s", 33.9700, 36.0500, "Bekaa valley, SW of the source"),
    ("s", 33.9150, 35.9950, ""),
    ("s", 33.8600, 35.9500, ""),
    ("s", 33.8050, 35.9150, "E of Zahle (not in gazetteer)"),
    ("s", 33.7450, 35.8700, ""),
    ("s", 33.6850, 35.8200, ""),
    ("s", 33.6300, 35.7800, ""),
    ("s", 33.5900, 35.7450, "Lake Qaraoun, N end"),
    ("g", "qaraoun"),
    ("s", 33.5300, 35.7050, "below Qaraoun dam"),
    ("s", 33.4950, 35.6800, ""),
    ("s", 33.4600, 35.6450, ""),
    ("s", 33.4250, 35.6050, ""),
    ("s", 33.3950, 35.5750, ""),
    ("s", 33.3700, 35.5580, "W of Marjayoun"),
    ("s", 33.3480, 35.5470, "E of Arnoun, W of Qlayaa"),
    ("s", 33.3280, 35.5410, "gorge below the E cliff of Beaufort Castle"),
    ("s", 33.3080, 35.5385, "between Yohmor (W bank) and Deir Mimas (E bank)"),
    ("s", 33.2960, 35.5370, ""),
    ("s", 33.2905, 35.5320, "westward bend (gazetteer: UNVERIFIED, no coordinate)"),
    ("s", 33.2920, 35.5200, ""),
    ("s", 33.3000, 35.5000, ""),
    ("s", 33.3050, 35.4780, ""),
    ("s", 33.3120, 35.4550, ""),
    ("s", 33.3180, 35.4300, ""),
    ("s", 33.3250, 35.4000, ""),
    ("s", 33.3300, 35.3700, ""),
    ("s", 33.3340, 35.3400, ""),
    ("s", 33.3330, 35.3100, ""),
    ("s", 33.3360, 35.2800, ""),
    ("s", 33.3380, 35.2620, "Qasmiyeh reach"),
    ("g", "litani-mouth"),
]
LITANI, LITANI_PROV = build_vertices(LITANI_SPEC)
LITANI_BEND_INDEX = next(i for i, p in enumerate(LITANI_PROV) if "westward bend" in p)
LITANI_MARJAYOUN_INDEX = next(i for i, p in enumerate(LITANI_PROV) if "W of Marjayoun" in p)

# Coast from the Litani mouth south to Ras Naqoura (sketch; sea to the west).
COAST_SOUTH = [
    (33.3200, 35.2330), (33.3000, 35.2170), (33.2830, 35.2000), (33.2760, 35.1880), (33.2660, 35.1930),
    (33.2450, 35.2080), (33.2200, 35.2080), (33.1900, 35.1920), (33.1550, 35.1650), (33.1250, 35.1300),
    (33.1050, 35.1130),
]

# ---------------------------------------------------------------------------------------------
# Truces (facts.txt F5, F9, F10)
# ---------------------------------------------------------------------------------------------
F5_URL = "timesofisrael.com/israel-and-lebanon-extend-truce... (URL truncated as in facts.txt F5); nationpress"
F9_URLS = ("news.hanna-ai.com/en/article/trump-israel-lebanon-ceasefire-extension; "
           "channelafrica.co.za 2026-04-24 'Israel, Lebanon agree to extend ceasefire for three weeks'")
F9_MAY_URLS = ("news.hanna-ai.com/en/article/lebanon-israel-ceasefire-extension; "
               "news.hanna-ai.com/en/article/israel-lebanon-ceasefire-extension-5; Tagesschau (45 days)")
F10_URL = "belganewsagency.eu/israel-and-lebanon-agree-to-10-day-ceasefire-trump-says"

TRUCES = [
    {
        "slug": "coh-2024",
        "name": "Israel–Lebanon cessation of hostilities (27 Nov 2024)",
        "name_ar": "وقف الأعمال العدائية بين إسرائيل ولبنان (27 تشرين الثاني 2024)",
        "name_he": "הפסקת פעולות האיבה בין ישראל ללבנון (27 בנובמבר 2024)",
        "start": "2024-11-27T02:00:00Z",
        "end": "2025-01-26T02:00:00Z",
        "parties": ["Israel", "Lebanon"],
        "scope": None,
        "extensions": [{
            "announcedAt": "2025-01-26T12:00:00Z",
            "previousEnd": "2025-01-26T02:00:00Z",
            "newEnd": "2025-02-18T22:00:00Z",
            "source": "F5: White House extended the withdrawal arrangement to 18 Feb 2025 — " + F5_URL,
            "confidence": "high",
            "notes": "Date from F5. Time of day not sourced: announcedAt is noon UTC of 26 Jan 2025 (the "
                     "announcement came after the original deadline had passed); newEnd is read as the end of "
                     "18 Feb 2025 local time (UTC+2).",
        }],
        "source": "F5 (facts.txt): ceasefire began 27 Nov 2024, US+France brokered, 60-day IDF withdrawal, deadline "
                  "26 Jan 2025, extended to 18 Feb 2025 — " + F5_URL + "; F8 (Lebanese envoy: agreed 26 Nov 2024) — "
                  "tass.com/world/2008699",
        "method": "start = 04:00 local (UTC+2) on 27 Nov 2024, the widely reported entry into force (the hour is not "
                  "in facts.txt); end = start + 60 days (the withdrawal period, F5) = 04:00 local on 26 Jan 2025.",
        "approximate": False,
        "notes": "Modelled as the 60-day withdrawal period and its extension; the cessation of hostilities itself "
                 "was not declared ended on 18 Feb 2025 and the IDF kept five posts afterwards (F7). 26 Jan 2025: "
                 "22 killed, 124 wounded (F5).",
    },
    {
        "slug": "ceasefire-2026-04",
        "name": "Israel–Lebanon 10-day ceasefire (16 Apr 2026) and extensions",
        "name_ar": "وقف إطلاق النار بين إسرائيل ولبنان لمدة 10 أيام (16 نيسان 2026) وتمديداته",
        "name_he": "הפסקת אש בת 10 ימים בין ישראל ללבנון (16 באפריל 2026) והארכותיה",
        "start": "2026-04-16T21:00:00Z",
        "end": "2026-04-26T21:00:00Z",
        "parties": ["Israel", "Lebanon"],
        "scope": None,
        "extensions": [
            {
                "announcedAt": "2026-04-23T12:00:00Z",
                "previousEnd": "2026-04-26T21:00:00Z",
                "newEnd": "2026-05-17T21:00:00Z",
                "source": "F9/F10: three-week extension announced 23 Apr 2026 after the White House meeting of "
                          "ambassadors Leiter and Moawad — " + F9_URLS + "; ebiztoday.news 2026-04-24 (Global News)",
                "confidence": "medium",
                "notes": "newEnd = previousEnd + 21 days. Time of day of the announcement not sourced (noon UTC used).",
            },
            {
                "announcedAt": "2026-05-15T12:00:00Z",
                "previousEnd": "2026-05-17T21:00:00Z",
                "newEnd": "2026-06-07T21:00:00Z",
                "source": "F9/F10: further extension announced 15 May 2026 with 'pilot' security zones — " + F9_MAY_URLS,
                "confidence": "low",
                "notes": "LOW SOURCE QUALITY (aggregators, F9 'low-medium'). Length conflicts: three weeks (hanna-ai, "
                         "SZ) is used here; Tagesschau reports 45 days, which would give newEnd 2026-07-01T21:00:00Z. "
                         "The 'pilot' security zones are not modelled (no geometry in the sources).",
            },
        ],
        "source": "F10 (facts.txt): 16 Apr 2026 Trump announced a 10-day Israel–Lebanon ceasefire starting 21:00 GMT — "
                  + F10_URL + "; F9 (initial ceasefire reportedly declared ~17 Apr 2026, i.e. 00:00 local)",
        "method": "start = 21:00 GMT 16 Apr 2026 (F10); end = start + 10 days = 21:00 GMT 26 Apr 2026 (00:00 local "
                  "on Monday 27 Apr, matching 'due to expire Mon', F10).",
        "approximate": False,
        "notes": "End in force = newEnd of the last extension (2026-06-07T21:00:00Z, low confidence); without the "
                 "15 May extension it is 2026-05-17T21:00:00Z.",
    },
]


def parse_t(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def fmt_t(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def end_in_force(tr):
    return tr["extensions"][-1]["newEnd"] if tr["extensions"] else tr["end"]


# ---------------------------------------------------------------------------------------------
# Zones
# ---------------------------------------------------------------------------------------------
def interp_lat(a, b, lat):
    f = (lat - a[0]) / (b[0] - a[0])
    return (lat, a[1] + f * (b[1] - a[1]))


def blue_index(lat, lon):
    return BLUE.index((rnd(lat), rnd(lon)))


def build_area_1701():
    i_m = LITANI_MARJAYOUN_INDEX
    ring = list(BLUE)                                            # south edge: the Blue Line, W -> E
    # eastern closure (sketch): straight W from the Blue Line's east end to the Litani at 33.37N
    ring += LITANI[i_m:]                                         # Litani downstream from W of Marjayoun to the mouth
    ring += COAST_SOUTH                                          # coast back to Ras Naqoura
    return close_ring(ring)


def coast_point_at(lat):
    pts = [LITANI[-1]] + COAST_SOUTH + [BLUE[0]]
    for a, b in zip(pts, pts[1:]):
        if (a[0] - lat) * (b[0] - lat) <= 0 and a[0] != b[0]:
            return interp_lat(a, b, lat)
    raise ValueError(lat)


SPLIT_W_E = blue_index(33.0990, 35.4640)     # withdrawal sectors meet here (N of Avivim)
GHAJAR_I = BLUE.index((rnd(g("ghajar")[0]), rnd(g("ghajar")[1])))


def build_withdrawal_west():
    ring = BLUE[:SPLIT_W_E + 1]
    ring += [(33.1300, 35.4600), (33.2000, 35.4600), coast_point_at(33.2000)]
    ring += [p for p in COAST_SOUTH if p[0] < 33.2000]
    return close_ring(ring)


def build_withdrawal_east():
    ring = BLUE[SPLIT_W_E:GHAJAR_I + 1]
    ring += [(33.3450, 35.6250), (33.3450, 35.5850), (33.3000, 35.5520), (33.2650, 35.5200),
             (33.2000, 35.4600), (33.1300, 35.4600)]
    return close_ring(ring)


def build_valley():
    start = next(i for i, p in enumerate(LITANI) if p == (33.4950, 35.6800))
    ring = offset_polygon(LITANI[start:], 1200.0)
    return close_ring(ring)


POSTS = [  # F7: five IDF hilltop posts retained after 18 Feb 2025 -- no coordinates in the sources
    ("idf-post-labbouneh", "hill near Labbouneh (opposite Shlomi)", ["shlomi"],
     "تلة قرب اللبونة (مقابل شلومي)", "גבעה ליד לבונה (מול שלומי)"),
    ("idf-post-jabal-blat", "Jabal Blat (opposite Zar'it)", ["zarit"],
     "جبل بلاط (مقابل زرعيت)", "ג'בל בלאט (מול זרעית)"),
    ("idf-post-jal-al-deir", "Jal al-Deir hill (opposite Avivim and Malkia)", ["avivim", "malkia"],
     "تلة جل الدير (مقابل أفيفيم والمالكية)", "ג'ל א-דיר (מול אביבים ומלכיה)"),
    ("idf-post-markaba-hula", "hill on the Markaba–Hula road (opposite Margaliot)", ["margaliot"],
     "تلة على طريق مركبا - حولا (مقابل مرغليوت)", "גבעה בכביש מרכבא–חולה (מול מרגליות)"),
    ("idf-post-hamames", "Hamames hill (opposite Metula)", ["metula"],
     "تلة الحمامص (مقابل المطلة)", "גבעת חמאמס (מול מטולה)"),
]
POST_RADIUS_M = 2500.0


def nearest_point_on_blue(p):
    d, i, t = nearest_on_polyline(p, BLUE)
    a, b = BLUE[i], BLUE[i + 1]
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def build_post(keys):
    ref = (sum(g(k)[0] for k in keys) / len(keys), sum(g(k)[1] for k in keys) / len(keys))
    c = nearest_point_on_blue(ref)
    disc = [to_xy(destination(c, POST_RADIUS_M, 90 - 5 * k), c) for k in range(72)]   # CCW in x/y
    north_region = list(BLUE) + [(34.2, BLUE[-1][1]), (34.2, 34.9), (BLUE[0][0], 34.9)]
    subj = [to_xy(p, c) for p in north_region]
    if ring_area_m2(north_region) < 0:
        subj.reverse()
    clipped = clip_convex(subj, disc)
    ring = close_ring([from_xy(x, y, c) for x, y in clipped])
    return ring, c


# ---------------------------------------------------------------------------------------------
# Corridors (illustrative, not sourced)
# ---------------------------------------------------------------------------------------------
CORRIDORS = [
    {
        "slug": "tyre-naqoura-coastal",
        "name": "Tyre – Naqoura coastal road",
        "name_ar": "الطريق الساحلي صور - الناقورة",
        "name_he": "כביש החוף צור – נקורה",
        "route": [g("tyre"), (33.2550, 35.2120), (33.2250, 35.2160), (33.1950, 35.2020), (33.1600, 35.1760),
                  (33.1350, 35.1470), g("naqoura")],
        "ends": ["tyre", "naqoura"],
        "widthM": 1000,
        "status": "open",
        "operator": "UNIFIL / LAF",
        "windows": [("2024-11-28T06:00:00Z", "2025-01-25T16:00:00Z"),
                    ("2025-01-28T06:00:00Z", "2025-02-18T16:00:00Z"),
                    ("2026-04-17T06:00:00Z", "2026-06-07T16:00:00Z")],
    },
    {
        "slug": "nabatieh-marjayoun-khardali",
        "name": "Nabatieh – Marjayoun via the Khardali road (below Beaufort)",
        "name_ar": "النبطية - مرجعيون عبر طريق الخردلي",
        "name_he": "נבטיה – מרג'עיון דרך כביש ח'רדלי",
        "route": [g("nabatieh"), (33.3480, 35.5000), (33.3330, 35.5150), (33.3170, 35.5260), (33.3140, 35.5450),
                  (33.3180, 35.5550), g("qlayaa"), (33.3450, 35.5800), g("marjayoun")],
        "ends": ["nabatieh", "marjayoun"],
        "widthM": 500,
        "status": "suspended",
        "operator": "ICRC",
        "windows": [("2024-12-02T05:00:00Z", "2024-12-22T15:00:00Z"),
                    ("2025-01-06T05:00:00Z", "2025-01-24T15:00:00Z"),
                    ("2026-04-18T05:00:00Z", "2026-04-26T15:00:00Z")],
    },
    {
        "slug": "tyre-bint-jbeil",
        "name": "Tyre – Bint Jbeil",
        "name_ar": "صور - بنت جبيل",
        "name_he": "צור – בינת ג'בייל",
        "route": [g("tyre"), (33.2600, 35.2400), (33.2450, 35.2900), (33.2200, 35.3350), (33.1900, 35.3800),
                  (33.1600, 35.4150), g("bint-jbeil")],
        "ends": ["tyre", "bint-jbeil"],
        "widthM": 2000,
        "status": "closed",
        "operator": "UNIFIL / LAF / ICRC",
        "windows": [("2024-12-10T05:00:00Z", "2025-01-10T15:00:00Z"),
                    ("2025-02-01T05:00:00Z", "2025-02-15T15:00:00Z"),
                    ("2026-04-20T05:00:00Z", "2026-05-10T15:00:00Z")],
    },
]
for c in CORRIDORS:
    c["route"] = [(rnd(a), rnd(b)) for a, b in c["route"]]

# ---------------------------------------------------------------------------------------------
# ACLED codes (acled-codes.md)
# ---------------------------------------------------------------------------------------------
ACLED = {
    "Battles": ["Government regains territory", "Non-state actor overtakes territory", "Armed clash"],
    "Protests": ["Excessive force against protesters", "Protest with intervention", "Peaceful protest"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
IDF = "Military Forces of Israel (2022-)"
LAF = "Military Forces of Lebanon (2021-)"
HEZ = "Hezbollah"
UNIFIL = "UNIFIL: United Nations Interim Force in Lebanon"
CIV_LB = "Civilians (Lebanon)"
CIV_IL = "Civilians (Israel)"
PROT_LB = "Protesters (Lebanon)"
PROT_IL = "Protesters (Israel)"
RIOT_LB = "Rioters (Lebanon)"

SYNTH = "Synthetic sample incident for testing; not a real event."
REGION_BBOX = [35.0, 32.9, 36.2, 34.1]   # lon_min, lat_min, lon_max, lat_max

# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_fc(path, features):
    out = ['{"type":"FeatureCollection","features":[']
    for i, f in enumerate(features):
        out.append(dumps(f) + ("," if i < len(features) - 1 else ""))
    out.append("]}")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(out) + "\n")


def feature(geom, props):
    return {"type": "Feature", "properties": props, "geometry": geom}


def polygon(ring):
    if not ring_simple(ring):
        raise SystemExit("generated polygon ring self-intersects")
    return {"type": "Polygon", "coordinates": [lonlat(ring)]}


# ---------------------------------------------------------------------------------------------
# Build layers
# ---------------------------------------------------------------------------------------------
def build_lines(log):
    blue_len = line_length_m(BLUE) / 1000
    base_len = line_length_m(BLUE_BASE) / 1000
    lit_len = line_length_m(LITANI) / 1000
    n_g = sum(1 for p in BLUE_PROV if p.startswith("gazetteer"))
    n_m = sum(1 for p in BLUE_PROV if p.startswith("midpoint"))
    n_s = sum(1 for p in BLUE_PROV if p.startswith("sketch"))
    n_w = sum(1 for p in BLUE_PROV if p.startswith("meander"))
    log(f"Blue Line: {len(BLUE)} vertices ({n_g} gazetteer, {n_m} LB/IL midpoints, {n_s} sketch, {n_w} meander), "
        f"length {blue_len:.1f} km (haversine, R={R_EARTH:.1f} m); {base_len:.1f} km without the meander vertices")
    log(f"Litani: {len(LITANI)} vertices, length {lit_len:.1f} km")
    mid_keys = sorted({k for v in BLUE_LINE_SPEC if v[0] in "gm" for k in v[1:]})
    blue = feature({"type": "LineString", "coordinates": lonlat(BLUE)}, {
        "slug": "blue-line",
        "name": "Blue Line (UN line of withdrawal, 2000)",
        "name_ar": "الخط الأزرق",
        "name_he": "הקו הכחול",
        "kind": "blue_line",
        "lengthKm": round(blue_len, 1),
        "lengthKmWithoutMeanders": round(base_len, 1),
        "source": "gazetteer.csv (" + GAZ_REF + "): " + gaz_ref(*mid_keys) +
                  "; length ~120 km: facts.txt F1 (CRS 'UNIFIL' 2021; achrafiehnews)",
        "method": (f"SKETCH, not the surveyed Blue Line. Drawn WEST TO EAST from Ras Naqoura (gazetteer point) to "
                   f"the W slopes of Mount Hermon so that the left-hand side is the Lebanese side. {len(BLUE)} "
                   f"vertices, straight segments: {n_g} gazetteer points (Ras Naqoura; Ghajar, which the line "
                   f"splits); {n_m} midpoints between paired Lebanese/Israeli neighbours from the gazetteer; "
                   f"{n_s} hand-placed sketch vertices that follow the general course (the Zar'it salient, the loop "
                   f"N of Avivim, the ridge E of Mays al-Jabal, the Metula 'finger', then NE along the NW edge of the "
                   f"Shebaa Farms); the sketch vertices and the eastern end are NOT sourced and may be 1-2 km off. "
                   f"Known simplification: between the Metula 'finger' and Ghajar the real line runs S down the "
                   f"finger's E side to the Hasbani and back N up the river to Ghajar (" + HASBANI_SRC + "); the "
                   f"sketch cuts straight across that narrow Lebanese wedge, because the wedge is not in the reference "
                   f"sources and because such a narrow spike makes one-sided PostGIS/GEOS buffers (ST_Buffer "
                   f"'side=left'/'side=right', as used for the north/south buffers) include wrong-side slivers "
                   f"(tested with PostGIS 3.3)" +
                   (f"; plus {n_w} procedural meander vertices (one per segment, alternately left and right, up to "
                    f"{MEANDER_M:.0f} m) that add length but no information" if n_w else "") +
                   f". Length {blue_len:.1f} km (haversine), SHORTER than the ~120 km of the UN (F1; the UN line "
                   f"has 198 points): the fine windings of the real line are not known from the sources and are not "
                   f"invented here. Checked: every LB gazetteer place lies left (north), every IL place and the "
                   f"IL-held Shebaa Farms centroid right (south), Ghajar on the line. Replace with an authoritative "
                   f"line when one is available."),
        "approximate": True,
        "vertexProvenance": BLUE_PROV,
    })
    litani = feature({"type": "LineString", "coordinates": lonlat(LITANI)}, {
        "slug": "litani",
        "name": "Litani river",
        "name_ar": "نهر الليطاني",
        "name_he": "נהר הליטני",
        "kind": "river",
        "lengthKm": round(lit_len, 1),
        "source": "gazetteer.csv (" + GAZ_REF + "): " + gaz_ref("litani-source", "qaraoun", "beaufort", "deir-mimas",
                                                              "arnoun", "qlayaa", "litani-mouth") +
                  "; course and lengths: facts.txt F12 (>140 km en.wikipedia; 160-170 km Litani River Authority)",
        "method": ("Downstream, from the el-Oleik springs W of Baalbek (gazetteer) SW through the Bekaa to Lake "
                   "Qaraoun (gazetteer village used as proxy for the reservoir), S through the gorge E of Beaufort "
                   "Castle -- the castle stands on the WEST bank, on the cliff above the river (gazetteer: cliff on "
                   "its east side; Deir Mimas and Qlayaa lie on the east bank, Arnoun on the west bank) -- to the "
                   "westward bend (gazetteer: UNVERIFIED, no coordinate), then W along the Qasmiyeh reach to the "
                   "mouth N of Tyre (gazetteer). Only the source, Qaraoun and the mouth are sourced points; all "
                   f"other {len(LITANI) - 3} vertices are hand-placed approximations of the course (errors of 1 km "
                   f"or more possible), straight segments. Length {lit_len:.1f} km here vs >140-170 km in the "
                   "sources (F12): the sketch omits the meanders."),
        "approximate": True,
        "vertexProvenance": LITANI_PROV,
    })
    return [blue, litani], blue_len


def build_zones(log):
    zones = []
    a1701 = build_area_1701()
    area_1701 = ring_area_m2(a1701[:-1]) / 1e6
    log(f"UNSC 1701 area: {area_1701:.0f} km2 ({len(a1701) - 1} vertices)")
    zones.append(feature(polygon(a1701), {
        "slug": "unsc-1701-area",
        "name": "Area between the Blue Line and the Litani (UNSC resolution 1701)",
        "name_ar": "المنطقة الواقعة بين الخط الأزرق ونهر الليطاني (قرار مجلس الأمن 1701)",
        "name_he": "האזור שבין הקו הכחול לנהר הליטני (החלטת מועצת הביטחון 1701)",
        "kind": "area_of_operations",
        "validFrom": "2006-08-11T00:00:00Z",
        "validTo": None,
        "areaKm2": round(area_1701, 1),
        "source": "facts.txt F6 (res. 1701 adopted 11 Aug 2006: area between the Blue Line and the Litani free of "
                  "armed personnel other than LAF and UNIFIL; CRS, KUNA); F3 (area 850 km2 KUNA 2006 - 1,060 km2 "
                  "UNIFIL AO; >650 km2 WaPo); geometry from the blue-line and litani features of lines.geojson",
        "method": ("Southern edge = the blue-line vertices exactly (W to E). Northern edge = the litani vertices "
                   "from the mouth upstream to the westward bend and on up the N-S reach to the point W of "
                   "Marjayoun (33.37N). Eastern closure (a GeoMonitor construction, not a legal or UN boundary): "
                   "from there due E along 33.37N and SE to the Blue Line's eastern end, so that the Lebanese places "
                   "E of the Litani's N-S course and S of 33.37N (Marjayoun, Qlayaa, Deir Mimas, Khiam, Kfarchouba, "
                   "Shebaa) fall inside; Hasbaya and the N-S Litani valley N of 33.37N are outside. Western edge = "
                   f"a sketch of the coastline. Area {area_1701:.0f} km2 (sinusoidal equal-area projection); "
                   "sources give 850-1,060 km2 (F3)."),
        "approximate": True,
    }))
    valley = build_valley()
    area_v = ring_area_m2(valley[:-1]) / 1e6
    log(f"Litani valley: {area_v:.0f} km2")
    zones.append(feature(polygon(valley), {
        "slug": "litani-valley",
        "name": "Litani valley (southern course)",
        "name_ar": "وادي الليطاني (المجرى الجنوبي)",
        "name_he": "עמק הליטני (המהלך הדרומי)",
        "kind": "valley",
        "validFrom": None,
        "validTo": None,
        "areaKm2": round(area_v, 1),
        "source": "litani feature of lines.geojson (see its sources); Beaufort, Deir Mimas, Arnoun from gazetteer.csv",
        "method": ("Band of 1.2 km on each side of the litani line (mitred joins, flat ends) from below Qaraoun "
                   "(33.495N) through the gorge below Beaufort and the westward bend to the mouth; the width is a "
                   "choice (valley floor and lower slopes), not a surveyed valley outline."),
        "approximate": True,
    }))
    names_side = {"north": ("north of", "شمال", "מצפון ל"), "south": ("south of", "جنوب", "מדרום ל")}
    for metres in (1000, 2000, 5000):
        km = metres // 1000
        for side in ("north", "south"):
            en, ar, he = names_side[side]
            zones.append(feature(None, {
                "slug": f"blue-line-{side}-{km}km",
                "name": f"{km} km band {en} the Blue Line",
                "name_ar": f"شريط بعرض {km} كم {ar} الخط الأزرق",
                "name_he": f"רצועה ברוחב {km} ק\"מ {he}קו הכחול",
                "kind": "buffer",
                "bufferOf": {"line": "blue-line", "metres": metres, "side": side},
                "validFrom": None,
                "validTo": None,
                "source": "derived from the blue-line feature of lines.geojson",
                "method": (f"Computed by GeoMonitor at load time: one-sided buffer of {metres} m on the "
                           f"{'left (Lebanese)' if side == 'north' else 'right (Israeli)'} side of the blue-line, in "
                           "UTM 36N (EPSG:32636). Inherits the approximation of the blue-line sketch."),
                "approximate": True,
            }))
    coh = TRUCES[0]
    w = build_withdrawal_west()
    e = build_withdrawal_east()
    aw, ae = ring_area_m2(w[:-1]) / 1e6, ring_area_m2(e[:-1]) / 1e6
    log(f"Withdrawal phase 1 (west): {aw:.0f} km2; phase 2 (east): {ae:.0f} km2")
    wd_common = ("The split into two sectors and the assignment of the original deadline to phase 1 and the "
                 "extended deadline to phase 2 are ILLUSTRATIVE (a GeoMonitor test construct): the sources (F5) give "
                 "one 60-day withdrawal deadline, 26 Jan 2025, extended to 18 Feb 2025, for the whole area.")
    zones.append(feature(polygon(w), {
        "slug": "withdrawal-phase1-west",
        "name": "Withdrawal zone, phase 1: western sector (Naqoura – Bint Jbeil)",
        "name_ar": "منطقة الانسحاب، المرحلة 1: القطاع الغربي (الناقورة - بنت جبيل)",
        "name_he": "אזור נסיגה, שלב 1: הגזרה המערבית (נקורה – בינת ג'בייל)",
        "kind": "withdrawal",
        "phase": 1,
        "deadline": coh["end"],
        "validFrom": coh["start"],
        "validTo": end_in_force(coh),
        "areaKm2": round(aw, 1),
        "source": "facts.txt F5 (27 Nov 2024 cessation of hostilities, 60-day IDF withdrawal, deadline 26 Jan 2025, "
                  "extended to 18 Feb 2025); geometry from blue-line and gazetteer.csv (" +
                  gaz_ref("naqoura", "bint-jbeil") + ")",
        "method": ("South edge = blue-line vertices from Ras Naqoura to the vertex N of Avivim; E edge N along "
                   "35.46E (E of Bint Jbeil) to 33.20N; N edge along 33.20N (S of Tyre) to the coast; W edge = the "
                   "coast sketch of unsc-1701-area. " + wd_common),
        "approximate": True,
    }))
    zones.append(feature(polygon(e), {
        "slug": "withdrawal-phase2-east",
        "name": "Withdrawal zone, phase 2: eastern sector (Bint Jbeil – Khiam)",
        "name_ar": "منطقة الانسحاب، المرحلة 2: القطاع الشرقي (بنت جبيل - الخيام)",
        "name_he": "אזור נסיגה, שלב 2: הגזרה המזרחית (בינת ג'בייל – ח'יאם)",
        "kind": "withdrawal",
        "phase": 2,
        "deadline": end_in_force(coh),
        "validFrom": coh["start"],
        "validTo": end_in_force(coh),
        "areaKm2": round(ae, 1),
        "source": "facts.txt F5; geometry from blue-line and gazetteer.csv (" + gaz_ref("bint-jbeil", "khiam", "ghajar") + ")",
        "method": ("South edge = blue-line vertices from N of Avivim to Ghajar; then N to 33.345N (N of Khiam), W to "
                   "35.585E (S of Marjayoun), SW keeping >= 1 km E/S of the Litani bend, and back along 35.46E. "
                   + wd_common),
        "approximate": True,
    }))
    for slug, label, keys, ar, he in POSTS:
        ring, c = build_post(keys)
        ap = ring_area_m2(ring[:-1]) / 1e6
        log(f"Post area {slug}: {ap:.1f} km2 centred {c[0]:.4f},{c[1]:.4f}")
        opp = " and ".join(GAZ[k]["name"] for k in keys)
        zones.append(feature(polygon(ring), {
            "slug": slug,
            "name": f"Retained IDF post — {label} (approximate search area, NOT the post's position)",
            "name_ar": f"موقع للجيش الإسرائيلي مُبقى عليه — {ar} (منطقة تقريبية)",
            "name_he": f"מוצב צה\"ל שנותר — {he} (אזור משוער)",
            "kind": "retained_post",
            "validFrom": end_in_force(coh),
            "validTo": None,
            "radiusM": int(POST_RADIUS_M),
            "areaKm2": round(ap, 1),
            "source": "facts.txt F7 (five IDF hilltop posts retained after 18 Feb 2025; timesofisrael.com/idf-to-remain-"
                      "in-five-strategic-posts...; thisisprod.e4a.fr/articles/1308527) -- NO coordinates in the "
                      "sources; " + gaz_ref(*keys),
            "method": (f"The sources name the post only as lying opposite {opp}. Drawn as a {POST_RADIUS_M / 1000:.1f} "
                       f"km circle centred on the point of the blue-line nearest to {opp}, clipped to the Lebanese "
                       "(north) side of the blue-line. It marks where the post probably is, not its footprint; the "
                       "post may lie outside it. Do not use for anything but coarse filtering."),
            "approximate": True,
        }))
    return zones, area_1701


def build_corridors(log):
    out = []
    for c in CORRIDORS:
        L = line_length_m(c["route"]) / 1000
        log(f"Corridor {c['slug']}: {L:.1f} km, width {c['widthM']} m")
        out.append(feature({"type": "LineString", "coordinates": lonlat(c["route"])}, {
            "slug": c["slug"],
            "name": c["name"],
            "name_ar": c["name_ar"],
            "name_he": c["name_he"],
            "widthM": c["widthM"],
            "status": c["status"],
            "operator": c["operator"],
            "windows": [{"from": a, "to": b} for a, b in c["windows"]],
            "lengthKm": round(L, 1),
            "source": "ILLUSTRATIVE, not a sourced corridor. End points from gazetteer.csv: " + gaz_ref(*c["ends"]) +
                      ("; Khardali bridge: gazetteer UNVERIFIED (no coordinate)" if "khardali" in c["slug"] else ""),
            "method": ("Illustrative humanitarian corridor for testing: the route runs between gazetteer end points "
                       "through hand-placed vertices that approximate the road (not surveyed); widthM, status, "
                       "operator and the opening windows are invented to overlap the truce periods of truces.json "
                       "(some open during a truce, some closed for part of it). status is the last declared state."),
            "approximate": True,
            "illustrative": True,
        }))
    return out


# ---------------------------------------------------------------------------------------------
# Incidents
# ---------------------------------------------------------------------------------------------
def build_sites():
    """Places incidents are attached to. kind: lb-border, lb-deep, il, disputed, split, route, approx."""
    S = []

    def site(key, kind, weight, coastal=False, p1=True):
        p = GAZ[key]
        S.append({"location": p["name"], "lat": p["lat"], "lon": p["lon"], "kind": kind, "weight": weight,
                  "gaz": key, "coastal": coastal, "p1": p1,
                  "side": {"IL": -1}.get(p["side"], 1 if p["side"] == "LB" else 0),
                  "approxSource": p["status"] not in ("verified", "verified-secondary"),
                  "note": ""})

    for k in ["alma", "ayta", "rmaish", "yaroun", "maroun", "bint-jbeil", "aitaroun", "blida", "mays", "houla",
              "markaba", "odaisseh", "kfar-kila", "khiam"]:
        site(k, "lb-border", 3)
    site("naqoura", "lb-border", 3, coastal=True)
    site("kfarchouba", "lb-border", 2)
    site("shebaa", "lb-border", 2)
    site("ghajar", "split", 2, p1=False)
    for k, w in [("nabatieh", 2), ("shukin", 3), ("arnoun", 2), ("beaufort", 3), ("deir-mimas", 2), ("qlayaa", 2),
                 ("marjayoun", 2), ("qaraoun", 1)]:
        site(k, "lb-deep", w)
    site("tyre", "lb-deep", 2, coastal=True)
    site("litani-mouth", "lb-deep", 1, coastal=True, p1=False)
    for k, w in [("shlomi", 2), ("zarit", 2), ("avivim", 2), ("malkia", 2), ("margaliot", 2), ("misgav-am", 2),
                 ("metula", 3), ("kiryat-shmona", 3)]:
        site(k, "il", w)
    site("nahariya", "il", 1, coastal=True)
    site("shebaa-farms", "disputed", 2, p1=False)
    S[-1]["side"] = -1          # IL-held (south/right of the Blue Line)
    # Places with NO coordinate in the gazetteer: explicit approximate stand-in positions (geoPrecision 3).
    zaw = destination(LITANI[LITANI_BEND_INDEX + 2], 600, 0)     # N bank of the Litani, ~3.5 km WSW of Beaufort
    yoh = destination(g("beaufort"), 2400, 190)                  # ~2.4 km S of Beaufort, W bank of the N-S reach
    S.append({"location": "Zawtar al-Sharqieh", "lat": zaw[0], "lon": zaw[1], "kind": "approx", "weight": 3,
              "gaz": None, "coastal": False, "p1": False, "side": 1, "approxSource": True,
              "note": "Coordinate UNSOURCED (gazetteer: UNVERIFIED, 'riverside (Litani) municipality, Nabatieh "
                      "district'): placed on the N bank of the Litani ~3.5 km WSW of Beaufort Castle as a regional "
                      "stand-in."})
    S.append({"location": "Yohmor al-Shaqif", "lat": yoh[0], "lon": yoh[1], "kind": "approx", "weight": 2,
              "gaz": None, "coastal": False, "p1": False, "side": 1, "approxSource": True,
              "note": "Coordinate UNSOURCED (gazetteer: UNVERIFIED, '~2 miles S of Beaufort on hills of the Litani's "
                      "west bank'): placed ~2.4 km S of Beaufort Castle, W of the river, as a regional stand-in."})
    lv = destination(LITANI[LITANI_BEND_INDEX + 4], 350, 200)
    S.append({"location": "Litani valley", "lat": lv[0], "lon": lv[1], "kind": "approx", "weight": 2, "gaz": None,
              "coastal": False, "p1": False, "side": 1, "approxSource": True,
              "note": "Region-level report ('the Litani valley'): point on the valley floor W of the bend used as the "
                      "nearest natural feature."})
    # Points on the illustrative corridor routes.
    for c, frac, label in [(CORRIDORS[0], 0.45, "Tyre – Naqoura coastal road (illustrative corridor route)"),
                           (CORRIDORS[1], 0.45, "Khardali road near Beaufort (illustrative corridor route)"),
                           (CORRIDORS[2], 0.5, "Tyre – Bint Jbeil road (illustrative corridor route)")]:
        p = point_along(c["route"], frac)
        S.append({"location": label, "lat": p[0], "lon": p[1], "kind": "route", "weight": 2, "gaz": None,
                  "coastal": False, "p1": False, "side": 1, "approxSource": True, "corridor": c["slug"],
                  "half": c["widthM"] / 2.0,
                  "note": f"Point on the illustrative route of corridor {c['slug']} (not a gazetteer place)."})
    return S


def point_along(route, frac):
    total = line_length_m(route)
    target = total * frac
    acc = 0.0
    for a, b in zip(route, route[1:]):
        L = haversine(a, b)
        if acc + L >= target:
            f = (target - acc) / L
            return (a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]))
        acc += L
    return route[-1]


class Boundaries:
    """Everything an incident must stay clear of (tests place their own boundary points)."""

    def __init__(self, zone_rings):
        self.rings = zone_rings
        self.routes = [(c["route"], c["widthM"] / 2.0) for c in CORRIDORS]

    def margin(self, p):
        d_blue = nearest_on_polyline(p, BLUE)[0]
        m = min(d_blue, abs(d_blue - 1000), abs(d_blue - 2000), abs(d_blue - 5000))
        for ring in self.rings:
            m = min(m, nearest_on_polyline(p, ring)[0])
        for route, half in self.routes:
            m = min(m, abs(nearest_on_polyline(p, route)[0] - half))
        return m


def weighted(rng, items):
    total = sum(w for w, _ in items)
    x = rng.random() * total
    for w, it in items:
        x -= w
        if x < 0:
            return it
    return items[-1][1]


FAT = {
    "Air/drone strike": [(40, 0), (25, 1), (15, 2), (10, 3), (5, 4), (5, 5)],
    "Shelling/artillery/missile attack": [(55, 0), (25, 1), (12, 2), (5, 3), (3, 4)],
    "Armed clash": [(30, 0), (25, 1), (20, 2), (12, 3), (8, 4), (5, 5)],
    "Attack": [(15, 0), (50, 1), (25, 2), (10, 3)],
    "Remote explosive/landmine/IED": [(60, 0), (30, 1), (10, 2)],
    "Grenade": [(90, 0), (10, 1)],
}


def pick_event(rng, site, phase):
    """ACLED event for a site and a period phase ('hostilities' or 'truce')."""
    k = site["kind"]
    if k in ("il",):
        if phase == "hostilities":
            opts = [(30, ("Explosions/Remote violence", "Shelling/artillery/missile attack", HEZ, CIV_IL)),
                    (12, ("Explosions/Remote violence", "Air/drone strike", HEZ, IDF)),
                    (18, ("Strategic developments", "Disrupted weapons use", IDF, HEZ))]
        else:
            opts = [(4, ("Strategic developments", "Disrupted weapons use", IDF, HEZ)),
                    (6, ("Protests", "Peaceful protest", PROT_IL, None)),
                    (4, ("Strategic developments", "Other", IDF, None)),
                    (1, ("Explosions/Remote violence", "Shelling/artillery/missile attack", HEZ, IDF))]
    elif k == "disputed":
        opts = [(10, ("Explosions/Remote violence", "Shelling/artillery/missile attack", HEZ, IDF)),
                (6, ("Explosions/Remote violence", "Air/drone strike", IDF, HEZ)),
                (4 if phase == "truce" else 1, ("Strategic developments", "Headquarters or base established", IDF, None))]
    else:
        near_unifil = site["location"].startswith("Naqoura") or site["gaz"] in ("shebaa", "kfarchouba", "marjayoun")
        if phase == "hostilities":
            opts = [(40, ("Explosions/Remote violence", "Air/drone strike", IDF, HEZ)),
                    (14, ("Explosions/Remote violence", "Air/drone strike", IDF, CIV_LB)),
                    (18, ("Explosions/Remote violence", "Shelling/artillery/missile attack", IDF, None)),
                    (8, ("Violence against civilians", "Attack", IDF, CIV_LB)),
                    (5, ("Strategic developments", "Looting/property destruction", IDF, CIV_LB))]
            if k in ("lb-border", "split"):
                opts += [(14, ("Battles", "Armed clash", IDF, HEZ)),
                         (3, ("Battles", "Non-state actor overtakes territory", HEZ, IDF)),
                         (3, ("Battles", "Government regains territory", IDF, HEZ))]
            if near_unifil:
                opts += [(6, ("Explosions/Remote violence", "Shelling/artillery/missile attack", IDF, UNIFIL))]
        else:
            opts = [(16, ("Explosions/Remote violence", "Air/drone strike", IDF, HEZ)),
                    (5, ("Explosions/Remote violence", "Shelling/artillery/missile attack", IDF, None)),
                    (8, ("Violence against civilians", "Attack", IDF, CIV_LB)),
                    (3, ("Explosions/Remote violence", "Remote explosive/landmine/IED", IDF, CIV_LB)),
                    (2, ("Explosions/Remote violence", "Grenade", IDF, CIV_LB)),
                    (5, ("Strategic developments", "Other", UNIFIL, None)),
                    (3, ("Strategic developments", "Arrests", LAF, None)),
                    (5, ("Protests", "Peaceful protest", PROT_LB, None)),
                    (2, ("Protests", "Protest with intervention", PROT_LB, IDF)),
                    (1, ("Riots", "Violent demonstration", RIOT_LB, UNIFIL))]
            if k in ("lb-border", "split", "route"):
                opts += [(14, ("Strategic developments", "Looting/property destruction", IDF, CIV_LB)),
                         (5, ("Strategic developments", "Non-violent transfer of territory", IDF, LAF)),
                         (5, ("Strategic developments", "Headquarters or base established", LAF, None))]
            else:
                opts += [(4, ("Strategic developments", "Headquarters or base established", LAF, None))]
    ev = weighted(rng, opts)
    fat = 0
    if ev[1] in FAT:
        fat = weighted(rng, FAT[ev[1]])
    return ev, fat


def iso_week_mid(t):
    monday = (t - dt.timedelta(days=t.weekday())).replace(hour=0, minute=0, second=0)
    return monday + dt.timedelta(days=3, hours=12)


def month_mid(t):
    return t.replace(day=15, hour=12, minute=0, second=0)


def build_incidents(log, zone_rings, post_rings):
    rng = random.Random(SEED)
    sites = build_sites()
    bounds = Boundaries(zone_rings)
    A, B = TRUCES
    a0, a1 = parse_t(A["start"]), parse_t(end_in_force(A))
    b0, b1 = parse_t(B["start"]), parse_t(end_in_force(B))
    da, db = a1 - a0, b1 - b0
    buckets = [  # (name, from, to, phase, count)
        ("before coh-2024", a0 - da, a0, "hostilities", 62),
        ("during coh-2024", a0, a1, "truce", 84),
        ("after coh-2024", a1, a1 + da, "truce", 34),
        ("between", a1 + da, b0 - db, "truce", 24),
        ("before ceasefire-2026-04", b0 - db, b0, "hostilities", 62),
        ("during ceasefire-2026-04", b0, b1, "truce", 70),
        ("after ceasefire-2026-04", b1, b1 + db, "truce", 24),
    ]
    instants = set()
    for tr in TRUCES:
        instants.add(parse_t(tr["start"]))
        instants.add(parse_t(tr["end"]))
        for e in tr["extensions"]:
            instants.add(parse_t(e["newEnd"]))
    for c in CORRIDORS:
        for a, b in c["windows"]:
            instants.add(parse_t(a))
            instants.add(parse_t(b))

    def clear_time(t):
        return all(abs((t - b).total_seconds()) >= 600 for b in instants)

    incidents = []

    def place(site, prec):
        """Returns (lat, lon, geoPrecision, jitter_m) clear of every boundary."""
        base = (site["lat"], site["lon"])
        if prec == 1 and site["p1"] and bounds.margin(base) >= 60:
            return base[0], base[1], 1, 0
        if prec == 3 and site["kind"] in ("approx",) and bounds.margin(base) >= 60:
            return base[0], base[1], 3, 0
        for _ in range(200):
            if site["kind"] == "route":
                dist = 50 + rng.random() * (min(400.0, site["half"]) - 110)
            else:
                dist = 300 + rng.random() * 2200
            brg = (20 + rng.random() * 140) if site["coastal"] else rng.random() * 360
            p = destination(base, dist, brg)
            if site["side"] != 0 and side_of_polyline(p, BLUE) != site["side"]:
                continue
            if bounds.margin(p) < 60:
                continue
            return p[0], p[1], (prec if prec != 1 else 2), dist
        raise RuntimeError("could not place " + site["location"])

    def make(site, t, phase, ev=None, fat=None, prec_t=None, prec_g=None, status=None, extra=""):
        if ev is None:
            ev, fat = pick_event(rng, site, phase)
        if prec_t is None:
            prec_t = weighted(rng, [(78, 1), (16, 2), (6, 3)])
        if prec_t == 2:
            t = iso_week_mid(t)
        elif prec_t == 3:
            t = month_mid(t)
        if prec_g is None:
            prec_g = weighted(rng, [(62, 1), (38, 2)]) if site["kind"] != "approx" else 3
            if site["kind"] == "route":
                prec_g = 2
        lat, lon, gp, jit = place(site, prec_g)
        if site["kind"] == "approx":
            gp = 3
        if status is None:
            # The verification lifecycle's states (docs/verification.md): what was "verified" is published; "under_review"
            # named no observer team, so it is reported again; "disputed" was a verdict held from the public, so it is
            # under independent review (publishing it would change what anonymous readers see).
            status = weighted(rng, [(70, "published_verified"), (12, "reported"), (10, "reported"), (8, "under_independent_review")])
        notes = [SYNTH]
        if gp == 1:
            meth = f"gazetteer point of '{site['location']}' (geoPrecision 1)"
        elif site["kind"] == "approx":
            meth = f"regional stand-in position for '{site['location']}' (geoPrecision 3)"
        elif site["kind"] == "route":
            meth = f"{jit:.0f} m deterministic jitter around a point of the illustrative corridor route (geoPrecision {gp})"
        else:
            meth = (f"gazetteer point of '{site['location']}' moved by {jit:.0f} m of deterministic jitter "
                    f"(seed {SEED}) to stand for 'near {site['location']}' (geoPrecision {gp})")
        if site["note"]:
            notes.append(site["note"])
        if extra:
            notes.append(extra)
        if site["gaz"]:
            src_note = f"Place: gazetteer.csv '{site['location']}' ({GAZ[site['gaz']]['status']})."
        else:
            src_note = None
        props = {
            "source": "sample",
            "externalId": None,
            "occurredAt": fmt_t(t),
            "timePrecision": prec_t,
            "eventType": ev[0],
            "subEventType": ev[1],
            "actor1": ev[2],
            "actor2": ev[3],
            "fatalities": fat,
            "geoPrecision": gp,
            "notes": " ".join(notes + ([src_note] if src_note else [])),
            "status": status,
            "location": site["location"],
            "approximate": gp != 1 or site["approxSource"],
            "method": meth,
        }
        return {"t": t, "lat": lat, "lon": lon, "props": props}

    def sample_time(a, b):
        span = int((b - a).total_seconds())
        for _ in range(100):
            t = a + dt.timedelta(seconds=rng.randrange(span))
            if clear_time(t):
                return t
        raise RuntimeError("no clear time")

    site_weights = [(s["weight"], s) for s in sites]
    for name, a, b, phase, count in buckets:
        for _ in range(count):
            if phase == "truce":
                s = weighted(rng, [((w * 0.4 if s["kind"] == "il" else w), s) for w, s in site_weights])
            else:
                s = weighted(rng, site_weights)
            t = sample_time(a, b)
            inc = make(s, t, phase)
            if not clear_time(inc["t"]):
                inc = make(s, sample_time(a, b), phase, prec_t=1)
            incidents.append(inc)

    # Targeted incidents: corridor routes inside / outside their opening windows, truce edges.
    by_loc = {s["location"]: s for s in sites}
    for c in CORRIDORS:
        rs = next(s for s in sites if s.get("corridor") == c["slug"])
        wins = [(parse_t(a), parse_t(b)) for a, b in c["windows"]]
        for a, b in wins:
            t = a + (b - a) * (0.25 + 0.5 * rng.random())
            t = t.replace(microsecond=0)
            ev = ("Strategic developments", "Other", UNIFIL if "UNIFIL" in c["operator"] else LAF, None)
            incidents.append(make(rs, t, "truce", ev=ev, fat=0, prec_t=1, status="published_verified",
                                  extra=f"Inside corridor {c['slug']} while open."))
        for (a0_, b0_), (a1_, _) in zip(wins, wins[1:]):
            t = (b0_ + (a1_ - b0_) / 2).replace(microsecond=0)
            ev = ("Explosions/Remote violence", "Air/drone strike", IDF, None)
            incidents.append(make(rs, t, "truce", ev=ev, fat=0, prec_t=1, status="reported",
                                  extra=f"Inside corridor {c['slug']} while closed."))
    edge_sites = ["Khiam", "Kfar Kila", "Naqoura (town; UNIFIL HQ)", "Beaufort Castle (Qalaat al-Shaqif)",
                  "Zawtar al-Sharqieh", "Shukin (Choukine)", "Metula", "Bint Jbeil"]
    for tr in TRUCES:
        s0 = parse_t(tr["start"])
        ends = [parse_t(tr["end"])] + [parse_t(e["newEnd"]) for e in tr["extensions"]]
        for k, off in enumerate([-95, -25, 35, 140]):                      # minutes around the start
            s = by_loc[edge_sites[k % len(edge_sites)]]
            phase = "hostilities" if off < 0 else "truce"
            ev = ("Explosions/Remote violence", "Air/drone strike", IDF, HEZ) if off < 0 else \
                ("Strategic developments", "Other", UNIFIL, None)
            incidents.append(make(s, s0 + dt.timedelta(minutes=off, seconds=17 * (k + 1)), phase, ev=ev,
                                  fat=1 if off < 0 else 0, prec_t=1, status="published_verified"))
        for j, e in enumerate(ends):
            for k, off in enumerate([-50, 70]):                             # around original and extended ends
                s = by_loc[edge_sites[(4 + j + k) % len(edge_sites)]]
                ev = ("Strategic developments", "Looting/property destruction", IDF, CIV_LB) if s["side"] > 0 else \
                    ("Protests", "Peaceful protest", PROT_IL, None)
                incidents.append(make(s, e + dt.timedelta(minutes=off, seconds=23 * (k + 1)), "truce", ev=ev, fat=0,
                                      prec_t=1, status="published_verified"))

    # Targeted incidents inside each (approximate) retained-post area, after the posts were retained (F7).
    lb_sites = [s for s in sites if s["kind"] == "lb-border" and s["gaz"]]
    for slug, ring in post_rings:
        cen = (sum(p[0] for p in ring[:-1]) / (len(ring) - 1), sum(p[1] for p in ring[:-1]) / (len(ring) - 1))
        s = min(lb_sites, key=lambda x: haversine(cen, (x["lat"], x["lon"])))
        for k, (t0, t1, ev) in enumerate([
                (a1, a1 + da, ("Strategic developments", "Headquarters or base established", IDF, None)),
                (b0, b1, ("Strategic developments", "Looting/property destruction", IDF, CIV_LB))]):
            t = sample_time(t0, t1)
            for _ in range(2000):
                dist = 300 + rng.random() * 2700
                p = destination((s["lat"], s["lon"]), dist, rng.random() * 360)
                if point_in_ring(p, ring) and side_of_polyline(p, BLUE) == 1 and bounds.margin(p) >= 60:
                    break
            else:
                raise RuntimeError("cannot place an incident in " + slug)
            inc = make(s, t, "truce", ev=ev, fat=0, prec_t=1, prec_g=2, status="reported",
                       extra=f"Inside the approximate area of {slug}.")
            inc["lat"], inc["lon"] = p
            inc["props"]["geoPrecision"] = 2
            inc["props"]["approximate"] = True
            inc["props"]["method"] = (f"gazetteer point of '{s['location']}' moved by {dist:.0f} m of deterministic "
                                      f"jitter (seed {SEED}) into the approximate area {slug} (geoPrecision 2)")
            incidents.append(inc)

    incidents.sort(key=lambda i: (i["t"], i["props"]["location"], i["lat"], i["lon"]))
    feats = []
    for n, inc in enumerate(incidents, 1):
        inc["props"]["externalId"] = f"sample-{n:04d}"
        pr = inc["props"]
        if not clear_time(inc["t"]) or pr["subEventType"] not in ACLED[pr["eventType"]] or not (
                REGION_BBOX[0] <= inc["lon"] <= REGION_BBOX[2] and REGION_BBOX[1] <= inc["lat"] <= REGION_BBOX[3]):
            raise SystemExit(f"bad incident {pr}")
        feats.append(feature({"type": "Point", "coordinates": [rnd(inc["lon"]), rnd(inc["lat"])]}, inc["props"]))
    log(f"Incidents: {len(feats)}")
    for name, a, b, phase, count in buckets:
        k = sum(1 for i in incidents if a <= i["t"] < b)
        log(f"  {name:28s} [{fmt_t(a)}, {fmt_t(b)}): {k}")
    return feats


# ---------------------------------------------------------------------------------------------
def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.dirname(here), help="output folder (default: geodata/)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    log = (lambda *_: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    os.makedirs(args.out, exist_ok=True)

    lines, blue_len = build_lines(log)
    if not 85 <= blue_len <= 140:
        raise SystemExit(f"Blue Line length {blue_len:.1f} km outside 85-140 km: a section is missing or doubled")
    if blue_len < 100:
        log(f"NOTE: Blue Line {blue_len:.1f} km is below the ~120 km of F1 (fine windings not drawn; see method)")
    zones, area = build_zones(log)
    corridors = build_corridors(log)
    zone_rings = [[(la, lo) for lo, la in f["geometry"]["coordinates"][0]] for f in zones if f["geometry"]]
    post_rings = [(f["properties"]["slug"], [(la, lo) for lo, la in f["geometry"]["coordinates"][0]])
                  for f in zones if f["properties"]["kind"] == "retained_post"]
    incidents = build_incidents(log, zone_rings, post_rings)

    write_fc(os.path.join(args.out, "lines.geojson"), lines)
    write_fc(os.path.join(args.out, "zones.geojson"), zones)
    write_fc(os.path.join(args.out, "corridors.geojson"), corridors)
    write_fc(os.path.join(args.out, "incidents.geojson"), incidents)
    with open(os.path.join(args.out, "truces.json"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(TRUCES, ensure_ascii=False, indent=2) + "\n")
    log(f"Wrote lines, zones, corridors, truces, incidents to {args.out}")


if __name__ == "__main__":
    main()
